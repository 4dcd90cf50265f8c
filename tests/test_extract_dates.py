"""Page times: printed Korean times → aware datetimes (KST when the page gives no zone)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from ranknews.dates import find_date, find_times, strip_times
from ranknews.extract import extract
from ranknews.extract.structured import from_json_ld
from ranknews.timefmt import KST

URL = "https://www.hanbit.example/news/articleView.html?idxno=78"
PARAGRAPHS = (
    "서울시가 내년부터 시내버스 첫차 시간을 새벽 4시로 30분 앞당긴다. 새벽 출근자의 불편을 "
    "덜기 위해서다.",
    "대상은 새벽 시간대 이용객이 많은 간선버스 12개 노선이다. 시는 노선별 수요를 분석해 배차 "
    "간격도 조정한다.",
)


def page(published: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        '<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">'
        "<title>시내버스 첫차 30분 앞당긴다 - 한빛일보</title>"
        f'<meta property="article:published_time" content="{published}"></head><body>'
        f'<article><h1>시내버스 첫차 30분 앞당긴다</h1><div class="article-body">{body}</div>'
        "</article></body></html>"
    )


def kst(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=KST)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025.02.03 14:22", kst(2025, 2, 3, 14, 22)),
        ("2025.02.03. 14:22", kst(2025, 2, 3, 14, 22)),
        ("2025-02-03 오후 2:22", kst(2025, 2, 3, 14, 22)),
        ("2025-02-03 오전 12:05", kst(2025, 2, 3, 0, 5)),
        ("2025-02-03 오후 12:05", kst(2025, 2, 3, 12, 5)),
        ("입력 2025.02.03. 오후 2:22", kst(2025, 2, 3, 14, 22)),
        ("기사입력 2025.02.03. 오전 9:12", kst(2025, 2, 3, 9, 12)),
        ("2025년 2월 3일 14시 22분", kst(2025, 2, 3, 14, 22)),
        ("2025년 02월 03일 (월) 14:22", kst(2025, 2, 3, 14, 22)),
        ("2025년 2월 3일 오후 2시", kst(2025, 2, 3, 14, 0)),
        ("2025/02/03 14:22:09", kst(2025, 2, 3, 14, 22, 9)),
        ("2025-02-03 14:22:09", kst(2025, 2, 3, 14, 22, 9)),
        ("2025-02-03T14:22:00+09:00", kst(2025, 2, 3, 14, 22)),
        ("2025-02-03T14:22:00", kst(2025, 2, 3, 14, 22)),
        ("2025-02-03T05:22:00Z", kst(2025, 2, 3, 14, 22)),
        ("2025-02-03T05:22:00.000Z", kst(2025, 2, 3, 14, 22)),
        ("2025-02-03 05:22 UTC", kst(2025, 2, 3, 14, 22)),
        ("Feb 3 2025", None),
        ("02-000-1234", None),
        ("2025.13.40 10:00", None),
    ],
)
def test_parse(text: str, expected: datetime | None) -> None:
    assert find_date(text) == expected


def test_results_are_aware_and_in_kst() -> None:
    # The parser keeps the offset the page wrote (UTC here); the extractor gives KST times.
    moment = extract(page("2025-02-03T05:22:00Z"), URL).published
    assert moment is not None
    assert moment.utcoffset() == KST.utcoffset(None)
    assert moment == datetime(2025, 2, 3, 5, 22, tzinfo=UTC)
    assert moment.isoformat() == "2025-02-03T14:22:00+09:00"


@pytest.mark.parametrize(
    ("text", "published", "updated"),
    [
        (
            "입력 2025.02.03 14:22 수정 2025.02.03 16:05",
            kst(2025, 2, 3, 14, 22),
            kst(2025, 2, 3, 16, 5),
        ),
        (
            "기사입력 2025-02-03 10:30:00 | 최종수정 2025-02-03 13:05:00",
            kst(2025, 2, 3, 10, 30),
            kst(2025, 2, 3, 13, 5),
        ),
        (
            "송고시간 2025-02-03 09:40 · 업데이트 2025-02-03 13:05",
            kst(2025, 2, 3, 9, 40),
            kst(2025, 2, 3, 13, 5),
        ),
        ("송고2025-04-10 14:32", kst(2025, 4, 10, 14, 32), None),
        (
            "입력 : 2025년 2월 3일 14시 22분 | 수정 : 2025년 2월 3일 16시 5분",
            kst(2025, 2, 3, 14, 22),
            kst(2025, 2, 3, 16, 5),
        ),
        # 승인 (approval) is weaker than 입력 when a page prints both.
        ("승인 2025.02.03 14:30 입력 2025.02.03 14:22", kst(2025, 2, 3, 14, 22), None),
        ("수정 2025.02.03 16:05", None, kst(2025, 2, 3, 16, 5)),
    ],
)
def test_labelled_times(text: str, published: datetime | None, updated: datetime | None) -> None:
    found = find_times(text)
    assert (found.published, found.updated) == (published, updated)


def test_unlabelled_times_are_kept_in_order() -> None:
    found = find_times("백승우 기자 | 2025.01.15 10:30 · 2025.01.15 11:00")
    assert found.published is None
    assert found.unlabelled == (kst(2025, 1, 15, 10, 30), kst(2025, 1, 15, 11, 0))


def test_strip_times() -> None:
    assert strip_times("백승우 기자 | 입력 2025.01.15 10:30").split() == ["백승우", "기자", "|"]


def test_json_ld_times_are_in_kst() -> None:
    article = {"@type": "NewsArticle", "headline": "h", "datePublished": "2025-02-03T05:22:00Z"}
    found = from_json_ld([json.dumps(article)], URL)
    assert found is not None
    assert found.published is not None
    assert found.published.isoformat() == "2025-02-03T14:22:00+09:00"
