"""Wire copies and stories in the store and on the pages (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from starlette.testclient import TestClient

from ranknews.analysis import Analyzer
from ranknews.demo.load import demo_article
from ranknews.demo.site import load_articles, load_outlets
from ranknews.models import Article, Outlet
from ranknews.pipeline import backfill_stories
from ranknews.search import parse
from ranknews.settings import Settings
from ranknews.store import Store, StoredArticle
from ranknews.web import create_app
from ranknews.web.stories import coverage_strip

BASE = "http://demo.example"


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def demo(article_id: str, **changes: object) -> Article:
    outlets = {o.slug: Outlet(slug=o.slug, name=o.name) for o in load_outlets()}
    item = next(a for a in load_articles() if a.id == article_id)
    return dataclasses.replace(demo_article(item, outlets, BASE), **changes)  # type: ignore[arg-type]


def save(store: Store, analyzer: Analyzer, article: Article) -> StoredArticle:
    return store.content.save_article(
        article,
        now=article.published + timedelta(minutes=3),
        writer="랭크뉴스",
        analysis=analyzer.analyze(article.title, article.body_text),
    )


# hangyeol-0001: 한결통신's report; pureun-0001 carries it (wire_of); hanbit-0001 and nuri-0001
# are their own write-ups of the same event (story ai-talent).


def test_a_wire_copy_is_listed_under_its_post(store: Store, analyzer: Analyzer) -> None:
    original = save(store, analyzer, demo("hangyeol-0001"))
    copy = save(store, analyzer, demo("pureun-0001"))
    assert (original.created, original.copy) == (True, False)
    assert (copy.created, copy.copy, copy.number) == (True, True, original.number)
    assert store.board.count() == 1
    listed = store.stories.post_story(original.number, related=0).copies
    assert [(c.outlet, c.first) for c in listed] == [("한결통신", True), ("푸른방송 뉴스", False)]
    # Stored again (an update of the carrier's page): still a copy, still no new post.
    again = save(store, analyzer, demo("pureun-0001", title="서울시 AI 인재 1만명 (수정)"))
    assert (again.created, again.copy, again.number) == (False, True, original.number)
    assert store.board.count() == 1
    edited = [c.title for c in store.stories.post_story(original.number, related=0).copies][1]
    assert edited.endswith("(수정)")
    # Not in the search index twice: the copy is found through its post only.
    hits = store.search.search(parse("훈련수당"))
    assert [r.number for r in hits.rows] == [original.number]


def test_the_first_publisher_is_credited_when_found_later(store: Store, analyzer: Analyzer) -> None:
    carried = save(store, analyzer, demo("pureun-0001"))  # crawled first, published later
    first = save(store, analyzer, demo("hangyeol-0001"))
    assert first.copy
    assert first.number == carried.number
    listed = store.stories.post_story(carried.number, related=0).copies
    assert [(c.outlet, c.first) for c in listed] == [("한결통신", True), ("푸른방송 뉴스", False)]
    story = store.stories.story_id_of(carried.number)
    assert story is not None
    assert store.stories.articles(story)[0].outlet == "한결통신"


def test_a_copy_outside_the_window_is_a_post(store: Store, analyzer: Analyzer) -> None:
    original = demo("hangyeol-0001")
    save(store, analyzer, original)
    late = demo("pureun-0001", published=original.published + timedelta(days=10))
    stored = save(store, analyzer, late)
    assert not stored.copy
    assert store.board.count() == 2


def test_a_copy_of_an_edited_copy_is_listed_under_the_post(
    store: Store, analyzer: Analyzer
) -> None:
    """B carries A with its lead cut and a new paragraph; C carries B, cut further and with
    more added: C no longer matches A, but matches B, a copy listed under A's post."""
    seen: set[str] = set()
    paragraphs: list[str] = []
    for item in load_articles():
        if item.wire_of is None and item.story not in seen:
            seen.add(item.story)
            paragraphs += [p for p in item.paragraphs if len(p) > 80]
    p, e, f = paragraphs[:10], paragraphs[10:13], paragraphs[14:18]
    base = demo("hangyeol-0003")
    a = dataclasses.replace(base, body_text="\n".join(p))
    b = dataclasses.replace(
        demo("pureun-0001"),
        body_text="\n".join(p[3:] + e),
        published=base.published + timedelta(hours=1),
    )
    c = dataclasses.replace(
        demo("nuri-0001"),
        body_text="\n".join(p[6:] + e + f),
        published=base.published + timedelta(hours=2),
    )
    signatures = {x: analyzer.analyze(x.title, x.body_text).signature for x in (a, b, c)}
    assert signatures[c].jaccard(signatures[a]) < 0.4  # C alone is no copy of A
    assert signatures[c].overlap(signatures[a]) < 0.8
    post = save(store, analyzer, a)
    first = save(store, analyzer, b)
    second = save(store, analyzer, c)
    assert (first.copy, first.number) == (True, post.number)
    assert (second.copy, second.number) == (True, post.number)
    assert store.board.count() == 1
    assert [x.outlet for x in store.stories.post_story(post.number, related=0).copies] == [
        "한결통신",
        "푸른방송 뉴스",
        "누리경제",
    ]


