"""The trends page (``/trends``): nouns rising in the last hours, each with a sparkline.

It reads counts that ingestion wrote (:class:`ranknews.store.trends.TrendStore`) and scores them
with :mod:`ranknews.trends`; it never loads a tokenizer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from ranknews.trends import MIN_DOCS, Trend, TrendReport, score, windows, with_series
from ranknews.web.board import BoardViews
from ranknews.web.params import hours_param
from ranknews.web.sparkline import sparkline

__all__ = ["CHOICES", "TOP", "TrendViews", "search_href"]

CHOICES = (6, 24, 72)  # the windows a reader can pick, besides the configured one
TOP = 30
_MAX_WINDOW_HOURS = 24 * 31
_MAX_BASELINE_DAYS = 366


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


class TrendViews:
    def __init__(self, board: BoardViews) -> None:
        self.board = board
        configured = board.settings.trend_window_hours
        self.default_hours = configured if 1 <= configured <= _MAX_WINDOW_HOURS else 24
        self.choices = tuple(sorted({*CHOICES, self.default_hours}))
        self.baseline_days = min(max(board.settings.trend_baseline_days, 0), _MAX_BASELINE_DAYS)

    async def trends_page(self, request: Request) -> Response:
        hours = hours_param(request.query_params, self.choices, self.default_hours)
        # Always in the thread pool, even on SQLite: with 1,500 candidate nouns the reads and
        # rendering took 0.07-0.25 s on SQLite and 0.14-0.34 s on PostgreSQL (8 days of 1,440
        # articles a day with 25 nouns each), too long to hold the event loop.
        body = await self.board.cache.get_or_render(
            ("trends", hours), lambda: run_in_threadpool(self._render, hours)
        )
        return Response(body, media_type="text/html; charset=utf-8")

    def anchor(self, hours: int) -> datetime:
        """The moment the trends are read at: now, or — when no article came in during the
        window (the crawler stopped, or a board of old news such as the demo) — the end of the
        last hour with articles, so the page shows the last trends instead of nothing; the
        page then says so."""
        now = self.board.now()
        last = self.board.store.trends.last_hour()
        if last is not None and last + timedelta(hours=1) < now - timedelta(hours=hours):
            return last + timedelta(minutes=59)
        return now

    def report(self, hours: int) -> TrendReport:
        """Score the window's nouns on totals the database sums, then read the hours of the
        few picked for their sparklines."""
        now = self.anchor(hours)
        days = self.baseline_days
        w = windows(now, hours, days)
        store = self.board.store.trends
        history = store.first_hour()
        term_totals = store.totals(
            w.baseline_from(history), w.window_start, w.end, min_docs=MIN_DOCS
        )
        report = score(
            term_totals,
            now=now,
            window_hours=hours,
            baseline_days=days,
            history_start=history,
            limit=TOP,
        )
        if not report.trends:
            return report
        picked = [t.term for t in report.trends]
        return with_series(report, store.hourly(w.series_start, w.end, terms=picked))

    def _render(self, hours: int) -> bytes:
        report = self.report(hours)
        w = report.windows
        unit = f"({w.bucket_hours}시간 단위)" if w.bucket_hours > 1 else ""
        label = f"최근 {w.series_hours}시간 기사 수 추이{unit}"
        rows = [_row(t, label, w.window_fraction) for t in report.trends]
        anchored = w.end < self.board.now() - timedelta(hours=hours)
        page = self.board.templates.get_template("trends.html").render(
            as_of=w.end if anchored else None,
            rows=rows,
            hours=hours,
            choices=self.choices,
            baseline_days=self.baseline_days,
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
