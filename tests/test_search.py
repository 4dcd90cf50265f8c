"""Search: tokens, the query language, highlighting, and the index kept in step with the
board (insert, update, hide, backfill) on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from conftest import NOW, fill, make_article
from ranknews.errors import InvalidInput
from ranknews.search import InvalidQuery, Target, highlight, parse
from ranknews.search.query import MAX_QUERY_CHARS, MAX_TERMS
from ranknews.search.text import GAP, GLUED, doc_tokens, normalize
from ranknews.store import Store


def numbers(store: Store, query: str, target: Target = Target.TITLE_CONTENT) -> list[int]:
    return [r.number for r in store.search.search(parse(query), target=target).rows]


# tokens -----------------------------------------------------------------------------------
def test_hangul_runs_become_bigrams_and_their_last_syllable() -> None:
    assert doc_tokens("서울시 등") == ["서울", "울시", "시", "등"]
    assert doc_tokens("K-반도체 3대 1만명") == (
        ["k", f"{GAP}2d", "반도", "도체", "체", "3", GLUED, "대", "1", GLUED, "만명", "명"]
    )


def test_gaps_other_than_one_space_are_spelled_out() -> None:
    assert doc_tokens("반도체, 수출") == ["반도", "도체", "체", f"{GAP}2cx20", "수출", "출"]
    assert doc_tokens("반도체 \n 수출") == doc_tokens("반도체 수출")
    assert doc_tokens("3 대") == ["3", "대"]
    assert doc_tokens("(WHO)는") == ["who", f"{GAP}29", "는"]


def test_text_is_nfkc_normalised_and_case_folded() -> None:
    assert normalize("\uff21\uff29 \uff2b\uff22\uff2f \uff11\uff10개") == "ai kbo 10개"
    assert doc_tokens("OpenAI와 \uff21\uff29") == ["openai", GLUED, "와", "ai"]
    assert doc_tokens("\u1109\u1165\u110b\u116e\u11af") == ["서울", "울"]  # decomposed jamo


# the query language -----------------------------------------------------------------------
def test_terms_phrases_and_exclusions_are_parsed() -> None:
    q = parse('서울시  "예산안 심사" -부산 -"K 리그" AI')
    assert [(t.needle, t.phrase, t.negative) for t in q.terms] == [
        ("서울시", False, False),
        ("예산안 심사", True, False),
        ("부산", False, True),
        ("k 리그", True, True),
        ("ai", False, False),
    ]
    assert q.terms[0].tokens == ("서울", "울시")
    assert q.terms[1].tokens == ("예산", "산안", "안", "심사")
    assert parse("시").terms[0].prefix
    assert parse("3대").terms[0].tokens == ("3", GLUED, "대")
    assert parse("3대").terms[0].prefix
    assert parse('"반도체, 수출"').terms[0].tokens == ("반도", "도체", "체", f"{GAP}2cx20", "수출")
    assert all(parse(q).exact for q in ('"반도체, 수출"', "K-반도체", "3대", "서울 -AI"))
    assert not parse('"서울' + "," * 20 + '시"').exact  # a gap too long to spell: text check


def test_punctuation_around_a_term_is_dropped() -> None:
    assert parse("'서울'!").terms[0].needle == "서울"
    assert parse("서울 !!! -").terms == parse("서울").terms


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   ",
        "-서울",
        '-"서울 시내"',
        "!!!",
        "가" * (MAX_QUERY_CHARS + 1),
        " ".join(f"단어{i}" for i in range(MAX_TERMS + 1)),
    ],
)
def test_unsearchable_queries_are_refused(bad: str) -> None:
    with pytest.raises(InvalidQuery):
        parse(bad)
    assert issubclass(InvalidQuery, InvalidInput)


# highlighting -----------------------------------------------------------------------------
def test_highlight_marks_terms_and_escapes_everything_else() -> None:
    html = str(
        highlight('<script>alert("서울")</script> 서울시 \uff21\uff29', ["서울", "ai", "<script>"])
    )
    assert html == (
        "<mark>&lt;script&gt;</mark>alert(&#34;<mark>서울</mark>&#34;)&lt;/script&gt;"
        " <mark>서울</mark>시 <mark>\uff21\uff29</mark>"
    )
    assert "<script" not in html


# the index and the board ------------------------------------------------------------------
def test_a_new_post_is_found_at_once(store: Store) -> None:
    fill(store, 3)
    saved = store.content.save_article(
        make_article(9, title="딥시크가 흔든 시장"), now=NOW, writer="랭크뉴스"
    )
    assert numbers(store, "딥시크") == [saved.number]
    assert numbers(store, "김민수", Target.WRITER) == [saved.number, 3, 2, 1]
    assert numbers(store, "한빛일보", Target.WRITER) == [3, 1]  # make_article(i): i even


def test_an_updated_article_is_reindexed(store: Store) -> None:
    fill(store, 2)
    saved = store.content.save_article(
        make_article(7, title="서울시 예산", body_text="남서울 개발"), now=NOW, writer="랭크뉴스"
    )
    again = store.content.save_article(
        make_article(7, title="부산시 예산", body_text="북부산 개발", byline="이서연 기자"),
        now=NOW,
        writer="랭크뉴스",
    )
    assert again.number == saved.number
    assert not again.created
    assert numbers(store, "서울") == []
    assert numbers(store, "남서울", Target.CONTENT) == []
    assert numbers(store, "김민수", Target.WRITER) == [2, 1]
    assert numbers(store, "부산") == [saved.number]
    assert numbers(store, "이서연", Target.WRITER) == [saved.number]
    assert numbers(store, "예산") == [saved.number]


def test_hidden_posts_are_not_returned(store: Store) -> None:
    fill(store, 5)
    store.board.set_flags(3, hidden=True)
    store.board.set_flags(2, notice=True)
    assert numbers(store, "문단") == [5, 4, 2, 1]
    store.board.set_flags(3, hidden=False)
    assert numbers(store, "문단") == [5, 4, 3, 2, 1]


def test_section_filter_and_title_hits_first(store: Store) -> None:
    fill(store, 6)  # make_article(i): politics for even i (posts 1, 3, 5)
    for i, (title, body) in enumerate(
        [("환율 급등", "시장"), ("시장 동향", "환율 기사"), ("기타", "환율")]
    ):
        store.content.save_article(
            make_article(20 + i, title=title, body_text=body), now=NOW, writer="랭크뉴스"
        )
    assert numbers(store, "환율") == [7, 9, 8]  # title hit first, then newest first
    assert numbers(store, "환율", Target.TITLE) == [7]
    page = store.search.search(parse("문단"), section_id=store.search.section_id("politics"))
    assert {r.section_slug for r in page.rows} == {"politics"}
    assert page.total == 3


def test_pages_and_totals(store: Store) -> None:
    fill(store, 45)
    first = store.search.search(parse("문단"), page=1)
    third = store.search.search(parse("문단"), page=3)
    assert (first.total, first.pages, len(first.rows)) == (45, 3, 20)
    assert [r.number for r in third.rows] == [5, 4, 3, 2, 1]
    assert store.search.search(parse("문단"), page=4).rows == ()


def test_backfill_indexes_older_posts_and_resumes(store: Store) -> None:
    fill(store, 7)
    with store.engines.write.begin() as conn:  # as if these were stored before migration 4
        if store.dialect == "sqlite":  # contentless FTS5: drop every row at once
            conn.execute(text("INSERT INTO search_index (search_index) VALUES ('delete-all')"))
        else:
            conn.execute(text("DELETE FROM search_index"))
        conn.execute(text("UPDATE counters SET value = 7 WHERE name = 'search:backfill_top'"))
    store.search._backfilled = False
    assert numbers(store, "문단") == []
    assert store.search.pending() == 7
    # an update before the backfill reaches a post leaves the index alone
    store.content.save_article(
        make_article(5, title="고친 제목"), now=NOW + timedelta(hours=1), writer="랭크뉴스"
    )
    assert store.search.backfill(batch=3, limit=3) == 3
    assert store.search.pending() == 4
    assert store.search.backfill(batch=3) == 4
    assert store.search.pending() == 0
    assert numbers(store, "문단") == [7, 6, 5, 4, 3, 2, 1]
    assert numbers(store, "고친", Target.TITLE) == [6]
    store.content.save_article(make_article(5, title="다시 고친 제목"), now=NOW, writer="랭크뉴스")
    assert numbers(store, "다시", Target.TITLE) == [6]


def test_counting_stops_at_its_budget_but_pages_read_the_whole_index(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ranknews.store import search as index

    fill(store, 10)
    monkeypatch.setattr(index, "COUNT_SLICE", 3)
    monkeypatch.setattr(index, "COUNT_BUDGET_SECONDS", 0.0)
    first = store.search.search(parse("문단"), target=Target.CONTENT, per_page=2)
    assert (first.total, first.capped, first.pages) == (3, True, 2)  # numbers 8..10 counted
    assert [r.number for r in first.rows] == [10, 9]
    deep = store.search.search(parse("문단"), target=Target.CONTENT, per_page=2, page=5)
    assert [r.number for r in deep.rows] == [2, 1]
    monkeypatch.setattr(index, "COUNT_BUDGET_SECONDS", 60.0)
    exact = store.search.search(parse("문단"), target=Target.CONTENT, per_page=2)
    assert (exact.total, exact.capped) == (10, False)
