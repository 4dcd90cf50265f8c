"""Dates as Korean news feeds and pages write them, read into timezone-aware datetimes.

The one date parser of the engine: feed entries and sitemap ``lastmod`` (:mod:`ranknews.sources`)
and the meta tags, JSON-LD and printed 입력/수정 lines of article pages (:mod:`ranknews.extract`)
are all read here.

* :func:`parse_date` reads a text that is one date: RFC 822 (with or without the weekday, the
  space before the zone or a four-digit year: ``Sat, 31 Dec 2005 13:47:03+0900``), asctime,
  ISO 8601 / W3C-DTF / RFC 3339 (``Z``, ``+09:00``, ``+0900``, a space for the ``T``, fractional
  seconds, a date alone) and the layouts Korean sites print (``2024.03.05 14:30``,
  ``2024/03/05``, ``2024년 3월 5일 오후 2시 30분``, ``2024.03.05. 오전 9:05``), also after a
  label such as ``입력``, ``기사입력 :`` or ``수정``.
* :func:`find_date` finds the first date printed in a longer text.
* :func:`find_times` reads labelled 입력/수정 times; :func:`strip_times` removes printed times.

Zones: a time that names no zone is Korean Standard Time, the news default (the outlets are
Korean, and their feeds and pages that omit the zone mean local time). A time that names one
keeps the offset it was written with (``+0900`` stays +09:00, ``GMT`` is UTC); converting, to
KST for instance, is the caller's choice. An unknown zone name makes the date unreadable
rather than wrong. Unreadable input gives ``None``: nothing here raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Final

from ranknews.timefmt import KST

__all__ = [
    "LabelledTimes",
    "find_date",
    "find_times",
    "has_zone",
    "parse_date",
    "strip_times",
]

_NAMED_ZONES: Final[dict[str, timezone]] = {
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
_MONTHS: Final = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

# "Tue, 02 Dec 2025 22:41:07 +0900", "Sat, 31 Dec 2005 13:47:03+0900", "2 Dec 2025 22:41 KST",
# "Tue, 02 Dec 25 13:41:07 GMT", "02 Dec 2025 22:41:07 +0900 (KST)"
_RFC822: Final = re.compile(
    r"(?:[A-Za-z]{2,9},?\s*)?(?P<d>\d{1,2})\s+(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<y>\d{2,4})"
    r"\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
    r"(?:\s*(?P<zone>[+-]\d{4}|[+-]\d{2}:\d{2}|[A-Za-z]{1,5}))?\s*(?:\([^)]*\))?"
)
# ISO 8601 / W3C-DTF / RFC 3339 and the numeric layouts Korean CMSs print:
# "2025-12-02T22:41:07+09:00", "2025-12-02 07:30:00.25", "2025.12.02 07:30", "2025/12/02",
# "2025-12", "20251202T074500Z".
_NUMERIC: Final = re.compile(
    r"(?P<y>\d{4})(?P<sep>[-./]?)(?P<m>\d{1,2})(?:(?P=sep)(?P<d>\d{1,2}))?\.?"
    r"(?:(?:[Tt]|\s+)(?P<H>\d{1,2})(?::?(?P<M>\d{2})(?::?(?P<S>\d{2})(?:[.,](?P<f>\d+))?)?)?)?"
    r"\s*(?P<zone>[Zz]|[+-]\d{2}(?::?\d{2})?|UTC|GMT|KST|\(KST\))?"
)
# asctime and Unix date(1): "Tue Dec  2 22:41:07 2025", "Tue Dec 2 22:41:07 KST 2025"
_ASCTIME: Final = re.compile(
    r"[A-Za-z]{3},?\s+(?P<mon>[A-Za-z]{3})\s+(?P<d>\d{1,2})\s+(?P<H>\d{1,2}):(?P<M>\d{2})"
    r"(?::(?P<S>\d{2}))?\s+(?:(?P<zone>[+-]\d{4}|[A-Za-z]{1,5})\s+)?(?P<y>\d{4})"
    r"(?:\s+(?P<zone2>[+-]\d{4}|[+-]\d{2}:\d{2}|[A-Za-z]{1,5}))?"
)
# Printed Korean times, whole or inside a longer text: "2025.02.03 14:22", "2025-02-03 오후 2:22",
# "2025.02.03. 오후 2:22", "2025년 2월 3일 14시 22분 09초", "2025년 02월 03일 (월) 14:22 (KST)".
_PRINTED: Final = re.compile(
    r"""
    (?P<y>(?:19|20)\d{2})\s*(?:[./-]|년)\s*
    (?P<m>\d{1,2})\s*(?:[./-]|월)\s*
    (?P<d>\d{1,2})(?!\d)\s*(?:일)?\.?
    (?:\s*[(\uff08]\s*(?:[월화수목금토일]\s*(?:요일)?|(?i:mon|tue|wed|thu|fri|sat|sun)[a-z]*)
       \s*[)\uff09])?
    (?:\s*(?P<ap1>오전|오후|[AaPp]\.?[Mm]\.?(?![a-z])))?
    (?:
        \s*[T ]?\s*(?P<H>\d{1,2})\s*(?::|시)\s*
        (?:(?P<M>\d{1,2})\s*분?)?
        (?:\s*(?::\s*|(?=\d{1,2}\s*초))(?P<S>\d{1,2})(?:[.,](?P<f>\d+))?\s*초?)?
    )?
    (?:\s*(?P<ap2>[AaPp]\.?[Mm]\.?(?![a-z])))?
    (?:\s*(?P<zone>Z(?![a-z])|[+-]\d{2}:?\d{2}|KST|\(\s*KST\s*\)|UTC|GMT))?
    """,
    re.VERBOSE,
)

_PUBLISHED_LABELS: Final = (
    "기사입력",
    "입력",
    "등록일",
    "등록",
    "게재",
    "송고시간",
    "송고",
    "발행",
    "작성",
    "승인",
    "posted",
    "published",
)
_UPDATED_LABELS: Final = (
    "최종수정",
    "최종 수정",
    "기사수정",
    "수정",
    "최종업데이트",
    "업데이트",
    "갱신",
    "updated",
    "modified",
)
# Longest first so that ``최종수정`` wins over ``수정`` at the same position.
_LABEL: Final = re.compile(
    "(?P<label>"
    + "|".join(
        re.escape(label)
        for label in sorted(_PUBLISHED_LABELS + _UPDATED_LABELS, key=len, reverse=True)
    )
    + r")(?:\s*(?:일시|시간|일))?\s*[:\uff1a]?\s*",
    re.IGNORECASE,
)
# ``승인`` (approval) and ``등록`` are weaker than ``입력`` where a page prints several.
_WEAK_PUBLISHED: Final = frozenset({"승인", "등록", "등록일", "작성"})
_ZONE_AT_END: Final = re.compile(r"(?:[+-]\d{2}:?\d{2}|\d[Zz]|\b(?:UTC?|GMT))\s*$")


def parse_date(raw: str | None) -> datetime | None:
    """The date ``raw`` holds (all of it, after an optional 입력/수정 label), or ``None``.

    Reads RFC 822, asctime, ISO 8601 / W3C-DTF and the printed Korean layouts. The result is
    timezone-aware and keeps the offset the text gives; no zone means KST.
    """
    if raw is None:
        return None
    text = " ".join(raw.split())
    label = _LABEL.match(text)
    if label is not None:
        text = text[label.end() :]
    if not text:
        return None
    for parse in _WHOLE_TEXT_PARSERS:
        try:
            value = parse(text)
        except (ValueError, OverflowError):  # 30 February, 25:00, an offset of +70:00
            value = None
        if value is not None:
            return value
    return None


def find_date(text: str) -> datetime | None:
    """The date ``text`` is (see :func:`parse_date`), else the first one printed inside it.

    ``None`` if there is none. A printed date without a time of day gives midnight.
    """
    whole = parse_date(text)
    if whole is not None:
        return whole
    for found in _PRINTED.finditer(text):
        printed = _printed(found)
        if printed is not None:
            return printed
    return None


def has_zone(raw: str) -> bool:
    """Whether the date string ends with an explicit numeric offset, ``Z``, UTC or GMT."""
    return _ZONE_AT_END.search(raw.strip()) is not None


@dataclass(frozen=True, slots=True)
class LabelledTimes:
    """Times found in printed text: by label, and any unlabelled ones in order."""

    published: datetime | None = None
    updated: datetime | None = None
    unlabelled: tuple[datetime, ...] = ()


def find_times(text: str) -> LabelledTimes:
    """Read ``입력``/``수정``-style labelled times (and unlabelled ones) out of ``text``."""
    published: datetime | None = None
    weak: datetime | None = None
    updated: datetime | None = None
    unlabelled: list[datetime] = []
    used_until = 0
    for found in _PRINTED.finditer(text):
        moment = _printed(found)
        if moment is None:
            continue
        label = _label_before(text, used_until, found.start())
        used_until = found.end()
        if label is None:
            unlabelled.append(moment)
        elif label in _UPDATED_LABELS:
            updated = updated or moment
        elif label in _WEAK_PUBLISHED:
            weak = weak or moment
        else:
            published = published or moment
    return LabelledTimes(published or weak, updated, tuple(unlabelled))


def strip_times(text: str) -> str:
    """``text`` without its printed times and their 입력/수정 labels."""
    without = _PRINTED.sub(" ", text)
    return _LABEL.sub(" ", without)


def _label_before(text: str, start: int, end: int) -> str | None:
    """The label right before a date (only separators between them), lower-cased."""
    window = text[max(start, end - 24) : end]
    best: str | None = None
    for found in _LABEL.finditer(window):
        if found.end() == len(window):
            best = found["label"].lower()
    if best is None:
        return None
    return "최종수정" if best == "최종 수정" else best


def _zone(token: str | None) -> timezone:
    """The zone a token names (``+0900``, ``-05:00``, ``+09``, ``Z``, ``GMT``...); KST if none.

    Raises :class:`ValueError` for an unknown name or an offset out of range.
    """
    if not token:
        return KST
    token = token.strip("() ")
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


def _month(name: str) -> int:
    """1-12 for an English month name or its abbreviation (``Dec``, ``Sept``, ``December``)."""
    name = name.lower()
    for number, month in enumerate(_MONTHS, 1):
        if len(name) >= 3 and month.startswith(name):
            return number
    raise ValueError(f"unknown month {name!r}")


def _rfc822_year(digits: str) -> int:
    """RFC 2822's reading of old years: 00-49 are 2000-2049, 50-99 and three digits 19xx."""
    year = int(digits)
    if len(digits) == 2 and year < 50:
        return year + 2000
    if len(digits) < 4:
        return year + 1900
    return year


