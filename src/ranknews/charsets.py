"""Charset labels to Python codecs: the one table every reader of bytes uses.

The fetcher (HTTP ``Content-Type``, ``<meta charset>``) and the feed, sitemap and OPML readers
(``<?xml encoding=...?>``) both turn a label into a codec with :func:`normalize_charset`.

Every EUC-KR label (``euc-kr``, ``ks_c_5601-1987``, ``ksc5601``, ``windows-949``, ``uhc``,
...) is decoded as **cp949**, Microsoft's superset that browsers use for all of them: strict
EUC-KR has no code for syllables such as 똠 or 쨰 that Korean pages and feeds do contain, and
every EUC-KR document is also valid CP949. UTF-7 and Python's non-text or internal codecs
(``base64``, ``rot13``, ``unicode-escape``, ``idna``...) are refused, like unknown labels.
"""

from __future__ import annotations

import codecs

__all__ = ["KOREAN_LABELS", "normalize_charset"]

KOREAN_LABELS = frozenset(
    {
        "euc-kr",
        "euc_kr",
        "euckr",
        "x-euc-kr",
        "cseuckr",
        "ks_c_5601-1987",
        "ks_c_5601-1989",
        "ks_c_5601",
        "ksc5601",
        "ksc5601-1987",
        "ksc_5601",
        "ksc-5601",
        "csksc56011987",
        "iso-ir-149",
        "korean",
        "windows-949",
        "x-windows-949",
        "cp949",
        "ms949",
        "uhc",
        "x-uhc",
    }
)
"""Labels (lower case) of EUC-KR and its CP949/UHC superset, all decoded as cp949.

The WHATWG Encoding Standard's EUC-KR labels, plus the spellings Korean servers write
(``ksc5601-1987``, ``x-windows-949``, ``uhc``...) that Python's codec registry does not know.
"""

_KOREAN_CODECS = frozenset({"euc_kr", "cp949"})
_UNSAFE_CODECS = frozenset(
    {
        "utf-7",
        "idna",
        "punycode",
        "raw-unicode-escape",
        "unicode-escape",
        "undefined",
        "charmap",
        "mbcs",
        "oem",
    }
)


def normalize_charset(label: str | None) -> str | None:
    """The Python codec to decode a charset label with, or ``None`` if unknown or unsafe.

    Case, surrounding blanks and quotes are ignored; an EUC-KR or CP949 label gives
    ``"cp949"``; any other label gives Python's name for its codec (``"utf-8"``,
    ``"iso8859-1"``, ``"ascii"``...).
    """
    if not label:
        return None
    label = label.strip().strip("\"'").strip().lower()
    if label in KOREAN_LABELS:
        return "cp949"
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):
        return None
    name = info.name
    if not getattr(info, "_is_text_encoding", True) or name in _UNSAFE_CODECS:
        return None
    if name in _KOREAN_CODECS:
        return "cp949"
    return name
