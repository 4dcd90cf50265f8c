"""RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 through feedparser, fed bytes; JSON Feed by hand.

feedparser 6.0 does not read JSON Feed (it reports a SAX error on JSON), so
:func:`parse_feed` hands JSON bodies to :mod:`ranknews.sources.jsonfeed`.

How feedparser is called, and why:

* it gets an ``io.BytesIO``, never ``bytes`` or ``str``: given ``bytes`` it first tries
  ``open()`` on them as a file name, and given ``str`` it fetches URLs;
* it gets UTF-8 that we decoded ourselves (EUC-KR read as CP949, see ``_xml``), because
  Python's ``euc_kr`` codec fails on UHC syllables such as 똠 and feedparser then falls
  back to windows-1252;
* it gets no ``Content-Location``: with a base URL it rewrites relative ids
  (``<guid>abc-1</guid>`` becomes ``https://site/abc-1``) and invents links from them.
  We resolve links against the feed URL ourselves;
* its ``*_parsed`` dates are UTC tuples in which a date without a zone (or with ``KST``,
  which it does not know) was taken as UTC, so the raw strings are parsed here instead, with
  the engine's one date parser (:mod:`ranknews.dates`); its tuple is used only when the raw
  date ends with an explicit offset that our parser did not read (no date handler is
  registered with feedparser: that registry is global);
* ``FeedParserDict.get("updated")`` silently returns ``published`` with a
  ``DeprecationWarning``, so entries are read with ``dict.get``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import feedparser  # type: ignore[import-untyped, unused-ignore]

from ranknews.dates import has_zone, parse_date
from ranknews.errors import ParseError
from ranknews.sources._text import (
    absolute_http_url,
    author_names,
    clean_text,
    html_to_text,
    is_http_url,
    plain_title,
    shorten,
)
from ranknews.sources._xml import (
    UTF8_DECLARATION,
    decode_xml,
    local_name,
    maybe_gunzip,
    refuse_entity_declarations,
    root_element,
    strip_bom,
)
from ranknews.sources.entries import Entry, ParsedSource, newest_first
from ranknews.sources.jsonfeed import parse_json_feed

__all__ = ["FEED_ROOTS", "parse_feed"]

FEED_ROOTS = frozenset({"rss", "rdf", "feed"})
"""Local names (lower case) of the root elements of RSS 0.9x/2.0, RSS 1.0 and Atom."""

_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".bmp", ".svg")


def parse_feed(content: bytes, url: str) -> ParsedSource:
    """Read an RSS, Atom or JSON Feed document; ``url`` is where it was fetched from.

    Raises :class:`ParseError` for an empty body, an HTML page, binary data, entity
    declarations, or a document so broken that no entry can be read. A feed with a
    defect but readable entries is returned with ``warnings`` set.
    """
    data = maybe_gunzip(content)
    body, _ = strip_bom(data)
    start = body.lstrip()[:1]
    if not start:
        raise ParseError("empty document: the response has no body, so no feed")
    if start in (b"{", b"["):
        return parse_json_feed(data, url)
    text, warnings = decode_xml(data, what="feed")
    refuse_entity_declarations(text, what="feed")
    _check_feed_root(root_element(text))
    try:
        parsed = feedparser.parse(
            io.BytesIO((UTF8_DECLARATION + text).encode("utf-8")),
            response_headers={"content-type": "application/xml; charset=utf-8"},
            resolve_relative_uris=False,
            sanitize_html=True,
        )
    except Exception as exc:  # hostile input can break feedparser in ways it does not report
        raise ParseError(
            f"malformed feed: feedparser failed ({type(exc).__name__}: {exc})"
        ) from exc
    return _to_source(parsed, url, warnings)


def _check_feed_root(root: str | None) -> None:
    """Raise a :class:`ParseError` that says what the document is if it is not a feed."""
    if root is None:
        raise ParseError(
            "not a feed: the document does not start with an XML element"
            " (binary data, plain text or a truncated response?)"
        )
    name = local_name(root).lower()
    if name == "html":
        raise ParseError("not a feed: an HTML page (the feed may have moved or been removed)")
    if name in ("urlset", "sitemapindex"):
        raise ParseError(f"not a feed: a sitemap (<{root}>)")
    if name == "opml":
        raise ParseError("not a feed: an OPML subscription list")
    if name not in FEED_ROOTS:
        raise ParseError(f"not a feed: the root element is <{root}>, not rss, rdf:RDF or feed")


def _to_source(parsed: dict[str, Any], url: str, warnings: list[str]) -> ParsedSource:
    version = str(_get(parsed, "version") or "")
    raw_entries: Sequence[dict[str, Any]] = _get(parsed, "entries") or []
    problem = _get(parsed, "bozo_exception") if _get(parsed, "bozo") else None
    if problem is not None:
        if not raw_entries:
            raise ParseError(f"malformed feed, no entry could be read: {problem}")
        warnings.append(f"feed is not well-formed XML ({problem}); its entries were read leniently")
    if not version and not raw_entries:
        raise ParseError("not a feed: feedparser recognised no RSS or Atom structure")

    kind = "atom" if version.startswith("atom") else "rss"
    feed: dict[str, Any] = _get(parsed, "feed") or {}
    feed_authors = _authors(feed, "atom") if kind == "atom" else ()
    entries: list[Entry] = []
    for index, raw in enumerate(raw_entries, 1):
        entry = _entry(raw, url, kind, feed_authors, index, warnings)
        if entry is not None:
            entries.append(entry)
    return ParsedSource(
        kind=kind,
        title=_title(feed),
        link=absolute_http_url(url, _get(feed, "link")) or "",
        entries=newest_first(entries),
        warnings=tuple(warnings),
    )


def _entry(
    raw: dict[str, Any],
    base: str,
    kind: str,
    feed_authors: tuple[str, ...],
    index: int,
    warnings: list[str],
) -> Entry | None:
    title = _title(raw)
    label = f"entry {index}" + (f" ({title!r})" if title else "")
    guid = str(_get(raw, "id") or "").strip()
    link = _get(raw, "link")
    if _get(raw, "guidislink") and link == guid:
        link = None  # feedparser copied a permalink <guid> into the link: judge it as a guid
    url = absolute_http_url(base, link)
    if link and url is None:
        warnings.append(f"{label}: link {link!r} is not an http(s) URL")
    if url is None and guid:
        if is_http_url(guid):
            url = guid
        elif _get(raw, "guidislink") and guid.startswith("/"):
            url = absolute_http_url(base, guid)
    if url is None:
        warnings.append(f"{label} skipped: no http(s) link, and its id is not a URL")
        return None

    published = _date(raw, "published", label, warnings) or _date(raw, "created", label, warnings)
    updated = _date(raw, "updated", label, warnings)
    if published is None:
        published, updated = updated, None
    elif updated == published:
        updated = None

    summary, images = _summary(raw)
    return Entry(
        url=url,
        guid=guid or url,
        title=title,
        published=published,
        updated=updated,
        summary=summary,
        authors=_authors(raw, kind) or feed_authors,
        section=_section(raw),
        image=_image(raw, base, images),
    )


def _get(node: dict[str, Any], key: str) -> Any:
    """``node[key]`` or ``None``, bypassing ``FeedParserDict`` key aliases and fallbacks."""
    return dict.get(node, key)


def _title(node: dict[str, Any]) -> str:
    value = _get(node, "title")
    if not isinstance(value, str):
        return ""
    detail: dict[str, Any] = _get(node, "title_detail") or {}
    return plain_title(value, is_html="html" in str(_get(detail, "type") or ""))


def _date(raw: dict[str, Any], field: str, label: str, warnings: list[str]) -> datetime | None:
    text = _get(raw, field)
    if not isinstance(text, str) or not text.strip():
        return None
    value = parse_date(text)
    if value is not None:
        return value
    struct = _get(raw, f"{field}_parsed")
    if struct is not None and has_zone(text) and not text.lstrip()[:4].isdigit():
        # A layout only feedparser reads (Greek or Hungarian month names...). Its tuple is UTC,
        # right only when the text gave a zone. Not for ISO-like text, which we read fully and
        # which it misreads ("2025-W49-2" becomes 1 November), nor for implausible years
        # (it reads "Tue Dec  2 22:41:07 2025 +0900" as the year 900).
        year, month, day, hour, minute, second = (int(part) for part in struct[:6])
        if year >= 1970:
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    warnings.append(f"{label}: unreadable {field} date {text!r} ignored")
    return None


def _summary(raw: dict[str, Any]) -> tuple[str, list[str]]:
    """Plain-text summary and the ``<img>`` sources of the summary and content HTML."""
    images: list[str] = []
    contents: list[str] = []
    for item in _get(raw, "content") or []:
        value = _get(item, "value")
        if isinstance(value, str) and value.strip():
            text, found = _as_text(value, str(_get(item, "type") or ""))
            contents.append(text)
            images += found
    summary_value = _get(raw, "summary")
    summary = ""
    if isinstance(summary_value, str) and summary_value.strip():
        detail: dict[str, Any] = _get(raw, "summary_detail") or {}
        summary, found = _as_text(summary_value, str(_get(detail, "type") or "text/html"))
        images = found + images
        if contents and summary == contents[0]:
            summary = shorten(summary)  # feedparser copied the full content into the summary
    elif contents:
        summary = shorten(contents[0])
    return summary, images


def _as_text(value: str, content_type: str) -> tuple[str, list[str]]:
    if "html" in content_type:
        return html_to_text(value)
    return clean_text(value), []


def _authors(node: dict[str, Any], kind: str) -> tuple[str, ...]:
    people: Sequence[dict[str, Any]] = _get(node, "authors") or []
    names = [str(_get(p, "name") or "") for p in people if not _get(p, "email")]
    raw = _get(node, "author")
    if kind == "rss" and isinstance(raw, str) and any(_get(p, "email") for p in people):
        # feedparser splits "user@host.example (Name)" with a regex that cuts long domains
        # ("host.exam", "ple (Name"); read the raw string instead.
        names.append(raw)
    elif kind == "atom":
        names = [str(_get(p, "name") or "") for p in people]
    return author_names(names)


def _section(raw: dict[str, Any]) -> str:
    for tag in _get(raw, "tags") or []:
        value = _get(tag, "label") or _get(tag, "term")
        if isinstance(value, str) and value.strip():
            return plain_title(value)
    return ""


def _image(raw: dict[str, Any], base: str, inline: list[str]) -> str | None:
    candidates: list[str] = []
    for media in _get(raw, "media_content") or []:
        if _is_image(_get(media, "url"), _get(media, "type"), _get(media, "medium")):
            candidates.append(media["url"])
    for link in _get(raw, "links") or []:
        if _get(link, "rel") == "enclosure" and _is_image(_get(link, "href"), _get(link, "type")):
            candidates.append(link["href"])
    candidates += [m["url"] for m in _get(raw, "media_thumbnail") or [] if _get(m, "url")]
    candidates += inline
    for candidate in candidates:
        resolved = absolute_http_url(base, candidate)
        if resolved is not None:
            return resolved
    return None


def _is_image(url: object, mime: object = None, medium: object = None) -> bool:
    if not isinstance(url, str) or not url.strip():
        return False
    if isinstance(mime, str) and mime:
        return mime.lower().startswith("image/")
    if isinstance(medium, str) and medium:
        return medium.lower() == "image"
    return url.lower().split("?", 1)[0].endswith(_IMAGE_EXTENSIONS)
