"""JSON-LD and script JSON (``__NEXT_DATA__`` and the like)."""

from __future__ import annotations

import json

import pytest

from ranknews.extract import extract
from ranknews.extract.structured import from_json_ld, from_script_json, load_json
from ranknews.models import Photo
from ranknews.timefmt import KST

BASE = "https://www.haedam.example/news/1"
PARAS = [
    "한국은행이 기준금리를 연 2.75%로 동결했다. 올해 첫 통화정책방향 회의에서다.",
    "금통위는 환율 변동성이 여전히 크다며 물가와 금융안정 상황을 더 점검하겠다고 밝혔다.",
    "시장은 상반기 중 한 차례 인하 가능성을 열어 둔 것으로 해석했다.",
]
ARTICLE = {
    "@type": "NewsArticle",
    "headline": "[속보] 한은, 기준금리 동결",
    "articleBody": "\n\n".join(PARAS),
    "datePublished": "2025-02-25T10:05:00",
    "dateModified": "2025-02-25T01:40:00Z",
    "author": [{"@type": "Person", "name": "윤채원 기자"}, {"@type": "Person", "name": "한지석"}],
    "publisher": {"@type": "Organization", "name": "해담경제"},
    "articleSection": ["경제", "금융"],
    "mainEntityOfPage": {"@type": "WebPage", "@id": "/news/articleView.html?idxno=1"},
    "image": [
        {
            "@type": "ImageObject",
            "url": "/photo/1.jpg",
            "caption": "금통위 회의 모습.",
            "creditText": "사진공동취재단",
        },
        {
            "@type": "ImageObject",
            "url": "https://cdn.haedam.example/2.png",
            "caption": "금리 추이 ⓒ해담경제",
        },
        "https://cdn.haedam.example/3.jpg",
    ],
}


