"""From an outlet's feed to a post: the whole path against real servers on 127.0.0.1."""

from __future__ import annotations

import logging
import random
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ranknews import pipeline
from ranknews.analysis import Analysis, Analyzer
from ranknews.cli.crawl import add_source, open_crawler, refresh_one
from ranknews.demo.run import crawl_settings, register_demo_sources
from ranknews.demo.site import create_site_app, load_articles, load_outlets
from ranknews.errors import StoreError
from ranknews.extract_pool import ExtractPool, InlineExtractor
from ranknews.models import Source
from ranknews.pipeline import next_interval, refresh_sources
from ranknews.settings import Settings
from ranknews.sources import Entry
from ranknews.store import Store, open_store
from ranknews.threads import BackgroundServer, free_port
from ranknews.worker import run_pass

KST_OFFSET = "+09:00"


@pytest.fixture(scope="module")
def demo_site() -> Iterator[str]:
    port = free_port("127.0.0.1")
    base = f"http://127.0.0.1:{port}"
    server = BackgroundServer(create_site_app(base), "127.0.0.1", port).start()
    try:
        yield base
    finally:
        server.stop()


@pytest.fixture
def crawl_store(tmp_path: Path) -> Iterator[tuple[Settings, Store]]:
    settings = crawl_settings(
        Settings.load(environ={}, overrides={"data_dir": tmp_path / "data", "max_retries": 0})
    )
    store = open_store(settings)
    try:
        yield settings, store
    finally:
        store.close()


def test_crawling_the_demo_site_stores_every_article(
    demo_site: str, crawl_store: tuple[Settings, Store]
) -> None:
    settings, store = crawl_store
    assert register_demo_sources(settings, store, demo_site) == len(load_outlets())
    with open_crawler(settings, store) as crawler:
        reports = run_pass(crawler, include_not_due=True)
    assert all(r.status == "ok" for r in reports), reports
    truth = load_articles()
    assert sum(r.new for r in reports) == len(truth)
    # Wire copies (the same 한결통신 report carried by another outlet) are listed under the
    # original's post, not posted again.
    copies = [a for a in truth if a.wire_of is not None]
    assert len(copies) == 10
    assert store.board.count() == len(truth) - len(copies)

    by_title = {a.title: a for a in truth if a.wire_of is None}
    published = []
    matched = 0
    for number in range(1, store.board.count() + 1):
        post = store.board.post(number)
        expected = by_title.get(post.title)
        published.append(post.published)
        if (
            expected is not None
            and post.published == expected.published
            and [p.caption for p in post.photos] == [p.caption for p in expected.photos]
        ):
            matched += 1
    assert matched / store.board.count() >= 0.97
    # Board numbers follow publication order across outlets.
    assert published == sorted(published)

    numbers = {store.board.post(n).title: n for n in range(1, store.board.count() + 1)}
    originals = {a.id: a for a in truth}
    outlet_names = {o.slug: o.name for o in load_outlets()}
    for copy in copies:
        assert copy.wire_of is not None
        original = originals[copy.wire_of]
        listed = store.stories.post_story(numbers[original.title], related=0).copies
        assert outlet_names[copy.outlet] in [c.outlet for c in listed]
        first = [c for c in listed if c.first]
        assert len(first) == 1
        assert first[0].published == min(original.published, copy.published)


def test_a_second_pass_is_conditional_and_adds_nothing(
    demo_site: str, crawl_store: tuple[Settings, Store]
) -> None:
    settings, store = crawl_store
    register_demo_sources(settings, store, demo_site)
    with open_crawler(settings, store) as crawler:
        run_pass(crawler, include_not_due=True)
        before = store.board.count()
        again = run_pass(crawler, include_not_due=True)
    assert {r.status for r in again} == {"not_modified"}
    assert store.board.count() == before
    assert all(s.etag for s in store.sources.all())
    assert all(s.next_fetch_at is not None for s in store.sources.all())


