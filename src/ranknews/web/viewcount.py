"""Counting views without a write per page view, and without counting what is not a reader.

Counts gather in memory, per UTC hour, and are written to the store in one transaction per hour
every ``view_flush_seconds`` and at shutdown (so a page never waits for a write lock).

A hit is not counted when

- its User-Agent is empty or contains one of :data:`BOT_MARKERS` (crawlers, feed fetchers,
  link-preview fetchers, HTTP libraries, headless browsers);
- it is a prefetch or prerender (``Sec-Purpose: prefetch…``, ``Purpose: prefetch``,
  ``X-Purpose: preview``, ``X-Moz: prefetch``): nobody has looked at the page yet;
- the same client (client address and User-Agent) was counted for the same post less than
  ``view_repeat_minutes`` ago.

Clients are remembered only as a keyed hash of address, User-Agent and post number (BLAKE2b
with a random key made when the counter is created), never as raw addresses. That memory is
bounded: at most :data:`MAX_RECENT` entries, the oldest forgotten first, each dropped once its
window has passed. At the bound it takes about 18 MB; under a flood of more distinct
client-post pairs than that within one window, the oldest pairs are forgotten early and may be
counted again — the count errs towards too many, never towards losing a reader.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from starlette.requests import HTTPConnection

from ranknews.store.views import ViewStore

__all__ = ["BOT_MARKERS", "MAX_RECENT", "ViewCounter", "is_bot", "is_prefetch"]

log = logging.getLogger(__name__)

BOT_MARKERS: tuple[str, ...] = (
    # Search engines and other crawlers: Googlebot, bingbot, AhrefsBot, Twitterbot, Applebot…
    "bot",
    "crawl",
    "spider",
    "slurp",  # Yahoo
    "yeti/",  # Naver
    "daumoa",  # Daum
    "archiver",  # ia_archiver
    "bingpreview",
    # Link previews in messengers and social networks
    "facebookexternalhit",
    "kakaotalk-scrap",
    "whatsapp/",
    "embedly",
    # Feed readers and fetchers
    "feedfetcher",
    "feedparser",
    "feedly",
    "feedbin",
    "newsblur",
    "inoreader",
    # HTTP libraries and command-line tools
    "curl",
    "wget",
    "python-requests",
    "python-httpx",
    "python-urllib",
    "aiohttp",
    "go-http-client",
    "okhttp",
    "java/",
    "apache-httpclient",
    "libwww-perl",
    "node-fetch",
    "axios",
    "undici",
    "scrapy",
    "httpie",
    # Headless and automated browsers (Playwright and Puppeteer Chromium say HeadlessChrome)
    "headlesschrome",
    "phantomjs",
    "lighthouse",
)
"""Lower-case fragments of User-Agent strings that are not readers; a User-Agent that contains
any of them (case-insensitively) is not counted. ``bot`` also catches the odd phone model
named like one (Cubot) — a view lost now and then, against every crawler that calls itself a
bot."""

_BOT = re.compile("|".join(re.escape(m) for m in BOT_MARKERS))

_PURPOSE_HEADERS = ("sec-purpose", "purpose", "x-purpose", "x-moz")

MAX_RECENT = 100_000
"""Client-post pairs remembered for repeat detection at most (about 18 MB at the bound)."""


def is_bot(user_agent: str) -> bool:
    """Whether a User-Agent is empty or names a crawler, fetcher, library or headless browser."""
    ua = user_agent.strip().lower()
    return not ua or _BOT.search(ua) is not None


def is_prefetch(headers: Mapping[str, str]) -> bool:
    """Whether a request is a prefetch, prerender or preview rather than a reader's view."""
    for name in _PURPOSE_HEADERS:
        value = headers.get(name)
        if value:
            value = value.lower()
            if "prefetch" in value or "preview" in value:
                return True
    return False


def _utcnow() -> datetime:
    return datetime.now(UTC)


class ViewCounter:
    def __init__(
        self,
        views: ViewStore,
        interval: float,
        *,
        repeat_minutes: float = 30.0,
        now: Callable[[], datetime] = _utcnow,
        max_recent: int = MAX_RECENT,
    ) -> None:
        self._views = views
        self._interval = interval
        self._window = max(0.0, repeat_minutes * 60.0)
        self._now = now
        self._max_recent = max(1, max_recent)
        self._key = os.urandom(16)
        # hash of (client, post) -> when it was last counted (POSIX seconds), oldest first
        self._recent: OrderedDict[bytes, float] = OrderedDict()
        # UTC hour (hours since the epoch) -> post number -> views not written yet
        self._pending: dict[int, Counter[int]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def hit(self, number: int, request: HTTPConnection) -> bool:
        """Count one view of post ``number`` by the client of ``request``, unless it is a bot,
        a prefetch or a repeat; returns whether it was counted."""
        headers = request.headers
        user_agent = headers.get("user-agent", "")
        if is_bot(user_agent) or is_prefetch(headers):
            return False
        host = request.client.host if request.client is not None else ""
        return self.count(number, host, user_agent)

    def count(self, number: int, host: str, user_agent: str) -> bool:
        """Count one view of post ``number`` by the client ``host`` + ``user_agent`` unless
        that client was counted for this post within the repeat window."""
        material = f"{number}\x00{host}\x00{user_agent}".encode(errors="replace")
        key = hashlib.blake2b(material, digest_size=16, key=self._key).digest()
        stamp = self._now().timestamp()
        hour = int(stamp // 3600)
        with self._lock:
            if not self._remember(key, stamp):
                return False
            batch = self._pending.get(hour)
            if batch is None:
                batch = self._pending[hour] = Counter()
            batch[number] += 1
        return True

    def _remember(self, key: bytes, stamp: float) -> bool:
        """Record ``key`` as counted at ``stamp``; False if it was counted within the window.
        Called with the lock held."""
        recent = self._recent
        expired = stamp - self._window
        while recent:
            oldest, when = next(iter(recent.items()))
            if when > expired:
                break
            del recent[oldest]
        last = recent.get(key)
        if last is not None and last > expired:
            return False
        recent[key] = stamp
        recent.move_to_end(key)
        while len(recent) > self._max_recent:
            recent.popitem(last=False)
        return True

    def remembered(self) -> int:
        """How many client-post pairs are held for repeat detection now."""
        with self._lock:
            return len(self._recent)

    def pending(self, number: int) -> int:
        with self._lock:
            return sum(batch.get(number, 0) for batch in self._pending.values())

    def flush(self) -> int:
        """Write the pending views, one transaction per hour; returns how many were written.
        A batch that fails stays pending (with the hours after it) for the next flush."""
        with self._lock:
            batches, self._pending = self._pending, {}
        items = sorted(batches.items())
        written = 0
        for i, (hour, batch) in enumerate(items):
            try:
                self._views.add(batch, hour=datetime.fromtimestamp(hour * 3600, UTC))
            except Exception:
                log.exception("view counts not written; kept for the next flush")
                with self._lock:
                    for h, b in items[i:]:
                        self._pending.setdefault(h, Counter()).update(b)
                break
            written += sum(batch.values())
        return written

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
