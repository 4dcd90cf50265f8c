"""Article data embedded as JSON: JSON-LD and script state such as ``__NEXT_DATA__``.

JSON-LD ``NewsArticle``/``Article`` objects are found at the top level, in lists and in
``@graph``. In script JSON (Next.js ``__NEXT_DATA__``, ``application/json`` islands,
``window.__INITIAL_STATE__ = {…}``) the article object is the one whose body-like key
(``articleBody``, ``content``, ``paragraphs``, ``body`` …) holds the most text.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from lxml import html as lxml_html  # type: ignore[import-untyped, unused-ignore]

from ranknews.dates import find_date
from ranknews.extract.dom import Node, absolute_url, norm, text_of
from ranknews.extract.photos import caption_parts, image_src, split_caption
from ranknews.models import Photo
from ranknews.timefmt import KST

__all__ = [
    "ARTICLE_TYPES",
    "Piece",
    "StructuredArticle",
    "from_json_ld",
    "from_script_json",
    "load_json",
    "pieces_from_html",
]

Piece = str | Photo
"""One body piece in page order: a paragraph or a photo."""

ARTICLE_TYPES: Final = frozenset(
    {
        "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
        "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting",
        "LiveBlogPosting", "Report", "ScholarlyArticle", "SocialMediaPosting",
    }
)  # fmt: skip
_BODY_KEYS: Final = (
    "articleBody", "article_body", "content", "contents", "paragraphs", "body", "bodyHtml",
    "body_html", "contentHtml", "html", "newsBody", "blocks", "story", "text",
)  # fmt: skip
_TITLE_KEYS: Final = ("headline", "title", "newsTitle", "articleTitle", "subject")
_PUBLISHED_KEYS: Final = (
    "datePublished", "publishedAt", "published_at", "publishDate", "publishedDate",
    "published", "firstPublishedAt", "createdAt", "created_at", "pubDate", "regDate",
    "displayDate", "date",
)  # fmt: skip
_UPDATED_KEYS: Final = (
    "dateModified", "updatedAt", "updated_at", "modifiedAt", "modified_at", "lastModified",
    "modified", "updated", "updateDate", "updatedDate", "modifyDate", "modifiedDate",
    "editDate", "modDate",
)  # fmt: skip
_SECTION_KEYS: Final = (
    "articleSection",
    "section",
    "sectionName",
    "section_name",
    "category",
    "categoryName",
)
_AUTHOR_KEYS: Final = (
    "reporters", "reporter", "authors", "author", "writers", "writer", "journalists",
)  # fmt: skip
_NAME_KEYS: Final = ("name", "writerName", "reporterName", "authorName", "fullName", "title")
_BYLINE_KEYS: Final = ("bylineText", "byline", "byLine", "reporterText")
_CANONICAL_KEYS: Final = ("canonicalUrl", "canonical", "canonical_url", "shareUrl", "url")
_PUBLISHER_KEYS: Final = ("publisher", "siteName", "outlet", "press", "pressName", "media")
_IMAGE_KEYS: Final = ("image", "images", "photos", "photo", "thumbnail")
_ASSIGNMENT: Final = re.compile(
    r"(?:window\.)?(__[A-Z][A-Z0-9_]*__|__APOLLO_STATE__)\s*=\s*(?=[{\[])"
)
_HTMLISH: Final = re.compile(r"<(?:p|br|div|figure|img|h\d)\b", re.IGNORECASE)
_MAX_NODES: Final = 50_000


@dataclass(slots=True)
class StructuredArticle:
    """What a JSON source says about the article; empty fields when it says nothing."""

    headline: str = ""
    labels: tuple[str, ...] = ()
    pieces: list[Piece] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    byline: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    section: str = ""
    publisher: str = ""
    canonical: str = ""
    images: list[Photo] = field(default_factory=list)
    breadcrumbs: list[str] = field(default_factory=list)

    @property
    def text_length(self) -> int:
        return sum(len(p) for p in self.pieces if isinstance(p, str))


def load_json(text: str) -> object:
    """Parse JSON leniently (control characters, trailing commas); ``None`` when invalid."""
    value = text.strip()
    if value.startswith("<!--"):
        value = value.removeprefix("<!--").removesuffix("-->").strip()
    if value.endswith(";"):
        value = value[:-1]
    try:
        return json.loads(value, strict=False)
    except ValueError:
        pass
    try:
        return json.loads(re.sub(r",\s*([}\]])", r"\1", value), strict=False)
    except ValueError:
        return None


def _walk(value: object, depth: int = 0) -> Iterator[dict[str, object]]:
    if depth > 24:
        return
    if isinstance(value, dict):
        yield value
        for child in value.values():
            if isinstance(child, dict | list):
                yield from _walk(child, depth + 1)
    elif isinstance(value, list):
        for child in value:
            if isinstance(child, dict | list):
                yield from _walk(child, depth + 1)


def _types(obj: dict[str, object]) -> set[str]:
    kind = obj.get("@type")
    if isinstance(kind, str):
        return {kind.rsplit("/", 1)[-1]}
    if isinstance(kind, list):
        return {str(k).rsplit("/", 1)[-1] for k in kind}
    return set()


def _text(value: object) -> str:
    if isinstance(value, str):
        return norm(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):
        for key in ("name", "title", "text", "value", "@value"):
            if key in value:
                return _text(value[key])
    if isinstance(value, list) and value:
        return _text(value[0])
    return ""


def _time(value: object) -> datetime | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 10**8:
        seconds = value / 1000 if value > 10**11 else value
        return datetime.fromtimestamp(seconds, KST)
    moment = find_date(_text(value))
    return moment.astimezone(KST) if moment is not None else None


def _first(obj: dict[str, object], keys: tuple[str, ...]) -> object:
    for key in keys:
        value = obj.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [norm(part) for part in re.split(r"\s*[,;]\s*", value) if norm(part)]
    if isinstance(value, dict):
        name = _text(_first(value, _NAME_KEYS))
        return [name] if name else []
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def _image(value: object, base_url: str) -> list[Photo]:
    if isinstance(value, str):
        url = absolute_url(base_url, value)
        return [Photo(url)] if url else []
    if isinstance(value, list):
        return [photo for item in value for photo in _image(item, base_url)]
    if not isinstance(value, dict):
        return []
    url = absolute_url(base_url, _text(_first(value, ("url", "contentUrl", "src", "@id"))))
    if not url:
        return []
    caption = _text(_first(value, ("caption", "description", "name", "alt")))
    credit = _text(
        _first(value, ("creditText", "credit", "copyrightHolder", "copyright", "author", "source"))
    )
    return [_photo(url, caption, credit)]


def _photo(url: str, caption: str, credit: str) -> Photo:
    """A photo from structured data: an explicit credit is kept as given (minus ⓒ)."""
    if credit:
        return Photo(url, norm(caption), re.sub(r"^(?:ⓒ|©|Ⓒ)\s*", "", norm(credit)))
    return Photo(url, *split_caption(caption))


def pieces_from_html(fragment: str, base_url: str) -> list[Piece]:
    """Paragraphs and photos of an HTML body fragment, in order."""
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    pieces: list[Piece] = []
    _html_pieces(root, base_url, pieces)
    return pieces


_BLOCK_TAGS: Final = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "section", "ul", "ol"}
)


def _html_pieces(node: Node, base_url: str, out: list[Piece]) -> None:
    buffer: list[str] = [node.text or ""]

    def flush() -> None:
        text = norm("".join(buffer))
        if text:
            out.append(text)
        buffer.clear()

    for child in node:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in ("figure", "img", "picture"):
            flush()
            img = child if tag == "img" else next(iter(child.iter("img")), None)
            if img is not None:
                url = absolute_url(base_url, image_src(img))
                caption = next(iter(child.iter("figcaption")), None)
                text, credit = caption_parts(caption) if caption is not None else ("", "")
                if url:
                    out.append(Photo(url, text, credit))
        elif tag == "br":
            flush()
        elif tag in _BLOCK_TAGS:
            flush()
            _html_pieces(child, base_url, out)
        elif tag:
            buffer.append(text_of(child))
        buffer.append(child.tail or "")
    flush()


def _pieces(value: object, base_url: str) -> list[Piece]:
    """Body pieces from a string, an HTML string or a list of blocks."""
    if isinstance(value, str):
        if _HTMLISH.search(value):
            return pieces_from_html(value, base_url)
        if "&" in value:
            value = html.unescape(value)
        return [norm(line) for line in value.splitlines() if norm(line)]
    if isinstance(value, dict):
        for key in _BODY_KEYS:
            if key in value:
                return _pieces(value[key], base_url)
        return []
    if not isinstance(value, list):
        return []
    pieces: list[Piece] = []
    for item in value:
        if isinstance(item, str):
            pieces.extend(_pieces(item, base_url))
            continue
        if not isinstance(item, dict):
            continue
        kind = _text(_first(item, ("type", "kind", "_type", "blockType", "__typename"))).lower()
        if any(word in kind for word in ("image", "photo", "figure", "img", "picture")):
            src = _first(item, ("src", "url", "imageUrl", "image", "file"))
            url = absolute_url(
                base_url,
                _text(src) if not isinstance(src, dict) else _text(_first(src, ("url", "src"))),
            )
            caption = _text(_first(item, ("caption", "description", "alt")))
            credit = _text(_first(item, ("credit", "copyright", "source", "creditText")))
            if url:
                pieces.append(_photo(url, caption, credit))
            continue
        if any(word in kind for word in ("ad", "embed", "related", "video", "promo")) and not (
            "paragraph" in kind or "heading" in kind or "text" in kind
        ):
            continue
        text_value = _first(item, ("text", "content", "html", "value", "body", "children"))
        pieces.extend(_pieces(text_value, base_url))
    return pieces


def from_json_ld(scripts: list[str], base_url: str) -> StructuredArticle | None:
    """The first article object in the page's JSON-LD scripts."""
    article: dict[str, object] | None = None
    crumbs: list[str] = []
    for script in scripts:
        data = load_json(script)
        for obj in _walk(data):
            kinds = _types(obj)
            if article is None and kinds & ARTICLE_TYPES:
                article = obj
            elif "BreadcrumbList" in kinds and not crumbs:
                items = obj.get("itemListElement")
                if isinstance(items, list):
                    crumbs = [
                        _text(i.get("name") or i.get("item")) for i in items if isinstance(i, dict)
                    ]
    if article is None:
        return StructuredArticle(breadcrumbs=crumbs) if crumbs else None
    result = StructuredArticle(breadcrumbs=crumbs)
    result.headline = _text(article.get("headline") or article.get("name"))
    body = article.get("articleBody") or article.get("text")
    result.pieces = _pieces(body, base_url) if body else []
    result.authors = _names(article.get("author") or article.get("creator"))
    result.published = _time(article.get("datePublished") or article.get("dateCreated"))
    result.updated = _time(article.get("dateModified"))
    result.section = _text(article.get("articleSection"))
    result.publisher = _text(article.get("publisher") or article.get("sourceOrganization"))
    page = article.get("mainEntityOfPage")
    canonical = _text(page.get("@id") or page.get("url")) if isinstance(page, dict) else ""
    canonical = canonical or (page if isinstance(page, str) else "") or _text(article.get("url"))
    result.canonical = absolute_url(base_url, canonical) if canonical else ""
    result.images = _image(article.get("image"), base_url)
    return result