class MutableSite:
    """A one-outlet site whose feed and pages a test can change between passes."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self.feed_status = 200
        self.feed_body: str | None = None
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()

    def article(self, slug: str, title: str, when: datetime, body: str) -> None:
        # Each article's own words, so that two test articles are not near copies of each
        # other (the store lists a near copy under the first post instead of posting it).
        rng = random.Random(slug)
        words = [
            "".join(chr(0xAC00 + rng.randrange(11172)) for _ in range(rng.randint(2, 4)))
            for _ in range(80)
        ]
        paragraphs = "".join(
            f"<p>{body} {i}번째 문단입니다. {' '.join(words[i * 10 : i * 10 + 10])}.</p>"
            for i in range(8)
        )
        self.pages[slug] = f"""<!doctype html><html lang="ko"><head><meta charset="utf-8">
<title>{title} - 시험일보</title><meta property="og:site_name" content="시험일보">
<meta property="article:published_time" content="{when.isoformat()}">
<link rel="canonical" href="/news/{slug}.html"></head><body><article><h1>{title}</h1>
<p class="byline">김시험 기자</p>{paragraphs}</article></body></html>"""

    def feed(self, base: str) -> str:
        items = "".join(
            f"<item><title>{slug}</title><link>{base}/news/{slug}.html</link>"
            f"<guid>{base}/news/{slug}.html</guid>"
            f"<pubDate>{format_datetime(datetime(2026, 11, 20, 9, i, tzinfo=UTC))}</pubDate></item>"
            for i, slug in enumerate(sorted(self.pages))
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>시험일보</title><link>{base}/</link>{items}</channel></rss>"
        )

    def app(self, base: str) -> Starlette:
        async def feed(request: Request) -> Response:
            self._hit("feed")
            if self.feed_status != 200:
                return Response("unavailable", status_code=self.feed_status)
            body = self.feed_body if self.feed_body is not None else self.feed(base)
            return Response(body, media_type="application/rss+xml")

        async def page(request: Request) -> Response:
            slug = request.path_params["slug"]
            self._hit(slug)
            if slug not in self.pages:
                return Response("없음", status_code=404)
            return Response(self.pages[slug], media_type="text/html; charset=utf-8")

        return Starlette(routes=[Route("/rss.xml", feed), Route("/news/{slug}.html", page)])

    def _hit(self, key: str) -> None:
        with self.lock:
            self.hits[key] = self.hits.get(key, 0) + 1


@pytest.fixture
def mutable_site() -> Iterator[tuple[MutableSite, str]]:
    site = MutableSite()
    port = free_port("127.0.0.1")
    base = f"http://127.0.0.1:{port}"
    server = BackgroundServer(site.app(base), "127.0.0.1", port).start()
    try:
        yield site, base
    finally:
        server.stop()


WHEN = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_an_updated_article_keeps_its_number(
    mutable_site: tuple[MutableSite, str], crawl_store: tuple[Settings, Store]
) -> None:
    site, base = mutable_site
    settings, store = crawl_store
    site.article("a", "첫 기사 제목", WHEN, "첫 기사")
    site.article("b", "둘째 기사 제목", WHEN + timedelta(minutes=5), "둘째 기사")
    add_source(settings, store, f"{base}/rss.xml")
    assert refresh_one(settings, store, "1").new == 2
    site.article("a", "첫 기사 제목 (고침)", WHEN, "고친 첫 기사")
    # The feed does not say the article changed: fetching the page again is what updates it.
    with open_crawler(settings, store) as crawler:
        from ranknews.pipeline import ingest_url

        stored = ingest_url(crawler, f"{base}/news/a.html")
    assert (stored.number, stored.created) == (1, False)
    assert store.board.post(1).title == "첫 기사 제목 (고침)"
    assert store.board.count() == 2


def test_in_the_crawl_threads_a_page_is_analysed_once_and_a_failure_logged(
    mutable_site: tuple[MutableSite, str],
    crawl_store: tuple[Settings, Store],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Without extraction processes the page is extracted and analysed in one call, in the
    crawl thread; an analysis that fails is logged and the article stored without a story."""
    site, base = mutable_site
    settings, store = crawl_store
    site.article("a", "분석 기사 제목", WHEN, "분석 기사")
    site.article("b", "실패 기사 제목", WHEN, "실패 기사")
    real_analyze = Analyzer.analyze
    calls: list[str] = []

    def counting_analyze(self: Analyzer, title: str, body: str) -> Analysis:
        calls.append(title)
        return real_analyze(self, title, body)

    def failing_analyze(self: Analyzer, title: str, body: str) -> Analysis:
        raise RuntimeError("tokenizer broke")

    with open_crawler(settings, store) as crawler:
        assert isinstance(crawler.extractor, InlineExtractor)
        monkeypatch.setattr(Analyzer, "analyze", counting_analyze)
        article, analysis = pipeline.fetch_analyzed(crawler, f"{base}/news/a.html")
        assert analysis is not None
        assert calls == [article.title] == ["분석 기사 제목"]
        monkeypatch.setattr(Analyzer, "analyze", failing_analyze)
        with caplog.at_level(logging.ERROR, logger="ranknews.pipeline"):
            stored = pipeline.ingest_url(crawler, f"{base}/news/b.html")
    assert [r.getMessage() for r in caplog.records] == [
        f"analysis failed url={base}/news/b.html; stored without story"
    ]
    assert store.board.post(stored.number).title == "실패 기사 제목"
    assert store.stories.story_id_of(stored.number) is None


