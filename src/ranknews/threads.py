"""Serving an ASGI app from a background thread (the demo's outlet site, tests)."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn
from starlette.types import ASGIApp

from ranknews.errors import RanknewsError

__all__ = ["BackgroundServer", "free_port"]


def free_port(host: str) -> int:
    """A port the OS says is free on ``host`` now (another process may take it later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class BackgroundServer:
    """uvicorn in a daemon thread; ``start`` returns once it listens, ``stop`` waits for it."""

    def __init__(self, app: ASGIApp, host: str, port: int) -> None:
        self.host = host
        config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="ranknews-bg", daemon=True)

    @property
    def port(self) -> int:
        servers = getattr(self._server, "servers", [])
        for server in servers:
            for sock in server.sockets:
                return int(sock.getsockname()[1])
        return self._server.config.port

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 15.0) -> BackgroundServer:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive():
                raise RanknewsError(
                    f"could not listen on {self.host}:{self._server.config.port}"
                    " (is the port already in use?)"
                )
            if time.monotonic() > deadline:
                raise RanknewsError(f"server on {self.host} did not start in {timeout}s")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
