"""Being polite to each host: few requests in flight, and a gap between request starts."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["HostPoliteness"]


class _Host:
    __slots__ = ("lock", "next_start", "slots")

    def __init__(self, concurrency: int) -> None:
        self.slots = threading.BoundedSemaphore(concurrency)
        self.lock = threading.Lock()
        self.next_start = float("-inf")


class HostPoliteness:
    """Per host: at most ``concurrency`` requests at once, starts ``delay`` seconds apart.

    Thread-safe. Start times are reserved under a lock, so threads queueing for one host are
    spaced out evenly rather than all waking at once; ``sleep`` and ``clock`` are injectable.
    """

    def __init__(
        self,
        concurrency: int,
        delay: float,
        *,
        sleep: Callable[[float], None],
        clock: Callable[[], float],
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self._concurrency = concurrency
        self._delay = max(0.0, delay)
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}

    def _host(self, host: str) -> _Host:
        with self._lock:
            state = self._hosts.get(host)
            if state is None:
                state = self._hosts[host] = _Host(self._concurrency)
            return state

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold one of ``host``'s request slots, starting no sooner than the delay allows."""
        state = self._host(host)
        state.slots.acquire()
        try:
            with state.lock:
                now = self._clock()
                start = max(now, state.next_start)
                state.next_start = start + self._delay
            if start > now:
                self._sleep(start - now)
            yield
        finally:
            state.slots.release()
