"""Every query parameter the pages read, parsed strictly: anything malformed is a 400, never a 500.

One rule for all of them (:func:`single`): a parameter given more than once is a 400, and an
empty value is the same as no value. Each parser then checks its value's form and size and
answers 400 with its own message when it is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import datetime

from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException

from ranknews.errors import InvalidInput
from ranknews.ranking import DEFAULT_LIMIT, MAX_LIMIT, parse_now
from ranknews.search import Target
from ranknews.search.query import MAX_QUERY_CHARS

__all__ = [
    "MAX_NUMBER",
    "hours_param",
    "limit_param",
    "now_param",
    "page_param",
    "period_param",
    "query_param",
    "section_param",
    "single",
    "target_param",
]

MAX_NUMBER = 2**53
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_TARGETS = {t.value: t for t in Target}

_PAGE_MESSAGE = "page는 1 이상의 정수여야 합니다."
_SECTION_MESSAGE = "알 수 없는 분류입니다."
_QUERY_EMPTY_MESSAGE = "검색어를 입력하세요."
_QUERY_REPEATED_MESSAGE = "검색어는 하나만 입력하세요."
_TARGET_MESSAGE = "알 수 없는 검색 대상입니다."
_PERIOD_MESSAGE = "기간은 {}여야 합니다."
_HOURS_MESSAGE = "hours는 {} 중 하나여야 합니다."
_NOW_MESSAGE = "now는 시간대가 붙은 ISO 8601 시각이어야 합니다 (예: 2026-11-25T15:00:00+09:00)."
_LIMIT_MESSAGE = f"limit은 1에서 {MAX_LIMIT} 사이의 정수여야 합니다."


def single(params: QueryParams, name: str, message: str) -> str | None:
    """The one value of ``name``, or None when it is absent or empty; given more than once
    (even empty), a 400 with ``message``."""
    values = params.getlist(name)
    if len(values) > 1:
        raise HTTPException(400, message)
    if not values or values[0] == "":
        return None
    return values[0]


def _digits(raw: str, most: int) -> int | None:
    """``raw`` as a number when it is 1 to ``most`` ASCII digits, else None."""
    if not 1 <= len(raw) <= most or not all("0" <= c <= "9" for c in raw):
        return None
    return int(raw)


def page_param(params: QueryParams) -> int:
    """``?page=``: 1 to 999,999,999; 1 when not given."""
    raw = single(params, "page", _PAGE_MESSAGE)
    if raw is None:
        return 1
    page = _digits(raw, 9)
    if page is None or page < 1:
        raise HTTPException(400, _PAGE_MESSAGE)
    return page


def section_param(params: QueryParams) -> str | None:
    """``?section=``: a section's slug (whether it exists is the page's question), or None."""
    raw = single(params, "section", _SECTION_MESSAGE)
    if raw is None:
        return None
    if not _SLUG.fullmatch(raw):
        raise HTTPException(400, _SECTION_MESSAGE)
    return raw


def query_param(params: QueryParams) -> str:
    """``?q=``, the search words, stripped: required, at most the search's length."""
    raw = single(params, "q", _QUERY_REPEATED_MESSAGE)
    q = "" if raw is None else raw.strip()
    if not q:
        raise HTTPException(400, _QUERY_EMPTY_MESSAGE)
    if len(q) > MAX_QUERY_CHARS:
        raise HTTPException(400, f"검색어는 {MAX_QUERY_CHARS}자까지입니다.")
    return q


def target_param(params: QueryParams) -> Target:
    """``?target=``: what the search reads; title and content when not given."""
    raw = single(params, "target", _TARGET_MESSAGE)
    if raw is None:
        return Target.TITLE_CONTENT
    target = _TARGETS.get(raw)
    if target is None:
        raise HTTPException(400, _TARGET_MESSAGE)
    return target


def period_param(params: QueryParams, periods: Collection[str], default: str) -> str:
    """``?period=``: one of ``periods``, ``default`` when not given."""
    message = _PERIOD_MESSAGE.format(" 또는 ".join(periods))
    raw = single(params, "period", message)
    if raw is None:
        return default
    if raw not in periods:
        raise HTTPException(400, message)
    return raw


def hours_param(params: QueryParams, choices: tuple[int, ...], default: int) -> int:
    """``?hours=``: one of ``choices``, ``default`` when not given."""
    message = _HOURS_MESSAGE.format(", ".join(str(c) for c in choices))
    raw = single(params, "hours", message)
    if raw is None:
        return default
    hours = _digits(raw, 4)
    if hours is None or hours not in choices:
        raise HTTPException(400, message)
    return hours


def now_param(params: QueryParams) -> datetime | None:
    """``?now=``: an aware time (as UTC), or None when not given."""
    raw = single(params, "now", _NOW_MESSAGE)
    if raw is None:
        return None
    try:
        return parse_now(raw)
    except InvalidInput as exc:
        raise HTTPException(400, _NOW_MESSAGE) from exc


def limit_param(params: QueryParams) -> int:
    """``?limit=``: 1 to the ranking's maximum; its default when not given."""
    raw = single(params, "limit", _LIMIT_MESSAGE)
    if raw is None:
        return DEFAULT_LIMIT
    limit = _digits(raw, 3)
    if limit is None or not 1 <= limit <= MAX_LIMIT:
        raise HTTPException(400, _LIMIT_MESSAGE)
    return limit
