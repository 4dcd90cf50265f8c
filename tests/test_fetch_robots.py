"""robots.txt: asked for article pages, loaded once per origin, cached, statuses interpreted."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from localserver import (
    Exchange,
    FakeClock,
    Fetchers,
    LocalServer,
    fetch_settings,
    fetchers_fixture,
)
from ranknews.errors import FetchError, RobotsDisallowed
from ranknews.fetch.robots import (
    ROBOTS_ERROR_TTL,
    ROBOTS_TTL,
    RobotsAnswer,
    RobotsRules,
    robots_agent,
    rules_from_answer,
)

ROBOTS = b"""# test robots
User-agent: otherbot
Disallow: /

User-agent: ranknews
Disallow: /private
Allow: /

User-agent: *
Disallow: /
"""


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as s:
        for path in ("/public/1", "/public/2", "/private/1"):
            s.routes[path] = lambda ex: ex.reply(200, b"article")
        yield s


@pytest.fixture
def fetchers() -> Iterator[Fetchers]:
    yield from fetchers_fixture()


def _robots(server: LocalServer, status: int, body: bytes = ROBOTS) -> None:
    server.routes["/robots.txt"] = lambda ex: ex.reply(status, body)


def test_disallowed_page_is_refused_and_robots_loaded_once(
    server: LocalServer, fetchers: Fetchers
) -> None:
    _robots(server, 200)
    fetcher = fetchers()
    assert fetcher.fetch(server.url("/public/1"), check_robots=True).content == b"article"
    assert fetcher.fetch(server.url("/public/2"), check_robots=True).status == 200
    with pytest.raises(RobotsDisallowed) as caught:
        fetcher.fetch(server.url("/private/1"), check_robots=True)
    assert caught.value.url == server.url("/private/1")
    assert server.hits["/private/1"] == 0
    assert server.hits["/robots.txt"] == 1
    robots_request = server.requests_to("/robots.txt")[0]
    assert robots_request.headers["user-agent"] == fetch_settings().user_agent


def test_feeds_are_fetched_without_robots(server: LocalServer, fetchers: Fetchers) -> None:
    _robots(server, 200)
    assert fetchers().fetch(server.url("/private/1")).status == 200
    assert server.hits["/robots.txt"] == 0


def test_obey_robots_off(server: LocalServer, fetchers: Fetchers) -> None:
    _robots(server, 200)
    fetcher = fetchers(fetch_settings(obey_robots=False))
    assert fetcher.fetch(server.url("/private/1"), check_robots=True).status == 200
    assert server.hits["/robots.txt"] == 0


def test_matched_on_the_user_agent_token(server: LocalServer, fetchers: Fetchers) -> None:
    _robots(server, 200)
    other = fetchers(fetch_settings(user_agent="otherbot/2.0 (+https://example.invalid)"))
    with pytest.raises(RobotsDisallowed):
        other.fetch(server.url("/public/1"), check_robots=True)
    anonymous = fetchers(fetch_settings(user_agent="somebody/1.0"))
    with pytest.raises(RobotsDisallowed):
        anonymous.fetch(server.url("/public/1"), check_robots=True)


def test_404_allows_everything(server: LocalServer, fetchers: Fetchers) -> None:
    _robots(server, 404, b"not found")
    fetcher = fetchers()
    assert fetcher.fetch(server.url("/private/1"), check_robots=True).status == 200
    assert fetcher.fetch(server.url("/public/1"), check_robots=True).status == 200
    assert server.hits["/robots.txt"] == 1


@pytest.mark.parametrize("status", [401, 403])
def test_401_and_403_disallow_everything(
    server: LocalServer, fetchers: Fetchers, status: int
) -> None:
    _robots(server, status, b"")
    with pytest.raises(RobotsDisallowed):
        fetchers().fetch(server.url("/public/1"), check_robots=True)
    assert server.hits["/public/1"] == 0


def test_5xx_allows_but_is_asked_again_soon(server: LocalServer, fetchers: Fetchers) -> None:
    _robots(server, 500, b"oops")
    clock = FakeClock()
    fetcher = fetchers(clock=clock, sleep=lambda s: None)
    assert fetcher.fetch(server.url("/private/1"), check_robots=True).status == 200
    assert server.hits["/robots.txt"] == 1  # robots.txt is tried once, never retried
    clock.advance(ROBOTS_ERROR_TTL / 2)
    fetcher.fetch(server.url("/private/1"), check_robots=True)
    assert server.hits["/robots.txt"] == 1
    _robots(server, 200)
    clock.advance(ROBOTS_ERROR_TTL)
    with pytest.raises(RobotsDisallowed):
        fetcher.fetch(server.url("/private/1"), check_robots=True)
    assert server.hits["/robots.txt"] == 2


def test_unreachable_robots_allows(fetchers: Fetchers) -> None:
    # The host answers nothing at all: robots.txt cannot be read, so the page is tried.
    with LocalServer() as gone:
        url = gone.url("/page")
    with pytest.raises(FetchError) as caught:
        fetchers(fetch_settings(max_retries=0)).fetch(url, check_robots=True)
    assert not isinstance(caught.value, RobotsDisallowed)
    assert caught.value.url == url


def test_cache_expires_after_an_hour(server: LocalServer, fetchers: Fetchers) -> None:
    _robots(server, 200)
    clock = FakeClock()
    fetcher = fetchers(clock=clock)
    fetcher.fetch(server.url("/public/1"), check_robots=True)
    clock.advance(ROBOTS_TTL - 1)
    fetcher.fetch(server.url("/public/1"), check_robots=True)
    assert server.hits["/robots.txt"] == 1
    clock.advance(2)
    fetcher.fetch(server.url("/public/1"), check_robots=True)
    assert server.hits["/robots.txt"] == 2


def test_robots_is_cached_per_origin(fetchers: Fetchers) -> None:
    with LocalServer() as one, LocalServer() as two:
        for s in (one, two):
            s.routes["/robots.txt"] = lambda ex: ex.reply(200, ROBOTS)
            s.routes["/public/1"] = lambda ex: ex.reply(200, b"a")
        fetcher = fetchers()
        fetcher.fetch(one.url("/public/1"), check_robots=True)
        fetcher.fetch(two.url("/public/1"), check_robots=True)
        fetcher.fetch(one.url("/public/1"), check_robots=True)
        assert (one.hits["/robots.txt"], two.hits["/robots.txt"]) == (1, 1)
        fetcher.close()


def test_concurrent_article_fetches_load_robots_once(
    server: LocalServer, fetchers: Fetchers
) -> None:
    def slow_robots(ex: Exchange) -> None:
        ex.pause(0.2)
        ex.reply(200, ROBOTS)

    server.routes["/robots.txt"] = slow_robots
    fetcher = fetchers(fetch_settings(per_host_concurrency=8))
    failures: list[BaseException] = []

    def work() -> None:
        try:
            fetcher.fetch(server.url("/public/1"), check_robots=True)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert server.hits["/robots.txt"] == 1
    assert server.hits["/public/1"] == 6


def test_redirect_hops_are_checked_too(server: LocalServer, fetchers: Fetchers) -> None:
    _robots(server, 200)
    server.routes["/public/go"] = lambda ex: ex.reply(302, headers={"Location": "/private/1"})
    with pytest.raises(RobotsDisallowed) as caught:
        fetchers().fetch(server.url("/public/go"), check_robots=True)
    assert caught.value.url == server.url("/private/1")
    assert server.hits["/private/1"] == 0


def test_oversized_robots_is_read_in_part(server: LocalServer, fetchers: Fetchers) -> None:
    body = b"User-agent: *\nDisallow: /private\n" + b"# padding\n" * 100_000
    _robots(server, 200, body)
    fetcher = fetchers(fetch_settings(max_body_bytes=4096))
    with pytest.raises(RobotsDisallowed):
        fetcher.fetch(server.url("/private/1"), check_robots=True)
    assert fetcher.fetch(server.url("/public/1"), check_robots=True).status == 200


# -- the pieces ---------------------------------------------------------------------------------


def test_agent_token() -> None:
    assert robots_agent("ranknews/0.1 (Korean news board crawler)") == "ranknews"
    assert robots_agent("/weird") == "*"


@pytest.mark.parametrize(
    ("status", "allowed", "ttl"),
    [
        (200, False, ROBOTS_TTL),
        (404, True, ROBOTS_TTL),
        (410, True, ROBOTS_TTL),
        (401, False, ROBOTS_TTL),
        (403, False, ROBOTS_TTL),
        (429, True, ROBOTS_ERROR_TTL),
        (500, True, ROBOTS_ERROR_TTL),
        (503, True, ROBOTS_ERROR_TTL),
        (None, True, ROBOTS_ERROR_TTL),
    ],
)
def test_status_meanings(status: int | None, allowed: bool, ttl: float) -> None:
    rules, kept = rules_from_answer(RobotsAnswer(status, "User-agent: *\nDisallow: /x"))
    assert rules.allows("ranknews", "http://a.example/x/1") is allowed
    assert kept == ttl


def test_parsed_rules() -> None:
    rules = RobotsRules.parse("\ufeffUser-agent: ranknews\nDisallow: /news/private\n")
    assert not rules.allows("ranknews", "http://a.example/news/private/3?x=1")
    assert rules.allows("ranknews", "http://a.example/news/3")
    assert rules.allows("otherbot", "http://a.example/news/private/3")
