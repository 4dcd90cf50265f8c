"""The board: list pages, the page that holds a post, neighbours, one post.

Every listing is ordered by a dense sequence: the board number for the whole board, the
section sequence inside a section. Both come from counters bumped in the inserting transaction,
so they have no gaps. Posts left out of the list (hidden, or pinned as notices) are few and
indexed on their own; a page's first row is found by arithmetic on the sequence corrected by
counting those few, so page 1 and page 50,000 cost the same O(log n) index look-ups.

These are the pages every reader hits, so they run as plain SQL through a DB-API cursor
(``Engines.read_cursor``), written once with ``?`` placeholders for both backends.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

from sqlalchemy import select, text, update

from ranknews.errors import NotFound
from ranknews.models import BoardPage, BoardRow, Outlet, Photo, PostView, Section
from ranknews.store.engine import Engines, utc
from ranknews.store.rows import ROW_SELECT, board_row
from ranknews.store.schema import posts

__all__ = ["NOTICE_CACHE_SECONDS", "BoardStore"]

_MAX_CORRECTIONS = 64
NOTICE_CACHE_SECONDS = 5.0

_ADD_COUNTER = text(
    "INSERT INTO counters (name, value) VALUES (:name, :delta)"
    " ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value"
)

_POST = (
    "SELECT p.number, p.posted_at, p.writer, p.hidden, p.notice, a.id, a.title, a.labels,"
    " a.byline, a.authors, a.published_at, a.updated_at, a.canonical_url,"
    " o.slug, o.name, o.homepage, s.slug, s.name, s.position, b.html, COALESCE(v.views, 0)"
    " FROM posts p JOIN articles a ON a.id = p.article_id JOIN outlets o ON o.id = a.outlet_id"
    " JOIN article_bodies b ON b.article_id = a.id"
    " LEFT JOIN sections s ON s.id = p.section_id"
    " LEFT JOIN post_views v ON v.post_number = p.number"
    " WHERE p.number = ?"
)


class _Listing:
    """The SQL of one kind of listing: the whole board, or one section."""

    def __init__(self, engines: Engines, *, section: bool) -> None:
        lit = {"t": "1", "f": "0"} if engines.dialect == "sqlite" else {"t": "true", "f": "false"}
        seq = "p.section_seq" if section else "p.number"
        scope = "p.section_id = ? AND " if section else ""
        bare_scope = "section_id = ? AND " if section else ""
        bare_seq = "section_seq" if section else "number"
        sql = engines.sql
        # The conditions are spelled as in the partial indexes' WHERE (listed = false).
        self.unlisted_above = sql(
            f"SELECT count(*) FROM posts WHERE {bare_scope}listed = {lit['f']} AND {bare_seq} > ?"
        )
        self.top_and_unlisted = sql(
            "SELECT (SELECT value FROM counters WHERE name = ?),"
            " (SELECT value FROM counters WHERE name = ?)"
        )
        listed = f"{scope}p.listed = {lit['t']}"
        self.rows_from = sql(
            f"{ROW_SELECT} WHERE {listed} AND {seq} <= ? ORDER BY {seq} DESC LIMIT ?"
        )
        self.older = sql(f"{ROW_SELECT} WHERE {listed} AND {seq} < ? ORDER BY {seq} DESC LIMIT 1")
        self.newer = sql(f"{ROW_SELECT} WHERE {listed} AND {seq} > ? ORDER BY {seq} ASC LIMIT 1")
        self.offset_scan = sql(
            f"SELECT {bare_seq} FROM posts WHERE {bare_scope}listed = {lit['t']}"
            f" ORDER BY {bare_seq} DESC LIMIT 1 OFFSET ?"
        )
        self.position = sql(f"SELECT {bare_seq}, listed, section_id FROM posts WHERE number = ?")
        self.notices = sql(
            f"{ROW_SELECT} WHERE p.notice = {lit['t']} AND p.hidden = {lit['f']}"
            " ORDER BY p.number DESC LIMIT 10"
        )


class BoardStore:
    def __init__(self, engines: Engines, *, per_page: int) -> None:
        self._engines = engines
        self.per_page = per_page
        self._board = _Listing(engines, section=False)
        self._section = _Listing(engines, section=True)
        self._post = engines.sql(_POST)
        self._counter = engines.sql("SELECT value FROM counters WHERE name = ?")
        self._photos = engines.sql(
            "SELECT url, caption, credit FROM photos WHERE article_id = ? ORDER BY position"
        )
        self._section_ids: dict[str, int] = {}
        self._lock = threading.Lock()
        self._notice_cache: tuple[float, tuple[BoardRow, ...]] | None = None

    # helpers ----------------------------------------------------------------------------
    def _scope(self, cur: Any, section: str | None) -> tuple[_Listing, tuple[int, ...], str]:
        """(listing SQL, scope parameters, counter name) for the whole board or a section."""
        if section is None:
            return self._board, (), "board"
        section_id = self._section_ids.get(section)
        if section_id is None:
            cur.execute(self._engines.sql("SELECT id FROM sections WHERE slug = ?"), (section,))
            found = cur.fetchone()
            if found is None:
                raise NotFound(f"no section {section!r}")
            section_id = int(found[0])
            with self._lock:
                self._section_ids[section] = section_id
        return self._section, (section_id,), f"section:{section_id}"

    def _notices(self, cur: Any, listing: _Listing) -> tuple[BoardRow, ...]:
        """Pinned notices: few, rarely changed, shown on every page; reused for a few
        seconds (and dropped at once when this process changes a post's flags)."""
        cached = self._notice_cache
        now = time.monotonic()
        if cached is not None and now - cached[0] < NOTICE_CACHE_SECONDS:
            return cached[1]
        cur.execute(listing.notices)
        notices = tuple(board_row(r) for r in cur.fetchall())
        self._notice_cache = (now, notices)
        return notices

    @staticmethod
    def _unlisted_above(cur: Any, listing: _Listing, scope: tuple[int, ...], seq: int) -> int:
        cur.execute(listing.unlisted_above, (*scope, seq))
        return int(cur.fetchone()[0])

    # list pages -------------------------------------------------------------------------
    def page(self, page: int, *, section: str | None = None) -> BoardPage:
        """Page ``page`` (1-based) of the list; raises NotFound past the last page."""
        with self._engines.read_cursor() as cur:
            return self._page(cur, page, section)

    def _page(self, cur: Any, page: int, section: str | None) -> BoardPage:
        listing, scope, counter = self._scope(cur, section)
        cur.execute(listing.top_and_unlisted, (counter, f"unlisted:{counter}"))
        top_value, unlisted = cur.fetchone()
        top = int(top_value or 0)
        total = top - int(unlisted or 0)
        pages = max(1, -(-total // self.per_page))
        if page < 1 or page > pages:
            raise NotFound(f"page {page} is past the last page ({pages})")
        offset = (page - 1) * self.per_page
        start = self._seq_at(cur, listing, scope, top, offset)
        cur.execute(listing.rows_from, (*scope, start, self.per_page))
        rows = cur.fetchall()
        return BoardPage(
            rows=tuple(board_row(r) for r in rows),
            notices=self._notices(cur, listing),
            page=page,
            pages=pages,
            total=total,
        )

    def _seq_at(
        self, cur: Any, listing: _Listing, scope: tuple[int, ...], top: int, offset: int
    ) -> int:
        """The sequence value at or below which the page's first listed post sits: exactly
        ``offset`` listed posts have a higher one."""
        seq = top - offset
        for _ in range(_MAX_CORRECTIONS):
            corrected = top - offset - self._unlisted_above(cur, listing, scope, seq)
            if corrected == seq:
                return seq
            seq = corrected
        # Very many unlisted posts near the top: fall back to an offset scan (still correct).
        cur.execute(listing.offset_scan, (*scope, offset))
        found = cur.fetchone()
        return int(found[0]) if found is not None else 0

    def _page_of(self, cur: Any, number: int, section: str | None) -> int:
        """The list page that shows post ``number`` (page 1 for unlisted posts)."""
        listing, scope, counter = self._scope(cur, section)
        cur.execute(listing.position, (number,))
        row = cur.fetchone()
        if row is None:
            raise NotFound(f"no post {number}")
        seq, listed, section_id = row
        if not listed or seq is None or (scope and section_id != scope[0]):
            return 1
        cur.execute(self._counter, (counter,))
        top = int(cur.fetchone()[0])
        rank = (top - int(seq)) - self._unlisted_above(cur, listing, scope, int(seq))
        return rank // self.per_page + 1

    def _neighbours(
        self, cur: Any, number: int, section: str | None
    ) -> tuple[BoardRow | None, BoardRow | None]:
        """(older, newer) listed posts next to ``number`` in the listing."""
        listing, scope, _ = self._scope(cur, section)
        cur.execute(listing.position, (number,))
        row = cur.fetchone()
        if row is None or row[0] is None:
            return None, None
        seq = int(row[0])
        cur.execute(listing.older, (*scope, seq))
        older = cur.fetchone()
        cur.execute(listing.newer, (*scope, seq))
        newer = cur.fetchone()
        return (board_row(older) if older else None, board_row(newer) if newer else None)

    # one post ---------------------------------------------------------------------------
    def _read_post(self, cur: Any, number: int) -> PostView:
        cur.execute(self._post, (number,))
        r = cur.fetchone()
        if r is None:
            raise NotFound(f"no post {number}")
        cur.execute(self._photos, (r[5],))
        photo_rows = cur.fetchall()
        section = Section(slug=r[16], name=r[17], position=r[18]) if r[16] else None
        return PostView(
            number=int(r[0]),
            posted_at=utc(r[1]),
            writer=r[2],
            hidden=bool(r[3]),
            notice=bool(r[4]),
            title=r[6],
            labels=tuple(json.loads(r[7])),
            byline=r[8],
            authors=tuple(json.loads(r[9])),
            published=utc(r[10]),
            updated=utc(r[11]) if r[11] is not None else None,
            canonical_url=r[12],
            outlet=Outlet(slug=r[13], name=r[14], homepage=r[15]),
            section=section,
            body_html=r[19],
            views=int(r[20]),
            photos=tuple(Photo(url=p[0], caption=p[1], credit=p[2]) for p in photo_rows),
        )

    def post(self, number: int) -> PostView:
        with self._engines.read_cursor() as cur:
            return self._read_post(cur, number)

    def post_with_list(
        self, number: int, *, section: str | None = None
    ) -> tuple[PostView, BoardPage, BoardRow | None, BoardRow | None]:
        """What the article page shows, read in one snapshot: the post, the list page that
        holds it, and its older and newer neighbours."""
        with self._engines.read_cursor() as cur:
            post = self._read_post(cur, number)
            page = self._page(cur, self._page_of(cur, number, section), section)
            older, newer = self._neighbours(cur, number, section)
        return post, page, older, newer

    # moderation -------------------------------------------------------------------------
    def set_flags(
        self, number: int, *, hidden: bool | None = None, notice: bool | None = None
    ) -> None:
        with self._engines.write.begin() as conn:
            row = conn.execute(
                select(posts.c.hidden, posts.c.notice, posts.c.listed, posts.c.section_id)
                .where(posts.c.number == number)
                .with_for_update()
            ).first()
            if row is None:
                raise NotFound(f"no post {number}")
            new_hidden = row.hidden if hidden is None else hidden
            new_notice = row.notice if notice is None else notice
            listed = not new_hidden and not new_notice
            conn.execute(
                update(posts)
                .where(posts.c.number == number)
                .values(hidden=new_hidden, notice=new_notice, listed=listed)
            )
            if listed != bool(row.listed):
                delta = -1 if listed else 1
                names = ["unlisted:board"]
                if row.section_id is not None:
                    names.append(f"unlisted:section:{row.section_id}")
                for name in names:
                    conn.execute(_ADD_COUNTER, {"name": name, "delta": delta})
        self._notice_cache = None

    def count(self) -> int:
        with self._engines.read_cursor() as cur:
            cur.execute("SELECT count(*) FROM posts")
            return int(cur.fetchone()[0])