def test_own_reports_of_one_event_form_a_story(store: Store, analyzer: Analyzer) -> None:
    a = save(store, analyzer, demo("hangyeol-0001"))
    save(store, analyzer, demo("pureun-0001"))
    b = save(store, analyzer, demo("hanbit-0001"))
    c = save(store, analyzer, demo("nuri-0001"))
    other = save(store, analyzer, demo("hangyeol-0017"))  # the won-dollar rate: unrelated
    assert not (b.copy)
    assert not (c.copy)
    assert not (other.copy)
    story = store.stories.story_id_of(a.number)
    assert story is not None
    assert store.stories.story_id_of(b.number) == story
    assert store.stories.story_id_of(c.number) == story
    assert store.stories.story_id_of(other.number) not in (None, story)
    summary = store.stories.summary(story)
    assert summary is not None
    assert (summary.posts, summary.articles, summary.outlets) == (3, 4, 4)
    assert summary.started_at == demo("hangyeol-0001").published
    if store.dialect == "sqlite":  # stored like typed columns: UTC text, compared as text
        with store.engines.read.connect() as conn:
            raw = conn.execute(text("SELECT published_at FROM story_posts LIMIT 1")).scalar()
        assert "+" not in str(raw)
    assert summary.first_post == a.number
    items = store.stories.articles(story)
    assert [i.published for i in items] == sorted(i.published for i in items)
    assert [i.copy_of for i in items].count(a.number) == 1
    shown = store.stories.post_story(b.number, related=10)
    assert shown.story is not None
    assert shown.story.id == story
    assert {r.number for r in shown.related} == {a.number, c.number}


def test_a_post_without_analysis_is_a_plain_post(store: Store) -> None:
    stored = store.content.save_article(demo("hangyeol-0001"), now=NOW_, writer="랭크뉴스")
    assert store.stories.story_id_of(stored.number) is None
    assert store.stories.post_story(stored.number, related=0).copies == []


NOW_ = datetime.fromisoformat("2026-11-25T12:00:00+09:00")


def test_coverage_strip_buckets() -> None:
    start = datetime.fromisoformat("2026-11-20T09:10:00+09:00")
    times = [start, start + timedelta(minutes=20), start + timedelta(hours=5)]
    strip = coverage_strip(times, times[0], times[-1])
    assert strip["step"] == 1
    assert [b["count"] for b in strip["bars"]] == [2, 1]
    long = coverage_strip([start, start + timedelta(days=6)], start, start + timedelta(days=6))
    assert long["step"] == 4  # 145 hours in at most 48 bars
    assert len(long["bars"]) == 2


@pytest.fixture
def web(sqlite_store: Store, settings: Settings, analyzer: Analyzer) -> Iterator[TestClient]:
    with TestClient(create_app(settings, sqlite_store, now=lambda: NOW_)) as client:
        yield client


def test_article_page_lists_same_report_and_related(
    web: TestClient, sqlite_store: Store, analyzer: Analyzer
) -> None:
    a = save(sqlite_store, analyzer, demo("hangyeol-0001"))
    save(sqlite_store, analyzer, demo("pureun-0001"))
    b = save(sqlite_store, analyzer, demo("hanbit-0001"))
    page = web.get(f"/{a.number}").text
    same = page.split('id="same-report-heading"')[1].split("</section>")[0]
    assert "최초 보도" in same
    assert "한결통신" in same
    assert "푸른방송 뉴스" in same
    related = page.split('id="related-heading"')[1].split("</section>")[0]
    story = sqlite_store.stories.story_id_of(a.number)
    assert f'href="/stories/{story}"' in related
    assert f'href="/{b.number}"' in related
    story_page = web.get(f"/stories/{story}")
    assert story_page.status_code == 200
    text = story_page.text
    assert "최초 보도" in text
    assert "(같은 기사)" in text
    assert text.count("<rect ") >= 2
    assert 'role="img"' in text
    assert web.get("/stories/99999").status_code == 404
    assert web.get("/stories/0").status_code == 404


