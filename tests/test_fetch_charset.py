"""decode_body: header, BOM, meta / XML declaration, detection; Korean labels as cp949."""

from __future__ import annotations

import codecs

import pytest

from ranknews.charsets import normalize_charset
from ranknews.fetch.charset import declared_charset, decode_body, parse_content_type
from ranknews.fetch.result import FetchResult

# 똠 and 쨰 exist in cp949 only: strict EUC-KR cannot encode or decode them.
KOREAN = "똠방각하의 쨰깍거리는 시계. 서울 시내 교통이 혼잡하다."
ARTICLE = (
    "대통령은 오늘 국회에서 내년도 예산안에 대한 시정연설을 했다. 경제부총리는 물가 안정을 "
    "최우선 과제로 삼겠다고 밝혔다. 서울 시내 한 식당 주인은 똠양꿍을 팔며 쨰깍거리는 시계를 "
    "바라봤다. 기상청은 주말 동안 전국에 비가 내릴 것으로 내다봤다."
)


def test_cp949_only_syllables_need_cp949() -> None:
    # What pages labelled EUC-KR really contain is cp949, which strict EUC-KR cannot read.
    with pytest.raises(UnicodeDecodeError):
        KOREAN.encode("cp949").decode("euc_kr")


def test_meta_charset_euc_kr_without_header() -> None:
    page = f'<html><head><meta charset="euc-kr"></head><body>{KOREAN}</body></html>'
    text, used = decode_body(page.encode("cp949"), "text/html")
    assert KOREAN in text
    assert used == "cp949"


def test_meta_http_equiv_content_type() -> None:
    page = (
        '<html><head><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=ks_c_5601-1987">'
        f"</head><body>{KOREAN}</body></html>"
    )
    text, used = decode_body(page.encode("cp949"), None)
    assert KOREAN in text
    assert used == "cp949"


def test_meta_in_a_comment_is_ignored() -> None:
    page = f'<!-- <meta charset="iso-8859-5"> --><meta charset="euc-kr"><p>{KOREAN}</p>'
    body = page.encode("cp949")
    assert declared_charset(body) == "euc-kr"
    assert decode_body(body, None) == (page, "cp949")


def test_bom_utf8_page() -> None:
    page = codecs.BOM_UTF8 + f'<meta charset="euc-kr"><p>{KOREAN}</p>'.encode()
    text, used = decode_body(page, "text/html")
    assert text == f'<meta charset="euc-kr"><p>{KOREAN}</p>'
    assert used == "utf-8"


def test_bom_utf16_page() -> None:
    page = codecs.BOM_UTF16_LE + f"<p>{KOREAN}</p>".encode("utf-16-le")
    assert decode_body(page, None) == (f"<p>{KOREAN}</p>", "utf-16-le")


def test_xml_feed_declaring_euc_kr() -> None:
    feed = (
        '<?xml version="1.0" encoding="EUC-KR"?>\n'
        f"<rss><channel><item><title>{KOREAN}</title></item></channel></rss>"
    )
    text, used = decode_body(feed.encode("cp949"), "application/rss+xml")
    assert KOREAN in text
    assert used == "cp949"


def test_header_wins_over_meta() -> None:
    page = f'<meta charset="euc-kr"><p>{KOREAN}</p>'.encode("cp949")
    text, used = decode_body(page, "text/html; charset=utf-8")
    assert used == "utf-8"
    assert "\ufffd" in text  # the header was wrong, and it still wins
    assert KOREAN not in text


def test_header_charset_euc_kr_decodes_as_cp949() -> None:
    body = f"<p>{KOREAN}</p>".encode("cp949")
    assert decode_body(body, 'text/html; charset="EUC-KR"') == (f"<p>{KOREAN}</p>", "cp949")


def test_undeclared_cp949_is_detected() -> None:
    page = f"<html><body><p>{ARTICLE}</p><p>{ARTICLE}</p></body></html>"
    text, used = decode_body(page.encode("cp949"), "text/html")
    assert used == "cp949"
    assert text == page


def test_undeclared_utf8() -> None:
    page = f"<p>{ARTICLE}</p>"
    assert decode_body(page.encode(), None) == (page, "utf-8")


@pytest.mark.parametrize(
    "label",
    ["euc-kr", "EUC-KR", "euc_kr", "ks_c_5601-1987", "ksc5601", "x-windows-949", "windows-949"],
)
def test_korean_labels_decode_as_cp949(label: str) -> None:
    assert normalize_charset(label) == "cp949"
    body = f"<p>{KOREAN}</p>".encode("cp949")
    assert decode_body(body, f"text/html; charset={label}") == (f"<p>{KOREAN}</p>", "cp949")
    meta = f'<meta charset="{label}"><p>{KOREAN}</p>'
    assert decode_body(meta.encode("cp949"), None)[0] == meta


@pytest.mark.parametrize("label", ["zlib", "base64", "rot13", "utf-7", "no-such-charset", ""])
def test_unusable_labels_fall_through(label: str) -> None:
    body = f"<p>{KOREAN}</p>".encode()
    assert decode_body(body, f"text/html; charset={label}") == (f"<p>{KOREAN}</p>", "utf-8")


def test_latin1_labels_mean_windows_1252() -> None:
    assert decode_body(b"caf\xe9 \x93quoted\x94", "text/plain; charset=ISO-8859-1") == (
        "café \u201cquoted\u201d",
        "cp1252",
    )


def test_meta_utf16_means_utf8() -> None:
    page = f'<meta charset="utf-16"><p>{KOREAN}</p>'.encode()
    assert decode_body(page, None)[1] == "utf-8"


def test_never_raises_on_garbage() -> None:
    junk = bytes(range(256)) * 4
    for header in (None, "text/html; charset=utf-8", "text/html; charset=euc-kr", "x; charset"):
        text, used = decode_body(junk, header)
        assert isinstance(text, str)
        assert used
    assert decode_body(b"", None) == ("", "utf-8")


def test_parse_content_type() -> None:
    assert parse_content_type('Text/HTML; Charset="EUC-KR"; q=1') == ("text/html", "EUC-KR")
    assert parse_content_type("application/rss+xml") == ("application/rss+xml", None)
    assert parse_content_type(None) == ("", None)
    assert parse_content_type("text/html; charset=") == ("text/html", None)


def test_fetch_result_text_uses_its_content_type() -> None:
    body = f"<p>{KOREAN}</p>".encode("cp949")
    result = FetchResult("http://a.example/", 200, False, body, "text/html", "ksc5601", None, None)
    assert result.content_type_header == "text/html; charset=ksc5601"
    assert result.text() == f"<p>{KOREAN}</p>"
    bare = FetchResult("http://a.example/", 200, False, b"", "", None, None, None)
    assert bare.content_type_header is None
    assert bare.text() == ""
