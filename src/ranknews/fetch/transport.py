"""The HTTP transport: httpx over an httpcore backend that connects only to checked addresses.

The guard resolves a host once and checks every address; :class:`PinTable` remembers those
addresses for ``(host, port)``, and :class:`PinnedBackend` -- the httpcore network backend
under the connection pool -- connects to them instead of resolving the host again, so a DNS
answer that changes between the check and the connection (DNS rebinding) is never used. The
URL keeps the hostname, so the ``Host`` header, TLS SNI and certificate checks use the name.
A host with no pin is refused, never resolved.

httpx 0.28's :class:`httpx.HTTPTransport` does not take a network backend, so
:class:`PinnedTransport` replaces the connection pool it builds with one that uses
:class:`PinnedBackend` (same options otherwise). Proxies from the environment are ignored
(``trust_env=False``): a proxy would resolve names itself.

Every connect, read and write is also cut to the time left before the current fetch's
:class:`~ranknews.fetch.deadline.Deadline` (set per thread with :meth:`PinnedTransport.within`),
so a server dripping one byte a second cannot hold a fetch past its total timeout.
"""

from __future__ import annotations

import ssl
import threading
import typing
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager

import httpcore
import httpx

from ranknews.fetch.deadline import Deadline

__all__ = [
    "IOBudget",
    "PinTable",
    "PinnedBackend",
    "PinnedTransport",
    "TimeBoundStream",
    "create_ssl_context",
]

SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)


def create_ssl_context() -> ssl.SSLContext:
    """Certificate checks on, the certifi CA bundle, nothing taken from the environment."""
    return httpx.create_ssl_context(verify=True, trust_env=False)


class PinTable:
    """Checked addresses for each ``(host, port)``; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pins: dict[tuple[str, int], tuple[str, ...]] = {}

    def pin(self, host: str, port: int, addresses: Iterable[str]) -> None:
        with self._lock:
            self._pins[(host, port)] = tuple(addresses)

    def get(self, host: str, port: int) -> tuple[str, ...]:
        with self._lock:
            return self._pins.get((host, port), ())


class IOBudget:
    """The deadline of the fetch running on the current thread, if any."""

    def __init__(self) -> None:
        self._local = threading.local()

    @contextmanager
    def within(self, deadline: Deadline) -> Iterator[None]:
        previous = getattr(self._local, "deadline", None)
        self._local.deadline = deadline
        try:
            yield
        finally:
            self._local.deadline = previous

    def bound(self, timeout: float | None, error: type[Exception]) -> float | None:
        """``timeout`` cut to the time left; raises ``error`` when none is left."""
        deadline: Deadline | None = getattr(self._local, "deadline", None)
        if deadline is None:
            return timeout
        bounded = deadline.bound(timeout)
        if bounded is not None and bounded <= 0:
            raise error(f"total timeout of {deadline.seconds:g}s passed")
        return bounded


class TimeBoundStream(httpcore.NetworkStream):
    """A network stream whose every read and write ends by the fetch's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, budget: IOBudget) -> None:
        self._inner = inner
        self._budget = budget

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._budget.bound(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._budget.bound(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        bounded = self._budget.bound(timeout, httpcore.ConnectTimeout)
        inner = self._inner.start_tls(ssl_context, server_hostname, bounded)
        return TimeBoundStream(inner, self._budget)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class PinnedBackend(httpcore.SyncBackend):
    """Connects to the pinned addresses of ``host``, never to a fresh resolution of it."""

    def __init__(self, pins: PinTable, budget: IOBudget) -> None:
        self._pins = pins
        self._budget = budget

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._pins.get(host, port)
        if not addresses:
            raise httpcore.ConnectError(f"no checked address for {host}:{port}; not resolving it")
        options = list(socket_options or ())
        failure: Exception | None = None
        for address in addresses:
            bounded = self._budget.bound(timeout, httpcore.ConnectTimeout)
            try:
                stream = super().connect_tcp(address, port, bounded, local_address, options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return TimeBoundStream(stream, self._budget)
        assert failure is not None
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not used by the fetcher")


class PinnedTransport(httpx.HTTPTransport):
    """:class:`httpx.HTTPTransport` whose connections go through :class:`PinnedBackend`."""

    def __init__(
        self,
        pins: PinTable,
        *,
        max_keepalive_connections: int = 20,
        keepalive_expiry: float = 15.0,
    ) -> None:
        context = create_ssl_context()
        limits = httpx.Limits(
            max_connections=None,
            max_keepalive_connections=max_keepalive_connections,
            keepalive_expiry=keepalive_expiry,
        )
        super().__init__(verify=context, trust_env=False, limits=limits)
        self.budget = IOBudget()
        self._pool = httpcore.ConnectionPool(
            ssl_context=context,
            max_connections=None,
            max_keepalive_connections=max_keepalive_connections,
            keepalive_expiry=keepalive_expiry,
            http1=True,
            http2=False,
            network_backend=PinnedBackend(pins, self.budget),
        )

    def within(self, deadline: Deadline) -> AbstractContextManager[None]:
        """Bound the network I/O of the current thread by ``deadline``."""
        return self.budget.within(deadline)
