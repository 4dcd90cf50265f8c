"""Korean nouns of a text, with a morphological analyser: MeCab-ko or Kiwi.

Nouns feed story keywords (:mod:`ranknews.analysis`) and trends. The ``tokenizer`` setting
chooses the analyser:

- ``mecab`` (the default): MeCab with the mecab-ko-dic dictionary (python-mecab-ko). Its
  dictionary is a memory-mapped file, shared by every process that maps it.
- ``kiwi``: Kiwi (kiwipiepy, ``pip install 'ranknews[kiwi]'``). Its neural model keeps
  compound names whole (서울중앙지법, where MeCab gives 서울 / 중앙 / 지법), which groups stories
  better, but every process that loads it holds the model in private memory, and it is slower.
  The README's operations section gives the measured difference.

Either is imported and loaded lazily, on the first analysis, once per process: only processes
that ingest ever load one (the web process imports this module through the store, never a
tokenizer; tests/test_stories.py checks).

Kept are common and proper nouns (``NNG``, ``NNP``) of two or more syllables and Latin words
(``SL``) of two or more letters, such as ``AI`` or ``OTT``, upper-cased as written. Nouns that
appear in nearly every news report (기자, 이날, 관계자 …) are dropped as stop words.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Final

if TYPE_CHECKING:  # pragma: no cover
    from kiwipiepy import Kiwi

__all__ = [
    "STOP_NOUNS",
    "TOKENIZERS",
    "KiwiTagger",
    "MecabTagger",
    "Noun",
    "NounTagger",
    "tagger_for",
]

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
    """One noun occurrence: its form, its part-of-speech tag and whether it is a proper noun."""

    form: str
    tag: str

    @property
    def proper(self) -> bool:
        return self.tag in ("NNP", "SL")


def _kept(form: str, tag: str) -> Noun | None:
    if tag not in _KEPT_TAGS:
        return None
    if tag == "SL":
        if len(form) < 2 or not form.isascii():
            return None
        return Noun(form.upper(), tag)
    if len(form) < 2 or form in STOP_NOUNS:
        return None
    return Noun(form, tag)


class NounTagger:
    """Nouns of Korean text. The analyser loads on first use and is shared by threads: one
    analysis runs at a time (neither binding promises more)."""

    name: ClassVar[str]

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def nouns(self, text: str) -> list[Noun]:
        """Every kept noun of ``text`` in order (repeats included)."""
        if not text.strip():
            return []
        with self._lock:
            tokens = self._tokens(text)
        return [noun for form, tag in tokens if (noun := _kept(form, tag)) is not None]

    def _tokens(self, text: str) -> list[tuple[str, str]]:
        """(form, tag) of every morpheme; called under the lock."""
        raise NotImplementedError


class MecabTagger(NounTagger):
    """MeCab-ko with mecab-ko-dic (python-mecab-ko).

    The binding's ``MeCab.parse`` builds a ``Morpheme`` with a parsed ``Feature`` for every
    morpheme, which costs twice MeCab's own analysis; only the surface and the tag (the
    feature's first field) are needed, so the lattice is read directly, through the same
    ``create_lattice`` the binding uses (tests/test_nouns.py checks the two agree).
    """

    name = "mecab"

    def __init__(self) -> None:
        super().__init__()
        self._tagger: Any = None
        self._lattice: Any = None  # mecab.utils.create_lattice, once loaded

    def _tokens(self, text: str) -> list[tuple[str, str]]:
        if self._tagger is None:
            from mecab import MeCab
            from mecab.utils import create_lattice

            self._tagger = MeCab()._tagger  # the C tagger the binding configured
            self._lattice = create_lattice
        lattice = self._lattice(text)
        if not self._tagger.parse(lattice):
            raise RuntimeError(f"MeCab failed: {self._tagger.what()}")
        return [(node.surface, node.feature.partition(",")[0]) for _, node in lattice]


class KiwiTagger(NounTagger):
    """Kiwi (kiwipiepy), with its built-in dictionary of proper nouns."""

    name = "kiwi"

    def __init__(self) -> None:
        super().__init__()
        self._kiwi: Kiwi | None = None

    def _tokens(self, text: str) -> list[tuple[str, str]]:
        if self._kiwi is None:
            from kiwipiepy import Kiwi

            self._kiwi = Kiwi(load_typo_dict=False, load_multi_dict=False)
        return [(str(t.form), str(t.tag)) for t in self._kiwi.tokenize(text)]


TOKENIZERS: Final[dict[str, type[NounTagger]]] = {"mecab": MecabTagger, "kiwi": KiwiTagger}


def tagger_for(name: str) -> NounTagger:
    """A new tagger for the ``tokenizer`` setting's value; the analyser loads on first use."""
    try:
        return TOKENIZERS[name]()
    except KeyError:
        raise ValueError(
            f"unknown tokenizer {name!r}; choose one of {', '.join(TOKENIZERS)}"
        ) from None