def _microseconds(fraction: str | None) -> int:
    return int((fraction or "0")[:6].ljust(6, "0"))


def _parse_rfc822(text: str) -> datetime | None:
    match = _RFC822.fullmatch(text)
    if match is None:
        return None
    return datetime(
        _rfc822_year(match["y"]),
        _month(match["mon"]),
        int(match["d"]),
        int(match["H"]),
        int(match["M"]),
        int(match["S"] or 0),
        tzinfo=_zone(match["zone"]),
    )


def _parse_numeric(text: str) -> datetime | None:
    match = _NUMERIC.fullmatch(text)
    if match is None:
        return None
    if not match["sep"] and match["d"] is None:
        return None  # "202512" alone is not a date
    return datetime(
        int(match["y"]),
        int(match["m"]),
        int(match["d"] or 1),
        int(match["H"] or 0),
        int(match["M"] or 0),
        int(match["S"] or 0),
        _microseconds(match["f"]),
        tzinfo=_zone(match["zone"]),
    )


def _parse_asctime(text: str) -> datetime | None:
    match = _ASCTIME.fullmatch(text)
    if match is None:
        return None
    return datetime(
        int(match["y"]),
        _month(match["mon"]),
        int(match["d"]),
        int(match["H"]),
        int(match["M"]),
        int(match["S"] or 0),
        tzinfo=_zone(match["zone"] or match["zone2"]),
    )


def _parse_printed(text: str) -> datetime | None:
    match = _PRINTED.fullmatch(text)
    return None if match is None else _printed(match)


def _printed(found: re.Match[str]) -> datetime | None:
    """The time a :data:`_PRINTED` match gives (midnight without a time of day), or ``None``."""
    hour = minute = second = 0
    if found["H"] is not None:
        hour = int(found["H"])
        minute = int(found["M"] or 0)
        second = int(found["S"] or 0)
        half = (found["ap1"] or found["ap2"] or "").lower().replace(".", "")
        if half in ("오후", "pm") and hour < 12:
            hour += 12
        elif half in ("오전", "am") and hour == 12:
            hour = 0
    try:
        return datetime(
            int(found["y"]),
            int(found["m"]),
            int(found["d"]),
            hour,
            minute,
            second,
            _microseconds(found["f"]),
            tzinfo=_zone(found["zone"]),
        )
    except (ValueError, OverflowError):  # 2025.02.30, 25:00, an offset of +70:00
        return None


_WHOLE_TEXT_PARSERS: Final[tuple[Callable[[str], datetime | None], ...]] = (
    _parse_numeric,
    _parse_rfc822,
    _parse_asctime,
    _parse_printed,
)
