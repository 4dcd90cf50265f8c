"""A small time-limited cache of rendered pages (one process; bounded in entries)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable

__all__ = ["PageCache"]


class _Filling:
    """The lock that the requests missing one key wait on, and how many hold or wait for it."""

    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class PageCache:
    """Rendered pages by key, each kept ``ttl`` seconds (``ttl <= 0`` keeps nothing).

    :meth:`get` and :meth:`put` are safe from any thread; :meth:`get_or_render` is called
    from the event loop.
    """

    def __init__(
        self, ttl: float, *, max_entries: int = 1024, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._items: OrderedDict[Hashable, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()
        self._filling: dict[Hashable, _Filling] = {}

    def get(self, key: Hashable) -> bytes | None:
        if self.ttl <= 0:
            return None
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            expires, body = item
            if expires < self._clock():
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return body

    def put(self, key: Hashable, body: bytes) -> None:
        if self.ttl <= 0:
            return
        with self._lock:
            self._items[key] = (self._clock() + self.ttl, body)
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    async def get_or_render(self, key: Hashable, render: Callable[[], Awaitable[bytes]]) -> bytes:
        """The page cached under ``key``, or the one ``await render()`` gives, cached.

        Requests that miss the same key at the same time wait for one render and share its
        page, so a cold page is rendered once however many ask for it; other keys do not wait.
        ``render`` decides where the work runs (the event loop or the thread pool). With
        ``ttl <= 0`` every call renders, without waiting for the others.
        """
        body = self.get(key)
        if body is not None:
            return body
        if self.ttl <= 0:
            return await render()
        filling = self._filling.get(key)
        if filling is None:
            filling = self._filling[key] = _Filling()
        filling.users += 1
        try:
            async with filling.lock:
                body = self.get(key)
                if body is None:
                    body = await render()
                    self.put(key, body)
                return body
        finally:
            filling.users -= 1
            if not filling.users:
                del self._filling[key]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
