"""Politeness: per-host concurrency and the delay between request starts, thread-safe."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator

import pytest

from localserver import (
    Exchange,
    FakeClock,
    Fetchers,
    LocalServer,
    Resolver,
    fetch_settings,
    fetchers_fixture,
)
from ranknews.fetch.politeness import HostPoliteness


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as s:
        yield s


@pytest.fixture
def fetchers() -> Iterator[Fetchers]:
    yield from fetchers_fixture()


def _run(threads: int, work: object) -> None:
    assert callable(work)
    pool = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()


def test_delay_between_request_starts(server: LocalServer, fetchers: Fetchers) -> None:
    server.routes["/p"] = lambda ex: ex.reply(200, b"ok")
    fetcher = fetchers(fetch_settings(per_host_delay=0.15, per_host_concurrency=4))
    _run(4, lambda i: fetcher.fetch(server.url("/p")))
    starts = sorted(s.started for s in server.requests_to("/p"))
    assert len(starts) == 4
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= 0.13, gaps


def test_concurrency_limit_per_host(server: LocalServer, fetchers: Fetchers) -> None:
    lock = threading.Lock()
    in_flight = [0]
    most = [0]

    def slow(ex: Exchange) -> None:
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        ex.pause(0.15)
        with lock:
            in_flight[0] -= 1
        ex.reply(200, b"ok")

    server.routes["/slow"] = slow
    fetcher = fetchers(fetch_settings(per_host_concurrency=2, per_host_delay=0.0))
    started = time.monotonic()
    _run(6, lambda i: fetcher.fetch(server.url("/slow")))
    assert most[0] == 2
    assert server.hits["/slow"] == 6
    assert time.monotonic() - started >= 0.4


def test_hosts_do_not_wait_for_each_other(server: LocalServer, fetchers: Fetchers) -> None:
    # Two names for the same server are two hosts: each gets its own slots and delay.
    server.routes["/p"] = lambda ex: ex.reply(200, b"ok")
    resolver = Resolver({"a.example": ["127.0.0.1"], "b.example": ["127.0.0.1"]})
    fetcher = fetchers(fetch_settings(per_host_delay=2.0), resolver=resolver)
    started = time.monotonic()
    _run(2, lambda i: fetcher.fetch(f"http://{'ab'[i]}.example:{server.port}/p"))
    assert time.monotonic() - started < 1.5


def test_queueing_does_not_count_against_the_total_timeout(
    server: LocalServer, fetchers: Fetchers
) -> None:
    server.routes["/p"] = lambda ex: ex.reply(200, b"ok")
    settings = fetch_settings(per_host_delay=0.3, total_timeout=0.5, max_retries=0)
    fetcher = fetchers(settings)
    _run(3, lambda i: fetcher.fetch(server.url("/p")))  # the third starts 0.6 s in
    assert server.hits["/p"] == 3


def test_start_times_are_reserved_evenly() -> None:
    clock = FakeClock()
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)

    polite = HostPoliteness(1, 0.5, sleep=sleep, clock=clock)
    for _ in range(3):
        with polite.slot("a.example"):
            pass
    assert waits == [0.5, 1.0]  # the clock stood still: each start reserved after the last
    with polite.slot("b.example"):
        pass
    assert waits == [0.5, 1.0]


def test_waits_shrink_as_time_passes() -> None:
    clock = FakeClock()
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock.advance(seconds)

    polite = HostPoliteness(2, 0.5, sleep=sleep, clock=clock)
    with polite.slot("h"):
        pass
    clock.advance(0.2)
    with polite.slot("h"):
        pass
    clock.advance(1.0)
    with polite.slot("h"):
        pass
    assert waits == pytest.approx([0.3])


def test_concurrency_must_be_positive() -> None:
    with pytest.raises(ValueError, match="concurrency"):
        HostPoliteness(0, 0.0, sleep=time.sleep, clock=time.monotonic)
