"""Query parameters: one rule for all of them (a repeat is a 400, empty is not given), each
page's parameters through the app, and the parsers on their own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.testclient import TestClient

from conftest import NOW, fill
from ranknews.ranking import DEFAULT_LIMIT
from ranknews.search import Target
from ranknews.settings import Settings
from ranknews.store import Store
from ranknews.web import create_app
from ranknews.web.params import (
    hours_param,
    limit_param,
    now_param,
    page_param,
    period_param,
    query_param,
    section_param,
    single,
    target_param,
)

NOW_A = "2026-11-25T15:00%2B09:00"
NOW_B = "2026-11-25T16:00%2B09:00"


@pytest.fixture
def client(sqlite_store: Store, settings: Settings) -> Iterator[TestClient]:
    fill(sqlite_store, 3)
    app = create_app(settings, sqlite_store, now=lambda: NOW, start_background=False)
    with TestClient(app) as c:
        yield c


def refused(params: str, parse: Callable[[QueryParams], object]) -> HTTPException:
    with pytest.raises(HTTPException) as caught:
        parse(QueryParams(params))
    assert caught.value.status_code == 400
    return caught.value


# through the app -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/?page=1&page=2", "page는 1 이상의 정수여야 합니다."),
        ("/?page=&page=2", "page는 1 이상의 정수여야 합니다."),
        ("/?page=&page=", "page는 1 이상의 정수여야 합니다."),
        ("/?section=a&section=b", "알 수 없는 분류입니다."),
        ("/2?section=a&section=b", "알 수 없는 분류입니다."),
        ("/search?q=a&q=b", "검색어는 하나만 입력하세요."),
        ("/search?q=a&q=", "검색어는 하나만 입력하세요."),
        ("/search?q=a&target=title&target=content", "알 수 없는 검색 대상입니다."),
        ("/search?q=a&page=1&page=2", "page는 1 이상의 정수여야 합니다."),
        ("/search?q=a&section=a&section=b", "알 수 없는 분류입니다."),
        ("/popular?period=24h&period=7d", "기간은 24h 또는 7d여야 합니다."),
        ("/popular?period=24h&period=24h", "기간은 24h 또는 7d여야 합니다."),
        ("/trends?hours=6&hours=24", "hours는 6, 24, 72 중 하나여야 합니다."),
        ("/trends?hours=24&hours=", "hours는 6, 24, 72 중 하나여야 합니다."),
        ("/ranking?limit=1&limit=2", "limit은 1에서 100 사이의 정수여야 합니다."),
        (f"/ranking?now={NOW_A}&now={NOW_B}", "now는 시간대가 붙은 ISO 8601 시각이어야"),
    ],
)
def test_a_repeated_parameter_is_a_400_page(client: TestClient, url: str, message: str) -> None:
    r = client.get(url)
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("text/html")
    assert message in r.text


@pytest.mark.parametrize("query", ["limit=1&limit=2", f"now={NOW_A}&now={NOW_B}", "limit=&limit="])
def test_a_repeated_parameter_is_a_400_from_the_api(client: TestClient, query: str) -> None:
    r = client.get(f"/api/ranking?{query}")
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/json"
    assert query.split("=")[0] in r.json()["error"]


@pytest.mark.parametrize(
    "url",
    [
        "/?page=",
        "/?section=",
        "/?page=&section=",
        "/2?section=",
        "/search?q=a&target=&page=&section=",
        "/popular?period=",
        "/trends?hours=",
        "/ranking?limit=&now=",
        "/api/ranking?limit=&now=",
    ],
)
def test_an_empty_parameter_is_not_given(client: TestClient, url: str) -> None:
    assert client.get(url).status_code == 200


def test_a_parameter_a_page_does_not_read_is_ignored(client: TestClient) -> None:
    assert client.get("/?hours=1&hours=2&limit=x").status_code == 200


# the parsers ---------------------------------------------------------------------------------


def test_single_is_the_one_value_or_none() -> None:
    assert single(QueryParams("a=1&b=2"), "a", "m") == "1"
    assert single(QueryParams("a="), "a", "m") is None
    assert single(QueryParams("b=2"), "a", "m") is None
    assert single(QueryParams("a=%20"), "a", "m") == " "  # only the empty value is absent
    for repeated in ("a=1&a=2", "a=1&a=1", "a=&a=", "a=&a=1"):
        with pytest.raises(HTTPException) as caught:
            single(QueryParams(repeated), "a", "한 번만")
        assert (caught.value.status_code, caught.value.detail) == (400, "한 번만")


def test_page_param() -> None:
    assert page_param(QueryParams("")) == 1
    assert page_param(QueryParams("page=")) == 1
    assert page_param(QueryParams("page=7")) == 7
    assert page_param(QueryParams("page=007")) == 7
    assert page_param(QueryParams("page=999999999")) == 999_999_999
    for bad in ("0", "-1", "1.5", "abc", "1000000000", "%EF%BC%92", "+1", "%201", "1%0A"):
        assert refused(f"page={bad}", page_param).detail == "page는 1 이상의 정수여야 합니다."


def test_section_param() -> None:
    assert section_param(QueryParams("")) is None
    assert section_param(QueryParams("section=")) is None
    assert section_param(QueryParams("section=politics")) == "politics"
    assert section_param(QueryParams("section=it_science-2")) == "it_science-2"
    for bad in ("BAD", "-a", "a/b", "%3Cscript%3E", "a" * 41, "..%2F.."):
        assert refused(f"section={bad}", section_param).detail == "알 수 없는 분류입니다."


def test_query_param() -> None:
    assert query_param(QueryParams("q=%20%EC%84%9C%EC%9A%B8%20")) == "서울"
    assert query_param(QueryParams("q=" + "a" * 100)) == "a" * 100
    for empty in ("", "q=", "q=%20%20"):
        assert refused(empty, query_param).detail == "검색어를 입력하세요."
    assert refused("q=" + "a" * 101, query_param).detail == "검색어는 100자까지입니다."
    assert refused("q=a&q=b", query_param).detail == "검색어는 하나만 입력하세요."


def test_target_param() -> None:
    assert target_param(QueryParams("")) is Target.TITLE_CONTENT
    assert target_param(QueryParams("target=")) is Target.TITLE_CONTENT
    for target in Target:
        assert target_param(QueryParams(f"target={target.value}")) is target
    for bad in ("everything", "TITLE", "title%20"):
        assert refused(f"target={bad}", target_param).detail == "알 수 없는 검색 대상입니다."


def test_period_param() -> None:
    def period(params: QueryParams) -> str:
        return period_param(params, ("24h", "7d"), "24h")

    assert period(QueryParams("")) == "24h"
    assert period(QueryParams("period=")) == "24h"
    assert period(QueryParams("period=7d")) == "7d"
    for bad in ("1y", "24H", "%00", "7d%20"):
        assert refused(f"period={bad}", period).detail == "기간은 24h 또는 7d여야 합니다."


def test_hours_param() -> None:
    def hours(params: QueryParams) -> int:
        return hours_param(params, (6, 24, 48, 72), 48)

    assert hours(QueryParams("")) == 48
    assert hours(QueryParams("hours=")) == 48
    assert hours(QueryParams("hours=6")) == 6
    assert hours(QueryParams("hours=06")) == 6
    for bad in ("5", "abc", "-6", "24.0", "%EF%BC%92%EF%BC%94", "99999", "00006"):
        detail = refused(f"hours={bad}", hours).detail
        assert detail == "hours는 6, 24, 48, 72 중 하나여야 합니다."


def test_now_param() -> None:
    assert now_param(QueryParams("")) is None
    assert now_param(QueryParams("now=")) is None
    assert now_param(QueryParams(f"now={NOW_A}")) == datetime(2026, 11, 25, 6, tzinfo=UTC)
    for bad in ("yesterday", "2026-11-25T15:00:00", "2026-11-25"):
        assert refused(f"now={bad}", now_param).detail.startswith("now는 시간대가 붙은")


def test_limit_param() -> None:
    assert limit_param(QueryParams("")) == DEFAULT_LIMIT
    assert limit_param(QueryParams("limit=")) == DEFAULT_LIMIT
    assert limit_param(QueryParams("limit=1")) == 1
    assert limit_param(QueryParams("limit=100")) == 100
    for bad in ("0", "101", "-1", "abc", "1.5", "%00", "0100"):
        detail = refused(f"limit={bad}", limit_param).detail
        assert detail == "limit은 1에서 100 사이의 정수여야 합니다."
