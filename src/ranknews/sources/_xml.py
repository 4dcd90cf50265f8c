"""Bytes to safe XML: gzip, character encodings, root-element sniffing, entity refusal.

Everything here works on bytes already in memory; nothing opens a file or an address.
"""

from __future__ import annotations

import codecs
import re
import zlib
from xml.etree.ElementTree import Element
from xml.etree.ElementTree import ParseError as _ExpatError

from defusedxml import (  # type: ignore[import-untyped, unused-ignore]
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from defusedxml.ElementTree import (  # type: ignore[import-untyped, unused-ignore]
    fromstring as _defused_fromstring,
)

from ranknews.charsets import normalize_charset
from ranknews.errors import ParseError

__all__ = [
    "MAX_DECOMPRESSED_BYTES",
    "UTF8_DECLARATION",
    "decode_text",
    "decode_xml",
    "local_name",
    "maybe_gunzip",
    "parse_xml",
    "refuse_entity_declarations",
    "root_element",
    "strip_bom",
]

MAX_DECOMPRESSED_BYTES = 50 * 1024 * 1024
"""Largest document accepted after gzip decompression (the sitemap protocol's own limit)."""

UTF8_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'

_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1024 * 1024

_BOMS = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml\b[^>]*?\?>", re.IGNORECASE)
_DECLARED_ENCODING = re.compile(
    rb"^\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']", re.IGNORECASE
)
# Single-byte Western labels that are often put on UTF-8 documents by mistake.
_WESTERN = frozenset({"ascii", "iso8859-1", "cp1252"})
_FALLBACKS = ("utf-8", "cp949")
_START_TAG = re.compile(r"<([A-Za-z_][\w.:-]*)")
_DOCTYPE = re.compile(r"<!DOCTYPE\b", re.IGNORECASE)
_ENTITY = re.compile(r"<!ENTITY\b", re.IGNORECASE)


def maybe_gunzip(content: bytes, *, limit: int = MAX_DECOMPRESSED_BYTES) -> bytes:
    """Decompress ``content`` if it starts with the gzip magic; refuse more than ``limit`` bytes.

    Concatenated gzip members (allowed by the format) are all read.
    """
    if not content.startswith(_GZIP_MAGIC):
        return content
    out = bytearray()
    rest = content
    while rest.startswith(_GZIP_MAGIC):
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        pending = rest
        try:
            while pending and not inflater.eof:
                out += inflater.decompress(pending, limit + 1 - len(out))
                if len(out) > limit:
                    raise ParseError(
                        f"gzip document inflates past {limit} bytes; refused"
                        " (decompression bomb or oversized sitemap)"
                    )
                pending = inflater.unconsumed_tail
        except zlib.error as exc:
            raise ParseError(f"corrupt gzip data: {exc}") from exc
        if not inflater.eof:
            raise ParseError("truncated gzip data: the compressed stream ends early")
        rest = inflater.unused_data.lstrip(b"\x00")
    return bytes(out)


def strip_bom(content: bytes) -> tuple[bytes, str | None]:
    """``content`` without a leading byte-order mark, and the encoding the mark names."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return content[len(bom) :], encoding
    return content, None


def decode_text(
    content: bytes, declared: str | None = None, *, what: str = "document"
) -> tuple[str, list[str]]:
    """Decode bytes to text: BOM, then the declared encoding, then UTF-8, then CP949.

    The declared label is read by :func:`ranknews.charsets.normalize_charset` (every EUC-KR
    label as CP949; UTF-7 and non-text codecs as unknown). Returns the text and warnings
    about anything guessed (a wrong or unknown label).
    """
    warnings: list[str] = []
    body, sniffed = strip_bom(content)
    if sniffed is None and body[:4] == b"\x00<\x00?":
        sniffed = "utf-16-be"
    elif sniffed is None and body[:4] == b"<\x00?\x00":
        sniffed = "utf-16-le"
    if sniffed is not None:
        try:
            return body.decode(sniffed), warnings
        except UnicodeDecodeError:
            warnings.append(f"{what} looks like {sniffed} but does not decode as it")

    candidates: list[str] = []
    if declared:
        codec = normalize_charset(declared)
        if codec is None:
            warnings.append(f"{what} declares the unknown encoding {declared!r}")
        elif codec.startswith(("utf-16", "utf-32")):
            # The declaration was readable as ASCII, so the bytes cannot be UTF-16/32.
            warnings.append(f"{what} declares {declared} but is ASCII-compatible")
        elif codec in _WESTERN and not body.isascii() and _decodes(body, "utf-8"):
            warnings.append(f"{what} declares {declared} but is UTF-8; read as UTF-8")
        else:
            candidates.append(codec)
    for fallback in _FALLBACKS:
        if fallback not in candidates:
            candidates.append(fallback)

    first = candidates[0]
    for codec in candidates:
        try:
            text = body.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec != first:
            label = declared or "no encoding (UTF-8 by default)"
            warnings.append(f"{what} declares {label} but does not decode so; read as {codec}")
        return text, warnings
    warnings.append(f"{what} is not valid {first}; undecodable bytes were replaced")
    return body.decode(first, errors="replace"), warnings


def _decodes(body: bytes, codec: str) -> bool:
    try:
        body.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def decode_xml(content: bytes, *, what: str = "document") -> tuple[str, list[str]]:
    """Decode an XML document to text without its XML declaration (and leading blanks).

    The encoding comes from the byte-order mark, else the ``encoding`` of the XML
    declaration (EUC-KR read as CP949), else UTF-8; a wrong label falls back to UTF-8 and
    then CP949 with a warning. Prepend :data:`UTF8_DECLARATION` to re-encode as UTF-8.
    """
    body, _ = strip_bom(content)
    match = _DECLARED_ENCODING.match(body[:1024])
    declared = match.group(1).decode("ascii") if match else None
    text, warnings = decode_text(content, declared, what=what)
    text = _XML_DECLARATION.sub("", text, count=1).lstrip()
    if "\x00" in text:
        raise ParseError(f"{what} holds NUL bytes: binary data, not XML")
    return text, warnings


def root_element(text: str) -> str | None:
    """The qualified name of the first element (``rss``, ``rdf:RDF``, ``html``...), if any.

    Skips the XML declaration, processing instructions, comments and a DOCTYPE (with its
    internal subset). ``None`` when the text does not start like XML.
    """
    pos = 0
    size = len(text)
    while pos < size:
        while pos < size and text[pos] in " \t\r\n\ufeff":
            pos += 1
        if text.startswith("<?", pos):
            end = text.find("?>", pos + 2)
            if end < 0:
                return None
            pos = end + 2
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos + 4)
            if end < 0:
                return None
            pos = end + 3
        elif text[pos : pos + 9].upper() == "<!DOCTYPE":
            end = _doctype_end(text, pos)
            if end < 0:
                return None
            pos = end
        else:
            match = _START_TAG.match(text, pos)
            return match.group(1) if match else None
    return None


def _doctype_end(text: str, start: int) -> int:
    """Index just past the DOCTYPE that starts at ``start``; -1 if it never ends.

    Quoted strings and comments in the internal subset may hold ``]`` and ``>``.
    """
    pos = start + len("<!DOCTYPE")
    size = len(text)
    quote = ""
    in_subset = False
    while pos < size:
        char = text[pos]
        if quote:
            if char == quote:
                quote = ""
        elif in_subset and text.startswith("<!--", pos):
            end = text.find("-->", pos + 4)
            if end < 0:
                return -1
            pos = end + 2
        elif char in "\"'":
            quote = char
        elif char == "[":
            in_subset = True
        elif char == "]":
            in_subset = False
        elif char == ">" and not in_subset:
            return pos + 1
        pos += 1
    return -1


def local_name(name: str) -> str:
    """``rdf:RDF`` → ``RDF``; ``{http://www.sitemaps.org/...}url`` → ``url``."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def refuse_entity_declarations(text: str, *, what: str = "document") -> None:
    """Raise :class:`ParseError` if a DOCTYPE with an internal subset declares entities.

    That is how entity-expansion ("billion laughs") and external-entity (XXE) attacks
    start; no genuine feed needs it. A DOCTYPE that only names an external DTD (as RSS
    0.91 does) is allowed: it is never fetched.
    """
    doctype = _DOCTYPE.search(text)
    if doctype is None:
        return
    root = _START_TAG.search(text, 0, doctype.start())
    if root is not None:
        return  # a DOCTYPE after the root element is not a DOCTYPE but text
    bracket = text.find("[", doctype.end())
    close = text.find(">", doctype.end())
    has_subset = bracket >= 0 and (close < 0 or bracket < close)
    # Look for a declaration anywhere after the DOCTYPE, not only up to the first "]>": a
    # quoted "]>" inside an earlier declaration must not hide the entities that follow.
    if has_subset and _ENTITY.search(text, doctype.end()):
        raise ParseError(
            f"{what} declares XML entities in its DOCTYPE; refused"
            " (entity expansion or external entity attack)"
        )


def parse_xml(content: bytes, *, what: str) -> tuple[Element, list[str]]:
    """Parse an XML document with defusedxml: entity declarations and external references
    raise :class:`ParseError`, as does anything that is not well-formed."""
    text, warnings = decode_xml(content, what=what)
    if not text:
        raise ParseError(f"empty {what}")
    data = (UTF8_DECLARATION + text).encode("utf-8")
    try:
        root: Element = _defused_fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except EntitiesForbidden as exc:
        where = f" pointing to {exc.sysid!r}" if exc.sysid else ""
        raise ParseError(
            f"{what} declares the XML entity {exc.name!r}{where}; refused"
            " (entity expansion or external entity attack)"
        ) from exc
    except ExternalReferenceForbidden as exc:
        raise ParseError(f"{what} refers to the external resource {exc.sysid!r}; refused") from exc
    except DTDForbidden as exc:  # pragma: no cover - DTDs are allowed above
        raise ParseError(f"{what} has a DOCTYPE; refused") from exc
    except _ExpatError as exc:
        raise ParseError(f"{what} is not well-formed XML: {exc}") from exc
    return root, warnings
