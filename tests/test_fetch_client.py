"""Fetcher against a real local server: results, conditional GET, redirects, limits, retries."""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest

from localserver import (
    Exchange,
    Fetchers,
    Handler,
    LocalServer,
    Sleeps,
    fetch_settings,
    fetchers_fixture,
)
from ranknews.errors import (
    BlockedAddress,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    ResponseTooLarge,
    RetryLater,
    TooManyRedirects,
)
from ranknews.fetch import Fetcher, FetchResult
from ranknews.fetch import decompress as decompress_module
from ranknews.fetch.decompress import accept_encoding

KOREAN_PAGE = (
    '<html><head><meta charset="euc-kr"><title>속보</title></head>'
    "<body><p>똠방각하 쨰깍쨰깍, 서울 시내 뉴스</p></body></html>"
)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as s:
        yield s


@pytest.fixture
def fetchers() -> Iterator[Fetchers]:
    yield from fetchers_fixture()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


# -- a plain fetch ---------------------------------------------------------------------------


def test_fetch_returns_body_and_metadata(server: LocalServer, fetchers: Fetchers) -> None:
    @server.route("/feed.xml")
    def feed(ex: Exchange) -> None:
        ex.reply(
            200,
            b"<rss/>",
            {"ETag": '"v1"', "Last-Modified": "Tue, 24 Nov 2026 06:00:00 GMT"},
            content_type="Application/RSS+XML; Charset=UTF-8",
        )

    result = fetchers().fetch(server.url("/feed.xml"))
    assert result == FetchResult(
        url=server.url("/feed.xml"),
        status=200,
        not_modified=False,
        content=b"<rss/>",
        content_type="application/rss+xml",
        charset="UTF-8",
        etag='"v1"',
        last_modified="Tue, 24 Nov 2026 06:00:00 GMT",
    )


def test_sends_user_agent_and_accept_encoding(server: LocalServer, fetchers: Fetchers) -> None:
    settings = fetch_settings(user_agent="ranknews-test/9 (+https://example.invalid/bot)")
    with pytest.raises(HTTPStatusError):
        fetchers(settings).fetch(server.url("/nothing-here"))
    (seen,) = server.requests_to("/nothing-here")
    assert seen.headers["user-agent"] == "ranknews-test/9 (+https://example.invalid/bot)"
    assert seen.headers["accept-encoding"] == accept_encoding()
    assert seen.headers["accept-encoding"].startswith("gzip, deflate")
    assert seen.headers["host"] == f"127.0.0.1:{server.port}"
    assert "if-none-match" not in seen.headers


def test_br_is_offered_only_with_a_bounded_brotli_decoder() -> None:
    expected = "gzip, deflate, br" if decompress_module.brotli_module() else "gzip, deflate"
    assert accept_encoding() == expected


def test_missing_content_type_and_non_200_success(server: LocalServer, fetchers: Fetchers) -> None:
    @server.route("/empty")
    def empty(ex: Exchange) -> None:
        ex.reply(204, content_type=None)

    result = fetchers().fetch(server.url("/empty"))
    assert result.status == 204
    assert result.content == b""
    assert result.content_type == ""
    assert result.charset is None


def test_text_decodes_korean_without_header_charset(
    server: LocalServer, fetchers: Fetchers
) -> None:
    @server.route("/article")
    def article(ex: Exchange) -> None:
        ex.reply(200, KOREAN_PAGE.encode("cp949"), content_type="text/html")

    result = fetchers().fetch(server.url("/article"))
    assert result.charset is None
    assert "똠방각하 쨰깍쨰깍" in result.text()


# -- conditional GET ---------------------------------------------------------------------------


def _conditional(ex: Exchange) -> None:
    validators = {"ETag": '"abc"', "Last-Modified": "Mon, 23 Nov 2026 01:02:03 GMT"}
    if (
        ex.headers.get("If-None-Match") == '"abc"'
        or ex.headers.get("If-Modified-Since") == validators["Last-Modified"]
    ):
        ex.send_response(304)
        for name, value in validators.items():
            ex.send_header(name, value)
        ex.end_headers()
        return
    ex.reply(200, b"fresh body", validators)


def test_conditional_get_with_etag(server: LocalServer, fetchers: Fetchers) -> None:
    server.routes["/c"] = _conditional
    fetcher = fetchers()
    first = fetcher.fetch(server.url("/c"))
    assert first.content == b"fresh body"
    assert first.etag == '"abc"'
    again = fetcher.fetch(server.url("/c"), etag=first.etag)
    assert again.status == 304
    assert again.not_modified
    assert again.content == b""
    assert again.etag == '"abc"'
    assert again.last_modified == "Mon, 23 Nov 2026 01:02:03 GMT"
    assert server.requests_to("/c")[1].headers["if-none-match"] == '"abc"'


