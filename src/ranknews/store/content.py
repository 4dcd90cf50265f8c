"""Outlets, sections, articles with their bodies and photos; a new article becomes a post."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, insert, or_, select, text, update

from ranknews.analysis import Analysis
from ranknews.errors import InvalidInput
from ranknews.models import Article, Outlet, Section
from ranknews.sanitize import sanitize_html
from ranknews.store.engine import Engines, utc
from ranknews.store.schema import (
    article_bodies,
    articles,
    outlets,
    photos,
    posts,
    sections,
    wire_copies,
)
from ranknews.store.search import Doc, SearchIndex
from ranknews.store.stories import StoryStore
from ranknews.store.trends import TrendStore
from ranknews.urls import clean_url, url_key

__all__ = ["ContentStore", "StoredArticle"]

# Upserts written so that concurrent writers (threads, processes, PostgreSQL workers) never
# collide on the unique slugs; RETURNING gives no row when nothing had to change.
_UPSERT_OUTLET = text(
    "INSERT INTO outlets (slug, name, homepage) VALUES (:slug, :name, :homepage)"
    " ON CONFLICT (slug) DO UPDATE SET name = excluded.name, homepage = excluded.homepage"
    " WHERE outlets.name <> excluded.name OR outlets.homepage <> excluded.homepage"
    " RETURNING id"
)
_INSERT_SECTION = text(
    "INSERT INTO sections (slug, name, position) VALUES (:slug, :name, :position)"
    " ON CONFLICT (slug) DO NOTHING RETURNING id"
)

_NEXT_COUNTER = text(
    "INSERT INTO counters (name, value) VALUES (:name, 1)"
    " ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value"
)


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """Where an article went: its post ``number`` (for a wire copy, the post it is listed
    under, with ``copy`` set), whether it was new and whether its content changed."""

    article_id: int
    number: int
    created: bool
    changed: bool
    copy: bool = False


@dataclass(frozen=True, slots=True)
class _Row:
    """An article's ``articles`` column values, ready to insert or update, with its sanitized
    body HTML and what it is looked up by (URL keys, cleaned canonical URL)."""

    values: dict[str, object]
    html: str
    digest: str
    canonical: str
    keys: tuple[str, ...]
    section_id: int | None


@dataclass(frozen=True, slots=True)
class _Existing:
    """A stored article found for a new version: its id and its content hash."""

    article_id: int
    content_hash: str


class ContentStore:
    def __init__(
        self, engines: Engines, search: SearchIndex, stories: StoryStore, trends: TrendStore
    ) -> None:
        self._engines = engines
        self._search = search
        self._stories = stories
        self._trends = trends
        # Outlet and section rows are never deleted, so their ids can be remembered; this
        # saves two statements on every article stored.
        self._outlet_ids: dict[Outlet, int] = {}
        self._section_ids: dict[str, int] = {}

    # outlets and sections ---------------------------------------------------------------
    def ensure_outlet(self, conn: Connection, outlet: Outlet) -> int:
        found = conn.execute(
            _UPSERT_OUTLET,
            {"slug": outlet.slug, "name": outlet.name, "homepage": outlet.homepage},
        ).scalar()
        if found is None:  # present and unchanged
            found = conn.execute(
                select(outlets.c.id).where(outlets.c.slug == outlet.slug)
            ).scalar_one()
        return int(found)

    def ensure_section(self, conn: Connection, section: Section) -> int:
        found = conn.execute(
            _INSERT_SECTION,
            {"slug": section.slug, "name": section.name, "position": section.position},
        ).scalar()
        if found is None:
            found = conn.execute(
                select(sections.c.id).where(sections.c.slug == section.slug)
            ).scalar_one()
        return int(found)

    def save_sections(self, items: list[Section]) -> None:
        with self._engines.write.begin() as conn:
            for section in items:
                section_id = self.ensure_section(conn, section)
                conn.execute(
                    update(sections)
                    .where(sections.c.id == section_id)
                    .values(name=section.name, position=section.position)
                )

    def sections(self) -> list[Section]:
        with self._engines.read.connect() as conn:
            rows = conn.execute(
                select(sections.c.slug, sections.c.name, sections.c.position).order_by(
                    sections.c.position, sections.c.id
                )
            ).all()
        return [Section(slug=r.slug, name=r.name, position=r.position) for r in rows]

    # articles ---------------------------------------------------------------------------
    def save_article(
        self,
        article: Article,
        *,
        now: datetime,
        writer: str,
        analysis: Analysis | None = None,
        conn: Connection | None = None,
    ) -> StoredArticle:
        """Insert or update ``article`` (unique by canonical URL, then GUID) in one transaction.

        A new article gets the next board number; an updated one keeps its number. With an
        ``analysis`` (:mod:`ranknews.analysis`, made at ingestion) a new article that is a near
        copy of a recent post is stored as that post's wire copy instead of a post, and a new
        post is put in a story (:mod:`ranknews.store.stories`).
        """
        if conn is not None:
            ids = self._ids(conn, article)
            return self._save(conn, article, *ids, now=now, writer=writer, analysis=analysis)
        return self.save_articles([(article, analysis)], now=now, writer=writer)[0]

    def save_articles(
        self,
        items: Sequence[tuple[Article, Analysis | None]],
        *,
        now: datetime,
        writer: str,
    ) -> list[StoredArticle]:
        """Insert or update several articles, in order, in one transaction: all or none.

        What :meth:`save_article` does for each, with one commit for all of them instead of
        one each; a crawl stores the articles that are ready together.
        """
        stored: list[StoredArticle] = []
        resolved: list[tuple[Article, int, int | None]] = []
        with self._engines.write.begin() as conn:
            for article, analysis in items:
                outlet_id, section_id = self._ids(conn, article)
                resolved.append((article, outlet_id, section_id))
                stored.append(
                    self._save(
                        conn,
                        article,
                        outlet_id,
                        section_id,
                        now=now,
                        writer=writer,
                        analysis=analysis,
                    )
                )
        # Committed: these rows exist for good (outlets and sections are never deleted). In a
        # caller's transaction (save_article's conn) they are not remembered: it may roll back.
        for article, outlet_id, section_id in resolved:
            self._outlet_ids[article.outlet] = outlet_id
            if article.section is not None and section_id is not None:
                self._section_ids[article.section.slug] = section_id
        return stored

    def _ids(self, conn: Connection, article: Article) -> tuple[int, int | None]:
        """The article's outlet and section ids, remembered ones or found/created now."""
        outlet_id = self._outlet_ids.get(article.outlet) or self.ensure_outlet(conn, article.outlet)
        if article.section is None:
            return outlet_id, None
        section_id = self._section_ids.get(article.section.slug) or self.ensure_section(
            conn, article.section
        )
        return outlet_id, section_id

    def _save(
        self,
        conn: Connection,
        article: Article,
        outlet_id: int,
        section_id: int | None,
        *,
        now: datetime,
        writer: str,
        analysis: Analysis | None,
    ) -> StoredArticle:
        """Store one article in ``conn``'s transaction: the stored article it updates, else a
        new wire copy of a recent post, else a new post."""
        row = _prepare(article, outlet_id, section_id, now)
        existing = self._find_existing(conn, article, row.keys, row.canonical)
        if existing is not None:
            return self._update_existing(conn, article, row, existing)
        if analysis is not None:
            copy_of = self._find_copy(conn, article, analysis)
            if copy_of is not None:
                return self._store_copy(conn, article, row, copy_of, now=now, analysis=analysis)
        return self._store_post(conn, article, row, now=now, writer=writer, analysis=analysis)

    @staticmethod
    def _find_existing(
        conn: Connection, article: Article, keys: Sequence[str], canonical: str
    ) -> _Existing | None:
        """The stored article with one of these URL keys or this canonical URL, else the one
        with the article's GUID."""
        found = conn.execute(
            select(articles.c.id, articles.c.content_hash).where(
                or_(articles.c.url_key.in_(keys), articles.c.canonical_url == canonical)
            )
        ).first()
        if found is None and article.guid:
            found = conn.execute(
                select(articles.c.id, articles.c.content_hash).where(
                    articles.c.guid == article.guid
                )
            ).first()
        return None if found is None else _Existing(int(found.id), found.content_hash)

    def _update_existing(
        self, conn: Connection, article: Article, row: _Row, existing: _Existing
    ) -> StoredArticle:
        """Rewrite a stored article in place. A post keeps its number and its search entry
        follows the new text; a wire copy stays listed under its post and is not indexed."""
        article_id = existing.article_id
        changed = existing.content_hash != row.digest
        copy_of = conn.execute(
            select(wire_copies.c.post_number).where(wire_copies.c.article_id == article_id)
        ).scalar()
        # Read before the update: the old text is what the search index must forget.
        old = None if copy_of is not None else self._search.old_doc(conn, article_id)
        conn.execute(update(articles).where(articles.c.id == article_id).values(**row.values))
        conn.execute(
            update(article_bodies)
            .where(article_bodies.c.article_id == article_id)
            .values(html=row.html, text=article.body_text)
        )
        conn.execute(delete(photos).where(photos.c.article_id == article_id))
        self._insert_photos(conn, article_id, article)
        if old is None:  # a wire copy: listed under its post, not indexed
            assert copy_of is not None
            return StoredArticle(
                article_id, int(copy_of), created=False, changed=changed, copy=True
            )
        number, old_doc = old
        new_doc = Doc.of(
            article.title,
            article.body_text,
            article.outlet.name,
            article.byline,
            old_doc.section_id,
        )
        if changed or new_doc != old_doc:
            self._search.replace(conn, number, old_doc, new_doc)
        return StoredArticle(article_id, int(number), created=False, changed=changed)

    def _find_copy(
        self, conn: Connection, article: Article, analysis: Analysis
    ) -> tuple[int, float] | None:
        """The recent post a new article is a near copy of, and the match score, if any."""
        if conn.dialect.name == "postgresql":
            # Workers store one transaction at a time, so that two copies of one report
            # arriving together do not both become posts (SQLite's writer lock does this).
            conn.execute(text("SELECT pg_advisory_xact_lock(7242638)"))
        return self._stories.find_copy(conn, analysis, article.published)

    def _store_copy(
        self,
        conn: Connection,
        article: Article,
        row: _Row,
        copy_of: tuple[int, float],
        *,
        now: datetime,
        analysis: Analysis,
    ) -> StoredArticle:
        """Insert a new article as a wire copy listed under post ``copy_of`` (number, score)."""
        article_id = self._insert_article(conn, article, row)
        number, score = copy_of
        self._stories.add_copy(
            conn,
            article_id,
            number,
            score,
            published=article.published,
            now=now,
            analysis=analysis,
        )
        return StoredArticle(article_id, number, created=True, changed=True, copy=True)

    def _store_post(
        self,
        conn: Connection,
        article: Article,
        row: _Row,
        *,
        now: datetime,
        writer: str,
        analysis: Analysis | None,
    ) -> StoredArticle:
        """Insert a new article as a post: the next board and section numbers, its search
        entry and, with an ``analysis``, its story and trend nouns."""
        article_id = self._insert_article(conn, article, row)
        section_id = row.section_id
        number = int(conn.execute(_NEXT_COUNTER, {"name": "board"}).scalar_one())
        section_seq = (
            int(conn.execute(_NEXT_COUNTER, {"name": f"section:{section_id}"}).scalar_one())
            if section_id is not None
            else None
        )
        conn.execute(
            insert(posts).values(
                number=number,
                article_id=article_id,
                section_id=section_id,
                section_seq=section_seq,
                posted_at=now,
                writer=writer,
                hidden=False,
                notice=False,
                listed=True,
            )
        )
        self._search.add(
            conn,
            number,
            Doc.of(
                article.title, article.body_text, article.outlet.name, article.byline, section_id
            ),
        )
        if analysis is not None:
            self._stories.place_post(
                conn,
                number=number,
                article_id=article_id,
                title=article.title,
                published=article.published,
                analysis=analysis,
            )
            self._trends.record(conn, analysis.nouns, article.published)
        return StoredArticle(article_id, number, created=True, changed=True)

    def _insert_article(self, conn: Connection, article: Article, row: _Row) -> int:
        """Insert a new article's row, body and photos; its id."""
        article_id = int(
            conn.execute(
                insert(articles).values(**row.values).returning(articles.c.id)
            ).scalar_one()
        )
        conn.execute(
            insert(article_bodies).values(
                article_id=article_id, html=row.html, text=article.body_text
            )
        )
        self._insert_photos(conn, article_id, article)
        return article_id

    def unplaced(self, limit: int) -> list[tuple[int, str, str]]:
        """Posts stored without an analysis (before migration 5, or by a path that gave none),
        oldest publication first: (number, title, body text). Notices are left out."""
        with self._engines.read.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT p.number, a.title, b.text FROM posts p"
                    " JOIN articles a ON a.id = p.article_id"
                    " JOIN article_bodies b ON b.article_id = a.id"
                    " WHERE p.notice = false AND NOT EXISTS"
                    " (SELECT 1 FROM story_posts sp WHERE sp.post_number = p.number)"
                    " ORDER BY a.published_at, p.number LIMIT :limit"
                ),
                {"limit": limit},
            ).all()
        return [(int(r.number), r.title, r.text) for r in rows]

    def place(self, number: int, analysis: Analysis) -> int | None:
        """Give an existing post its analysis: signature, story, trend nouns (one transaction).
        Returns its story, or ``None`` if it is gone or already placed. An existing post is
        never turned into a wire copy: its number stays."""
        with self._engines.write.begin() as conn:
            row = conn.execute(
                text(
                    "SELECT p.article_id, a.title, a.published_at FROM posts p"
                    " JOIN articles a ON a.id = p.article_id WHERE p.number = :n AND NOT EXISTS"
                    " (SELECT 1 FROM story_posts sp WHERE sp.post_number = p.number)"
                ),
                {"n": number},
            ).first()
            if row is None:
                return None
            published = utc(row.published_at)
            story = self._stories.place_post(
                conn,
                number=number,
                article_id=int(row.article_id),
                title=row.title,
                published=published,
                analysis=analysis,
            )
            self._trends.record(conn, analysis.nouns, published)
        return story

    def known(self, urls: Sequence[str], guids: Sequence[str]) -> dict[str, datetime]:
        """For the given addresses and feed GUIDs, those already stored, mapped (by the
        address's ``url_key`` and by GUID) to the article's last update or publication time."""
        keys = {url_key(u): u for u in urls}
        found: dict[str, datetime] = {}
        with self._engines.read.connect() as conn:
            for chunk in _chunks(list(keys), 500):
                for row in conn.execute(
                    select(
                        articles.c.url_key, articles.c.published_at, articles.c.updated_at
                    ).where(articles.c.url_key.in_(chunk))
                ):
                    found[row.url_key] = row.updated_at or row.published_at
            for chunk in _chunks([g for g in guids if g], 500):
                for row in conn.execute(
                    select(articles.c.guid, articles.c.published_at, articles.c.updated_at).where(
                        articles.c.guid.in_(chunk)
                    )
                ):
                    found[row.guid] = row.updated_at or row.published_at
        return found

    @staticmethod
    def _insert_photos(conn: Connection, article_id: int, article: Article) -> None:
        if not article.photos:
            return
        conn.execute(
            insert(photos),
            [
                {
                    "article_id": article_id,
                    "position": i,
                    "url": p.url,
                    "caption": p.caption,
                    "credit": p.credit,
                }
                for i, p in enumerate(article.photos)
            ],
        )


