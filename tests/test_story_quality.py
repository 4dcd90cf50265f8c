"""Story clustering and wire-copy merging on the labelled sets, through the real store.

Every article of ``tests/fixtures/dedupe/stories.json`` (the demo's stories and 24 reports
each with edited wire copies) and ``stories_written.json`` (17 events written up separately by
3 to 4 outlets, with follow-ups, plus 14 single events sharing their words) is stored oldest
first with its analysis, as a crawl stores it. Then every pair of articles is checked: same
event ⇔ same story (a wire copy belongs to its post's story). Floor: pairwise F1 ≥ 0.9, with
each tokenizer (MeCab, the default, and Kiwi, the optional one).
"""

from __future__ import annotations

import importlib.util
import itertools
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from ranknews.analysis import Analyzer
from ranknews.models import Article, Outlet
from ranknews.settings import Settings
from ranknews.store import Store, open_store

FIXTURES = Path(__file__).parent / "fixtures" / "dedupe"
START = datetime.fromisoformat("2026-11-01T09:00:00+09:00")


def _articles() -> list[tuple[str, str, dict[str, Any], datetime]]:
    """(key, event, article, published) for every labelled article."""
    items: list[tuple[str, str, dict[str, Any], datetime]] = []
    groups = json.loads((FIXTURES / "stories.json").read_text(encoding="utf-8"))
    for g, group in enumerate(groups):
        # No times in this set: each group two hours after the last, its articles 20 min apart.
        for i, article in enumerate(group["articles"]):
            when = START + timedelta(hours=2 * g, minutes=20 * i)
            items.append((f"s{g}-{i}", group["event"], article, when))
    written = json.loads((FIXTURES / "stories_written.json").read_text(encoding="utf-8"))
    for story in written["stories"]:
        for i, article in enumerate(story["articles"]):
            when = datetime.fromisoformat(article["published"])
            items.append((f"w-{article['id']}-{i}", story["event"], article, when))
    for article in written["singles"]:
        when = datetime.fromisoformat(article["published"])
        items.append((f"w-{article['id']}", article["id"], article, when))
    return items


@pytest.fixture(scope="module", params=["mecab", "kiwi"])
def clustered(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, list[Any]]]:
    tokenizer = request.param
    if tokenizer == "kiwi" and importlib.util.find_spec("kiwipiepy") is None:
        pytest.skip("kiwipiepy is not installed: pip install -e '.[kiwi]' to test tokenizer=kiwi")
    settings = Settings.load(
        environ={},
        overrides={"data_dir": tmp_path_factory.mktemp("q"), "tokenizer": tokenizer},
    )
    store = open_store(settings)
    analyzer = Analyzer(body_chars=settings.keyword_body_chars, tokenizer=settings.tokenizer)
    items = sorted(_articles(), key=lambda item: (item[3], item[0]))
    for key, _, doc, when in items:
        outlet = doc["outlet"]
        article = Article(
            canonical_url=f"https://news.example/{key}",
            title=doc["title"],
            outlet=Outlet(slug=f"o{abs(hash(outlet)) % 10**8}", name=outlet),
            body_html="".join(f"<p>{p}</p>" for p in doc["body"].split("\n")),
            body_text=doc["body"],
            published=when,
        )
        store.content.save_article(
            article,
            now=when + timedelta(minutes=5),
            writer="랭크뉴스",
            analysis=analyzer.analyze(article.title, article.body_text),
        )
    try:
        yield store, items
    finally:
        store.close()


def _story_of_each(store: Store) -> dict[str, int]:
    with store.engines.read.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT a.canonical_url, COALESCE(sp.story_id, sc.story_id) FROM articles a"
                " LEFT JOIN posts p ON p.article_id = a.id"
                " LEFT JOIN story_posts sp ON sp.post_number = p.number"
                " LEFT JOIN wire_copies w ON w.article_id = a.id"
                " LEFT JOIN story_posts sc ON sc.post_number = w.post_number"
            )
        ).all()
    return {url.rsplit("/", 1)[1]: int(story) for url, story in rows}


def test_every_article_is_in_a_story(clustered: tuple[Store, list[Any]]) -> None:
    store, items = clustered
    stories = _story_of_each(store)
    assert set(stories) == {key for key, *_ in items}


def test_pairwise_f1_of_stories(clustered: tuple[Store, list[Any]]) -> None:
    store, items = clustered
    stories = _story_of_each(store)
    tp = fp = fn = 0
    wrong: list[str] = []
    for (ka, ea, da, _), (kb, eb, db, _) in itertools.combinations(items, 2):
        same_event = ea == eb
        same_story = stories[ka] == stories[kb]
        tp += same_event and same_story
        fp += same_story and not same_event
        fn += same_event and not same_story
        if same_event != same_story:
            kind = "split" if same_event else "merged"
            wrong.append(f"{kind}: {da['title'][:28]} | {db['title'][:28]}")
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    print(
        f"\n{store.settings.tokenizer} stories: precision {precision:.3f}"
        f" recall {recall:.3f} F1 {f1:.3f}"
    )
    print("\n".join(wrong[:40]))
    assert f1 >= 0.9


def test_wire_copies_are_merged_and_nothing_else(clustered: tuple[Store, list[Any]]) -> None:
    """The edited copies in stories.json become wire copies; written stories (each outlet's
    own report) and singles never do."""
    store, items = clustered
    with store.engines.read.connect() as conn:
        copies = {
            url.rsplit("/", 1)[1]
            for (url,) in conn.execute(
                text(
                    "SELECT a.canonical_url FROM wire_copies w"
                    " JOIN articles a ON a.id = w.article_id"
                )
            )
        }
    written = {key for key, *_ in items if key.startswith("w-")}
    assert not copies & written
    # stories.json: a derived group is one original and its copies (all but one article).
    groups = json.loads((FIXTURES / "stories.json").read_text(encoding="utf-8"))
    expected = sum(len(g["articles"]) - 1 for g in groups if g["source"] == "derived")
    derived_copies = {k for k in copies if groups[int(k[1:].split("-")[0])]["source"] == "derived"}
    assert len(derived_copies) >= 0.95 * expected
