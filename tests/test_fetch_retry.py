"""Retry timing: Retry-After parsing, backoff with jitter, and the fetch deadline."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from localserver import FakeClock
from ranknews.fetch.deadline import Deadline
from ranknews.fetch.retry import BACKOFF_CAP, backoff_delay, parse_retry_after

NOW = datetime(2026, 11, 25, 6, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("0", 0.0),
        ("120", 120.0),
        (" 5 ", 5.0),
        ("Wed, 25 Nov 2026 06:00:30 GMT", 30.0),
        ("Wednesday, 25-Nov-26 06:01:00 GMT", 60.0),  # RFC 850 form
        ("Wed Nov 25 06:00:10 2026", 10.0),  # asctime form
        ("Tue, 24 Nov 2026 06:00:00 GMT", 0.0),  # in the past
        ("soon", None),
        ("-5", None),
        ("1.5", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == seconds


def test_backoff_doubles_with_jitter_and_is_capped() -> None:
    rng = random.Random(7)
    for attempt in range(12):
        ceiling = min(BACKOFF_CAP, 0.5 * 2**attempt)
        waits = [backoff_delay(attempt, rng) for _ in range(50)]
        assert all(ceiling / 2 <= w <= ceiling for w in waits)
        assert len(set(waits)) > 1  # jittered
    assert backoff_delay(10_000, rng) <= BACKOFF_CAP


def test_deadline() -> None:
    clock = FakeClock()
    deadline = Deadline(2.0, clock)
    assert deadline.bound(5.0) == 2.0
    assert deadline.bound(None) == 2.0
    clock.advance(1.5)
    assert deadline.bound(1.0) == pytest.approx(0.5)
    deadline.extend(1.0)
    clock.advance(1.0)
    assert not deadline.expired
    clock.advance(0.6)
    assert deadline.expired
