"""Korean-aware text for search: normalisation, index tokens, matching, highlighting.

Text is normalised with NFKC (full-width forms, compatibility jamo composed) and case-folded.
It is then cut into *runs*:

* a run of Hangul syllables (or kana / CJK ideographs) becomes its character **bigrams**
  followed by its **last syllable** alone: ``서울시`` -> ``서울 울시 시``; a one-syllable run
  is that syllable: ``등`` -> ``등``. So every syllable of the text starts exactly one token,
  which is what lets a one-syllable query be served as a prefix query (``시*`` finds ``시``
  at the end of a word through the trailing unigram, and anywhere else through a bigram);
* a run of other letters and digits (Latin, digits, jamo) is one whole token: ``AI`` -> ``ai``,
  ``3대`` -> ``3 대``, ``K-반도체`` -> ``k 반도 도체 체``;
* anything else separates runs: a single space makes no token, any other gap (punctuation,
  or nothing at all between Hangul and Latin) a *gap marker* token, so that the token sequence
  of a phrase spells its text exactly and no hit needs checking against the text.

The tokens are plain space-separated words, fed to SQLite FTS5 (``unicode61`` keeps each one
whole) or written as a PostgreSQL ``tsvector`` with explicit positions.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence

from markupsafe import Markup, escape

__all__ = [
    "GAP",
    "Run",
    "doc_tokens",
    "highlight",
    "normalize",
    "occurs",
    "runs",
    "term_tokens",
]

_CJK = "\uac00-\ud7a3\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(f"([{_CJK}]+)|([^\\W_{_CJK}]+)")
_PIECES = re.compile(f"[{_CJK}]+|[^\\W_{_CJK}]+|[\\W_]+")
_ONE_CJK = re.compile(f"[{_CJK}]")


def normalize(text: str) -> str:
    """NFKC, then case-folded: the form both the index and every comparison use."""
    return unicodedata.normalize("NFKC", text).casefold()


class Run(tuple[str, bool, int, int]):
    """One run of normalised text: (text, is_cjk, start, end)."""

    __slots__ = ()

    @property
    def text(self) -> str:
        return self[0]

    @property
    def cjk(self) -> bool:
        return self[1]


def runs(normalized: str) -> list[Run]:
    return [
        Run((m.group(0), m.group(1) is not None, m.start(), m.end()))
        for m in _RUN.finditer(normalized)
    ]


def _cjk_tokens(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


# Gap markers: what separates two runs, when it is not one space, as a token that no text can
# produce (a Hangul syllable glued to Latin letters never forms one run). With them a token
# sequence spells its text exactly: "3대" ≠ "3 대" ≠ "3, 대", "반도체 수출" ≠ "반도체, 수출".
GAP = "뷁"
GLUED = GAP + "g"
MAX_GAP = 16


def gap_token(gap: str) -> str | None:
    """The marker for the text between two runs (whitespace already collapsed)."""
    if gap == " ":
        return None
    if gap == "":
        return GLUED
    if len(gap) > MAX_GAP:
        return GAP + "long"
    return GAP + "x".join(f"{ord(c):x}" for c in gap)


def _tokens(normalized: str, found: Sequence[Run], *, term: bool) -> tuple[list[str], bool]:
    out: list[str] = []
    prefix = False
    for i, run in enumerate(found):
        if i:
            marker = gap_token(_gap(normalized[found[i - 1][3] : run[2]]))
            if marker is not None:
                out.append(marker)
        last = i == len(found) - 1
        if not run.cjk:
            out.append(run.text)
        elif term and last and len(run.text) == 1:
            out.append(run.text)
            prefix = True
        else:
            tokens = _cjk_tokens(run.text)
            # The last run of a term may go on in the text (서울 matches 서울시): no unigram.
            out.extend(tokens[:-1] if term and last else tokens)
    return out, prefix


def _gap(gap: str) -> str:
    if gap and gap.isspace():
        return " "
    stripped = " ".join(gap.split())
    lead = " " if gap[:1].isspace() else ""
    trail = " " if gap[-1:].isspace() else ""
    return lead + stripped + trail


@functools.lru_cache(maxsize=4096)
def _gap_marker(raw: str) -> str | None:
    return gap_token(_gap(raw))


def doc_tokens(text: str) -> list[str]:
    """The index tokens of one column's text, in order (the same as the term rule without its
    special last run; written out flat because every stored article goes through it)."""
    out: list[str] = []
    append = out.append
    gap: str | None = None  # None before the first run
    for piece in _PIECES.findall(normalize(text)):
        c = piece[0]
        if c == "_" or not c.isalnum():
            if gap is not None:
                gap = piece
            continue
        if gap is not None and gap != " ":
            marker = _gap_marker(gap)
            if marker is not None:
                append(marker)
        gap = ""
        if "\uac00" <= c <= "\ud7a3" or (c >= "\u3040" and _ONE_CJK.match(c)):
            if len(piece) == 1:
                append(piece)
            else:
                out.extend([a + b for a, b in itertools.pairwise(piece)])
                append(piece[-1])
        else:
            append(piece)
    return out


def term_tokens(needle: str) -> tuple[list[str], bool]:
    """The token sequence a term or phrase (normalised, outer separators stripped) must match
    consecutively, and whether its last token is a prefix.

    A CJK run that something follows inside the term ends where the text's run ends, so it
    contributes its trailing unigram; the last run does not (``서울`` must match ``서울시``),
    and a one-syllable last run becomes a prefix token (``시*``).
    """
    return _tokens(needle, runs(needle), term=True)


def occurs(needle: str, haystack: str) -> bool:
    """Whether normalised ``needle`` occurs in normalised ``haystack`` where a Latin/digit
    end of the needle is not glued to more letters or digits (``ai`` is not in ``said``)."""
    start = 0
    while True:
        at = haystack.find(needle, start)
        if at < 0:
            return False
        end = at + len(needle)
        if not (
            _glued(needle[:1], haystack[at - 1 : at])
            or _glued(needle[-1:], haystack[end : end + 1])
        ):
            return True
        start = at + 1


def _glued(edge: str, neighbour: str) -> bool:
    if not edge or not neighbour:
        return False
    m = _RUN.fullmatch(edge)
    n = _RUN.fullmatch(neighbour)
    return bool(m and n and m.group(2) is not None and n.group(2) is not None)


def highlight(text: str, needles: Iterable[str]) -> Markup:
    """``text`` HTML-escaped, with each occurrence of a normalised needle wrapped in
    ``<mark>``; matching is done on the normalised text and mapped back to the original."""
    norm_parts: list[str] = []
    owner: list[int] = []
    for i, ch in enumerate(text):
        n = normalize(ch)
        norm_parts.append(n)
        owner.extend([i] * len(n))
    norm = "".join(norm_parts)
    marked = [False] * len(text)
    for needle in needles:
        if not needle:
            continue
        start = 0
        while (at := norm.find(needle, start)) >= 0:
            for k in range(at, at + len(needle)):
                marked[owner[k]] = True
            start = at + 1
    out: list[str] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and marked[j] == marked[i]:
            j += 1
        chunk = str(escape(text[i:j]))
        out.append(f"<mark>{chunk}</mark>" if marked[i] else chunk)
        i = j
    return Markup("".join(out))
