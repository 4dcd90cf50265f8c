"""Trend counts: in how many articles each noun appeared, per UTC hour of publication.

Written by ingestion, in the transaction that stores the post (:meth:`TrendStore.record`);
read by the trends page (:meth:`TrendStore.totals` for scoring, :meth:`TrendStore.hourly` for
the sparklines of the terms picked), which scores them with :mod:`ranknews.trends`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Connection, text

from ranknews.store.engine import Engines
from ranknews.store.schema import UTCDateTime, timed_sql

__all__ = ["TrendStore"]

# One row per (term, hour); concurrent writers meet in ON CONFLICT: SQLite has one writer at a
# time, and on PostgreSQL the second insert of a key waits for the first transaction and then
# updates the committed row, so no increment is lost.
_RECORD = timed_sql(
    "INSERT INTO term_hours (term, hour, docs) VALUES (:term, :hour, 1)"
    " ON CONFLICT (term, hour) DO UPDATE SET docs = term_hours.docs + 1",
    times=("hour",),
)
# The candidates: terms with at least :min_docs articles in the window, with that count (a
# range of the hour index, grouped).
_WINDOW = timed_sql(
    "SELECT term, SUM(docs) FROM term_hours WHERE hour >= :start AND hour < :until"
    " GROUP BY term HAVING SUM(docs) >= :min_docs",
    times=("start", "until"),
)
# Their articles in the baseline, summed by the database: one primary-key range per term.
_BASELINE = timed_sql(
    "SELECT term, SUM(docs) FROM term_hours"
    " WHERE term IN :terms AND hour >= :since AND hour < :until GROUP BY term",
    times=("since", "until"),
    lists=("terms",),
)
# Hours of given terms: one primary-key range per term.
_HOURS = timed_sql(
    "SELECT term, hour, docs FROM term_hours"
    " WHERE term IN :terms AND hour >= :since AND hour < :until",
    times=("since", "until"),
    lists=("terms",),
).columns(hour=UTCDateTime)
_FIRST_HOUR = text("SELECT MIN(hour) AS hour FROM term_hours").columns(hour=UTCDateTime)
_LAST_HOUR = text("SELECT MAX(hour) AS hour FROM term_hours").columns(hour=UTCDateTime)

# Terms per IN list: well under SQLite's bound-parameter limit, and short statements.
_CHUNK = 500


def _hour(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to the store; pass an aware one")
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


class TrendStore:
    def __init__(self, engines: Engines) -> None:
        self._engines = engines

    def record(self, conn: Connection, terms: Iterable[str], published: datetime) -> None:
        """Count one article for each of its distinct ``terms`` at the UTC hour of
        ``published`` (``docs + 1``), inside the caller's open write transaction ``conn``.

        Terms are NFC-normalised and stripped; empty ones are skipped, repeats count once.
        Rows are written in term order, so two transactions never wait for each other's rows
        in opposite orders (no deadlock on PostgreSQL).
        """
        hour = _hour(published)
        distinct = sorted({unicodedata.normalize("NFC", t).strip() for t in terms} - {""})
        if distinct:
            conn.execute(_RECORD, [{"term": t, "hour": hour} for t in distinct])

    def totals(
        self, baseline_from: datetime, window_start: datetime, until: datetime, *, min_docs: int
    ) -> dict[str, tuple[int, int]]:
        """For each term with at least ``min_docs`` articles in [``window_start``, ``until``):
        (those articles, its articles in [``baseline_from``, ``window_start``)) — the input of
        :func:`ranknews.trends.score`.

        The window's terms come from the hour index; then the database sums each one's
        baseline along the primary key (term, hour), so no hourly row crosses to Python. Both
        are read in one transaction.
        """
        with self._engines.read.connect() as conn:
            recent = {
                str(term): int(n)
                for term, n in conn.execute(
                    _WINDOW, {"start": window_start, "until": until, "min_docs": max(1, min_docs)}
                )
            }
            found = dict.fromkeys(recent, 0)
            terms = sorted(recent)
            for i in range(0, len(terms), _CHUNK):
                params = {
                    "terms": terms[i : i + _CHUNK],
                    "since": baseline_from,
                    "until": window_start,
                }
                for term, n in conn.execute(_BASELINE, params):
                    found[term] = int(n)
        return {term: (recent[term], base) for term, base in found.items()}

    def hourly(
        self,
        since: datetime,
        until: datetime,
        *,
        window_start: datetime | None = None,
        min_docs: int = 1,
        terms: Iterable[str] | None = None,
    ) -> dict[str, dict[datetime, int]]:
        """Counts per term and hour (aware UTC) for the hours in [``since``, ``until``), of
        ``terms`` if given, else of the terms with at least ``min_docs`` articles in
        [``window_start``, ``until``) (``window_start`` defaults to ``since``).

        Without ``terms``, two steps, so that the cost follows the window's terms, not all the
        board's: the terms of the window come from the hour index, then each one's hours from
        the primary key (term, hour). Both are read in one transaction.
        """
        start = since if window_start is None else window_start
        found: dict[str, dict[datetime, int]] = {}
        with self._engines.read.connect() as conn:
            if terms is None:
                params = {"start": start, "until": until, "min_docs": max(1, min_docs)}
                wanted = sorted(str(term) for term, _ in conn.execute(_WINDOW, params))
            else:
                wanted = sorted(set(terms))
            for i in range(0, len(wanted), _CHUNK):
                rows = conn.execute(
                    _HOURS, {"terms": wanted[i : i + _CHUNK], "since": since, "until": until}
                )
                for term, hour, docs in rows:
                    found.setdefault(term, {})[hour] = int(docs)
        return found

    def first_hour(self) -> datetime | None:
        """The first hour with any count: where the board's history begins."""
        with self._engines.read.connect() as conn:
            value: datetime | None = conn.execute(_FIRST_HOUR).scalar_one()
        return value

    def last_hour(self) -> datetime | None:
        """The last hour with any count: where the board's news ends (a stopped crawler's, or
        the demo's)."""
        with self._engines.read.connect() as conn:
            value: datetime | None = conn.execute(_LAST_HOUR).scalar_one()
        return value
