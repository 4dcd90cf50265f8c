"""``ranknews.charsets``: one label table for the fetcher and the feed readers."""

from __future__ import annotations

import pytest

from ranknews.charsets import KOREAN_LABELS, normalize_charset
from ranknews.fetch.charset import decode_body
from ranknews.sources import parse_feed, parse_opml, parse_sitemap, parse_source
from ranknews.sources._xml import decode_xml

# 똠, 뷁 and 쨰 exist in cp949 only: strict EUC-KR cannot encode or decode them.
TITLE = "똠양꿍 맛집 뷁 쨰깍"
# Spellings of EUC-KR/CP949 as Korean servers write them, in any case.
WRITTEN_LABELS = (
    "euc-kr",
    "EUC-KR",
    "euc_kr",
    "ks_c_5601-1987",
    "KS_C_5601-1987",
    "ksc5601-1987",
    "ksc5601",
    "x-windows-949",
    "windows-949",
    "cp949",
    "CP949",
    "uhc",
    "UHC",
    "ms949",
    "ks_c_5601_1987",
    "korean",
)
LABELS = sorted({*WRITTEN_LABELS, *KOREAN_LABELS})


def rss(label: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="{label}"?>\n'
        '<rss version="2.0"><channel><title>골목일보</title><link>http://golmok.example/</link>'
        f"<item><title>{TITLE}</title><link>http://golmok.example/1</link></item>"
        "</channel></rss>"
    ).encode("cp949")


@pytest.mark.parametrize("label", LABELS)
def test_every_korean_label_is_cp949(label: str) -> None:
    assert normalize_charset(label) == "cp949"
    assert normalize_charset(f' "{label}" ') == "cp949"


@pytest.mark.parametrize("label", LABELS)
def test_xml_feed_declaring_a_korean_label_is_read(label: str) -> None:
    feed = parse_feed(rss(label), "http://golmok.example/rss.xml")
    assert feed.title == "골목일보"
    assert [entry.title for entry in feed.entries] == [TITLE]
    assert feed.warnings == ()
    assert parse_source(rss(label), "http://golmok.example/rss.xml").entries == feed.entries


@pytest.mark.parametrize("label", LABELS)
def test_sitemap_and_opml_declaring_a_korean_label_are_read(label: str) -> None:
    sitemap = (
        f'<?xml version="1.0" encoding="{label}"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>'
        "<loc>http://golmok.example/1</loc><news:news><news:publication><news:name>골목일보"
        "</news:name><news:language>ko</news:language></news:publication>"
        "<news:publication_date>2025-12-04T11:20:00+09:00</news:publication_date>"
        f"<news:title>{TITLE}</news:title></news:news></url></urlset>"
    ).encode("cp949")
    parsed = parse_sitemap(sitemap, "http://golmok.example/sitemap.xml")
    assert [entry.title for entry in parsed.entries] == [TITLE]
    assert parsed.warnings == ()
    opml = (
        f'<?xml version="1.0" encoding="{label}"?>\n<opml version="2.0"><head><title>구독'
        f'</title></head><body><outline text="{TITLE}" type="rss"'
        ' xmlUrl="http://golmok.example/rss.xml"/></body></opml>'
    ).encode("cp949")
    assert [outline.title for outline in parse_opml(opml)] == [TITLE]


@pytest.mark.parametrize("label", LABELS)
def test_fetcher_and_feed_readers_agree(label: str) -> None:
    body = rss(label)
    fetched, codec = decode_body(body, None)
    assert codec == "cp949"
    assert decode_body(body, f"application/rss+xml; charset={label}") == (fetched, "cp949")
    text, warnings = decode_xml(body)
    assert warnings == []
    assert fetched.endswith(text)


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("utf-8", "utf-8"),
        ("UTF8", "utf-8"),
        ("iso-8859-1", "iso8859-1"),
        ("us-ascii", "ascii"),
        ("windows-1252", "cp1252"),
        ("shift_jis", "shift_jis"),
        ("utf-16", "utf-16"),
    ],
)
def test_other_labels_name_their_python_codec(label: str, codec: str) -> None:
    assert normalize_charset(label) == codec


@pytest.mark.parametrize(
    "label",
    [None, "", "  ", "no-such-charset", "zlib", "base64", "rot13", "utf-7", "unicode-escape"],
)
def test_unknown_and_unsafe_labels_are_refused(label: str | None) -> None:
    assert normalize_charset(label) is None


@pytest.mark.parametrize("label", ["utf-7", "unicode-escape", "idna"])
def test_feed_declaring_an_unsafe_codec_is_read_as_utf8(label: str) -> None:
    feed = (
        f'<?xml version="1.0" encoding="{label}"?>\n'
        '<rss version="2.0"><channel><title>+ADw-새벽일보\\u0041</title>'
        "<link>https://saebyeok.example/</link></channel></rss>"
    ).encode()
    parsed = parse_feed(feed, "https://saebyeok.example/rss.xml")
    assert parsed.title == "+ADw-새벽일보\\u0041"
    assert parsed.warnings == (f"feed declares the unknown encoding {label!r}",)
