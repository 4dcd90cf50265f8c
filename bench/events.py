"""A deterministic generator of news articles grouped into events, with the word statistics of
real news, for the clustering and ingestion benchmarks.

``bench/corpus.py`` fills 48 sentence templates, so any two of its articles share a quarter of
their character 5-grams (Jaccard 0.23-0.37 between unrelated articles) and draw their keywords
from under 2,000 nouns: on a board of its articles every new one looks like a near-copy of
dozens of posts and joins a story of hundreds. Real reports of different events share little
text and are told apart by their names. This generator imitates that:

- sentences come from the project's own written articles (the demo site and the labelled
  sets in ``tests/fixtures/dedupe/``: 1,404 distinct sentences), so two unrelated
  articles share a sentence only by chance;
- every event has its own names: four proper nouns drawn from the 93,238 of two to six
  syllables in Kiwi's dictionary of Korean proper nouns (the file ``default.dict`` of the
  ``kiwipiepy_model`` package, read at run time; install ``.[test]`` or ``.[kiwi]``) and a
  person named from ``bench/vocab.py``; its reports carry them in the title and the lead, as
  reports name who, what and where;
- an event's reports share its two lead sentences and a headline (three of the bank's 2,800
  common nouns and an outcome such as 합의 or 논란), each outlet wording the headline its own
  way and adding its own sentences: alike in keywords, far under the copy thresholds in
  shingles (Jaccard 0.06 median between reports of one event, 0.008 between unrelated ones);
- events grow as news does: an article starts a new event with probability ``NEW_EVENT``,
  otherwise it reports on the event of an article about ``LOOKBACK_MEAN`` steps earlier
  (at most ``LOOKBACK_MAX``).

``EventCorpus(seed).article(age)`` is the article ``age`` steps before ``end`` (0 = newest),
the same for the same seed and age, independent of any other article; ``event_of(age)`` names
its event, so a benchmark can score the clustering it measures.

Run ``python bench/events.py`` for a sample, the rate, and the Jaccard of unrelated articles.
"""

from __future__ import annotations

import functools
import itertools
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from html import escape
from importlib.util import find_spec
from pathlib import Path

import vocab
from corpus import END, STEP_SECONDS, josa
from ranknews.demo.site.data import load_articles
from ranknews.models import Article, Outlet
from ranknews.sections import DEFAULT_SECTIONS

__all__ = ["EventCorpus", "proper_nouns", "sentence_bank"]

NEW_EVENT = 0.45
LOOKBACK_MEAN = 150  # steps back to the article whose event a report follows
LOOKBACK_MAX = 4_000
_MASK64 = (1 << 64) - 1
_ID_BASE = 40_000_000
_FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "dedupe"
_SENTENCE_END = re.compile(r"(?<=[다요])\.\s+|\n")
_HANGUL_NAME = re.compile(r"^[가-힣]{2,6}$")
_OUTCOMES = (
    "논란",
    "추진",
    "합의",
    "공방",
    "첫 공개",
    "전격 발표",
    "확대",
    "제동",
    "급물살",
    "난항",
    "본격화",
    "우려 확산",
)


@functools.cache
def proper_nouns() -> tuple[str, ...]:
    """Korean proper nouns of two to six syllables from Kiwi's dictionary, in file order."""
    spec = find_spec("kiwipiepy_model")
    if spec is None or spec.origin is None:
        raise SystemExit(
            "bench/events.py reads Kiwi's dictionary of proper nouns: pip install -e '.[test]'"
        )
    path = Path(spec.origin).parent / "default.dict"
    names: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        form, _, tag = line.partition("\t")
        if tag.split("\t")[0] == "NNP" and _HANGUL_NAME.match(form):
            names.append(form)
    return tuple(dict.fromkeys(names))


@functools.cache
def topic_nouns() -> tuple[str, ...]:
    """The common nouns of the sentence bank (MeCab), sorted: what headlines are about."""
    from ranknews.nouns import MecabTagger

    tagger = MecabTagger()
    nouns = {n.form for text in sentence_bank() for n in tagger.nouns(text) if not n.proper}
    return tuple(sorted(nouns))


