"""HTML and RSS rendering of the demo outlets (Jinja2 templates in ``templates/``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from functools import cache
from importlib.resources import files

from jinja2 import Environment, FunctionLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ranknews.demo.site.data import DemoArticle, DemoOutlet, DemoPhoto, load_outlets
from ranknews.demo.site.urls import canonical_url, page_url, photo_url

__all__ = [
    "Block",
    "display_title",
    "fmt_dash_ampm",
    "fmt_dash_sec",
    "fmt_dot",
    "fmt_dot_ampm",
    "render_article",
    "render_outlet_index",
    "render_root_index",
    "render_rss",
    "script_json",
]

_PREFIX_LABELS = ("속보", "단독", "포토", "르포")
_SUFFIX_LABELS = ("종합", "2보")
_EMAIL = re.compile(r"[\w.+-]+@[\w.-]+")
_DATELINE = re.compile(r"^\((?P<city>[^=()]+)=(?P<agency>[^)]+)\)")


def display_title(article: DemoArticle) -> str:
    """The title as printed: ``[속보] [단독] 제목(종합2보)``."""
    prefix = "".join(f"[{label}] " for label in _PREFIX_LABELS if label in article.labels)
    suffix = "".join(label for label in _SUFFIX_LABELS if label in article.labels)
    return f"{prefix}{article.title}" + (f"({suffix})" if suffix else "")


def _ampm(moment: datetime) -> str:
    half = "오전" if moment.hour < 12 else "오후"
    return f"{half} {(moment.hour - 1) % 12 + 1}:{moment.minute:02d}"


def fmt_dot(moment: datetime) -> str:
    """``2026.11.20 09:12``"""
    return moment.strftime("%Y.%m.%d %H:%M")


def fmt_dot_ampm(moment: datetime) -> str:
    """``2026.11.20. 오전 9:12``"""
    return moment.strftime("%Y.%m.%d. ") + _ampm(moment)


def fmt_dash_ampm(moment: datetime) -> str:
    """``2026-11-20 오후 2:22``"""
    return moment.strftime("%Y-%m-%d ") + _ampm(moment)


def fmt_dash_sec(moment: datetime) -> str:
    """``2026-11-20 09:12:00``"""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def script_json(value: object) -> Markup:
    """JSON safe to embed inside a ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _template_source(name: str) -> str:
    here = files(__package__ or "ranknews.demo.site")
    return here.joinpath("templates", name).read_text(encoding="utf-8")


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FunctionLoader(_template_source),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        dot=fmt_dot,
        dot_ampm=fmt_dot_ampm,
        dash_ampm=fmt_dash_ampm,
        dash_sec=fmt_dash_sec,
        rfc822=format_datetime,
        iso=datetime.isoformat,
        script_json=script_json,
    )
    return env


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of an article body: a paragraph or a photo."""

    kind: str
    text: str = ""
    photo: DemoPhoto | None = None
    src: str = ""


def _blocks(article: DemoArticle, base_url: str) -> list[Block]:
    blocks: list[Block] = []
    count = len(article.paragraphs)
    for index in range(count + 1):
        for photo in article.photos:
            if photo.before_paragraph == index or (
                index == count and photo.before_paragraph > count
            ):
                blocks.append(Block("photo", photo=photo, src=photo_url(photo.file, base_url)))
        if index < count:
            blocks.append(Block("p", text=article.paragraphs[index]))
    return blocks


def _next_data(article: DemoArticle, base_url: str, emails: list[str]) -> dict[str, object]:
    body: list[dict[str, object]] = []
    for block in _blocks(article, base_url):
        if block.photo is not None:
            body.append(
                {
                    "type": "image",
                    "src": block.src,
                    "caption": block.photo.caption,
                    "credit": block.photo.credit,
                }
            )
        else:
            body.append({"type": "paragraph", "text": block.text})
    reporters = [
        {"name": name, "email": emails[i] if i < len(emails) else None}
        for i, name in enumerate(article.authors)
    ]
    return {
        "props": {
            "pageProps": {
                "article": {
                    "articleId": article.id,
                    "title": article.title,
                    "labels": list(article.labels),
                    "section": article.section,
                    "reporters": reporters,
                    "bylineText": article.byline,
                    "publishedAt": article.published.isoformat(),
                    "updatedAt": article.updated.isoformat() if article.updated else None,
                    "canonicalUrl": canonical_url(article, base_url),
                    "body": body,
                },
            },
            "__N_SSG": True,
        },
        "page": "/article/[articleId]",
        "query": {"articleId": article.id},
        "buildId": "ranknews-demo-7f3c2a",
        "isFallback": False,
        "gsp": True,
        "scriptLoader": [],
    }


def _json_ld(article: DemoArticle, outlet: DemoOutlet, base_url: str) -> dict[str, object]:
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical_url(article, base_url)},
        "headline": display_title(article),
        "articleSection": article.section,
        "datePublished": article.published.isoformat(),
        "dateModified": article.last_modified.isoformat(),
        "author": [{"@type": "Person", "name": f"{name} 기자"} for name in article.authors],
        "publisher": {
            "@type": "Organization",
            "name": outlet.name,
            "logo": {"@type": "ImageObject", "url": f"{base_url.rstrip('/')}/{outlet.slug}/"},
        },
        "image": [photo_url(photo.file, base_url) for photo in article.photos],
        "articleBody": "\n".join(article.paragraphs),
        "inLanguage": "ko-KR",
    }


def _email(article: DemoArticle) -> str:
    found = _EMAIL.search(article.byline)
    return found.group(0) if found else ""


def render_article(
    article: DemoArticle,
    outlet: DemoOutlet,
    base_url: str,
    related: list[DemoArticle],
) -> str:
    """The article page in the outlet's style."""
    emails = _EMAIL.findall(article.byline)
    dateline = _DATELINE.match(article.paragraphs[0])
    context: dict[str, object] = {
        "a": article,
        "outlet": outlet,
        "base": base_url.rstrip("/"),
        "title": display_title(article),
        "blocks": _blocks(article, base_url),
        "canonical": canonical_url(article, base_url),
        "lead": article.paragraphs[0],
        "emails": emails,
        "dateline_city": dateline.group("city") if dateline else "서울",
        "related": [(display_title(r), page_url(r, base_url)) for r in related],
        "press_names": [o.name for o in load_outlets()],
        "first_photo": photo_url(article.photos[0].file, base_url) if article.photos else "",
    }
    if outlet.style == "nextjs":
        context["next_data"] = _next_data(article, base_url, emails)
    if outlet.style == "jsonld":
        context["json_ld"] = _json_ld(article, outlet, base_url)
    return _environment().get_template(f"{outlet.style}.html").render(context)


def render_outlet_index(outlet: DemoOutlet, articles: list[DemoArticle], base_url: str) -> str:
    items = [(a, display_title(a), page_url(a, base_url)) for a in articles]
    return (
        _environment()
        .get_template("outlet_index.html")
        .render(outlet=outlet, items=items, base=base_url.rstrip("/"))
    )


def render_rss(outlet: DemoOutlet, articles: list[DemoArticle], base_url: str) -> str:
    items = [
        (a, display_title(a), page_url(a, base_url), canonical_url(a, base_url), _email(a))
        for a in articles
    ]
    built = max((a.last_modified for a in articles), default=None)
    return (
        _environment()
        .get_template("rss.xml")
        .render(outlet=outlet, items=items, base=base_url.rstrip("/"), built=built)
    )


def render_root_index(outlets: tuple[DemoOutlet, ...], base_url: str) -> str:
    return (
        _environment()
        .get_template("root_index.html")
        .render(outlets=outlets, base=base_url.rstrip("/"))
    )
