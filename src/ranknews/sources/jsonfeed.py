"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), read with :mod:`json`.

feedparser 6.0 has no JSON Feed support, so this module reads it directly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from ranknews.dates import parse_date
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
from ranknews.sources._xml import decode_text, maybe_gunzip
from ranknews.sources.entries import Entry, ParsedSource, newest_first

__all__ = ["JSONFEED_VERSION", "parse_json_feed"]

JSONFEED_VERSION = re.compile(r"^https?://jsonfeed\.org/version/(?P<major>\d+)(?:\.\d+)?/?$")
"""What the ``version`` member of a JSON Feed looks like (1 and 1.1 are read)."""


def parse_json_feed(content: bytes, url: str) -> ParsedSource:
    """Read a JSON Feed; :class:`ParseError` if the JSON is invalid or not a JSON Feed."""
    text, warnings = decode_text(maybe_gunzip(content), "utf-8", what="JSON Feed")
    if not text.strip():
        raise ParseError("empty document: the response has no body, so no feed")
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"not a feed: invalid JSON ({exc})") from exc
    if not isinstance(document, dict):
        raise ParseError("not a JSON Feed: the JSON document is not an object")
    version = document.get("version")
    match = JSONFEED_VERSION.match(version) if isinstance(version, str) else None
    if match is None:
        raise ParseError(
            "not a JSON Feed: the JSON object has no 'version' of the form"
            f" https://jsonfeed.org/version/1.1 (got {version!r})"
        )
    if match.group("major") != "1":
        raise ParseError(f"unsupported JSON Feed version {version!r}")
    items = document.get("items")
    if not isinstance(items, list):
        raise ParseError("not a JSON Feed: 'items' is missing or not an array")

    feed_authors = _authors(document)
    entries: list[Entry] = []
    for index, item in enumerate(items, 1):
        if not isinstance(item, dict):
            warnings.append(f"item {index} skipped: not a JSON object")
            continue
        entry = _entry(item, url, feed_authors, index, warnings)
        if entry is not None:
            entries.append(entry)
    return ParsedSource(
        kind="jsonfeed",
        title=_string(document, "title"),
        link=absolute_http_url(url, _string(document, "home_page_url")) or "",
        entries=newest_first(entries),
        warnings=tuple(warnings),
    )


def _string(node: Mapping[str, Any], key: str) -> str:
    value = node.get(key)
    return value.strip() if isinstance(value, str) else ""


def _entry(
    item: Mapping[str, Any],
    base: str,
    feed_authors: tuple[str, ...],
    index: int,
    warnings: list[str],
) -> Entry | None:
    title = plain_title(_string(item, "title"))
    label = f"item {index}" + (f" ({title!r})" if title else "")
    raw_id = item.get("id")
    # The spec asks readers to coerce a numeric id to a string.
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int | float):
        guid = ""
    else:
        guid = str(raw_id).strip()
    link = _string(item, "url")
    url = absolute_http_url(base, link)
    if link and url is None:
        warnings.append(f"{label}: url {link!r} is not an http(s) URL")
    if url is None and is_http_url(guid):
        url = guid
    if url is None:
        warnings.append(f"{label} skipped: no http(s) url, and its id is not a URL")
        return None

    published = parse_date(_string(item, "date_published") or None)
    updated = parse_date(_string(item, "date_modified") or None)
    for key, value in (("date_published", published), ("date_modified", updated)):
        if value is None and _string(item, key):
            warnings.append(f"{label}: unreadable {key} {_string(item, key)!r} ignored")
    if published is None:
        published, updated = updated, None
    elif updated == published:
        updated = None

    content_images: list[str] = []
    summary = clean_text(_string(item, "summary"))
    if not summary and _string(item, "content_text"):
        summary = shorten(clean_text(_string(item, "content_text")))
    if _string(item, "content_html"):
        content_text, content_images = html_to_text(_string(item, "content_html"))
        if not summary:
            summary = shorten(content_text)

    tags = [t for t in item.get("tags") or [] if isinstance(t, str) and t.strip()]
    image = None
    for candidate in (_string(item, "image"), _string(item, "banner_image"), *content_images):
        image = absolute_http_url(base, candidate)
        if image is not None:
            break
    return Entry(
        url=url,
        guid=guid or url,
        title=title,
        published=published,
        updated=updated,
        summary=summary,
        authors=_authors(item) or feed_authors,
        section=plain_title(tags[0]) if tags else "",
        image=image,
    )


def _authors(node: Mapping[str, Any]) -> tuple[str, ...]:
    """Names of ``authors`` (1.1), else of ``author`` (1.0)."""
    people = node.get("authors")
    if not isinstance(people, list):
        single = node.get("author")
        people = [single] if isinstance(single, dict) else []
    names = [p["name"] for p in people if isinstance(p, dict) and isinstance(p.get("name"), str)]
    return author_names(names)
