"""The search page and the search box, through the ASGI app over a real SQLite store."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

import htmlcheck
from conftest import NOW, fill, make_article
from ranknews.cli import main
from ranknews.settings import Settings
from ranknews.store import Store
from ranknews.web import create_app


@pytest.fixture
def client(sqlite_store: Store, settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, sqlite_store, now=lambda: NOW, start_background=False)
    with TestClient(app) as c:
        yield c


def test_list_and_article_pages_have_the_search_box_under_the_pager(
    client: TestClient, sqlite_store: Store
) -> None:
    fill(sqlite_store, 3)
    for url, section in (("/", None), ("/?section=politics", "politics"), ("/2", None)):
        html = client.get(url).text
        assert html.index('class="pager"') < html.index('class="board-search"')
        form = html[html.index('<form class="board-search"') :]
        assert 'action="/search"' in form
        for value, label in (
            ("title", "제목"),
            ("content", "내용"),
            ("title_content", "제목+내용"),
            ("writer", "글쓴이"),
        ):
            assert f'<option value="{value}"' in form
            assert f">{label}</option>" in form
        if section:
            assert f'name="section" value="{section}"' in form


def test_results_are_board_rows_with_marked_titles(client: TestClient, sqlite_store: Store) -> None:
    fill(sqlite_store, 3)
    sqlite_store.content.save_article(
        make_article(9, title="서울시 AI 인재 양성"), now=NOW, writer="랭크뉴스"
    )
    r = client.get("/search?q=" + quote("서울 ai") + "&target=title")
    assert r.status_code == 200
    assert "<mark>서울</mark>시 <mark>AI</mark> 인재 양성" in r.text
    assert '<td class="no">4</td>' in r.text
    assert "1건" in r.text
    assert '<option value="title" selected>' in r.text
    assert 'value="서울 ai"' in r.text


def test_a_script_query_is_escaped(client: TestClient, sqlite_store: Store) -> None:
    sqlite_store.content.save_article(
        make_article(1, title="<script>alert(1)</script> 보안"), now=NOW, writer="랭크뉴스"
    )
    r = client.get("/search?q=" + quote("<script>") + "&target=title")
    assert r.status_code == 200
    assert "<script>" not in r.text
    # the term is the word inside the brackets; every piece of the title is escaped
    assert "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; 보안" in r.text
    assert "&lt;script&gt;" in r.text.split("<title>")[1].split("</title>")[0]


def test_the_pager_keeps_the_query(client: TestClient, sqlite_store: Store) -> None:
    fill(sqlite_store, 45)
    r = client.get("/search?q=" + quote("문단") + "&target=content&section=politics")
    assert "23건" in r.text  # politics: even i, 23 of 45
    links = re.findall(r'<a href="(/search\?[^"]+)">2</a>', r.text)
    assert links == [
        "/search?q=%EB%AC%B8%EB%8B%A8&amp;target=content&amp;section=politics&amp;page=2"
    ]
    page2 = client.get(links[0].replace("&amp;", "&"))
    assert page2.status_code == 200
    assert "2/2쪽" in page2.text


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/search", 400),
        ("/search?q=", 400),
        ("/search?q=%20%20", 400),
        ("/search?q=-" + quote("서울"), 400),
        ("/search?q=" + quote("!!!"), 400),
        ("/search?q=" + quote("가" * 101), 400),
        ("/search?q=a&target=everything", 400),
        ("/search?q=a&target=", 200),
        ("/search?q=a&page=0", 400),
        ("/search?q=a&page=abc", 400),
        ("/search?q=a&page=99", 404),
        ("/search?q=a&section=BAD!", 400),
        ("/search?q=a&section=nowhere", 404),
        ("/search?q=" + quote('"unterminated'), 200),
    ],
)
def test_malformed_search_requests_are_400_never_500(
    client: TestClient, sqlite_store: Store, url: str, status: int
) -> None:
    fill(sqlite_store, 3)
    r = client.get(url)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html")


def test_cli_search_prints_stable_json(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    from ranknews.settings import Settings as S
    from ranknews.store import open_store

    data = Path(str(tmp_path)) / "data"
    store = open_store(S.load(environ={}, overrides={"data_dir": data}))
    fill(store, 4)
    store.close()
    assert (
        main(
            [
                "search",
                "문단",
                "--target",
                "content",
                "--limit",
                "2",
                "--json",
                "--data-dir",
                str(data),
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == 4
    assert [h["number"] for h in out["hits"]] == [4, 3]
    assert set(out["hits"][0]) == {"number", "title", "outlet", "published"}
    assert out["hits"][0]["published"].endswith("+09:00")
    assert main(["search", "문단", "--section", "politics", "--json", "--data-dir", str(data)]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 2
    assert main(["search", "", "--data-dir", str(data)]) == 2
    assert main(["search", "--backfill", "--data-dir", str(data)]) == 0
    assert "indexed 0 posts; 0 left" in capsys.readouterr().out


def test_search_pages_are_valid_html(
    client: TestClient, sqlite_store: Store, tmp_path: Path
) -> None:
    htmlcheck.java()
    fill(sqlite_store, 45)
    sqlite_store.content.save_article(
        make_article(90, title="<b>서울</b> & AI"), now=NOW, writer="랭크뉴스"
    )
    files = []
    for name, url in {
        "search.html": "/search?q=" + quote("서울 ai -부산"),
        "search-2.html": "/search?q=" + quote("문단") + "&target=content&section=politics&page=2",
        "search-empty.html": "/search?q=" + quote('"없는 말"'),
    }.items():
        path = tmp_path / name
        r = client.get(url)
        assert r.status_code == 200
        path.write_text(r.text, "utf-8")
        files.append(path)
    assert htmlcheck.problems(files) == []
