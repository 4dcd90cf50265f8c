"""많이 본 뉴스: the posts viewed most in the last 24 hours or 7 days."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import NamedTuple

from starlette.requests import Request
from starlette.responses import Response

from ranknews.models import BoardRow
from ranknews.web.board import BoardPages
from ranknews.web.params import period_param

__all__ = ["PERIODS", "TOP", "PopularPages"]

PERIODS: dict[str, tuple[str, timedelta]] = {
    "24h": ("24시간", timedelta(hours=24)),
    "7d": ("7일", timedelta(days=7)),
}
"""``?period=`` values: their tab label and how far back they reach."""

DEFAULT_PERIOD = "24h"
TOP = 50


class Ranked(NamedTuple):
    rank: int
    row: BoardRow
    date: str
    views: int


class PopularPages:
    def __init__(self, board: BoardPages) -> None:
        self.board = board

    async def popular_page(self, request: Request) -> Response:
        period = period_param(request.query_params, PERIODS, DEFAULT_PERIOD)
        body = await self.board.cache.get_or_render(
            ("popular", period), lambda: self.board.run(self._render, period)
        )
        return Response(body, media_type="text/html; charset=utf-8")

    def _render(self, period: str) -> bytes:
        board = self.board
        label, span = PERIODS[period]
        # Whole hourly buckets: the current hour (still filling) and those before it.
        until = board.now().astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        until += timedelta(hours=1)
        found = board.store.views.most_viewed(until - span, until, TOP)
        shown = board.table_rows([row for row, _ in found])
        items = [
            Ranked(rank=i, row=row, date=cells.date, views=views)
            for i, ((row, views), cells) in enumerate(zip(found, shown, strict=True), start=1)
        ]
        page = board.templates.get_template("popular.html").render(
            period=period,
            label=label,
            periods=[(value, name) for value, (name, _) in PERIODS.items()],
            items=items,
        )
        return page.encode()
