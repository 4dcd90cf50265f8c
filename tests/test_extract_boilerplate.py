"""Boilerplate out of the article text."""

from __future__ import annotations

import pytest

from ranknews.extract import extract
from ranknews.extract.boilerplate import Block, clean_blocks, is_boilerplate, is_date_line


@pytest.mark.parametrize(
    "line",
    [
        "ⓒ 한빛일보, 무단전재 및 재배포 금지",
        "<저작권자 ⓒ 동녘신문 무단전재 및 재배포금지>",
        "Copyright ⓒ 가람일보 All rights reserved.",
        "<저작권자(c) 한결통신, 무단 전재-재배포, AI 학습 및 활용 금지>",
        "관련기사",
        "많이 본 뉴스",
        "▶ 관련기사 : 고랭지 배추 가격 한 달 새 40% 올라",
        "▶ 한울뉴스 구독하고 강원 소식 받아보기",
        "네이버 메인에서 겨레누리를 구독하세요",
        "다온뉴스 앱 다운로드",
        "[다온뉴스 기사제보] 카카오톡 채널 추가 / 이메일 tip@daon.example",
        "좋아요 12 화나요 0 슬퍼요 1",
        "[광고] 여름 휴가철 특가 숙박 예약",
        "영상취재 : 정우석 / 영상편집 : 백소연",
        "홈 | 정치 | 경제 | 사회 | 국제 | 문화",
        "hong@hanbit.example",
        "입력 2025.02.03 14:22 | 수정 2025.02.03 16:05",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "광고 시장은 지난해 처음으로 역성장했다.",
        "구독경제 시장이 해마다 20%씩 커지고 있다는 분석이 나왔다.",
        "이날 회의는 오후 2시에 시작됐다.",
        "댓글 조작 의혹을 받는 업체 대표가 구속됐다. 법원은 증거 인멸 우려가 있다고 봤다.",
        "※ 이 기사는 관세청 자료를 바탕으로 작성됐습니다.",
    ],
)
def test_article_sentences_are_kept(line: str) -> None:
    assert not is_boilerplate(line)


def test_date_lines() -> None:
    assert is_date_line("기사입력 2025.02.03. 오전 9:12")
    assert is_date_line("2025.01.15 10:30")
    assert not is_date_line("2025년 2월 3일 서울시는 새 계획을 발표했다.")


def test_clean_blocks_drops_header_meta_captions_and_keeps_bylines_aside() -> None:
    blocks = [
        Block("가람일보 2025년 2월 3일"),
        Block("홈 | 정치 | 경제 | 사회"),
        Block("[단독] 수상버스 멈춘다"),
        Block("입력 2025.02.03 14:22"),
        Block("이가온 기자 · 정태민 기자"),
        Block("서울시가 수상버스 운항을 멈추기로 했다. 배터리 결함 때문이다."),
        Block("수상버스가 정박해 있다. /한결통신"),
        Block("시는 이달 안에 점검 결과를 공개한다."),
        Block("설 연휴 고속도로 정체 최대 8시간", link_ratio=1.0),
        Block("이가온 기자 gaon@saebom.example"),
        Block("저작권자 © 새봄일보 무단전재 및 재배포 금지"),
        Block("한결통신"),
    ]
    cleaned = clean_blocks(
        blocks,
        title="수상버스 멈춘다",
        titles=["[단독] 수상버스 멈춘다"],
        outlets=["새봄일보"],
        captions=["수상버스가 정박해 있다. /한결통신"],
    )
    assert cleaned.paragraphs == [
        "서울시가 수상버스 운항을 멈추기로 했다. 배터리 결함 때문이다.",
        "시는 이달 안에 점검 결과를 공개한다.",
    ]
    assert cleaned.bylines == [
        "이가온 기자 · 정태민 기자",
        "이가온 기자 gaon@saebom.example",
        "한결통신",
    ]


def test_extracted_text_has_no_boilerplate() -> None:
    page = """<html><head><title>정부, 전기요금 동결 - 한빛일보</title>
    <meta property="og:site_name" content="한빛일보"></head><body>
    <h1>정부, 전기요금 동결</h1><p class="byline">홍길동 기자</p>
    <div class="article-body">
    <p>정부가 2분기 전기요금을 동결하기로 했다. 물가 부담을 고려한 결정이다.</p>
    <p>산업통상자원부는 21일 이런 내용의 요금 조정안을 발표했다.
    한국전력의 적자는 더 쌓이게 됐다.</p>
    <p>▶ 관련기사: 한전 적자 200조원 넘어</p>
    <p>홍길동 기자 gildong@hanbit.example</p>
    <p>ⓒ 한빛일보, 무단전재 및 재배포 금지</p>
    <p>한빛일보 뉴스레터를 구독하세요 <a href="/newsletter">구독하기</a></p>
    </div></body></html>"""
    got = extract(page, "https://www.hanbit.example/news/9")
    assert got.text.split("\n") == [
        "정부가 2분기 전기요금을 동결하기로 했다. 물가 부담을 고려한 결정이다.",
        "산업통상자원부는 21일 이런 내용의 요금 조정안을 발표했다. "
        "한국전력의 적자는 더 쌓이게 됐다.",
    ]
    assert got.authors == ("홍길동",)
