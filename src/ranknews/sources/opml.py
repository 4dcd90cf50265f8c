"""OPML 1.0/2.0 subscription lists: import (with defusedxml) and export."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from ranknews.errors import InvalidInput, ParseError
from ranknews.sources._xml import local_name, maybe_gunzip, parse_xml

__all__ = ["Outline", "parse_opml", "write_opml"]

_NOT_XML_CHARS = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class Outline:
    """One subscription: a feed's address, its title, its site and its category (folder)."""

    url: str
    title: str = ""
    html_url: str = ""
    category: str = ""


def parse_opml(content: bytes) -> list[Outline]:
    """The feeds (outlines with ``xmlUrl``) of an OPML document, in document order.

    The category of a feed is the title of the folder outline it sits in (the nearest
    one with a title), else the last segment of its own ``category`` attribute
    (``"/과학/IT"`` → ``"IT"``), else ``""``. The title is ``title``, else ``text``.
    Outlines without ``xmlUrl`` (folders, ``type="link"``) are not returned.
    """
    data = maybe_gunzip(content)
    if not data.strip():
        raise ParseError("empty document: no OPML")
    root, _ = parse_xml(data, what="OPML document")
    if local_name(root.tag) != "opml":
        raise ParseError(f"not an OPML document: the root element is <{local_name(root.tag)}>")
    bodies = [child for child in root if local_name(str(child.tag)) == "body"]
    if not bodies:
        raise ParseError("OPML document has no <body>")
    found: list[Outline] = []
    _walk(bodies[0], "", found)
    return found


def _walk(node: Element, folder: str, found: list[Outline]) -> None:
    for child in node:
        if not isinstance(child.tag, str) or local_name(child.tag) != "outline":
            continue
        attrs = _attributes(child)
        title = attrs.get("title") or attrs.get("text") or ""
        feed_url = attrs.get("xmlurl", "")
        if feed_url:
            found.append(
                Outline(
                    url=feed_url,
                    title=title,
                    html_url=attrs.get("htmlurl", ""),
                    category=folder or _category(attrs.get("category", "")),
                )
            )
            _walk(child, folder, found)
        else:
            _walk(child, title or folder, found)


def _attributes(node: Element) -> Mapping[str, str]:
    """Attributes by lower-case local name (``xmlUrl``, ``xmlurl`` and ``XMLURL`` alike)."""
    return {local_name(key).lower(): value.strip() for key, value in node.attrib.items()}


def _category(value: str) -> str:
    first = value.split(",", 1)[0].strip().strip("/")
    return first.rsplit("/", 1)[-1].strip()


def write_opml(outlines: Sequence[Outline], title: str) -> bytes:
    """An OPML 2.0 document (UTF-8) listing ``outlines``; :func:`parse_opml` reads it back.

    Consecutive outlines of one category share a folder outline titled with it; outlines
    without a category sit at the top level. Characters XML cannot hold are dropped.
    """
    root = Element("opml", {"version": "2.0"})
    head = SubElement(root, "head")
    SubElement(head, "title").text = _xml_text(title)
    body = SubElement(root, "body")
    folder: Element | None = None
    folder_name = ""
    for outline in outlines:
        url = _xml_text(outline.url).strip()
        if not url:
            raise InvalidInput(f"outline {outline.title!r} has no feed URL")
        category = _xml_text(outline.category).strip()
        if not category:
            parent, folder, folder_name = body, None, ""
        elif folder is not None and category == folder_name:
            parent = folder
        else:
            folder = SubElement(body, "outline", {"text": category, "title": category})
            parent, folder_name = folder, category
        name = _xml_text(outline.title).strip()
        attrs = {"type": "rss", "text": name, "title": name, "xmlUrl": url}
        html_url = _xml_text(outline.html_url).strip()
        if html_url:
            attrs["htmlUrl"] = html_url
        SubElement(parent, "outline", attrs)
    indent(root, space="  ")
    document: bytes = tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def _xml_text(value: str) -> str:
    return _NOT_XML_CHARS.sub("", value)
