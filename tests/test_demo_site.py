"""The bundled fictional outlet site: its data and a real HTTP server serving it."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser

import httpx
import pytest
import uvicorn

from ranknews.demo.site import (
    SECTIONS,
    DemoOutlet,
    canonical_url,
    create_site_app,
    display_title,
    load_articles,
    load_outlets,
    page_url,
)
from ranknews.demo.site.data import photo_bytes

ARTICLES = load_articles()
OUTLETS = {outlet.slug: outlet for outlet in load_outlets()}
BY_ID = {article.id: article for article in ARTICLES}
KST = timedelta(hours=9)


# --- helpers -----------------------------------------------------------------------------


class _Text(HTMLParser):
    """Visible text (no <script>/<style>) and <img src> values of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.images: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "img":
            self.images.extend(v for k, v in attrs if k == "src" and v)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _visible(html: str) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split()), parser.images


def _norm(text: str) -> str:
    return " ".join(text.split())


def _next_data(html: str) -> dict[str, object]:
    found = re.search(
        r'<script id="__NEXT_DATA__" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, "no __NEXT_DATA__ script"
    data = json.loads(found.group(1))
    assert isinstance(data, dict)
    return data


def _decode(outlet: DemoOutlet, response: httpx.Response) -> str:
    content_type = response.headers["content-type"]
    if outlet.charset == "euc-kr":
        assert content_type == "text/html", content_type
        return response.content.decode("cp949")
    assert content_type == "text/html; charset=utf-8", content_type
    return response.content.decode("utf-8")


def _cp949_only(char: str) -> bool:
    """A syllable outside KS X 1001 (EUC-KR proper) that cp949 encodes in two bytes."""
    encoded = char.encode("cp949", errors="replace")
    return len(encoded) == 2 and encoded[0] < 0xA1


# --- data ----------------------------------------------------------------------------------


def test_outlets_cover_every_style_once() -> None:
    assert 6 <= len(OUTLETS) <= 7
    styles = [outlet.style for outlet in OUTLETS.values()]
    assert set(styles) == {"table", "semantic", "jsonld", "nextjs", "portal", "wire"}
    assert len({o.name for o in OUTLETS.values()}) == len(OUTLETS)
    for outlet in OUTLETS.values():
        assert outlet.charset == ("euc-kr" if outlet.style == "table" else "utf-8")
        assert outlet.email_domain.endswith(".example")


def test_article_set_shape() -> None:
    assert len(ARTICLES) >= 66
    assert len(BY_ID) == len(ARTICLES), "ids must be unique"
    assert {a.section for a in ARTICLES} == set(SECTIONS)
    days = {a.published.date() for a in ARTICLES}  # offsets are +09:00: these are KST days
    assert len(days) >= 6
    assert all(date(2026, 11, 18) <= day <= date(2026, 11, 24) for day in days)
    for article in ARTICLES:
        assert article.published.utcoffset() == KST, article.id
        if article.updated is not None:
            assert article.updated.utcoffset() == KST, article.id
            assert article.updated >= article.published, article.id
        assert article.id.startswith(article.outlet + "-")
        assert 4 <= len(article.paragraphs) <= 9, article.id
        assert 700 <= sum(map(len, article.paragraphs)) <= 2000, article.id
        assert article.authors, article.id
        assert article.byline, article.id
        assert article.title == article.title.strip()
        assert "[" not in article.title[:1]
        assert not article.title.endswith(OUTLETS[article.outlet].name)


def test_photos() -> None:
    with_photos = [a for a in ARTICLES if 1 <= len(a.photos) <= 3]
    assert len(with_photos) >= 45
    assert all(len(a.photos) <= 3 for a in ARTICLES)
    leading = [a for a in with_photos if a.photos[0].before_paragraph == 0]
    assert len(leading) > len(with_photos) * 0.8
    assert any(len(a.photos) > 1 and a.photos[1].before_paragraph > 0 for a in ARTICLES)
    files = [p.file for a in ARTICLES for p in a.photos]
    assert len(set(files)) == len(files), "one file per referenced photo"
    for article in ARTICLES:
        for photo in article.photos:
            assert photo.caption
            assert photo.credit
            assert photo.before_paragraph <= len(article.paragraphs)
            svg = photo_bytes(photo.file)
            assert svg is not None, photo.file
            assert svg.startswith(b"<svg")
            assert b"<title>" in svg
            assert len(svg) < 2000
    assert photo_bytes("../articles.json") is None


def test_stories_are_covered_by_several_outlets() -> None:
    outlets: dict[str, set[str]] = defaultdict(set)
    follow_ups: Counter[str] = Counter()
    for article in ARTICLES:
        if article.story:
            outlets[article.story].add(article.outlet)
            follow_ups[article.story] += 1
    wide = [story for story, slugs in outlets.items() if 3 <= len(slugs) <= 5]
    assert len(wide) >= 8
    # Every story has more articles than outlets (a follow-up) or a (종합)/(2보) update.
    for story in wide:
        labels = {label for a in ARTICLES if a.story == story for label in a.labels}
        assert follow_ups[story] > len(outlets[story]) or labels & {"종합", "2보"}, story


def test_wire_copies_point_to_wire_originals() -> None:
    copies = [a for a in ARTICLES if a.wire_of]
    assert len(copies) >= 8
    for copy in copies:
        assert copy.wire_of is not None
        original = BY_ID[copy.wire_of]
        assert OUTLETS[original.outlet].style == "wire"
        assert copy.outlet != original.outlet
        assert copy.title != original.title
        assert copy.published >= original.published
        shared = set(copy.paragraphs) & set(original.paragraphs)
        assert len(shared) >= len(original.paragraphs) - 2, copy.id
        assert copy.paragraphs != original.paragraphs, copy.id
    assert len({OUTLETS[c.outlet].slug for c in copies}) >= 4


def test_search_bait_and_ai_talent_story() -> None:
    ai_talent = [a for a in ARTICLES if a.story and "AI 인재 1만명" in "".join(a.paragraphs)]
    assert len({a.outlet for a in ai_talent}) >= 3
    for word in ("서울", "AI", "관세"):
        unrelated = [a for a in ARTICLES if word in "".join(a.paragraphs) and a not in ai_talent]
        assert len(unrelated) >= 3, word
    body = " ".join(p for a in ARTICLES for p in a.paragraphs)
    for token in ("K-반도체", "5G", "3대", "1만명"):
        assert token in body


def test_table_outlet_has_cp949_only_syllable() -> None:
    table = [a for a in ARTICLES if OUTLETS[a.outlet].style == "table"]
    text = "".join(p for a in table for p in a.paragraphs)
    assert any(_cp949_only(char) for char in text)
    for article in table:  # whole pages are served as cp949
        "".join([article.title, article.byline, *article.paragraphs]).encode("cp949")


def test_urls() -> None:
    portal = next(a for a in ARTICLES if OUTLETS[a.outlet].style == "portal")
    assert re.fullmatch(r"/pureun/view\.php\?idx=\d+", canonical_url(portal))
    assert page_url(portal, "http://h:1/").startswith("http://h:1/pureun/view.php?idx=")
    assert page_url(portal).endswith("&utm_source=rss")
    nextjs = next(a for a in ARTICLES if OUTLETS[a.outlet].style == "nextjs")
    assert canonical_url(nextjs) == f"/{nextjs.outlet}/article/{nextjs.id}"
    plain = next(a for a in ARTICLES if OUTLETS[a.outlet].style == "semantic")
    assert page_url(plain, "http://h:1") == f"http://h:1/{plain.outlet}/news/{plain.id}.html"
    assert len({canonical_url(a) for a in ARTICLES}) == len(ARTICLES)


def test_display_title_labels() -> None:
    article = ARTICLES[0]
    for labels, expected in (
        (("속보",), f"[속보] {article.title}"),
        (("단독", "종합"), f"[단독] {article.title}(종합)"),
        (("2보",), f"{article.title}(2보)"),
    ):
        assert display_title(replace(article, labels=labels)) == expected


# --- the served site -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted sockets inherit TCP_NODELAY; without it each keep-alive request waits ~40 ms.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    config = uvicorn.Config(
        create_site_app(base), log_level="warning", lifespan="off", ws="none", http="h11"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive(), "server thread died"
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.01)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=10) as http:
        yield http


