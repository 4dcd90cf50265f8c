"""The store against real databases: SQLite in a temp dir, PostgreSQL where it runs."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import inspect, select, text

from conftest import NOW, fill, make_article
from ranknews.errors import InvalidInput, MigrationError, NotFound
from ranknews.settings import Settings
from ranknews.store import Store, open_store
from ranknews.store.engine import Engines
from ranknews.store.migrations import MIGRATIONS, Migration, migrate
from ranknews.store.schema import metadata, posts


def test_migrations_are_recorded_and_idempotent(store: Store) -> None:
    assert store.schema_version() == max(m.version for m in MIGRATIONS)
    assert store.migrate() == []


def test_migrated_schema_matches_the_query_tables(store: Store) -> None:
    inspector = inspect(store.engines.read)
    for table in metadata.sorted_tables:
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name


def test_newer_schema_is_refused(store: Store) -> None:
    newer = (*MIGRATIONS, Migration(999, "from the future", ("SELECT 1",)))
    migrate(store.engines.write, newer)
    with pytest.raises(MigrationError, match="newer than this ranknews knows"):
        migrate(store.engines.write, MIGRATIONS)


def test_failed_migration_leaves_nothing_behind(store: Store) -> None:
    latest = max(m.version for m in MIGRATIONS)
    broken = (
        *MIGRATIONS,
        Migration(latest + 1, "half", ("CREATE TABLE half_done (x INTEGER)", "THIS IS NOT SQL")),
    )
    with pytest.raises(MigrationError, match=f"migration {latest + 1}"):
        migrate(store.engines.write, broken)
    assert not inspect(store.engines.read).has_table("half_done")
    assert store.schema_version() == latest


def test_save_assigns_increasing_numbers_and_updates_in_place(store: Store) -> None:
    numbers = fill(store, 5)
    assert numbers == [1, 2, 3, 4, 5]
    again = store.content.save_article(
        make_article(2, title="고친 제목"), now=NOW, writer="랭크뉴스"
    )
    assert (again.number, again.created, again.changed) == (3, False, True)
    same = store.content.save_article(make_article(2, title="고친 제목"), now=NOW, writer="x")
    assert (same.created, same.changed) == (False, False)
    assert store.board.post(3).title == "고친 제목"
    assert store.board.count() == 5


def test_guid_identifies_an_article_whose_url_changed(store: Store) -> None:
    first = store.content.save_article(make_article(1, guid="g-1"), now=NOW, writer="w")
    moved = store.content.save_article(
        make_article(1, guid="g-1", canonical_url="http://hanbit.example/moved/1"),
        now=NOW,
        writer="w",
    )
    assert moved.number == first.number
    assert not moved.created


def test_stored_html_is_sanitized(store: Store) -> None:
    article = make_article(
        1,
        body_html=(
            '<p onclick="steal()">본문<script>alert(1)</script></p>'
            '<a href="javascript:alert(1)">나쁜 링크</a><a href="https://ok.example/">좋은 링크</a>'
            '<img src="data:image/png;base64,AAAA" alt="x"><style>p{}</style>'
        ),
    )
    store.content.save_article(article, now=NOW, writer="w")
    html = store.board.post(1).body_html
    for bad in ("script", "onclick", "javascript:", "data:", "<style", "alert"):
        assert bad not in html
    assert 'href="https://ok.example/"' in html
    assert 'rel="noopener noreferrer"' in html


def test_a_crash_inside_the_transaction_leaves_no_half_article(store: Store) -> None:
    fill(store, 2)

    class Boom(Exception):
        pass

    def crash_midway() -> None:
        with store.engines.write.begin() as conn:
            store.content.save_article(make_article(7), now=NOW, writer="w", conn=conn)
            raise Boom

    with pytest.raises(Boom):
        crash_midway()
    assert store.board.count() == 2
    with store.engines.read.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM articles")).scalar_one() == 2
        assert conn.execute(text("SELECT count(*) FROM photos")).scalar_one() == 2
    # The number the failed insert took is given again: no gap.
    assert store.content.save_article(make_article(8), now=NOW, writer="w").number == 3


def test_articles_stored_together_are_all_stored_or_none(store: Store) -> None:
    fill(store, 2)
    bad = make_article(9, published=NOW.replace(tzinfo=None))
    with pytest.raises(InvalidInput, match="timezone-aware"):
        store.content.save_articles(
            [(make_article(7), None), (make_article(8), None), (bad, None)], now=NOW, writer="w"
        )
    assert store.board.count() == 2
    with store.engines.read.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM articles")).scalar_one() == 2
    stored = store.content.save_articles(
        [
            (make_article(7), None),
            (make_article(1, title="고친 제목"), None),
            (make_article(8), None),
        ],
        now=NOW,
        writer="w",
    )
    assert [(s.number, s.created) for s in stored] == [(3, True), (2, False), (4, True)]
    assert store.board.post(2).title == "고친 제목"
    assert store.board.count() == 4


def test_photos_are_kept_in_order(store: Store) -> None:
    from ranknews.models import Photo

    photos = tuple(Photo(f"http://p.example/{i}.jpg", f"설명 {i}.", "크레딧") for i in range(3))
    store.content.save_article(make_article(1, photos=photos), now=NOW, writer="w")
    assert store.board.post(1).photos == photos


def _expected_listing(store: Store, section: str | None) -> list[int]:
    with store.engines.read.connect() as conn:
        query = select(posts.c.number).where(posts.c.listed == True)  # noqa: E712
        if section is not None:
            query = query.where(
                posts.c.section_id
                == select(text("id"))
                .select_from(text("sections"))
                .where(text("slug = :s"))
                .scalar_subquery()
            )
        rows = conn.execute(query.order_by(posts.c.number.desc()), {"s": section}).scalars()
        return list(rows)


@pytest.mark.parametrize("section", [None, "politics"])
def test_every_page_matches_an_offset_scan(store: Store, section: str | None) -> None:
    fill(store, 97)
    rng = random.Random(7)
    for number in rng.sample(range(1, 98), 15):
        store.board.set_flags(number, hidden=True)
    for number in rng.sample(range(1, 98), 3):
        store.board.set_flags(number, notice=True)
    store.board.set_flags(97, hidden=True)  # hidden at the very top
    expected = _expected_listing(store, section)
    per = store.board.per_page
    pages = -(-len(expected) // per)
    for page in range(1, pages + 1):
        got = store.board.page(page, section=section)
        assert [r.number for r in got.rows] == expected[(page - 1) * per : page * per]
        assert got.total == len(expected)
        assert got.pages == pages
    for position, number in enumerate(expected):
        _, shown, _, _ = store.board.post_with_list(number, section=section)
        assert shown.page == position // per + 1
    with pytest.raises(NotFound):
        store.board.page(pages + 1, section=section)


def test_notices_are_pinned_and_hidden_posts_leave_the_list(store: Store) -> None:
    fill(store, 30)
    store.board.set_flags(5, notice=True)
    store.board.set_flags(29, hidden=True)
    page = store.board.page(1)
    assert [r.number for r in page.notices] == [5]
    numbers = [r.number for r in page.rows]
    assert 29 not in numbers
    assert 5 not in numbers
    assert numbers[:3] == [30, 28, 27]
    store.board.set_flags(29, hidden=False)
    assert [r.number for r in store.board.page(1).rows][:2] == [30, 29]


def test_neighbours_skip_unlisted_posts(store: Store) -> None:
    fill(store, 10)
    store.board.set_flags(4, hidden=True)
    _, _, older, newer = store.board.post_with_list(5)
    assert (older and older.number, newer and newer.number) == (3, 6)
    _, _, older, newer = store.board.post_with_list(10)
    assert newer is None
    # economy holds 2, 4 (hidden), 6, 8, 10
    _, _, older, newer = store.board.post_with_list(2, section="economy")
    assert older is None
    assert newer is not None
    assert newer.number == 6


def test_unknown_things_raise_not_found(store: Store) -> None:
    fill(store, 3)
    with pytest.raises(NotFound):
        store.board.post(99)
    with pytest.raises(NotFound):
        store.board.post_with_list(99)
    with pytest.raises(NotFound):
        store.board.page(1, section="nope")
    with pytest.raises(NotFound):
        store.board.set_flags(99, hidden=True)


def test_empty_board_has_one_empty_page(store: Store) -> None:
    page = store.board.page(1)
    assert (page.rows, page.total, page.pages) == ((), 0, 1)


def test_views_are_added_in_batches(store: Store) -> None:
    fill(store, 3)
    store.views.add({1: 2, 3: 5})
    store.views.add({1: 1, 404: 9})  # a post that does not exist is ignored
    assert [store.board.post(n).views for n in (1, 2, 3)] == [3, 0, 5]


def test_times_come_back_timezone_aware(store: Store) -> None:
    fill(store, 1)
    post = store.board.post(1)
    assert post.published == NOW - timedelta(hours=100)
    assert post.published.utcoffset() == timedelta(0)
    with pytest.raises(InvalidInput, match="timezone-aware"):
        store.content.save_article(
            make_article(5, published=NOW.replace(tzinfo=None)), now=NOW, writer="w"
        )


def test_a_store_opened_in_a_with_block_is_closed_on_leaving_it(
    backend_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    disposed: list[Engines] = []
    real_dispose = Engines.dispose

    def dispose(engines: Engines) -> None:
        disposed.append(engines)
        real_dispose(engines)

    monkeypatch.setattr(Engines, "dispose", dispose)
    with open_store(backend_settings) as store:
        assert store.content.save_article(make_article(1), now=NOW, writer="w").number == 1
        assert disposed == []
    assert disposed == [store.engines]
    with pytest.raises(NotFound), open_store(backend_settings) as failing:
        failing.board.post(99)  # closed when the block raises, too
    assert disposed == [store.engines, failing.engines]
    with open_store(backend_settings) as again:
        assert again.board.post(1).number == 1


def test_a_version_1_database_upgrades_in_place(backend_settings: Settings) -> None:
    from ranknews.store import Store
    from ranknews.store.engine import create_engines

    engines = create_engines(backend_settings.resolved_database_url)
    migrate(engines.write, MIGRATIONS[:1])
    old = make_article(1)
    with engines.write.begin() as conn:  # a post written by a version 1 ranknews
        conn.execute(text("INSERT INTO outlets (slug, name, homepage) VALUES ('hanbit', 'x', '')"))
        conn.execute(
            text(
                "INSERT INTO articles (canonical_url, url, outlet_id, title, labels, byline,"
                " authors, published_at, fetched_at, content_hash) VALUES (:u, :u,"
                " (SELECT id FROM outlets), '옛 제목', '[]', '', '[]', :t, :t, 'x')"
            ),
            {"u": old.canonical_url, "t": NOW.replace(tzinfo=None)},
        )
        conn.execute(
            text(
                "INSERT INTO article_bodies (article_id, html, text)"
                " SELECT id, '<p>x</p>', 'x' FROM articles"
            )
        )
        conn.execute(
            text(
                "INSERT INTO posts (number, article_id, posted_at, writer, hidden, notice, listed)"
                " SELECT 1, id, :t, 'w', :f, :f, :tr FROM articles"
            ),
            {"t": NOW.replace(tzinfo=None), "f": False, "tr": True},
        )
        conn.execute(text("UPDATE counters SET value = 1 WHERE name = 'board'"))
    store = Store(engines, backend_settings)
    try:
        assert store.schema_version() == 1
        assert store.migrate() == [m.version for m in MIGRATIONS[1:]]
        assert store.board.post(1).title == "옛 제목"
        again = store.content.save_article(old, now=NOW, writer="w")
        assert (again.number, again.created) == (1, False)  # found by its address
        assert store.content.save_article(make_article(2), now=NOW, writer="w").number == 2
    finally:
        store.close()


def test_addresses_that_name_one_article_are_one_article(store: Store) -> None:
    first = store.content.save_article(
        make_article(1, canonical_url="https://www.hanbit.example/news/1?utm_source=rss#top"),
        now=NOW,
        writer="w",
    )
    for variant in (
        "http://m.hanbit.example/news/1",
        "https://hanbit.example/amp/news/1/",
        "https://hanbit.example/news/1?fbclid=abc",
    ):
        again = store.content.save_article(
            make_article(1, canonical_url=variant), now=NOW, writer="w"
        )
        assert (again.number, again.created) == (first.number, False), variant
    # Stored cleaned: no tracking parameters, no fragment.
    assert store.board.post(first.number).canonical_url == "https://hanbit.example/news/1"
    assert store.board.count() == 1


def test_unlisted_counters_follow_every_flag_change(store: Store) -> None:
    fill(store, 40)
    rng = random.Random(3)
    for _ in range(120):
        number = rng.randint(1, 40)
        if rng.random() < 0.5:
            store.board.set_flags(number, hidden=rng.random() < 0.5)
        else:
            store.board.set_flags(number, notice=rng.random() < 0.5)
    pinned = store.content.save_article(make_article(99), now=NOW, writer="w")
    store.board.set_flags(pinned.number, notice=True)
    with store.engines.read.connect() as conn:
        counters = dict(conn.execute(text("SELECT name, value FROM counters")).all())
        unlisted = conn.execute(
            text("SELECT section_id, count(*) FROM posts WHERE NOT listed GROUP BY section_id")
        ).all()
    assert counters["unlisted:board"] == sum(n for _, n in unlisted)
    for section_id, n in unlisted:
        assert counters[f"unlisted:section:{section_id}"] == n
