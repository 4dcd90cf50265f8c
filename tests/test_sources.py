"""``ranknews.sources``: every feed format, sitemaps and OPML, read from bytes to exact entries."""

from __future__ import annotations

import gzip
import importlib
import inspect
import logging
import pkgutil
from datetime import datetime
from pathlib import Path

import pytest

import ranknews.sources
from ranknews.errors import InvalidInput, ParseError
from ranknews.sources import (
    Entry,
    Outline,
    ParsedSource,
    detect_format,
    parse_feed,
    parse_opml,
    parse_sitemap,
    parse_source,
    write_opml,
)
from ranknews.sources._text import author_names

FIXTURES = Path(__file__).parent / "fixtures" / "sources"

Row = tuple[str, str, str, str | None, str | None, str, tuple[str, ...], str, str | None]


def load(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def iso(value: datetime | None) -> str | None:
    """ISO text with the offset: checks wall time and zone at once (``==`` compares instants)."""
    if value is None:
        return None
    assert value.tzinfo is not None, f"naive datetime {value!r}"
    return value.isoformat()


def row(entry: Entry) -> Row:
    return (
        entry.url,
        entry.guid,
        entry.title,
        iso(entry.published),
        iso(entry.updated),
        entry.summary,
        entry.authors,
        entry.section,
        entry.image,
    )


def rows(source: ParsedSource) -> list[Row]:
    return [row(e) for e in source.entries]


# RSS 2.0 ---------------------------------------------------------------------------------------

SAEBYEOK = "https://saebyeok.example/news/articleView.html?idxno="


def test_rss20_entries_exactly() -> None:
    feed = parse_feed(load("rss20.xml"), "https://saebyeok.example/rss/all.xml")
    assert feed.kind == "rss"
    assert feed.title == "새벽일보 - 전체기사"
    assert feed.link == "https://saebyeok.example/"
    assert feed.sitemaps == ()
    assert rows(feed) == [
        (
            # relative <link> resolved; isPermaLink="false" guid kept as written
            SAEBYEOK + "20451",
            "saebyeok-20451",
            "국회, 내년도 예산안 본회의 통과… 총 656조원 규모",
            "2025-12-02T22:41:07+09:00",
            None,
            "국회는 2일 밤 본회의를 열어 내년도 예산안을 재석 271명 중 찬성 198명으로 가결했다.\n"
            "여야는 법정 처리 시한을 하루 넘긴 끝에 합의에 이르렀다.",
            ("김하늘",),
            "정치",
            "https://img.saebyeok.example/2025/12/02/budget.jpg",  # media:content
        ),
        (
            # 09:15 GMT is 18:15 KST: sorted before the 18:05 KST item that precedes it
            SAEBYEOK + "20450",
            SAEBYEOK + "20450",
            '한은 "기준금리 동결"… 물가 둔화 흐름 지켜본다',
            "2025-12-02T09:15:00+00:00",
            None,
            "한국은행 금융통화위원회가 기준금리를 연 2.50%로 동결했다.\n"
            '이창민 총재는 "물가 둔화 흐름을 좀 더 지켜봐야 한다"고 말했다.',
            ("이지은", "박도윤"),  # from "jieun.lee@saebyeok.example (이지은·박도윤 기자)"
            "경제",  # the first of two categories
            "https://saebyeok.example/photo/2025/12/02/bok.jpg",  # relative enclosure resolved
        ),
        (
            # no <link>: the guid is a URL, so it is the URL
            SAEBYEOK + "20449",
            SAEBYEOK + "20449",
            "서울 지하철 2호선 신호 장애로 출근길 30분 지연",
            "2025-12-02T18:05:00+09:00",  # "KST", which feedparser would take as UTC
            None,
            "2일 오전 서울 지하철 2호선 일부 구간에서 신호 장애가 발생해 열차 운행이 최대 30분가량"
            " 지연됐다.",
            ("최서연",),
            "사회",
            None,
        ),
        (
            SAEBYEOK + "20440",
            SAEBYEOK + "20440",
            "첫눈 내린 강원 산간… 대관령 영하 12도",
            "2025-12-02T07:30:00+09:00",  # "2025-12-02 07:30:00": no zone means KST
            None,
            # no description: the content:encoded text stands in
            "2일 강원 산간에 올겨울 첫눈이 내렸다.\n"
            "대관령의 아침 최저기온은 영하 12도까지 떨어졌다.",
            ("정우진",),
            "날씨",
            "https://img.saebyeok.example/2025/12/02/snow_t.jpg",  # media:thumbnail
        ),
    ]
    assert feed.warnings == (
        "entry 4 ('[알림] 새벽일보 홈페이지 점검 안내') skipped:"
        " no http(s) link, and its id is not a URL",
    )


def test_rss20_euckr_decodes_cp949() -> None:
    content = load("rss20-euckr.xml")
    assert b'encoding="euc-kr"' in content
    with pytest.raises(UnicodeDecodeError):
        content.decode("euc-kr")  # 똠 and 뷁 are outside KS X 1001: only CP949 has them
    feed = parse_feed(content, "http://golmok.example/rss.xml")
    assert feed.title == "골목일보"
    assert feed.warnings == ()
    assert rows(feed) == [
        (
            "http://golmok.example/news/read.asp?no=3301",
            "http://golmok.example/news/read.asp?no=3301",
            "똠양꿍 맛집 '똠얌하우스', 골목상권 살리기 앞장",
            "2025-12-04T11:20:00+09:00",
            None,
            "서울 마포구의 태국 음식점 '똠얌하우스'가 골목 상인들과 함께 공동 할인 행사를 연다.",
            ("박똠이",),
            "생활",
            None,
        ),
        (
            "http://golmok.example/news/read.asp?no=3298",
            "http://golmok.example/news/read.asp?no=3298",
            "뷁, 햏, 똠… 완성형에 없는 글자도 깨지지 않아야",
            "2025-12-03T17:45:00+09:00",
            None,
            "확장 완성형(CP949) 글자가 들어간 기사 제목도 그대로 보여야 한다.",
            ("김솔",),
            "IT",
            None,
        ),
    ]


@pytest.mark.parametrize("label", ["EUC-KR", "ks_c_5601-1987", "KSC5601", "x-windows-949", "UHC"])
def test_korean_encoding_labels_all_read_as_cp949(label: str) -> None:
    content = load("rss20-euckr.xml").replace(b'encoding="euc-kr"', f'encoding="{label}"'.encode())
    feed = parse_feed(content, "http://golmok.example/rss.xml")
    assert feed.entries[0].title == "똠양꿍 맛집 '똠얌하우스', 골목상권 살리기 앞장"
    assert feed.warnings == ()


def test_undeclared_cp949_falls_back_with_a_warning() -> None:
    content = load("rss20-euckr.xml").replace(b' encoding="euc-kr"', b"")
    feed = parse_feed(content, "http://golmok.example/rss.xml")
    assert feed.entries[1].title == "뷁, 햏, 똠… 완성형에 없는 글자도 깨지지 않아야"
    assert len(feed.warnings) == 1
    assert "read as cp949" in feed.warnings[0]


def test_utf8_mislabelled_latin1_is_read_as_utf8() -> None:
    content = load("rss20.xml").replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"')
    feed = parse_feed(content, "https://saebyeok.example/rss/all.xml")
    assert feed.title == "새벽일보 - 전체기사"
    assert feed.warnings[0] == "feed declares ISO-8859-1 but is UTF-8; read as UTF-8"


@pytest.mark.parametrize("label", ["zlib", "base64", "no-such-encoding"])
def test_unusable_encoding_labels_fall_back_to_utf8(label: str) -> None:
    content = load("rss20.xml").replace(b'encoding="UTF-8"', f'encoding="{label}"'.encode())
    feed = parse_feed(content, "https://saebyeok.example/rss/all.xml")
    assert feed.title == "새벽일보 - 전체기사"
    assert feed.warnings[0] == f"feed declares the unknown encoding {label!r}"


@pytest.mark.parametrize("codec", ["utf-16", "utf-8-sig"])
def test_byte_order_marks(codec: str) -> None:
    text = load("rss20.xml").decode("utf-8").replace('encoding="UTF-8"', f'encoding="{codec}"')
    feed = parse_feed(text.encode(codec), "https://saebyeok.example/rss/all.xml")
    assert feed.entries[0].title == "국회, 내년도 예산안 본회의 통과… 총 656조원 규모"


# RSS 0.91, 0.92, 1.0 ---------------------------------------------------------------------------


def test_rss091_with_netscape_doctype() -> None:
    feed = parse_feed(load("rss091.xml"), "http://hangyeol.example/rss/091.xml")
    assert (feed.kind, feed.title, feed.link) == (
        "rss",
        "한결신문 주요뉴스",
        "http://hangyeol.example/",
    )
    assert feed.warnings == ()
    assert rows(feed) == [
        (
            "http://hangyeol.example/news/view.php?id=8812",
            "http://hangyeol.example/news/view.php?id=8812",
            "부산 북항 재개발 2단계 착공… 2030년 완공 목표",
            None,
            None,
            "부산 북항 재개발 2단계 사업이 3일 착공식을 열고 본격적인 공사에 들어갔다.",
            (),
            "",
            None,
        ),
        (
            "http://hangyeol.example/rss/news/view.php?id=8809",  # relative to the feed URL
            "http://hangyeol.example/rss/news/view.php?id=8809",
            "전통시장 온누리상품권 환급 행사 연장",
            None,
            None,
            "중소벤처기업부는 전통시장 온누리상품권 환급 행사를 이달 말까지 연장한다고 밝혔다.",
            (),
            "",
            None,
        ),
    ]


def test_rss092() -> None:
    feed = parse_feed(load("rss092.xml"), "http://nuri.example/stock/rss.xml")
    assert (feed.kind, feed.title, feed.link) == (
        "rss",
        "누리경제 증권",
        "http://nuri.example/stock/",
    )
    assert rows(feed) == [
        (
            "http://nuri.example/stock/article/2025120316350001",
            "http://nuri.example/stock/article/2025120316350001",
            "코스피, 외국인 순매수에 2,900선 회복",
            None,
            None,
            "코스피가 외국인 매수세에 힘입어 석 달 만에 2,900선을 회복했다.",  # escaped <p> dropped
            (),
            "증권",
            "http://nuri.example/photo/2025/12/03/kospi.png",
        ),
        (
            "http://nuri.example/stock/article/2025120314100002",
            "http://nuri.example/stock/article/2025120314100002",
            "반도체 장비주 강세… 수출 회복 기대감",
            None,
            None,
            "반도체 장비 업체들의 주가가 일제히 올랐다.",
            (),
            "증권",
            None,
        ),
    ]


def test_rss10_rdf() -> None:
    feed = parse_feed(load("rss10.rdf"), "https://dongnae.example/rss/local.rdf")
    assert (feed.kind, feed.title) == ("rss", "동네방송 지역뉴스")
    assert feed.link == "https://dongnae.example/local/"
    assert rows(feed) == [
        (
            "https://dongnae.example/local/1203/bus",
            "https://dongnae.example/local/1203/bus",  # rdf:about
            "수원시, 심야 마을버스 3개 노선 신설",
            "2025-12-03T21:10:00+09:00",  # dc:date, the only date, is the publication time
            None,
            "수원시가 다음 달부터 심야 마을버스 3개 노선을 새로 운행한다.",
            ("윤가람",),
            "지역",  # dc:subject
            None,
        ),
        (
            "https://dongnae.example/local/1203/library",
            "https://dongnae.example/local/1203/library",
            "구립도서관 야간 개관 시간 밤 10시까지 연장",
            "2025-12-03T06:30:00+00:00",
            None,
            "구립도서관 다섯 곳이 평일 야간 개관 시간을 밤 10시까지 늘린다.",
            ("한지우",),
            "문화",
            None,
        ),
    ]


# Atom ------------------------------------------------------------------------------------------


def test_atom03() -> None:
    feed = parse_feed(load("atom03.xml"), "http://bareun.example/atom.xml")
    assert (feed.kind, feed.title, feed.link) == (
        "atom",
        "바른소리 블로그뉴스",
        "http://bareun.example/",
    )
    assert rows(feed) == [
        (
            "http://bareun.example/2025/12/03/rent",
            "tag:bareun.example,2025-12-03:rent",
            "청년 월세 지원 신청 첫날 접속 폭주",
            "2025-12-03T20:00:00+09:00",  # issued
            "2025-12-03T11:30:00+00:00",  # modified
            "청년 월세 특별지원 신청 첫날 접수 사이트에 접속자가 몰려 한때 마비됐다.",
            ("서민재",),
            "",
            None,
        ),
        (
            "http://bareun.example/2025/12/03/power",
            "tag:bareun.example,2025-12-03:power",
            "겨울철 전기요금 누진제 완화 검토",
            "2025-12-03T08:00:00+09:00",  # Atom 0.3 allowed issued without a zone: KST
            "2025-12-03T08:00:00+00:00",
            "정부가 겨울철 전기요금 누진제 완화를 검토하고 있다.",  # escaped-mode content
            ("바른소리 편집국",),  # the feed's author, as Atom says
            "",
            None,
        ),
    ]


def test_atom10() -> None:
    feed = parse_feed(load("atom10.xml"), "https://haneul.example/atom.xml")
    assert (feed.kind, feed.title, feed.link) == ("atom", "하늘뉴스", "https://haneul.example/")
    assert rows(feed) == [
        (
            "https://haneul.example/science/2025/12/04/nuri-5",  # against xml:base
            "tag:haneul.example,2025-12-04:nuri-5",
            "누리호 5차 발사 성공… 위성 4기 궤도 안착",  # type="html": tags dropped
            "2025-12-04T01:12:00+09:00",
            "2025-12-04T09:20:00+09:00",
            "한국형 발사체 누리호가 5차 발사에 성공했다.\n실용위성 4기가 목표 궤도에 올랐다.",
            ("강도현", "오수빈"),
            "과학",  # the label, not the term "science"
            "https://haneul.example/media/2025/12/nuri-5.png",  # link rel="enclosure"
        ),
        (
            "https://haneul.example/it/2025/12/03/ai-act",
            "urn:uuid:6f1c7a52-91b4-4d53-9f3e-0c2a1e7d8b10",
            "AI 기본법 시행령 입법예고",
            "2025-12-03T15:00:00+00:00",  # only <updated>: it is the publication time
            None,
            "과학기술정보통신부가 AI 기본법 시행령 제정안을 입법예고했다.",  # xhtml content
            ("하늘뉴스 편집부",),
            "IT",
            None,
        ),
    ]


# JSON Feed -------------------------------------------------------------------------------------


def test_json_feed_11() -> None:
    feed = parse_feed(load("feed.json"), "https://baro.example/feed.json")
    assert (feed.kind, feed.title, feed.link) == (
        "jsonfeed",
        "바로뉴스 속보",
        "https://baro.example/",
    )
    assert rows(feed) == [
        (
            "https://baro.example/article/77116",
            "77116",  # a numeric id, coerced to a string as the spec asks
            "올겨울 첫 한파주의보… 내일 아침 영하 10도",
            "2025-12-04T22:10:00+09:00",
            None,
            "기상청은 5일 아침 중부 내륙에 한파주의보를 내렸다.",
            ("문하람",),
            "날씨",
            None,
        ),
        (
            "https://baro.example/article/77120",  # relative url resolved
            "https://baro.example/article/77120",
            "수도권 광역급행철도 C노선 착공식 열려",
            "2025-12-04T14:00:00+09:00",
            "2025-12-04T15:30:00+09:00",
            "수도권 광역급행철도(GTX) C노선이 착공식을 열고 공사에 들어갔다.",
            ("임채원", "노태윤"),
            "사회",
            "https://baro.example/images/2025/12/04/gtx-c.jpg",
        ),
        (
            "https://baro.example/article/77118",  # no url: the id is one
            "https://baro.example/article/77118",
            "프로야구 FA 시장 개장… 최대어는 누구",
            "2025-12-04T03:00:00+00:00",
            None,
            "프로야구 자유계약선수(FA) 시장이 문을 열었다.\n올해 최대어로는 외야수 세 명이 꼽힌다.",
            ("바로뉴스",),  # the feed's authors
            "스포츠",
            None,
        ),
    ]
    assert feed.warnings == (
        "item 3 ('링크 없는 항목') skipped: no http(s) url, and its id is not a URL",
    )


def test_json_feed_10() -> None:
    feed = parse_source(load("feed10.json"), "https://sodam.example/feed.json", "application/json")
    assert (feed.kind, feed.title, feed.link) == (
        "jsonfeed",
        "소담매거진",
        "https://sodam.example/",
    )
    assert rows(feed) == [
        (
            "https://sodam.example/life/kimjang-2025",
            "sodam-2025-12-05-kimjang",
            "김장철 배추값 작년보다 15% 내려",
            "2025-12-05T10:00:00+09:00",  # no offset: KST
            None,
            "올해 김장 비용이 지난해보다 다소 줄어들 전망이다.",
            ("배하은",),  # 1.0 "author" object
            "생활",
            None,
        ),
        (
            "https://sodam.example/travel/hanok-stay",
            "sodam-2025-12-04-hanok",
            "겨울 한옥 스테이 다섯 곳",
            "2025-12-04T09:00:00+09:00",
            None,
            "따뜻한 온돌방에서 보내는 겨울밤.\n전국의 한옥 숙소 다섯 곳을 골랐다.",
            ("소담매거진 편집팀",),
            "",
            "https://sodam.example/img/hanok.jpg",
        ),
    ]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b'{"version": "https://jsonfeed.org/version/2", "items": []}', "unsupported JSON Feed"),
        (b'{"version": "https://example.org/feed", "items": []}', "not a JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "title": "x"}', "'items'"),
        (b'[{"title": "list"}]', "not an object"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "invalid JSON"),
    ],
)
def test_json_that_is_not_a_json_feed(document: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_feed(document, "https://baro.example/feed.json")


def test_not_jsonfeed_fixture() -> None:
    with pytest.raises(ParseError, match=r"not a JSON Feed.*version"):
        parse_source(load("not-jsonfeed.json"), "https://baro.example/api", "application/json")


# Links, guids, dates ---------------------------------------------------------------------------

MINI = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>미니</title><link>/</link><description>-</description>
{items}
</channel></rss>"""


def mini(*items: str) -> ParsedSource:
    return parse_feed(MINI.format(items="\n".join(items)).encode(), "https://mini.example/rss")


def test_guid_rules() -> None:
    feed = mini(
        "<item><title>a</title><guid>abc-1</guid></item>",  # permalink by default, not a URL
        "<item><title>b</title><guid>/news/2</guid></item>",  # a permalink path
        "<item><title>c</title><link>javascript:alert(1)</link></item>",
        "<item><title>d</title><link>/news/4</link><guid>4</guid></item>",
        "<item><title>e</title><link>https://mini.example/news/5</link></item>",
    )
    assert feed.link == "https://mini.example/"
    assert [(e.title, e.url, e.guid) for e in feed.entries] == [
        ("b", "https://mini.example/news/2", "/news/2"),
        ("d", "https://mini.example/news/4", "4"),  # the raw guid, not made absolute
        ("e", "https://mini.example/news/5", "https://mini.example/news/5"),
    ]
    assert feed.warnings == (
        "entry 1 ('a') skipped: no http(s) link, and its id is not a URL",
        "entry 3 ('c'): link 'javascript:alert(1)' is not an http(s) URL",
        "entry 3 ('c') skipped: no http(s) link, and its id is not a URL",
    )


def test_entries_newest_first_undated_last() -> None:
    feed = mini(
        "<item><title>undated</title><link>/1</link></item>",
        "<item><title>old</title><link>/2</link>"
        "<pubDate>Mon, 01 Dec 2025 09:00:00 +0900</pubDate></item>",
        "<item><title>new</title><link>/3</link><pubDate>2025-12-01T01:00:00Z</pubDate></item>",
        "<item><title>undated 2</title><link>/4</link></item>",
    )
    assert [e.title for e in feed.entries] == ["new", "old", "undated", "undated 2"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Tue, 02 Dec 2025 22:41:07 +0900", "2025-12-02T22:41:07+09:00"),
        ("Tue, 02 Dec 2025 22:41:07+0900", "2025-12-02T22:41:07+09:00"),
        ("Tue, 02 Dec 2025 22:41:07 KST", "2025-12-02T22:41:07+09:00"),
        ("Tue, 02 Dec 2025 13:41:07 GMT", "2025-12-02T13:41:07+00:00"),
        ("Tue, 2 Dec 25 13:41 -0500", "2025-12-02T13:41:00-05:00"),
        ("2 Dec 2025 13:41:07 EST", "2025-12-02T13:41:07-05:00"),
        ("Tue, 02 Dec 2025 22:41:07", "2025-12-02T22:41:07+09:00"),
        ("2025-12-02T22:41:07+09:00", "2025-12-02T22:41:07+09:00"),
        ("2025-12-02T13:41:07Z", "2025-12-02T13:41:07+00:00"),
        ("2025-12-02T13:41:07.250+0000", "2025-12-02T13:41:07.250000+00:00"),
        ("2025-12-02T22:41:07", "2025-12-02T22:41:07+09:00"),
        ("2025-12-02 22:41", "2025-12-02T22:41:00+09:00"),
        ("2025.12.02 22:41", "2025-12-02T22:41:00+09:00"),
        ("2025-12-02", "2025-12-02T00:00:00+09:00"),
        ("2025년 12월 2일 오후 10:41", "2025-12-02T22:41:00+09:00"),
        ("2025-12-02 오전 12:05:00", "2025-12-02T00:05:00+09:00"),
        ("Tue, 02 Dec 2025 22:41:07 XYZ", None),  # an unknown zone is not silently KST
        ("2025-02-30", None),
        ("어제", None),
    ],
)
def test_dates(raw: str, expected: str | None) -> None:
    feed = mini(f"<item><title>t</title><link>/1</link><pubDate>{raw}</pubDate></item>")
    assert iso(feed.entries[0].published) == expected
    if expected is None:
        assert feed.warnings == (f"entry 1 ('t'): unreadable published date {raw!r} ignored",)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # feedparser reads this as the year 900; we read asctime ourselves
        ("Tue Dec  2 22:41:07 2025 +0900", "2025-12-02T22:41:07+09:00"),
        ("Tue Dec 2 22:41:07 KST 2025", "2025-12-02T22:41:07+09:00"),
        # only feedparser reads Greek month names: its UTC tuple is used as the zone was given
        (
            "\u03a4\u03c1\u03b9, 02 \u0394\u03b5\u03ba 2025 22:41:07 +0900",
            "2025-12-02T13:41:07+00:00",
        ),
        # feedparser misreads ISO week dates (1 November); better no date than a wrong one
        ("2025-W49-2T22:41:07Z", None),
    ],
)
def test_dates_beyond_our_parser(raw: str, expected: str | None) -> None:
    feed = mini(f"<item><title>t</title><link>/1</link><pubDate>{raw}</pubDate></item>")
    assert iso(feed.entries[0].published) == expected


def test_pubdate_without_a_space_before_the_zone(caplog: pytest.LogCaptureFixture) -> None:
    # Korean feeds write the offset right after the seconds, on every item.
    pub_date = "Sat, 31 Dec 2005 13:47:03+0900"
    items = [
        f"<item><title>{n}</title><link>/{n}</link><pubDate>{pub_date}</pubDate></item>"
        for n in range(3)
    ]
    with caplog.at_level(logging.DEBUG):
        feed = mini(*items)
    assert [iso(entry.published) for entry in feed.entries] == ["2005-12-31T13:47:03+09:00"] * 3
    assert feed.warnings == ()
    assert not [r for r in caplog.records if "unreadable" in r.getMessage()]


# Broken input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("html-not-feed.html", "HTML page"),
        ("empty.xml", "empty document"),
        ("truncated.xml", "no entry could be read"),
        ("not-jsonfeed.json", "not a JSON Feed"),
        ("news-sitemap.xml", "a sitemap"),
        ("subscriptions.opml", "OPML"),
    ],
)
def test_parse_feed_refuses(name: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_feed(load(name), "https://saebyeok.example/rss/all.xml")


@pytest.mark.parametrize(
    "junk",
    [
        bytes(range(256)) * 8,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
        b"   \n\t ",
        "그냥 글자입니다".encode(),
        b"<rss",
    ],
)
def test_binary_and_text_junk(junk: bytes) -> None:
    with pytest.raises(ParseError):
        parse_feed(junk, "https://saebyeok.example/rss/all.xml")
    with pytest.raises(ParseError):
        parse_source(junk, "https://saebyeok.example/rss/all.xml")


def test_small_defect_is_accepted_with_a_warning() -> None:
    feed = parse_feed(load("rss20-bozo.xml"), "http://hangyeol.example/rss.xml")
    assert [(e.title, e.url) for e in feed.entries] == [
        (
            "여야 원내대표 회동 & 법안 처리 합의",
            "http://hangyeol.example/news/view.php?id=8820&sec=politics",
        ),
        (
            "국립중앙박물관 겨울 특별전 개막",
            "http://hangyeol.example/news/view.php?id=8818&sec=culture",
        ),
    ]
    assert len(feed.warnings) == 1
    assert feed.warnings[0].startswith("feed is not well-formed XML (")


def test_valid_feed_without_items_is_empty_not_an_error() -> None:
    feed = mini()
    assert feed.entries == ()
    assert feed.warnings == ()


def test_content_is_never_taken_for_a_path_or_an_address() -> None:
    # feedparser.parse(bytes) would open() a file of that name; ours must not.
    path = str(FIXTURES / "rss20.xml").encode()
    with pytest.raises(ParseError, match="does not start with an XML element"):
        parse_feed(path, "https://saebyeok.example/rss/all.xml")
    with pytest.raises(ParseError):
        parse_feed(b"https://saebyeok.example/rss/all.xml", "https://saebyeok.example/")


# XML safety ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reader"),
    [
        ("billion-laughs.xml", "feed"),
        ("xxe-feed.xml", "feed"),
        ("billion-laughs-sitemap.xml", "sitemap"),
        ("xxe.xml", "sitemap"),
        ("billion-laughs.opml", "opml"),
        ("xxe.opml", "opml"),
    ],
)
def test_entity_attacks_are_refused(name: str, reader: str) -> None:
    content = load(name)
    with pytest.raises(ParseError, match="refused"):
        read_with(reader, content)
    if reader != "opml":
        with pytest.raises(ParseError, match="refused"):
            parse_source(content, "https://evil.example/x")


def read_with(reader: str, content: bytes) -> object:
    if reader == "feed":
        return parse_feed(content, "https://evil.example/rss")
    if reader == "sitemap":
        return parse_sitemap(content, "https://evil.example/sitemap.xml")
    return parse_opml(content)


def test_entity_declaration_hidden_behind_a_quoted_bracket() -> None:
    sneaky = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ATTLIST rss x CDATA "]>">\n'
        b'<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
        b'<rss version="2.0"><channel><title>&b;</title></channel></rss>'
    )
    with pytest.raises(ParseError, match="refused"):
        parse_feed(sneaky, "https://evil.example/rss")


# Sitemaps --------------------------------------------------------------------------------------


def test_plain_sitemap() -> None:
    sitemap = parse_sitemap(load("sitemap.xml"), "https://saebyeok.example/sitemap.xml")
    assert (sitemap.kind, sitemap.title, sitemap.link) == ("sitemap", "", "")
    assert rows(sitemap) == [
        (
            SAEBYEOK + "20451",
            SAEBYEOK + "20451",
            "",
            None,
            "2025-12-02T22:41:07+09:00",  # lastmod is a change time, not a publication time
            "",
            (),
            "",
            None,
        ),
        (
            SAEBYEOK + "20450&page=1",
            SAEBYEOK + "20450&page=1",
            "",
            None,
            "2025-12-02T00:00:00+09:00",  # a bare date: midnight KST
            "",
            (),
            "",
            None,
        ),
        (
            "https://saebyeok.example/about/",
            "https://saebyeok.example/about/",
            "",
            None,
            None,
            "",
            (),
            "",
            None,
        ),
    ]
    assert sitemap.warnings == ("url 4 skipped: no <loc>",)


def test_news_sitemap() -> None:
    sitemap = parse_sitemap(load("news-sitemap.xml"), "https://nuri.example/sitemap-news.xml")
    assert (sitemap.kind, sitemap.title) == ("sitemap", "누리경제")  # news:publication/news:name
    assert rows(sitemap) == [
        (
            "https://nuri.example/economy/article/2025120509120001",
            "https://nuri.example/economy/article/2025120509120001",
            "원·달러 환율 1,380원대 하락 출발",
            "2025-12-05T09:12:00+09:00",
            "2025-12-05T09:40:00+09:00",
            "",
            (),
            "",
            "https://nuri.example/photo/2025/12/05/fx.jpg",  # image:image/image:loc
        ),
        (
            "https://nuri.example/economy/article/2025120507300002",
            "https://nuri.example/economy/article/2025120507300002",
            '"반도체 수출 석 달째 증가"… 11월 무역수지 흑자',
            "2025-12-04T22:30:00+00:00",  # 07:30 KST on the 5th
            None,
            "",
            (),
            "",
            None,
        ),
        (
            "https://nuri.example/economy/article/2025120511000003",  # relative loc resolved
            "https://nuri.example/economy/article/2025120511000003",
            "부동산 정책 점검 회의 개최",
            "2025-12-05T00:00:00+09:00",
            None,
            "",
            (),
            "",
            None,
        ),
    ]
    assert sitemap.warnings == ()


def test_sitemap_index() -> None:
    index = parse_sitemap(load("sitemap-index.xml"), "https://nuri.example/sitemap.xml")
    assert index.kind == "sitemapindex"
    assert index.entries == ()
    assert index.sitemaps == (
        "https://nuri.example/sitemaps/news.xml",
        "https://nuri.example/sitemaps/2025-12.xml.gz",
        "https://nuri.example/sitemaps/2025-11.xml.gz",
    )


def test_gzip_sitemap() -> None:
    plain = parse_sitemap(load("sitemap.xml"), "https://saebyeok.example/sitemap.xml")
    packed = gzip.compress(load("sitemap.xml"), mtime=0)
    assert packed[:2] == b"\x1f\x8b"
    assert parse_sitemap(packed, "https://saebyeok.example/sitemap.xml.gz").entries == plain.entries
    assert parse_source(packed, "https://saebyeok.example/sitemap.xml.gz").entries == plain.entries


def test_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b" " * (50 * 1024 * 1024 + 1), compresslevel=1, mtime=0)
    assert len(bomb) < 300_000
    with pytest.raises(ParseError, match="inflates past 52428800 bytes"):
        parse_sitemap(bomb, "https://evil.example/sitemap.xml.gz")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (gzip.compress(b"<urlset/>", mtime=0)[:12], "truncated gzip"),
        (b"\x1f\x8b\x08\x00" + b"\xff" * 20, "corrupt gzip"),
    ],
)
def test_broken_gzip(content: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_sitemap(content, "https://evil.example/sitemap.xml.gz")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("html-not-feed.html", "not well-formed|HTML"),
        ("rss20.xml", r"not a sitemap: the root element is <rss>"),
        ("empty.xml", "empty"),
        ("truncated.xml", "not well-formed"),
    ],
)
def test_parse_sitemap_refuses(name: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_sitemap(load(name), "https://saebyeok.example/sitemap.xml")


# Detection -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content_type", "kind"),
    [
        ("rss20.xml", "application/rss+xml", "rss"),
        ("rss20.xml", "text/html; charset=utf-8", "rss"),  # a wrong label does not matter
        ("rss091.xml", None, "rss"),
        ("rss10.rdf", "application/rdf+xml", "rss"),
        ("atom03.xml", "application/xml", "atom"),
        ("atom10.xml", "application/atom+xml", "atom"),
        ("feed.json", "application/feed+json", "jsonfeed"),
        ("feed10.json", "text/plain", "jsonfeed"),
        ("sitemap.xml", "text/xml", "sitemap"),
        ("news-sitemap.xml", "application/rss+xml", "sitemap"),
        ("sitemap-index.xml", None, "sitemapindex"),
    ],
)
def test_parse_source_detects_by_content(name: str, content_type: str | None, kind: str) -> None:
    assert parse_source(load(name), "https://any.example/x", content_type).kind == kind


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("rss20-euckr.xml", "feed"),
        ("feed.json", "json"),
        ("not-jsonfeed.json", "json"),
        ("sitemap-index.xml", "sitemap"),
        ("subscriptions.opml", "opml"),
        ("html-not-feed.html", "html"),
        ("empty.xml", "empty"),
    ],
)
def test_detect_format(name: str, found: str) -> None:
    assert detect_format(load(name)) == found


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("html-not-feed.html", r"an HTML page \(served as text/html\), not a feed or sitemap"),
        ("empty.xml", "empty document"),
        ("subscriptions.opml", "parse_opml"),
        ("truncated.xml", "no entry could be read"),
    ],
)
def test_parse_source_refuses(name: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_source(load(name), "https://saebyeok.example/rss/all.xml", "text/html")


# OPML ------------------------------------------------------------------------------------------

SUBSCRIPTIONS = [
    Outline(
        "https://saebyeok.example/rss/all.xml",
        "새벽일보 - 전체기사",
        "https://saebyeok.example/",
        "종합",
    ),
    Outline("http://hangyeol.example/rss/091.xml", "한결신문 주요뉴스", "", "종합"),
    Outline(
        "http://nuri.example/stock/rss.xml", "누리경제 증권", "http://nuri.example/stock/", "경제"
    ),
    # nested two folders deep: the nearest folder is the category
    Outline(
        "http://bareun.example/atom.xml", "바른소리 블로그뉴스", "http://bareun.example/", "블로그"
    ),
    # top level with category="/과학/IT": its last segment
    Outline("https://haneul.example/atom.xml", "하늘뉴스", "https://haneul.example/", "IT"),
    Outline("https://baro.example/feed.json", '바로뉴스 & "속보"', "", ""),  # title from text=
]


def test_parse_opml_20_nested() -> None:
    assert parse_opml(load("subscriptions.opml")) == SUBSCRIPTIONS


def test_parse_opml_10_in_euckr() -> None:
    assert parse_opml(load("subscriptions-v1.opml")) == [
        Outline("http://golmok.example/rss.xml", "똠골목일보", "http://golmok.example/", "지역"),
        Outline("https://dongnae.example/rss/local.rdf", "동네방송", "", ""),
    ]


def test_opml_round_trip() -> None:
    written = write_opml(SUBSCRIPTIONS, "랭크뉴스 구독 목록")
    assert written.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<opml version=\"2.0\">")
    assert "<title>랭크뉴스 구독 목록</title>".encode() in written
    assert parse_opml(written) == SUBSCRIPTIONS
    assert parse_opml(write_opml(parse_opml(written), "x")) == SUBSCRIPTIONS


def test_opml_escaping() -> None:
    tricky = [
        Outline(
            "https://a.example/rss?x=1&y=<2>",
            "따옴표 \"큰\" '작은' & <꺾쇠>",
            "https://a.example/?a=1&b=2",
            "경제 & 증권",
        ),
        Outline("https://b.example/rss", "줄\n바꿈\t탭", "", "경제 & 증권"),
        Outline("https://c.example/rss", "제어\x00문자\x0b없음", "", ""),
    ]
    written = write_opml(tricky, "제목 <&>")
    assert b"&lt;" in written
    assert b"&amp;" in written
    assert b"\x00" not in written
    assert parse_opml(written) == [
        tricky[0],
        tricky[1],
        Outline("https://c.example/rss", "제어문자없음", "", ""),  # not representable in XML
    ]
    assert written.count(b'text="\xea\xb2\xbd\xec\xa0\x9c &amp; \xec\xa6\x9d\xea\xb6\x8c"') == 1


def test_write_opml_needs_urls() -> None:
    with pytest.raises(InvalidInput):
        write_opml([Outline("", "주소 없음")], "x")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"<opml version='2.0'><head/></opml>", "no <body>"),
        (b"<rss version='2.0'/>", "not an OPML"),
        (b"<opml><body><outline", "not well-formed"),
    ],
)
def test_parse_opml_refuses(content: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_opml(content)


# Helpers and the package ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bylines", "names"),
    [
        (["jieun.lee@saebyeok.example (이지은·박도윤 기자)"], ("이지은", "박도윤")),
        (["Park Jisu <park@a.example>"], ("Park Jisu",)),
        (["오수빈 (subin@haneul.example)"], ("오수빈",)),
        (["news@a.example"], ()),
        (["정우진 특파원, 한결 선임기자", "정우진"], ("정우진", "한결")),
        (["박도윤기자"], ("박도윤",)),
        (["김기자"], ("김기자",)),  # too little would be left
        (["", "  "], ()),
    ],
)
def test_author_names(bylines: list[str], names: tuple[str, ...]) -> None:
    assert author_names(bylines) == names


def test_every_public_name_is_in_all() -> None:
    for info in pkgutil.walk_packages(ranknews.sources.__path__, "ranknews.sources."):
        module = importlib.import_module(info.name)
        defined = {
            name
            for name, value in vars(module).items()
            if not name.startswith("_")
            and (inspect.isfunction(value) or inspect.isclass(value))
            and value.__module__ == info.name
        }
        assert defined <= set(module.__all__), info.name
        assert all(hasattr(module, name) for name in module.__all__), info.name
