"""The story page (one event across outlets) and its coverage strip."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ranknews import timefmt
from ranknews.web.board import BoardPages
from ranknews.web.params import MAX_NUMBER

__all__ = ["StoryPages", "coverage_strip"]

STRIP_BUCKETS = 48
_WIDTH = 480
_HEIGHT = 48


def coverage_strip(times: Sequence[datetime], start: datetime, end: datetime) -> dict[str, Any]:
    """Bars of how many articles appeared in each slice of the story's time span.

    At most :data:`STRIP_BUCKETS` slices of a whole number of hours (one hour for a story of up
    to two days). Returns what the template draws: the bars (x, y, width, height, count, label),
    the slice length and the peak, all numbers already rounded.
    """
    first = start.replace(minute=0, second=0, microsecond=0)
    hours = max(1, math.ceil((end - first).total_seconds() / 3600) + 1)
    step = max(1, math.ceil(hours / STRIP_BUCKETS))
    buckets = math.ceil(hours / step)
    counts = [0] * buckets
    for moment in times:
        index = int((moment - first).total_seconds() // (3600 * step))
        counts[min(max(index, 0), buckets - 1)] += 1
    peak = max(counts) if counts else 0
    width = _WIDTH / buckets
    bars = []
    for i, count in enumerate(counts):
        if not count:
            continue
        height = max(2.0, (_HEIGHT - 4) * count / peak)
        when = (first + timedelta(hours=i * step)).astimezone(timefmt.KST)
        bars.append(
            {
                "x": f"{i * width + 0.5:.1f}",
                "y": f"{_HEIGHT - height:.1f}",
                "width": f"{max(1.0, width - 1):.1f}",
                "height": f"{height:.1f}",
                "count": count,
                "label": f"{when:%m-%d %H}시부터 {step}시간: {count}건",
            }
        )
    last = (first + timedelta(hours=buckets * step)).astimezone(timefmt.KST)
    return {
        "bars": bars,
        "step": step,
        "peak": peak,
        "width": _WIDTH,
        "height": _HEIGHT,
        "from": f"{first.astimezone(timefmt.KST):%m.%d %H}시",
        "to": f"{last:%m.%d %H}시",
    }


class StoryPages:
    def __init__(self, board: BoardPages) -> None:
        self.board = board

    async def story_page(self, request: Request) -> Response:
        story_id = request.path_params["story"]
        if not 0 < story_id < MAX_NUMBER:
            raise HTTPException(404)
        body = await self.board.run(self._render, story_id)
        return HTMLResponse(body)

    def _render(self, story_id: int) -> str:
        stories = self.board.store.stories
        summary = stories.summary(story_id)
        if summary is None:
            raise HTTPException(404)
        articles = stories.articles(story_id)
        if not articles:  # every post of it hidden
            raise HTTPException(404)
        first = articles[0]
        outlets = list(dict.fromkeys(a.outlet for a in articles))
        context = {
            "story": summary,
            "articles": articles,
            "first": first,
            "outlets": outlets,
            "strip": coverage_strip(
                [a.published for a in articles], articles[0].published, articles[-1].published
            ),
            "sections": self.board.sections(),
            "section": None,
        }
        return self.board.templates.get_template("story.html").render(**context)
