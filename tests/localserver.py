"""The local HTTP server and helpers shared by the ``test_fetch_*`` modules (no tests here).

:class:`LocalServer` is a real threaded HTTP/1.1 server on 127.0.0.1 (port 0), optionally TLS,
whose handler for each path a test sets. It records every request (path, headers, start time)
and closes every connection it holds when the test ends, so no thread or socket outlives it.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from ranknews.fetch import Fetcher
from ranknews.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "fetch"

Handler = Callable[["Exchange"], None]


@dataclass(frozen=True)
class Seen:
    """One request the server received."""

    path: str
    headers: dict[str, str]
    started: float
    host_header: str = ""


class Exchange(BaseHTTPRequestHandler):
    """One request; route handlers answer through it (``reply`` or raw ``wfile`` writes)."""

    server: _Server
    protocol_version = "HTTP/1.1"
    timeout = 10

    def do_GET(self) -> None:
        self.server.owner.dispatch(self)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    @property
    def stopping(self) -> bool:
        return self.server.owner.stopping.is_set()

    @property
    def route_path(self) -> str:
        return self.path.split("?", 1)[0]

    def reply(
        self,
        status: int = 200,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        content_type: str | None = "text/plain; charset=utf-8",
    ) -> None:
        self.send_response(status)
        if content_type is not None:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def pause(self, seconds: float) -> bool:
        """Wait ``seconds`` unless the server stops first; True if it did not stop."""
        return not self.server.owner.stopping.wait(seconds)


class _Server(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True
    owner: LocalServer

    def finish_request(self, request: Any, client_address: Any) -> None:
        owner = self.owner
        if owner.ssl_context is not None:
            try:
                request = owner.ssl_context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                return
        owner.track(request, True)
        try:
            Exchange(request, client_address, self)
        except (ConnectionError, TimeoutError, ssl.SSLError):
            pass
        finally:
            owner.track(request, False)
            if owner.ssl_context is not None:
                request.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


@dataclass
class LocalServer:
    """A threaded HTTP server on 127.0.0.1 whose route handlers the test sets."""

    host: str = "127.0.0.1"
    ssl_context: ssl.SSLContext | None = None
    routes: dict[str, Handler] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    seen: list[Seen] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    errors: list[Exception] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._open: set[Any] = set()
        self._httpd = _Server((self.host, 0), Exchange)
        self._httpd.owner = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self.port = int(self._httpd.server_address[1])

    # -- set up ----------------------------------------------------------------------

    def route(self, path: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.routes[path] = handler
            return handler

        return register

    def url(self, path: str = "/", host: str | None = None) -> str:
        scheme = "https" if self.ssl_context is not None else "http"
        return f"{scheme}://{host or self.host}:{self.port}{path}"

    # -- what the handlers see ------------------------------------------------------

    def dispatch(self, exchange: Exchange) -> None:
        path = exchange.route_path
        headers = {k.lower(): v for k, v in exchange.headers.items()}
        with self._lock:
            self.hits[path] += 1
            self.seen.append(Seen(path, headers, time.monotonic(), headers.get("host", "")))
        handler = self.routes.get(path)
        try:
            if handler is None:
                exchange.reply(404, b"not found")
            else:
                handler(exchange)
        except (ConnectionError, TimeoutError, ssl.SSLError):
            raise
        except Exception as exc:  # a bug in a test's handler: fail the test at the end
            with self._lock:
                self.errors.append(exc)
            raise

    def track(self, sock: Any, opened: bool) -> None:
        with self._lock:
            if opened:
                self._open.add(sock)
            else:
                self._open.discard(sock)

    def requests_to(self, path: str) -> list[Seen]:
        with self._lock:
            return [s for s in self.seen if s.path == path]

    @property
    def total_hits(self) -> int:
        with self._lock:
            return sum(self.hits.values())

    # -- life cycle ------------------------------------------------------------------

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        with self._lock:
            held = list(self._open)
        for sock in held:  # wake handler threads waiting on idle keep-alive connections
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._httpd.server_close()  # joins every handler thread
        self._thread.join(5)
        if self.errors and exc_type is None:
            raise AssertionError(f"route handlers failed: {self.errors!r}")


def tls_server_context() -> ssl.SSLContext:
    """Server side of the test certificate for ``news.example``."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(FIXTURES / "news.example.pem", FIXTURES / "news.example.key")
    return context


def tls_client_context() -> ssl.SSLContext:
    """A client context that trusts only the test CA (certificate and hostname checked)."""
    return ssl.create_default_context(cafile=str(FIXTURES / "ca.pem"))


class Sleeps:
    """An injected ``sleep`` that records the waits instead of sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []
        self._lock = threading.Lock()

    def __call__(self, seconds: float) -> None:
        with self._lock:
            self.waits.append(seconds)


class FakeClock:
    """A monotonic clock that moves only when told to (or when ``sleep`` is called on it)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds

    sleep = advance


class Resolver:
    """A fake resolver: answers from a table (a list of answers is used in turn), counted."""

    def __init__(self, answers: dict[str, list[list[str]] | list[str]]) -> None:
        self._answers = answers
        self.calls: list[tuple[str, int]] = []
        self._lock = threading.Lock()

    def __call__(self, host: str, port: int) -> list[str]:
        with self._lock:
            self.calls.append((host, port))
            answer = self._answers[host]
            if answer and isinstance(answer[0], list):
                turns = [list(a) for a in answer]
                index = min(sum(1 for h, _ in self.calls if h == host) - 1, len(turns) - 1)
                return turns[index]
            return [str(a) for a in answer]


def fetch_settings(**overrides: Any) -> Settings:
    """Settings for fetch tests: the local server allowed, short timeouts, no delays."""
    values: dict[str, Any] = {
        "allowed_hosts": ("127.0.0.1",),
        "connect_timeout": 1.0,
        "read_timeout": 2.0,
        "total_timeout": 5.0,
        "per_host_delay": 0.0,
        "per_host_concurrency": 4,
        "max_retries": 3,
        "max_body_bytes": 1 << 20,
    }
    values.update(overrides)
    return Settings.load(environ={}, overrides=values)


class Fetchers:
    """Makes fetchers for one test and closes them all at its end."""

    def __init__(self) -> None:
        self._made: list[Fetcher] = []

    def __call__(self, settings: Settings | None = None, **kwargs: Any) -> Fetcher:
        fetcher = Fetcher(settings or fetch_settings(), **kwargs)
        self._made.append(fetcher)
        return fetcher

    def close(self) -> None:
        for fetcher in self._made:
            fetcher.close()


def fetchers_fixture() -> Iterator[Fetchers]:
    made = Fetchers()
    try:
        yield made
    finally:
        made.close()
