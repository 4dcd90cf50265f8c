"""From bytes to entries: feeds (RSS, Atom, JSON Feed), sitemaps and OPML lists.

Nothing here fetches: every reader takes the bytes of a response and the URL they came
from (to resolve relative links). Unreadable input raises :class:`ranknews.errors.ParseError`.
"""

from __future__ import annotations

from ranknews.sources.detect import detect_format, parse_source
from ranknews.sources.entries import Entry, ParsedSource
from ranknews.sources.feeds import parse_feed
from ranknews.sources.jsonfeed import parse_json_feed
from ranknews.sources.opml import Outline, parse_opml, write_opml
from ranknews.sources.sitemaps import parse_sitemap

__all__ = [
    "Entry",
    "Outline",
    "ParsedSource",
    "detect_format",
    "parse_feed",
    "parse_json_feed",
    "parse_opml",
    "parse_sitemap",
    "parse_source",
    "write_opml",
]
