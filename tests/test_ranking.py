"""The story ranking: pure scoring, the store's inputs on both databases, the page, the API
and ``ranknews rank``."""

from __future__ import annotations

import itertools
import json
import math
import random
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Connection, insert, update
from starlette.testclient import TestClient

from conftest import NOW, make_article
from ranknews.cli import main
from ranknews.errors import InvalidInput
from ranknews.models import Outlet
from ranknews.ranking import Report, StoryStats, as_json, parse_now, rank, score
from ranknews.settings import Settings
from ranknews.store import Store, open_store
from ranknews.store.schema import (
    articles,
    post_view_hours,
    posts,
    stories,
    story_posts,
    wire_copies,
)
from ranknews.web import create_app

G = 1.8
HANBIT = Outlet("hanbit", "한빛일보", "http://hanbit.example/")
NURI = Outlet("nuri", "누리경제")
THIRD = Outlet("third", "셋째통신")
FOURTH = Outlet("fourth", "넷째일보")
FIFTH = Outlet("fifth", "다섯째신문")
EVIL = '<script>alert("x")</script> & 제목'


def at(hours: float) -> datetime:
    return NOW + timedelta(hours=hours)


def story(
    story_id: int, *reports: tuple[float, int], views: int = 0, started: float | None = None
) -> StoryStats:
    """A story whose articles were published ``hours`` from NOW by outlet ``id``."""
    found = tuple(sorted(Report(at(h), o) for h, o in reports))
    first = min(h for h, _ in reports) if started is None else started
    return StoryStats(
        story_id=story_id,
        title=f"이야기 {story_id}",
        first_post=story_id * 10,
        started_at=at(first),
        reports=found,
        views_24h=views,
    )


# pure scoring --------------------------------------------------------------------------------


def test_the_formula_as_documented() -> None:
    # 3 outlets, 2 articles in the last 3 hours, 99 views, first article 6 hours ago.
    s = story(1, (-6, 1), (-5, 2), (-2, 3), (-1, 3), views=99)
    points = (3 - 1) + 0.5 * 2 + math.log10(1 + 99 / 100)
    assert score(s, NOW, G) == pytest.approx(points / (6 + 2) ** G)
    assert score(s, NOW, 0.0) == pytest.approx(points)
    # One outlet and nobody reading: no points, not ranked, however fresh.
    lone = story(2, (0, 1), (-0.5, 1))
    assert score(lone, NOW, G) == 0.0
    assert rank([lone], NOW, G) == []
    # Read by 900 in a day, it ranks with one point.
    read = replace(lone, views_24h=900)
    assert score(read, NOW, G) == pytest.approx(1 / 2.5**G)
    assert [r.stats.story_id for r in rank([lone, read], NOW, G)] == [2]


def test_more_outlets_beat_fewer_at_equal_age() -> None:
    times = (-6, -5, -4)
    many = story(1, *((h, o) for h, o in zip(times, (1, 2, 3), strict=True)))
    few = story(2, *((h, o) for h, o in zip(times, (1, 2, 2), strict=True)))
    assert score(many, NOW, G) > score(few, NOW, G) > 0
    assert [r.stats.story_id for r in rank([few, many], NOW, G)] == [1, 2]
    assert [r.outlets for r in rank([few, many], NOW, G)] == [3, 2]
    # An outlet's own copies count once: its second article adds nothing.
    assert score(few, NOW, G) == pytest.approx(score(story(3, (-6, 1), (-5, 2)), NOW, G))


def test_scores_decay_with_age() -> None:
    s = story(1, (-10, 1), (-10, 2))
    later = [score(s, NOW + timedelta(hours=h), G) for h in (0, 5, 20, 60)]
    assert later == sorted(later, reverse=True)
    assert later[-1] == pytest.approx(later[0] / (72 / 12) ** G)
    # With no velocity or views, the ratio is exactly ((age1 + 2) / (age2 + 2)) ** gravity.
    assert later[0] / later[1] == pytest.approx((17 / 12) ** G)
    # A fresh two-outlet story overtakes a day-old five-outlet one.
    old = story(2, *((-24, o) for o in range(5)))
    fresh = story(3, (-1, 8), (-1, 9))
    assert [r.stats.story_id for r in rank([old, fresh], NOW, G)] == [3, 2]
    # Gravity 0 turns decay off: outlets decide.
    assert [r.stats.story_id for r in rank([old, fresh], NOW, 0.0)] == [2, 3]


