"""A deadline for one fetch: every wait on the network is cut to the time left."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["Deadline"]


class Deadline:
    """``seconds`` from now on ``clock``; can be pushed back by time spent queueing."""

    __slots__ = ("_at", "_clock", "seconds")

    def __init__(self, seconds: float, clock: Callable[[], float]) -> None:
        self.seconds = seconds
        self._clock = clock
        self._at = clock() + seconds

    def remaining(self) -> float:
        return self._at - self._clock()

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0

    def extend(self, seconds: float) -> None:
        """Push the deadline back (time spent waiting for a host slot is not fetch time)."""
        if seconds > 0:
            self._at += seconds

    def bound(self, timeout: float | None) -> float | None:
        """``timeout`` cut to the time left; ``None`` stays unbounded only without deadline."""
        left = self.remaining()
        if timeout is None:
            return left
        return min(timeout, left)
