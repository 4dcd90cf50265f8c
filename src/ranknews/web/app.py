"""The app factory: wires settings, store, templates and routes explicitly."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ranknews import timefmt
from ranknews.settings import Settings
from ranknews.store import Store
from ranknews.web.board import BoardPages
from ranknews.web.cache import PageCache
from ranknews.web.middleware import GuardMiddleware
from ranknews.web.popular import PopularPages
from ranknews.web.ranking import RankingPages
from ranknews.web.search import SearchPages
from ranknews.web.stories import StoryPages
from ranknews.web.trends import TrendPages
from ranknews.web.viewcount import ViewCounter

__all__ = ["create_app"]

_MESSAGES = {
    400: "잘못된 요청입니다.",
    404: "요청하신 페이지를 찾을 수 없습니다.",
    405: "허용되지 않은 요청 방식입니다.",
    500: "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.",
}


def make_templates(settings: Settings) -> Environment:
    env = Environment(
        loader=PackageLoader("ranknews.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.globals["board_title"] = settings.board_title
    env.filters["full_time"] = timefmt.full_time
    env.filters["iso"] = timefmt.iso
    return env


def create_app(
    settings: Settings,
    store: Store,
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    start_background: bool = True,
) -> Starlette:
    templates = make_templates(settings)
    counter = ViewCounter(
        store.views,
        settings.view_flush_seconds,
        repeat_minutes=settings.view_repeat_minutes,
        now=now,
    )
    cache = PageCache(settings.page_cache_seconds)
    board = BoardPages(settings, store, templates, cache=cache, counter=counter, now=now)
    ranking = RankingPages(board)

    def error_page(status: int, detail: str | None = None) -> HTMLResponse:
        message = detail if detail and status == 400 else _MESSAGES.get(status, _MESSAGES[500])
        body = templates.get_template("error.html").render(status=status, message=message)
        return HTMLResponse(body, status_code=status)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return error_page(exc.status_code, exc.detail)

    async def server_error(request: Request, exc: Exception) -> Response:
        return error_page(500)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if start_background:
            counter.start()
        try:
            yield
        finally:
            counter.stop()

    app = Starlette(
        routes=[
            Route("/", board.list_page, name="list"),
            Route("/{number:int}", board.article_page, name="article"),
            Route("/search", SearchPages(board).search_page, name="search"),
            Route("/stories/{story:int}", StoryPages(board).story_page, name="story"),
            Route("/trends", TrendPages(board).trends_page, name="trends"),
            Route("/popular", PopularPages(board).popular_page, name="popular"),
            Route("/ranking", ranking.ranking_page, name="ranking"),
            Route("/api/ranking", ranking.ranking_api, name="api-ranking"),
            Route("/healthz", healthz),
            Mount("/static", StaticFiles(packages=[("ranknews.web", "static")]), name="static"),
        ],
        exception_handlers={HTTPException: http_error, 500: server_error},
        lifespan=lifespan,
    )
    app.add_middleware(GuardMiddleware, max_query_length=settings.max_query_length)
    app.state.settings = settings
    app.state.store = store
    app.state.view_counter = counter
    app.state.cache = cache
    return app
