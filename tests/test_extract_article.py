"""The public API: ``extract`` end to end, the JSON contract, sanitizing and refusals."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime

import pytest

import ranknews.extract as extract_package
from ranknews.errors import ExtractionError, RanknewsError
from ranknews.extract import Extracted, RuleBook, extract, load_rules
from ranknews.models import Photo

URL = "https://www.hanbit.example/news/articleView.html?idxno=77&utm_source=rss"
PARAGRAPHS = [
    "서울시가 내년부터 시내버스 첫차 시간을 새벽 4시로 30분 앞당긴다. "
    "새벽 출근자의 불편을 덜기 위해서다.",
    "대상은 새벽 시간대 이용객이 많은 간선버스 12개 노선이다. "
    "시는 노선별 수요를 분석해 배차 간격도 조정한다.",
    '시 관계자는 "새벽에 일을 시작하는 시민들의 출근길을 돕겠다"고 말했다.',
]


def page(body: str = "", head: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">
<title>[단독] 시내버스 첫차 30분 앞당긴다(종합) - 한빛일보</title>
<meta property="og:site_name" content="한빛일보">
<link rel="canonical" href="/news/articleView.html?idxno=77">
{head}</head><body>
<header><a href="/"><img src="/logo.png" alt="한빛일보"></a></header>
<article><h1>[단독] 시내버스 첫차 30분 앞당긴다(종합)</h1>
<p class="byline">홍길동·김철수 기자</p>
<p class="date">입력 2025.02.03 14:22</p>
<div class="article-body">{body or paragraphs}</div></article>
<footer>ⓒ 한빛일보 무단전재 및 재배포 금지</footer></body></html>"""


def test_extract_returns_every_field() -> None:
    got = extract(page(), URL)
    assert isinstance(got, Extracted)
    assert got.title == "시내버스 첫차 30분 앞당긴다"
    assert got.labels == ("단독", "종합")
    assert got.text == "\n".join(PARAGRAPHS)
    assert got.html == "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    assert got.authors == ("홍길동", "김철수")
    assert got.byline == "홍길동·김철수 기자"
    assert got.published is not None
    assert got.published.isoformat() == "2025-02-03T14:22:00+09:00"
    assert got.updated is None
    assert got.outlet == "한빛일보"
    assert got.section == ""
    assert got.canonical_url == "https://www.hanbit.example/news/articleView.html?idxno=77"
    assert got.images == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.title = "x"  # type: ignore[misc]


def test_to_json_has_exactly_the_contract_keys() -> None:
    data = extract(page(), URL).to_json()
    assert list(data) == [
        "title", "labels", "text", "html", "authors", "published", "updated", "outlet",
        "section", "canonical_url", "images",
    ]  # fmt: skip
    assert data["labels"] == ["단독", "종합"]
    assert data["authors"] == ["홍길동", "김철수"]
    assert data["published"] == "2025-02-03T14:22:00+09:00"
    assert data["updated"] is None
    assert data["images"] == []


def test_to_json_images_and_times() -> None:
    extracted = Extracted(
        title="t", labels=(), text="x", html="<p>x</p>", authors=(), byline="",
        published=datetime.fromisoformat("2025-02-03T14:22:00+09:00"),
        updated=datetime.fromisoformat("2025-02-03T16:00:00+09:00"),
        outlet="o", section="s", canonical_url="https://o.example/1",
        images=(Photo("https://o.example/1.jpg", "설명.", "한결통신"),),
    )  # fmt: skip
    data = extracted.to_json()
    assert data["updated"] == "2025-02-03T16:00:00+09:00"
    assert data["images"] == [
        {"url": "https://o.example/1.jpg", "caption": "설명.", "credit": "한결통신"}
    ]


def test_times_without_zone_are_kst_and_updated_is_kept_apart() -> None:
    head = (
        '<meta property="article:published_time" content="2025-02-03T14:22:00">'
        '<meta property="article:modified_time" content="2025-02-03T14:22:00">'
    )
    got = extract(page(head=head), URL)
    assert got.published is not None
    assert got.published.utcoffset() is not None
    assert got.published.isoformat() == "2025-02-03T14:22:00+09:00"
    assert got.updated is None  # a modified time equal to the published one is no update
    head = head.replace('T14:22:00">', 'T14:22:00">', 1).replace(
        'modified_time" content="2025-02-03T14:22:00',
        'modified_time" content="2025-02-03T07:05:00Z',
    )
    got = extract(page(head=head), URL)
    assert got.updated is not None
    assert got.updated.isoformat() == "2025-02-03T16:05:00+09:00"


def test_canonical_falls_back_to_the_given_url() -> None:
    html = page().replace('<link rel="canonical" href="/news/articleView.html?idxno=77">', "")
    assert extract(html, URL).canonical_url == URL