def _script_objects(scripts: list[str]) -> Iterator[object]:
    for script in scripts:
        stripped = script.strip()
        if stripped[:1] in ("{", "["):
            yield load_json(stripped)
            continue
        for found in _ASSIGNMENT.finditer(script):
            try:
                value, _end = json.JSONDecoder(strict=False).raw_decode(script, found.end())
            except ValueError:
                continue
            yield value


def _body_score(obj: dict[str, object]) -> int:
    best = 0
    for key in _BODY_KEYS:
        value = obj.get(key)
        if isinstance(value, str):
            best = max(best, len(value))
        elif isinstance(value, list):
            best = max(best, len(json.dumps(value, ensure_ascii=False)) // 2)
    if best and any(isinstance(obj.get(key), str) for key in _TITLE_KEYS):
        best += 200
    return best


def from_script_json(scripts: list[str], base_url: str) -> StructuredArticle | None:
    """The article object inside script JSON (``__NEXT_DATA__`` and the like)."""
    best: dict[str, object] | None = None
    best_score = 0
    seen = 0
    for data in _script_objects(scripts):
        for obj in _walk(data):
            seen += 1
            if seen > _MAX_NODES:
                break
            score = _body_score(obj)
            if score > best_score:
                best, best_score = obj, score
    if best is None or best_score < 150:
        return None
    result = StructuredArticle()
    result.headline = _text(_first(best, _TITLE_KEYS))
    labels = best.get("labels") or best.get("badges") or best.get("flags")
    if isinstance(labels, list):
        result.labels = tuple(norm(str(x)) for x in labels if isinstance(x, str) and norm(x))
    result.pieces = _pieces(_first(best, _BODY_KEYS), base_url)
    result.authors = _names(_first(best, _AUTHOR_KEYS))
    result.byline = (
        _text(_first(best, _BYLINE_KEYS))
        if not isinstance(_first(best, _BYLINE_KEYS), list)
        else ""
    )
    result.published = _time(_first(best, _PUBLISHED_KEYS))
    result.updated = _time(_first(best, _UPDATED_KEYS))
    result.section = _text(_first(best, _SECTION_KEYS))
    result.publisher = _text(_first(best, _PUBLISHER_KEYS))
    canonical = _text(_first(best, _CANONICAL_KEYS))
    result.canonical = absolute_url(base_url, canonical) if canonical else ""
    result.images = _image(_first(best, _IMAGE_KEYS), base_url)
    return result
