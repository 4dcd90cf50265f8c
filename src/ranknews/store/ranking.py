"""What the story ranking is computed from: :class:`ranknews.ranking.StoryStats` at ``now``.

Four queries in one read transaction, however many stories: the stories active in the window,
their posts' and their wire copies' times and outlets, and their views in the last 24 hours.
Each query starts from the stories found through the ``stories_updated`` index
(``story_id IN (SELECT …)``), so its cost follows the window, not the size of the board.

The SQL is plain text with typed parameters: the result columns, one row per article of the
window, are read without SQLAlchemy's per-value type processing, and timestamps are converted
once with :func:`utc`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import Connection

from ranknews.errors import InvalidInput
from ranknews.ranking import VIEWS_HOURS, Report, StoryStats
from ranknews.store.engine import Engines, utc
from ranknews.store.schema import timed_sql

__all__ = ["RankingStore"]

# ``updated_at`` is a story's latest article and ``started_at`` its first: a story with an
# article in (since, now] passes both. The exact test is made on the articles' own times, in
# Python. (Every time is bound as UTC, like the typed columns: on SQLite they compare as text.)
_ACTIVE = (
    "SELECT id FROM stories WHERE updated_at > :stories_since AND started_at <= :stories_until"
)
_STORY_TIMES = ("stories_since", "stories_until")

_STORIES = timed_sql(
    "SELECT id, first_post, title, started_at FROM stories"
    " WHERE updated_at > :stories_since AND started_at <= :stories_until",
    times=_STORY_TIMES,
)

_POSTS = timed_sql(
    "SELECT sp.story_id, a.published_at, a.outlet_id FROM story_posts sp"
    " JOIN posts p ON p.number = sp.post_number"
    " JOIN articles a ON a.id = p.article_id"
    f" WHERE sp.story_id IN ({_ACTIVE}) AND p.hidden = :hidden AND a.published_at <= :now",
    times=(*_STORY_TIMES, "now"),
)

_COPIES = timed_sql(
    "SELECT sp.story_id, a.published_at, a.outlet_id FROM story_posts sp"
    " JOIN posts p ON p.number = sp.post_number"
    " JOIN wire_copies w ON w.post_number = sp.post_number"
    " JOIN articles a ON a.id = w.article_id"
    f" WHERE sp.story_id IN ({_ACTIVE}) AND p.hidden = :hidden AND a.published_at <= :now",
    times=(*_STORY_TIMES, "now"),
)

_VIEWS = timed_sql(
    "SELECT sp.story_id, SUM(h.views) FROM story_posts sp"
    " JOIN posts p ON p.number = sp.post_number"
    " JOIN post_view_hours h ON h.post_number = sp.post_number"
    f" WHERE sp.story_id IN ({_ACTIVE}) AND p.hidden = :hidden"
    " AND h.hour > :views_since AND h.hour <= :now"
    " GROUP BY sp.story_id",
    times=(*_STORY_TIMES, "now", "views_since"),
)


class RankingStore:
    def __init__(self, engines: Engines) -> None:
        self._engines = engines

    def stats(self, now: datetime, window_hours: float = 72.0) -> list[StoryStats]:
        """Every story with an article published in the ``window_hours`` before ``now``, with
        its articles published at or before ``now`` and its views in the 24 hours before.

        Hidden posts and the wire copies of their reports are left out. Sorted by story id.
        """
        if now.tzinfo is None or now.utcoffset() is None:
            raise InvalidInput("now must be an aware datetime")
        if not window_hours > 0:
            raise InvalidInput("window_hours must be positive")
        since = now - timedelta(hours=window_hours)
        params = {
            "stories_since": since,
            "stories_until": now,
            "now": now,
            "hidden": False,
            "views_since": now - timedelta(hours=VIEWS_HOURS),
        }
        reports: defaultdict[int, list[Report]] = defaultdict(list)
        with self._connect() as conn:
            heads = conn.execute(_STORIES, params).all()
            for query in (_POSTS, _COPIES):
                for story_id, published_at, outlet_id in conn.execute(query, params):
                    reports[story_id].append(Report(utc(published_at), outlet_id))
            views = {story_id: int(n or 0) for story_id, n in conn.execute(_VIEWS, params)}

        result = []
        for story_id, first_post, title, started_at in sorted(heads, key=lambda r: int(r[0])):
            found = sorted(reports.get(story_id, ()))
            # Stories updated after ``now`` pass the filter too; those whose articles up to
            # ``now`` are all older than the window are dropped, so that a past ``now`` lists
            # the stories it listed then.
            if not found or found[-1].published_at <= since:
                continue
            result.append(
                StoryStats(
                    story_id=int(story_id),
                    title=title,
                    first_post=int(first_post),
                    started_at=utc(started_at),
                    reports=tuple(found),
                    views_24h=views.get(story_id, 0),
                )
            )
        return result

    def _connect(self) -> Connection:
        conn = self._engines.read.connect()
        if self._engines.dialect == "postgresql":
            # One snapshot for the four queries, as SQLite's read transaction gives.
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        return conn