def test_velocity_lifts_a_story_that_is_breaking_now() -> None:
    quiet = story(1, (-10, 1), (-9.5, 2), (-9.5, 3), (-9, 4))
    breaking = story(2, (-10, 1), (-1, 2), (-0.5, 3), (-0.2, 4))
    assert score(breaking, NOW, G) > score(quiet, NOW, G)
    assert score(breaking, NOW, G) - score(quiet, NOW, G) == pytest.approx(1.5 / 12**G)
    assert rank([breaking, quiet], NOW, G)[0].recent == 3
    # One outlet's string of updates adds at most half a point per other outlet.
    updates = story(3, (-5, 8), *((-0.1 * k, 7) for k in range(1, 11)))
    assert rank([updates], NOW, G)[0].recent == 10
    assert score(updates, NOW, G) == pytest.approx((1 + 0.5) / (5 + 2) ** G)


def test_views_count_but_are_damped() -> None:
    def with_views(n: int) -> float:
        return score(story(1, (-5, 1), (-5, 2), views=n), NOW, G)

    values = [with_views(n) for n in (0, 900, 9_900, 99_900, 999_900)]
    assert values == sorted(values)
    assert len(set(values)) == 5
    steps = [b - a for a, b in itertools.pairwise(values)]
    assert steps == pytest.approx([1 / 7**G] * 4)  # ten times the views, one point
    assert with_views(10) - with_views(0) < 0.05 / 7**G  # a few views barely count
    # 100,000 views on one outlet's story (3 points) do not beat five outlets (4 points).
    read = story(1, (-5, 1), views=100_000)
    covered = story(2, *((-5, o) for o in range(5)))
    assert [r.stats.story_id for r in rank([read, covered], NOW, G)] == [2, 1]


def test_same_inputs_same_order_with_ties_by_id() -> None:
    rng = random.Random(7)
    items = [
        story(
            i,
            *((-rng.uniform(0, 70), rng.randrange(6)) for _ in range(rng.randint(1, 6))),
            views=rng.randrange(0, 500),
        )
        for i in range(1, 61)
    ]
    twins = [story(100, (-3, 1), (-2, 2)), story(101, (-3, 1), (-2, 2))]
    items += [replace(twins[1]), replace(twins[0])]
    first = rank(items, NOW, G, limit=None)
    assert len(first) > 40
    assert [r.rank for r in first] == list(range(1, len(first) + 1))
    for _ in range(5):
        rng.shuffle(items)
        again = rank(items, NOW, G, limit=None)
        assert [(r.stats.story_id, r.score) for r in again] == [
            (r.stats.story_id, r.score) for r in first
        ]
    ids = [r.stats.story_id for r in first]
    assert ids.index(100) + 1 == ids.index(101)
    assert [r.score for r in first] == sorted((r.score for r in first), reverse=True)
    assert [r.stats.story_id for r in rank(items, NOW, G, limit=5)] == ids[:5]


def test_articles_after_now_are_ignored() -> None:
    full = story(1, (-6, 1), (-2, 2), (3, 3), (4, 4), views=20)
    past_only = story(1, (-6, 1), (-2, 2), views=20)
    assert score(full, NOW, G) == score(past_only, NOW, G)
    assert score(full, at(5), G) != score(past_only, at(5), G)
    future = story(2, (1, 1), (2, 2))
    assert score(future, NOW, G) == 0.0
    past = rank([full, future], NOW, G)
    assert [(r.stats.story_id, r.outlets, r.articles) for r in past] == [(1, 2, 2)]
    assert [r.stats.story_id for r in rank([full, future], at(4), G)] == [2, 1]
    # Its age counts from its first article, never from one after now.
    assert past[0].first_at == at(-6)


