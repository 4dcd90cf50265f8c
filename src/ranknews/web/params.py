"""Reading query parameters strictly: anything malformed is a 400, never a 500."""

from __future__ import annotations

import re

from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException

__all__ = ["MAX_NUMBER", "page_param", "section_param"]

MAX_NUMBER = 2**53
_PAGE = re.compile(r"[0-9]{1,9}")
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")


def page_param(params: QueryParams) -> int:
    raw = params.get("page")
    if raw is None or raw == "":
        return 1
    if not _PAGE.fullmatch(raw) or int(raw) < 1:
        raise HTTPException(400, "page는 1 이상의 정수여야 합니다.")
    return int(raw)


def section_param(params: QueryParams) -> str | None:
    raw = params.get("section")
    if raw is None or raw == "":
        return None
    if not _SLUG.fullmatch(raw):
        raise HTTPException(400, "알 수 없는 분류입니다.")
    return raw