def test_root_and_robots(client: httpx.Client, base_url: str) -> None:
    root = client.get("/")
    assert root.status_code == 200
    for slug in OUTLETS:
        assert f'href="{base_url}/{slug}/rss.xml"' in root.text
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert "Allow: /" in robots.text
    index = client.get("/hanbit/")
    assert index.status_code == 200
    assert "한빛일보" in index.text
    moved = client.get("/hanbit")
    assert moved.status_code == 301
    assert moved.headers["location"] == f"{base_url}/hanbit/"


def test_rss_feeds_list_every_article(client: httpx.Client, base_url: str) -> None:
    for slug, outlet in OUTLETS.items():
        response = client.get(f"/{slug}/rss.xml")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/rss+xml")
        channel = ET.fromstring(response.content).find("channel")
        assert channel is not None
        items = channel.findall("item")
        own = sorted(
            (a for a in ARTICLES if a.outlet == slug), key=lambda a: a.published, reverse=True
        )
        assert [item.findtext("link") for item in items] == [page_url(a, base_url) for a in own]
        for item, article in zip(items, own, strict=True):
            assert item.findtext("title") == display_title(article)
            assert item.findtext("category") == article.section
            pub = item.findtext("pubDate") or ""
            assert pub.endswith(" +0900")
            assert parsedate_to_datetime(pub) == article.published
            assert item.findtext("guid")
            assert item.findtext("description")
            creators = item.findall("{http://purl.org/dc/elements/1.1/}creator")
            author = item.findtext("author") or ""
            assert creators or author, outlet.slug
            assert all(
                name in author or name in {c.text for c in creators} for name in article.authors
            )


