"""Article page → :class:`Extracted`: the orchestration of the extraction stages.

The page is parsed once and walked once (:mod:`ranknews.extract.page`); the field choosers
below pick title and labels, outlet, section, canonical URL, times and authors from meta
tags, JSON-LD, script JSON, printed text and per-outlet rules, in a fixed order of trust.
Photos are found and their captions taken out of the tree, then trafilatura extracts the body
from that same tree (on its own copy); structured data completes a thin HTML body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Final

from ranknews.dates import find_date, find_times
from ranknews.errors import ExtractionError
from ranknews.extract.body import element_blocks, paragraphize, trafilatura_blocks
from ranknews.extract.boilerplate import Block, clean_blocks, is_boilerplate
from ranknews.extract.bylines import (
    EMAIL,
    dateline_byline,
    is_byline_line,
    is_person_name,
    names_from_dateline,
    parse_byline,
)
from ranknews.extract.dom import absolute_url, attr, compact, drop, norm, parse_html, text_of
from ranknews.extract.page import Page, PageScan, is_noisy, scan_page
from ranknews.extract.photos import (
    FoundPhoto,
    find_photos,
    photo_from_container,
    place_photos,
    take_out,
)
from ranknews.extract.rules import RuleBook, default_rules
from ranknews.extract.structured import Piece, StructuredArticle
from ranknews.extract.titles import (
    breadcrumb_section,
    clean_title,
    split_prefix,
    split_suffix,
    strip_outlet,
)
from ranknews.models import Photo
from ranknews.sanitize import sanitize_html
from ranknews.timefmt import KST

__all__ = ["THIN_BODY", "Extracted", "extract"]

THIN_BODY: Final = 200
"""A body with fewer characters than this is completed from structured data."""

_CRUMB_SPLIT: Final = re.compile(r"\s*[>\u203a»]\s*")
_META_PUBLISHED: Final = (
    "article:published_time", "og:article:published_time", "article:published",
    "datepublished", "pubdate", "publishdate", "publish-date", "dc.date.issued", "dc.date",
    "parsely-pub-date", "sailthru.date", "dable:published_time", "date",
)  # fmt: skip
_META_UPDATED: Final = (
    "article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified",
    "lastmod", "last-modified", "dable:modified_time",
)  # fmt: skip
_MAX_SECTION: Final = 14


@dataclass(frozen=True, slots=True)
class Extracted:
    """One clean article out of one page."""

    title: str
    labels: tuple[str, ...]
    text: str
    html: str
    authors: tuple[str, ...]
    byline: str
    published: datetime | None
    updated: datetime | None
    outlet: str
    section: str
    canonical_url: str
    images: tuple[Photo, ...]

    def to_json(self) -> dict[str, object]:
        """The JSON contract: exactly these keys, times as ISO 8601 with offset or null."""
        return {
            "title": self.title,
            "labels": list(self.labels),
            "text": self.text,
            "html": self.html,
            "authors": list(self.authors),
            "published": self.published.isoformat() if self.published else None,
            "updated": self.updated.isoformat() if self.updated else None,
            "outlet": self.outlet,
            "section": self.section,
            "canonical_url": self.canonical_url,
            "images": [
                {"url": p.url, "caption": p.caption, "credit": p.credit} for p in self.images
            ],
        }


def _title_and_outlet(ctx: Page) -> tuple[str, tuple[str, ...], str, list[str], str]:
    """(title, labels, outlet, outlet-like names to strip, raw headline)."""
    meta = ctx.scan.meta
    rule = ctx.rule
    og_title = meta.get("og:title") or meta.get("twitter:title", "")
    references = [ctx.rule_title, og_title, ctx.ld.headline, ctx.h1]
    if not any(references):
        references.append(ctx.script.headline)
    _head, suffix = split_suffix(ctx.scan.title, [r for r in references if r])
    names = [
        rule.outlet if rule else "",
        meta.get("og:site_name", ""),
        ctx.ld.publisher,
    ]
    outlet = next((n for n in names if n), "")
    if not outlet and ctx.script.pieces:
        outlet = ctx.script.publisher
    if not outlet:
        outlet = suffix
    prefix = ""
    if not outlet or not suffix:
        _head, prefix = split_prefix(ctx.scan.title, [*names, *ctx.scan.logos])
        outlet = outlet or prefix
    if not outlet:
        outlet = next((logo for logo in ctx.scan.logos if 0 < len(logo) <= 20), "")
    strip_names = [n for n in (*names, outlet, suffix, prefix) if n]
    patterns = rule.title_suffixes if rule else ()
    candidates = [ctx.rule_title, og_title, ctx.ld.headline, ctx.h1]
    outlet_keys = {compact(n) for n in strip_names}
    chosen = next(
        (c for c in candidates if c and compact(strip_outlet(c, strip_names)) not in outlet_keys),
        "",
    )
    labels: list[str] = []
    if not chosen and ctx.script.headline:
        chosen = ctx.script.headline
        labels.extend(ctx.script.labels)
    raw = chosen or ctx.scan.title
    parts = clean_title(raw, strip_names, patterns)
    for label in parts.labels:
        if label not in labels:
            labels.append(label)
    # Labels printed in another title variant (e.g. <title> but not og:title).
    for other in (ctx.scan.title, og_title, ctx.ld.headline, ctx.h1):
        if other:
            variant = clean_title(other, strip_names, patterns)
            if variant.title == parts.title:
                labels.extend(x for x in variant.labels if x not in labels)
    return parts.title, tuple(labels), outlet, strip_names, raw


def _section(ctx: Page, outlets: Sequence[str], title: str) -> str:
    meta = ctx.scan.meta
    if ctx.rule and ctx.rule.section:
        text = ctx.rule.section.text(ctx.tree)
        if text:
            return _crumb_tail(text)
    for value in (meta.get("article:section", ""), ctx.ld.section):
        if value:
            return value
    if ctx.script.pieces and ctx.script.section:
        return ctx.script.section
    skip = {*outlets, "홈", "HOME", "Home", "뉴스", "기사본문", title}
    for crumb in reversed(ctx.ld.breadcrumbs[1:]):
        if crumb and crumb not in skip and len(crumb) <= _MAX_SECTION:
            return crumb
    for node in ctx.scan.sections:
        text = text_of(node)
        if not text or len(text) > 30 or is_noisy(node):
            continue
        value = _crumb_tail(text)
        if value and len(value) <= _MAX_SECTION and value not in skip and not value.isdigit():
            return value
    for node in ctx.scan.crumbs:
        value = _crumb_tail(text_of(node))
        if value and len(value) <= _MAX_SECTION and value not in skip:
            return value
    return breadcrumb_section(ctx.scan.title)


def _crumb_tail(text: str) -> str:
    parts = [p for p in _CRUMB_SPLIT.split(norm(text)) if p]
    return parts[-1] if parts else ""


def _times(ctx: Page) -> tuple[datetime | None, datetime | None]:
    meta = ctx.scan.meta
    published: datetime | None = None
    updated: datetime | None = None
    if ctx.rule and ctx.rule.dates:
        printed = find_times(" | ".join(text_of(n) for n in ctx.rule.dates.select(ctx.tree)))
        published = printed.published or (printed.unlabelled[:1] or [None])[0]
        updated = printed.updated
    if published is None:
        published = _first_time(meta.get(key, "") for key in _META_PUBLISHED)
    if updated is None:
        updated = _first_time(meta.get(key, "") for key in _META_UPDATED)
    published = published or ctx.ld.published
    updated = updated or ctx.ld.updated
    if published is None or updated is None:
        printed = find_times(_printed_times(ctx))
        if published is None:
            published = printed.published or (printed.unlabelled[:1] or [None])[0]
            if updated is None and printed.published is None and len(printed.unlabelled) > 1:
                updated = printed.unlabelled[1]
        updated = updated or printed.updated
    if published is None and ctx.scan.script_json:
        published = ctx.script.published
        updated = updated or ctx.script.updated
    if published is None:
        # Last resort: labelled times anywhere in the page (old layouts have no classes).
        body = ctx.tree.find("body")
        printed = find_times(text_of(body if body is not None else ctx.tree)[:20000])
        published = printed.published
        updated = updated or printed.updated
    if published is not None and updated is not None and updated <= published:
        updated = None
    return _in_kst(published), _in_kst(updated)


def _in_kst(moment: datetime | None) -> datetime | None:
    """Article times are given in KST, whatever offset the page wrote them with."""
    return moment.astimezone(KST) if moment is not None else None


def _first_time(values: Iterable[str]) -> datetime | None:
    for value in values:
        if value:
            moment = find_date(value)
            if moment is not None:
                return moment
    return None


def _printed_times(ctx: Page) -> str:
    texts: list[str] = []
    for node in ctx.scan.times:
        value = attr(node, "datetime")
        previous = node.getprevious()
        label = previous.tail if previous is not None else node.getparent().text
        if value:
            texts.append(f"{norm(label)} {value}")
    for node in ctx.scan.dates:
        text = text_of(node)
        if text and len(text) <= 200 and not is_noisy(node):
            value = attr(node, "content") or attr(node, "datetime")
            texts.append(text if not value else f"{text} {value}")
    return " | ".join(texts)


def _authors(
    ctx: Page, outlets: Sequence[str], byline_lines: Sequence[str], first: str
) -> tuple[tuple[str, ...], str]:
    """(authors, printed byline)."""
    printed: list[str] = []
    if ctx.rule and ctx.rule.byline:
        text = ctx.rule.byline.text(ctx.tree)
        if text:
            names = parse_byline(text, outlets)
            if names:
                return names, text
            printed.append(text)
    html_candidates: list[tuple[str, tuple[str, ...]]] = []
    for node in ctx.scan.bylines:
        text = text_of(node)
        if not text or len(text) > 150 or is_noisy(node):
            continue
        html_candidates.append((text, parse_byline(text, outlets)))
    named = [c for c in html_candidates if c[1]]
    if named:
        names = named[0][1]
        text = min((c[0] for c in named if c[1] == names), key=len)
        return names, text
    printed.extend(c[0] for c in html_candidates)
    for line in reversed(byline_lines):
        names = parse_byline(line, outlets)
        if names:
            return names, line
    printed.extend(byline_lines)
    for source in (ctx.ld, ctx.script if ctx.scan.script_json else None):
        if source is None:
            continue
        names = _structured_names(source.authors, outlets)
        if not names and source.byline:
            names = parse_byline(source.byline, outlets)
        if names:
            return names, source.byline or _printed_byline(names)
        if source.byline:
            printed.append(source.byline)
    names = names_from_dateline(first, outlets)
    if names:
        return names, dateline_byline(first)
    for value in ctx.scan.authors_meta:
        if value.startswith("http"):
            continue
        names = _structured_names([value], outlets)
        if names:
            return names, value
    return (), (printed[0] if printed else "")


def _printed_byline(names: Sequence[str]) -> str:
    return "·".join(names) + " 기자" if names else ""


def _structured_names(values: Iterable[str], outlets: Sequence[str]) -> tuple[str, ...]:
    names: list[str] = []
    for value in values:
        plain = norm(EMAIL.sub(" ", value))
        if is_person_name(plain, outlets):
            candidates: tuple[str, ...] = (plain,)
        else:
            candidates = parse_byline(plain, outlets)
        names.extend(n for n in candidates if n not in names)
    return tuple(names)


def _canonical(ctx: Page) -> str:
    meta = ctx.scan.meta
    for value in (ctx.scan.canonical, meta.get("og:url", ""), ctx.ld.canonical):
        if value:
            url = absolute_url(ctx.base, value)
            if url:
                return url
    if ctx.scan.script_json and ctx.script.canonical:
        return ctx.script.canonical
    return ctx.url


def _photos(ctx: Page) -> list[FoundPhoto]:
    rule = ctx.rule
    if rule and rule.photos:
        found: list[FoundPhoto] = []
        for container in rule.photos.select(ctx.tree):
            img = next(iter(container.iter("img", "amp-img")), None)
            if img is None:
                continue
            caption = rule.caption.first(container) if rule.caption else None
            photo = photo_from_container(container, img, ctx.base, caption)
            if photo is not None and all(p.photo.url != photo.photo.url for p in found):
                found.append(photo)
        return found
    body = ctx.tree.find("body")
    return find_photos(ctx.scan.images, body if body is not None else ctx.tree, ctx.base)


def _structured_pieces(
    source: StructuredArticle, outlets: Sequence[str], html_photos: Sequence[FoundPhoto]
) -> list[Piece]:
    """The body as structured data gives it; photos from the body data, else the page's own
    photos placed among these paragraphs, else the data's image list (at the top)."""
    pieces: list[Piece] = []
    for piece in source.pieces:
        if isinstance(piece, Photo):
            if all(not isinstance(p, Photo) or p.url != piece.url for p in pieces):
                pieces.append(piece)
        elif not is_boilerplate(piece) and not is_byline_line(piece, outlets):
            pieces.append(piece)
    if any(isinstance(p, Photo) for p in pieces):
        return pieces
    if html_photos:
        return place_photos([p for p in pieces if isinstance(p, str)], html_photos, keep=True)
    return [*source.images, *pieces]