def test_story_page_escapes_outlet_text(
    web: TestClient, sqlite_store: Store, analyzer: Analyzer
) -> None:
    hostile = Outlet(slug="evil", name='<script>alert("o")</script>')
    first = save(
        sqlite_store,
        analyzer,
        demo("hangyeol-0001", outlet=hostile, title='<img src=x onerror="alert(1)">'),
    )
    story = sqlite_store.stories.story_id_of(first.number)
    text = web.get(f"/stories/{story}").text
    assert "<script>alert" not in text
    assert "<img src=x" not in text
    assert "&lt;script&gt;" in text


def test_the_web_process_never_loads_the_tokenizer(
    sqlite_store: Store, settings: Settings, analyzer: Analyzer, tmp_path: Path
) -> None:
    a = save(sqlite_store, analyzer, demo("hangyeol-0001"))
    save(sqlite_store, analyzer, demo("pureun-0001"))
    story = sqlite_store.stories.story_id_of(a.number)
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from starlette.testclient import TestClient
        from ranknews.settings import Settings
        from ranknews.store import open_store
        from ranknews.web import create_app
        data_dir = Path({str(settings.data_dir)!r})
        settings = Settings.load(environ={{}}, overrides={{"data_dir": data_dir}})
        store = open_store(settings)
        with TestClient(create_app(settings, store)) as client:
            for path in ("/", "/{a.number}", "/stories/{story}", "/ranking", "/trends",
                         "/popular", "/api/ranking", "/search?q=서울"):
                assert client.get(path).status_code == 200, path
        store.close()
        heavy = ("mecab", "kiwipiepy", "datasketch")
        print(sorted(m for m in sys.modules if m.split(".")[0] in heavy))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_posts_stored_without_analysis_are_placed_by_the_backfill(
    store: Store, analyzer: Analyzer
) -> None:
    """A board from before stories: its posts get stories (never become copies: their numbers
    stay), oldest first, and a second run has nothing left."""
    ids = ("hangyeol-0001", "pureun-0001", "hanbit-0001", "hangyeol-0017")
    numbers = [store.content.save_article(demo(i), now=NOW_, writer="랭크뉴스").number for i in ids]
    pending = store.content.unplaced(10)
    assert [n for n, _, _ in pending] == [numbers[0], numbers[1], numbers[2], numbers[3]]
    for number, title, body in pending:
        assert store.content.place(number, analyzer.analyze(title, body)) is not None
    assert store.content.unplaced(10) == []
    assert store.content.place(numbers[0], analyzer.analyze("x", "y")) is None
    assert store.board.count() == 4
    story = store.stories.story_id_of(numbers[0])
    assert story is not None
    assert store.stories.story_id_of(numbers[1]) == story  # the copy, kept as a post
    assert store.stories.story_id_of(numbers[2]) == story
    assert store.stories.story_id_of(numbers[3]) != story


def test_the_story_backfill_places_posts_a_limited_number_at_a_time(
    store: Store, analyzer: Analyzer
) -> None:
    """pipeline.backfill_stories: at most ``limit`` posts a run, oldest first, saying whether
    posts without a story are left; a run with nothing left places nothing."""
    ids = ("hangyeol-0001", "pureun-0001", "hanbit-0001", "hangyeol-0017")
    numbers = [store.content.save_article(demo(i), now=NOW_, writer="랭크뉴스").number for i in ids]
    assert backfill_stories(store, analyzer, 3) == (3, True)
    assert [n for n, _, _ in store.content.unplaced(10)] == [numbers[3]]
    assert backfill_stories(store, analyzer, 3) == (1, False)
    assert backfill_stories(store, analyzer, 3) == (0, False)
    assert store.board.count() == 4  # the copy (pureun-0001) kept as a post
    story = store.stories.story_id_of(numbers[0])
    assert story is not None
    assert store.stories.story_id_of(numbers[1]) == story
    assert store.stories.story_id_of(numbers[2]) == story
    assert store.stories.story_id_of(numbers[3]) not in (None, story)


def test_stories_backfill_command(settings: Settings) -> None:
    from ranknews.store import open_store

    store = open_store(settings)
    try:
        for i in ("hangyeol-0001", "hanbit-0001"):
            store.content.save_article(demo(i), now=NOW_, writer="랭크뉴스")
    finally:
        store.close()
    env = {"RANKNEWS_DATA_DIR": str(settings.data_dir), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "ranknews", "stories", "--backfill"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "placed 2 posts in stories; none left" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "ranknews", "stories"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert bad.returncode != 0
    assert "--backfill" in bad.stderr
