"""What is not article text: copyright lines, promos, date and byline lines, widgets.

:func:`clean_blocks` takes the body's text blocks in order and returns the article
paragraphs plus the byline-looking lines it removed (they still name the reporters).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from ranknews.dates import find_date, strip_times
from ranknews.extract.bylines import EMAIL, is_byline_line, is_org_line
from ranknews.extract.dom import compact, norm
from ranknews.extract.titles import split_labels

__all__ = [
    "Block",
    "Cleaned",
    "clean_blocks",
    "is_boilerplate",
    "is_copyright",
    "is_date_line",
]

_COPYRIGHT: Final = re.compile(
    r"ⓒ|©|Ⓒ|\(c\)|copyright|저작권자|무단\s*전재|무단전재|재배포\s*금지|재배포금지|"
    r"all rights reserved|AI\s*학습",
    re.IGNORECASE,
)
_PROMO_START: Final = re.compile(
    r"^[\s\[<【(]*(?:관련\s*기사|관련\s*뉴스|관련기사|많이\s*본|가장\s*많이|인기\s*기사|추천\s*기사|"
    r"이\s*시각|주요\s*뉴스|오늘의\s*주요|실시간|최신\s*기사|구독|뉴스레터|앱\s*다운로드|"
    r"앱\s*설치|기사\s*제보|제보하기|제보는|무료\s*구독|카카오톡|카톡|기자\s*구독|기자의\s*다른|"
    r"이\s*기사를|기사\s*공유|이전\s*기사|다음\s*기사|맨\s*위로)",
    re.IGNORECASE,
)
_AD_LINE: Final = re.compile(
    r"^\s*[\[(<]\s*(?:광고|AD|Sponsored|스폰서|협찬)\s*[\])>]|^(?:광고|AD|Sponsored|스폰서)$",
    re.IGNORECASE,
)
_PROMO_ANY: Final = re.compile(
    r"(?:앱\s*다운로드|앱을\s*다운|구독하기|구독하세요|구독\s*신청|뉴스레터|기사\s*제보|"
    r"제보\s*(?:전화|메일|하기|는)|카카오톡\s*(?:채널|친구)|채널\s*추가|네이버\s*(?:메인|뉴스)에서|"
    r"바로가기|클릭하세요|무료\s*구독|홈페이지\s*바로|지금\s*다운로드)"
)
_STAFF_CREDIT: Final = re.compile(
    r"^(?:영상\s*취재|영상\s*편집|영상\s*촬영|촬영\s*기자|촬영|그래픽|화면\s*제공|자료\s*제공|CG|"
    r"디자인|구성|연출|편집)\s*[:\uff1a]\s*\S"
)
_ARROW_LINE: Final = re.compile(r"^[▶☞►→▷»]")
_WIDGET: Final = re.compile(
    r"^(?:(?:좋아요|화나요|슬퍼요|훈훈해요|후속\s*기사\s*원해요|추천(?:해요)?|공유|댓글|스크랩|"
    r"인쇄|프린트|글자\s*크기|\[?\s*크게\s*\]?|\[?\s*작게\s*\]?|이전|다음|목록|닫기|URL\s*복사|"
    r"링크\s*복사|카카오톡|페이스북|트위터|엑스|밴드|기사\s*듣기|음성\s*듣기|번역)\s*\d*\s*[|·/]?\s*)+$"
)
_DATE_LABEL: Final = re.compile(
    r"^(?:[\[(]?\s*)(?:기사\s*)?(?:입력|수정|등록|승인|게재|송고|송고시간|발행|작성|업데이트|"
    r"최종\s*수정|최종\s*업데이트|기사입력|기사수정|posted|updated|published)",
    re.IGNORECASE,
)
_MENU_SEPARATORS: Final = re.compile(r"\s[|·>]\s|\s?\|\s?")
_SENTENCE: Final = re.compile(r"(?:다|요|까|죠|음|함|임|[.!?…\"'”\u2019)」』])\s*$")


@dataclass(frozen=True, slots=True)
class Block:
    """One text block of the body, with the share of it that is link text."""

    text: str
    link_ratio: float = 0.0


@dataclass(frozen=True, slots=True)
class Cleaned:
    paragraphs: list[str]
    bylines: list[str]


def is_copyright(text: str) -> bool:
    """A copyright / 무단 전재 금지 notice (short, or starting with one)."""
    value = norm(text)
    if not _COPYRIGHT.search(value):
        return False
    return len(value) <= 160 or bool(_COPYRIGHT.match(value.lstrip("<[(")))


def is_date_line(text: str) -> bool:
    """``입력 2025.02.03 14:22 | 수정 …`` and friends, or a bare printed time."""
    value = norm(text)
    if len(value) > 120 or find_date(value) is None:
        return False
    if _DATE_LABEL.match(value):
        return True
    return not re.sub(r"[\s|·/,()\[\]:.-]", "", strip_times(value))


def _is_menu(text: str) -> bool:
    parts = [p for p in _MENU_SEPARATORS.split(text) if p.strip()]
    if len(parts) < 4:
        return False
    return sum(len(p.strip()) for p in parts) / len(parts) <= 8


def is_boilerplate(text: str, link_ratio: float = 0.0) -> bool:
    """Promos, notices, widgets, menus and link lists: never article text."""
    value = norm(text)
    if not value:
        return True
    if is_copyright(value) or is_date_line(value):
        return True
    if EMAIL.fullmatch(value.strip("()<>[] ")):
        return True
    short = len(value) <= 100
    if short and _PROMO_ANY.search(value):
        return True
    if _PROMO_START.match(value) and (len(value) <= 30 or not _SENTENCE.search(value)):
        return True
    if _AD_LINE.match(value) or (
        short and (_ARROW_LINE.match(value) or _STAFF_CREDIT.match(value))
    ):
        return True
    if _WIDGET.match(value) or _is_menu(value):
        return True
    return link_ratio >= 0.6 and (short or link_ratio >= 0.85)


def clean_blocks(
    blocks: Sequence[Block],
    *,
    title: str = "",
    titles: Iterable[str] = (),
    section: str = "",
    outlets: Iterable[str] = (),
    captions: Iterable[str] = (),
) -> Cleaned:
    """Article paragraphs out of ``blocks``: header junk before the headline, meta lines,
    caption repeats and boilerplate removed; byline lines returned separately."""
    outlet_names = [o for o in outlets if o]
    title_keys = {compact(t) for t in (title, *titles) if t}
    caption_keys = {compact(c) for c in captions if c}
    items = [Block(norm(b.text), b.link_ratio) for b in blocks]
    items = [b for b in items if b.text]

    # Everything before the headline is page header (logo, menus, section, dates).
    for index, block in enumerate(items[:12]):
        if compact(block.text) in title_keys and block.link_ratio < 0.5:
            if all(len(b.text) < 120 for b in items[:index]):
                items = items[index + 1 :]
            break

    paragraphs: list[str] = []
    bylines: list[str] = []
    for block in items:
        text = block.text
        key = compact(text)
        if key in caption_keys or {key, compact(split_labels(text).title)} & title_keys:
            continue
        if (section and text == section) or text in outlet_names:
            continue
        if is_byline_line(text, outlet_names):
            bylines.append(text)
            continue
        if len(text) <= 100 and find_date(text) is not None:
            rest = strip_times(text)
            if is_byline_line(rest, outlet_names):
                bylines.append(norm(re.sub(r"\s*[|·]\s*$", "", norm(rest))))
                continue
        if is_boilerplate(text, block.link_ratio):
            continue
        if is_org_line(text, outlet_names) and not _SENTENCE.search(text):
            bylines.append(text)
            continue
        paragraphs.append(text)

    # Trailing lines that are neither sentences nor long: reporter notes, signatures.
    while paragraphs and len(paragraphs[-1]) < 25 and not _SENTENCE.search(paragraphs[-1]):
        paragraphs.pop()
    return Cleaned(paragraphs, bylines)
