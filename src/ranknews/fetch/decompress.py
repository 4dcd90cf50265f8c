"""Content-Encoding decoders that inflate in bounded pieces.

A few kilobytes of gzip can inflate to gigabytes, so no decoder here ever produces more than
about :data:`PIECE` bytes per step: the caller counts the pieces against its size cap and
stops reading as soon as the cap is passed, without inflating the rest. gzip (also several
members), deflate (zlib-wrapped or raw, as servers send both) and identity are always
supported; br only when the ``brotli`` package (1.2 or newer, which can bound its output) is
installed, and only then is it offered in ``Accept-Encoding``.
"""

from __future__ import annotations

import importlib
import importlib.util
import zlib
from collections.abc import Iterator
from types import ModuleType
from typing import Any, Protocol

__all__ = [
    "PIECE",
    "BodyDecoder",
    "DecodeError",
    "UnsupportedEncoding",
    "accept_encoding",
    "brotli_module",
    "make_decoder",
]

PIECE = 64 * 1024
"""Upper bound of each decoded piece (a step inflates at most about this much)."""


class DecodeError(ValueError):
    """The body is not valid for its Content-Encoding."""


class UnsupportedEncoding(DecodeError):
    """The response uses a Content-Encoding we cannot decode."""


class BodyDecoder(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]:
        """Decoded pieces of ``data`` (each at most about :data:`PIECE` bytes)."""
        ...

    def finish(self) -> Iterator[bytes]:
        """Whatever is left once the body has ended."""
        ...


def brotli_module() -> ModuleType | None:
    """The installed ``brotli`` module if it can bound its output (1.2+), else ``None``."""
    if importlib.util.find_spec("brotli") is None:
        return None
    module = importlib.import_module("brotli")
    decompressor = getattr(module, "Decompressor", None)
    if decompressor is None or not hasattr(decompressor, "can_accept_more_data"):
        return None
    return module


def accept_encoding() -> str:
    """The ``Accept-Encoding`` value: what :func:`make_decoder` can decode in bounded pieces."""
    return "gzip, deflate, br" if brotli_module() is not None else "gzip, deflate"


class _Identity:
    def feed(self, data: bytes) -> Iterator[bytes]:
        for start in range(0, len(data), PIECE):
            yield data[start : start + PIECE]

    def finish(self) -> Iterator[bytes]:
        return iter(())


def _is_zlib_header(first: bytes) -> bool:
    cmf, flg = first[0], first[1]
    return cmf & 0x0F == 8 and cmf >> 4 <= 7 and (cmf * 256 + flg) % 31 == 0


class _Zlib:
    """gzip (any number of members; trailing junk ignored) or deflate (zlib or raw)."""

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._obj: Any = None  # zlib decompress object of the current stream / member
        self._head = b""  # held until the start of a stream can be recognised
        self._streams = 0
        self._done = False

    def _start(self, first: bytes) -> bool:
        if self._gzip:
            if first[:2] != b"\x1f\x8b":
                if self._streams == 0:
                    raise DecodeError("body is not gzip data")
                return False  # junk after the last member: ignored, as browsers do
            wbits = 16 + zlib.MAX_WBITS
        else:
            wbits = zlib.MAX_WBITS if _is_zlib_header(first) else -zlib.MAX_WBITS
        self._obj = zlib.decompressobj(wbits)
        self._streams += 1
        return True

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            yield from self._feed(data)
        except zlib.error as exc:
            raise DecodeError(f"cannot inflate the body: {exc}") from exc

    def _feed(self, data: bytes) -> Iterator[bytes]:
        while data and not self._done:
            if self._obj is None:
                data = self._head + data
                self._head = b""
                if len(data) < 2:
                    self._head = data
                    return
                if not self._start(data[:2]):
                    self._done = True
                    return
            obj = self._obj
            while True:
                out = obj.decompress(data, PIECE)
                if out:
                    yield out
                data = obj.unconsumed_tail
                if obj.eof:
                    data = obj.unused_data
                    self._obj = None
                    self._done = not self._gzip
                    break
                if not data and len(out) < PIECE:
                    return

    def finish(self) -> Iterator[bytes]:
        if self._head and self._streams == 0:
            raise DecodeError("body ended inside the compression header")
        if self._obj is not None:
            try:
                rest: bytes = self._obj.flush()
            except zlib.error as exc:
                raise DecodeError(f"cannot inflate the body: {exc}") from exc
            if rest:
                yield rest


class _Brotli:
    def __init__(self, module: ModuleType) -> None:
        self._module = module
        self._obj = module.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            while True:
                out: bytes = self._obj.process(data, output_buffer_limit=PIECE)
                data = b""
                if out:
                    # The buffer may grow once past the limit: hand it on in PIECE slices.
                    for start in range(0, len(out), PIECE):
                        yield out[start : start + PIECE]
                elif self._obj.can_accept_more_data():
                    return
        except self._module.error as exc:
            raise DecodeError(f"cannot decode the brotli body: {exc}") from exc

    def finish(self) -> Iterator[bytes]:
        return iter(())


class _Chain:
    """Several encodings, undone in the reverse of the order they were applied."""

    def __init__(self, decoders: list[BodyDecoder]) -> None:
        self._decoders = decoders

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._through(1, self._decoders[0].feed(data))

    def finish(self) -> Iterator[bytes]:
        for index, decoder in enumerate(self._decoders):
            yield from self._through(index + 1, decoder.finish())

    def _through(self, index: int, pieces: Iterator[bytes]) -> Iterator[bytes]:
        """Pass the output of decoder ``index - 1`` through the decoders from ``index`` on."""
        if index == len(self._decoders):
            yield from pieces
            return
        for piece in pieces:
            yield from self._through(index + 1, self._decoders[index].feed(piece))


def _decoder_for(coding: str) -> BodyDecoder:
    if coding in {"gzip", "x-gzip"}:
        return _Zlib(gzip=True)
    if coding == "deflate":
        return _Zlib(gzip=False)
    if coding == "br":
        module = brotli_module()
        if module is not None:
            return _Brotli(module)
    raise UnsupportedEncoding(f"unsupported Content-Encoding {coding!r}")


def make_decoder(content_encoding: str | None) -> BodyDecoder:
    """A decoder for a ``Content-Encoding`` header value (``None`` or empty: identity)."""
    codings = [
        part.strip().lower()
        for part in (content_encoding or "").split(",")
        if part.strip() and part.strip().lower() != "identity"
    ]
    if not codings:
        return _Identity()
    decoders = [_decoder_for(coding) for coding in reversed(codings)]
    return decoders[0] if len(decoders) == 1 else _Chain(decoders)
