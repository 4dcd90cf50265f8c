"""The page cache and its one render helper (PageCache.get_or_render)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterator
from functools import partial

import pytest
from starlette.concurrency import run_in_threadpool
from starlette.testclient import TestClient

from conftest import NOW, fill
from ranknews.settings import Settings
from ranknews.store import Store
from ranknews.web import create_app
from ranknews.web.cache import PageCache


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Renders:
    """A render that counts its calls and gives ``page <n>``; it yields to the loop first, so
    that concurrent callers overlap."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self) -> bytes:
        self.calls += 1
        calls = self.calls
        for _ in range(5):
            await asyncio.sleep(0)
        return f"page {calls}".encode()


def get(cache: PageCache, key: str, render: Callable[[], Awaitable[bytes]]) -> bytes:
    return asyncio.run(cache.get_or_render(key, render))


def test_a_miss_renders_and_a_hit_does_not() -> None:
    cache = PageCache(10, clock=Clock())
    render = Renders()
    assert get(cache, "a", render) == b"page 1"
    assert get(cache, "a", render) == b"page 1"
    assert cache.get("a") == b"page 1"
    assert render.calls == 1
    assert get(cache, "b", render) == b"page 2"  # another key is another page


def test_a_page_expires_after_ttl() -> None:
    clock = Clock()
    cache = PageCache(10, clock=clock)
    render = Renders()
    assert get(cache, "a", render) == b"page 1"
    clock.now += 10
    assert get(cache, "a", render) == b"page 1"  # still fresh at exactly ttl
    clock.now += 0.5
    assert get(cache, "a", render) == b"page 2"
    assert render.calls == 2


def test_ttl_zero_renders_every_time() -> None:
    cache = PageCache(0, clock=Clock())
    render = Renders()
    assert [get(cache, "a", render) for _ in range(3)] == [b"page 1", b"page 2", b"page 3"]
    assert cache.get("a") is None


def test_concurrent_misses_of_one_key_render_once() -> None:
    cache = PageCache(10, clock=Clock())
    render = Renders()

    async def many() -> list[bytes]:
        return await asyncio.gather(*(cache.get_or_render("a", render) for _ in range(20)))

    assert asyncio.run(many()) == [b"page 1"] * 20
    assert render.calls == 1
    assert cache._filling == {}  # no lock is left behind


def test_concurrent_misses_in_the_thread_pool_render_once() -> None:
    cache = PageCache(10, clock=Clock())
    calls: list[str] = []
    lock = threading.Lock()

    def slow(key: str) -> bytes:
        with lock:
            calls.append(key)
        return key.encode()

    async def many() -> list[bytes]:
        keys = ["a"] * 8 + ["b"] * 8
        return await asyncio.gather(
            *(cache.get_or_render(k, partial(run_in_threadpool, slow, k)) for k in keys)
        )

    assert asyncio.run(many()) == [b"a"] * 8 + [b"b"] * 8
    assert sorted(calls) == ["a", "b"]


def test_other_keys_do_not_wait_for_a_slow_render() -> None:
    cache = PageCache(10, clock=Clock())

    async def scenario() -> list[str]:
        order: list[str] = []
        release = asyncio.Event()

        async def slow() -> bytes:
            await release.wait()
            order.append("slow")
            return b"slow"

        async def fast() -> bytes:
            order.append("fast")
            release.set()
            return b"fast"

        await asyncio.gather(cache.get_or_render("a", slow), cache.get_or_render("b", fast))
        return order

    assert asyncio.run(scenario()) == ["fast", "slow"]


def test_a_failed_render_is_not_cached_and_the_next_caller_renders() -> None:
    cache = PageCache(10, clock=Clock())

    async def scenario() -> tuple[bytes | BaseException, bytes | BaseException]:
        calls = 0

        async def flaky() -> bytes:
            nonlocal calls
            calls += 1
            await asyncio.sleep(0)
            if calls == 1:
                raise LookupError("first render fails")
            return b"second"

        return await asyncio.gather(
            cache.get_or_render("a", flaky),
            cache.get_or_render("a", flaky),
            return_exceptions=True,
        )

    first, second = asyncio.run(scenario())
    assert isinstance(first, LookupError)
    assert second == b"second"
    assert cache._filling == {}


@pytest.fixture
def cached_client(sqlite_store: Store, settings: Settings) -> Iterator[TestClient]:
    fill(sqlite_store, 3)
    settings = settings.replace(page_cache_seconds=60)
    app = create_app(settings, sqlite_store, now=lambda: NOW, start_background=False)
    with TestClient(app) as c:
        yield c


@pytest.mark.parametrize("url", ["/", "/popular", "/trends", "/ranking", "/api/ranking"])
def test_every_cached_page_goes_through_the_page_cache(cached_client: TestClient, url: str) -> None:
    cache = cached_client.app.state.cache  # type: ignore[attr-defined]
    cache.clear()
    first = cached_client.get(url)
    assert first.status_code == 200
    assert len(cache._items) == 1
    assert cached_client.get(url).content == first.content
