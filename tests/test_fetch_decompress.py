"""Content-Encoding decoders: bounded pieces, gzip members, deflate flavours, chains, errors."""

from __future__ import annotations

import gzip
import zlib

import pytest

from ranknews.fetch.decompress import (
    PIECE,
    DecodeError,
    UnsupportedEncoding,
    accept_encoding,
    brotli_module,
    make_decoder,
)

TEXT = "서울 시내 뉴스, 오늘의 속보. ".encode() * 2000


def _decode_all(content_encoding: str | None, body: bytes, step: int = 1000) -> bytes:
    decoder = make_decoder(content_encoding)
    out = bytearray()
    for start in range(0, len(body), step):
        for piece in decoder.feed(body[start : start + step]):
            assert len(piece) <= PIECE
            out += piece
    for piece in decoder.finish():
        out += piece
    return bytes(out)


def test_bomb_comes_out_in_bounded_pieces_and_can_be_abandoned() -> None:
    bomb = gzip.compress(b"\0" * (10 * 1024 * 1024), compresslevel=9)
    decoder = make_decoder("gzip")
    produced = 0
    for piece in decoder.feed(bomb):  # the whole bomb in one network read
        assert len(piece) <= PIECE
        produced += len(piece)
        if produced > 1024 * 1024:
            break
    assert produced <= 1024 * 1024 + PIECE


@pytest.mark.parametrize("step", [1, 7, 4096, 10**9])
def test_gzip_in_any_slicing(step: int) -> None:
    assert _decode_all("gzip", gzip.compress(TEXT), step) == TEXT


def test_gzip_members_and_trailing_junk() -> None:
    body = gzip.compress(TEXT[:5000]) + gzip.compress(TEXT[5000:]) + b"\0\0\0junk"
    assert _decode_all("x-gzip", body, 333) == TEXT


def test_deflate_zlib_and_raw() -> None:
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    assert _decode_all("deflate", zlib.compress(TEXT)) == TEXT
    assert _decode_all("Deflate", raw.compress(TEXT) + raw.flush(), 1) == TEXT


def test_stacked_encodings_are_undone_in_reverse() -> None:
    body = gzip.compress(zlib.compress(TEXT))
    assert _decode_all("deflate, gzip", body, 500) == TEXT
    assert _decode_all("identity, gzip", gzip.compress(TEXT)) == TEXT


def test_identity_and_empty() -> None:
    assert _decode_all(None, TEXT) == TEXT
    assert _decode_all("", b"") == b""
    assert _decode_all("gzip", b"") == b""


def test_truncated_gzip_keeps_what_arrived() -> None:
    body = gzip.compress(TEXT)
    out = _decode_all("gzip", body[: len(body) // 2])
    assert TEXT.startswith(out)
    assert len(out) > 0


@pytest.mark.parametrize(
    ("coding", "body"),
    [
        ("gzip", b"this is not gzip"),
        ("gzip", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + b"\xff" * 8),
    ],
)
def test_corrupt_bodies_raise_decode_error(coding: str, body: bytes) -> None:
    with pytest.raises(DecodeError):
        _decode_all(coding, body)


def test_gzip_header_cut_short() -> None:
    with pytest.raises(DecodeError):
        _decode_all("gzip", b"\x1f")


@pytest.mark.parametrize("coding", ["compress", "zstd", "gzip, exotic"])
def test_unsupported_encodings(coding: str) -> None:
    with pytest.raises(UnsupportedEncoding):
        make_decoder(coding)


def test_br_follows_the_installed_decoder() -> None:
    if brotli_module() is None:
        assert "br" not in accept_encoding()
        with pytest.raises(UnsupportedEncoding):
            make_decoder("br")
    else:
        assert accept_encoding().endswith(", br")


def test_brotli_bomb_is_bounded() -> None:
    pytest.importorskip("brotli", reason="brotli (1.2+) is optional; br is not offered without it")
    module = brotli_module()
    assert module is not None
    assert _decode_all("br", module.compress(TEXT), 100) == TEXT
    bomb = module.compress(b"\0" * (10 * 1024 * 1024))
    produced = 0
    for piece in make_decoder("br").feed(bomb):
        assert len(piece) <= PIECE
        produced += len(piece)
        if produced > 1024 * 1024:
            break
    assert produced <= 1024 * 1024 + PIECE
    with pytest.raises(DecodeError):
        _decode_all("br", b"not brotli at all")
