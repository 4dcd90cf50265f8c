"""Mangled fixtures: every reader returns a result or raises ParseError, never anything else."""

from __future__ import annotations

import gzip
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from ranknews.errors import ParseError
from ranknews.sources import parse_feed, parse_opml, parse_sitemap, parse_source

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
URL = "https://fuzz.example/feed"
INSERTS = (
    b"<",
    b">",
    b"&",
    b'"',
    b"<!ENTITY",
    b"]>",
    b"\x00",
    b"\xff\xfe",
    b"<![CDATA[",
    b"{",
    b"&#0;",
    b"&#xD800;",  # a surrogate: feedparser's loose parser chokes on it
    b"\xed\xa0\x80",
    b"\x1f\x8b",
)
READERS: dict[str, Callable[[bytes], object]] = {
    "source": lambda data: parse_source(data, URL),
    "feed": lambda data: parse_feed(data, URL),
    "sitemap": lambda data: parse_sitemap(data, URL),
    "opml": parse_opml,
}


def mangled(seed: int) -> bytes:
    rng = random.Random(seed)
    files = sorted(FIXTURES.iterdir())
    data = bytearray(rng.choice(files).read_bytes())
    for _ in range(rng.randint(1, 5)):
        if not data:
            break
        pos = rng.randrange(len(data))
        roll = rng.random()
        if roll < 0.3:
            del data[pos : pos + rng.randint(1, 40)]
        elif roll < 0.7:
            data[pos:pos] = rng.choice((*INSERTS, rng.randbytes(4)))
        else:
            del data[pos:]
    result = bytes(data)
    return gzip.compress(result, mtime=0) if rng.random() < 0.05 else result


@pytest.mark.parametrize("reader", sorted(READERS))
def test_only_parse_errors_escape(reader: str) -> None:
    read = READERS[reader]
    for seed in range(400):
        data = mangled(seed)
        try:
            read(data)
        except ParseError:
            pass
        except Exception as exc:  # pragma: no cover - the failure report
            pytest.fail(f"seed {seed}: {type(exc).__name__}: {exc}")