def test_every_article_page(client: httpx.Client, base_url: str) -> None:
    photo_urls: set[str] = set()
    for article in ARTICLES:
        outlet = OUTLETS[article.outlet]
        response = client.get(page_url(article, base_url))
        assert response.status_code == 200, article.id
        assert response.headers["etag"]
        assert response.headers["last-modified"]
        html = _decode(outlet, response)
        text, images = _visible(html)
        assert _norm(display_title(article)) in text, article.id
        expected_photos = [f"{base_url}/photos/{p.file}" for p in article.photos]
        if outlet.style == "nextjs":
            for paragraph in article.paragraphs:
                assert _norm(paragraph) not in text, article.id
            props = _next_data(html)["props"]
            assert isinstance(props, dict)
            data = props["pageProps"]["article"]
            assert data["title"] == article.title
            body = data["body"]
            assert [b["text"] for b in body if b["type"] == "paragraph"] == list(article.paragraphs)
            assert [b["src"] for b in body if b["type"] == "image"] == expected_photos
            assert data["publishedAt"] == article.published.isoformat()
            assert [r["name"] for r in data["reporters"]] == list(article.authors)
        else:
            for paragraph in article.paragraphs:
                assert _norm(paragraph) in text, (article.id, paragraph[:30])
            for photo in article.photos:
                assert _norm(photo.caption) in text, article.id
            assert [src for src in images if "/photos/" in src] == expected_photos
            assert _norm(article.byline) in text or outlet.style == "wire", article.id
        if outlet.style in ("semantic", "jsonld", "portal", "wire"):
            assert f'<link rel="canonical" href="{canonical_url(article, base_url)}">' in html
        photo_urls.update(expected_photos)
        if page_url(article) != canonical_url(article):
            again = client.get(canonical_url(article, base_url))
            assert again.status_code == 200
            assert again.content == response.content
    for url in sorted(photo_urls):
        served = client.get(url)
        assert served.status_code == 200, url
        assert served.headers["content-type"] == "image/svg+xml"
        assert served.content.startswith(b"<svg")


