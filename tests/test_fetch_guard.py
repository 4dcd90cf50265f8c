"""The address guard and pinning: refused ranges, allowlist, DNS rebinding, Host/SNI kept."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from ipaddress import ip_address
from typing import Any

import pytest

from localserver import (
    Fetchers,
    LocalServer,
    Resolver,
    fetch_settings,
    fetchers_fixture,
    tls_client_context,
    tls_server_context,
)
from ranknews.errors import BlockedAddress, FetchError
from ranknews.fetch import transport as transport_module
from ranknews.fetch.guard import AddressGuard, is_public_address


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as s:
        yield s


@pytest.fixture
def fetchers() -> Iterator[Fetchers]:
    yield from fetchers_fixture()


# -- which addresses are public ---------------------------------------------------------------

REFUSED = [
    "0.0.0.0",
    "0.1.2.3",
    "10.1.2.3",
    "100.64.0.1",  # CGNAT
    "100.127.255.254",
    "127.0.0.1",
    "127.255.0.1",
    "169.254.169.254",  # cloud metadata
    "172.16.0.1",
    "172.31.255.254",
    "192.0.0.9",
    "192.0.2.1",
    "192.88.99.1",  # 6to4 relay
    "192.168.1.1",
    "198.18.0.1",  # benchmarking
    "198.19.255.254",
    "198.51.100.7",
    "203.0.113.5",
    "224.0.0.1",  # multicast
    "239.255.255.250",
    "240.0.0.1",  # reserved
    "255.255.255.255",  # broadcast
    "::",
    "::1",
    "::7f00:1",  # IPv4-compatible 127.0.0.1
    "::808:808",  # IPv4-compatible, even of a public address
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:8.8.8.8",
    "::ffff:0:7f00:1",  # IPv4-translated
    "64:ff9b::7f00:1",  # NAT64
    "64:ff9b::808:808",
    "64:ff9b:1::1",
    "100::1",  # discard-only
    "2001::1",  # Teredo
    "2001:2::1",  # benchmarking
    "2001:db8::1",  # documentation
    "3fff::1",  # documentation
    "5f00::1",  # SRv6
    "fc00::1",  # ULA
    "fd12:3456:789a::1",
    "fe80::1",  # link-local
    "fe80::1%1",
    "fec0::1",  # site-local
    "ff02::1",  # multicast
    "ff0e::1",
    "2002:7f00:1::1",  # 6to4 around 127.0.0.1
    "2002:a00:1::1",  # 6to4 around 10.0.0.1
    "2002:c0a8:101::1",  # 6to4 around 192.168.1.1
    "4000::1",  # outside 2000::/3
]

PUBLIC = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "211.115.106.1",
    "100.63.255.255",
    "100.128.0.1",
    "172.15.255.255",
    "172.32.0.1",
    "192.169.0.1",
    "198.17.255.255",
    "198.20.0.1",
    "223.255.255.255",
    "2606:4700:4700::1111",
    "2001:4860:4860::8888",
    "2002:808:808::1",  # 6to4 around 8.8.8.8
]


@pytest.mark.parametrize("address", REFUSED)
def test_refused_ranges(address: str) -> None:
    assert not is_public_address(ip_address(address))


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses(address: str) -> None:
    assert is_public_address(ip_address(address))


@pytest.mark.parametrize(
    "address",
    ["224.0.0.1", "192.88.99.1", "::7f00:1", "64:ff9b::7f00:1", "2002:7f00:1::", "ff02::1"],
)
def test_refuses_what_is_global_alone_can_miss(address: str) -> None:
    # ipaddress's is_global says True for these on some Python versions (3.11 among them).
    assert not is_public_address(ip_address(address))


# -- the guard on URLs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["ftp://example.com/", "file:///etc/passwd", "javascript:alert(1)", "gopher://x/"]
)
def test_only_http_and_https(url: str) -> None:
    resolver = Resolver({})
    with pytest.raises(BlockedAddress) as caught:
        AddressGuard((), resolver).check(url)
    assert caught.value.url
    assert resolver.calls == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://[::1]:8080/",
        "http://[::ffff:127.0.0.1]/",
        "https://169.254.169.254/latest/",
        "http://10.0.0.1:9200/",
    ],
)
def test_address_literals_are_checked_without_resolving(url: str) -> None:
    resolver = Resolver({})
    with pytest.raises(BlockedAddress):
        AddressGuard((), resolver).check(url)
    assert resolver.calls == []


def test_any_bad_answer_refuses_the_host() -> None:
    resolver = Resolver({"mixed.example": ["8.8.8.8", "10.0.0.5"]})
    with pytest.raises(BlockedAddress, match=r"10\.0\.0\.5") as caught:
        AddressGuard((), resolver).check("http://mixed.example/a")
    assert caught.value.url == "http://mixed.example/a"


def test_resolved_once_and_target_returned() -> None:
    resolver = Resolver({"news.example": ["8.8.8.8", "2606:4700:4700::1111"]})
    target = AddressGuard((), resolver).check("https://News.Example/a?b=1")
    assert target.host == "news.example"
    assert target.port == 443
    assert target.addresses == ("8.8.8.8", "2606:4700:4700::1111")
    assert resolver.calls == [("news.example", 443)]


def test_idn_hosts_are_resolved_in_ascii() -> None:
    resolver = Resolver({"xn--3e0b707e.kr": ["8.8.8.8"]})
    assert AddressGuard((), resolver).check("http://한국.kr/").host == "xn--3e0b707e.kr"


def test_resolution_failure_is_a_fetch_error_not_blocked() -> None:
    def failing(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "no such host")

    with pytest.raises(FetchError) as caught:
        AddressGuard((), failing).check("http://nowhere.example/")
    assert not isinstance(caught.value, BlockedAddress)
    with pytest.raises(FetchError, match="no address"):
        AddressGuard((), Resolver({"empty.example": []})).check("http://empty.example/")


def test_answers_must_be_addresses_even_for_allowed_names() -> None:
    resolver = Resolver({"intranet.example": ["localhost"]})
    with pytest.raises(BlockedAddress, match="non-address"):
        AddressGuard(("intranet.example",), resolver).check("http://intranet.example/")


@pytest.mark.parametrize(
    ("allowed", "address"),
    [
        (("127.0.0.1",), "127.0.0.1"),
        (("10.0.0.0/8",), "10.20.30.40"),
        (("fd00::/8",), "fd00::5"),
        (("[::1]",), "::1"),
        (("Intranet.Example.",), "192.168.7.7"),  # a name: whatever it resolves to
    ],
)
def test_allowed_hosts(allowed: tuple[str, ...], address: str) -> None:
    resolver = Resolver({"intranet.example": [address]})
    target = AddressGuard(allowed, resolver).check("http://intranet.example/")
    assert target.addresses == (address,)
    with pytest.raises(BlockedAddress):
        AddressGuard((), resolver).check("http://intranet.example/")


def test_allowing_an_address_allows_no_other() -> None:
    guard = AddressGuard(("127.0.0.1",), Resolver({}))
    guard.check("http://127.0.0.1/")
    for url in ("http://127.0.0.2/", "http://[::1]/", "http://[::ffff:127.0.0.1]/"):
        with pytest.raises(BlockedAddress):
            guard.check(url)


@pytest.mark.parametrize("host", ["localhost", "2130706433", "127.1"])
def test_default_resolver_refuses_loopback_spellings(host: str) -> None:
    # Answered from /etc/hosts or parsed as numbers by getaddrinfo: no DNS query is sent.
    with pytest.raises(BlockedAddress):
        AddressGuard(()).check(f"http://{host}:9/")


# -- pinning: the connection goes to the checked address ----------------------------------------


class ConnectSpy:
    """Stands in for socket.create_connection: loopback goes through, nothing else does."""

    def __init__(self) -> None:
        self.real = socket.create_connection
        self.hosts: list[str] = []

    def __call__(self, address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        host = address[0]
        self.hosts.append(host)
        if host == "localhost" or ip_address(host).is_loopback:
            return self.real(address, *args, **kwargs)
        raise ConnectionRefusedError(f"test: no connection to {host} leaves this machine")


def test_blocked_host_gets_no_request(server: LocalServer, fetchers: Fetchers) -> None:
    server.routes["/"] = lambda ex: ex.reply(200, b"internal")
    resolver = Resolver({"evil.example": ["127.0.0.1"]})
    fetcher = fetchers(fetch_settings(allowed_hosts=()), resolver=resolver)
    with pytest.raises(BlockedAddress) as caught:
        fetcher.fetch(f"http://evil.example:{server.port}/")
    assert caught.value.url == f"http://evil.example:{server.port}/"
    assert server.total_hits == 0


def test_dns_rebinding_never_reaches_the_second_answer(
    server: LocalServer, fetchers: Fetchers, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "localhost" so that anything resolving the name again would really reach the server.
    server.routes["/"] = lambda ex: ex.reply(200, b"internal")
    resolver = Resolver({"localhost": [["93.184.215.14"], ["127.0.0.1"]]})
    spy = ConnectSpy()
    monkeypatch.setattr(socket, "create_connection", spy)
    fetcher = fetchers(fetch_settings(allowed_hosts=(), max_retries=0), resolver=resolver)
    with pytest.raises(FetchError):
        fetcher.fetch(f"http://localhost:{server.port}/")
    assert spy.hosts == ["93.184.215.14"]
    assert resolver.calls == [("localhost", server.port)]
    assert server.total_hits == 0


def test_rebinding_on_retry_is_checked_again(
    server: LocalServer, fetchers: Fetchers, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.routes["/"] = lambda ex: ex.reply(200, b"internal")
    resolver = Resolver({"localhost": [["93.184.215.14"], ["127.0.0.1"]]})
    spy = ConnectSpy()
    monkeypatch.setattr(socket, "create_connection", spy)
    settings = fetch_settings(allowed_hosts=(), max_retries=1)
    with pytest.raises(BlockedAddress):
        fetchers(settings, resolver=resolver, sleep=lambda s: None).fetch(
            f"http://localhost:{server.port}/"
        )
    assert spy.hosts == ["93.184.215.14"]
    assert len(resolver.calls) == 2
    assert server.total_hits == 0


def test_pinned_connection_keeps_the_host_header(server: LocalServer, fetchers: Fetchers) -> None:
    server.routes["/page"] = lambda ex: ex.reply(200, b"hello")
    resolver = Resolver({"news.example": ["127.0.0.1"]})
    result = fetchers(resolver=resolver).fetch(f"http://news.example:{server.port}/page")
    assert result.content == b"hello"
    assert result.url == f"http://news.example:{server.port}/page"
    assert server.requests_to("/page")[0].host_header == f"news.example:{server.port}"


def test_allowed_name_does_not_allow_its_address(server: LocalServer, fetchers: Fetchers) -> None:
    # A page on an allowed host redirecting to the same machine by address is still refused.
    server.routes["/start"] = lambda ex: ex.reply(302, headers={"Location": server.url("/secret")})
    server.routes["/secret"] = lambda ex: ex.reply(200, b"secret")
    resolver = Resolver({"news.example": ["127.0.0.1"]})
    fetcher = fetchers(fetch_settings(allowed_hosts=("news.example",)), resolver=resolver)
    with pytest.raises(BlockedAddress) as caught:
        fetcher.fetch(f"http://news.example:{server.port}/start")
    assert caught.value.url == server.url("/secret")
    assert server.hits["/start"] == 1
    assert server.hits["/secret"] == 0


def test_tls_keeps_sni_and_certificate_check_on_the_hostname(
    fetchers: Fetchers, monkeypatch: pytest.MonkeyPatch
) -> None:
    names: list[str | None] = []
    context = tls_server_context()

    def record_sni(sock: Any, name: str | None, ctx: ssl.SSLContext) -> None:
        names.append(name)

    context.sni_callback = record_sni
    monkeypatch.setattr(transport_module, "create_ssl_context", tls_client_context)
    resolver = Resolver({"news.example": ["127.0.0.1"], "other.example": ["127.0.0.1"]})
    with LocalServer(ssl_context=context) as server:
        server.routes["/"] = lambda ex: ex.reply(200, b"over tls")
        fetcher = fetchers(fetch_settings(max_retries=3), resolver=resolver)
        result = fetcher.fetch(f"https://news.example:{server.port}/")
        assert result.content == b"over tls"
        assert names == ["news.example"]
        assert server.requests_to("/")[0].host_header == f"news.example:{server.port}"
        # Same address, other name: the certificate does not match, and that is not retried.
        with pytest.raises(FetchError, match="certificate") as caught:
            fetcher.fetch(f"https://other.example:{server.port}/")
        assert caught.value.url == f"https://other.example:{server.port}/"
        assert names == ["news.example", "other.example"]
        fetcher.close()