def test_conditional_get_with_last_modified(server: LocalServer, fetchers: Fetchers) -> None:
    server.routes["/c"] = _conditional
    result = fetchers().fetch(server.url("/c"), last_modified="Mon, 23 Nov 2026 01:02:03 GMT")
    assert result.not_modified
    seen = server.requests_to("/c")[0].headers
    assert seen["if-modified-since"] == "Mon, 23 Nov 2026 01:02:03 GMT"
    assert "if-none-match" not in seen


def test_unsendable_validators_are_dropped(server: LocalServer, fetchers: Fetchers) -> None:
    server.routes["/c"] = _conditional
    result = fetchers().fetch(server.url("/c"), etag='"x"\r\nX-Injected: 1', last_modified="")
    assert result.status == 200
    seen = server.requests_to("/c")[0].headers
    assert "if-none-match" not in seen
    assert "x-injected" not in seen


# -- redirects ---------------------------------------------------------------------------------


def _chain(server: LocalServer, hops: int) -> str:
    """``/hop/N`` redirects to ``/hop/N-1`` (alternating absolute and relative URLs)."""
    for n in range(1, hops + 1):

        def handler(ex: Exchange, n: int = n) -> None:
            location = f"/hop/{n - 1}" if n % 2 else server.url(f"/hop/{n - 1}")
            ex.reply(302 if n % 3 else 301, headers={"Location": location})

        server.routes[f"/hop/{n}"] = handler
    server.routes["/hop/0"] = lambda ex: ex.reply(200, b"arrived")
    return server.url(f"/hop/{hops}")


def test_three_redirects_are_followed(server: LocalServer, fetchers: Fetchers) -> None:
    result = fetchers().fetch(_chain(server, 3))
    assert result.content == b"arrived"
    assert result.url == server.url("/hop/0")
    assert [server.hits[f"/hop/{n}"] for n in range(4)] == [1, 1, 1, 1]


def test_redirect_limit_is_exact(server: LocalServer, fetchers: Fetchers) -> None:
    assert fetchers(fetch_settings(max_redirects=5)).fetch(_chain(server, 5)).status == 200


def test_six_redirects_are_too_many(server: LocalServer, fetchers: Fetchers) -> None:
    start = _chain(server, 6)
    with pytest.raises(TooManyRedirects) as caught:
        fetchers(fetch_settings(max_redirects=5)).fetch(start)
    assert caught.value.url == server.url("/hop/1")
    assert server.hits["/hop/0"] == 0


def test_relative_locations(server: LocalServer, fetchers: Fetchers) -> None:
    server.routes["/a/b/start"] = lambda ex: ex.reply(307, headers={"Location": "../c/next?x=1"})
    server.routes["/a/c/next"] = lambda ex: ex.reply(308, headers={"Location": "end#frag"})
    server.routes["/a/c/end"] = lambda ex: ex.reply(200, b"end")
    result = fetchers().fetch(server.url("/a/b/start"))
    assert result.content == b"end"
    assert result.url == server.url("/a/c/end#frag")  # the Location, as given
    assert [server.hits[p] for p in ("/a/b/start", "/a/c/next", "/a/c/end")] == [1, 1, 1]


@pytest.mark.parametrize(
    "location",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/admin",
        "http://[::1]/",
        "file:///etc/passwd",
        "ftp://127.0.0.1/",
    ],
)
def test_redirect_to_blocked_address_is_refused(
    server: LocalServer, fetchers: Fetchers, location: str
) -> None:
    server.routes["/go"] = lambda ex: ex.reply(302, headers={"Location": location})
    with pytest.raises(BlockedAddress) as caught:
        fetchers().fetch(server.url("/go"))
    assert caught.value.url.split(":")[0] == location.split(":")[0]


def test_redirect_status_without_location_is_an_error(
    server: LocalServer, fetchers: Fetchers
) -> None:
    server.routes["/r"] = lambda ex: ex.reply(302)
    with pytest.raises(HTTPStatusError) as caught:
        fetchers().fetch(server.url("/r"))
    assert caught.value.status == 302


# -- size and time limits ----------------------------------------------------------------------


