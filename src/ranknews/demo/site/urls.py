"""Where the demo site serves each article."""

from __future__ import annotations

from typing import Final

from ranknews.demo.site.data import DemoArticle, outlet_by_slug

__all__ = [
    "PORTAL_IDX_BASE",
    "canonical_path",
    "canonical_url",
    "page_path",
    "page_url",
    "photo_url",
    "portal_idx",
]

PORTAL_IDX_BASE: Final = 38000


def _style(article: DemoArticle) -> str:
    outlet = outlet_by_slug(article.outlet)
    if outlet is None:
        raise ValueError(f"unknown outlet {article.outlet!r}")
    return outlet.style


def portal_idx(article: DemoArticle) -> int:
    """The numeric ``idx`` a portal-style outlet uses for ``article``."""
    return PORTAL_IDX_BASE + int(article.id.rsplit("-", 1)[1])


def canonical_path(article: DemoArticle) -> str:
    style = _style(article)
    if style == "nextjs":
        return f"/{article.outlet}/article/{article.id}"
    if style == "portal":
        return f"/{article.outlet}/view.php?idx={portal_idx(article)}"
    return f"/{article.outlet}/news/{article.id}.html"


def page_path(article: DemoArticle) -> str:
    """The path the outlet's RSS feed and index link to (may carry tracking parameters)."""
    path = canonical_path(article)
    return path + "&utm_source=rss" if _style(article) == "portal" else path


def canonical_url(article: DemoArticle, base_url: str = "") -> str:
    """The canonical address of ``article``; root-relative when ``base_url`` is empty."""
    return base_url.rstrip("/") + canonical_path(article)


def page_url(article: DemoArticle, base_url: str = "") -> str:
    """The address the site links ``article`` at; root-relative when ``base_url`` is empty."""
    return base_url.rstrip("/") + page_path(article)


def photo_url(file: str, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/photos/{file}"
