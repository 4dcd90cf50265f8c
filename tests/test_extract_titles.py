"""Headlines: outlet suffixes, breadcrumbs and labels."""

from __future__ import annotations

import re

import pytest

from ranknews.extract.titles import (
    breadcrumb_section,
    clean_title,
    split_labels,
    split_prefix,
    split_suffix,
    strip_outlet,
)


@pytest.mark.parametrize(
    ("raw", "title", "labels"),
    [
        ("[속보] 서울 첫 대설주의보", "서울 첫 대설주의보", ("속보",)),
        ("[단독] 수상버스 멈춘다", "수상버스 멈춘다", ("단독",)),
        ("[포토] 벚꽃길 활짝", "벚꽃길 활짝", ("포토",)),
        ("[르포] 해발 1100m 배추밭", "해발 1100m 배추밭", ("르포",)),
        ("환율 1,390원대 마감(종합)", "환율 1,390원대 마감", ("종합",)),
        ("기후총회 합의문 채택(2보)", "기후총회 합의문 채택", ("2보",)),
        ("반도체 수출 반등(종합2보)", "반도체 수출 반등", ("종합", "2보")),
        ("[속보] [단독] 제목(종합2보)", "제목", ("속보", "단독", "종합", "2보")),
        ("【속보】 제목", "제목", ("속보",)),
        ("[속보·단독] 제목", "제목", ("속보", "단독")),
        ("[2026 국감] 보좌진 채용 논란", "[2026 국감] 보좌진 채용 논란", ()),
        ("삼성전자(주) 실적 발표", "삼성전자(주) 실적 발표", ()),
        ("증시 반등(1)", "증시 반등(1)", ()),
        ("[속보]", "[속보]", ()),
    ],
)
def test_labels_split_out(raw: str, title: str, labels: tuple[str, ...]) -> None:
    parts = split_labels(raw)
    assert (parts.title, parts.labels) == (title, labels)


@pytest.mark.parametrize(
    ("raw", "outlets", "expected"),
    [
        ("제목 - 한빛일보", ["한빛일보"], "제목"),
        ("제목 | 동녘신문", ["동녘신문"], "제목"),
        ("제목 : 누리경제", ["누리경제"], "제목"),
        ("제목 :: 누리경제", ["누리경제"], "제목"),
        ("제목 < 사회 < 기사본문 - 오늘IT", ["오늘IT"], "제목"),
        ("제목 < 사회 < 기사본문 - 오늘IT", [], "제목"),
        ("[한빛일보] 제목", ["한빛일보"], "제목"),
        ("한빛일보 - 제목", ["한빛일보"], "제목"),
        ("A - B 협상 타결", ["한빛일보"], "A - B 협상 타결"),
        ("한빛일보", ["한빛일보"], "한빛일보"),
        ("제목 | 한빛일보 - 1등 인터넷신문", ["한빛일보"], "제목"),
    ],
)
def test_outlet_suffix_removed(raw: str, outlets: list[str], expected: str) -> None:
    assert strip_outlet(raw, outlets) == expected


def test_rule_suffix_patterns() -> None:
    pattern = re.compile(r"\s*::\s*가람일보 인터넷판$")
    assert strip_outlet("제목 :: 가람일보 인터넷판", [], [pattern]) == "제목"


def test_clean_title_combines_both() -> None:
    parts = clean_title("[단독] 국산 AI 칩 첫 공급(종합) | 별빛테크", ["별빛테크"])
    assert parts.title == "국산 AI 칩 첫 공급"
    assert parts.labels == ("단독", "종합")


def test_suffix_is_read_as_outlet_when_a_reference_headline_agrees() -> None:
    assert split_suffix("[속보] 제목 - 푸른방송 뉴스", ["[속보] 제목"]) == (
        "[속보] 제목",
        "푸른방송 뉴스",
    )
    # The headline itself contains " - ": only the last separator is the outlet's.
    assert split_suffix("A - B 협상 타결 - 한빛일보", ["A - B 협상 타결"]) == (
        "A - B 협상 타결",
        "한빛일보",
    )
    # No reference and a long tail: not an outlet.
    assert split_suffix("정부 - 노조 합의에 따라 다음 달부터 임금 인상 시행", []) == ("", "")
    assert split_suffix("제목 < 사회 < 기사본문 - 다온뉴스", []) == ("제목", "다온뉴스")


def test_prefix_needs_evidence() -> None:
    assert split_prefix("샘물신문 :: [속보] 제목", ["샘물신문"]) == ("[속보] 제목", "샘물신문")
    assert split_prefix("서울시 : 제목", ["샘물신문"]) == ("", "")


def test_breadcrumb_section() -> None:
    assert breadcrumb_section("제목 < 사회 < 기사본문 - 다온뉴스") == "사회"
    assert breadcrumb_section("제목 - 다온뉴스") == ""
