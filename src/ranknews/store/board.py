"""The board: list pages, the page that holds a post, neighbours, one post.

Every listing is ordered by a dense sequence: the board number for the whole board, the
section sequence inside a section. Both come from counters bumped in the inserting transaction,
so they have no gaps. Posts left out of the list (hidden, or pinned as notices) are few and
indexed on their own; a page's first row is found by arithmetic on the sequence corrected by
counting those few, so page 1 and page 50,000 cost the same O(log n) index look-ups.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Row,
    and_,
    exists,
    false,
    func,
    select,
    true,
    update,
)

from ranknews.errors import NotFound
from ranknews.models import BoardPage, BoardRow, Outlet, Photo, PostView, Section
from ranknews.store.engine import Engines
from ranknews.store.schema import (
    article_bodies,
    articles,
    counters,
    outlets,
    photos,
    post_views,
    posts,
    sections,
)

__all__ = ["BoardStore", "Listing"]

_MAX_CORRECTIONS = 64


class Listing:
    """Which list: the whole board (``section_id`` None) or one section."""

    __slots__ = ("counter", "section_id", "seq")

    def __init__(self, section_id: int | None) -> None:
        self.section_id = section_id
        self.seq = posts.c.number if section_id is None else posts.c.section_seq
        self.counter = "board" if section_id is None else f"section:{section_id}"

    def scope(self) -> list[ColumnElement[bool]]:
        return [] if self.section_id is None else [posts.c.section_id == self.section_id]


_ROW_COLUMNS = (
    posts.c.number,
    articles.c.title,
    articles.c.labels,
    outlets.c.name.label("outlet"),
    posts.c.writer,
    posts.c.posted_at,
    func.coalesce(post_views.c.views, 0).label("views"),
    sections.c.slug.label("section_slug"),
    exists().where(photos.c.article_id == articles.c.id).label("has_photo"),
    posts.c.notice,
)

_ROW_FROM = (
    posts.join(articles, articles.c.id == posts.c.article_id)
    .join(outlets, outlets.c.id == articles.c.outlet_id)
    .outerjoin(sections, sections.c.id == posts.c.section_id)
    .outerjoin(post_views, post_views.c.post_number == posts.c.number)
)


def _row(r: Row[Any]) -> BoardRow:
    return BoardRow(
        number=int(r.number),
        title=r.title,
        labels=tuple(json.loads(r.labels)),
        outlet=r.outlet,
        writer=r.writer,
        posted_at=r.posted_at,
        views=int(r.views),
        section_slug=r.section_slug,
        has_photo=bool(r.has_photo),
        notice=bool(r.notice),
    )


class BoardStore:
    def __init__(self, engines: Engines, *, per_page: int) -> None:
        self._engines = engines
        self.per_page = per_page

    # helpers ----------------------------------------------------------------------------
    def section_id(self, conn: Connection, slug: str) -> int:
        found = conn.execute(select(sections.c.id).where(sections.c.slug == slug)).scalar()
        if found is None:
            raise NotFound(f"no section {slug!r}")
        return int(found)

    @staticmethod
    def _top(conn: Connection, listing: Listing) -> int:
        value = conn.execute(
            select(counters.c.value).where(counters.c.name == listing.counter)
        ).scalar()
        return int(value or 0)

    @staticmethod
    def _unlisted_above(conn: Connection, listing: Listing, seq: int) -> int:
        return int(
            conn.execute(
                select(func.count())
                .select_from(posts)
                .where(*listing.scope(), posts.c.listed == false(), listing.seq > seq)
            ).scalar_one()
        )

    def _listing(self, conn: Connection, section: str | None) -> Listing:
        return Listing(None if section is None else self.section_id(conn, section))

    # list pages -------------------------------------------------------------------------
    def page(self, page: int, *, section: str | None = None) -> BoardPage:
        """Page ``page`` (1-based) of the list; raises NotFound past the last page."""
        with self._engines.read.connect() as conn:
            listing = self._listing(conn, section)
            top = self._top(conn, listing)
            total = top - self._unlisted_above(conn, listing, 0)
            pages = max(1, -(-total // self.per_page))
            if page < 1 or page > pages:
                raise NotFound(f"page {page} is past the last page ({pages})")
            offset = (page - 1) * self.per_page
            start = self._seq_at(conn, listing, top, offset)
            rows = conn.execute(
                select(*_ROW_COLUMNS)
                .select_from(_ROW_FROM)
                .where(*listing.scope(), posts.c.listed == true(), listing.seq <= start)
                .order_by(listing.seq.desc())
                .limit(self.per_page)
            ).all()
            notices = conn.execute(
                select(*_ROW_COLUMNS)
                .select_from(_ROW_FROM)
                .where(posts.c.notice == true(), posts.c.hidden == false())
                .order_by(posts.c.number.desc())
                .limit(10)
            ).all()
        return BoardPage(
            rows=tuple(_row(r) for r in rows),
            notices=tuple(_row(r) for r in notices),
            page=page,
            pages=pages,
            total=total,
        )

    def _seq_at(self, conn: Connection, listing: Listing, top: int, offset: int) -> int:
        """The sequence value at or above which exactly ``offset`` listed posts sit."""
        seq = top - offset
        for _ in range(_MAX_CORRECTIONS):
            corrected = top - offset - self._unlisted_above(conn, listing, seq)
            if corrected == seq:
                return seq
            seq = corrected
        # Very many unlisted posts near the top: fall back to an offset scan (still correct).
        found = conn.execute(
            select(listing.seq)
            .where(*listing.scope(), posts.c.listed == true())
            .order_by(listing.seq.desc())
            .offset(offset)
            .limit(1)
        ).scalar()
        return int(found) if found is not None else 0

    def page_of(self, number: int, *, section: str | None = None) -> int:
        """The list page that shows post ``number`` (page 1 for unlisted posts)."""
        with self._engines.read.connect() as conn:
            listing = self._listing(conn, section)
            row = conn.execute(
                select(listing.seq, posts.c.listed, posts.c.section_id).where(
                    posts.c.number == number
                )
            ).first()
            if row is None:
                raise NotFound(f"no post {number}")
            seq, listed, section_id = row
            if not listed or seq is None:
                return 1
            if listing.section_id is not None and section_id != listing.section_id:
                return 1
            top = self._top(conn, listing)
            rank = (top - int(seq)) - self._unlisted_above(conn, listing, int(seq))
            return rank // self.per_page + 1

    def neighbours(
        self, number: int, *, section: str | None = None
    ) -> tuple[BoardRow | None, BoardRow | None]:
        """(older, newer) listed posts next to ``number`` in the listing."""
        with self._engines.read.connect() as conn:
            listing = self._listing(conn, section)
            seq = conn.execute(select(listing.seq).where(posts.c.number == number)).scalar()
            if seq is None:
                return None, None
            base = select(*_ROW_COLUMNS).select_from(_ROW_FROM)
            listed = and_(*listing.scope(), posts.c.listed == true())
            older = conn.execute(
                base.where(listed, listing.seq < seq).order_by(listing.seq.desc()).limit(1)
            ).first()
            newer = conn.execute(
                base.where(listed, listing.seq > seq).order_by(listing.seq.asc()).limit(1)
            ).first()
        return (_row(older) if older else None, _row(newer) if newer else None)

    # one post ---------------------------------------------------------------------------
    def post(self, number: int) -> PostView:
        with self._engines.read.connect() as conn:
            r = conn.execute(
                select(
                    posts.c.number,
                    posts.c.posted_at,
                    posts.c.writer,
                    posts.c.hidden,
                    posts.c.notice,
                    articles.c.id.label("article_id"),
                    articles.c.title,
                    articles.c.labels,
                    articles.c.byline,
                    articles.c.authors,
                    articles.c.published_at,
                    articles.c.updated_at,
                    articles.c.canonical_url,
                    outlets.c.slug.label("outlet_slug"),
                    outlets.c.name.label("outlet_name"),
                    outlets.c.homepage.label("outlet_homepage"),
                    sections.c.slug.label("section_slug"),
                    sections.c.name.label("section_name"),
                    sections.c.position.label("section_position"),
                    article_bodies.c.html,
                    func.coalesce(post_views.c.views, 0).label("views"),
                )
                .select_from(
                    _ROW_FROM.join(article_bodies, article_bodies.c.article_id == articles.c.id)
                )
                .where(posts.c.number == number)
            ).first()
            if r is None:
                raise NotFound(f"no post {number}")
            photo_rows = conn.execute(
                select(photos.c.url, photos.c.caption, photos.c.credit)
                .where(photos.c.article_id == r.article_id)
                .order_by(photos.c.position)
            ).all()
        section = (
            Section(slug=r.section_slug, name=r.section_name, position=r.section_position)
            if r.section_slug
            else None
        )
        return PostView(
            number=int(r.number),
            title=r.title,
            labels=tuple(json.loads(r.labels)),
            outlet=Outlet(slug=r.outlet_slug, name=r.outlet_name, homepage=r.outlet_homepage),
            section=section,
            byline=r.byline,
            authors=tuple(json.loads(r.authors)),
            published=r.published_at,
            updated=r.updated_at,
            posted_at=r.posted_at,
            body_html=r.html,
            canonical_url=r.canonical_url,
            writer=r.writer,
            views=int(r.views),
            notice=bool(r.notice),
            hidden=bool(r.hidden),
            photos=tuple(Photo(url=p.url, caption=p.caption, credit=p.credit) for p in photo_rows),
        )

    # moderation -------------------------------------------------------------------------
    def set_flags(
        self, number: int, *, hidden: bool | None = None, notice: bool | None = None
    ) -> None:
        with self._engines.write.begin() as conn:
            row = conn.execute(
                select(posts.c.hidden, posts.c.notice).where(posts.c.number == number)
            ).first()
            if row is None:
                raise NotFound(f"no post {number}")
            new_hidden = row.hidden if hidden is None else hidden
            new_notice = row.notice if notice is None else notice
            conn.execute(
                update(posts)
                .where(posts.c.number == number)
                .values(
                    hidden=new_hidden,
                    notice=new_notice,
                    listed=not new_hidden and not new_notice,
                )
            )

    def count(self) -> int:
        with self._engines.read.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(posts)).scalar_one())
