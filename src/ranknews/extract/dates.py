"""Times as Korean outlets print them, turned into aware datetimes (KST when no zone).

Handles ``2025.02.03 14:22``, ``2025-02-03 오후 2:22``, ``입력 2025.02.03. 오후 2:22``,
``2025년 2월 3일 14시 22분``, ISO 8601 with or without an offset, and labelled pairs such as
``기사입력 … | 최종수정 …`` where the label says which time is which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Final

from ranknews.timefmt import KST

__all__ = [
    "KST",
    "LabelledTimes",
    "find_times",
    "parse_datetime",
    "strip_times",
]

_DATE: Final = re.compile(
    r"""
    (?P<y>(?:19|20)\d{2})\s*(?:[./-]|년)\s*
    (?P<mo>\d{1,2})\s*(?:[./-]|월)\s*
    (?P<d>\d{1,2})(?!\d)\s*(?:일)?\.?
    (?:\s*[(\uff08]\s*[월화수목금토일]\s*(?:요일)?\s*[)\uff09])?
    (?:\s*(?P<ap1>오전|오후|[AaPp]\.?[Mm]\.?(?![a-z])))?
    (?:
        \s*[T ]?\s*(?P<h>\d{1,2})\s*(?::|시)\s*
        (?:(?P<mi>\d{1,2})\s*분?)?
        (?:\s*:\s*(?P<s>\d{1,2})(?:[.,]\d+)?\s*초?)?
    )?
    (?:\s*(?P<ap2>[AaPp]\.?[Mm]\.?(?![a-z])))?
    (?:\s*(?P<tz>Z(?![a-z])|[+-]\d{2}:?\d{2}|KST|UTC|GMT))?
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


def _zone(text: str | None) -> timezone:
    if text is None or text in ("KST",):
        return KST
    if text in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def _from_match(found: re.Match[str], *, date_only: bool) -> datetime | None:
    year, month, day = int(found["y"]), int(found["mo"]), int(found["d"])
    hour = minute = second = 0
    if found["h"] is not None:
        hour = int(found["h"])
        minute = int(found["mi"] or 0)
        second = int(found["s"] or 0)
        half = (found["ap1"] or found["ap2"] or "").lower().replace(".", "")
        if half in ("오후", "pm") and hour < 12:
            hour += 12
        elif half in ("오전", "am") and hour == 12:
            hour = 0
    elif not date_only:
        return None
    try:
        moment = datetime(year, month, day, hour, minute, second)
        return moment.replace(tzinfo=_zone(found["tz"])).astimezone(KST)
    except (ValueError, OverflowError):  # 2025.02.30, 25:00, an offset of +70:00
        return None


def parse_datetime(text: str, *, date_only: bool = True) -> datetime | None:
    """The first time in ``text`` as an aware datetime in KST, or ``None``.

    ISO 8601 values are read exactly; printed Korean forms are searched for. A date without a
    time of day gives midnight unless ``date_only`` is false.
    """
    value = text.strip()
    if not value:
        return None
    if value[0].isdigit() and "T" in value:
        try:
            moment = datetime.fromisoformat(value.replace("z", "Z"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=KST)
            return moment.astimezone(KST)
        except (ValueError, OverflowError):
            pass
    for found in _DATE.finditer(value):
        printed = _from_match(found, date_only=date_only)
        if printed is not None:
            return printed
    return None


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
    for found in _DATE.finditer(text):
        moment = _from_match(found, date_only=True)
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


def strip_times(text: str) -> str:
    """``text`` without its printed times and their 입력/수정 labels."""
    without = _DATE.sub(" ", text)
    return _LABEL.sub(" ", without)
