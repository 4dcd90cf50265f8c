"""The fetcher: the crawler's only way to the network.

One :class:`Fetcher` is shared by the whole crawl (it is thread-safe). A fetch is:

1. for each hop (the URL, then every redirect, at most ``max_redirects``): the guard checks
   the URL and resolves its host once (:mod:`ranknews.fetch.guard`); robots.txt is asked
   when ``check_robots`` is set; the checked addresses are pinned for the transport, which
   connects to nothing else (:mod:`ranknews.fetch.transport`); the request waits for a slot
   of its host (:mod:`ranknews.fetch.politeness`);
2. the body is streamed and decompressed in bounded pieces, refused past ``max_body_bytes``
   (:mod:`ranknews.fetch.decompress`);
3. everything from the first connection to the last body byte ends by ``total_timeout``
   (time spent queueing for a host slot or loading robots.txt excluded);
4. 429 and 503 are retried after their ``Retry-After`` when it is at most 60 s (longer:
   :class:`RetryLater` at once); other 5xx, timeouts and connection errors after an
   exponential backoff with jitter; up to ``max_retries`` times. Other 4xx fail at once.
"""

from __future__ import annotations

import logging
import random
import ssl
import threading
import time
from collections.abc import Callable
from types import TracebackType

import httpx

from ranknews.errors import (
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    ResponseTooLarge,
    RetryLater,
    RobotsDisallowed,
    TooManyRedirects,
)
from ranknews.fetch.charset import parse_content_type
from ranknews.fetch.deadline import Deadline
from ranknews.fetch.decompress import DecodeError, accept_encoding, make_decoder
from ranknews.fetch.guard import AddressGuard, Resolver, Target
from ranknews.fetch.politeness import HostPoliteness
from ranknews.fetch.result import FetchResult
from ranknews.fetch.retry import (
    MAX_RETRY_AFTER,
    RETRY_AFTER_STATUSES,
    backoff_delay,
    parse_retry_after,
)
from ranknews.fetch.robots import ROBOTS_MAX_BYTES, RobotsAnswer, RobotsCache, robots_agent
from ranknews.fetch.transport import PinnedTransport, PinTable
from ranknews.settings import Settings

__all__ = ["ACCEPT", "ACCEPT_LANGUAGE", "REDIRECT_STATUSES", "Fetcher"]

