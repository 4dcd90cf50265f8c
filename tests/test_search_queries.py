"""The query set: every query of ``fixtures/search/queries.json`` over the demo site's articles
plus a few written for the hard cases, on SQLite and PostgreSQL.

The expected hits are computed here, independently of ranknews.search, as substring matches
over the NFKC-normalised, case-folded text of the target columns (a Latin/digit end of a term
must not be glued to more letters or digits: ``ai`` is not in ``said``); every term must occur,
no excluded term may.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from conftest import NOW
from ranknews.demo.load import demo_article
from ranknews.demo.site import load_articles, load_outlets
from ranknews.models import Article, Outlet
from ranknews.search import Target, parse
from ranknews.sections import DEFAULT_SECTIONS
from ranknews.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "search"
BASE = "http://127.0.0.1:9"
COLUMNS = {
    "title": ("title",),
    "content": ("body",),
    "title_content": ("title", "body"),
    "writer": ("writer",),
}


@dataclass(frozen=True)
class Doc:
    number: int
    section: str
    title: str
    body: str
    writer: str


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def articles() -> list[Article]:
    outlets = {o.slug: Outlet(o.slug, o.name, f"{BASE}/{o.slug}/") for o in load_outlets()}
    sections = {s.slug: s for s in DEFAULT_SECTIONS}
    items = [
        demo_article(a, outlets, BASE)
        for a in sorted(load_articles(), key=lambda a: (a.published, a.id))
    ]
    for i, x in enumerate(json.loads((FIXTURES / "extra_articles.json").read_text())):
        items.append(
            Article(
                canonical_url=f"{BASE}/extra/{x['slug']}",
                title=x["title"],
                outlet=outlets[x["outlet"]],
                body_html=f"<p>{x['body']}</p>",
                body_text=x["body"],
                published=NOW - timedelta(hours=10 - i),
                section=sections[x["section"]],
                byline=x["byline"],
            )
        )
    return items


def load(store: Store) -> list[Doc]:
    store.content.save_sections(list(DEFAULT_SECTIONS))
    docs = []
    for article in articles():
        saved = store.content.save_article(
            article, now=article.published + timedelta(minutes=3), writer="랭크뉴스"
        )
        assert article.section is not None
        docs.append(
            Doc(
                saved.number,
                article.section.slug,
                fold(article.title),
                fold(article.body_text),
                fold(f"{article.outlet.name} {article.byline}"),
            )
        )
    return docs


_PIECE = re.compile(r'(-?)(?:"([^"]*)"?|(\S+))')
_EDGE = re.compile(r"[^\W_]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def oracle_terms(query: str) -> list[tuple[str, bool]]:
    terms = []
    for m in _PIECE.finditer(query):
        text = fold(m.group(2) if m.group(2) is not None else m.group(3))
        text = re.sub(r"^[\W_]+|[\W_]+$", "", text)
        if text:
            terms.append((text, m.group(1) == "-"))
    return terms


def _latin(ch: str) -> bool:
    return bool(_EDGE.fullmatch(ch)) and not _HANGUL.fullmatch(ch)


def occurs(term: str, text: str) -> bool:
    head = r"(?<![^\W_\uac00-\ud7a3])" if _latin(term[0]) else ""
    tail = r"(?![^\W_\uac00-\ud7a3])" if _latin(term[-1]) else ""
    return re.search(head + re.escape(term) + tail, text) is not None


def expected(docs: list[Doc], query: str, target: str, section: str | None) -> set[int]:
    terms = oracle_terms(query)
    hits = set()
    for d in docs:
        if section is not None and d.section != section:
            continue
        texts = [getattr(d, c) for c in COLUMNS[target]]
        if all(any(occurs(t, x) for x in texts) != neg for t, neg in terms):
            hits.add(d.number)
    return hits


def test_the_query_set_finds_exactly_the_substring_matches(store: Store) -> None:
    docs = load(store)
    queries = json.loads((FIXTURES / "queries.json").read_text())
    assert len(queries) >= 50
    failures = []
    nonempty = 0
    for entry in queries:
        query, target = entry[0], entry[1]
        section = entry[2] if len(entry) > 2 else None
        want = expected(docs, query, target, section)
        section_id = store.search.section_id(section) if section else None
        page = store.search.search(
            parse(query), target=Target(target), section_id=section_id, per_page=1000
        )
        got = {r.number for r in page.rows}
        assert page.total == len(got)
        nonempty += bool(want)
        if got != want:
            failures.append(
                f"{query!r} {target} {section}: missing {want - got}, extra {got - want}"
            )
    assert not failures, "\n".join(failures)
    assert nonempty >= 50  # the set exercises real hits, not empty answers


def test_korean_cases_the_issue_names(store: Store) -> None:
    docs = load(store)
    by_title = {d.number: d.title for d in docs}

    def titles(query: str, target: str = "title_content") -> list[str]:
        page = store.search.search(parse(query), target=Target(target), per_page=1000)
        return [by_title[r.number] for r in page.rows]

    assert any("남서울" in t for t in titles("서울", "title"))
    assert any("서울시" in t for t in titles("서울", "title"))
    assert any("딥시크가" in t for t in titles("딥시크", "title"))
    assert titles("\uff21\uff29", "title") == titles("ai", "title")
    assert not any("said" in t and "ai " not in t for t in titles("ai", "title"))
