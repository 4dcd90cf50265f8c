"""Allowlist sanitising of outlet HTML before it is stored (nh3, i.e. the ammonia crate)."""

from __future__ import annotations

import nh3

__all__ = ["ALLOWED_TAGS", "sanitize_html"]

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote", "q",
        "ul", "ol", "li", "h2", "h3", "h4", "figure", "figcaption", "img", "a", "span",
        "table", "thead", "tbody", "tr", "th", "td", "caption", "hr", "cite", "small",
    }
)  # fmt: skip

_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "span": {"class"},
    "figure": {"class"},
    "figcaption": {"class"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}


def sanitize_html(html: str) -> str:
    """Keep only allowlisted tags and attributes; http(s) URLs only; links get
    ``rel="noopener noreferrer"``. Scripts, styles, event handlers, ``javascript:`` and
    ``data:`` URLs are removed with their content."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in _ATTRIBUTES.items()},
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer",
        clean_content_tags={"script", "style"},
        strip_comments=True,
    )