@functools.cache
def sentence_bank() -> tuple[str, ...]:
    """Every distinct body sentence of the demo site and the labelled story sets, datelines,
    bylines and copyright lines left out."""
    bodies = ["\n".join(demo.paragraphs) for demo in load_articles()]
    written = json.loads((_FIXTURES / "stories_written.json").read_text(encoding="utf-8"))
    docs = [a for s in written["stories"] for a in s["articles"]] + written["singles"]
    groups = json.loads((_FIXTURES / "stories.json").read_text(encoding="utf-8"))
    docs += [a for g in groups for a in g["articles"]]
    bodies += [doc["body"] for doc in docs]
    sentences: list[str] = []
    for body in bodies:
        for part in _SENTENCE_END.split(body):
            part = re.sub(r"^\([^)]*=[^)]*\)\s*\S+\s*(기자|특파원)\s*=\s*", "", part.strip())
            if len(part) < 20 or "무단" in part or "@" in part or part.startswith("ⓒ"):
                continue
            sentences.append(part if part.endswith(".") else part + ".")
    return tuple(dict.fromkeys(sentences))


def _rng(*parts: int) -> random.Random:
    value = 0x9E3779B97F4A7C15
    for part in parts:
        value = (value * 0xBF58476D1CE4E5B9 + part * 0x94D049BB133111EB + 1) & _MASK64
    return random.Random(value)


class EventCorpus:
    """Seeded source of :class:`ranknews.models.Article` objects; see the module docstring."""

    def __init__(
        self, seed: int = 1, *, end: datetime = END, step_seconds: int = STEP_SECONDS
    ) -> None:
        self.seed = seed
        self.end = end
        self.step_seconds = step_seconds
        self._names = proper_nouns()
        self._sentences = sentence_bank()
        self._topics = topic_nouns()
        self._outlets = [
            Outlet(slug, name, f"https://www.{slug}.example/") for slug, name in vocab.OUTLETS
        ]
        self._sections = [s for s in DEFAULT_SECTIONS if s.slug in vocab.SECTION_WEIGHTS]

    # events ------------------------------------------------------------------------------
    def _starts_event(self, age: int) -> bool:
        return _rng(self.seed, 1, age).random() < NEW_EVENT

    def event_of(self, age: int) -> int:
        """The age of the article that started this article's event."""
        while not self._starts_event(age):
            rng = _rng(self.seed, 2, age)
            back = min(LOOKBACK_MAX, 1 + int(rng.expovariate(1 / LOOKBACK_MEAN)))
            age += back
        return age

    def _event(self, event: int) -> dict[str, object]:
        rng = _rng(self.seed, 3, event)
        names = rng.sample(self._names, 4)
        person = rng.choice(vocab.SURNAMES) + rng.choice(vocab.GIVEN_NAMES)
        topics = rng.sample(self._topics, 3)
        return {
            "names": names,
            "person": person,
            "headline": f"{topics[0]} {topics[1]} {rng.choice(_OUTCOMES)}",
            "tail": f"{topics[2]} {rng.choice(_OUTCOMES)}",
            "lead": rng.sample(self._sentences, 2),
            "section": rng.choice(self._sections),
            "title": rng.choice(("위원장", "대표", "장관", "교수", "대변인", "사장", "감독")),
        }

    # one article -------------------------------------------------------------------------
    def article(self, age: int) -> Article:
        """The article ``age`` steps before the end date (0 = newest)."""
        event = self._event(self.event_of(age))
        rng = _rng(self.seed, 4, age)
        names: list[str] = event["names"]  # type: ignore[assignment]
        person = str(event["person"])
        outlet = rng.choice(self._outlets)
        published = self.end - timedelta(
            seconds=age * self.step_seconds + rng.randrange(self.step_seconds * 5 // 6)
        )
        first, second, third, fourth = rng.sample(names, 4)
        headline = str(event["headline"])
        tail = str(event["tail"])
        title = rng.choice(
            (
                f"{first}·{second} {headline}",
                f"{headline}…{first} {second}",
                f'[{first}] {second} {person} "{headline}"',
                f"{first}, {headline} {tail}".strip(),
                f"{second} {third} {headline}",
            )
        )
        role = str(event["title"])
        lead = (
            f"{josa(first, '은')} {published.day}일 {second}에서 {josa(third, '과')} 함께"
            f" {fourth} 문제를 논의했다고 {person} {josa(role, '이')} 밝혔다."
        )
        own = rng.sample(self._sentences, rng.randint(18, 34))
        body_sentences = [lead, *event["lead"], *own]  # type: ignore[list-item]
        if rng.random() < 0.6:
            body_sentences.insert(
                rng.randint(4, len(body_sentences)), f"{person} {role}의 설명이다."
            )
        count = rng.randint(5, 10)
        cuts = sorted(rng.sample(range(1, len(body_sentences)), count - 1))
        paragraphs = [
            " ".join(body_sentences[a:b])
            for a, b in zip([0, *cuts], [*cuts, len(body_sentences)], strict=True)
        ]
        reporter = rng.choice(vocab.SURNAMES) + rng.choice(vocab.GIVEN_NAMES)
        if outlet.slug in vocab.WIRE_OUTLETS:
            paragraphs[0] = f"(서울={outlet.name}) {reporter} 기자 = {paragraphs[0]}"
        article_id = _ID_BASE - age
        section = event["section"]
        return Article(
            canonical_url=f"{outlet.homepage}news/articleView.html?idxno={article_id}",
            title=title[:80],
            outlet=outlet,
            body_html="".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs),
            body_text="\n".join(paragraphs),
            published=published,
            section=section,  # type: ignore[arg-type]
            byline=f"{reporter} 기자",
            authors=(reporter,),
            guid=f"{outlet.slug}-{article_id}",
        )

    def articles(self, n: int, *, newest: int = 0) -> Iterator[Article]:
        """The ``n`` articles with ages ``newest + n - 1`` down to ``newest``, oldest first."""
        for age in range(newest + n - 1, newest - 1, -1):
            yield self.article(age)


