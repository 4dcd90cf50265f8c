"""Ranking stories: a pure function of (data, now), in the manner of Hacker News's formula.

A story's score at ``now`` counts only its articles (posts and the wire copies of its posts)
published at or before ``now``::

    outlets  = distinct outlets among those articles (wire carriers included)
    recent   = those articles published in the VELOCITY_HOURS (3) before now
    views    = views of the story's posts in the 24 hours before now
    age      = hours from the story's first article to now (at least 0)

    points   = (outlets - 1)                         one point per outlet that took it up
             + 0.5 * min(recent, outlets - 1)        velocity, at most half the outlet points
             + log10(1 + views / 100)                views, damped
    score    = points / (age + 2) ** gravity          gravity: setting ranking_gravity (1.8)

- **Distinct outlets dominate.** How many newsrooms carry an event is the signal a reader of a
  news board cares about, and one outlet cannot raise it by publishing more: its updates and its
  own copies count once. The first outlet earns nothing, as on Hacker News a submitter's own
  vote does not count: every new post starts a story of one, hundreds an hour, and without the
  ``- 1`` each would top the ranking in its first hour (its age divides by almost nothing).
- **Velocity** adds half a point per article of the last three hours, but never more than half
  the outlet points: a story breaking now rises, and a string of updates from one outlet cannot
  outweigh other outlets.
- **Views** count from about a hundred a day, and each tenfold beyond is one more point: a
  story read 100,000 times in a day gains 3 points, what three more outlets give. Views say what
  readers open, but they follow the ranking they are shown; the damping keeps that loop weak.
- **Decay**: the points are divided by ``(age + 2) ** gravity``, Hacker News's gravity. The
  ``+ 2`` keeps a story's first hours from dividing by almost nothing; with gravity 1.8 a story
  keeps 29 % of its fresh score after 2 hours, 5.5 % after 8, 1 % after a day.

A story with no points (one outlet, nobody reading) is not ranked. Ties are broken by the
story id (older story first), so the same inputs give the same order. Nothing here reads a
clock: ``now`` is always passed in, and articles published after it are ignored, so the stored
data and a past ``now`` reproduce the ranking of that moment.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from ranknews import timefmt
from ranknews.errors import InvalidInput

__all__ = [
    "AGE_OFFSET_HOURS",
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "VELOCITY_HOURS",
    "VELOCITY_WEIGHT",
    "VIEWS_HOURS",
    "VIEWS_SCALE",
    "RankedStory",
    "Report",
    "StoryStats",
    "as_json",
    "parse_now",
    "rank",
    "score",
]

VELOCITY_HOURS = 3.0
VELOCITY_WEIGHT = 0.5
VIEWS_HOURS = 24
VIEWS_SCALE = 100.0
AGE_OFFSET_HOURS = 2.0
DEFAULT_LIMIT = 30
MAX_LIMIT = 100


class Report(NamedTuple):
    """One article of a story: a post, or a wire copy of one of its posts."""

    published_at: datetime
    outlet_id: int


@dataclass(frozen=True, slots=True)
class StoryStats:
    """What a story's score is computed from, as read at some ``now``.

    ``reports`` are the story's articles published at or before that ``now`` (hidden posts and
    their copies left out); ``views_24h`` are its posts' views in the 24 hours before it.
    """

    story_id: int
    title: str
    first_post: int
    started_at: datetime
    reports: tuple[Report, ...]
    views_24h: int = 0


@dataclass(frozen=True, slots=True)
class RankedStory:
    """One row of a ranking: the inputs and the numbers the score came from."""

    rank: int
    stats: StoryStats
    score: float
    outlets: int
    articles: int
    recent: int
    first_at: datetime


class _Parts(NamedTuple):
    outlets: int
    articles: int
    recent: int
    first_at: datetime
    score: float


def _check(now: datetime, gravity: float) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise InvalidInput("now must be an aware datetime")
    if not math.isfinite(gravity) or gravity < 0:
        raise InvalidInput(f"gravity must be a finite number ≥ 0, not {gravity!r}")


def _parts(stats: StoryStats, now: datetime, gravity: float) -> _Parts | None:
    counted = [r for r in stats.reports if r.published_at <= now]
    if not counted:
        return None
    outlets = len({r.outlet_id for r in counted})
    recent_after = now - timedelta(hours=VELOCITY_HOURS)
    recent = sum(1 for r in counted if r.published_at > recent_after)
    # The story's first article: its first report, or an earlier wire copy of it.
    first_at = min(min(r.published_at for r in counted), stats.started_at)
    age = max((now - first_at).total_seconds() / 3600.0, 0.0)
    points = (
        (outlets - 1)
        + VELOCITY_WEIGHT * min(recent, outlets - 1)
        + math.log10(1 + max(stats.views_24h, 0) / VIEWS_SCALE)
    )
    if points <= 0:
        return None
    return _Parts(
        outlets, len(counted), recent, first_at, points / (age + AGE_OFFSET_HOURS) ** gravity
    )


def score(stats: StoryStats, now: datetime, gravity: float) -> float:
    """The story's score at ``now``; 0.0 when it has no points by then (no article published,
    or one outlet's articles and no views)."""
    _check(now, gravity)
    parts = _parts(stats, now, gravity)
    return 0.0 if parts is None else parts.score


