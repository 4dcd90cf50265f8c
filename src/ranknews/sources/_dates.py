"""Dates as feeds and sitemaps write them, to timezone-aware datetimes.

A date that names no zone is Korean Standard Time: the outlets this engine reads are
Korean, and their feeds that omit the zone mean local time.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_tz

from ranknews.timefmt import KST

__all__ = ["has_zone", "parse_date"]

_NAMED_ZONES: dict[str, timezone] = {
    "Z": UTC,
    "UT": UTC,
    "UTC": UTC,
    "GMT": UTC,
    "KST": KST,
    "JST": timezone(timedelta(hours=9)),
    "CET": timezone(timedelta(hours=1)),
    "CEST": timezone(timedelta(hours=2)),
    "EST": timezone(timedelta(hours=-5)),
    "EDT": timezone(timedelta(hours=-4)),
    "CST": timezone(timedelta(hours=-6)),
    "CDT": timezone(timedelta(hours=-5)),
    "MST": timezone(timedelta(hours=-7)),
    "MDT": timezone(timedelta(hours=-6)),
    "PST": timezone(timedelta(hours=-8)),
    "PDT": timezone(timedelta(hours=-7)),
}

# "Tue, 02 Dec 2025 22:41:07 +0900", "2 Dec 2025 22:41 KST", "Tue, 02 Dec 25 13:41:07 GMT"
_RFC822 = re.compile(
    r"^(?:[A-Za-z]{2,9},?\s*)?\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s+(?P<zone>[+-]\d{4}|[+-]\d{2}:\d{2}|[A-Za-z]{1,5}))?\s*(?:\([^)]*\))?$"
)
# ISO 8601 / W3C-DTF / RFC 3339 and the numeric layouts Korean CMSs print:
# "2025-12-02T22:41:07+09:00", "2025-12-02 07:30:00", "2025.12.02 07:30", "2025/12/02",
# "2025-12", "20251202T074500Z".
_NUMERIC = re.compile(
    r"^(?P<y>\d{4})(?P<sep>[-./]?)(?P<m>\d{1,2})(?:(?P=sep)(?P<d>\d{1,2}))?\.?"
    r"(?:(?:[Tt]|\s+)(?P<H>\d{1,2}):?(?P<M>\d{2})(?::?(?P<S>\d{2})(?:[.,](?P<f>\d+))?)?)?"
    r"\s*(?P<zone>[Zz]|[+-]\d{2}(?::?\d{2})?|UTC|GMT|KST|\(KST\))?$"
)
# "2025년 12월 2일 오후 3:20", "2025년 12월 02일 15:20:00", "2025-12-02 오후 3:20:00"
_KOREAN = re.compile(
    r"^(?P<y>\d{4})\s*(?:년|[-./])\s*(?P<m>\d{1,2})\s*(?:월|[-./])\s*(?P<d>\d{1,2})\s*일?\.?"
    r"(?:\s*\([^)]*\))?"
    r"(?:\s*(?P<ampm>오전|오후|AM|PM|am|pm)?\s*(?P<H>\d{1,2})\s*(?::|시)\s*(?P<M>\d{1,2})\s*분?"
    r"(?:\s*(?::\s*)?(?P<S>\d{1,2})\s*초?)?)?\s*(?:\(?KST\)?)?$"
)
# asctime and Unix date(1): "Tue Dec  2 22:41:07 2025", "Tue Dec 2 22:41:07 KST 2025"
_ASCTIME = re.compile(
    r"^[A-Za-z]{3},?\s+(?P<mon>[A-Za-z]{3})\s+(?P<d>\d{1,2})\s+(?P<H>\d{1,2}):(?P<M>\d{2})"
    r"(?::(?P<S>\d{2}))?\s+(?:(?P<zone>[+-]\d{4}|[A-Za-z]{1,5})\s+)?(?P<y>\d{4})"
    r"(?:\s+(?P<zone2>[+-]\d{4}|[+-]\d{2}:\d{2}|[A-Za-z]{1,5}))?$"
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_ZONE_AT_END = re.compile(r"(?:[+-]\d{2}:?\d{2}|\d[Zz]|\b(?:UTC?|GMT))\s*$")


def has_zone(raw: str) -> bool:
    """Whether the date string ends with an explicit numeric offset, ``Z``, UTC or GMT."""
    return _ZONE_AT_END.search(raw.strip()) is not None


def parse_date(raw: str | None) -> datetime | None:
    """Parse an RFC 822, ISO 8601 / W3C-DTF or Korean-style date; ``None`` if unreadable.

    The result is always timezone-aware and keeps the offset the text gives (``+0900``
    stays +09:00, ``GMT`` is UTC); no zone means KST. An unknown zone name (not UTC, GMT,
    KST, JST, CET, CEST or a US zone of RFC 822) makes the date unreadable rather than wrong.
    """
    if raw is None:
        return None
    text = " ".join(raw.split())
    if not text:
        return None
    for parse in (_parse_numeric, _parse_rfc822, _parse_asctime, _parse_korean):
        try:
            value = parse(text)
        except (ValueError, OverflowError):
            value = None
        if value is not None:
            return value
    return None


def _zone(token: str | None) -> timezone:
    if not token:
        return KST
    token = token.strip("()")
    if token[0] in "+-":
        digits = token[1:].replace(":", "")
        hours = int(digits[:2])
        minutes = int(digits[2:4] or 0)
        if hours > 23 or minutes > 59:
            raise ValueError(f"offset out of range: {token}")
        offset = timedelta(hours=hours, minutes=minutes)
        if not offset:
            return UTC
        return timezone(-offset if token[0] == "-" else offset)
    zone = _NAMED_ZONES.get(token.upper())
    if zone is None:
        raise ValueError(f"unknown time zone {token!r}")
    return zone


def _parse_rfc822(text: str) -> datetime | None:
    match = _RFC822.match(text)
    if match is None:
        return None
    zone_token = match.group("zone")
    stripped = text[: match.start("zone")] if zone_token else text
    parts = parsedate_tz(stripped.split("(")[0].strip())
    if parts is None:
        return None
    year, month, day, hour, minute, second = parts[:6]
    return datetime(year, month, day, hour, minute, second, tzinfo=_zone(zone_token))


def _parse_numeric(text: str) -> datetime | None:
    match = _NUMERIC.match(text)
    if match is None:
        return None
    if not match.group("sep") and match.group("d") is None:
        return None  # "202512" alone is not a date
    fraction = (match.group("f") or "0")[:6].ljust(6, "0")
    return datetime(
        int(match.group("y")),
        int(match.group("m")),
        int(match.group("d") or 1),
        int(match.group("H") or 0),
        int(match.group("M") or 0),
        int(match.group("S") or 0),
        int(fraction),
        tzinfo=_zone(match.group("zone")),
    )


def _parse_asctime(text: str) -> datetime | None:
    match = _ASCTIME.match(text)
    if match is None:
        return None
    month = _MONTHS.get(match.group("mon").lower())
    if month is None:
        return None
    return datetime(
        int(match.group("y")),
        month,
        int(match.group("d")),
        int(match.group("H")),
        int(match.group("M")),
        int(match.group("S") or 0),
        tzinfo=_zone(match.group("zone") or match.group("zone2")),
    )


def _parse_korean(text: str) -> datetime | None:
    match = _KOREAN.match(text)
    if match is None:
        return None
    hour = int(match.group("H") or 0)
    ampm = (match.group("ampm") or "").lower()
    if ampm in ("오후", "pm") and hour < 12:
        hour += 12
    elif ampm in ("오전", "am") and hour == 12:
        hour = 0
    return datetime(
        int(match.group("y")),
        int(match.group("m")),
        int(match.group("d")),
        hour,
        int(match.group("M") or 0),
        int(match.group("S") or 0),
        tzinfo=KST,
    )
