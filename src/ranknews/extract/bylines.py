"""Reporter names out of printed bylines.

``홍길동 기자``, ``홍길동·김철수 기자``, ``홍길동 김철수 기자``, ``(서울=한결통신) 홍길동 기자 =``,
``글·사진 홍길동 기자``, ``홍길동 선임기자``, ``홍길동 기자 hong@example`` all give clean names:
no outlet names, no 기자/특파원 titles, no e-mail addresses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from ranknews.extract.dom import norm

__all__ = [
    "EMAIL",
    "dateline_byline",
    "is_byline_line",
    "is_org_line",
    "is_person_name",
    "names_from_dateline",
    "parse_byline",
    "strip_dateline",
]

EMAIL: Final = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TITLES: Final = (
    "선임기자", "수석기자", "전문기자", "객원기자", "수습기자", "인턴기자", "사진기자",
    "영상기자", "취재기자", "기자", "특파원", "통신원", "논설위원", "논설실장", "편집위원",
    "선임연구위원", "대기자", "앵커", "리포터", "기상캐스터", "에디터", "PD", "위원",
)  # fmt: skip
_TITLE_SET: Final = frozenset(_TITLES)
_ATTACHED_TITLE: Final = re.compile("^(?P<name>[가-힣]{2,4}?)(?P<title>" + "|".join(_TITLES) + ")$")
_DATELINE: Final = re.compile(
    r"^\s*[(\[【]\s*[^()\[\]【】=]{1,20}\s*=\s*[^()\[\]【】]{1,25}\s*[)\]】]\s*"
)
# ``(서울=한결통신) 홍길동 기자 =``, ``홍길동 기자 =`` and ``[한빛일보 홍길동 기자]`` openings.
_DATELINE_NAMES: Final = re.compile(
    r"^\s*(?:[(\[【]\s*[^()\[\]【】=]{1,20}\s*=\s*[^()\[\]【】]{1,25}\s*[)\]】]\s*)?"
    r"(?P<names>[^=()\[\]]{2,60}?(?:기자|특파원|통신원))\s*=\s*"
    r"|^\s*[\[【](?P<bracketed>[^\[\]【】=]{2,40}?(?:기자|특파원|통신원))\s*[\]】]\s*"
)
_ROLE_WORDS: Final = frozenset(
    {
        "글", "사진", "영상", "취재", "정리", "그래픽", "편집", "구성", "촬영", "번역", "감수",
        "담당", "현장", "전문", "특별", "디지털", "온라인", "뉴스", "속보", "기사", "모든",
        "다른", "해당", "선임", "수석", "수습", "인턴", "객원", "이메일", "메일", "제보",
        "구독", "입력", "수정", "기자", "기자명", "작성자", "저작권자",
    }
)  # fmt: skip
_ORG_SUFFIX: Final = re.compile(
    r"(통신|일보|신문|뉴스|방송|경제|미디어|타임스|타임즈|저널|닷컴|데일리|투데이|코리아|"
    r"팀|부|국|센터|연구소|위원회|취재단|재단|그룹|TV|tv|라디오|매거진|위클리|데스크)$"
)
_SPLIT: Final = re.compile(r"[\s·ㆍ•,/&|]+|및|그리고")
_EMAIL_MARK: Final = "\x00"
_HANGUL_NAME: Final = re.compile(r"^[가-힣]{2,4}$")


def strip_dateline(text: str) -> str:
    """``(서울=한결통신) 홍길동 기자 = 본문`` → ``홍길동 기자 = 본문`` (only the bracket)."""
    return _DATELINE.sub("", text, count=1)


def is_person_name(token: str, outlets: Iterable[str] = ()) -> bool:
    """A 2-4 syllable Hangul token that is no role word, title or organisation."""
    if not _HANGUL_NAME.match(token) or token in _ROLE_WORDS or token in _TITLE_SET:
        return False
    if _ORG_SUFFIX.search(token):
        return False
    return token not in set(outlets)


def parse_byline(text: str, outlets: Iterable[str] = ()) -> tuple[str, ...]:
    """Clean reporter names in printed order, without duplicates."""
    known = {o for o in outlets if o}
    value = norm(text)
    value = EMAIL.sub(f" {_EMAIL_MARK} ", value)
    value = _DATELINE.sub(" ", value)
    value = re.sub(r"[()\[\]<>{}【】=:\uff1a]", " ", value)
    for name in sorted(known, key=len, reverse=True):
        value = value.replace(name, " ")
    names: list[str] = []
    run: list[str] = []
    for token in (t for t in _SPLIT.split(value) if t):
        if token == _EMAIL_MARK:
            names.extend(run)
            run = []
            continue
        if token in _TITLE_SET:
            names.extend(run)
            run = []
            continue
        attached = _ATTACHED_TITLE.match(token)
        if attached and is_person_name(attached["name"], known):
            names.extend([*run, attached["name"]])
            run = []
            continue
        if is_person_name(token, known):
            run.append(token)
        else:
            run = []
    unique: list[str] = []
    for name in names:
        if name not in unique:
            unique.append(name)
    return tuple(unique)


def names_from_dateline(paragraph: str, outlets: Iterable[str] = ()) -> tuple[str, ...]:
    """Names in a wire dateline: ``(서울=한결통신) 홍길동 김철수 기자 = …``."""
    found = _DATELINE_NAMES.match(paragraph)
    if found is None:
        return ()
    return parse_byline(found["names"] or found["bracketed"], outlets)


def dateline_byline(paragraph: str) -> str:
    """The printed byline of a wire dateline: ``(서울=한결통신) 홍길동 기자``, or empty."""
    found = _DATELINE_NAMES.match(paragraph)
    if found is None:
        return ""
    if found["bracketed"]:
        return norm(found["bracketed"])
    return norm(paragraph[: found.end("names")])


def is_byline_line(text: str, outlets: Iterable[str] = ()) -> bool:
    """A short line that is only a byline: names, titles, e-mails, outlet and role words."""
    value = norm(text)
    if not value or len(value) > 80:
        return False
    names = parse_byline(value, outlets)
    if not names and not EMAIL.search(value):
        return False
    rest = EMAIL.sub(" ", value)
    rest = _DATELINE.sub(" ", rest)
    for name in sorted({*names, *(o for o in outlets if o)}, key=len, reverse=True):
        rest = rest.replace(name, " ")
    tokens = [t for t in _SPLIT.split(re.sub(r"[()\[\]<>{}【】=:\uff1a.]", " ", rest)) if t]
    return all(
        t in _TITLE_SET
        or t in _ROLE_WORDS
        or _ORG_SUFFIX.search(t)
        or _ATTACHED_TITLE.match(t)
        or t in ("글·사진",)
        for t in tokens
    )


def is_org_line(text: str, outlets: Iterable[str] = ()) -> bool:
    """A short line naming only outlets/agencies, like a trailing ``한결통신`` credit."""
    value = norm(text)
    if not value or len(value) > 40:
        return False
    rest = value
    for name in sorted({o for o in outlets if o}, key=len, reverse=True):
        rest = rest.replace(name, " ")
    tokens = [t for t in _SPLIT.split(re.sub(r"[()\[\]<>{}【】=]", " ", rest)) if t]
    return all(_ORG_SUFFIX.search(t) or t in _ROLE_WORDS for t in tokens)