def _prepare(article: Article, outlet_id: int, section_id: int | None, now: datetime) -> _Row:
    """The row values of ``article``; raises InvalidInput for a naive publication or update
    time. The content hash covers title, labels and body text."""
    for name, value in (("published", article.published), ("updated", article.updated)):
        if value is not None and value.utcoffset() is None:
            raise InvalidInput(f"article {name} time must be timezone-aware: {value!r}")
    html = sanitize_html(article.body_html)
    digest = hashlib.sha256(
        "\x1f".join((article.title, *article.labels, article.body_text)).encode()
    ).hexdigest()
    canonical = clean_url(article.canonical_url)
    key = url_key(canonical)
    keys = (key, url_key(article.url)) if article.url else (key,)
    values: dict[str, object] = {
        "canonical_url": canonical,
        "url_key": key,
        "guid": article.guid or None,
        "url": article.url or article.canonical_url,
        "outlet_id": outlet_id,
        "section_id": section_id,
        "title": article.title,
        "labels": json.dumps(list(article.labels), ensure_ascii=False),
        "byline": article.byline,
        "authors": json.dumps(list(article.authors), ensure_ascii=False),
        "published_at": article.published,
        "updated_at": article.updated,
        "fetched_at": now,
        "content_hash": digest,
    }
    return _Row(values, html, digest, canonical, keys, section_id)


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