class _InflateCounter:
    """Wraps zlib.decompressobj to count every byte inflated."""

    def __init__(self) -> None:
        self.total = 0
        self.largest_step = 0
        self._real = zlib.decompressobj

    def __call__(self, *args: Any) -> Any:
        counter = self
        real = self._real(*args)

        class Counted:
            def decompress(self, data: bytes, max_length: int = 0) -> bytes:
                out = real.decompress(data, max_length)
                counter.total += len(out)
                counter.largest_step = max(counter.largest_step, len(out))
                return out

            def flush(self, *a: Any) -> bytes:
                out = real.flush(*a)
                counter.total += len(out)
                return out

            def __getattr__(self, name: str) -> Any:
                return getattr(real, name)

        return Counted()


def test_gzip_bomb_stops_at_the_cap_without_inflating_it_all(
    server: LocalServer, fetchers: Fetchers, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = gzip.compress(b"\0" * (10 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 20 * 1024
    server.routes["/bomb"] = lambda ex: ex.reply(
        200, bomb, {"Content-Encoding": "gzip"}, content_type="text/html"
    )
    counter = _InflateCounter()
    monkeypatch.setattr(zlib, "decompressobj", counter)
    cap = 1024 * 1024
    with pytest.raises(ResponseTooLarge) as caught:
        fetchers(fetch_settings(max_body_bytes=cap)).fetch(server.url("/bomb"))
    assert caught.value.url == server.url("/bomb")
    assert counter.total <= cap + decompress_module.PIECE
    assert counter.largest_step <= decompress_module.PIECE


def _encoded(body: bytes, coding: str) -> Handler:
    return lambda ex: ex.reply(200, body, {"Content-Encoding": coding})


def test_gzip_and_deflate_bodies_are_decoded(server: LocalServer, fetchers: Fetchers) -> None:
    page = KOREAN_PAGE.encode("utf-8") * 50
    raw_deflate = zlib.compressobj(wbits=-15)
    bodies = {
        "gzip": gzip.compress(page),
        "x-gzip": gzip.compress(page[:100]) + gzip.compress(page[100:]),  # two members
        "deflate": zlib.compress(page),
        "deflate-raw": raw_deflate.compress(page) + raw_deflate.flush(),
        "identity": page,
    }
    for name, body in bodies.items():
        server.routes[f"/{name}"] = _encoded(body, name.removesuffix("-raw"))
    fetcher = fetchers()
    for name in bodies:
        assert fetcher.fetch(server.url(f"/{name}")).content == page, name


def test_corrupt_gzip_is_a_fetch_error(server: LocalServer, fetchers: Fetchers) -> None:
    server.routes["/bad"] = lambda ex: ex.reply(
        200, b"\x1f\x8b\x08\x00garbage-garbage", {"Content-Encoding": "gzip"}
    )
    server.routes["/odd"] = lambda ex: ex.reply(200, b"x", {"Content-Encoding": "compress"})
    fetcher = fetchers()
    with pytest.raises(FetchError, match="inflate"):
        fetcher.fetch(server.url("/bad"))
    with pytest.raises(FetchError, match="unsupported Content-Encoding"):
        fetcher.fetch(server.url("/odd"))


def test_endless_chunked_body_stops_at_the_cap(server: LocalServer, fetchers: Fetchers) -> None:
    sent = [0]

    @server.route("/endless")
    def endless(ex: Exchange) -> None:
        ex.send_response(200)
        ex.send_header("Transfer-Encoding", "chunked")
        ex.end_headers()
        chunk = b"x" * 16384
        while not ex.stopping and sent[0] < 50 * 1024 * 1024:
            try:
                ex.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except OSError:
                return
            sent[0] += len(chunk)

    cap = 256 * 1024
    with pytest.raises(ResponseTooLarge):
        fetchers(fetch_settings(max_body_bytes=cap)).fetch(server.url("/endless"))
    assert sent[0] < 50 * 1024 * 1024


def test_lying_content_length_is_refused_before_reading(
    server: LocalServer, fetchers: Fetchers
) -> None:
    @server.route("/huge")
    def huge(ex: Exchange) -> None:
        ex.send_response(200)
        ex.send_header("Content-Length", str(10**12))
        ex.end_headers()
        ex.wfile.write(b"a few bytes")
        ex.pause(3)  # a client that tried to read the body would wait here

    started = time.monotonic()
    with pytest.raises(ResponseTooLarge, match="declares"):
        fetchers(fetch_settings(max_body_bytes=4096)).fetch(server.url("/huge"))
    assert time.monotonic() - started < 1.0


def test_slow_drip_fails_at_the_total_timeout(server: LocalServer, fetchers: Fetchers) -> None:
    @server.route("/drip")
    def drip(ex: Exchange) -> None:
        ex.send_response(200)
        ex.send_header("Content-Length", "1000")
        ex.end_headers()
        for _ in range(1000):
            try:
                ex.wfile.write(b".")
            except OSError:
                return
            if not ex.pause(0.1):
                return

    settings = fetch_settings(read_timeout=1.0, total_timeout=0.8, max_retries=0)
    started = time.monotonic()
    with pytest.raises(FetchTimeout, match="total timeout") as caught:
        fetchers(settings).fetch(server.url("/drip"))
    elapsed = time.monotonic() - started
    assert 0.7 < elapsed < 2.0  # the body alone would take 100 s
    assert caught.value.url == server.url("/drip")


def test_total_timeout_spans_redirects(server: LocalServer, fetchers: Fetchers) -> None:
    def slow_hop(ex: Exchange) -> None:
        ex.pause(0.3)
        ex.reply(302, headers={"Location": "/slow"})

    server.routes["/slow"] = slow_hop
    settings = fetch_settings(read_timeout=1.0, total_timeout=1.0, max_retries=0)
    started = time.monotonic()
    with pytest.raises(FetchTimeout):
        fetchers(settings).fetch(server.url("/slow"))
    assert time.monotonic() - started < 2.0  # each hop alone is within every timeout
    assert 2 <= server.hits["/slow"] <= 4


def test_read_timeout_is_retried_then_raised(
    server: LocalServer, fetchers: Fetchers, sleeps: Sleeps
) -> None:
    server.routes["/hang"] = lambda ex: (ex.pause(2), None)[1]
    settings = fetch_settings(read_timeout=0.2, max_retries=1)
    with pytest.raises(FetchTimeout) as caught:
        fetchers(settings, sleep=sleeps).fetch(server.url("/hang"))
    assert caught.value.url == server.url("/hang")
    assert server.hits["/hang"] == 2
    assert len(sleeps.waits) == 1


# -- status codes and retries ------------------------------------------------------------------


def _fail_then_ok(failures: int, status: int, headers: dict[str, str] | None = None) -> Any:
    count = [0]
    lock = threading.Lock()

    def handler(ex: Exchange) -> None:
        with lock:
            count[0] += 1
            failing = count[0] <= failures
        if failing:
            ex.reply(status, b"busy", headers)
        else:
            ex.reply(200, b"ok")

    return handler


def test_500_then_200_is_retried_with_backoff(
    server: LocalServer, fetchers: Fetchers, sleeps: Sleeps
) -> None:
    server.routes["/flaky"] = _fail_then_ok(1, 500)
    result = fetchers(sleep=sleeps).fetch(server.url("/flaky"))
    assert result.content == b"ok"
    assert server.hits["/flaky"] == 2
    (wait,) = sleeps.waits
    assert 0.25 <= wait <= 0.5


def test_5xx_backoff_grows_then_raises(
    server: LocalServer, fetchers: Fetchers, sleeps: Sleeps
) -> None:
    server.routes["/down"] = lambda ex: ex.reply(502, b"bad gateway")
    with pytest.raises(HTTPStatusError) as caught:
        fetchers(fetch_settings(max_retries=3), sleep=sleeps).fetch(server.url("/down"))
    assert caught.value.status == 502
    assert caught.value.url == server.url("/down")
    assert not isinstance(caught.value, RetryLater)
    assert server.hits["/down"] == 4
    assert len(sleeps.waits) == 3
    for attempt, wait in enumerate(sleeps.waits):
        ceiling = 0.5 * 2**attempt
        assert ceiling / 2 <= wait <= ceiling


def test_429_with_retry_after_seconds(
    server: LocalServer, fetchers: Fetchers, sleeps: Sleeps
) -> None:
    server.routes["/limited"] = _fail_then_ok(2, 429, {"Retry-After": "7"})
    result = fetchers(sleep=sleeps).fetch(server.url("/limited"))
    assert result.content == b"ok"
    assert sleeps.waits == [7.0, 7.0]


def test_503_with_retry_after_http_date(
    server: LocalServer, fetchers: Fetchers, sleeps: Sleeps
) -> None:
    when = datetime.now(UTC) + timedelta(seconds=20)
    server.routes["/maint"] = _fail_then_ok(
        1, 503, {"Retry-After": format_datetime(when, usegmt=True)}
    )
    assert fetchers(sleep=sleeps).fetch(server.url("/maint")).content == b"ok"
    (wait,) = sleeps.waits
    assert 17 <= wait <= 20


def test_long_retry_after_raises_retry_later_at_once(
    server: LocalServer, fetchers: Fetchers, sleeps: Sleeps
) -> None:
    server.routes["/later"] = lambda ex: ex.reply(429, headers={"Retry-After": "3600"})
    with pytest.raises(RetryLater) as caught:
        fetchers(sleep=sleeps).fetch(server.url("/later"))
    assert caught.value.retry_after == 3600
    assert caught.value.status == 429
    assert caught.value.url == server.url("/later")
    assert sleeps.waits == []
    assert server.hits["/later"] == 1


def test_long_retry_after_as_date(server: LocalServer, fetchers: Fetchers, sleeps: Sleeps) -> None:
    when = datetime.now(UTC) + timedelta(hours=2)
    server.routes["/later"] = lambda ex: ex.reply(
        503, headers={"Retry-After": format_datetime(when, usegmt=True)}
    )
    with pytest.raises(RetryLater) as caught:
        fetchers(sleep=sleeps).fetch(server.url("/later"))
    assert 7190 <= caught.value.retry_after <= 7200
    assert sleeps.waits == []


def test_retry_after_exhausted_raises_retry_later(
    server: LocalServer, fetchers: Fetchers, sleeps: Sleeps
) -> None:
    server.routes["/busy"] = lambda ex: ex.reply(503, headers={"Retry-After": "2"})
    with pytest.raises(RetryLater) as caught:
        fetchers(fetch_settings(max_retries=2), sleep=sleeps).fetch(server.url("/busy"))
    assert caught.value.retry_after == 2
    assert caught.value.status == 503
    assert sleeps.waits == [2.0, 2.0]
    assert server.hits["/busy"] == 3


def test_429_without_retry_after_backs_off(
    server: LocalServer, fetchers: Fetchers, sleeps: Sleeps
) -> None:
    server.routes["/limited"] = lambda ex: ex.reply(429)
    with pytest.raises(RetryLater) as caught:
        fetchers(fetch_settings(max_retries=1), sleep=sleeps).fetch(server.url("/limited"))
    assert caught.value.retry_after > 0
    assert len(sleeps.waits) == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 451])
def test_4xx_fails_without_retry(
    server: LocalServer, fetchers: Fetchers, sleeps: Sleeps, status: int
) -> None:
    server.routes["/no"] = lambda ex: ex.reply(status)
    with pytest.raises(HTTPStatusError) as caught:
        fetchers(sleep=sleeps).fetch(server.url("/no"))
    assert caught.value.status == status
    assert caught.value.url == server.url("/no")
    assert server.hits["/no"] == 1
    assert sleeps.waits == []


def test_connection_refused_is_retried_then_raised(fetchers: Fetchers, sleeps: Sleeps) -> None:
    with LocalServer() as gone:
        url = gone.url("/x")
    with pytest.raises(FetchError) as caught:
        fetchers(fetch_settings(max_retries=2), sleep=sleeps).fetch(url)
    assert caught.value.url == url
    assert len(sleeps.waits) == 2


def test_invalid_url_is_a_fetch_error(fetchers: Fetchers) -> None:
    with pytest.raises(FetchError) as caught:
        fetchers().fetch("http://[::1/")
    assert caught.value.url == "http://[::1/"


# -- life cycle and threads --------------------------------------------------------------------


def test_context_manager_closes(server: LocalServer) -> None:
    server.routes["/x"] = lambda ex: ex.reply(200, b"x")
    with Fetcher(fetch_settings()) as fetcher:
        assert fetcher.fetch(server.url("/x")).content == b"x"
    with pytest.raises(RuntimeError):
        fetcher.fetch(server.url("/x"))
    fetcher.close()  # closing twice is fine


def _page(body: bytes) -> Handler:
    return lambda ex: ex.reply(200, body)


def test_many_threads_share_one_fetcher(server: LocalServer, fetchers: Fetchers) -> None:
    for n in range(8):
        server.routes[f"/p/{n}"] = _page(f"page {n}".encode())
    fetcher = fetchers(fetch_settings(per_host_concurrency=3))
    results: dict[int, bytes] = {}
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            results[i] = fetcher.fetch(server.url(f"/p/{i % 8}")).content
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results == {i: f"page {i % 8}".encode() for i in range(32)}
