"""Plain data passed between the stages. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

__all__ = [
    "Article",
    "BoardPage",
    "BoardRow",
    "Outlet",
    "Photo",
    "PostView",
    "Section",
    "Source",
]


@dataclass(frozen=True, slots=True)
class Outlet:
    slug: str
    name: str
    homepage: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    slug: str
    name: str
    position: int = 0


@dataclass(frozen=True, slots=True)
class Photo:
    url: str
    caption: str = ""
    credit: str = ""


@dataclass(frozen=True, slots=True)
class Article:
    """One extracted article, ready to store. ``body_html`` is sanitized by the store."""

    canonical_url: str
    title: str
    outlet: Outlet
    body_html: str
    body_text: str
    published: datetime
    section: Section | None = None
    labels: tuple[str, ...] = ()
    byline: str = ""
    authors: tuple[str, ...] = ()
    updated: datetime | None = None
    url: str = ""
    guid: str = ""
    photos: tuple[Photo, ...] = ()


class BoardRow(NamedTuple):
    """One row of a board list (a named tuple: twenty are built for every list page)."""

    number: int
    title: str
    labels: tuple[str, ...]
    outlet: str
    writer: str
    posted_at: datetime
    views: int
    section_slug: str | None
    has_photo: bool
    notice: bool = False


@dataclass(frozen=True, slots=True)
class BoardPage:
    """One page of the list: its rows, pinned notices and where it sits."""

    rows: tuple[BoardRow, ...]
    notices: tuple[BoardRow, ...]
    page: int
    pages: int
    total: int


@dataclass(frozen=True, slots=True)
class PostView:
    """Everything the article page shows about one post."""

    number: int
    title: str
    labels: tuple[str, ...]
    outlet: Outlet
    section: Section | None
    byline: str
    authors: tuple[str, ...]
    published: datetime
    updated: datetime | None
    posted_at: datetime
    body_html: str
    canonical_url: str
    writer: str
    views: int
    notice: bool
    hidden: bool
    photos: tuple[Photo, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Source:
    """A feed, sitemap or page the crawler fetches, with its schedule and health."""

    id: int
    url: str
    kind: str  # auto | rss | atom | jsonfeed | sitemap | sitemapindex | page
    title: str
    section_slug: str | None
    interval_minutes: int
    status: str  # active | disabled
    consecutive_errors: int
    last_error: str | None
    etag: str | None
    last_modified: str | None
    last_fetch_at: datetime | None
    next_fetch_at: datetime | None
    last_success_at: datetime | None
    articles_seen: int
    created_at: datetime
    lease_until: datetime | None = None
