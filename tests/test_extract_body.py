"""Body blocks: trafilatura's extraction, ``<br>`` flows and rule-selected containers."""

from __future__ import annotations

import logging

import pytest

from ranknews.extract import extract
from ranknews.extract.body import element_blocks, paragraphize, trafilatura_blocks
from ranknews.extract.dom import parse_html

FIRST = "첫 문단이다. 여러 문장으로 이루어진 충분히 긴 기사 본문의 첫 문단이다."
SECOND = "둘째 문단이다. 광고 상자 바로 앞에 놓인 두 번째 문단이다."
THIRD = "셋째 문단이다. 광고 상자 뒤에 이어지는 문단으로 사라지면 안 된다."
FOURTH = "넷째 문단이다. 기사를 마무리하는 마지막 문단이다."
FLOW = (
    "<html><body><div id='wrap'><div class='article_txt'>"
    f"{FIRST}<br><br>{SECOND}<br><br>"
    "<div class='box'><p>상자 안의 문구</p></div>"
    f"{THIRD}<br><br>{FOURTH}"
    "</div></div></body></html>"
)


def test_paragraphize_keeps_text_after_a_nested_block() -> None:
    tree = parse_html(FLOW)
    paragraphize(tree)
    texts = [p.text_content() for p in tree.iter("p")]
    assert texts == [FIRST, SECOND, "상자 안의 문구", THIRD, FOURTH]
    blocks = [b.text for b in trafilatura_blocks(tree, "https://a.example/1")]
    assert THIRD in blocks
    assert FOURTH in blocks


def test_short_articles_keep_their_paragraphs() -> None:
    page = (
        "<html><head><title>짧은 기사 - 한빛일보</title></head><body>"
        "<h1>짧은 기사</h1><p class='byline'>홍길동 기자</p>"
        "<div class='article-body'><p>기상청은 3일 오전 10시를 기해 서울에 대설주의보를 내렸다.</p>"
        "<p>시는 제설 비상근무에 들어갔다.</p></div></body></html>"
    )
    got = extract(page, "https://www.hanbit.example/news/3")
    assert got.text.split("\n") == [
        "기상청은 3일 오전 10시를 기해 서울에 대설주의보를 내렸다.",
        "시는 제설 비상근무에 들어갔다.",
    ]


def test_link_lists_are_measured() -> None:
    tree = parse_html(
        "<html><body><article>"
        + "".join(f"<p>{FIRST} {i}번째로 반복되는 문장이다.</p>" for i in range(4))
        + "<ul><li><a href='/news/2'>다른 기사 제목 하나</a></li>"
        "<li><a href='/news/3'>다른 기사 제목 둘</a></li></ul>"
        "</article></body></html>"
    )
    ratios = {b.text: b.link_ratio for b in trafilatura_blocks(tree, "https://a.example/1")}
    assert ratios[f"{FIRST} 0번째로 반복되는 문장이다."] == 0
    assert ratios.get("다른 기사 제목 하나", 1.0) == pytest.approx(1.0)


def test_element_blocks_split_on_blocks_and_line_breaks() -> None:
    node = parse_html(
        "<html><body><div id='b'>머리글<br><br>"
        "<div>둘째 <b>굵은</b> 줄</div><div><br></div><p>셋째 <a href='/x'>링크</a></p>"
        "<script>var x = 1;</script>넷째</div></body></html>"
    ).find(".//div")
    blocks = element_blocks(node)
    assert [b.text for b in blocks] == ["머리글", "둘째 굵은 줄", "셋째 링크", "넷째"]
    assert blocks[2].link_ratio == pytest.approx(2 / 4)


def test_no_trafilatura_warnings_on_odd_links(caplog: pytest.LogCaptureFixture) -> None:
    page = FLOW.replace(
        "<div class='box'>", "<a href='javascript:void(0)'><img src='/x.gif'></a><div class='box'>"
    )
    with caplog.at_level(logging.WARNING):
        extract(page, "https://a.example/1")
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
