"""The search box's little language, as Korean board readers use it.

``서울 정부`` — every term must match; ``"서울 시청"`` — a phrase; ``-부산`` or ``-"a b"`` —
must not match. Terms are normalised like the index (NFKC, case-folded); a term that holds no
letter or digit is dropped. A query with no positive term, more than :data:`MAX_TERMS` terms or
more than :data:`MAX_QUERY_CHARS` characters is refused with :class:`InvalidQuery`.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from ranknews.errors import InvalidInput
from ranknews.search.text import GAP, Run, normalize, runs, term_tokens

__all__ = ["MAX_QUERY_CHARS", "MAX_TERMS", "InvalidQuery", "Query", "Target", "Term", "parse"]

MAX_QUERY_CHARS = 100
MAX_TERMS = 8
_PIECE = re.compile(r'(-?)(?:"([^"]*)"?|(\S+))')
_SPACE = re.compile(r"\s+")


class InvalidQuery(InvalidInput):
    """A search query that cannot be run (empty, too long, only exclusions)."""


class Target(enum.StrEnum):
    """Where the terms are looked for: the board's 검색 대상 select."""

    TITLE = "title"
    CONTENT = "content"
    TITLE_CONTENT = "title_content"
    WRITER = "writer"

    @property
    def columns(self) -> tuple[str, ...]:
        return _COLUMNS[self]

    @property
    def label(self) -> str:
        return _LABELS[self]


_COLUMNS = {
    Target.TITLE: ("title",),
    Target.CONTENT: ("body",),
    Target.TITLE_CONTENT: ("title", "body"),
    Target.WRITER: ("writer",),
}
_LABELS = {
    Target.TITLE: "제목",
    Target.CONTENT: "내용",
    Target.TITLE_CONTENT: "제목+내용",
    Target.WRITER: "글쓴이",
}


@dataclass(frozen=True, slots=True)
class Term:
    """One term or phrase: ``needle`` is its normalised text (outer separators stripped,
    inner whitespace collapsed); ``tokens`` the index tokens it must match consecutively."""

    needle: str
    tokens: tuple[str, ...]
    prefix: bool
    phrase: bool
    negative: bool

    @property
    def exact(self) -> bool:
        """Whether a token match is already an exact match: always, unless a gap inside the
        term is longer than the gap markers spell out; then hits are checked on the text."""
        return GAP + "long" not in self.tokens


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    terms: tuple[Term, ...]

    @property
    def positive(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if not t.negative)

    @property
    def negative(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.negative)

    @property
    def exact(self) -> bool:
        return all(t.exact for t in self.terms)


def _term(raw: str, *, phrase: bool, negative: bool) -> Term | None:
    norm = _SPACE.sub(" ", normalize(raw))
    found: list[Run] = runs(norm)
    if not found:
        return None
    needle = norm[found[0][2] : found[-1][3]]
    tokens, prefix = term_tokens(needle)
    return Term(needle, tuple(tokens), prefix, phrase, negative)


def parse(text: str) -> Query:
    """Parse a search box's text; raises :class:`InvalidQuery` when nothing can be searched."""
    stripped = text.strip()
    if not stripped:
        raise InvalidQuery("검색어를 입력하세요.")
    if len(stripped) > MAX_QUERY_CHARS:
        raise InvalidQuery(f"검색어는 {MAX_QUERY_CHARS}자까지입니다.")
    terms: list[Term] = []
    for m in _PIECE.finditer(stripped):
        negative, quoted, word = m.group(1) == "-", m.group(2), m.group(3)
        term = _term(
            quoted if quoted is not None else word, phrase=quoted is not None, negative=negative
        )
        if term is not None and term not in terms:
            terms.append(term)
    if len(terms) > MAX_TERMS:
        raise InvalidQuery(f"검색어는 {MAX_TERMS}개까지입니다.")
    if not any(not t.negative for t in terms):
        raise InvalidQuery("찾을 검색어가 없습니다.")
    return Query(stripped, tuple(terms))
