"""Sitemaps (https://www.sitemaps.org/protocol.html) with the Google News and image extensions.

Parsed with defusedxml: entity declarations and external references raise
:class:`ParseError`. Gzip-compressed bytes are inflated first, up to
:data:`~ranknews.sources._xml.MAX_DECOMPRESSED_BYTES`.
"""

from __future__ import annotations

from datetime import datetime
from xml.etree.ElementTree import Element

from ranknews.dates import parse_date
from ranknews.errors import ParseError
from ranknews.sources._text import absolute_http_url, plain_title
from ranknews.sources._xml import local_name, maybe_gunzip, parse_xml
from ranknews.sources.entries import Entry, ParsedSource, newest_first

__all__ = ["SITEMAP_ROOTS", "parse_sitemap"]

SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
"""Local names of the root elements of a sitemap and of a sitemap index."""


def parse_sitemap(content: bytes, url: str) -> ParsedSource:
    """Read a sitemap (``kind="sitemap"``) or a sitemap index (``kind="sitemapindex"``).

    A sitemap's ``<url>`` entries become :class:`Entry` objects: ``loc`` is the URL and
    guid, ``lastmod`` the ``updated`` time (``None`` when equal to ``published``); a
    ``news:news`` block gives the title, ``published`` (``news:publication_date``) and the
    source title (the publication name); the first ``image:loc`` is the image. Without a
    news block an entry has no title and no ``published``: a lastmod is not a
    publication time. An index lists its children in
    ``sitemaps``. Relative locations are resolved against ``url``.
    """
    data = maybe_gunzip(content)
    if not data.strip():
        raise ParseError("empty document: the response has no body, so no sitemap")
    root, warnings = parse_xml(data, what="sitemap")
    name = local_name(root.tag)
    if name == "sitemapindex":
        return _index(root, url, warnings)
    if name != "urlset":
        hint = " (an HTML page)" if name.lower() == "html" else ""
        raise ParseError(f"not a sitemap: the root element is <{name}>{hint}")

    entries: list[Entry] = []
    publication = ""
    for index, node in enumerate(_children(root, "url"), 1):
        loc = _text(node, "loc")
        address = absolute_http_url(url, loc)
        if address is None:
            reason = f"location {loc!r} is not an http(s) URL" if loc else "no <loc>"
            warnings.append(f"url {index} skipped: {reason}")
            continue
        title = ""
        published = None
        news = _first(node, "news")
        if news is not None:
            title = plain_title(_text(news, "title"))
            published = _date(news, "publication_date", index, warnings)
            source = _first(news, "publication")
            if source is not None and not publication:
                publication = _text(source, "name")
        updated = _date(node, "lastmod", index, warnings)
        if updated == published:
            updated = None
        image = None
        for picture in _children(node, "image"):
            image = absolute_http_url(url, _text(picture, "loc"))
            if image is not None:
                break
        entries.append(
            Entry(
                url=address,
                guid=address,
                title=title,
                published=published,
                updated=updated,
                summary="",
                authors=(),
                section="",
                image=image,
            )
        )
    return ParsedSource(
        kind="sitemap",
        title=publication,
        entries=newest_first(entries),
        warnings=tuple(warnings),
    )


def _index(root: Element, url: str, warnings: list[str]) -> ParsedSource:
    children: list[str] = []
    for index, node in enumerate(_children(root, "sitemap"), 1):
        loc = _text(node, "loc")
        address = absolute_http_url(url, loc)
        if address is None:
            reason = f"location {loc!r} is not an http(s) URL" if loc else "no <loc>"
            warnings.append(f"sitemap {index} skipped: {reason}")
        elif address not in children:
            children.append(address)
    return ParsedSource(kind="sitemapindex", sitemaps=tuple(children), warnings=tuple(warnings))


def _children(node: Element, name: str) -> list[Element]:
    """Direct children by local name, whatever their namespace (or none)."""
    return [child for child in node if isinstance(child.tag, str) and local_name(child.tag) == name]


def _first(node: Element, name: str) -> Element | None:
    found = _children(node, name)
    return found[0] if found else None


def _text(node: Element, name: str) -> str:
    child = _first(node, name)
    if child is None:
        return ""
    return " ".join("".join(child.itertext()).split())


def _date(node: Element, name: str, index: int, warnings: list[str]) -> datetime | None:
    raw = _text(node, name)
    if not raw:
        return None
    value = parse_date(raw)
    if value is None:
        warnings.append(f"url {index}: unreadable {name} {raw!r} ignored")
    return value
