"""A small typed layer over lxml: parsing once, text helpers, element removal.

lxml ships no type stubs, so elements are typed as :data:`Node` (``Any``) and every value
read from them is converted to a plain ``str`` here, at the edge.
"""

from __future__ import annotations

import re
from typing import Any, Final
from urllib.parse import urljoin, urlsplit

from lxml import etree  # type: ignore[import-untyped, unused-ignore]
from lxml import html as lxml_html

from ranknews.errors import ExtractionError

__all__ = [
    "Node",
    "absolute_url",
    "attr",
    "class_id",
    "compact",
    "drop",
    "norm",
    "parse_html",
    "text_of",
]

Node = Any
"""An lxml element (``lxml.html.HtmlElement``); lxml has no stubs."""

_PARSER: Final = lxml_html.HTMLParser(
    collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True
)
_XML_DECLARATION: Final = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Control characters (raw, or as numeric character references) that lxml parses but then
# refuses when text is written back into the tree.
_CONTROL: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]"
    r"|&#0*(?:[0-8]|1[124-9]|2\d|3[01])(?![0-9])(?:;|(?=\D))"
    r"|&#[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F])(?![0-9a-fA-F])(?:;|(?=[^0-9a-fA-F]))"
)
_INVISIBLE: Final = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def parse_html(html: str) -> Node:
    """Parse decoded HTML once. Raises :class:`ExtractionError` on an empty document."""
    if not html or not html.strip():
        raise ExtractionError("empty page")
    text = _CONTROL.sub("", _XML_DECLARATION.sub("", html, count=1))
    try:
        return lxml_html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"unparseable page: {exc}") from exc


def norm(text: str | None) -> str:
    """Collapse whitespace (incl. NBSP and ideographic space), drop zero-width characters."""
    if not text:
        return ""
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    return " ".join(text.split())


def compact(text: str) -> str:
    """``text`` without any whitespace: a key for comparing texts laid out differently."""
    return "".join(text.split())


def text_of(node: Node) -> str:
    """The normalised text of ``node`` and its descendants (not its tail); ``<br>`` counts
    as a space."""
    if next(node.iter("br"), None) is None:
        return norm("".join(str(part) for part in node.itertext()))
    parts: list[str] = []
    _with_breaks(node, parts)
    return norm("".join(parts))


def _with_breaks(node: Node, parts: list[str]) -> None:
    if node.tag == "br":
        parts.append(" ")
    elif isinstance(node.tag, str) and node.text:
        parts.append(node.text)
    for child in node:
        _with_breaks(child, parts)
        if child.tail:
            parts.append(child.tail)


def attr(node: Node, name: str) -> str:
    value = node.get(name)
    return str(value).strip() if value is not None else ""


def class_id(node: Node) -> str:
    """``class`` and ``id`` of ``node`` in one lower-cased string, for cheap pattern checks."""
    cls = node.get("class")
    ident = node.get("id")
    if cls is None and ident is None:
        return ""
    return f"{cls or ''} {ident or ''}".lower()


def drop(node: Node) -> None:
    """Remove ``node`` with its content but keep its tail text in place."""
    if node.getparent() is None:
        return
    node.drop_tree()


def absolute_url(base: str, href: str) -> str:
    """``href`` made absolute against ``base``; empty for unusable values."""
    href = href.strip()
    if not href or href.lower().startswith(("data:", "javascript:", "about:", "#")):
        return ""
    try:
        if href.startswith("//"):
            scheme = urlsplit(base).scheme or "https"
            href = f"{scheme}:{href}"
        joined = urljoin(base, href) if base else href
        return joined if urlsplit(joined).scheme in ("http", "https") else ""
    except ValueError:  # malformed, e.g. an unbalanced "[" in the host
        return ""
