"""Which reader a body needs, told by its content; the Content-Type is only a hint."""

from __future__ import annotations

from ranknews.errors import ParseError
from ranknews.sources._xml import decode_xml, local_name, maybe_gunzip, root_element, strip_bom
from ranknews.sources.entries import ParsedSource
from ranknews.sources.feeds import FEED_ROOTS, parse_feed
from ranknews.sources.jsonfeed import parse_json_feed
from ranknews.sources.sitemaps import SITEMAP_ROOTS, parse_sitemap

__all__ = ["detect_format", "parse_source"]


def detect_format(content: bytes) -> str:
    """What the (already inflated) bytes hold, judged by content alone.

    ``"json"`` (a JSON body, perhaps a JSON Feed), ``"feed"`` (root ``rss``,
    ``rdf:RDF`` or ``feed``), ``"sitemap"`` (root ``urlset`` or ``sitemapindex``),
    ``"opml"``, ``"html"``, ``"empty"`` or ``"unknown"``.
    """
    body, _ = strip_bom(content)
    start = body.lstrip()[:1]
    if not start:
        return "empty"
    if start in (b"{", b"["):
        return "json"
    if start != b"<":
        return "unknown"
    try:
        text, _ = decode_xml(content)
    except ParseError:
        return "unknown"
    root = root_element(text)
    if root is None:
        return "html" if text[:15].lower().startswith("<!doctype html") else "unknown"
    name = local_name(root).lower()
    if name in FEED_ROOTS:
        return "feed"
    if name in SITEMAP_ROOTS:
        return "sitemap"
    if name in ("opml", "html"):
        return name
    return "unknown"


def parse_source(content: bytes, url: str, content_type: str | None = None) -> ParsedSource:
    """Read a feed (RSS, Atom, JSON Feed) or a sitemap, whichever the bytes hold.

    The format is detected from the content: servers label feeds ``text/html`` or
    ``application/octet-stream`` often enough that the ``content_type`` only adds detail
    to the error message. Gzip bytes are inflated first (with a size cap).
    """
    data = maybe_gunzip(content)
    found = detect_format(data)
    served = f" (served as {content_type})" if content_type else ""
    if found == "json":
        return parse_json_feed(data, url)
    if found == "feed":
        return parse_feed(data, url)
    if found == "sitemap":
        return parse_sitemap(data, url)
    if found == "empty":
        raise ParseError(f"empty document{served}: no feed or sitemap")
    if found == "html":
        raise ParseError(
            f"an HTML page{served}, not a feed or sitemap (the address may have moved)"
        )
    if found == "opml":
        raise ParseError(f"an OPML subscription list{served}: read it with parse_opml")
    raise ParseError(f"neither a feed nor a sitemap{served}: no RSS, Atom, JSON Feed or sitemap")