log = logging.getLogger(__name__)

ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,*/*;q=0.8"
)
ACCEPT_LANGUAGE = "ko-KR,ko;q=0.9,en;q=0.5"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class _Transient(Exception):
    """A failure worth retrying: 429, 5xx, a timeout or a connection error."""

    def __init__(
        self,
        error: FetchError,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        cause: BaseException | None = None,
    ) -> None:
        super().__init__(str(error))
        self.error = error
        self.status = status
        self.retry_after = retry_after
        self.cause = cause


def _header_value(value: str | None) -> str | None:
    """``value`` if it can be sent back as a header (printable ASCII), else ``None``."""
    if value is None:
        return None
    value = value.strip()
    if not value or not all(" " <= ch <= "~" or ch == "\t" for ch in value):
        return None
    return value


def _cert_failure(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class Fetcher:
    """Fetches URLs safely and politely; see the module docstring. Thread-safe."""

    def __init__(
        self,
        settings: Settings,
        *,
        resolver: Callable[[str, int], list[str]] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._settings = settings
        self._sleep = sleep
        self._clock = clock
        chosen: Resolver | None = resolver
        self._guard = AddressGuard(settings.allowed_hosts, chosen)
        self._pins = PinTable()
        self._transport = PinnedTransport(self._pins)
        self._politeness = HostPoliteness(
            settings.per_host_concurrency, settings.per_host_delay, sleep=sleep, clock=clock
        )
        self._robots = RobotsCache(
            robots_agent(settings.user_agent), self._load_robots, clock=clock
        )
        self._random = random.Random()
        self._timeouts = {
            "connect": settings.connect_timeout,
            "read": settings.read_timeout,
            "write": settings.read_timeout,
            "pool": settings.connect_timeout,
        }
        self._base_headers = {
            "User-Agent": settings.user_agent,
            "Accept": ACCEPT,
            "Accept-Language": ACCEPT_LANGUAGE,
            "Accept-Encoding": accept_encoding(),
        }
        self._lock = threading.Lock()
        self._closed = False

    # -- life cycle ---------------------------------------------------------------------

    def close(self) -> None:
        """Close every pooled connection; the fetcher cannot be used afterwards."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._transport.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- the public call ----------------------------------------------------------------

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        check_robots: bool = False,
    ) -> FetchResult:
        """GET ``url``; see the module docstring for the rules. Raises :class:`FetchError`.

        ``etag`` and ``last_modified`` (from an earlier result) make the request conditional;
        a 304 gives ``not_modified=True``. ``check_robots`` asks robots.txt first (article
        pages; feeds are fetched without), unless ``obey_robots`` is off.
        """
        if self._closed:
            raise RuntimeError("the fetcher is closed")
        headers = dict(self._base_headers)
        if (value := _header_value(etag)) is not None:
            headers["If-None-Match"] = value
        if (value := _header_value(last_modified)) is not None:
            headers["If-Modified-Since"] = value
        robots = check_robots and self._settings.obey_robots
        attempt = 0
        while True:
            try:
                return self._follow(
                    url, headers, robots=robots, limit=self._settings.max_body_bytes
                )
            except _Transient as transient:
                wait = transient.retry_after
                if (wait is not None and wait > MAX_RETRY_AFTER) or (
                    attempt >= self._settings.max_retries
                ):
                    raise self._give_up(transient, attempt) from transient.cause
                if wait is None:
                    wait = backoff_delay(attempt, self._random)
                attempt += 1
                log.debug("retry %d of %s in %.2fs: %s", attempt, url, wait, transient.error)
                self._sleep(wait)

    def _give_up(self, transient: _Transient, attempt: int) -> FetchError:
        error = transient.error
        if transient.status in RETRY_AFTER_STATUSES:
            after = transient.retry_after
            if after is None:
                after = backoff_delay(attempt, self._random)
            return RetryLater(
                f"{error} (retry after {after:g}s)",
                url=error.url,
                status=transient.status,
                retry_after=after,
            )
        return error

    # -- one attempt: the URL and its redirects ----------------------------------------

    def _follow(
        self,
        url: str,
        headers: dict[str, str],
        *,
        robots: bool,
        limit: int,
        truncate: bool = False,
    ) -> FetchResult:
        deadline = Deadline(self._settings.total_timeout, self._clock)
        try:
            current = httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise FetchError(f"invalid URL: {exc}", url=url) from exc
        redirects = 0
        while True:
            target = self._guard.check(current)
            shown = url if redirects == 0 else str(target.url)
            if robots:
                started = self._clock()
                allowed = self._robots.allowed(target.url)
                deadline.extend(self._clock() - started)
                if not allowed:
                    raise RobotsDisallowed(f"robots.txt disallows {shown}", url=shown)
            self._pins.pin(target.host, target.port, target.addresses)
            outcome = self._request(target, shown, headers, deadline, limit, truncate)
            if isinstance(outcome, FetchResult):
                return outcome
            redirects += 1
            if redirects > self._settings.max_redirects:
                raise TooManyRedirects(
                    f"more than {self._settings.max_redirects} redirects from {url}"
                    f" (next: {outcome})",
                    url=shown,
                )
            current = outcome

    def _request(
        self,
        target: Target,
        shown: str,
        headers: dict[str, str],
        deadline: Deadline,
        limit: int,
        truncate: bool,
    ) -> FetchResult | httpx.URL:
        queued = self._clock()
        with self._politeness.slot(target.host):
            deadline.extend(self._clock() - queued)
            request = httpx.Request(
                "GET", target.url, headers=headers, extensions={"timeout": self._timeouts}
            )
            with self._transport.within(deadline):
                try:
                    response = self._transport.handle_request(request)
                except httpx.TransportError as exc:
                    raise self._transport_failure(exc, shown, deadline) from exc
                try:
                    return self._response(response, target, shown, deadline, limit, truncate)
                except httpx.TransportError as exc:
                    raise self._transport_failure(exc, shown, deadline) from exc
                finally:
                    response.close()

    def _transport_failure(
        self, exc: httpx.TransportError, url: str, deadline: Deadline
    ) -> Exception:
        if isinstance(exc, httpx.TimeoutException):
            if deadline.expired:
                what = f"total timeout of {deadline.seconds:g}s passed"
            else:
                what = f"{type(exc).__name__} ({exc})"
            return _Transient(FetchTimeout(f"{what} fetching {url}", url=url), cause=exc)
        if _cert_failure(exc):
            return FetchError(f"TLS certificate check failed for {url}: {exc}", url=url)
        if isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError):
            error = FetchError(f"{type(exc).__name__} fetching {url}: {exc}", url=url)
            return _Transient(error, cause=exc)
        return FetchError(f"{type(exc).__name__} fetching {url}: {exc}", url=url)

    def _response(
        self,
        response: httpx.Response,
        target: Target,
        shown: str,
        deadline: Deadline,
        limit: int,
        truncate: bool,
    ) -> FetchResult | httpx.URL:
        status = response.status_code
        location = response.headers.get("location")
        if status in REDIRECT_STATUSES and location and location.strip():
            try:
                return target.url.join(location.strip())
            except httpx.InvalidURL as exc:
                raise FetchError(f"bad redirect Location {location!r}", url=shown) from exc
        if status == 304 or 200 <= status < 300:
            content = (
                b"" if status == 304 else self._body(response, shown, deadline, limit, truncate)
            )
            content_type, charset = parse_content_type(response.headers.get("content-type"))
            return FetchResult(
                url=shown,
                status=status,
                not_modified=status == 304,
                content=content,
                content_type=content_type,
                charset=charset,
                etag=_header_value(response.headers.get("etag")),
                last_modified=_header_value(response.headers.get("last-modified")),
            )
        error = HTTPStatusError(f"HTTP {status} from {shown}", url=shown, status=status)
        if status in RETRY_AFTER_STATUSES:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            raise _Transient(error, status=status, retry_after=retry_after)
        if status >= 500:
            raise _Transient(error, status=status)
        raise error

    def _body(
        self,
        response: httpx.Response,
        url: str,
        deadline: Deadline,
        limit: int,
        truncate: bool,
    ) -> bytes:
        declared = response.headers.get("content-length", "").strip()
        if not truncate and declared.isdigit() and int(declared) > limit:
            raise ResponseTooLarge(
                f"{url} declares {declared} bytes, more than the {limit} allowed", url=url
            )
        try:
            decoder = make_decoder(response.headers.get("content-encoding"))
        except DecodeError as exc:
            raise FetchError(f"{exc} from {url}", url=url) from exc
        body = bytearray()
        raw_size = 0
        try:
            for raw in response.iter_raw():
                raw_size += len(raw)
                for piece in decoder.feed(raw):
                    body += piece
                    if len(body) > limit:
                        if truncate:
                            return bytes(body[:limit])
                        raise ResponseTooLarge(
                            f"{url} is larger than the {limit} bytes allowed", url=url
                        )
                if raw_size > limit:
                    if truncate:
                        return bytes(body)
                    raise ResponseTooLarge(f"{url} sent more than {limit} bytes", url=url)
                if deadline.expired:
                    raise _Transient(
                        FetchTimeout(
                            f"total timeout of {deadline.seconds:g}s passed reading {url}",
                            url=url,
                        )
                    )
            for piece in decoder.finish():
                body += piece
        except DecodeError as exc:
            raise FetchError(f"{exc} ({url})", url=url) from exc
        if len(body) > limit:
            if truncate:
                return bytes(body[:limit])
            raise ResponseTooLarge(f"{url} is larger than the {limit} bytes allowed", url=url)
        return bytes(body)

    # -- robots.txt ---------------------------------------------------------------------

    def _load_robots(self, url: str) -> RobotsAnswer:
        """One attempt at robots.txt through the same guarded path; never raises."""
        headers = dict(self._base_headers)
        try:
            result = self._follow(url, headers, robots=False, limit=ROBOTS_MAX_BYTES, truncate=True)
        except HTTPStatusError as exc:
            return RobotsAnswer(exc.status)
        except _Transient as transient:
            log.info("robots.txt %s not readable now: %s", url, transient.error)
            return RobotsAnswer(transient.status)
        except FetchError as exc:
            log.info("robots.txt %s not readable: %s", url, exc)
            return RobotsAnswer(None)
        return RobotsAnswer(result.status, result.content.decode("utf-8", "replace"))