def test_a_broken_feed_marks_that_source_only(
    mutable_site: tuple[MutableSite, str],
    demo_site: str,
    crawl_store: tuple[Settings, Store],
) -> None:
    site, base = mutable_site
    settings, store = crawl_store
    settings = settings.replace(max_consecutive_failures=2)
    site.article("a", "정상 기사 제목", WHEN, "정상 기사")
    broken = add_source(settings, store, f"{base}/rss.xml")
    register_demo_sources(settings, store, demo_site)
    site.feed_body = "<html><body>이것은 피드가 아닙니다</body></html>"  # nor an article
    with open_crawler(settings, store) as crawler:
        reports = run_pass(crawler, include_not_due=True)
        statuses = {r.source_id: r.status for r in reports}
        assert statuses[broken.id] == "failed"
        assert [statuses[s.id] for s in store.sources.all() if s.id != broken.id] == ["ok"] * 6
        site.feed_status = 500
        reports = run_pass(crawler, include_not_due=True)
        assert {r.source_id: r.status for r in reports}[broken.id] == "failed"
    after = store.sources.get(broken.id)
    assert after.consecutive_errors == 2
    assert after.status == "disabled"
    assert "HTTPStatusError" in (after.last_error or "")
    assert all(s.status == "active" for s in store.sources.all() if s.id != broken.id)
    # A manual refresh that succeeds re-enables it.
    site.feed_status, site.feed_body = 200, None
    assert refresh_one(settings, store, str(broken.id)).status == "ok"
    assert store.sources.get(broken.id).status == "active"


