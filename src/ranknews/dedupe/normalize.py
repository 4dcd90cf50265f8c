"""Text normalisation for near-duplicate comparison.

Carriers of one wire report differ in the parts around the report, not in the report: the
dateline (``(서울=한결통신) 김지훈 기자 =``, ``[세종=누리경제] 장민혁 기자 =``), byline and e-mail
lines, copyright notices (``ⓒ한결통신 무단전재-재배포 금지``, ``<저작권자 ⓒ …>``, ``Copyright``),
and photo captions with their credits (``설명 /한결통신``, ``(사진=서울시 제공)``).
:func:`normalize` drops those and folds what is left — NFKC, Latin lower-cased, every run of
whitespace one space — so that two carriers of the same report give (nearly) the same string.

The rules are line based: a line is dropped only when it is short and looks like one of those
parts, so a body paragraph that happens to mention 저작권 or an e-mail address stays.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["body_lines", "normalize", "strip_dateline"]

# ``(서울=한결통신) 김지훈 기자 =``, ``[세종=뉴스원] 김지훈·박수진 기자 =``,
# ``【파리=통신】 특파원 =``, ``(서울=한결통신) =`` and the bare ``김지훈 기자 =`` at the start of
# the first paragraph.
_DATELINE = re.compile(
    r"^\s*(?:[(\[【<]\s*[^()\[\]【】<>=]{1,20}=[^()\[\]【】<>=]{1,20}[)\]】>]\s*)"
    r"(?:[^=\n]{0,40}?(?:기자|특파원|통신원|기자들))?\s*=?\s*"
    r"|^\s*[^=\n]{2,40}?(?:기자|특파원|통신원)\s*=\s*"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_COPYRIGHT = re.compile(
    r"ⓒ|©|\(c\)|copyright|저작권자|무단\s*전재|재\s*배포\s*금지|all rights reserved",
    re.IGNORECASE,
)
# A byline line: names and a title, maybe an outlet and an e-mail, nothing else.
_BYLINE = re.compile(
    r"^[\[(<]?\s*(?:[^\s\[\]()<>]{1,12}\s+){0,4}"
    r"(?:기자|특파원|통신원|선임기자|논설위원)\s*[\])>]?$"
)
# Photo credits at the end of a caption line: ``… /한결통신``, ``… ⓒ서울시``, ``(사진=… 제공)``,
# ``[사진 제공=…]``, ``… 한결통신 제공``.
_CAPTION = re.compile(
    r"(?:\s/\s?[^/\s]{1,20}\s*(?:제공)?$"
    r"|[(\[]\s*사진\s*(?:제공)?\s*=?[^()\[\]]{0,30}[)\]]$"
    r"|^[(\[]\s*사진\s*(?:제공)?\s*=?[^()\[\]]{0,30}[)\]]"
    r"|\s사진\s*=\s*[^\s]{1,20}(?:\s*제공)?$"
    r"|^▲)"
)
_SPACE = re.compile(r"\s+")
_SHORT_LINE = 120


def strip_dateline(line: str) -> str:
    """``(서울=한결통신) 김지훈 기자 = 본문`` → ``본문``; other lines unchanged."""
    match = _DATELINE.match(line)
    if match is None or match.end() == 0:
        return line
    return line[match.end() :]


def _is_carrier_line(line: str) -> bool:
    """True for a byline, e-mail, copyright or photo-caption line (short lines only)."""
    if len(line) > _SHORT_LINE:
        return False
    if _COPYRIGHT.search(line):
        return True
    without_mail = _EMAIL.sub("", line).strip()
    if without_mail != line.strip() and len(without_mail) <= 30:
        return True  # ``김지훈 기자 jihoon@…`` or an address alone
    if _BYLINE.match(without_mail):
        return True
    return _CAPTION.search(line) is not None


def body_lines(text: str) -> list[str]:
    """The lines of ``text`` that belong to the report, NFKC-normalised and stripped."""
    text = unicodedata.normalize("NFKC", text)
    lines: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or _is_carrier_line(line):
            continue
        if not lines:
            line = strip_dateline(line).strip()
            if not line:
                continue
        lines.append(line)
    return lines


def normalize(text: str) -> str:
    """``text`` reduced to what carriers of one report share, as a single folded line."""
    joined = " ".join(body_lines(text))
    return _SPACE.sub(" ", joined).strip().lower()
