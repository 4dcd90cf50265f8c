"""The current shape of the tables, for building queries.

The DDL that creates them lives in :mod:`ranknews.store.migrations` (append-only); a test checks
that a migrated database has exactly these columns.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    TextClause,
    TypeDecorator,
    bindparam,
    text,
)

__all__ = [
    "article_bodies",
    "article_signatures",
    "articles",
    "counters",
    "dedupe_bands",
    "metadata",
    "outlets",
    "photos",
    "post_view_hours",
    "post_views",
    "posts",
    "schema_migrations",
    "search_index",
    "sections",
    "sources",
    "stories",
    "story_posts",
    "story_terms",
    "term_docs",
    "term_hours",
    "timed_sql",
    "wire_copies",
]


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes, stored as UTC (TIMESTAMPTZ on PostgreSQL, text on SQLite)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass an aware one")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # pragma: no cover - SQLAlchemy parses sqlite text itself
            value = datetime.fromisoformat(value)
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def timed_sql(
    statement: str, *, times: tuple[str, ...] = (), lists: tuple[str, ...] = ()
) -> TextClause:
    """A plain-SQL statement whose ``times`` parameters are bound like :class:`UTCDateTime`
    columns (UTC; naive text on SQLite, where times compare as text, so an aware datetime bound
    untyped would compare wrongly) and whose ``lists`` parameters expand (``IN :name``)."""
    params = [bindparam(name, type_=UTCDateTime) for name in times]
    params += [bindparam(name, expanding=True) for name in lists]
    return text(statement).bindparams(*params)


metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("applied_at", UTCDateTime, nullable=False),
)

counters = Table(
    "counters",
    metadata,
    Column("name", Text, primary_key=True),
    Column("value", BigInteger, nullable=False),
)

outlets = Table(
    "outlets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", Text, nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("homepage", Text, nullable=False),
)

sections = Table(
    "sections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", Text, nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("position", Integer, nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("kind", Text, nullable=False),
    Column("outlet_id", Integer, ForeignKey("outlets.id")),
    Column("section_id", Integer, ForeignKey("sections.id")),
    Column("interval_minutes", Integer, nullable=False),
    Column("status", Text, nullable=False),
    Column("consecutive_errors", Integer, nullable=False),
    Column("last_error", Text),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_fetch_at", UTCDateTime),
    Column("next_fetch_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    Column("title", Text, nullable=False),
    Column("lease_owner", Text),
    Column("lease_until", UTCDateTime),
    Column("last_success_at", UTCDateTime),
    Column("articles_seen", Integer, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("canonical_url", Text, nullable=False, unique=True),
    Column("guid", Text),
    Column("url", Text, nullable=False),
    Column("outlet_id", Integer, ForeignKey("outlets.id"), nullable=False),
    Column("section_id", Integer, ForeignKey("sections.id")),
    Column("title", Text, nullable=False),
    Column("labels", Text, nullable=False),
    Column("byline", Text, nullable=False),
    Column("authors", Text, nullable=False),
    Column("published_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime),
    Column("fetched_at", UTCDateTime, nullable=False),
    Column("content_hash", Text, nullable=False),
    Column("url_key", Text, unique=True),
)

article_bodies = Table(
    "article_bodies",
    metadata,
    Column(
        "article_id",
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("html", Text, nullable=False),
    Column("text", Text, nullable=False),
)

photos = Table(
    "photos",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column(
        "article_id",
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("position", Integer, nullable=False),
    Column("url", Text, nullable=False),
    Column("caption", Text, nullable=False),
    Column("credit", Text, nullable=False),
)

posts = Table(
    "posts",
    metadata,
    Column(
        "number",
        BigInteger().with_variant(Integer, "sqlite"),
        primary_key=True,
        autoincrement=False,
    ),
    Column(
        "article_id",
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("articles.id"),
        nullable=False,
        unique=True,
    ),
    Column("section_id", Integer, ForeignKey("sections.id")),
    Column("section_seq", BigInteger),
    Column("posted_at", UTCDateTime, nullable=False),
    Column("writer", Text, nullable=False),
    Column("hidden", Boolean, nullable=False),
    Column("notice", Boolean, nullable=False),
    Column("listed", Boolean, nullable=False),
)

post_views = Table(
    "post_views",
    metadata,
    Column(
        "post_number",
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("posts.number", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("views", BigInteger, nullable=False),
)

# The search index (migration 4): on SQLite a contentless FTS5 table whose rowid is the post
# number (``number`` is an UNINDEXED column that stores nothing); on PostgreSQL ``tsvector``
# columns. Written and read only through :mod:`ranknews.store.search`.
search_index = Table(
    "search_index",
    metadata,
    Column("number", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("title", Text),
    Column("body", Text),
    Column("writer", Text),
    Column("section", Integer),
)


# Migration 5: wire copies, stories, trends and hourly views.
_ID = BigInteger().with_variant(Integer, "sqlite")

article_signatures = Table(
    "article_signatures",
    metadata,
    Column("article_id", _ID, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)

dedupe_bands = Table(
    "dedupe_bands",
    metadata,
    Column("band_key", BigInteger, primary_key=True),
    Column("published_at", UTCDateTime, primary_key=True),
    Column("article_id", _ID, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
)

wire_copies = Table(
    "wire_copies",
    metadata,
    Column("article_id", _ID, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("post_number", _ID, ForeignKey("posts.number", ondelete="CASCADE"), nullable=False),
    Column("score", Float, nullable=False),
    Column("found_at", UTCDateTime, nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", _ID, primary_key=True),
    Column("first_post", _ID, nullable=False),
    Column("title", Text, nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("posts", Integer, nullable=False),
    Column("articles", Integer, nullable=False),
    Column("outlets", Integer, nullable=False),
)

story_posts = Table(
    "story_posts",
    metadata,
    Column("post_number", _ID, ForeignKey("posts.number", ondelete="CASCADE"), primary_key=True),
    Column("story_id", _ID, ForeignKey("stories.id"), nullable=False),
    Column("published_at", UTCDateTime, nullable=False),
    Column("keywords", Text, nullable=False),
)

story_terms = Table(
    "story_terms",
    metadata,
    Column("term", Text, primary_key=True),
    Column("published_at", UTCDateTime, primary_key=True),
    Column("post_number", _ID, ForeignKey("posts.number", ondelete="CASCADE"), primary_key=True),
)

term_docs = Table(
    "term_docs",
    metadata,
    Column("term", Text, primary_key=True),
    Column("docs", BigInteger, nullable=False),
)

term_hours = Table(
    "term_hours",
    metadata,
    Column("term", Text, primary_key=True),
    Column("hour", UTCDateTime, primary_key=True),
    Column("docs", Integer, nullable=False),
)

post_view_hours = Table(
    "post_view_hours",
    metadata,
    Column("post_number", _ID, ForeignKey("posts.number", ondelete="CASCADE"), primary_key=True),
    Column("hour", UTCDateTime, primary_key=True),
    Column("views", BigInteger, nullable=False),
)