def rank(
    stats_list: Iterable[StoryStats],
    now: datetime,
    gravity: float,
    limit: int | None = DEFAULT_LIMIT,
) -> list[RankedStory]:
    """The stories by score at ``now``, highest first; ties by story id; at most ``limit``.

    Stories without points at ``now`` (no article published by then, or only one outlet's and
    no views) are left out.
    """
    _check(now, gravity)
    if limit is not None and limit < 0:
        raise InvalidInput(f"limit must be ≥ 0, not {limit}")
    scored: list[tuple[StoryStats, _Parts]] = []
    for stats in stats_list:
        parts = _parts(stats, now, gravity)
        if parts is not None:
            scored.append((stats, parts))
    scored.sort(key=lambda item: (-item[1].score, item[0].story_id))
    if limit is not None:
        scored = scored[:limit]
    return [
        RankedStory(
            rank=i,
            stats=stats,
            score=parts.score,
            outlets=parts.outlets,
            articles=parts.articles,
            recent=parts.recent,
            first_at=parts.first_at,
        )
        for i, (stats, parts) in enumerate(scored, start=1)
    ]


def as_json(ranked: Sequence[RankedStory], now: datetime, gravity: float) -> dict[str, Any]:
    """The ranking as the API and ``ranknews rank --json`` give it (times in KST)."""
    return {
        "now": timefmt.iso(now),
        "gravity": gravity,
        "stories": [
            {
                "rank": r.rank,
                "id": r.stats.story_id,
                "title": r.stats.title,
                "url": f"/stories/{r.stats.story_id}",
                "first_post": r.stats.first_post,
                "outlets": r.outlets,
                "articles": r.articles,
                "views_24h": r.stats.views_24h,
                "started_at": timefmt.iso(r.first_at),
                "score": r.score,
            }
            for r in ranked
        ],
    }


# A '+' of an offset typed into an address arrives as a space: "…T15:00:00 09:00".
_SPACED_OFFSET = re.compile(r"(.*T.*) ([0-9]{2}(?::?[0-9]{2})?)")
_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
_LATEST = datetime(9000, 1, 1, tzinfo=UTC)


def parse_now(raw: str) -> datetime:
    """An ISO 8601 time with a UTC offset (``2026-11-25T15:00:00+09:00``, or ``…Z``), as UTC.

    A time without an offset is refused: which ranking it names would depend on the zone of
    whoever reads it.
    """
    text = raw.strip()
    spaced = _SPACED_OFFSET.fullmatch(text)
    if spaced:
        text = f"{spaced.group(1)}+{spaced.group(2)}"
    if not text or len(text) > 40:
        raise InvalidInput(f"not an ISO 8601 time with an offset: {raw!r}")
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"not an ISO 8601 time with an offset: {raw!r}") from exc
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(f"give a UTC offset (e.g. +09:00) with the time: {raw!r}")
    try:
        value = value.astimezone(UTC)
    except OverflowError as exc:
        raise InvalidInput(f"time out of range: {raw!r}") from exc
    if not _EARLIEST <= value < _LATEST:
        raise InvalidInput(f"time out of range (1970 to 8999): {raw!r}")
    return value
