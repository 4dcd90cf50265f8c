"""The trends page (``/trends``): nouns rising in the last hours, each with a sparkline.

It reads the counts ingestion wrote (:class:`ranknews.store.trends.TrendStore`) through
:func:`ranknews.trends.rising_from`, which chooses the window and scores them, and renders the
result; it never loads a tokenizer.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from ranknews.trends import MIN_DOCS, Trend, as_of, rising_from, window_choice
from ranknews.web.board import BoardPages
from ranknews.web.params import hours_param
from ranknews.web.sparkline import sparkline

__all__ = ["TOP", "TrendPages", "search_href"]

TOP = 30
"""The most trends the page lists."""


def search_href(term: str) -> str:
    """The board's search for ``term`` (제목+내용), quoted as a phrase when it holds a space
    or starts with the exclusion sign."""
    q = term
    if term.startswith("-") or any(c.isspace() for c in term):
        q = '"' + term.replace('"', " ") + '"'
    return "/search?q=" + quote(q, safe="")


@dataclass(frozen=True, slots=True)
class TrendRow:
    rank: int
    term: str
    href: str
    recent: int
    rise: str
    svg: Markup


class TrendPages:
    def __init__(self, board: BoardPages) -> None:
        self.board = board
        self.choice = window_choice(
            board.settings.trend_window_hours, board.settings.trend_baseline_days
        )

    async def trends_page(self, request: Request) -> Response:
        choice = self.choice
        hours = hours_param(request.query_params, choice.choices, choice.default_hours)
        # Always in the thread pool, even on SQLite: with 1,500 candidate nouns the reads and
        # rendering took 0.07-0.25 s on SQLite and 0.14-0.34 s on PostgreSQL (8 days of 1,440
        # articles a day with 25 nouns each), too long to hold the event loop.
        body = await self.board.cache.get_or_render(
            ("trends", hours), lambda: run_in_threadpool(self._render, hours)
        )
        return Response(body, media_type="text/html; charset=utf-8")

    def _render(self, hours: int) -> bytes:
        now = self.board.now()
        report = rising_from(
            self.board.store.trends,
            now=now,
            window_hours=hours,
            baseline_days=self.choice.baseline_days,
            limit=TOP,
        )
        w = report.windows
        unit = f"({w.bucket_hours}시간 단위)" if w.bucket_hours > 1 else ""
        label = f"최근 {w.series_hours}시간 기사 수 추이{unit}"
        rows = [_row(t, label, w.window_fraction) for t in report.trends]
        page = self.board.templates.get_template("trends.html").render(
            as_of=as_of(w, now),
            rows=rows,
            hours=hours,
            choices=self.choice.choices,
            baseline_days=self.choice.baseline_days,
            baseline_hours=report.baseline_hours,
            min_docs=MIN_DOCS,
        )
        return page.encode()


def _row(t: Trend, series_label: str, band: float) -> TrendRow:
    return TrendRow(
        rank=t.rank,
        term=t.term,
        href=search_href(t.term),
        recent=t.recent,
        rise="신규" if t.is_new else f"{t.ratio:.1f}배",
        svg=sparkline(t.series, label=f"\u2018{t.term}\u2019 {series_label}", band=band),
    )
