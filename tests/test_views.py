"""Views: bots, prefetches and repeats left out, hourly buckets, and the 많이 본 뉴스 page."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from starlette.requests import Request
from starlette.testclient import TestClient

from conftest import NOW, fill, make_article
from ranknews.settings import Settings
from ranknews.store import Store
from ranknews.store.schema import post_view_hours
from ranknews.web import create_app
from ranknews.web.viewcount import ViewCounter, is_bot

CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/131.0.0.0 Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
    " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
KAKAOTALK = (
    "Mozilla/5.0 (Linux; Android 14; SM-S921N Build/UP1A.231005.007; wv) AppleWebKit/537.36"
    " (KHTML, like Gecko) Version/4.0 Chrome/131.0.6778.39 Mobile Safari/537.36"
    " KAKAOTALK/10.8.5 (INAPP)"
)
SAMSUNG = (
    "Mozilla/5.0 (Linux; Android 14; SM-S928N) AppleWebKit/537.36 (KHTML, like Gecko)"
    " SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36"
)
HEADLESS = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
    " HeadlessChrome/131.0.6778.33 Safari/537.36"
)
BOTS = [
    "",
    "   ",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; Yeti/1.1; +https://naver.me/spd)",
    "Mozilla/5.0 (compatible; Daum/4.1; +http://cs.daum.net/faq/15/4118.html?faqId=28966) Daumoa",
    "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
    "ranknews/0.1 (Korean news board crawler)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "kakaotalk-scrap/1.0; +https://devtalk.kakao.com/",
    "Feedly/1.0 (+http://www.feedly.com/fetcher.html; like FeedFetcher-Google)",
    "curl/8.5.0",
    "Wget/1.21.4",
    "python-requests/2.32.3",
    "python-httpx/0.27.0",
    "Python/3.11 aiohttp/3.9.5",
    "Go-http-client/1.1",
    "okhttp/4.12.0",
    HEADLESS,
]


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


def request(
    ua: str | None = CHROME, ip: str = "203.0.113.7", headers: Mapping[str, str] | None = None
) -> Request:
    raw = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    if ua is not None:
        raw.append((b"user-agent", ua.encode()))
    scope: dict[str, Any] = {
        "type": "http",
        "method": "GET",
        "path": "/1",
        "query_string": b"",
        "headers": raw,
        "client": (ip, 50123),
    }
    return Request(scope)


class Recorder:
    """A ViewStore stand-in that records batches (and can fail)."""

    def __init__(self, fail: int = 0) -> None:
        self.fail = fail
        self.batches: list[tuple[datetime | None, dict[int, int]]] = []

    def add(self, counts: Mapping[int, int], *, hour: datetime | None = None) -> None:
        if self.fail:
            self.fail -= 1
            raise RuntimeError("database is down")
        self.batches.append((hour, dict(counts)))


def counter(clock: Clock, *, repeat: float = 30.0, **kw: Any) -> tuple[ViewCounter, Recorder]:
    rec = Recorder(**kw.pop("store_kw", {}))
    c = ViewCounter(rec, 5.0, repeat_minutes=repeat, now=clock, **kw)  # type: ignore[arg-type]
    return c, rec


# --- who counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("ua", BOTS)
def test_bots_and_empty_user_agents_are_not_counted(ua: str) -> None:
    c, _ = counter(Clock(NOW))
    assert is_bot(ua)
    assert c.hit(1, request(ua)) is False
    assert c.pending(1) == 0


def test_missing_user_agent_is_not_counted() -> None:
    c, _ = counter(Clock(NOW))
    assert c.hit(1, request(None)) is False
    assert c.pending(1) == 0


@pytest.mark.parametrize("ua", [CHROME, IPHONE, KAKAOTALK, SAMSUNG])
def test_browsers_are_counted(ua: str) -> None:
    c, _ = counter(Clock(NOW))
    assert not is_bot(ua)
    assert c.hit(1, request(ua)) is True
    assert c.pending(1) == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Purpose": "prefetch"},
        {"Sec-Purpose": "prefetch;prerender"},
        {"Purpose": "prefetch"},
        {"X-Moz": "prefetch"},
        {"X-Purpose": "preview"},
    ],
)
def test_prefetches_are_not_counted(headers: dict[str, str]) -> None:
    c, _ = counter(Clock(NOW))
    assert c.hit(1, request(headers=headers)) is False
    assert c.pending(1) == 0
    # The reader who then opens the page is counted.
    assert c.hit(1, request()) is True
    assert c.pending(1) == 1


def test_a_repeat_within_the_window_counts_once_and_again_after_it() -> None:
    clock = Clock(NOW)
    c, _ = counter(clock, repeat=30)
    assert c.hit(7, request()) is True
    clock.advance(minutes=10)
    assert c.hit(7, request()) is False
    clock.advance(minutes=19, seconds=59)
    assert c.hit(7, request()) is False  # 29:59 after the counted view
    assert c.pending(7) == 1
    clock.advance(seconds=1)
    assert c.hit(7, request()) is True  # 30 minutes after it
    assert c.pending(7) == 2
    clock.advance(minutes=5)
    assert c.hit(7, request()) is False  # the window starts again at the new view
    assert c.pending(7) == 2


def test_no_repeat_window_counts_every_view() -> None:
    c, _ = counter(Clock(NOW), repeat=0)
    assert [c.hit(1, request()) for _ in range(3)] == [True, True, True]
    assert c.pending(1) == 3


def test_different_clients_and_posts_are_counted_separately() -> None:
    c, _ = counter(Clock(NOW))
    assert c.hit(1, request(CHROME, "203.0.113.7")) is True
    assert c.hit(1, request(CHROME, "203.0.113.8")) is True  # another address
    assert c.hit(1, request(IPHONE, "203.0.113.7")) is True  # another browser, same address
    assert c.hit(2, request(CHROME, "203.0.113.7")) is True  # another post
    assert c.hit(1, request(CHROME, "203.0.113.8")) is False
    assert (c.pending(1), c.pending(2)) == (3, 1)


def test_the_repeat_memory_is_bounded_and_keeps_no_addresses() -> None:
    clock = Clock(NOW)
    c, _ = counter(clock, max_recent=3)
    for i in range(10):
        assert c.hit(1, request(ip=f"198.51.100.{i}")) is True
    assert c.remembered() == 3
    keys = list(c._recent)
    assert all(len(k) == 16 and b"198.51.100" not in k for k in keys)
    # The newest three are still known; the oldest was forgotten (and so counts again).
    assert c.hit(1, request(ip="198.51.100.9")) is False
    assert c.hit(1, request(ip="198.51.100.0")) is True
    assert c.remembered() == 3


def test_expired_clients_are_forgotten() -> None:
    clock = Clock(NOW)
    c, _ = counter(clock, repeat=30)
    for i in range(50):
        c.hit(i, request())
    assert c.remembered() == 50
    clock.advance(minutes=31)
    c.hit(99, request())
    assert c.remembered() == 1


# --- flushing and hourly buckets -----------------------------------------------------------


def test_flush_writes_one_batch_per_hour() -> None:
    clock = Clock(datetime(2026, 11, 25, 10, 59, 30, tzinfo=UTC))
    c, rec = counter(clock)
    c.hit(1, request(ip="192.0.2.1"))
    c.hit(1, request(ip="192.0.2.2"))
    c.hit(2, request(ip="192.0.2.1"))
    clock.advance(minutes=1)
    c.hit(1, request(ip="192.0.2.3"))
    assert c.pending(1) == 3
    assert c.flush() == 4
    assert rec.batches == [
        (datetime(2026, 11, 25, 10, tzinfo=UTC), {1: 2, 2: 1}),
        (datetime(2026, 11, 25, 11, tzinfo=UTC), {1: 1}),
    ]
    assert c.pending(1) == 0
    assert c.flush() == 0


def test_a_failed_flush_keeps_the_views() -> None:
    clock = Clock(NOW)
    c, rec = counter(clock, store_kw={"fail": 1})
    c.hit(1, request())
    assert c.flush() == 0
    assert c.pending(1) == 1
    assert c.flush() == 1
    assert rec.batches == [(NOW, {1: 1})]


def _hour_rows(store: Store) -> list[tuple[int, datetime, int]]:
    with store.engines.read.connect() as conn:
        q = select(post_view_hours).order_by(post_view_hours.c.post_number, post_view_hours.c.hour)
        return [(int(r.post_number), r.hour, int(r.views)) for r in conn.execute(q)]


def test_views_are_written_per_hour_for_existing_posts(store: Store) -> None:
    fill(store, 3)
    ten = datetime(2026, 11, 25, 10, tzinfo=UTC)
    store.views.add({1: 2, 3: 1, 404: 9}, hour=ten + timedelta(minutes=37, seconds=5))
    store.views.add({1: 1}, hour=ten + timedelta(minutes=59))
    store.views.add({1: 4}, hour=ten + timedelta(hours=1))
    assert _hour_rows(store) == [(1, ten, 3), (1, ten + timedelta(hours=1), 4), (3, ten, 1)]
    assert [store.board.post(n).views for n in (1, 2, 3)] == [7, 0, 1]


def test_counter_flushes_into_both_tables(store: Store) -> None:
    fill(store, 2)
    clock = Clock(datetime(2026, 11, 25, 10, 30, tzinfo=UTC))
    c = ViewCounter(store.views, 5.0, repeat_minutes=30, now=clock)
    c.hit(2, request(ip="192.0.2.1"))
    c.hit(2, request(ip="192.0.2.1"))  # a repeat
    c.hit(2, request(ip="192.0.2.2"))
    clock.advance(hours=1)
    c.hit(2, request(ip="192.0.2.1"))
    assert c.flush() == 3
    ten = datetime(2026, 11, 25, 10, tzinfo=UTC)
    assert _hour_rows(store) == [(2, ten, 2), (2, ten + timedelta(hours=1), 1)]
    assert store.board.post(2).views == 3


def test_most_viewed_over_24_hours_and_7_days(store: Store) -> None:
    fill(store, 6)
    hour = NOW.replace(minute=0)
    until = hour + timedelta(hours=1)
    store.views.add({1: 10}, hour=hour - timedelta(days=3))
    store.views.add({2: 4}, hour=hour - timedelta(hours=2))
    store.views.add({3: 3}, hour=hour - timedelta(hours=23))  # the oldest hour of 24
    store.views.add({3: 1}, hour=hour)  # 3 ties with 2 at 4 views: the newer post first
    store.views.add({4: 100}, hour=hour)  # hidden below
    store.views.add({5: 50}, hour=hour - timedelta(days=7, hours=1))  # before both windows
    store.views.add({6: 2}, hour=hour - timedelta(hours=24))  # just outside 24 hours
    store.board.set_flags(4, hidden=True)

    day = store.views.most_viewed(until - timedelta(hours=24), until, 50)
    assert [(row.number, n) for row, n in day] == [(3, 4), (2, 4)]
    week = store.views.most_viewed(until - timedelta(days=7), until, 50)
    assert [(row.number, n) for row, n in week] == [(1, 10), (3, 4), (2, 4), (6, 2)]
    top = store.views.most_viewed(until - timedelta(days=7), until, 2)
    assert [(row.number, n) for row, n in top] == [(1, 10), (3, 4)]
    row, _ = week[0]  # post 1 is the first article filled: make_article(0)
    assert (row.title, row.outlet, row.views) == ("기사 제목 0", "한빛일보", 10)
    assert store.views.most_viewed(until - timedelta(days=7), until, 0) == []


# --- the page ------------------------------------------------------------------------------


@pytest.fixture
def app_settings(settings: Settings) -> Settings:
    return settings.replace(page_cache_seconds=0)


@pytest.fixture
def client(sqlite_store: Store, app_settings: Settings) -> Iterator[TestClient]:
    app = create_app(app_settings, sqlite_store, now=lambda: NOW, start_background=False)
    with TestClient(app, headers={"User-Agent": CHROME}) as c:
        yield c


def table(html: str) -> list[list[str]]:
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    cells = []
    for r in rows:
        r = re.sub(r'<span class="meta-inline">.*?</span></span>', "", r, flags=re.S)
        tds = re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)
        cells.append([" ".join(re.sub(r"<[^>]+>", "", td).split()) for td in tds])
    return cells


def test_popular_page_ranks_the_last_24_hours_by_default(
    client: TestClient, sqlite_store: Store
) -> None:
    fill(sqlite_store, 4)
    hour = NOW.replace(minute=0)
    sqlite_store.views.add({1: 9}, hour=hour - timedelta(days=2))
    sqlite_store.views.add({2: 3, 3: 5}, hour=hour - timedelta(hours=1))
    for url in ("/popular", "/popular?period=24h", "/popular?period="):
        r = client.get(url)
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/html")
        rows = table(r.text)
        assert [row[0] for row in rows] == ["1", "2"]
        # post n holds make_article(n - 1)
        assert (rows[0][1], rows[0][2], rows[0][4]) == ("기사 제목 2", "한빛일보", "5")
        assert (rows[1][1], rows[1][2], rows[1][4]) == ("기사 제목 1", "누리경제", "3")
        assert '<a href="/3">' in r.text
        assert re.search(r'<a href="/popular\?period=24h" aria-current="page">24시간</a>', r.text)
        assert '<a href="/popular" aria-current="page">많이 본 뉴스</a>' in r.text
        header = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', r.text)
        assert header == ["순위", "제목", "언론사", "날짜", "조회 수"]
        assert "<caption" in r.text

    week = client.get("/popular?period=7d")
    assert week.status_code == 200
    assert [row[1] for row in table(week.text)] == ["기사 제목 0", "기사 제목 2", "기사 제목 1"]
    assert [row[4] for row in table(week.text)] == ["9", "5", "3"]
    assert re.search(r'<a href="/popular\?period=7d" aria-current="page">7일</a>', week.text)
    assert 'period=24h" aria-current' not in week.text


def test_popular_page_shows_at_most_fifty(client: TestClient, sqlite_store: Store) -> None:
    fill(sqlite_store, 55)
    sqlite_store.views.add({n: n for n in range(1, 56)}, hour=NOW)
    rows = table(client.get("/popular").text)
    assert len(rows) == 50
    assert (rows[0][0], rows[0][1], rows[0][4]) == ("1", "기사 제목 54", "55")
    assert (rows[-1][0], rows[-1][4]) == ("50", "6")


def test_popular_page_when_nothing_was_viewed(client: TestClient, sqlite_store: Store) -> None:
    fill(sqlite_store, 3)
    sqlite_store.views.add({1: 4}, hour=NOW - timedelta(days=2))
    r = client.get("/popular")
    assert r.status_code == 200
    assert "최근 24시간 동안 조회된 기사가 없습니다." in r.text
    assert "<table" not in r.text
    assert "기사 제목 0" in client.get("/popular?period=7d").text


def test_popular_page_escapes_titles(client: TestClient, sqlite_store: Store) -> None:
    hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    saved = sqlite_store.content.save_article(
        make_article(1, title=hostile, labels=("<b>단독</b>",)), now=NOW, writer="w"
    )
    sqlite_store.views.add({saved.number: 2}, hour=NOW)
    r = client.get("/popular")
    assert r.status_code == 200
    assert "<script>alert" not in r.text
    assert "<img src=x" not in r.text
    assert "<b>단독" not in r.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;img" in r.text
    assert "[&lt;b&gt;단독&lt;/b&gt;]" in r.text


@pytest.mark.parametrize(
    "query", ["period=1y", "period=24H", "period=%00", "period=24h&period=7d", "period=7d%20"]
)
def test_popular_page_refuses_an_unknown_period(client: TestClient, query: str) -> None:
    r = client.get(f"/popular?{query}")
    assert r.status_code == 400
    assert "기간은 24h 또는 7d여야 합니다." in r.text


def test_reading_articles_fills_the_popular_page(
    app_settings: Settings, sqlite_store: Store
) -> None:
    fill(sqlite_store, 3)
    app = create_app(app_settings, sqlite_store, now=lambda: NOW, start_background=False)
    one = TestClient(app, headers={"User-Agent": CHROME}, client=("192.0.2.1", 1000))
    other = TestClient(app, headers={"User-Agent": IPHONE}, client=("192.0.2.2", 1000))
    bot = TestClient(app, headers={"User-Agent": HEADLESS}, client=("192.0.2.3", 1000))
    prefetch = TestClient(app, headers={"User-Agent": CHROME, "Sec-Purpose": "prefetch"})
    with one, other, bot, prefetch:
        for c in (one, one, one, other, bot, bot, prefetch):
            assert c.get("/2").status_code == 200
        assert one.get("/3").status_code == 200
        assert one.get("/404").status_code == 404
        app.state.view_counter.flush()
        assert sqlite_store.board.post(2).views == 2
        rows = table(one.get("/popular").text)
        assert [(row[1], row[4]) for row in rows] == [("기사 제목 1", "2"), ("기사 제목 2", "1")]


def test_the_count_shown_includes_this_view_only_when_it_counted(
    app_settings: Settings, sqlite_store: Store
) -> None:
    fill(sqlite_store, 1)
    app = create_app(app_settings, sqlite_store, now=lambda: NOW, start_background=False)
    reader = TestClient(app, headers={"User-Agent": CHROME}, client=("192.0.2.1", 1000))
    bot = TestClient(app, headers={"User-Agent": HEADLESS}, client=("192.0.2.3", 1000))

    def shown(c: TestClient) -> int:
        found = re.search(r"<dt>조회 수</dt><dd>(\d+)</dd>", c.get("/1").text)
        assert found is not None
        return int(found.group(1))

    with reader, bot:
        assert shown(bot) == 0  # a bot's view is not counted, nor shown as counted
        assert shown(reader) == 1
        assert shown(reader) == 1  # a repeat within the window
        assert shown(bot) == 1
        app.state.view_counter.flush()
        assert shown(bot) == 1
