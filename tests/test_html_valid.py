"""The pages are valid HTML, checked by the Nu Html Checker (vnu.jar, from the npm registry)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

import htmlcheck
from conftest import NOW, fill
from ranknews.analysis import Analyzer
from ranknews.demo.load import load_demo
from ranknews.settings import Settings
from ranknews.store import Store
from ranknews.web import create_app


@pytest.fixture
def client(sqlite_store: Store, settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, sqlite_store, now=lambda: NOW, start_background=False)
    with TestClient(app) as c:
        yield c


def _problems(client: TestClient, pages: dict[str, str], tmp_path: Path) -> list[str]:
    """The Nu Html Checker's errors for each page (name -> address)."""
    files = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        path = tmp_path / name
        path.write_text(response.text, "utf-8")
        files.append(path)
    return htmlcheck.problems(files)


def test_pages_are_valid_html(client: TestClient, sqlite_store: Store, tmp_path: Path) -> None:
    htmlcheck.java()
    fill(sqlite_store, 45)
    sqlite_store.board.set_flags(2, notice=True)
    pages = {
        "list.html": "/",
        "list-3.html": "/?page=3&section=economy",
        "article.html": "/17",
        "article-section.html": "/18?section=economy",
        "not-found.html": "/99999",
        "bad-request.html": "/?page=abc",
    }
    assert _problems(client, pages, tmp_path) == []


def test_story_pages_are_valid_html(
    client: TestClient, sqlite_store: Store, settings: Settings, tmp_path: Path
) -> None:
    """The demo board with its wire copies and stories: article with 같은 기사 and 관련 기사,
    a story page, 랭킹, 트렌드, 많이 본 뉴스."""
    htmlcheck.java()
    load_demo(sqlite_store, "http://demo.example", writer="랭크뉴스", analyzer=Analyzer())
    with_copies = next(
        n
        for n in range(1, sqlite_store.board.count() + 1)
        if sqlite_store.stories.post_story(n, related=0).copies
    )
    story = sqlite_store.stories.story_id_of(with_copies)
    pages = {
        "article-copies.html": f"/{with_copies}",
        "story.html": f"/stories/{story}",
        "ranking.html": "/ranking?now=2026-11-24T12:00:00%2B09:00",
        "trends.html": "/trends?hours=72",
        "popular.html": "/popular?period=7d",
    }
    assert _problems(client, pages, tmp_path) == []
