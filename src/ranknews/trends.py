"""Rising keywords: nouns counted per hour, the recent window against the term's own baseline.

Pure: no database, no tokenizer. The result is a function of the counts and ``now`` only.

**Input.** ``counts[term][hour]`` is the number of articles published in that UTC hour whose
title or lead held the noun (an article counts once per noun; see
:class:`ranknews.store.trends.TrendStore`).

**Windows.** ``end`` is the start of the hour after the one holding ``now``, so the current,
still filling hour belongs to the window. The window is ``[end - W h, end)``; the baseline is
the ``D`` days before it, ``[window_start - 24·D h, window_start)``, cut to the hour the
board's counts begin (``history_start``) so that a young board's baseline is not diluted by
hours in which nothing could have been counted.

**Score.** With ``recent`` the articles in the window, ``base`` those in the baseline and
``hours`` the baseline's length::

    expected = base / hours * W                       (0 when there is no baseline)
    ratio    = (recent + PRIOR) / (expected + PRIOR)   PRIOR = 3 articles
    z        = (recent - expected) / sqrt(expected + 1)

``ratio`` is the rise, smoothed: the prior pulls small counts towards 1, so 3 articles of a new
noun rise 2.0 times and 30 rise 11 times, while a noun that doubles from 24 to 48 rises 1.9
times. ``z`` is a Poisson-like surprise (the baseline's variance is about its mean) shown beside
it. A noun trends when ``recent >= MIN_DOCS`` (3: one or two mentions never trend) and
``ratio >= MIN_RATIO`` (1.5). Order: ``ratio`` descending, then ``recent`` descending, then the
term, so equal inputs always give the same list.

**Series.** Every trend carries its counts for the sparkline: the window and as much baseline
before it (at most the window's length again), in buckets of one hour, or of several hours when
that would be more than :data:`MAX_POINTS` points; missing hours are zeros. The buckets end at
``end``.

**Stages.** :func:`rising` does it all from hourly counts. A caller with many terms does the same
in three steps that need less data: :func:`score` on each term's (window, baseline) totals, which
a database can sum, then :func:`with_series` with the hourly counts of the few terms picked.
:func:`rising_from` takes these steps on a :class:`CountSource` (such as
:class:`ranknews.store.trends.TrendStore`), read at :func:`read_at`.

**Reading time.** A report is read at ``now``, unless no article came in during the window (the
crawler stopped, or a board of old news such as the demo): then it is read at the end of the last
hour with articles, so that the last trends are shown rather than none (:func:`read_at`,
:func:`as_of`).

**Choices.** A reader picks a window among :data:`CHOICES` and the configured one, which is
shown when none is picked (:func:`window_choice`).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

__all__ = [
    "CHOICES",
    "DEFAULT_WINDOW_HOURS",
    "MAX_BASELINE_DAYS",
    "MAX_POINTS",
    "MAX_WINDOW_HOURS",
    "MIN_DOCS",
    "MIN_RATIO",
    "PRIOR",
    "CountSource",
    "Trend",
    "TrendReport",
    "WindowChoice",
    "Windows",
    "as_of",
    "floor_hour",
    "read_at",
    "rising",
    "rising_from",
    "score",
    "totals",
    "window_choice",
    "windows",
    "with_series",
]

PRIOR = 3.0
MIN_DOCS = 3
MIN_RATIO = 1.5
MAX_POINTS = 48
CHOICES = (6, 24, 72)
"""The windows (hours) a reader can pick, besides the configured one."""
DEFAULT_WINDOW_HOURS = 24
"""The window shown when the configured one is out of range."""
MAX_WINDOW_HOURS = 24 * 31
MAX_BASELINE_DAYS = 366
_HOUR = timedelta(hours=1)


def floor_hour(moment: datetime) -> datetime:
    """The UTC hour that holds ``moment`` (an aware datetime)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given; pass an aware one")
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


@dataclass(frozen=True, slots=True)
class Windows:
    """The hours a report reads: window, baseline and the sparkline's buckets (UTC)."""

    window_hours: int
    baseline_days: int
    end: datetime
    window_start: datetime
    baseline_start: datetime
    bucket_hours: int
    points: int

    @property
    def series_start(self) -> datetime:
        return self.end - timedelta(hours=self.bucket_hours * self.points)

    @property
    def series_hours(self) -> int:
        return self.bucket_hours * self.points

    @property
    def since(self) -> datetime:
        """The first hour whose counts are needed (baseline or sparkline, whichever is first)."""
        return min(self.baseline_start, self.series_start)

    def baseline_from(self, history_start: datetime | None) -> datetime:
        """Where the baseline begins: ``baseline_start``, or the hour of ``history_start`` when
        the board's counts begin later (never after the window's start)."""
        if history_start is None:
            return self.baseline_start
        return min(max(self.baseline_start, floor_hour(history_start)), self.window_start)

    @property
    def window_fraction(self) -> float:
        """The share of the sparkline's width, from its right end, that is the window."""
        return min(1.0, self.window_hours / self.series_hours)


