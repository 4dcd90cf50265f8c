"""Photo captions and credits, and which images count as article photos."""

from __future__ import annotations

import pytest

from ranknews.extract import extract
from ranknews.extract.dom import parse_html
from ranknews.extract.photos import clean_credit, find_photos, split_caption


@pytest.mark.parametrize(
    ("printed", "caption", "credit"),
    [
        ("오세훈 서울시장. 한결통신", "오세훈 서울시장.", "한결통신"),
        ("시민들이 출근하고 있다. 로이터 한결통신", "시민들이 출근하고 있다.", "로이터 한결통신"),
        ("수상버스가 정박해 있다. /한결통신", "수상버스가 정박해 있다.", "한결통신"),
        ("수상버스가 정박해 있다. / 한결통신", "수상버스가 정박해 있다.", "한결통신"),
        ("배터리실 내부 모습 ⓒ한결통신", "배터리실 내부 모습", "한결통신"),
        ("배터리실 내부 모습 © 한결통신", "배터리실 내부 모습", "한결통신"),
        ("노선도. [사진 제공=한결통신]", "노선도.", "한결통신"),
        ("노선도. [사진=한결통신]", "노선도.", "한결통신"),
        ("그래픽. (사진=한결통신 제공)", "그래픽.", "한결통신"),
        ("그래픽. (한결통신 제공)", "그래픽.", "한결통신"),
        ("청사 전경. [한결통신 자료사진]", "청사 전경.", "한결통신 자료사진"),
        ("생산라인. 사진=다솜신문 DB", "생산라인.", "다솜신문 DB"),
        ("▲ 눈길 속에 서행하고 있다. ⓒ 동녘신문", "눈길 속에 서행하고 있다.", "동녘신문"),
        (
            "(서울=한결통신) 고은비 기자 = 차량들이 서행하고 있다. 2026.11.23 ⓒ한결통신",
            "차량들이 서행하고 있다.",
            "한결통신",
        ),
        (
            "(세종=바른통신) 오세린 기자 = 노선도. 2025.4.10 [국토교통부 제공. 재판매 및 DB 금지]",
            "노선도.",
            "국토교통부",
        ),
        # A caption of two sentences has no credit.
        (
            "시민들이 걷고 있다. 오후에는 비가 그쳤다.",
            "시민들이 걷고 있다. 오후에는 비가 그쳤다.",
            "",
        ),
        ("국회의사당 전경.", "국회의사당 전경.", ""),
        ("", "", ""),
    ],
)
def test_split_caption(printed: str, caption: str, credit: str) -> None:
    assert split_caption(printed) == (caption, credit)


def test_separate_credit_text() -> None:
    assert split_caption("설명이다.", "한빛일보 제공") == ("설명이다.", "한빛일보")
    assert split_caption("설명이다. ", "/누리경제") == ("설명이다.", "누리경제")


@pytest.mark.parametrize(
    ("printed", "credit"),
    [
        ("ⓒ한결통신", "한결통신"),
        ("[사진 제공=한결통신]", "한결통신"),
        ("(사진=한결통신 제공)", "한결통신"),
        ("사진 소리매거진", "소리매거진"),
        ("사진공동취재단", "사진공동취재단"),
        ("[서울시 제공. 재판매 및 DB 금지]", "서울시"),
    ],
)
def test_clean_credit(printed: str, credit: str) -> None:
    assert clean_credit(printed) == credit


PAGE = """<html><head><title>t</title></head><body>
<header><a href="/"><img src="/img/logo.png" alt="한빛일보"></a></header>
<div class="top-banner ad"><img src="/ad/summer_728x90.jpg" width="728" height="90"></div>
<article>
<figure><img src="/photo/a.jpg" alt="">
<figcaption>첫 사진 설명이다. <span class="credit">한빛일보 제공</span></figcaption></figure>
<p>첫 문단이다. 충분히 긴 문장으로 기사 본문의 첫 문단을 이루고 있다.</p>
<table><tr><td><img src="/photo/b.jpg"></td></tr>
<tr><td>▲ 둘째 사진 설명 ⓒ 한결통신</td></tr></table>
<p>둘째 문단이다. 사진 아래에 이어지는 기사 본문의 두 번째 문단이다.</p>
<div class="photo"><img src="/img/blank.gif" data-src="/photo/c.jpg"></div>
<p class="caption">셋째 사진. [사진 제공=서울시]</p>
<p>셋째 문단이다. 지연 로딩되는 사진 아래에 이어지는 마지막 문단이다.</p>
<img src="/icons/share.png" width="16" height="16">
</article>
<aside class="related"><a href="/news/2"><img src="/thumb/2.jpg">다른 기사</a></aside>
<img src="https://stat.example/pixel.gif?id=1" width="1" height="1">
</body></html>"""


def test_find_photos_skips_logos_ads_icons_thumbnails_and_pixels() -> None:
    tree = parse_html(PAGE)
    body = tree.find("body")
    found = find_photos(list(tree.iter("img")), body, "https://www.hanbit.example/news/1")
    assert [(f.photo.url, f.photo.caption, f.photo.credit) for f in found] == [
        ("https://www.hanbit.example/photo/a.jpg", "첫 사진 설명이다.", "한빛일보"),
        ("https://www.hanbit.example/photo/b.jpg", "둘째 사진 설명", "한결통신"),
        ("https://www.hanbit.example/photo/c.jpg", "셋째 사진.", "서울시"),
    ]


def test_photos_in_page_order_with_captions_not_repeated_as_text() -> None:
    got = extract(PAGE, "https://www.hanbit.example/news/1")
    assert [p.url.rsplit("/", 1)[1] for p in got.images] == ["a.jpg", "b.jpg", "c.jpg"]
    assert "설명" not in got.text
    assert "셋째 사진" not in got.text
    html = got.html
    assert html.index("a.jpg") < html.index("첫 문단") < html.index("b.jpg")
    assert html.index("b.jpg") < html.index("둘째 문단") < html.index("c.jpg")
    assert (
        '<figure><img src="https://www.hanbit.example/photo/a.jpg" alt="첫 사진 설명이다.">'
        '<figcaption>첫 사진 설명이다. <span class="credit">한빛일보</span></figcaption></figure>'
    ) in html