HOSTILE = [
    '<p onclick="alert(1)">클릭하면 경고창이 뜨는 문단이지만 '
    "기사 본문으로 충분히 길게 쓴 문장이다.</p>",
    "<script>document.write('<p>스크립트가 쓴 문단</p>')</script>",
    "<style>p{color:red}</style>",
    '<p><a href="javascript:alert(1)">자바스크립트 링크</a>가 들어 있는 문단도 '
    "기사 본문의 일부로 길게 쓴다.</p>",
    '<figure><img src="data:image/png;base64,iVBORw0KGgo=" onerror="alert(1)">'
    "<figcaption>데이터 이미지</figcaption></figure>",
    '<figure><img src="javascript:alert(1)"><figcaption>자바스크립트 이미지</figcaption></figure>',
    "<p>보안 기사는 &lt;script&gt;alert(1)&lt;/script&gt; 같은 코드를 예로 든다. "
    "그대로 글자로 남아야 한다.</p>",
    '<figure><img src="/photo/ok.jpg" alt="x" onload="steal()">'
    "<figcaption>정상 사진. 한빛일보</figcaption></figure>",
]


def test_output_html_is_sanitized() -> None:
    got = extract(page("".join(HOSTILE) + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)), URL)
    html = got.html
    assert not re.search(r"<\s*(script|style)", html, re.IGNORECASE)
    assert not re.search(r"\son\w+\s*=", html, re.IGNORECASE)
    assert "javascript:" not in html.lower()
    assert "data:" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "스크립트가 쓴 문단" not in got.text
    assert [p.url for p in got.images] == ["https://www.hanbit.example/photo/ok.jpg"]
    assert '<span class="credit">한빛일보</span>' in html


LOGIN = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>로그인 | 한빛일보</title></head>
<body><header><a href="/"><img src="/logo.png" alt="한빛일보"></a></header>
<main class="login"><h1>로그인</h1>
<form action="/member/login" method="post">
<label>아이디 <input type="text" name="id"></label>
<label>비밀번호 <input type="password" name="pw"></label>
<label><input type="checkbox" name="keep"> 로그인 상태 유지</label>
<button type="submit">로그인</button></form>
<p>아직 회원이 아니신가요? <a href="/member/join">회원가입</a></p>
<ul><li><a href="/member/find_id">아이디 찾기</a></li>
<li><a href="/member/find_pw">비밀번호 찾기</a></li></ul>
<p>로그인이 필요한 서비스입니다. 회원으로 가입하시면 더 많은 서비스를 이용하실 수 있습니다.</p>
</main><footer>ⓒ 한빛일보 All rights reserved.</footer></body></html>"""

SECTION_INDEX = """<!DOCTYPE html><html><head><title>사회 - 한빛일보</title></head><body>
<h1>사회</h1><ul class="news-list">
<li><a href="/news/1">서울시, 시내버스 첫차 30분 앞당긴다</a></li>
<li><a href="/news/2">한강 수상버스 한 달 만에 운항 중단</a></li>
<li><a href="/news/3">도심 공원 야간 개방 시간 연장</a></li>
<li><a href="/news/4">지하철 9호선 연장 구간 개통 일정 확정</a></li>
</ul><div class="paging"><a href="?page=2">2</a> <a href="?page=3">3</a></div></body></html>"""


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n  ",
        "<html></html>",
        "<html><head><title>한빛일보</title></head><body></body></html>",
        LOGIN,
        SECTION_INDEX,
        "%PDF-1.4 binary garbage",
    ],
    ids=["empty", "blank", "bare-html", "empty-body", "login", "section-index", "not-html"],
)
def test_pages_without_an_article_raise(html: str) -> None:
    with pytest.raises(ExtractionError) as info:
        extract(html, "https://www.hanbit.example/member/login")
    assert isinstance(info.value, RanknewsError)


def test_rules_argument_and_default() -> None:
    assert isinstance(load_rules(), RuleBook)
    assert extract(page(), URL, rules=RuleBook()).title == extract(page(), URL).title


def test_public_names() -> None:
    assert sorted(extract_package.__all__) == sorted(
        ["Extracted", "ExtractionError", "Rule", "RuleBook", "extract", "load_rules"]
    )


def test_a_generic_og_title_does_not_replace_the_headline() -> None:
    html = page(head='<meta property="og:title" content="한빛일보">')
    assert extract(html, URL).title == "시내버스 첫차 30분 앞당긴다"


def test_entities_in_json_ld_body_are_decoded() -> None:
    body = "첫 문단이다. &quot;따옴표&quot;와 &amp; 기호가 들어 있다.\\n둘째 문단이다. 길게 쓴다."
    script = '{"@type":"NewsArticle","headline":"제목","articleBody":"' + body * 3 + '"}'
    html = page(body="<p>짧다.</p>", head=f'<script type="application/ld+json">{script}</script>')
    got = extract(html, URL)
    assert '"따옴표"와 & 기호' in got.text
    assert "&quot;" not in got.text