def test_bad_inputs_are_refused() -> None:
    s = story(1, (-1, 1))
    with pytest.raises(InvalidInput):
        score(s, NOW.replace(tzinfo=None), G)
    with pytest.raises(InvalidInput):
        rank([s], NOW, -1.0)
    with pytest.raises(InvalidInput):
        rank([s], NOW, float("nan"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-11-25T15:00:00+09:00", NOW),
        ("2026-11-25T06:00Z", NOW),
        ("2026-11-25T15:00:00 09:00", NOW),  # '+' unencoded in a query string
        ("2026-11-25T01:00:00-05:00", NOW),
        (" 2026-11-25T06:00:00.000+00:00 ", NOW),
    ],
)
def test_parse_now_reads_iso_8601_with_an_offset(raw: str, expected: datetime) -> None:
    value = parse_now(raw)
    assert value == expected
    assert value.tzinfo is UTC


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "2026-11-25T15:00:00",  # naive
        "2026-11-25 15:00",
        "yesterday",
        "2026-13-01T00:00+09:00",
        "0001-01-01T00:00+09:00",
        "9999-12-31T23:00-05:00",
        "2026-11-25T15:00+09:00" + "0" * 50,
    ],
)
def test_parse_now_refuses_naive_or_malformed_times(raw: str) -> None:
    with pytest.raises(InvalidInput):
        parse_now(raw)


def test_json_shape() -> None:
    out = as_json(rank([story(4, (-2, 1), (-1, 2), views=3)], NOW, G), NOW, G)
    assert out["now"] == "2026-11-25T15:00:00+09:00"
    assert out["gravity"] == G
    (item,) = out["stories"]
    assert item == {
        "rank": 1,
        "id": 4,
        "title": "이야기 4",
        "url": "/stories/4",
        "first_post": 40,
        "outlets": 2,
        "articles": 2,
        "views_24h": 3,
        "started_at": "2026-11-25T13:00:00+09:00",
        "score": pytest.approx((1 + 0.5 + math.log10(1.03)) / 4**G),
    }


# the store -----------------------------------------------------------------------------------


