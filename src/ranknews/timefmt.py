"""Korean Standard Time and the ways the board prints times."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

__all__ = ["KST", "board_date", "full_time", "iso"]

KST = timezone(timedelta(hours=9), "KST")


def board_date(value: datetime, now: datetime) -> str:
    """List-column date: ``HH:MM`` for today's posts (in KST), ``YYYY.MM.DD`` otherwise."""
    local = value.astimezone(KST)
    if local.date() == now.astimezone(KST).date():
        return f"{local.hour:02d}:{local.minute:02d}"
    return f"{local.year}.{local.month:02d}.{local.day:02d}"


def full_time(value: datetime) -> str:
    """``2025.02.03 14:22`` in KST, as Korean outlets print 입력/수정 times."""
    return value.astimezone(KST).strftime("%Y.%m.%d %H:%M")


def iso(value: datetime) -> str:
    """ISO 8601 with the KST offset, for ``<time datetime>`` and the API."""
    return value.astimezone(KST).isoformat(timespec="seconds")
