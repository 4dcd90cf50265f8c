"""Every board page through the ASGI app, over a real SQLite store."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from starlette.testclient import TestClient

from conftest import NOW, fill, make_article
from ranknews.settings import Settings
from ranknews.store import Store
from ranknews.web import create_app


@pytest.fixture
def client(sqlite_store: Store, settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, sqlite_store, now=lambda: NOW, start_background=False)
    with TestClient(app) as c:
        yield c


def rows(html: str) -> list[list[str]]:
    """The board table body as lists of cell texts."""

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[list[str]] = []
            self.in_body = False
            self.cell: list[str] | None = None
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "tbody":
                self.in_body = True
            elif self.in_body and tag == "tr":
                self.rows.append([])
            elif self.in_body and tag == "td":
                self.cell = []
            elif tag == "span" and (self.skip or ("class", "meta-inline") in attrs):
                self.skip += 1  # the phone-only meta line is not a cell of its own

        def handle_endtag(self, tag: str) -> None:
            if tag == "tbody":
                self.in_body = False
            elif tag == "td" and self.cell is not None:
                self.rows[-1].append(" ".join("".join(self.cell).split()))
                self.cell = None
            elif tag == "span" and self.skip:
                self.skip -= 1

        def handle_data(self, data: str) -> None:
            if self.cell is not None and not self.skip:
                self.cell.append(data)

    parser = Cells()
    parser.feed(html)
    return parser.rows


def test_list_page_shows_twenty_rows_newest_first(client: TestClient, sqlite_store: Store) -> None:
    fill(sqlite_store, 45)
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    table = rows(r.text)
    assert len(table) == 20
    assert [row[0] for row in table] == [str(n) for n in range(45, 25, -1)]
    header = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', r.text)
    assert header == ["번호", "제목", "글쓴이", "날짜", "조회 수"]
    assert table[0][2] == "랭크뉴스"


def test_dates_show_time_for_today_and_date_before(client: TestClient, sqlite_store: Store) -> None:
    # 06:00 UTC on 2026-11-25 is 15:00 KST; 16:00 UTC the day before is 01:00 KST on the 25th.
    sqlite_store.content.save_article(make_article(1), now=NOW - timedelta(days=3), writer="w")
    sqlite_store.content.save_article(make_article(2), now=NOW - timedelta(hours=14), writer="w")
    sqlite_store.content.save_article(make_article(3), now=NOW - timedelta(hours=16), writer="w")
    table = rows(client.get("/").text)
    assert [row[3] for row in table] == ["2026.11.24", "01:00", "2026.11.22"]


def test_pager_has_ten_links_and_first_last(client: TestClient, sqlite_store: Store) -> None:
    fill(sqlite_store, 20 * 23 + 5)  # 24 pages
    html = client.get("/?page=12").text
    pager = html[html.index('<nav class="pager"') :]
    pager = pager[: pager.index("</nav>")]
    assert re.findall(r">(\d+)<", pager) == [str(n) for n in range(11, 21)]
    assert '<strong aria-current="page">12</strong>' in pager
    assert 'href="/?page=1">&laquo; 첫 페이지' in pager
    assert 'href="/?page=24">끝 페이지' in pager
    assert 'href="/?page=10"' in pager  # previous block
    assert 'href="/?page=21"' in pager  # next block
    last = rows(client.get("/?page=24").text)
    assert [row[0] for row in last] == ["5", "4", "3", "2", "1"]


def test_section_tabs_filter_the_list(client: TestClient, sqlite_store: Store) -> None:
    fill(sqlite_store, 10)
    html = client.get("/?section=politics").text
    assert [row[0] for row in rows(html)] == ["9", "7", "5", "3", "1"]
    assert '<a href="/?section=politics" aria-current="page">정치</a>' in html
    assert 'href="/9?section=politics"' in html


def test_notices_are_pinned_with_a_label(client: TestClient, sqlite_store: Store) -> None:
    fill(sqlite_store, 25)
    sqlite_store.board.set_flags(3, notice=True)
    for page in ("/", "/?page=2"):
        table = rows(client.get(page).text)
        assert table[0][0] == "공지"
        assert table[0][1].startswith("기사 제목 2")
    assert len(rows(client.get("/").text)) == 21


def test_article_page_shows_the_post_and_its_list_with_raquo(
    client: TestClient, sqlite_store: Store
) -> None:
    fill(sqlite_store, 50)
    r = client.get("/17")
    assert r.status_code == 200
    html = r.text
    assert '<h1 class="post-title">기사 제목 16</h1>' in html
    assert '사진 설명 16. <span class="credit">한결통신</span>' in html
    table = rows(html)
    # post 17 sits on page 2 (50..31 on page 1, 30..11 on page 2)
    assert [row[0] for row in table] == ["»" if n == 17 else str(n) for n in range(30, 10, -1)]
    assert '<tr class="current" aria-current="true">' in html
    assert '<strong aria-current="page">2</strong>' in html
    assert 'href="/18">기사 제목 17</a>' in html  # 다음 글
    assert 'href="/16">기사 제목 15</a>' in html  # 이전 글
    assert "2026.11.22 03:00" in html  # 입력 in KST (18:00 UTC the day before)


def test_article_in_a_section_lists_that_section(client: TestClient, sqlite_store: Store) -> None:
    fill(sqlite_store, 50)
    table = rows(client.get("/17?section=economy").text)
    assert all(int(row[0]) % 2 == 0 for row in table if row[0] != "»")
    assert sum(row[0] == "»" for row in table) == 0  # 17 is a politics post
    table = rows(client.get("/17?section=politics").text)
    assert sum(row[0] == "»" for row in table) == 1


def test_every_field_is_escaped(client: TestClient, sqlite_store: Store) -> None:
    evil = '<script>alert("x")</script>'
    sqlite_store.content.save_article(
        make_article(1, title=evil, byline=evil, labels=(evil,)), now=NOW, writer=evil
    )
    for url in ("/", "/1"):
        html = client.get(url).text
        assert "<script>" not in html
        assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/?page=abc", 400),
        ("/?page=-5", 400),
        ("/?page=0", 400),
        ("/?page=1.5", 400),
        ("/?page=1000000000000", 400),
        ("/?page=%00", 400),
        ("/?page=%ED%95%9C", 400),
        ("/?page=99", 404),
        ("/?section=nope", 404),
        ("/?section=%3Cscript%3E", 400),
        ("/?" + "a=" + "x" * 5000, 400),
        ("/99999", 404),
        ("/0", 404),
        ("/" + "9" * 40, 404),
        ("/abc", 404),
        ("/17?section=../../etc", 400),
        ("/static/../../settings.py", 404),
    ],
)
def test_malformed_requests_get_an_error_page_never_500(
    client: TestClient, sqlite_store: Store, url: str, status: int
) -> None:
    fill(sqlite_store, 30)
    r = client.get(url)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html")
    assert '<html lang="ko">' in r.text or "잘못된 요청" in r.text


def test_hidden_post_is_gone(client: TestClient, sqlite_store: Store) -> None:
    fill(sqlite_store, 5)
    sqlite_store.board.set_flags(3, hidden=True)
    assert client.get("/3").status_code == 404
    assert "기사 제목 2<" not in client.get("/").text


def test_views_are_counted_and_flushed(
    settings: Settings, sqlite_store: Store, client: TestClient
) -> None:
    fill(sqlite_store, 3)
    for reader in range(3):  # three readers (a repeat by one reader counts once)
        client.get("/2", headers={"user-agent": f"Mozilla/5.0 reader {reader}"})
    client.get("/2", headers={"user-agent": "Mozilla/5.0 reader 0"})
    # 3 earlier views still pending in memory, plus this one
    page = client.get("/2", headers={"user-agent": "Mozilla/5.0 reader 3"}).text
    assert "<dd>4</dd>" in page.split("조회 수</dt>")[1][:20]
    client.app.state.view_counter.flush()  # type: ignore[attr-defined]
    assert sqlite_store.board.post(2).views == 4


def test_list_pages_are_cached_briefly(client: TestClient, sqlite_store: Store) -> None:
    fill(sqlite_store, 3)
    first = client.get("/").text
    sqlite_store.content.save_article(make_article(9), now=NOW, writer="w")
    assert client.get("/").text == first  # served from the cache
    client.app.state.cache.clear()  # type: ignore[attr-defined]
    assert "기사 제목 9" in client.get("/").text


def test_security_headers(client: TestClient, sqlite_store: Store) -> None:
    fill(sqlite_store, 1)
    r = client.get("/1")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_skip_link_is_the_first_focusable_element(client: TestClient, sqlite_store: Store) -> None:
    fill(sqlite_store, 1)
    for url in ("/", "/1", "/nope"):
        html = client.get(url).text
        body = html[html.index("<body>") :]
        first = re.search(r"<(a|button|input|select|textarea)\b[^>]*>([^<]*)", body)
        assert first is not None
        assert first.group(2) == "메뉴 건너뛰기"
        assert 'href="#content"' in first.group(0)
        assert '<main id="content"' in html