def main(argv: list[str]) -> int:
    from ranknews.dedupe import article_text, signature

    n = int(argv[1]) if len(argv) > 1 else 5_000
    started = time.perf_counter()
    corpus = EventCorpus(1)
    built = time.perf_counter()
    chars = sum(len(a.body_text) for a in corpus.articles(n))
    elapsed = time.perf_counter() - built
    sample = corpus.article(0)
    print(sample.title, f"({sample.outlet.name}, {sample.byline})")
    print(sample.body_text[:700], "...")
    print(
        f"{len(proper_nouns()):,} proper nouns, {len(topic_nouns()):,} topic nouns,"
        f" {len(sentence_bank()):,}"
        f" sentences loaded in {built - started:.2f}s; {n:,} articles in {elapsed:.2f}s ="
        f" {n / elapsed:,.0f}/s, mean body {chars / n:,.0f} chars"
    )
    ages = range(1000, 1120)
    events = [corpus.event_of(a) for a in ages]
    sigs = [signature(article_text(a.title, a.body_text)) for a in map(corpus.article, ages)]
    unrelated = sorted(
        sigs[i].jaccard(sigs[j])
        for i, j in itertools.combinations(range(len(sigs)), 2)
        if events[i] != events[j]
    )
    related = [
        sigs[i].jaccard(sigs[j])
        for i, j in itertools.combinations(range(len(sigs)), 2)
        if events[i] == events[j]
    ]
    print(
        f"Jaccard of unrelated articles: median {statistics.median(unrelated):.3f},"
        f" p99 {unrelated[int(len(unrelated) * 0.99)]:.3f}, max {unrelated[-1]:.3f};"
        f" of reports of one event: median {statistics.median(related or [0]):.3f},"
        f" max {max(related or [0]):.3f} ({len(related)} pairs)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
