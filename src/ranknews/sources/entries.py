"""What the readers return: entries of a feed or sitemap, and the source they came from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

__all__ = ["Entry", "ParsedSource", "newest_first"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One article announced by a feed or listed in a sitemap."""

    url: str
    """Absolute http(s) article URL, resolved against the feed URL."""
    guid: str
    """The feed's id/guid as written, or the URL when there is none."""
    title: str
    """Plain text, one line."""
    published: datetime | None
    """Timezone-aware; KST when the feed gives no zone. The only date given, if just one."""
    updated: datetime | None
    """A distinct modification time, if the feed gives one besides ``published``."""
    summary: str
    """Plain text, one line per paragraph."""
    authors: tuple[str, ...]
    """Bare names: no e-mail address, no trailing job title such as 기자."""
    section: str
    """The first category (its label when the feed gives one), else ``""``."""
    image: str | None
    """Absolute URL of the entry's picture, if any."""


@dataclass(frozen=True, slots=True)
class ParsedSource:
    """A feed or sitemap read from bytes."""

    kind: str
    """``"rss"``, ``"atom"``, ``"jsonfeed"``, ``"sitemap"`` or ``"sitemapindex"``."""
    title: str = ""
    link: str = ""
    """The site's address, if the source gives one (absolute)."""
    entries: tuple[Entry, ...] = ()
    """Newest first where dates exist; undated entries follow in document order."""
    sitemaps: tuple[str, ...] = ()
    """Child sitemap URLs of a sitemap index (absolute)."""
    warnings: tuple[str, ...] = ()
    """Defects that did not stop the reading: malformed XML read leniently, skipped entries."""


def newest_first(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    """Entries by ``published`` (else ``updated``) descending; undated ones last, in order."""

    def key(entry: Entry) -> tuple[bool, float]:
        when = entry.published or entry.updated
        return (when is not None, when.timestamp() if when is not None else 0.0)

    return tuple(sorted(entries, key=key, reverse=True))
