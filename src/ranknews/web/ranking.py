"""랭킹: stories by score (:mod:`ranknews.ranking`), as a page and as JSON.

Both take ``?now=`` (ISO 8601 with an offset) to show the ranking of a past moment, and
``?limit=`` (1..100). Without ``now`` the app's clock is used, and the result is cached for
``page_cache_seconds`` like the list pages; with it, the result is computed each time.
Malformed parameters are 400s: an error page for ``/ranking``, ``{"error": …}`` for the API.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ranknews.ranking import as_json, rank
from ranknews.web.board import BoardPages
from ranknews.web.params import limit_param, now_param

__all__ = ["RankingPages"]


class RankingPages:
    def __init__(self, board: BoardPages) -> None:
        self.board = board

    async def ranking_page(self, request: Request) -> Response:
        now = now_param(request.query_params)
        limit = limit_param(request.query_params)
        body = await self._cached("page", now, limit)
        return Response(body, media_type="text/html; charset=utf-8")

    async def ranking_api(self, request: Request) -> Response:
        try:
            now = now_param(request.query_params)
            limit = limit_param(request.query_params)
        except HTTPException as exc:
            return _json({"error": exc.detail}, status=exc.status_code)
        body = await self._cached("api", now, limit)
        return Response(body, media_type="application/json")

    async def _cached(self, kind: str, now: datetime | None, limit: int) -> bytes:
        # Unlike a list page (a few index look-ups), a ranking reads every article of the
        # window's stories, which grows with the board's rate of news; so it runs in the thread
        # pool on SQLite too (the database releases the GIL while it works), and the event loop
        # keeps serving the other pages meanwhile. Only the live ranking is cached (the
        # requests missing it wait for one computation): a given ``now`` is asked for rarely,
        # and caching each would push the list pages out of the cache.
        if now is not None:
            return await run_in_threadpool(self._render, kind, now, limit)
        return await self.board.cache.get_or_render(
            ("ranking", kind, limit), lambda: run_in_threadpool(self._render, kind, None, limit)
        )

    def _render(self, kind: str, now: datetime | None, limit: int) -> bytes:
        board = self.board
        if now is None:
            now = board.now()
        gravity = board.settings.ranking_gravity
        ranked = rank(board.store.ranking.stats(now), now, gravity, limit)
        if kind == "api":
            return _dumps(as_json(ranked, now, gravity))
        page = board.templates.get_template("ranking.html").render(
            ranked=ranked, now=now, gravity=gravity, limit=limit
        )
        return page.encode()


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _json(data: Any, *, status: int = 200) -> Response:
    return Response(_dumps(data), status_code=status, media_type="application/json")