def _render(pieces: Sequence[Piece]) -> str:
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, Photo):
            caption = escape(piece.caption)
            figure = f'<figure><img src="{escape(piece.url)}" alt="{caption}">'
            if piece.caption or piece.credit:
                credit = (
                    f'<span class="credit">{escape(piece.credit)}</span>' if piece.credit else ""
                )
                figure += (
                    f"<figcaption>{caption}{' ' if caption and credit else ''}{credit}</figcaption>"
                )
            out.append(figure + "</figure>")
        else:
            out.append(f"<p>{escape(piece, quote=False)}</p>")
    return sanitize_html("".join(out))


def _looks_like_article(paragraphs: Sequence[str], scan: PageScan) -> bool:
    total = sum(len(p) for p in paragraphs)
    if total < 30:
        return False
    if scan.password and total < 400:
        return False
    return any(len(p) >= 15 and re.search(r"[다요.!?\"'”\u2019]\s*$", p) for p in paragraphs)


def extract(html: str, url: str, *, rules: RuleBook | None = None) -> Extracted:
    """Extract the article of one page (``html`` already decoded, ``url`` where it was found).

    Raises :class:`ranknews.errors.ExtractionError` when the page holds no article body."""
    book = rules if rules is not None else default_rules()
    rule = book.match(url)
    tree = parse_html(html)
    scan = scan_page(tree)
    for node in scan.junk:
        drop(node)
    if rule is not None:
        for selector in rule.remove:
            for node in selector.select(tree):
                drop(node)
    ctx = Page(url, scan, rule, tree)

    title, labels, outlet, outlet_names, raw_title = _title_and_outlet(ctx)
    section = _section(ctx, outlet_names, title)
    canonical = _canonical(ctx)

    photos = _photos(ctx)
    take_out(photos)
    body_node = rule.body.first(tree) if rule is not None and rule.body is not None else None
    if body_node is not None:
        blocks: list[Block] = element_blocks(body_node)
    else:
        paragraphize(tree)
        blocks = trafilatura_blocks(tree, url)
    titles = [raw_title, ctx.scan.title, ctx.h1, ctx.scan.meta.get("og:title", "")]
    titles.append(strip_outlet(raw_title, outlet_names))
    captions = [p.photo.caption for p in photos] + [
        f"{p.photo.caption} {p.photo.credit}" for p in photos
    ]
    cleaned = clean_blocks(
        blocks,
        title=title,
        titles=titles,
        section=section,
        outlets=outlet_names,
        captions=captions,
    )
    paragraphs = cleaned.paragraphs
    pieces: list[Piece] = place_photos(paragraphs, photos, keep=body_node is not None)
    text_length = sum(len(p) for p in paragraphs)
    if text_length < THIN_BODY:
        sources = [ctx.ld]
        if scan.script_json:
            sources.append(ctx.script)
        best = max(sources, key=lambda s: s.text_length)
        if best.text_length > text_length:
            pieces = _structured_pieces(best, outlet_names, photos)
            paragraphs = [p for p in pieces if isinstance(p, str)]
            if not section:
                section = best.section
    if not _looks_like_article(paragraphs, scan):
        raise ExtractionError(f"no article body found at {url}")

    text = "\n".join(paragraphs)
    published, updated = _times(ctx)
    authors, byline = _authors(ctx, outlet_names, cleaned.bylines, paragraphs[0])
    images = tuple(p for p in pieces if isinstance(p, Photo))
    return Extracted(
        title=title,
        labels=labels,
        text=text,
        html=_render(pieces),
        authors=authors,
        byline=byline,
        published=published,
        updated=updated,
        outlet=outlet,
        section=section,
        canonical_url=canonical,
        images=images,
    )