@pytest.mark.parametrize(
    "script",
    [
        json.dumps({"@context": "https://schema.org", **ARTICLE}, ensure_ascii=False),
        json.dumps(
            [{"@type": "BreadcrumbList", "itemListElement": []}, ARTICLE], ensure_ascii=False
        ),
        json.dumps({"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, ARTICLE]}),
        # Real pages ship trailing commas and raw newlines inside strings.
        json.dumps(ARTICLE, ensure_ascii=False).replace('"inLanguage"', '"x"')[:-1] + ",}",
    ],
)
def test_json_ld_article_found_in_any_shape(script: str) -> None:
    found = from_json_ld([script], BASE)
    assert found is not None
    assert found.headline == "[속보] 한은, 기준금리 동결"
    assert found.pieces == PARAS
    assert found.authors == ["윤채원 기자", "한지석"]
    assert found.published is not None
    assert found.published.isoformat() == "2025-02-25T10:05:00+09:00"
    assert found.updated is not None
    assert found.updated.astimezone(KST).hour == 10
    assert found.section == "경제"
    assert found.publisher == "해담경제"
    assert found.canonical == "https://www.haedam.example/news/articleView.html?idxno=1"
    assert found.images == [
        Photo("https://www.haedam.example/photo/1.jpg", "금통위 회의 모습.", "사진공동취재단"),
        Photo("https://cdn.haedam.example/2.png", "금리 추이", "해담경제"),
        Photo("https://cdn.haedam.example/3.jpg", "", ""),
    ]


def test_invalid_json_is_ignored() -> None:
    assert load_json("{not json") is None
    assert from_json_ld(["{not json", ""], BASE) is None


def _shell(head: str = "", body: str = "") -> str:
    return (
        "<!doctype html><html lang='ko'><head><meta charset='utf-8'>"
        f"<title>[속보] 한은, 기준금리 동결 | 해담경제</title>{head}</head>"
        f"<body><header><a href='/'>해담경제</a></header><div id='root'>{body}</div></body></html>"
    )


def test_json_ld_completes_an_empty_html_body() -> None:
    script = json.dumps({"@context": "https://schema.org", **ARTICLE}, ensure_ascii=False)
    page = _shell(f'<script type="application/ld+json">{script}</script>', "<p>불러오는 중…</p>")
    got = extract(page, BASE)
    assert got.title == "한은, 기준금리 동결"
    assert got.labels == ("속보",)
    assert got.text == "\n".join(PARAS)
    assert got.authors == ("윤채원", "한지석")
    assert got.outlet == "해담경제"
    assert got.section == "경제"
    assert [p.caption for p in got.images] == ["금통위 회의 모습.", "금리 추이", ""]
    assert got.html.startswith("<figure>")


def test_html_body_wins_when_it_is_not_thin() -> None:
    html_paras = "".join(f"<p>{p} 본문에만 있는 문장도 덧붙인다.</p>" for p in PARAS * 2)
    script = json.dumps({**ARTICLE, "articleBody": "짧은 요약."}, ensure_ascii=False)
    page = _shell(
        f'<script type="application/ld+json">{script}</script>', f"<article>{html_paras}</article>"
    )
    got = extract(page, BASE)
    assert "본문에만 있는 문장" in got.text
    assert "짧은 요약" not in got.text


NEXT = {
    "props": {
        "pageProps": {
            "article": {
                "articleId": "oneul-9",
                "title": "국산 AI 칩 첫 공급",
                "labels": ["단독"],
                "section": "IT·과학",
                "reporters": [{"name": "정다온", "email": "daon@oneulit.example"}],
                "publishedAt": "2025-03-10T15:30:00+09:00",
                "updatedAt": None,
                "canonicalUrl": "https://oneulit.example/article/oneul-9",
                "body": [
                    {
                        "type": "image",
                        "src": "/p/1.jpg",
                        "caption": "칩 모형.",
                        "credit": "개발사 제공",
                    },
                    {"type": "paragraph", "text": PARAS[0]},
                    {"type": "ad", "slot": "mid"},
                    {"type": "paragraph", "text": PARAS[1]},
                    {"type": "paragraph", "text": PARAS[2]},
                ],
            },
            "popular": [{"title": "다른 기사", "id": 2}],
        }
    },
    "page": "/article/[articleId]",
    "buildId": "abc",
}


def test_next_data_article_object() -> None:
    found = from_script_json([json.dumps(NEXT, ensure_ascii=False)], "https://oneulit.example/")
    assert found is not None
    assert found.headline == "국산 AI 칩 첫 공급"
    assert found.labels == ("단독",)
    assert found.pieces == [
        Photo("https://oneulit.example/p/1.jpg", "칩 모형.", "개발사 제공"),
        *PARAS,
    ]
    assert found.authors == ["정다온"]
    assert found.section == "IT·과학"


def test_next_data_page() -> None:
    data = json.dumps(NEXT, ensure_ascii=False).replace("<", "\\u003c")
    page = (
        "<!DOCTYPE html><html><head><title>[단독] 국산 AI 칩 첫 공급 | 오늘IT</title></head><body>"
        "<div id='__next'><header><a href='/'>오늘IT</a></header>"
        "<main aria-busy='true'></main></div>"
        "<noscript>자바스크립트를 켜 주세요.</noscript>"
        f'<script id="__NEXT_DATA__" type="application/json">{data}</script></body></html>'
    )
    got = extract(page, "https://oneulit.example/article/oneul-9?from=rss")
    assert (got.title, got.labels, got.outlet) == ("국산 AI 칩 첫 공급", ("단독",), "오늘IT")
    assert got.text == "\n".join(PARAS)
    assert got.images == (Photo("https://oneulit.example/p/1.jpg", "칩 모형.", "개발사 제공"),)
    assert got.authors == ("정다온",)
    assert got.published is not None
    assert got.published.isoformat() == "2025-03-10T15:30:00+09:00"
    assert got.canonical_url == "https://oneulit.example/article/oneul-9"
    assert got.section == "IT·과학"
    assert "자바스크립트" not in got.text


def test_window_state_assignment() -> None:
    state = {
        "article": {
            "data": {
                "title": "축제 개막",
                "contents": [{"type": "text", "value": p} for p in PARAS],
                "regDate": "2025-03-12 08:40:00",
            }
        }
    }
    script = f"window.__INITIAL_STATE__={json.dumps(state, ensure_ascii=False)};(function(){{}})();"
    found = from_script_json([script], "https://nuriboda.example/")
    assert found is not None
    assert found.headline == "축제 개막"
    assert found.pieces == PARAS
    assert found.published is not None
    assert found.published.isoformat() == "2025-03-12T08:40:00+09:00"


def test_page_photos_are_kept_when_the_body_comes_from_json_ld() -> None:
    script = json.dumps({**ARTICLE, "image": []}, ensure_ascii=False)
    figure = (
        '<figure><img src="/photo/room.jpg"><figcaption>금통위 회의실. 해담경제</figcaption>'
        f"</figure><p>{PARAS[0]}</p><p class='paywall'>유료 회원 전용 기사입니다.</p>"
    )
    page = _shell(f'<script type="application/ld+json">{script}</script>', figure)
    got = extract(page, BASE)
    assert got.text == "\n".join(PARAS)
    assert got.images == (
        Photo("https://www.haedam.example/photo/room.jpg", "금통위 회의실.", "해담경제"),
    )
    assert got.html.index("room.jpg") < got.html.index(PARAS[0])