def windows(now: datetime, window_hours: int, baseline_days: int) -> Windows:
    """The window of ``window_hours`` ending with the hour holding ``now``, its baseline of
    ``baseline_days`` before it, and the sparkline's bucket size and number of points."""
    if window_hours < 1:
        raise ValueError("window_hours must be at least 1")
    if baseline_days < 0:
        raise ValueError("baseline_days must be at least 0")
    end = floor_hour(now) + _HOUR
    window_start = end - timedelta(hours=window_hours)
    before = min(window_hours, baseline_days * 24)
    span = window_hours + before
    bucket = -(-span // MAX_POINTS)
    points = -(-span // bucket)
    return Windows(
        window_hours=window_hours,
        baseline_days=baseline_days,
        end=end,
        window_start=window_start,
        baseline_start=window_start - timedelta(days=baseline_days),
        bucket_hours=bucket,
        points=points,
    )


@dataclass(frozen=True, slots=True)
class Trend:
    """One rising noun. ``baseline`` is its articles in the baseline period; ``expected`` the
    articles its baseline rate predicts for the window; ``series`` the sparkline's counts."""

    rank: int
    term: str
    recent: int
    baseline: int
    expected: float
    ratio: float
    z: float
    series: tuple[int, ...]

    @property
    def is_new(self) -> bool:
        """No article held the noun in the baseline period."""
        return self.baseline == 0


@dataclass(frozen=True, slots=True)
class TrendReport:
    """Rising nouns, best first. ``baseline_hours`` is the baseline's length actually used
    (shorter than the setting on a board younger than window and baseline)."""

    windows: Windows
    baseline_hours: int
    trends: tuple[Trend, ...]


def totals(
    counts: Mapping[str, Mapping[datetime, int]], w: Windows, baseline_from: datetime
) -> dict[str, tuple[int, int]]:
    """Per term, its articles in the window and in the baseline from ``baseline_from``."""
    found: dict[str, tuple[int, int]] = {}
    for term, hours in counts.items():
        recent = base = 0
        for hour, docs in hours.items():
            if docs < 0:
                raise ValueError(f"negative count for {term!r} at {hour.isoformat()}")
            h = floor_hour(hour)
            if w.window_start <= h < w.end:
                recent += docs
            elif baseline_from <= h < w.window_start:
                base += docs
        found[term] = (recent, base)
    return found


def score(
    term_totals: Mapping[str, tuple[int, int]],
    *,
    now: datetime,
    window_hours: int,
    baseline_days: int,
    history_start: datetime | None = None,
    limit: int = 30,
    min_docs: int = MIN_DOCS,
    min_ratio: float = MIN_RATIO,
) -> TrendReport:
    """The rising nouns from each term's (window, baseline) article counts, the baseline counted
    from ``windows(...).baseline_from(history_start)``; their series are left empty (see
    :func:`with_series`). At most ``limit`` trends are returned."""
    w = windows(now, window_hours, baseline_days)
    baseline_hours = int((w.window_start - w.baseline_from(history_start)) / _HOUR)
    picked: list[Trend] = []
    for term, (recent, base) in term_totals.items():
        if recent < 0 or base < 0:
            raise ValueError(f"negative count for {term!r}")
        if recent < min_docs:
            continue
        expected = base / baseline_hours * window_hours if baseline_hours else 0.0
        ratio = (recent + PRIOR) / (expected + PRIOR)
        if ratio < min_ratio:
            continue
        z = (recent - expected) / math.sqrt(expected + 1.0)
        picked.append(Trend(0, term, recent, base, expected, ratio, z, ()))
    picked.sort(key=lambda t: (-t.ratio, -t.recent, t.term))
    ranked = tuple(
        dataclasses.replace(t, rank=i) for i, t in enumerate(picked[: max(0, limit)], start=1)
    )
    return TrendReport(windows=w, baseline_hours=baseline_hours, trends=ranked)


def with_series(report: TrendReport, counts: Mapping[str, Mapping[datetime, int]]) -> TrendReport:
    """``report`` with each trend's sparkline counts taken from ``counts`` (hourly, which must
    cover ``report.windows.series_start`` to ``end`` for these terms; missing hours are 0)."""
    w = report.windows
    return dataclasses.replace(
        report,
        trends=tuple(
            dataclasses.replace(t, series=_series(counts.get(t.term, {}), w)) for t in report.trends
        ),
    )


def rising(
    counts: Mapping[str, Mapping[datetime, int]],
    *,
    now: datetime,
    window_hours: int,
    baseline_days: int,
    history_start: datetime | None = None,
    limit: int = 30,
    min_docs: int = MIN_DOCS,
    min_ratio: float = MIN_RATIO,
) -> TrendReport:
    """The nouns rising in the window ending with the hour of ``now`` (see the module's text),
    with their series: :func:`totals`, :func:`score` and :func:`with_series` in one.

    ``counts`` may hold hours outside the window and baseline; they are ignored (except in the
    sparkline's buckets). ``history_start``, the first hour with any counts on the board, cuts
    the baseline. At most ``limit`` trends are returned.
    """
    w = windows(now, window_hours, baseline_days)
    report = score(
        totals(counts, w, w.baseline_from(history_start)),
        now=now,
        window_hours=window_hours,
        baseline_days=baseline_days,
        history_start=history_start,
        limit=limit,
        min_docs=min_docs,
        min_ratio=min_ratio,
    )
    return with_series(report, counts)


@dataclass(frozen=True, slots=True)
class WindowChoice:
    """The windows a reader can pick (hours, ascending), the one shown when none is picked, and
    the days of baseline before each."""

    default_hours: int
    choices: tuple[int, ...]
    baseline_days: int


def window_choice(window_hours: int, baseline_days: int) -> WindowChoice:
    """The choice offered with the configured window and baseline: the window is the default
    when it is 1 hour to :data:`MAX_WINDOW_HOURS` (else :data:`DEFAULT_WINDOW_HOURS`) and is
    offered beside :data:`CHOICES`; the baseline is cut to 0..:data:`MAX_BASELINE_DAYS` days."""
    default = window_hours if 1 <= window_hours <= MAX_WINDOW_HOURS else DEFAULT_WINDOW_HOURS
    return WindowChoice(
        default_hours=default,
        choices=tuple(sorted({*CHOICES, default})),
        baseline_days=min(max(baseline_days, 0), MAX_BASELINE_DAYS),
    )


def read_at(now: datetime, last_hour: datetime | None, window_hours: int) -> datetime:
    """The moment a report is read at: ``now``, or, when the last hour with articles
    (``last_hour``, None on an empty board) ended before the window of ``window_hours``
    ending at ``now`` began, the last minute of that hour."""
    if last_hour is not None and last_hour + _HOUR < now - timedelta(hours=window_hours):
        return last_hour + timedelta(minutes=59)
    return now


def as_of(w: Windows, now: datetime) -> datetime | None:
    """The end of ``w`` when its report was read earlier than ``now`` (see :func:`read_at`),
    else None: what the page says it shows instead of the current trends."""
    return w.end if w.end < now - timedelta(hours=w.window_hours) else None


class CountSource(Protocol):
    """Where :func:`rising_from` reads the counts: sums per term and the hours of a few terms
    (:class:`ranknews.store.trends.TrendStore` is one)."""

    def first_hour(self) -> datetime | None:
        """The first hour with any count."""

    def last_hour(self) -> datetime | None:
        """The last hour with any count."""

    def totals(
        self, baseline_from: datetime, window_start: datetime, until: datetime, *, min_docs: int
    ) -> Mapping[str, tuple[int, int]]:
        """Per term with at least ``min_docs`` articles in [``window_start``, ``until``): those
        articles and its articles in [``baseline_from``, ``window_start``)."""

    def hourly(
        self, since: datetime, until: datetime, *, terms: Iterable[str]
    ) -> Mapping[str, Mapping[datetime, int]]:
        """The counts per term and hour of ``terms`` in [``since``, ``until``)."""


def rising_from(
    source: CountSource,
    *,
    now: datetime,
    window_hours: int,
    baseline_days: int,
    limit: int = 30,
    min_docs: int = MIN_DOCS,
    min_ratio: float = MIN_RATIO,
) -> TrendReport:
    """The nouns rising in the window read at :func:`read_at` (``now``, or the last hour with
    articles), scored on the totals ``source`` sums, with the series of the few picked: the
    same report :func:`rising` gives on the hourly counts, with the baseline cut to the first
    hour of ``source``."""
    at = read_at(now, source.last_hour(), window_hours)
    w = windows(at, window_hours, baseline_days)
    history = source.first_hour()
    report = score(
        source.totals(w.baseline_from(history), w.window_start, w.end, min_docs=min_docs),
        now=at,
        window_hours=window_hours,
        baseline_days=baseline_days,
        history_start=history,
        limit=limit,
        min_docs=min_docs,
        min_ratio=min_ratio,
    )
    if not report.trends:
        return report
    picked = [t.term for t in report.trends]
    return with_series(report, source.hourly(w.series_start, w.end, terms=picked))


def _series(hours: Mapping[datetime, int], w: Windows) -> tuple[int, ...]:
    buckets = [0] * w.points
    start = w.series_start
    size = timedelta(hours=w.bucket_hours)
    for hour, docs in hours.items():
        h = floor_hour(hour)
        if start <= h < w.end:
            buckets[(h - start) // size] += docs
    return tuple(buckets)
