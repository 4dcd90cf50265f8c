"""The Starlette application serving every demo outlet under one host."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ranknews.demo.site.data import (
    DemoArticle,
    DemoOutlet,
    data_dir,
    load_articles,
    load_outlets,
)
from ranknews.demo.site.render import (
    render_article,
    render_outlet_index,
    render_root_index,
    render_rss,
)
from ranknews.demo.site.urls import canonical_path

__all__ = [
    "Resource",
    "build_resources",
    "create_site_app",
]

_EPOCH = datetime(2026, 11, 18, tzinfo=UTC)
_ROBOTS = "User-agent: *\nAllow: /\n"


@dataclass(frozen=True, slots=True)
class Resource:
    """One pre-rendered response body."""

    body: bytes
    content_type: str
    last_modified: datetime
    etag: str


def _resource(body: bytes, content_type: str, last_modified: datetime) -> Resource:
    digest = hashlib.sha256(body).hexdigest()[:20]
    return Resource(body, content_type, last_modified, f'"{digest}"')


def _html(outlet: DemoOutlet, text: str, last_modified: datetime) -> Resource:
    if outlet.charset == "euc-kr":
        # Old sites: cp949 bytes, charset only in the <meta> tag, not in the header.
        return _resource(text.encode("cp949"), "text/html", last_modified)
    return _resource(text.encode("utf-8"), "text/html; charset=utf-8", last_modified)


def _outlet_resources(
    outlet: DemoOutlet, articles: list[DemoArticle], base_url: str
) -> dict[str, Resource]:
    newest_first = sorted(articles, key=lambda a: a.published, reverse=True)
    latest = max((a.last_modified for a in articles), default=_EPOCH)
    prefix = f"/{outlet.slug}/"
    found: dict[str, Resource] = {
        prefix: _html(outlet, render_outlet_index(outlet, newest_first, base_url), latest),
        prefix + "rss.xml": _resource(
            render_rss(outlet, newest_first, base_url).encode("utf-8"),
            "application/rss+xml; charset=utf-8",
            latest,
        ),
    }
    for article in newest_first:
        related = [a for a in newest_first if a.id != article.id][:5]
        page = render_article(article, outlet, base_url, related)
        found[canonical_path(article)] = _html(outlet, page, article.last_modified)
    return found


def build_resources(base_url: str) -> dict[str, Resource]:
    """Every servable response, keyed by path (portal pages by ``path?idx=N``)."""
    articles = load_articles()
    outlets = load_outlets()
    resources: dict[str, Resource] = {
        "/": _resource(
            render_root_index(outlets, base_url).encode("utf-8"),
            "text/html; charset=utf-8",
            max(a.last_modified for a in articles),
        ),
        "/robots.txt": _resource(_ROBOTS.encode("ascii"), "text/plain; charset=utf-8", _EPOCH),
    }
    for outlet in outlets:
        own = [a for a in articles if a.outlet == outlet.slug]
        resources.update(_outlet_resources(outlet, own, base_url))
    for entry in data_dir().joinpath("photos").iterdir():
        if entry.name.endswith(".svg"):
            resources[f"/photos/{entry.name}"] = _resource(
                entry.read_bytes(), "image/svg+xml", _EPOCH
            )
    return resources


def _http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC).replace(microsecond=0), usegmt=True)


def _not_modified(headers: Mapping[str, str], resource: Resource) -> bool:
    if (tags := headers.get("if-none-match")) is not None:
        wanted = {tag.strip().removeprefix("W/") for tag in tags.split(",")}
        return "*" in wanted or resource.etag in wanted
    if (since := headers.get("if-modified-since")) is not None:
        try:
            moment = parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return resource.last_modified.replace(microsecond=0) <= moment
    return False


def _lookup_key(request: Request) -> str:
    path = request.url.path
    if path.endswith("/view.php"):
        idx = request.query_params.get("idx", "")
        return f"{path}?idx={idx}" if idx.isdigit() else path
    return path


def create_site_app(base_url: str) -> Starlette:
    """The demo site; ``base_url`` (``http://127.0.0.1:8001``) prefixes image and page links."""
    resources = build_resources(base_url)

    async def serve(request: Request) -> Response:
        resource = resources.get(_lookup_key(request))
        if resource is None:
            path = request.url.path
            if not path.endswith("/") and path + "/" in resources:
                return RedirectResponse(base_url.rstrip("/") + path + "/", status_code=301)
            return PlainTextResponse("404 Not Found", status_code=404)
        headers = {
            "etag": resource.etag,
            "last-modified": _http_date(resource.last_modified),
            "cache-control": "public, max-age=60",
        }
        if _not_modified(request.headers, resource):
            return Response(status_code=304, headers=headers)
        headers["content-type"] = resource.content_type
        return Response(resource.body, headers=headers)

    return Starlette(routes=[Route("/{path:path}", serve, methods=["GET", "HEAD"])])
