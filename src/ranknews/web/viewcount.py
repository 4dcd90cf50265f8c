"""Counting views without a write per page view: counts gather in memory and are written
to the store in one transaction every ``view_flush_seconds`` and at shutdown."""

from __future__ import annotations

import logging
import threading
from collections import Counter

from ranknews.store.views import ViewStore

__all__ = ["ViewCounter"]

log = logging.getLogger(__name__)


class ViewCounter:
    def __init__(self, views: ViewStore, interval: float) -> None:
        self._views = views
        self._interval = interval
        self._pending: Counter[int] = Counter()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def hit(self, number: int) -> None:
        with self._lock:
            self._pending[number] += 1

    def pending(self, number: int) -> int:
        with self._lock:
            return self._pending.get(number, 0)

    def flush(self) -> int:
        with self._lock:
            batch, self._pending = self._pending, Counter()
        if not batch:
            return 0
        try:
            self._views.add(batch)
        except Exception:
            log.exception("view counts not written; kept for the next flush")
            with self._lock:
                self._pending.update(batch)
            return 0
        return sum(batch.values())

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="ranknews-views", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self.flush()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self.flush()
