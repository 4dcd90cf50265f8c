"""Reporter names out of printed bylines."""

from __future__ import annotations

import pytest

from ranknews.extract.bylines import (
    dateline_byline,
    is_byline_line,
    is_org_line,
    names_from_dateline,
    parse_byline,
)

OUTLETS = ["한결통신", "한빛일보"]


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("홍길동 기자", ("홍길동",)),
        ("홍길동기자", ("홍길동",)),
        ("홍길동·김철수 기자", ("홍길동", "김철수")),
        ("홍길동 김철수 기자", ("홍길동", "김철수")),
        ("홍길동, 김철수 기자", ("홍길동", "김철수")),
        ("(서울=한결통신) 홍길동 기자 =", ("홍길동",)),
        ("글·사진 홍길동 기자", ("홍길동",)),
        ("홍길동 선임기자", ("홍길동",)),
        ("홍길동 특파원 gildong@hanbit.example", ("홍길동",)),
        ("홍길동 기자 (gildong@hanbit.example)", ("홍길동",)),
        ("홍길동 기자(gildong@hanbit.example)", ("홍길동",)),
        ("홍길동 gildong@hanbit.example", ("홍길동",)),
        ("고은비 기자 · 노재석 기자", ("고은비", "노재석")),
        ("한결통신 김지훈 기자", ("김지훈",)),
        ("한빛일보 디지털뉴스팀·한결통신", ()),
        ("한결통신", ()),
        ("한예슬 에디터", ("한예슬",)),
        ("빛가람뉴스 국제부 서하늘 기자", ("서하늘",)),
        ("남궁현 기자", ("남궁현",)),
        ("김철수 기자가 현장을 찾았다", ()),
        ("gildong@hanbit.example", ()),
    ],
)
def test_parse_byline(byline: str, names: tuple[str, ...]) -> None:
    assert parse_byline(byline, OUTLETS) == names


def test_wire_dateline() -> None:
    first = "(서울=한결통신) 고은비 노재석 기자 = 수도권에 첫 대설주의보가 내려졌다."
    assert names_from_dateline(first, OUTLETS) == ("고은비", "노재석")
    assert names_from_dateline("(워싱턴=미래일보) 이수진 특파원 = 연준이…", []) == ("이수진",)
    assert names_from_dateline("서울시가 계획을 내놨다.", OUTLETS) == ()
    assert dateline_byline(first) == "(서울=한결통신) 고은비 노재석 기자"
    assert dateline_byline("서울시가 계획을 내놨다.") == ""
    assert names_from_dateline("[한빛일보 홍길동 기자] 서울시가 계획을 내놨다.", OUTLETS) == (
        "홍길동",
    )
    assert dateline_byline("[한빛일보 홍길동 기자] 서울시가…") == "한빛일보 홍길동 기자"
    assert names_from_dateline("홍길동 김철수 기자 = 서울시가 계획을 내놨다.") == (
        "홍길동",
        "김철수",
    )
    assert names_from_dateline("[사진] 서울시가 계획을 내놨다.", OUTLETS) == ()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("홍길동 기자 gildong@hanbit.example", True),
        ("gildong@hanbit.example kim@hanbit.example", True),
        ("고은비 기자 · 노재석 기자", True),
        ("글·사진 홍길동 기자", True),
        ("(서울=한결통신) 홍길동 기자 = 서울시가 계획을 내놨다.", False),
        ("홍길동 기자는 이렇게 말했다.", False),
    ],
)
def test_byline_lines(line: str, expected: bool) -> None:
    assert is_byline_line(line, OUTLETS) is expected


def test_org_lines() -> None:
    assert is_org_line("한결통신", OUTLETS)
    assert is_org_line("푸른방송 뉴스", [])
    assert not is_org_line("서울시가 계획을 내놨다", OUTLETS)
