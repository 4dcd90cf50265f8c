"""Text helpers shared by the feed readers: HTML to plain text, titles, bylines, URLs."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

__all__ = [
    "SUMMARY_FALLBACK_CHARS",
    "absolute_http_url",
    "author_names",
    "clean_text",
    "html_to_text",
    "is_http_url",
    "plain_title",
    "shorten",
]

SUMMARY_FALLBACK_CHARS = 300
"""Length a summary taken from the full content is shortened to."""

_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "object"})
_ENTITY_LIKE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SPACES = re.compile(r"[^\S\n]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.images: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag == "img":
            src = dict(attrs).get("src")
            if src:
                self.images.append(src)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _SKIPPED_TAGS:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, list[str]]:
    """Plain text of an HTML fragment (one line per block) and its ``<img src>`` values."""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    return clean_text("".join(collector.parts)), collector.images


def clean_text(text: str) -> str:
    """Collapse runs of blanks, trim every line and drop empty lines."""
    text = text.translate(_INVISIBLE).replace("\xa0", " ").replace("\r", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def plain_title(value: str, *, is_html: bool = False) -> str:
    """A title as one line of plain text.

    HTML titles lose their tags. Plain-text titles still have entity references decoded:
    Korean CMSs often escape twice (``&amp;quot;`` arrives as ``&quot;``).
    """
    if is_html:
        text, _ = html_to_text(value)
    elif _ENTITY_LIKE.search(value):
        text = html.unescape(value)
    else:
        text = value
    return " ".join(clean_text(text).split())


def shorten(text: str, limit: int = SUMMARY_FALLBACK_CHARS) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, marked with ``…``."""
    text = clean_text(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    boundary = max(cut.rfind(" "), cut.rfind("\n"))
    if boundary > limit // 2:
        cut = cut[:boundary]
    return cut.rstrip(" \n,.;:·") + "…"


def absolute_http_url(base: str, ref: str | None) -> str | None:
    """``ref`` resolved against ``base`` if the result is an http(s) URL with a host."""
    if not ref:
        return None
    ref = ref.strip()
    if not ref:
        return None
    try:
        resolved = urljoin(base, ref) if base else ref
        parts = urlsplit(resolved)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return resolved


def is_http_url(value: str) -> bool:
    """Whether ``value`` is already an absolute http(s) URL."""
    return absolute_http_url("", value) is not None


# "jieun.lee@saebyeok.example (이지은 기자)", "이지은 <jieun@...>", "이지은 (jieun@...)"
_EMAIL = r"[^\s@<>()]+@[^\s@<>()]+"
_EMAIL_THEN_NAME = re.compile(rf"^\s*<?{_EMAIL}>?\s*\((?P<name>[^)]*)\)\s*$")
_NAME_THEN_EMAIL = re.compile(rf"^\s*(?P<name>[^<>()]*?)\s*[<(]\s*{_EMAIL}\s*[>)]\s*$")
_BARE_EMAIL = re.compile(rf"^\s*<?{_EMAIL}>?\s*$")
_SEPARATORS = re.compile(r"\s*[,·・、/]\s*|\s+및\s+")
_JOB_TITLE = re.compile(
    r"\s*(?:(?:선임|수석|수습|객원|인턴|전문|사진|영상|취재)?기자|특파원|논설위원|편집위원"
    r"|칼럼니스트)$"
)


def author_names(raw: Iterable[str]) -> tuple[str, ...]:
    """Person names from byline strings, in order and without repeats.

    Drops e-mail addresses (``email (Name)`` and ``Name <email>`` keep the name), splits
    ``이지은·박도윤 기자`` into two names and removes the trailing job title (``기자``,
    ``특파원``...), as the board stores bare names.
    """
    names: list[str] = []
    for value in raw:
        value = " ".join(value.split())
        if not value or _BARE_EMAIL.match(value):
            continue
        match = _EMAIL_THEN_NAME.match(value) or _NAME_THEN_EMAIL.match(value)
        if match is not None:
            value = match.group("name")
        for part in _SEPARATORS.split(value):
            name = _JOB_TITLE.sub("", part).strip(" =-")
            if len(name) < 2:
                name = part.strip()
            if name and not _BARE_EMAIL.match(name) and name not in names:
                names.append(name)
    return tuple(names)
