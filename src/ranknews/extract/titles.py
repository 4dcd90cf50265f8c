"""Headlines: outlet suffixes and breadcrumbs off, ``[속보]``/``(종합2보)`` labels split out."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from ranknews.extract.dom import norm

__all__ = [
    "KNOWN_LABELS",
    "TitleParts",
    "breadcrumb_section",
    "clean_title",
    "split_labels",
    "split_prefix",
    "split_suffix",
    "strip_outlet",
]

KNOWN_LABELS: Final = frozenset(
    {
        "속보", "단독", "포토", "르포", "종합", "상보", "긴급", "영상", "인터뷰", "일문일답",
        "전문", "사설", "칼럼", "기획", "해설", "팩트체크", "특징주", "그래픽", "카드뉴스",
        "현장", "이슈", "시론", "포토뉴스", "영상뉴스", "1보", "2보", "3보", "4보", "5보",
    }
)  # fmt: skip

_PREFIX: Final = re.compile(r"^\s*[\[【\u3014〈]\s*([^\]】\u3015〉]{1,14}?)\s*[\]】\u3015〉]\s*")
_SUFFIX: Final = re.compile(r"\s*[(\uff08]\s*([^()\uff08\uff09]{1,12}?)\s*[)\uff09]\s*$")
_PART: Final = re.compile(r"종합|상보|속보|단독|\d+보")
_LABEL_SPLIT: Final = re.compile(r"\s*[·,/ ]\s*")
_SEPARATORS: Final = (" | ", " - ", " : ", " :: ", " \u2013 ", " — ", " ㅣ ", " · ", " > ", " « ")
_SEP_RE: Final = r"\s*(?:\||-|:{1,2}|\u2013|—|ㅣ|·|»|«|>|/)\s*"
_BREADCRUMB: Final = re.compile(r"\s+<\s+")


@dataclass(frozen=True, slots=True)
class TitleParts:
    title: str
    labels: tuple[str, ...]


def _label_parts(inner: str) -> list[str] | None:
    """``종합2보`` → [종합, 2보]; ``속보·단독`` → [속보, 단독]; None when not all labels."""
    inner = inner.strip()
    if inner in KNOWN_LABELS:
        return [inner]
    parts = [p for p in _LABEL_SPLIT.split(inner) if p]
    if len(parts) > 1 and all(_label_parts(p) for p in parts):
        return [label for p in parts for label in (_label_parts(p) or [])]
    pieces = _PART.findall(inner)
    if pieces and "".join(pieces) == inner.replace(" ", ""):
        return pieces
    return None


def split_labels(title: str) -> TitleParts:
    """``[속보] [단독] 제목(종합2보)`` → ``제목`` and (속보, 단독, 종합, 2보)."""
    text = norm(title)
    front: list[str] = []
    back: list[str] = []
    while found := _PREFIX.match(text):
        parts = _label_parts(found.group(1))
        if parts is None or len(text) == found.end():
            break
        front.extend(parts)
        text = text[found.end() :]
    while found := _SUFFIX.search(text):
        parts = _label_parts(found.group(1))
        if parts is None or found.start() == 0:
            break
        back[:0] = parts
        text = text[: found.start()]
    labels: list[str] = []
    for label in front + back:
        if label not in labels:
            labels.append(label)
    return TitleParts(norm(text), tuple(labels))


def strip_outlet(
    title: str, outlets: Iterable[str], patterns: Sequence[re.Pattern[str]] = ()
) -> str:
    """``title`` without a trailing (or leading) outlet name, rule patterns and breadcrumbs."""
    text = norm(title)
    for pattern in patterns:
        text = norm(pattern.sub("", text))
    text = _strip_breadcrumb(text)
    for name in sorted({n for n in outlets if n}, key=len, reverse=True):
        escaped = re.escape(name)
        stripped = re.sub(
            rf"{_SEP_RE}{escaped}(?:\s*[(\uff08][^)\uff09]*[)\uff09])?"
            rf"(?:{_SEP_RE}[^|<>]{{1,25}})?\s*$",
            "",
            text,
        )
        stripped = re.sub(rf"^\s*[\[【(]?{escaped}[\]】)]?{_SEP_RE}(?=\S)", "", stripped)
        stripped = re.sub(rf"^\s*[\[【]{escaped}[\]】]\s*(?=\S)", "", stripped)
        if stripped and stripped != text:
            text = norm(stripped)
    return text


def _strip_breadcrumb(text: str) -> str:
    """``제목 < 사회 < 기사본문 - 오늘IT`` → ``제목`` (only with a tell-tale tail)."""
    pieces = _BREADCRUMB.split(text)
    if len(pieces) < 2:
        return text
    tail = " ".join(pieces[1:])
    if "기사본문" in tail or "뉴스" in tail or len(pieces) >= 3:
        return pieces[0].strip()
    return text


def breadcrumb_section(text: str) -> str:
    """The section named in a ``< 사회 < 기사본문`` title breadcrumb, or empty."""
    pieces = [p.strip() for p in _BREADCRUMB.split(norm(text))]
    for piece in pieces[1:]:
        name = re.split(r"\s+-\s+", piece)[0].strip()
        if name and "기사본문" not in name and len(name) <= 12:
            return name
    return ""


def split_suffix(page_title: str, references: Iterable[str]) -> tuple[str, str]:
    """Split ``<title>`` into (headline, suffix) where the suffix looks like an outlet name.

    The suffix is accepted when a reference headline (og:title, h1, JSON-LD) equals the part
    before it, or, with no reference, when it is short. ``("", "")`` when nothing splits.
    """
    text = norm(page_title)
    refs = {_key(r) for r in references if r}
    bread = _BREADCRUMB.split(text)
    if len(bread) > 1:
        tail = bread[-1]
        for sep in (" - ", " | ", " : "):
            if sep in tail:
                return bread[0].strip(), tail.rsplit(sep, 1)[1].strip()
        return bread[0].strip(), ""
    best: tuple[str, str] = ("", "")
    best_at = -1
    for sep in _SEPARATORS:
        at = text.rfind(sep)
        if at <= 0 or at < best_at:
            continue
        head, tail = text[:at].strip(), text[at + len(sep) :].strip()
        if not tail or len(tail) > 30 or len(tail.split()) > 4:
            continue
        if refs and _key(head) not in refs and not any(_key(head).endswith(r) for r in refs):
            continue
        best, best_at = (head, tail), at
    return best


def split_prefix(page_title: str, known: Iterable[str]) -> tuple[str, str]:
    """Split ``샘물신문 :: 제목`` into (headline, prefix) when the prefix is a ``known`` name
    (e.g. the logo's text). ``("", "")`` when it does not apply."""
    text = norm(page_title)
    names = {_key(k) for k in known if k}
    for sep in _SEPARATORS:
        at = text.find(sep)
        if at <= 0:
            continue
        head, tail = text[:at].strip(), text[at + len(sep) :].strip()
        if tail and len(head) <= 20 and _key(head) in names:
            return tail, head
    return "", ""


def _key(text: str) -> str:
    return "".join(split_labels(text).title.split()).lower()


def clean_title(
    raw: str, outlets: Iterable[str], patterns: Sequence[re.Pattern[str]] = ()
) -> TitleParts:
    """Outlet suffix off, then labels split out."""
    return split_labels(strip_outlet(raw, outlets, patterns))
