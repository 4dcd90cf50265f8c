"""Korean nouns of a text, with the Kiwi morphological analyser (kiwipiepy).

Nouns feed story keywords (:mod:`ranknews.analysis`) and trends. Kiwi's model takes seconds
and hundreds of megabytes to load (2.6-4.1 s in bench/place.py; an extraction process that
analyses peaked at 416 MB against 73 MB without it in bench/ingest.py, docs/benchmarks.md §5)
and 13-18 ms an article to analyse (p50, bench/place.py, §7), so kiwipiepy is imported and its
model loaded lazily, on the first analysis, once per process: only processes that ingest ever
load it (the web process imports this module through the store, never kiwipiepy;
tests/test_stories.py checks).

Kept are common and proper nouns (``NNG``, ``NNP``) of two or more syllables and Latin words
(``SL``) of two or more letters, such as ``AI`` or ``OTT``, upper-cased as written. Nouns that
appear in nearly every news report (기자, 이날, 관계자 …) are dropped as stop words.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:  # pragma: no cover
    from kiwipiepy import Kiwi

__all__ = ["STOP_NOUNS", "Noun", "NounTagger"]

_KEPT_TAGS: Final = frozenset({"NNG", "NNP", "SL"})

STOP_NOUNS: Final = frozenset(
    [
        "기자",
        "특파원",
        "통신원",
        "뉴스",
        "사진",
        "제공",
        "무단",
        "전재",
        "배포",
        "금지",
        "저작권",
        "저작권자",
        "기사",
        "보도",
        "속보",
        "단독",
        "종합",
        "이날",
        "오늘",
        "내일",
        "어제",
        "올해",
        "지난해",
        "내년",
        "이번",
        "지난",
        "최근",
        "당시",
        "현재",
        "이후",
        "이전",
        "직후",
        "오전",
        "오후",
        "시간",
        "기간",
        "관계자",
        "관련",
        "경우",
        "가운데",
        "예정",
        "계획",
        "대해",
        "때문",
        "정도",
        "통해",
        "위해",
        "대상",
        "방안",
        "상황",
        "문제",
        "결과",
        "설명",
        "입장",
        "전체",
        "일부",
        "부분",
        "사람",
        "기준",
        "수준",
        "전망",
        "가능성",
        "필요",
        "이상",
        "이하",
        "미만",
        "내외",
        "안팎",
        "규모",
        "모습",
        "분위기",
        "사실",
        "의견",
        "생각",
        "말씀",
        "이야기",
        "질문",
        "답변",
        "발표",
        "발언",
        "방침",
        "취지",
        "목소리",
        "분석",
        "평가",
        "지적",
        "강조",
        "주장",
        "설명회",
        "회견",
        "기자회견",
        "브리핑",
        "자리",
        "측면",
        "차원",
        "과정",
        "진행",
        "추진",
        "확대",
        "강화",
        "마련",
        "지원",
        "개선",
        "운영",
        "관리",
        "활용",
        "하루",
        "이틀",
        "사흘",
        "주간",
        "연간",
        "월간",
        "처음",
        "마지막",
        "다음",
        "그동안",
        "이곳",
        "가지",
        "관계",
        "대부분",
        "여부",
        "만큼",
        "전날",
    ]
)


@dataclass(frozen=True, slots=True)
class Noun:
    """One noun occurrence: its form, Kiwi's tag and whether it is a proper noun."""

    form: str
    tag: str

    @property
    def proper(self) -> bool:
        return self.tag in ("NNP", "SL")


class NounTagger:
    """Nouns of Korean text; the model is loaded on first use and shared by threads."""

    def __init__(self) -> None:
        self._kiwi: Kiwi | None = None
        self._lock = threading.Lock()

    def _load(self) -> Kiwi:
        if self._kiwi is None:
            from kiwipiepy import Kiwi

            self._kiwi = Kiwi(load_typo_dict=False, load_multi_dict=False)
        return self._kiwi

    def nouns(self, text: str) -> list[Noun]:
        """Every kept noun of ``text`` in order (repeats included)."""
        if not text.strip():
            return []
        with self._lock:  # one analysis at a time: Kiwi's model is shared
            tokens = self._load().tokenize(text)
        found: list[Noun] = []
        for token in tokens:
            tag = str(token.tag)
            if tag not in _KEPT_TAGS:
                continue
            form = str(token.form)
            if tag == "SL":
                if len(form) < 2 or not form.isascii():
                    continue
                form = form.upper()
            elif len(form) < 2 or form in STOP_NOUNS:
                continue
            found.append(Noun(form, tag))
        return found
