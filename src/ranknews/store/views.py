"""View counts, written in batches: a total per post and a count per post and UTC hour (for
많이 본 뉴스 over 24 hours and 7 days)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from sqlalchemy import text

from ranknews.models import BoardRow
from ranknews.store.engine import Engines
from ranknews.store.rows import ROW_COLUMNS, ROW_FROM, board_row
from ranknews.store.schema import timed_sql

__all__ = ["ViewStore"]

_ADD = text(
    "INSERT INTO post_views (post_number, views) SELECT :number, :n"
    " WHERE EXISTS (SELECT 1 FROM posts WHERE number = :number)"
    " ON CONFLICT (post_number) DO UPDATE SET views = post_views.views + excluded.views"
)
_ADD_HOUR = timed_sql(
    "INSERT INTO post_view_hours (post_number, hour, views) SELECT :number, :hour, :n"
    " WHERE EXISTS (SELECT 1 FROM posts WHERE number = :number)"
    " ON CONFLICT (post_number, hour) DO UPDATE"
    " SET views = post_view_hours.views + excluded.views",
    times=("hour",),
)
# The window's views per post come from the hour index; the board columns are read for the
# top rows only.
_MOST_VIEWED = timed_sql(
    f"SELECT {ROW_COLUMNS}, h.n FROM {ROW_FROM}"
    " JOIN (SELECT post_number, SUM(views) AS n FROM post_view_hours"
    " WHERE hour >= :since AND hour < :until GROUP BY post_number) h"
    " ON h.post_number = p.number"
    " WHERE NOT p.hidden"
    " ORDER BY h.n DESC, p.number DESC LIMIT :limit",
    times=("since", "until"),
)


def _hour(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


class ViewStore:
    def __init__(self, engines: Engines) -> None:
        self._engines = engines

    def add(self, counts: Mapping[int, int], *, hour: datetime | None = None) -> None:
        """Add ``counts`` (post number -> new views) in one transaction, to each post's total
        and to its bucket for ``hour`` (the UTC hour the views happened in, truncated; now when
        not given). Posts that do not exist are ignored."""
        bucket = _hour(hour if hour is not None else datetime.now(UTC))
        items = [{"number": n, "n": c} for n, c in sorted(counts.items()) if c > 0]
        if not items:
            return
        with self._engines.write.begin() as conn:
            conn.execute(_ADD, items)
            conn.execute(_ADD_HOUR, [{**item, "hour": bucket} for item in items])

    def most_viewed(
        self, since: datetime, until: datetime, limit: int
    ) -> list[tuple[BoardRow, int]]:
        """The most viewed posts with their views in the hourly buckets that start in
        [``since``, ``until``), most first (ties: newest post first); hidden posts left out."""
        if limit <= 0:
            return []
        with self._engines.read.connect() as conn:
            rows = conn.execute(_MOST_VIEWED, {"since": since, "until": until, "limit": limit})
            return [(board_row(r), int(r[10])) for r in rows]
