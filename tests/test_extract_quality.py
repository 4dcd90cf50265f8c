"""Golden-set quality floor of ``ranknews.extract`` over ``tests/fixtures/extract/``.

Each case is ``NAME.html`` (bytes as served), ``NAME.meta.json`` (page URL and the charset the
server declared, ``null`` when none) and ``NAME.expected.json`` (the ``to_json`` contract minus
``html``). ``demo-*`` cases are snapshots of the bundled demo site (``make_demo_cases.py``);
the others are hand-written pages in other markups.

Measured: body token F1 (whitespace tokens of ``text``, mean over cases) and exact-match rates
for title, outlet, published, authors and photo captions (the caption+credit pairs of a page,
over pages that have photos). The floors hold for the whole set and for the hand-written
pages alone, so the demo snapshots cannot carry a weak generic path.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest

from ranknews.extract import extract

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
CASES = sorted(p.name.removesuffix(".expected.json") for p in FIXTURES.glob("*.expected.json"))
FLOORS = {
    "body_f1": 0.98,
    "title": 0.97,
    "outlet": 0.97,
    "published": 0.97,
    "authors": 0.95,
    "captions": 0.95,
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
_KOREAN_LEGACY = {"euc-kr", "euc_kr", "ks_c_5601-1987", "cp949", "x-windows-949", "uhc"}


def decode_page(raw: bytes, charset: str | None) -> str:
    """What the fetcher does: the served charset, else the ``<meta>`` one; EUC-KR as cp949."""
    if charset is None:
        found = _META_CHARSET.search(raw[:4096])
        charset = found.group(1).decode("ascii").lower() if found else "utf-8"
    if charset.lower() in _KOREAN_LEGACY:
        charset = "cp949"
    return raw.decode(charset)


def load_case(name: str) -> tuple[str, str, dict[str, object]]:
    meta = json.loads((FIXTURES / f"{name}.meta.json").read_text(encoding="utf-8"))
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    page = decode_page((FIXTURES / f"{name}.html").read_bytes(), meta.get("charset"))
    return page, str(meta["url"]), expected


def token_f1(got: str, want: str) -> float:
    got_tokens, want_tokens = Counter(got.split()), Counter(want.split())
    if not got_tokens and not want_tokens:
        return 1.0
    common = sum((got_tokens & want_tokens).values())
    if not common:
        return 0.0
    precision = common / sum(got_tokens.values())
    recall = common / sum(want_tokens.values())
    return 2 * precision * recall / (precision + recall)


def _time(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def _pairs(value: object) -> list[tuple[str, str]]:
    assert isinstance(value, list)
    return [(str(p["caption"]), str(p["credit"])) for p in value]


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    f1: float
    checks: dict[str, bool | None]  # None: not applicable to this page
    got: dict[str, object]
    want: dict[str, object]


@cache
def results() -> tuple[Result, ...]:
    done: list[Result] = []
    for name in CASES:
        page, url, want = load_case(name)
        got = extract(page, url).to_json()
        has_photos = bool(want["images"]) or bool(got["images"])
        checks: dict[str, bool | None] = {
            "title": got["title"] == want["title"],
            "outlet": got["outlet"] == want["outlet"],
            "published": _time(got["published"]) == _time(want["published"]),
            "authors": got["authors"] == want["authors"],
            "captions": _pairs(got["images"]) == _pairs(want["images"]) if has_photos else None,
            # Reported, with no floor of their own:
            "labels": got["labels"] == want["labels"],
            "updated": _time(got["updated"]) == _time(want["updated"]),
            "section": got["section"] == want["section"],
            "canonical_url": got["canonical_url"] == want["canonical_url"],
            "image_urls": [p["url"] for p in got["images"]]  # type: ignore[union-attr]
            == [p["url"] for p in want["images"]],  # type: ignore[union-attr]
        }
        done.append(Result(name, token_f1(str(got["text"]), str(want["text"])), checks, got, want))
    return tuple(done)


def _rates(selected: list[Result]) -> dict[str, float]:
    rates = {"body_f1": sum(r.f1 for r in selected) / len(selected)}
    for key in selected[0].checks:
        applicable = [r.checks[key] for r in selected if r.checks[key] is not None]
        rates[key] = sum(bool(v) for v in applicable) / len(applicable) if applicable else 1.0
    return rates


def _report(selected: list[Result]) -> str:
    lines: list[str] = []
    for r in selected:
        if r.f1 < FLOORS["body_f1"]:
            lines.append(f"  {r.name}: body F1 {r.f1:.3f}")
        for key, ok in r.checks.items():
            if ok is False:
                lines.append(
                    f"  {r.name}: {key}: got {_show(r.got, key)!r}, want {_show(r.want, key)!r}"
                )
    return "\n".join(lines)


def _show(data: dict[str, object], key: str) -> object:
    if key == "captions":
        return _pairs(data["images"])
    if key == "image_urls":
        return [p["url"] for p in data["images"]]  # type: ignore[union-attr]
    return data[key]


GROUPS: dict[str, Callable[[Result], bool]] = {
    "all": lambda r: True,
    "hand-written": lambda r: not r.name.startswith("demo-"),
}


def test_golden_set_is_big_and_varied_enough() -> None:
    hand = [c for c in CASES if not c.startswith("demo-")]
    assert len(CASES) >= 40
    assert len(hand) >= 15
    outlets = {str(r.want["outlet"]) for r in results()}
    assert len(outlets) >= 6 + 15 // 2


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_quality_floor(group: str) -> None:
    selected = [r for r in results() if GROUPS[group](r)]
    rates = _rates(selected)
    summary = ", ".join(f"{key} {value:.3f}" for key, value in rates.items())
    print(f"\n[{group}: {len(selected)} pages] {summary}")
    failures = _report(selected)
    if failures:
        print("per-case failures:\n" + failures)
    below = {k: rates[k] for k, floor in FLOORS.items() if rates[k] < floor}
    assert not below, f"{group}: below the floor: {below}\n{summary}\n{failures}"
