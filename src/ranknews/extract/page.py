"""One pass over the parsed page, and the lazily computed facts the field choosers share.

:func:`scan_page` walks the tree once and collects what the metadata stages need: meta tags,
canonical link, JSON scripts, headings, images, logo texts and the elements whose class names
suggest a byline, a date or a section. Scripts, styles and other never-visible elements are
listed for removal. :class:`Page` adds the JSON-LD and script-JSON readings on demand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Final

from ranknews.extract.dom import Node, absolute_url, attr, class_id, compact, norm, text_of
from ranknews.extract.rules import Rule
from ranknews.extract.structured import StructuredArticle, from_json_ld, from_script_json
from ranknews.extract.titles import split_labels

__all__ = [
    "Page",
    "PageScan",
    "is_noisy",
    "scan_page",
]

_JUNK_TAGS: Final = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "object", "embed", "select",
        "button", "input", "textarea", "svg", "canvas", "video", "audio", "map",
    }
)  # fmt: skip
_BYLINE_CLASS: Final = re.compile(
    r"byline|by-line|reporter|repoter|writer|author|journalist|kija|gija|tit-name|tit_name|"
    r"name_?area|press_?name|info_?name"
)
_DATE_CLASS: Final = re.compile(
    r"date|time|(?:^|[\s_\-])info|(?:^|[\s_\-])meta|regist|update|byline|write_?day"
)
_SECTION_CLASS: Final = re.compile(
    r"(?:^|[\s_\-])(?:section|sect|cate|category|categ|breadcrumbs?|location|path|kind|"
    r"sec_?name|section_?name)(?:$|[\s_\-]|\d)"
)
_NOISE_REGION: Final = re.compile(
    r"(?:^|[\s_\-])(?:related|relation|ranking|rank|popular|most|best|recommend\w*|footer|"
    r"comment\w*|sidebar|aside|nav|gnb|lnb|menu|widget|news_?list|list_?news|ad|ads|banner)"
    r"(?:$|[\s_\-]|\d)"
)
_CRUMB_START: Final = re.compile(r"^\s*(?:홈|HOME|Home|home|메인|뉴스\s*홈|뉴스홈)\s*[>\u203a»/]")
_META_AUTHOR: Final = ("author", "article:author", "dable:author", "byl", "dc.creator")


@dataclass(slots=True)
class PageScan:
    """What one walk over the parsed tree collected."""

    meta: dict[str, str] = field(default_factory=dict)
    authors_meta: list[str] = field(default_factory=list)
    title: str = ""
    canonical: str = ""
    base: str = ""
    json_ld: list[str] = field(default_factory=list)
    script_json: list[str] = field(default_factory=list)
    h1: list[Node] = field(default_factory=list)
    images: list[Node] = field(default_factory=list)
    times: list[Node] = field(default_factory=list)
    bylines: list[Node] = field(default_factory=list)
    dates: list[Node] = field(default_factory=list)
    sections: list[Node] = field(default_factory=list)
    crumbs: list[Node] = field(default_factory=list)
    junk: list[Node] = field(default_factory=list)
    logos: list[str] = field(default_factory=list)
    password: bool = False


def scan_page(tree: Node) -> PageScan:
    """Walk ``tree`` once and collect what the field choosers need."""
    found = PageScan()
    meta = found.meta
    for node in tree.iter():
        tag = node.tag
        if not isinstance(tag, str):
            continue
        if tag == "meta":
            key = (node.get("property") or node.get("name") or node.get("itemprop") or "").lower()
            content = node.get("content")
            if key and content is not None:
                value = norm(content)
                if key in _META_AUTHOR and value:
                    found.authors_meta.append(value)
                if key not in meta and value:
                    meta[key] = value
            continue
        if tag == "link":
            rel = (node.get("rel") or "").lower()
            if "canonical" in rel.split() and not found.canonical:
                found.canonical = attr(node, "href")
            continue
        if tag == "title":
            if not found.title:
                found.title = text_of(node)
            continue
        if tag == "base":
            found.base = found.base or attr(node, "href")
            continue
        if tag in _JUNK_TAGS:
            if tag == "script":
                kind = (node.get("type") or "").lower()
                body = node.text or ""
                if "ld+json" in kind:
                    found.json_ld.append(body)
                elif "json" in kind or ("__" in body and "{" in body and len(body) > 100):
                    found.script_json.append(body)
            elif tag == "input" and (node.get("type") or "").lower() == "password":
                found.password = True
            found.junk.append(node)
            continue
        if tag in ("img", "amp-img"):
            found.images.append(node)
            alt = node.get("alt")
            if alt and len(found.logos) < 8 and _is_logo(node):
                found.logos.append(norm(alt))
            continue
        if tag == "h1":
            found.h1.append(node)
        elif tag == "time":
            found.times.append(node)
        names = class_id(node)
        prop = node.get("itemprop")
        if names or prop:
            if prop == "author" or (names and _BYLINE_CLASS.search(names)):
                found.bylines.append(node)
            if prop in ("datePublished", "dateModified") or (names and _DATE_CLASS.search(names)):
                found.dates.append(node)
            if prop == "articleSection" or (names and _SECTION_CLASS.search(names)):
                found.sections.append(node)
        if tag == "address" and node not in found.bylines:
            found.bylines.append(node)
        if node.text and _CRUMB_START.match(node.text):
            found.crumbs.append(node)
    return found


def _is_logo(img: Node) -> bool:
    if "logo" in class_id(img) or "logo" in (img.get("src") or "").lower():
        return True
    parent = img.getparent()
    if parent is not None and parent.tag == "a":
        href = (parent.get("href") or "").strip()
        if href == "/" or re.fullmatch(r"https?://[^/]+/?", href):
            return True
        return "logo" in class_id(parent)
    return False


def is_noisy(node: Node) -> bool:
    """Inside navigation, footers, sidebars, related/ranking boxes, comments or ads?"""
    for depth, ancestor in enumerate(node.iterancestors()):
        if depth > 12 or ancestor.tag == "body":
            return False
        if ancestor.tag in ("nav", "footer", "aside"):
            return True
        names = class_id(ancestor)
        if names and _NOISE_REGION.search(names):
            return True
    return False


class Page:
    """One parsed page and what is known about it; structured data is read lazily (script
    JSON, often the biggest part of a page, only when something asks for it)."""

    def __init__(self, url: str, scan: PageScan, rule: Rule | None, tree: Node) -> None:
        self.url = url
        self.scan = scan
        self.rule = rule
        self.tree = tree
        self.base = absolute_url(url, scan.base) if scan.base else url

    @cached_property
    def ld(self) -> StructuredArticle:
        return from_json_ld(self.scan.json_ld, self.base) or StructuredArticle()

    @cached_property
    def script(self) -> StructuredArticle:
        return from_script_json(self.scan.script_json, self.base) or StructuredArticle()

    @cached_property
    def h1(self) -> str:
        page_title = compact(self.scan.title)
        for node in self.scan.h1:
            names = class_id(node)
            text = text_of(node)
            if not text or len(text) > 300 or (names and "logo" in names):
                continue
            if page_title and compact(split_labels(text).title) not in page_title:
                continue
            return text
        return ""

    @cached_property
    def rule_title(self) -> str:
        return self.rule.title.text(self.tree) if self.rule and self.rule.title else ""
