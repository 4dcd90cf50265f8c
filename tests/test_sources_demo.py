"""The bundled demo outlets' RSS feeds read back to exactly the articles they were made from."""

from __future__ import annotations

import pytest

from ranknews.demo.site.app import build_resources
from ranknews.demo.site.data import load_articles, load_outlets
from ranknews.demo.site.render import display_title
from ranknews.demo.site.urls import page_url
from ranknews.sources import parse_source

BASE = "http://127.0.0.1:8001"


@pytest.fixture(scope="module")
def resources() -> dict[str, bytes]:
    return {path: r.body for path, r in build_resources(BASE).items() if path.endswith("rss.xml")}


@pytest.mark.parametrize("slug", [o.slug for o in load_outlets()])
def test_demo_feed(resources: dict[str, bytes], slug: str) -> None:
    feed = parse_source(resources[f"/{slug}/rss.xml"], f"{BASE}/{slug}/rss.xml")
    articles = sorted(
        (a for a in load_articles() if a.outlet == slug), key=lambda a: a.published, reverse=True
    )
    assert feed.kind == "rss"
    assert feed.warnings == ()
    assert [e.url for e in feed.entries] == [page_url(a, BASE) for a in articles]
    for entry, article in zip(feed.entries, articles, strict=True):
        assert entry.title == display_title(article)
        assert entry.published == article.published
        assert entry.authors == article.authors  # "김민수·이지은", "email (names)" alike
        assert entry.section == article.section
