"""Searching the demo board gives what a reader expects (the issue's own examples)."""

from __future__ import annotations

import unicodedata

import pytest

from ranknews.demo.load import load_demo
from ranknews.demo.site import load_articles
from ranknews.search import parse
from ranknews.settings import Settings
from ranknews.store import Store

BASE = "http://127.0.0.1:8001"


def _text(title: str, paragraphs: tuple[str, ...]) -> str:
    return unicodedata.normalize("NFKC", title + "\n" + "\n".join(paragraphs)).casefold()


def _hits(store: Store, query: str) -> set[str]:
    page = store.search.search(parse(query), per_page=200)
    assert not page.capped
    return {row.title for row in page.rows}


@pytest.fixture
def demo_store(sqlite_store: Store, settings: Settings) -> Store:
    load_demo(sqlite_store, BASE, writer=settings.writer_name)
    return sqlite_store


def test_two_syllable_words_match_inside_longer_ones(demo_store: Store) -> None:
    expected = {a.title for a in load_articles() if "서울" in _text(a.title, a.paragraphs)}
    hits = _hits(demo_store, "서울")
    assert hits == expected
    assert any("서울시" in title for title in hits)


def test_a_word_with_particles_is_found_by_its_stem(demo_store: Store) -> None:
    hits = _hits(demo_store, "딥시크")
    texts = {a.title: _text(a.title, a.paragraphs) for a in load_articles()}
    assert hits == {t for t, text in texts.items() if "딥시크" in text}
    assert any("딥시크가" in texts[t] for t in hits)
    assert any("딥시크의" in texts[t] for t in hits)


def test_a_phrase_and_an_exclusion(demo_store: Store) -> None:
    texts = {a.title: _text(a.title, a.paragraphs) for a in load_articles()}
    assert _hits(demo_store, '"AI 인재"') == {t for t, x in texts.items() if "ai 인재" in x}
    assert len(_hits(demo_store, '"AI 인재"')) >= 5
    without = _hits(demo_store, "서울 -관세")
    assert without == {t for t, x in texts.items() if "서울" in x and "관세" not in x}
    assert without < _hits(demo_store, "서울")