def test_a_crash_midway_loses_nothing(
    mutable_site: tuple[MutableSite, str],
    crawl_store: tuple[Settings, Store],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site, base = mutable_site
    settings, store = crawl_store
    for i in range(6):
        site.article(f"n{i}", f"기사 제목 {i}번", WHEN + timedelta(minutes=i), f"기사 {i}")
    add_source(settings, store, f"{base}/rss.xml", kind="feed")
    real_save = store.content._save
    calls = 0

    def crashing_save(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise StoreError("disk gone")
        return real_save(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store.content, "_save", crashing_save)
    with open_crawler(settings, store) as crawler, pytest.raises(StoreError):
        run_pass(crawler, include_not_due=True)
    # Articles ready together are stored in one transaction: the fourth one's group is gone
    # whole, the groups before it are stored whole, nothing is half-written.
    kept = store.board.count()
    assert kept <= 3
    with store.engines.read.connect() as conn:
        for table in ("articles", "article_bodies", "posts", "story_posts"):
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == kept
    assert store.sources.get(1).etag is None  # nothing recorded: the pass will be redone
    assert store.sources.get(1).lease_until is None  # the lease was given back
    monkeypatch.setattr(store.content, "_save", real_save)
    with open_crawler(settings, store) as crawler:
        reports = run_pass(crawler, include_not_due=True)
    assert (reports[0].new, reports[0].unchanged) == (6 - kept, kept)
    assert store.board.count() == 6


def test_fetching_stays_a_bounded_distance_ahead_of_storing(
    mutable_site: tuple[MutableSite, str],
    crawl_store: tuple[Settings, Store],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When storing is slower than fetching, fetched articles wait in memory only up to a bound
    (AHEAD_PER_THREAD x crawl_concurrency, at least 2 groups), and are stored in groups,
    oldest first."""
    site, base = mutable_site
    settings, store = crawl_store
    settings = settings.replace(crawl_concurrency=1)
    for i in range(40):  # the feed dates its items in the order of their names
        site.article(f"n{i:02d}", f"기사 제목 {i}번", WHEN + timedelta(minutes=i), f"기사 {i}")
    add_source(settings, store, f"{base}/rss.xml", kind="feed")
    monkeypatch.setattr(pipeline, "STORE_GROUP", 2)
    monkeypatch.setattr(pipeline, "AHEAD_PER_THREAD", 4)
    started = 0
    real_fetch = pipeline.fetch_analyzed

    def counting_fetch(*args: object, **kwargs: object) -> object:
        nonlocal started
        started += 1
        return real_fetch(*args, **kwargs)  # type: ignore[arg-type]

    real_save = store.content.save_articles
    stored = 0
    ahead: list[int] = []
    sizes: list[int] = []

    def slow_save(items: list[object], **kwargs: object) -> object:
        nonlocal stored
        time.sleep(0.05)  # slower than fetching a page from 127.0.0.1
        ahead.append(started - stored)
        sizes.append(len(items))
        done = real_save(items, **kwargs)  # type: ignore[arg-type]
        stored += len(items)
        return done

    monkeypatch.setattr(pipeline, "fetch_analyzed", counting_fetch)
    monkeypatch.setattr(store.content, "save_articles", slow_save)
    with open_crawler(settings, store) as crawler:
        reports = run_pass(crawler, include_not_due=True)
    assert reports[0].new == 40
    assert max(ahead) <= 4  # max(2 x STORE_GROUP, AHEAD_PER_THREAD x crawl_concurrency)
    assert max(sizes) == 2  # articles ready together are stored together, 2 at most here
    titles = [store.board.post(n).title for n in range(1, 41)]
    assert titles == [f"기사 제목 {i}번" for i in range(40)]


def test_an_article_address_as_a_source_is_recorded_as_a_page(
    mutable_site: tuple[MutableSite, str], crawl_store: tuple[Settings, Store]
) -> None:
    """A page source, and an ``auto`` source whose address holds an article rather than a feed,
    store that article and are fetched again at the longest interval, keeping no validators."""
    site, base = mutable_site
    settings, store = crawl_store
    site.article("a", "페이지 기사 제목", WHEN, "페이지 기사")
    site.article("b", "자동 기사 제목", WHEN + timedelta(minutes=5), "자동 기사")
    page = add_source(settings, store, f"{base}/news/a.html", kind="page")
    auto = add_source(settings, store, f"{base}/news/b.html")
    with open_crawler(settings, store) as crawler:
        reports = run_pass(crawler, include_not_due=True)
    assert [(r.source_id, r.status, r.new) for r in reports] == [
        (page.id, "ok", 1),
        (auto.id, "ok", 1),
    ]
    longest = timedelta(minutes=settings.max_interval_minutes)
    for source in (store.sources.get(page.id), store.sources.get(auto.id)):
        assert source.kind == "page"
        assert source.interval_minutes == settings.max_interval_minutes
        assert (source.etag, source.last_modified) == (None, None)
        assert source.last_fetch_at is not None
        assert source.next_fetch_at == source.last_fetch_at + longest
    assert [store.board.post(n).title for n in (1, 2)] == ["페이지 기사 제목", "자동 기사 제목"]


def test_a_source_held_by_another_worker_is_skipped(
    mutable_site: tuple[MutableSite, str], crawl_store: tuple[Settings, Store]
) -> None:
    site, base = mutable_site
    settings, store = crawl_store
    site.article("a", "기사 제목 하나", WHEN, "기사")
    source = add_source(settings, store, f"{base}/rss.xml")
    now = datetime.now(UTC)
    assert store.sources.claim(
        source.id, owner="elsewhere", now=now, until=now + timedelta(hours=1)
    )
    with open_crawler(settings, store) as crawler:
        assert run_pass(crawler, include_not_due=True) == []
    assert site.hits.get("feed") is None


def _source(interval: int) -> Source:
    now = datetime(2026, 11, 25, tzinfo=UTC)
    return Source(
        id=1, url="http://x.example/rss", kind="rss", title="", section_slug=None,
        interval_minutes=interval, status="active", consecutive_errors=0, last_error=None,
        etag=None, last_modified=None, last_fetch_at=None, next_fetch_at=None,
        last_success_at=None, articles_seen=0, created_at=now,
    )  # fmt: skip


def _entries(gap_minutes: int, count: int) -> list[Entry]:
    start = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    return [
        Entry(
            url=f"http://x.example/{i}",
            guid=str(i),
            title="t",
            summary="",
            authors=(),
            section="",
            image=None,
            updated=None,
            published=start - timedelta(minutes=gap_minutes * i),
        )
        for i in range(count)
    ]


def test_the_interval_follows_the_publishing_rhythm() -> None:
    settings = Settings.load(environ={})
    assert next_interval(_source(15), _entries(20, 10), 3, settings) == 10
    assert next_interval(_source(15), _entries(2, 10), 3, settings) == 5  # clamped to the minimum
    assert next_interval(_source(15), _entries(2000, 10), 1, settings) == 360  # the maximum
    assert next_interval(_source(40), _entries(20, 10), 0, settings) == 60  # nothing new: slower
    assert next_interval(_source(15), [], 0, settings) == 22


def test_refresh_sources_of_nothing_is_nothing(crawl_store: tuple[Settings, Store]) -> None:
    settings, store = crawl_store
    with open_crawler(settings, store) as crawler:
        assert refresh_sources(crawler, []) == []


def test_extraction_in_worker_processes_gives_the_same_board(
    demo_site: str, crawl_store: tuple[Settings, Store]
) -> None:
    settings, store = crawl_store
    settings = settings.replace(extract_processes=2)
    register_demo_sources(settings, store, demo_site)
    with open_crawler(settings, store) as crawler:
        assert isinstance(crawler.extractor, ExtractPool)
        reports = run_pass(crawler, include_not_due=True)
    assert sum(r.new for r in reports) == len(load_articles())
    titles = {store.board.post(n).title for n in range(1, store.board.count() + 1)}
    assert titles == {a.title for a in load_articles() if a.wire_of is None}
    # Every article was analysed in the processes: copies found, every post in a story.
    with store.engines.read.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM wire_copies")).scalar_one() == 10
        placed = conn.execute(text("SELECT count(*) FROM story_posts")).scalar_one()
    assert placed == store.board.count()


def test_with_extraction_processes_the_crawl_process_never_loads_the_tokenizer() -> None:
    """Pages are extracted and analysed in the processes, and so are articles analysed again:
    the tokenizer loads there, never in the process that crawls."""
    script = textwrap.dedent(
        """
        import sys
        from ranknews.extract import load_rules
        from ranknews.extract_pool import open_extractor

        paragraphs = "".join(
            f"<p>서울시가 오늘 새 교통 정책을 발표했다. {i}번째 문단은 정책의 내용을 설명한다.</p>"
            for i in range(8)
        )
        page = (
            '<!doctype html><html lang="ko"><head><meta charset="utf-8">'
            "<title>교통 정책 발표</title></head><body><article><h1>교통 정책 발표</h1>"
            f"{paragraphs}</article></body></html>"
        )
        extractor = open_extractor(1, rules=load_rules(), body_chars=600, tokenizer="mecab")
        try:
            extracted, analysis = extractor.extract_analyzed(
                page.encode(), "text/html; charset=utf-8", "http://news.example/a.html"
            )
            assert analysis is not None and analysis.keywords, analysis
            assert extractor.analyze(extracted.title, extracted.text) == analysis
        finally:
            extractor.close()
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("mecab", "kiwipiepy")))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
