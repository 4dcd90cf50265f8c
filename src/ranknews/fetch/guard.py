"""The address guard: which URLs the fetcher may reach, decided before any connection.

A URL passes when its scheme is ``http`` or ``https`` and *every* address its host resolves
to is public, or allowed by the operator (``Settings.allowed_hosts``). "Public" is decided
with explicit network lists (:data:`BLOCKED_IPV4`, :data:`BLOCKED_IPV6`) and, on top of
them, :attr:`ipaddress.IPv4Address.is_global`: ``is_global`` alone misses multicast, the
6to4 relay range, IPv4-compatible and SIIT IPv6, NAT64, 6to4 wrapping a private address,
site-local, 3fff::/20 and 5f00::/16, depending on the Python version.

The host is resolved once per check; the addresses that passed are handed to the transport,
which connects to exactly those (see :mod:`ranknews.fetch.transport`).
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

import httpx

from ranknews.errors import BlockedAddress, FetchError

__all__ = [
    "ALLOWED_SCHEMES",
    "BLOCKED_IPV4",
    "BLOCKED_IPV6",
    "GLOBAL_UNICAST_IPV6",
    "AddressGuard",
    "IPAddress",
    "Resolver",
    "Target",
    "default_resolver",
    "is_public_address",
]

IPAddress = IPv4Address | IPv6Address
Resolver = Callable[[str, int], list[str]]
"""``resolver(host, port)`` returns the host's addresses as strings (IPv4 or IPv6)."""

ALLOWED_SCHEMES = frozenset({"http", "https"})

BLOCKED_IPV4: tuple[IPv4Network, ...] = tuple(
    IPv4Network(net)
    for net in (
        "0.0.0.0/8",  # "this network", unspecified
        "10.0.0.0/8",  # private
        "100.64.0.0/10",  # carrier-grade NAT (shared address space)
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link-local (cloud metadata lives here)
        "172.16.0.0/12",  # private
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # documentation (TEST-NET-1)
        "192.88.99.0/24",  # 6to4 relay anycast (deprecated)
        "192.168.0.0/16",  # private
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation (TEST-NET-2)
        "203.0.113.0/24",  # documentation (TEST-NET-3)
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and 255.255.255.255 broadcast
    )
)

GLOBAL_UNICAST_IPV6 = IPv6Network("2000::/3")
"""Only IPv6 addresses inside this block can be public; everything else is refused."""

BLOCKED_IPV6: tuple[IPv6Network, ...] = tuple(
    IPv6Network(net)
    for net in (
        "::/128",  # unspecified
        "::1/128",  # loopback
        "::/96",  # IPv4-compatible (deprecated)
        "::ffff:0:0/96",  # IPv4-mapped
        "::ffff:0:0:0/96",  # IPv4-translated (SIIT)
        "64:ff9b::/96",  # NAT64 well-known prefix
        "64:ff9b:1::/48",  # NAT64 local-use
        "100::/64",  # discard-only
        "2001::/23",  # IETF protocol assignments (Teredo, benchmarking, ORCHID, ...)
        "2001:db8::/32",  # documentation
        "3fff::/20",  # documentation
        "5f00::/16",  # SRv6 SIDs
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local (deprecated)
        "ff00::/8",  # multicast
    )
)
SIXTOFOUR = IPv6Network("2002::/16")


def is_public_address(address: IPAddress) -> bool:
    """Whether ``address`` is a public unicast address the fetcher may reach unasked."""
    if isinstance(address, IPv4Address):
        if any(address in net for net in BLOCKED_IPV4):
            return False
        return address.is_global and not address.is_multicast
    if address.scope_id:
        return False
    if address not in GLOBAL_UNICAST_IPV6 or any(address in net for net in BLOCKED_IPV6):
        return False
    if address in SIXTOFOUR:
        embedded = address.sixtofour
        return embedded is not None and is_public_address(embedded)
    return address.is_global and not address.is_multicast


def default_resolver(host: str, port: int) -> list[str]:
    """Every address ``socket.getaddrinfo`` gives for a TCP connection, in its order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    addresses: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        text = str(sockaddr[0])
        if text not in addresses:
            addresses.append(text)
    return addresses


@dataclass(frozen=True, slots=True)
class Target:
    """A URL that passed the guard, with the addresses that may be connected to."""

    url: httpx.URL
    host: str  # ASCII host exactly as the connection layer sees it (IDNA, no brackets)
    port: int
    addresses: tuple[str, ...]


def _parse_address(text: str) -> IPAddress | None:
    try:
        return ip_address(text)
    except ValueError:
        return None


def _normalise_hostname(name: str) -> str:
    name = name.strip().rstrip(".").lower()
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return name


class AddressGuard:
    """Checks URLs against the scheme rule, the blocked ranges and the operator's allowlist.

    ``allowed_hosts`` entries are hostnames (allowed whatever they resolve to), single
    addresses, or CIDR networks (an address inside one is allowed).
    """

    def __init__(self, allowed_hosts: Iterable[str] = (), resolver: Resolver | None = None):
        self._resolver: Resolver = default_resolver if resolver is None else resolver
        networks: list[IPv4Network | IPv6Network] = []
        names: set[str] = set()
        for entry in allowed_hosts:
            entry = entry.strip()
            if not entry:
                continue
            try:
                networks.append(ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                names.add(_normalise_hostname(entry))
        self._allowed_networks = tuple(networks)
        self._allowed_names = frozenset(names)

    def is_allowed_address(self, address: IPAddress) -> bool:
        """Public, or inside a network the operator allowed."""
        allowed = any(
            address.version == net.version and address in net for net in self._allowed_networks
        )
        return allowed or is_public_address(address)

    def check(self, url: httpx.URL | str) -> Target:
        """Resolve ``url``'s host once and return the target, or raise :class:`BlockedAddress`.

        Raises :class:`FetchError` when the URL is malformed or the host does not resolve.
        """
        try:
            parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise FetchError(f"invalid URL: {exc}", url=str(url)) from exc
        shown = str(parsed)
        if parsed.scheme not in ALLOWED_SCHEMES:
            raise BlockedAddress(
                f"scheme {parsed.scheme or '(none)'!r} is not allowed (http and https only)",
                url=shown,
            )
        host = parsed.raw_host.decode("ascii")
        if not host:
            raise BlockedAddress("URL has no host", url=shown)
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        literal = _parse_address(host)
        if literal is not None:
            addresses = [host]
        else:
            try:
                addresses = list(self._resolver(host, port))
            except (OSError, UnicodeError) as exc:
                raise FetchError(f"cannot resolve {host}: {exc}", url=shown) from exc
            if not addresses:
                raise FetchError(f"{host} resolves to no address", url=shown)
        name_allowed = _normalise_hostname(host) in self._allowed_names
        for text in addresses:
            # Every answer must be an address literal: the transport connects to these
            # strings, and a name here would be resolved again at connect time.
            address = _parse_address(text)
            if address is None:
                raise BlockedAddress(f"{host} resolved to a non-address {text!r}", url=shown)
            if not name_allowed and not self.is_allowed_address(address):
                raise BlockedAddress(
                    f"{host} resolves to {address}, which is not a public address", url=shown
                )
        return Target(url=parsed, host=host, port=port, addresses=tuple(addresses))