def test_style_specifics(client: httpx.Client, base_url: str) -> None:
    by_style = {o.style: o for o in OUTLETS.values()}
    first = {
        style: next(a for a in ARTICLES if a.outlet == outlet.slug and a.photos)
        for style, outlet in by_style.items()
    }
    semantic = client.get(page_url(first["semantic"], base_url)).text
    for marker in (
        "<article",
        "<figure",
        "<figcaption>",
        "<time datetime=",
        "<address",
        'property="og:title"',
        " - 한빛일보</title>",
    ):
        assert marker in semantic, marker
    assert "입력 2026.11." in _visible(semantic)[0]
    jsonld_html = client.get(page_url(first["jsonld"], base_url)).text
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', jsonld_html, re.S)
    assert found
    ld = json.loads(found.group(1))
    assert ld["@type"] == "NewsArticle"
    assert ld["articleBody"] == "\n".join(first["jsonld"].paragraphs)
    assert ld["datePublished"] == first["jsonld"].published.isoformat()
    assert ld["image"]
    assert ld["publisher"]["name"] == by_style["jsonld"].name
    portal = client.get(page_url(first["portal"], base_url)).text
    for marker in (
        'class="caption"',
        "무단 전재 및 재배포 금지",
        "ⓒ",
        "관련 뉴스",
        "기사입력 2026.",
    ):
        assert marker in portal, marker
    wire = client.get(page_url(first["wire"], base_url)).text
    assert re.search(r"\(\w+=한결통신\) \w+ 기자 = ", wire)
    table = client.get(page_url(first["table"], base_url)).content.decode("cp949")
    for marker in ('<td class="view_text"', "<font", 'charset=euc-kr">', "<table"):
        assert marker in table, marker


def test_euc_kr_outlet_serves_cp949_bytes(client: httpx.Client, base_url: str) -> None:
    table = next(o for o in OUTLETS.values() if o.style == "table")
    article = next(
        a
        for a in ARTICLES
        if a.outlet == table.slug and any(_cp949_only(c) for c in "".join(a.paragraphs))
    )
    response = client.get(page_url(article, base_url))
    assert response.headers["content-type"] == "text/html"
    special = next(c for c in "".join(article.paragraphs) if _cp949_only(c))
    assert special.encode("cp949") in response.content
    with pytest.raises(UnicodeDecodeError):
        response.content.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        response.content.decode("euc-kr")  # strict EUC-KR lacks the cp949 extension
    page = response.content.decode("cp949")
    assert '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">' in page
    assert special in page
    index = client.get(f"/{table.slug}/")
    assert index.headers["content-type"] == "text/html"
    assert display_title(article) in index.content.decode("cp949").replace("&#39;", "'")


def test_conditional_requests(client: httpx.Client, base_url: str) -> None:
    for path in (page_url(ARTICLES[0], base_url), "/hanbit/rss.xml", "/"):
        first = client.get(path)
        etag = first.headers["etag"]
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == etag
        weak = client.get(path, headers={"If-None-Match": f'"other", W/{etag}'})
        assert weak.status_code == 304
        stale = client.get(path, headers={"If-None-Match": '"stale"'})
        assert stale.status_code == 200
        assert stale.content == first.content
        since = client.get(path, headers={"If-Modified-Since": first.headers["last-modified"]})
        assert since.status_code == 304
    updated = next(a for a in ARTICLES if a.updated)
    response = client.get(page_url(updated, base_url))
    assert updated.updated is not None
    assert parsedate_to_datetime(response.headers["last-modified"]) == updated.updated


def test_unknown_paths_are_404(client: httpx.Client) -> None:
    nextjs = next(a for a in ARTICLES if OUTLETS[a.outlet].style == "nextjs")
    for path in (
        "/nope",
        "/hanbit/news/hanbit-9999.html",
        "/pureun/view.php?idx=1",
        "/pureun/view.php",
        f"/{nextjs.outlet}/news/{nextjs.id}.html",
        "/photos/missing.svg",
        "/nobody/rss.xml",
    ):
        assert client.get(path).status_code == 404, path
