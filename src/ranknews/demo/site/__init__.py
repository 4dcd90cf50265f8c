"""A bundled fictional Korean news site for ranknews demos and crawler tests.

Six invented outlets, each with its own markup style, served under one host by
:func:`create_site_app`; the articles and photos in ``data/`` are the source of truth.
"""

from ranknews.demo.site.app import create_site_app
from ranknews.demo.site.data import (
    SECTIONS,
    DemoArticle,
    DemoOutlet,
    DemoPhoto,
    load_articles,
    load_outlets,
)
from ranknews.demo.site.render import display_title
from ranknews.demo.site.urls import canonical_url, page_url

__all__ = [
    "SECTIONS",
    "DemoArticle",
    "DemoOutlet",
    "DemoPhoto",
    "canonical_url",
    "create_site_app",
    "display_title",
    "load_articles",
    "load_outlets",
    "page_url",
]
