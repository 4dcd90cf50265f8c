"""Scheduling: one pass over the due sources, or a worker that runs until told to stop.

Each source is claimed with a lease before it is refreshed, so several workers (threads,
processes, or machines sharing PostgreSQL) never refresh the same source at once. A stop
request lets the batch of sources in hand finish; nothing is left half-written, because
articles are stored in groups of up to ``pipeline.STORE_GROUP``, each group in one transaction
(all of it or none), and a source's ETag is only kept when all of it was stored.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from ranknews.models import Source
from ranknews.pipeline import Crawler, RefreshReport, refresh_sources

__all__ = ["BATCH", "LEASE", "run_forever", "run_pass"]

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=15)
IDLE_POLL_SECONDS = 30.0
BATCH = 16  # sources fetched together, whose new articles are then stored oldest first


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def run_pass(
    crawler: Crawler,
    *,
    include_not_due: bool = False,
    stop: threading.Event | None = None,
    progress: Callable[[Source, RefreshReport], None] | None = None,
) -> list[RefreshReport]:
    """Refresh every due source once (every active one with ``include_not_due``)."""
    now = crawler.now()
    if include_not_due:
        candidates = [s for s in crawler.store.sources.all() if s.status == "active"]
    else:
        candidates = crawler.store.sources.due(now, limit=10_000)
    owner = _owner()
    reports: list[RefreshReport] = []
    for start in range(0, len(candidates), BATCH):
        if stop is not None and stop.is_set():
            break
        batch = [
            source
            for source in candidates[start : start + BATCH]
            if crawler.store.sources.claim(source.id, owner=owner, now=now, until=now + LEASE)
        ]  # a source another worker holds is left to it
        try:
            done = refresh_sources(crawler, batch)
        except BaseException:
            for source in batch:
                crawler.store.sources.release(source.id)
            raise
        reports.extend(done)
        if progress is not None:
            for source, report in zip(batch, done, strict=True):
                progress(source, report)
    return reports


def run_forever(crawler: Crawler, stop: threading.Event) -> None:
    """Refresh sources as they fall due until ``stop`` is set."""
    log.info("worker started owner=%s", _owner())
    while not stop.is_set():
        reports = run_pass(crawler, stop=stop)
        for report in reports:
            log.info(
                "source refreshed source_id=%d status=%s new=%d updated=%d failed=%d",
                report.source_id,
                report.status,
                report.new,
                report.updated,
                report.failed,
            )
        stop.wait(_seconds_until_due(crawler.store.sources.next_due_at(), crawler.now()))
    log.info("worker stopped")


def _seconds_until_due(due: datetime | None, now: datetime) -> float:
    if due is None:
        return IDLE_POLL_SECONDS
    return max(0.5, min(IDLE_POLL_SECONDS, (due - now).total_seconds()))
