"""``ranknews.fetch``: the crawler's only way to the network.

:class:`Fetcher` gets a URL safely (only public addresses unless the operator allows more,
connecting to exactly the address that was checked), within size and time limits, politely
(per-host concurrency and spacing, robots.txt for article pages) and with retries; it returns
a :class:`FetchResult`. :func:`decode_body` turns the bytes into text, Korean encodings
included.
"""

from __future__ import annotations

from ranknews.fetch.charset import decode_body
from ranknews.fetch.client import Fetcher
from ranknews.fetch.guard import AddressGuard, default_resolver, is_public_address
from ranknews.fetch.result import FetchResult

__all__ = [
    "AddressGuard",
    "FetchResult",
    "Fetcher",
    "decode_body",
    "default_resolver",
    "is_public_address",
]
