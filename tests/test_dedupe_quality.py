"""Wire-copy detection quality on the labelled pairs of ``tests/fixtures/dedupe/pairs.json``.

Positives are ``wire_copy``; ``same_event`` (one event written up by different outlets),
``different_event`` and ``unrelated`` are negatives. Each pair: index ``a``, query with ``b``.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from ranknews.dedupe import NearDuplicateIndex, article_text

FIXTURES = Path(__file__).parent / "fixtures" / "dedupe"
LABELS = {"wire_copy", "same_event", "different_event", "unrelated"}


def _load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _text(doc: dict[str, str]) -> str:
    return article_text(doc["title"], doc["body"])


@pytest.fixture(scope="module")
def pairs() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = _load("pairs.json")
    return data


def test_the_set_is_big_and_covers_every_label(pairs: list[dict[str, Any]]) -> None:
    counts = Counter(p["label"] for p in pairs)
    assert len(pairs) >= 200
    assert set(counts) == LABELS
    assert counts["wire_copy"] >= 100
    assert counts["same_event"] >= 50


def test_stories_for_clustering() -> None:
    stories = _load("stories.json")
    assert len(stories) >= 20
    assert all(len(s["articles"]) >= 2 for s in stories)


@pytest.mark.parametrize("keep_shingles", [True, False], ids=["exact", "estimated"])
def test_precision_and_recall(pairs: list[dict[str, Any]], keep_shingles: bool) -> None:
    confusion: Counter[tuple[str, bool]] = Counter()
    failures: list[str] = []
    for number, pair in enumerate(pairs):
        index = NearDuplicateIndex(keep_shingles=keep_shingles)
        index.add("a", _text(pair["a"]))
        found = index.matches(_text(pair["b"]))
        positive = pair["label"] == "wire_copy"
        confusion[pair["label"], bool(found)] += 1
        if bool(found) != positive:
            score = f"{found[0].jaccard:.3f}/{found[0].overlap:.3f}" if found else "-"
            failures.append(f"#{number} {pair['label']} ({pair['note']}) found={score}")
    tp = confusion["wire_copy", True]
    fn = confusion["wire_copy", False]
    fp = sum(v for (label, hit), v in confusion.items() if hit and label != "wire_copy")
    print("\nlabel            merged  kept apart")
    for label in sorted(LABELS):
        print(f"{label:16} {confusion[label, True]:6} {confusion[label, False]:10}")
    print("\n".join(failures))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn)
    print(f"precision {precision:.3f} recall {recall:.3f}")
    assert precision >= 0.99
    assert recall >= 0.95
    assert confusion["same_event", True] == 0
