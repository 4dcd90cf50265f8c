"""Turning a response body into text, the way Korean news sites need it.

:func:`decode_body` picks the encoding in this order: the ``charset`` of the HTTP
``Content-Type``; a byte-order mark; a ``<meta charset>`` or ``<meta http-equiv=
"Content-Type">`` in the first 4 KB, or the XML declaration's ``encoding``; detection (valid
UTF-8 first, then charset-normalizer); and UTF-8 with replacement characters last. Decoding
never raises.

Labels become codecs through :func:`ranknews.charsets.normalize_charset`, the table the feed
readers share: every EUC-KR label (``euc-kr``, ``ks_c_5601-1987``, ``ksc5601``,
``windows-949``, ...) is decoded as **cp949**, and UTF-7 and non-text codecs are never used.
As in browsers, the Latin-1 and ASCII labels of a page decode as windows-1252.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ranknews.charsets import normalize_charset

__all__ = [
    "PRESCAN_BYTES",
    "declared_charset",
    "decode_body",
    "parse_content_type",
]

PRESCAN_BYTES = 4096
DETECT_BYTES = 128 * 1024

_LATIN1_NAMES = frozenset({"iso8859-1", "ascii"})
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_META = re.compile(rb"<meta\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(rb"""([^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""")
_CHARSET_IN_CONTENT = re.compile(rb"""charset\s*=\s*["']?([^\s"';]+)""", re.IGNORECASE)
_XML_DECL = re.compile(
    rb"""\A\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._:-]*)["']""", re.IGNORECASE
)


def _codec(label: str | None) -> str | None:
    """The codec for a label as browsers decode it: Latin-1 and ASCII labels as windows-1252."""
    codec = normalize_charset(label)
    return "cp1252" if codec in _LATIN1_NAMES else codec


def parse_content_type(header: str | None) -> tuple[str, str | None]:
    """``(media type in lower case, charset parameter or None)``; ``("", None)`` if absent."""
    if not header:
        return "", None
    media, *params = header.split(";")
    charset = None
    for param in params:
        key, sep, value = param.partition("=")
        if sep and key.strip().lower() == "charset":
            charset = value.strip().strip("\"'").strip() or None
            break
    return media.strip().lower(), charset


def _bom(content: bytes) -> tuple[str, int] | None:
    for mark, name in _BOMS:
        if content.startswith(mark):
            return name, len(mark)
    return None


def declared_charset(content: bytes) -> str | None:
    """The label an XML declaration or HTML ``<meta>`` in the first 4 KB declares, if any."""
    head = content[:PRESCAN_BYTES]
    xml = _XML_DECL.match(head)
    if xml:
        return xml.group(1).decode("ascii")
    head = _COMMENT.sub(b"", head)
    for meta in _META.finditer(head):
        attrs: dict[bytes, bytes] = {}
        for match in _ATTR.finditer(meta.group(1)):
            name = match.group(1).lower()
            value = next((g for g in match.groups()[1:] if g is not None), b"")
            attrs.setdefault(name, value)
        if attrs.get(b"charset"):
            return attrs[b"charset"].decode("ascii", "replace")
        if attrs.get(b"http-equiv", b"").strip().lower() == b"content-type":
            found = _CHARSET_IN_CONTENT.search(attrs.get(b"content", b""))
            if found:
                return found.group(1).decode("ascii", "replace")
    return None


def _decode(content: bytes, encoding: str) -> str | None:
    try:
        text = content.decode(encoding, "replace")
    except (LookupError, TypeError, ValueError):
        return None
    return text[1:] if text.startswith("\ufeff") else text


def _detect(content: bytes) -> str | None:
    sample = content[:DETECT_BYTES]
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the sample's end is still UTF-8.
        if not (len(sample) == DETECT_BYTES and exc.start >= len(sample) - 3):
            best = from_bytes(sample).best()
            return _codec(best.encoding) if best is not None else None
    return "utf-8"


def decode_body(content: bytes, content_type_header: str | None) -> tuple[str, str]:
    """``(text, codec used)`` for a body and its Content-Type header; never raises."""
    header_charset = _codec(parse_content_type(content_type_header)[1])
    if header_charset is not None:
        text = _decode(content, header_charset)
        if text is not None:
            return text, header_charset
    bom = _bom(content)
    if bom is not None:
        name, length = bom
        return content[length:].decode(name, "replace"), name
    declared = _codec(declared_charset(content))
    if declared is not None:
        if declared.startswith(("utf-16", "utf-32")):
            declared = "utf-8"  # a declaration readable as ASCII cannot be UTF-16 (as browsers)
        text = _decode(content, declared)
        if text is not None:
            return text, declared
    detected = _detect(content)
    if detected is not None:
        text = _decode(content, detected)
        if text is not None:
            return text, detected
    return content.decode("utf-8", "replace"), "utf-8"
