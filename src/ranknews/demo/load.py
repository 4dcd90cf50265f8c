"""The bundled outlet site's articles as the crawler should store them, loaded directly.

``ranknews demo`` crawls the site through the real fetcher and extractor (``demo/run.py``).
This module builds the articles straight from the site's data instead: the truth that crawl is
compared with in tests, and a fast way for tests (the seed-order test, the browser test) to get
a realistic board without running a crawl.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from html import escape

from ranknews.analysis import Analyzer
from ranknews.demo.site import (
    DemoArticle,
    canonical_url,
    load_articles,
    load_outlets,
    page_url,
)
from ranknews.demo.site.urls import photo_url
from ranknews.models import Article, Outlet, Photo
from ranknews.sections import DEFAULT_SECTIONS, section_for_name
from ranknews.store import Store

__all__ = ["REPOST_DELAY", "demo_article", "load_demo"]

REPOST_DELAY = timedelta(minutes=3)


def _body_html(article: DemoArticle, base_url: str) -> str:
    parts: list[str] = []
    for index, paragraph in enumerate(article.paragraphs):
        for photo in article.photos:
            if photo.before_paragraph == index:
                parts.append(
                    f'<figure><img src="{escape(photo_url(photo.file, base_url))}"'
                    f' alt="{escape(photo.caption)}"><figcaption>{escape(photo.caption)}'
                    f' <span class="credit">{escape(photo.credit)}</span></figcaption></figure>'
                )
        parts.append(f"<p>{escape(paragraph)}</p>")
    return "".join(parts)


def demo_article(article: DemoArticle, outlets: dict[str, Outlet], base_url: str) -> Article:
    """The :class:`Article` the extractor is expected to produce for ``article``."""
    return Article(
        canonical_url=canonical_url(article, base_url),
        url=page_url(article, base_url),
        title=article.title,
        labels=article.labels,
        outlet=outlets[article.outlet],
        section=section_for_name(article.section),
        body_html=_body_html(article, base_url),
        body_text="\n".join(article.paragraphs),
        published=article.published,
        updated=article.updated,
        byline=article.byline,
        authors=article.authors,
        photos=tuple(
            Photo(url=photo_url(p.file, base_url), caption=p.caption, credit=p.credit)
            for p in article.photos
        ),
    )


def load_demo(
    store: Store,
    base_url: str,
    *,
    writer: str,
    progress: Callable[[int, int], None] | None = None,
    analyzer: Analyzer | None = None,
) -> tuple[int, int]:
    """Store every bundled article, oldest first, posted a few minutes after publication.

    With an ``analyzer``, wire copies are listed under their originals and posts grouped into
    stories, as a crawl does. Returns (new articles, articles seen). Running it again updates
    in place.
    """
    store.content.save_sections(list(DEFAULT_SECTIONS))
    outlets = {
        o.slug: Outlet(slug=o.slug, name=o.name, homepage=f"{base_url}/{o.slug}/")
        for o in load_outlets()
    }
    items = sorted(load_articles(), key=lambda a: (a.published, a.id))
    created = 0
    for done, item in enumerate(items, 1):
        posted: datetime = item.published + REPOST_DELAY
        article = demo_article(item, outlets, base_url)
        analysis = (
            analyzer.analyze(article.title, article.body_text) if analyzer is not None else None
        )
        saved = store.content.save_article(article, now=posted, writer=writer, analysis=analysis)
        created += saved.created
        if progress is not None:
            progress(done, len(items))
    return created, len(items)