class Board:
    """Posts, stories, wire copies and hourly views written the way ingestion writes them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.n = 0

    def post(self, hours: float, outlet: Outlet, title: str | None = None) -> int:
        self.n += 1
        article = make_article(
            self.n, outlet=outlet, published=at(hours), title=title or f"기사 {self.n}"
        )
        return self.store.content.save_article(article, now=at(hours), writer="랭크뉴스").number

    def story(self, conn: Connection, story_id: int, numbers: list[int], title: str) -> None:
        times = {n: self.published(conn, n) for n in numbers}
        conn.execute(
            insert(stories).values(
                id=story_id,
                first_post=min(numbers, key=lambda n: times[n]),
                title=title,
                started_at=min(times.values()),
                updated_at=max(times.values()),
                posts=len(numbers),
                articles=len(numbers),
                outlets=1,
            )
        )
        for n in numbers:
            conn.execute(
                insert(story_posts).values(
                    post_number=n, story_id=story_id, published_at=times[n], keywords="{}"
                )
            )

    def join(self, conn: Connection, story_id: int, number: int) -> None:
        """A later post joins a story (as ingestion does: updated_at moves on)."""
        published = self.published(conn, number)
        conn.execute(
            insert(story_posts).values(
                post_number=number, story_id=story_id, published_at=published, keywords="{}"
            )
        )
        conn.execute(update(stories).where(stories.c.id == story_id).values(updated_at=published))

    def copy(self, conn: Connection, number: int, hours: float, outlet: Outlet) -> None:
        self.n += 1
        outlet_id = self.store.content.ensure_outlet(conn, outlet)
        article_id = conn.execute(
            insert(articles)
            .values(
                canonical_url=f"http://copy.example/{self.n}",
                url=f"http://copy.example/{self.n}",
                outlet_id=outlet_id,
                title=f"사본 {self.n}",
                labels="[]",
                byline="",
                authors="[]",
                published_at=at(hours),
                fetched_at=at(hours),
                content_hash=f"copy-{self.n}",
            )
            .returning(articles.c.id)
        ).scalar_one()
        conn.execute(
            insert(wire_copies).values(
                article_id=article_id, post_number=number, score=0.9, found_at=at(hours)
            )
        )

    @staticmethod
    def views(conn: Connection, number: int, hours: int, views: int) -> None:
        conn.execute(
            insert(post_view_hours).values(post_number=number, hour=at(hours), views=views)
        )

    @staticmethod
    def published(conn: Connection, number: int) -> datetime:
        row = conn.execute(
            articles.select()
            .with_only_columns(articles.c.published_at)
            .join_from(articles, posts, posts.c.article_id == articles.c.id)
            .where(posts.c.number == number)
        ).scalar_one()
        assert isinstance(row, datetime)
        return row


def build(store: Store) -> dict[str, int]:
    """The board used below, as of NOW (and some of it after NOW)."""
    b = Board(store)
    p = {
        "a": b.post(-5, HANBIT, "정부, 새 예산안 발표"),
        "b": b.post(-4, NURI),
        "h": b.post(-1, HANBIT),  # hidden below
        "f": b.post(2, NURI),  # after NOW
        "old": b.post(-100, HANBIT, "지난주 이야기"),
        "back1": b.post(-80, NURI, "다시 불거진 이야기"),
        "back2": b.post(5, HANBIT),
        "soon": b.post(1, NURI, "곧 나올 이야기"),
        "evil": b.post(-10, NURI, EVIL),
    }
    with store.engines.write.begin() as conn:
        b.story(conn, 1, [p["a"], p["b"], p["h"], p["f"]], "정부, 새 예산안 발표")
        b.copy(conn, p["a"], -4.5, THIRD)
        b.copy(conn, p["a"], 1, FOURTH)  # after NOW
        b.copy(conn, p["h"], -0.5, FIFTH)  # a copy of a hidden post
        b.views(conn, p["a"], -1, 10)
        b.views(conn, p["a"], -30, 1000)  # more than 24 hours before NOW
        b.views(conn, p["h"], -1, 500)  # hidden
        b.views(conn, p["b"], 0, 5)  # the hour starting at NOW counts
        b.views(conn, p["b"], 1, 7)  # after NOW
        b.story(conn, 2, [p["old"]], "지난주 이야기")
        b.story(conn, 3, [p["back1"], p["back2"]], "다시 불거진 이야기")
        b.story(conn, 4, [p["soon"]], "곧 나올 이야기")
        b.story(conn, 5, [p["evil"]], EVIL)
        b.copy(conn, p["evil"], -9, THIRD)
    store.board.set_flags(p["h"], hidden=True)
    return p


def test_store_reads_what_the_ranking_needs(store: Store) -> None:
    p = build(store)
    found = store.ranking.stats(NOW)
    assert [s.story_id for s in found] == [1, 5]
    big, evil = found
    assert big.title == "정부, 새 예산안 발표"
    assert big.first_post == p["a"]
    assert big.started_at == at(-5)
    assert [r.published_at for r in big.reports] == [at(-5), at(-4.5), at(-4)]
    assert len({r.outlet_id for r in big.reports}) == 3  # hanbit, third, nuri
    assert big.views_24h == 15
    assert all(r.published_at.tzinfo is not None for r in big.reports)
    assert (evil.title, evil.reports[0].published_at, evil.views_24h) == (EVIL, at(-10), 0)

    # Later, the story has its later post and copy, and the story that comes back is in.
    later = {s.story_id: s for s in store.ranking.stats(at(6))}
    assert sorted(later) == [1, 3, 4, 5]
    assert len(later[1].reports) == 5
    assert len({r.outlet_id for r in later[1].reports}) == 4
    assert later[1].views_24h == 10 + 5 + 7
    assert [r.published_at for r in later[3].reports] == [at(-80), at(5)]
    # A narrower window leaves out the stories with nothing in it.
    assert [s.story_id for s in store.ranking.stats(NOW, window_hours=6)] == [1]
    assert store.ranking.stats(at(-200)) == []
    with pytest.raises(InvalidInput):
        store.ranking.stats(NOW.replace(tzinfo=None))


def test_a_past_ranking_is_reproduced_after_more_news(store: Store) -> None:
    b = Board(store)
    first = b.post(-6, HANBIT, "첫 이야기")
    second = b.post(-3, NURI, "둘째 이야기")
    with store.engines.write.begin() as conn:
        b.story(conn, 1, [first], "첫 이야기")
        b.story(conn, 2, [second], "둘째 이야기")
        b.copy(conn, first, -5, THIRD)
        b.views(conn, second, -1, 40)
    before = rank(store.ranking.stats(NOW), NOW, G)
    assert [r.stats.story_id for r in before] == [1, 2]

    # More news after NOW: story 1 is carried by more outlets, story 2 is read, a new one.
    more = [b.post(h, o) for h, o in ((0.5, NURI), (1, FOURTH), (1.5, FIFTH))]
    newest = b.post(2, HANBIT, "셋째 이야기")
    with store.engines.write.begin() as conn:
        for n in more:
            b.join(conn, 1, n)
        b.copy(conn, first, 1.2, THIRD)
        b.copy(conn, second, 0.8, FOURTH)
        b.views(conn, second, 1, 10_000)
        b.story(conn, 3, [newest], "셋째 이야기")
        b.copy(conn, newest, 2, FIFTH)

    again = rank(store.ranking.stats(NOW), NOW, G)
    assert again == before
    now_later = rank(store.ranking.stats(at(2)), at(2), G)
    assert [r.stats.story_id for r in now_later] == [3, 2, 1]


# the page and the API ------------------------------------------------------------------------


@pytest.fixture
def client(sqlite_store: Store, settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, sqlite_store, now=lambda: NOW, start_background=False)
    with TestClient(app) as c:
        yield c


def cells(html: str) -> list[list[str]]:
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", c).split())
            for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)
        ]
        for r in rows
    ]


def test_ranking_page_lists_stories_by_score(client: TestClient, sqlite_store: Store) -> None:
    p = build(sqlite_store)
    r = client.get("/ranking")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    html = r.text
    assert '<a href="/ranking" aria-current="page">랭킹</a>' in html
    header = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', html)
    assert header == ["순위", "제목", "언론사 수", "기사 수", "최초 보도", "점수"]
    table = cells(html)
    assert [row[0] for row in table] == ["1", "2"]
    assert table[0][2:5] == ["3", "3", "2026.11.25 10:00"]  # 01:00 UTC is 10:00 KST
    expected = rank(sqlite_store.ranking.stats(NOW), NOW, G)
    assert table[0][5] == f"{expected[0].score:.4f}"
    assert 'href="/stories/1">정부, 새 예산안 발표</a>' in html
    assert f'href="/{p["a"]}"' in html
    assert '<time datetime="2026-11-25T15:00:00+09:00">' in html


def test_ranking_page_escapes_titles(client: TestClient, sqlite_store: Store) -> None:
    build(sqlite_store)
    html = client.get("/ranking").text
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; 제목" in html
    api = client.get("/api/ranking").json()
    assert api["stories"][1]["title"] == EVIL


def test_ranking_page_when_nothing_ranks(client: TestClient) -> None:
    r = client.get("/ranking")
    assert r.status_code == 200
    assert "보도된 이야기가 없습니다" in r.text
    assert "<table" not in r.text
    assert client.get("/api/ranking").json() == {
        "now": "2026-11-25T15:00:00+09:00",
        "gravity": G,
        "stories": [],
    }


def test_api_gives_the_ranking_as_json(client: TestClient, sqlite_store: Store) -> None:
    p = build(sqlite_store)
    r = client.get("/api/ranking")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    data = r.json()
    assert data["now"] == "2026-11-25T15:00:00+09:00"
    assert data["gravity"] == G
    top = data["stories"][0]
    assert top == {
        "rank": 1,
        "id": 1,
        "title": "정부, 새 예산안 발표",
        "url": "/stories/1",
        "first_post": p["a"],
        "outlets": 3,
        "articles": 3,
        "views_24h": 15,
        "started_at": "2026-11-25T10:00:00+09:00",
        "score": pytest.approx((2 + math.log10(1.15)) / 7**G),
    }
    assert [s["id"] for s in data["stories"]] == [1, 5]
    assert [s["id"] for s in client.get("/api/ranking?limit=1").json()["stories"]] == [1]


def test_now_reproduces_a_past_or_later_ranking(client: TestClient, sqlite_store: Store) -> None:
    build(sqlite_store)
    later = client.get("/api/ranking", params={"now": "2026-11-25T21:00:00+09:00"}).json()
    assert later["now"] == "2026-11-25T21:00:00+09:00"
    assert [s["id"] for s in later["stories"]] == [1, 5, 3]  # 4: one outlet
    same = client.get("/api/ranking", params={"now": "2026-11-25T12:00:00Z"}).json()
    assert same == later
    assert client.get("/api/ranking?now=2026-11-25T15:00:00%2B09:00").json() == (
        client.get("/api/ranking").json()
    )
    html = client.get("/ranking", params={"now": "2026-11-25T21:00:00+09:00"}).text
    assert [row[0] for row in cells(html)] == ["1", "2", "3"]
    assert '<time datetime="2026-11-25T21:00:00+09:00">' in html


@pytest.mark.parametrize(
    "query",
    [
        "now=yesterday",
        "now=2026-11-25T15:00:00",  # no offset
        "now=2026-11-25",
        "now=0001-01-01T00:00%2B09:00",
        "now=2026-11-25T15:00%2B09:00&now=2026-11-25T16:00%2B09:00",
        "limit=0",
        "limit=101",
        "limit=-1",
        "limit=abc",
        "limit=1.5",
        "limit=%00",
    ],
)
def test_bad_parameters_are_400s(client: TestClient, query: str) -> None:
    page = client.get(f"/ranking?{query}")
    assert page.status_code == 400
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>" in page.text
    assert ("now" in page.text) or ("limit" in page.text)
    api = client.get(f"/api/ranking?{query}")
    assert api.status_code == 400
    assert api.headers["content-type"] == "application/json"
    error = api.json()["error"]
    assert ("now" in error) if query.startswith("now") else ("limit" in error)


# the command ---------------------------------------------------------------------------------


def test_cli_rank_prints_what_the_api_gives(
    tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    store = open_store(settings)
    try:
        build(store)
        app = create_app(settings, store, now=lambda: at(-50), start_background=False)
        with TestClient(app) as c:
            api = c.get("/api/ranking", params={"now": "2026-11-25T21:00:00+09:00"}).json()
    finally:
        store.close()

    argv = ["rank", "--now", "2026-11-25T21:00:00+09:00", "--json", "--data-dir", str(data)]
    assert main(argv) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == api
    assert [s["id"] for s in printed["stories"]] == [1, 5, 3]

    assert main([*argv, "--limit", "2"]) == 0
    assert [s["id"] for s in json.loads(capsys.readouterr().out)["stories"]] == [1, 5]

    assert main(["rank", "--now", "2026-11-25T21:00:00+09:00", "--data-dir", str(data)]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[0] == "ranking at 2026-11-25T21:00:00+09:00 (gravity 1.8)"
    assert text[2].split()[0] == "1"
    assert text[2].endswith("1 정부, 새 예산안 발표")
    assert len(text) == 2 + 3

    assert main(["rank", "--now", "2026-11-20T00:00Z", "--data-dir", str(data)]) == 0
    assert "no stories" in capsys.readouterr().out
    assert main(["rank", "--now", "2026-11-25T21:00", "--data-dir", str(data)]) == 2
    assert "offset" in capsys.readouterr().err
    assert main(["rank", "--limit", "0", "--data-dir", str(data)]) == 2
