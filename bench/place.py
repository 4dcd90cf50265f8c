"""Benchmark of placing one new article on a board: as a wire copy of a recent post, or as a
post put in a story (``store.content.save_article(..., analysis=...)``), among 10k and 1M posts;
and of clustering a fresh board end to end through the real path.

    python bench/place.py --build 10000 1000000      # synthetic boards in bench/data/place-<N>/
    python bench/place.py --measure 10000 1000000    # place ~200 new articles on both, interleaved
    python bench/place.py --cluster 100000           # a fresh board through Analyzer + save_article

``--build`` writes, with executemany in large transactions, only the rows placement reads:
outlets, sections, articles (minimal), posts, counters, article_signatures, dedupe_bands,
stories, story_posts, story_terms, term_docs and the wire copies of posts. Article bodies,
photos and the search index are left empty: no placement query reads them. Posts are spread at
``--per-day`` (2,000) a day, oldest first, ending at ``corpus.END``; so a ±72 h / ±96 h window
around a new article holds up to 6,000 / 8,000 posts whatever the size of the board (10,000
posts are five days: the windows hold most of them).

The data imitates news without running the tokenizer a million times:

- keywords are sampled from the noun distribution the real ``Analyzer`` finds in 400
  ``bench/corpus.py`` articles and the demo site's articles (a term is drawn in proportion to the
  number of those articles that have it among their keywords), 15-24 of them with the weights of
  one of those analyses; a story's posts share most of a core of 8-15 terms (1-3 of them drawn
  from the whole vocabulary, so rare); ``story_posts.keywords`` holds each post's vector
  weighted by rarity as ``place_post`` stores it (document frequencies of the moment it came);
- signatures are made by the project's own MinHash code: a pool of corpus sentences is signed
  once, and a post's signature is the element-wise minimum of its sentences' signatures (the
  MinHash of a union); sentences are drawn as often as the corpus repeats them, a story's posts
  share some background sentences, 10% of posts rewrite a recent post (keeping 30-50% of its
  sentences: similar, but under the copy thresholds, as the engine would have kept them as posts)
  and 10% more articles are wire copies listed under a recent post (``wire_copies``);
- stories grow by preferential attachment: 40% of posts start a story, the others (rewrites
  included) join the story of a recent post (about five hours back on average, at most two
  days): a mean of 2.5 posts a story, the largest of a million posts 79.

``--measure`` analyses ~200 new ``bench/corpus.py`` articles once with the real ``Analyzer``
(timed apart: it does not depend on the board), a fifth of them wire copies of others, published
just after the boards' newest post, then stores each on every board in turn (the order
alternates), timing ``save_article`` in its own transaction as ingestion does, and counts what
each placement examined by running the same candidate queries after it (band rows, signatures,
keyword postings, candidate posts and stories, keyword vectors read). ``--trace`` adds the time
of each SQL statement. The new posts stay on the boards; a later run places a fresh set after
them. The run records how much of each database file was in the page cache (``fincore``).

``--cluster N`` stores N articles (about 10% of them wire copies of an article published up to
three hours before) on an empty board oldest first, each analysed and then saved as ingestion
does; analysis and storing are timed apart. The articles come from ``bench/events.py``
(``--corpus events``, the default: reports grouped in events, with the text statistics of news,
so the run also scores the stories it makes against the events, pairwise) or from
``bench/corpus.py`` (``--corpus templates``, the runs before 2026-11-25). ``--tokenizer``
chooses MeCab (default) or Kiwi. ``--max-minutes`` stops it early (the figures then cover the
articles stored so far).

Each run writes a JSON file to ``--results-dir`` (default ``bench/results/``) and prints a table.
"""

from __future__ import annotations

import argparse
import heapq
import json
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from array import array
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import event, text

import vocab
from corpus import END, Corpus
from events import EventCorpus
from harness import variant_suffix
from ranknews.analysis import MAX_KEYWORDS, Analysis, Analyzer, keywords_to_json
from ranknews.dedupe import BANDS, Signature, band_keys, signature
from ranknews.demo.site.data import load_articles
from ranknews.models import Article, Outlet
from ranknews.sections import DEFAULT_SECTIONS
from ranknews.settings import Settings
from ranknews.store import Store, open_store
from ranknews.store.schema import timed_sql
from ranknews.store.stories import (  # the store's own statements and limits
    _CANDIDATE_STORIES,
    _DOCS,
    LOOKUP_TERMS,
    MAX_COPY_CANDIDATES,
    MAX_MEMBERS,
    MAX_STORIES,
    MAX_STORY_CANDIDATES,
    _weighted,  # what place_post stores in story_posts.keywords: kept in step with the store
)
from ranknews.urls import clean_url, url_key

BENCH = Path(__file__).resolve().parent
DATA = BENCH / "data"
META_FILE = "place-board.json"
DB_FILE = "ranknews.sqlite3"
SEED = 1
STEP_SECONDS = 43  # bench/corpus.py articles at ~2,000 a day, like the synthetic boards
REPOST_DELAY = timedelta(minutes=3)
NOUN_AGES = 200_000  # corpus ages the noun distribution is taken from
SENTENCE_AGES = 300_000  # ... and the sentence pool
NEW_AGES = 1_000  # new articles of run r: ages r * NEW_AGES + (0, 1, ...)
SYNTHETIC_ID = 10_000_000  # outlet article ids of synthetic articles: 10,000,001 ...
COPY_ID = 50_000_000  # ... and of the wire copies made by --measure and --cluster

# The synthetic board.
NEW_STORY = 0.40
REWRITE = 0.10
COPIES = 0.10
LOOKBACK_MEAN = 400  # posts (about 5 h at 2,000 a day)
LOOKBACK_MAX = 4_000  # posts (2 days)
FLUSH_STORIES_AFTER = 8_000  # posts without a new one before a story is written out
BATCH = 20_000

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_STORED_TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")


def utc_text(moment: datetime) -> str:
    """A time as the store keeps it on SQLite: UTC, naive, as text (``UTCDateTime``)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    return {
        "n": len(values),
        "p50": statistics.median(values),
        "p95": percentile(values, 0.95),
        "mean": statistics.fmean(values),
        "min": min(values),
        "max": max(values),
    }


def size_histogram(sizes: Counter[int]) -> dict[str, int]:
    """Stories by size (``sizes``: stories per number of posts), as the result files keep it."""
    return {
        "1": sizes[1],
        "2-4": sum(n for s, n in sizes.items() if 2 <= s <= 4),
        "5-19": sum(n for s, n in sizes.items() if 5 <= s <= 19),
        "20-99": sum(n for s, n in sizes.items() if 20 <= s <= 99),
        "100+": sum(n for s, n in sizes.items() if s >= 100),
        "max": max(sizes) if sizes else 0,
    }


def source() -> dict[str, Any]:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=BENCH, capture_output=True, text=True, check=False
        ).stdout.strip()

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted": git("status", "--porcelain", "--untracked-files=no").splitlines(),
    }


def load_average() -> list[float]:
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


def database_bytes(data_dir: Path) -> int:
    return sum(p.stat().st_size for p in data_dir.glob("ranknews.sqlite3*") if p.is_file())


def cached_bytes(data_dir: Path) -> int | None:
    """How much of the database file is in the page cache (``fincore``), if it can be told."""
    if shutil.which("fincore") is None:
        return None
    out = subprocess.run(
        ["fincore", "--bytes", "--noheadings", "--output", "RES", str(data_dir / DB_FILE)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return int(out) if out.isdigit() else None


def settings_for(data_dir: Path) -> Settings:
    return Settings.from_mapping({"data_dir": str(data_dir), "log_level": "warning"})


def write_result(results_dir: Path, name: str, result: dict[str, Any]) -> None:
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / name
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One explicit transaction on a connection in autocommit mode."""
    conn.execute("BEGIN")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


# Inputs of the synthetic boards --------------------------------------------------------------


def noun_stats(seed: int, count: int) -> dict[str, Any]:
    """Keyword statistics of ``count`` corpus articles and the demo articles, by the real
    Analyzer (cached in bench/data)."""
    path = DATA / f"place-nouns-{seed}-{count}.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    analyzer = Analyzer()
    corpus = Corpus(seed, step_seconds=STEP_SECONDS)
    texts = [(a.title, a.body_text) for a in (corpus.article(NOUN_AGES + i) for i in range(count))]
    demo = load_articles()
    texts += [(d.title, "\n".join(d.paragraphs)) for d in demo]
    df: Counter[str] = Counter()
    weights: list[list[float]] = []
    started = time.perf_counter()
    for title, body in texts:
        keywords = analyzer.analyze(title, body).keywords  # strongest first
        df.update(keywords)
        weights.append(list(keywords.values()))
    stats = {
        "corpus_articles": count,
        "demo_articles": len(demo),
        "seconds": time.perf_counter() - started,
        "df": dict(df.most_common()),
        "weights": weights,
    }
    DATA.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(stats, ensure_ascii=False), encoding="utf-8")
    return stats


@dataclass
class SentencePool:
    values: np.ndarray  # (sentences, num_perm) uint32 MinHash values
    sizes: np.ndarray  # shingles per sentence
    uses: np.ndarray  # how often the corpus used each sentence
    per_article: list[int]  # sentences per corpus article


def sentence_pool(seed: int, count: int) -> SentencePool:
    """The signatures of the distinct sentences of ``count`` corpus articles (cached)."""
    path = DATA / f"place-sentences-{seed}-{count}.npz"
    if not path.exists():
        corpus = Corpus(seed, step_seconds=STEP_SECONDS)
        uses: Counter[str] = Counter()
        per_article: list[int] = []
        for i in range(count):
            body = corpus.article(SENTENCE_AGES + i).body_text.replace("\n", " ")
            sentences = _SENTENCE_END.split(body)
            uses.update(sentences)
            per_article.append(len(sentences))
        signed = [(signature(s), n) for s, n in uses.items()]
        signed = [(sig, n) for sig, n in signed if sig.size]
        DATA.mkdir(parents=True, exist_ok=True)
        np.savez(
            path,
            values=np.stack([sig.hashvalues for sig, _ in signed]).astype(np.uint32),
            sizes=np.array([sig.size for sig, _ in signed], dtype=np.int64),
            uses=np.array([n for _, n in signed], dtype=np.int64),
            per_article=np.array(per_article, dtype=np.int64),
        )
    loaded = np.load(path)
    return SentencePool(
        values=loaded["values"],
        sizes=loaded["sizes"],
        uses=loaded["uses"],
        per_article=loaded["per_article"].tolist(),
    )


def outlets() -> list[Outlet]:
    """The corpus's outlets, spelled as bench/corpus.py spells them."""
    return [Outlet(slug, name, f"https://www.{slug}.example/") for slug, name in vocab.OUTLETS]


# The synthetic board -------------------------------------------------------------------------


@dataclass
class _Story:
    id: int
    first_post: int
    title: str
    started: str
    updated: str
    section: int
    core_terms: list[str]
    core_sentences: list[int]
    posts: int = 0
    articles: int = 0
    outlets: set[int] = field(default_factory=set)
    last_post: int = 0


@dataclass
class _Post:
    story: int
    sentences: list[int]
    terms: list[str]


class BoardBuilder:
    """Generates the synthetic board in time order and writes it with one raw connection."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        posts: int,
        per_day: int,
        seed: int,
        nouns: dict[str, Any],
        pool: SentencePool,
        outlet_ids: list[int],
        section_ids: dict[str, int],
        writer: str,
    ) -> None:
        self.conn = conn
        self.total = posts
        self.interval = 86_400 / per_day
        self.first = END - timedelta(seconds=round((posts - 1) * self.interval))
        self.rng = random.Random(seed * 7919 + posts)
        self.writer = writer
        self.pool = pool
        self.outlet_ids = outlet_ids
        self.sections = [section_ids[slug] for slug in vocab.SECTION_WEIGHTS]
        self.section_cum = np.cumsum(list(vocab.SECTION_WEIGHTS.values())).tolist()
        df: dict[str, int] = nouns["df"]
        self.vocab = sorted(df)
        self.rank = {term: i for i, term in enumerate(self.vocab)}
        self.by_df = list(df)
        # Keyword weights: those of one analysed article, 15 to 24 of them.
        self.weights: list[list[float]] = [
            (w + [w[-1]] * 15)[: min(MAX_KEYWORDS, max(15, len(w)))] for w in nouns["weights"] if w
        ]
        self.draws: dict[str, tuple[np.ndarray, list[int], int]] = {}
        self.draw_from = {
            "sentences": np.cumsum(pool.uses, dtype=np.float64),
            "terms": np.cumsum([df[t] for t in self.by_df], dtype=np.float64),
        }
        self.nrng = np.random.default_rng(seed * 104_729 + posts)
        self.stories: dict[int, _Story] = {}
        self.df: Counter[str] = Counter()  # posts so far with each keyword
        self.story_of = np.zeros(posts, dtype=np.int64)
        self.recent: dict[int, _Post] = {}
        self.section_seq: Counter[int] = Counter()
        self.copies: list[tuple[int, int, int]] = []  # (second, post index, copy number)
        self.next_article = 1
        self.next_story = 1
        self.band_key = np.empty(posts * BANDS, dtype=np.int64)
        self.band_post = np.empty(posts * BANDS, dtype=np.int32)
        self.term_rank = array("i")
        self.term_post = array("i")
        self.post_article = np.zeros(posts, dtype=np.int64)
        self.post_time: list[str] = []  # published_at as stored (UTC text)
        self.story_sizes: list[int] = []
        self.rows: dict[str, list[tuple[Any, ...]]] = {}
        self.counts: Counter[str] = Counter()

    # sampling ------------------------------------------------------------------------------
    def _draw(self, what: str, count: int) -> list[int]:
        """``count`` indices drawn in proportion to the weights of ``what`` (drawn ahead in
        blocks with numpy)."""
        block, drawn, used = self.draws.get(what, (np.empty(0), [], 0))
        if used + count > len(drawn):
            cum = self.draw_from[what]
            block = np.searchsorted(cum, self.nrng.random(1_000_000) * cum[-1], side="right")
            drawn, used = block.tolist(), 0
        self.draws[what] = (block, drawn, used + count)
        return drawn[used : used + count]

    def _terms(self, count: int, have: list[str]) -> list[str]:
        chosen = list(have)
        seen = set(chosen)
        while len(chosen) < count:
            for index in self._draw("terms", count):
                term = self.by_df[index]
                if term not in seen:
                    seen.add(term)
                    chosen.append(term)
                    if len(chosen) == count:
                        break
        return chosen

    def _sentences(self, count: int) -> list[int]:
        return self._draw("sentences", count)

    def time_of(self, index: int) -> datetime:
        return self.first + timedelta(seconds=round(index * self.interval))

    # one post ------------------------------------------------------------------------------
    def _post(self, i: int) -> None:
        rng = self.rng
        when = self.time_of(i)
        stored = utc_text(when)
        weights = rng.choice(self.weights)
        size = len(weights)
        count = rng.choice(self.pool.per_article)
        back = 1 + int(rng.expovariate(1 / LOOKBACK_MEAN))
        if back > min(i, LOOKBACK_MAX):  # nothing that far back: a new story
            back = 0
        kind = rng.random()
        if back and kind < REWRITE:  # a rewrite of a recent post: similar, not a copy
            base = self.recent[i - back]
            story = self.stories[base.story]
            kept = rng.sample(base.sentences, round(len(base.sentences) * rng.uniform(0.3, 0.5)))
            sentences = kept + self._sentences(max(0, count - len(kept)))
            terms = [t for t in base.terms if rng.random() < 0.8]
            terms = self._terms(size, terms[:size])
            self.counts["rewrites"] += 1
        elif back and kind < 1 - NEW_STORY:  # a report joining a recent story
            story = self.stories[int(self.story_of[i - back])]
            terms = self._terms(size, [t for t in story.core_terms if rng.random() < 0.7])
            shared = rng.sample(
                story.core_sentences, min(len(story.core_sentences), max(1, count // 8))
            )
            sentences = shared + self._sentences(count - len(shared))
        else:  # a new story
            core = self._terms(rng.randint(7, 12), [])
            rare = rng.sample(self.vocab, rng.randint(1, 3))
            core += [t for t in rare if t not in core]
            story = _Story(
                id=self.next_story,
                first_post=i + 1,
                title=f"{core[0]} {core[1]}…{core[2]} 관련 {core[3]} 주목",
                started=stored,
                updated=stored,
                section=self.sections[
                    rng.choices(range(len(self.sections)), cum_weights=self.section_cum)[0]
                ],
                core_terms=core,
                core_sentences=self._sentences(max(4, count // 4)),
            )
            self.next_story += 1
            self.stories[story.id] = story
            terms = self._terms(size, [t for t in core if rng.random() < 0.8])
            shared = rng.sample(story.core_sentences, max(1, count // 8))
            sentences = shared + self._sentences(count - len(shared))

        number = i + 1
        article = self._article(story, stored, f"{terms[0]} {terms[1]}…{terms[2]} {terms[3]}")
        self.section_seq[story.section] += 1
        self.rows.setdefault("posts", []).append(
            (
                number,
                article,
                story.section,
                self.section_seq[story.section],
                stored,
                self.writer,
            )
        )
        idx = np.fromiter(set(sentences), dtype=np.int64)
        sig = Signature(
            hashvalues=self.pool.values[idx].min(axis=0), size=int(self.pool.sizes[idx].sum())
        )
        self.rows.setdefault("article_signatures", []).append((article, sig.to_bytes()))
        self.band_key[i * BANDS : (i + 1) * BANDS] = band_keys(sig)
        self.band_post[i * BANDS : (i + 1) * BANDS] = i
        keywords = dict(zip(terms, weights, strict=True))
        # What place_post stores: the weights by rarity at the moment the post arrived.
        vector = {t: round(w, 4) for t, w in _weighted(keywords, self.df, i + 1).items()}
        self.df.update(terms)
        self.rows.setdefault("story_posts", []).append(
            (number, story.id, stored, keywords_to_json(vector))
        )
        for term in keywords:
            self.term_rank.append(self.rank[term])
            self.term_post.append(i)
        story.posts += 1
        story.articles += 1
        story.updated = stored
        story.last_post = i
        self.story_of[i] = story.id
        self.post_article[i] = article
        self.post_time.append(stored)
        self.recent[i] = _Post(story.id, sentences, terms)
        self.recent.pop(i - LOOKBACK_MAX - 1, None)
        if rng.random() < COPIES:
            second = round(i * self.interval) + rng.randint(120, 3 * 3600)
            heapq.heappush(self.copies, (second, i, len(self.copies)))

    def _article(self, story: _Story, stored: str, title: str) -> int:
        """Insert-row of an article; returns its id."""
        article = self.next_article
        self.next_article += 1
        outlet = self.rng.choice(self.outlet_ids)
        slug = vocab.OUTLETS[self.outlet_ids.index(outlet)][0]
        url = f"https://www.{slug}.example/news/articleView.html?idxno={SYNTHETIC_ID + article}"
        self.rows.setdefault("articles", []).append(
            (
                article,
                url,
                f"{slug}-{SYNTHETIC_ID + article}",
                url,
                outlet,
                story.section,
                title,
                "[]",
                "",
                "[]",
                stored,
                None,
                stored,
                f"{article:064x}",
                f"//{slug}.example/news/articleView.html?idxno={SYNTHETIC_ID + article}",
            )
        )
        story.outlets.add(outlet)
        return article

    def _copy(self, second: int, i: int) -> None:
        """A wire copy of post ``i``: an article listed under the post, not a post."""
        story = self.stories[int(self.story_of[i])]
        stored = utc_text(self.first + timedelta(seconds=second))
        article = self._article(story, stored, f"[전문] {story.title}")
        self.rows.setdefault("wire_copies", []).append(
            (article, i + 1, round(self.rng.uniform(0.5, 1.0), 4), stored)
        )
        story.articles += 1
        self.counts["copies"] += 1

    # writing -------------------------------------------------------------------------------
    def _flush(self, done: int, *, final: bool = False) -> None:
        old = [
            s for s in self.stories.values() if final or s.last_post < done - FLUSH_STORIES_AFTER
        ]
        for story in old:
            del self.stories[story.id]
            self.story_sizes.append(story.posts)
            self.rows.setdefault("stories", []).append(
                (
                    story.id,
                    story.first_post,
                    story.title,
                    story.started,
                    story.updated,
                    story.posts,
                    story.articles,
                    len(story.outlets),
                )
            )
        sql = {
            "articles": "INSERT INTO articles (id, canonical_url, guid, url, outlet_id,"
            " section_id, title, labels, byline, authors, published_at, updated_at, fetched_at,"
            " content_hash, url_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "posts": "INSERT INTO posts (number, article_id, section_id, section_seq, posted_at,"
            " writer, hidden, notice, listed) VALUES (?, ?, ?, ?, ?, ?, 0, 0, 1)",
            "article_signatures": "INSERT INTO article_signatures (article_id, signature)"
            " VALUES (?, ?)",
            "story_posts": "INSERT INTO story_posts (post_number, story_id, published_at,"
            " keywords) VALUES (?, ?, ?, ?)",
            "wire_copies": "INSERT INTO wire_copies (article_id, post_number, score, found_at)"
            " VALUES (?, ?, ?, ?)",
            "stories": "INSERT INTO stories (id, first_post, title, started_at, updated_at,"
            " posts, articles, outlets) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        }
        with transaction(self.conn):
            for table, statement in sql.items():
                rows = self.rows.pop(table, [])
                if rows:
                    self.conn.executemany(statement, rows)
                    self.counts[table] += len(rows)

    def generate(self) -> None:
        started = time.perf_counter()
        for i in range(self.total):
            now = round(i * self.interval)
            while self.copies and self.copies[0][0] <= now:
                second, post, _ = heapq.heappop(self.copies)
                self._copy(second, post)
            self._post(i)
            if (i + 1) % BATCH == 0 or i + 1 == self.total:
                self._flush(i + 1, final=i + 1 == self.total)
                if (i + 1) % (BATCH * 10) == 0 or i + 1 == self.total:
                    log(f"  {i + 1:,} posts, {time.perf_counter() - started:,.0f}s")

    def write_sorted(self) -> None:
        """dedupe_bands and story_terms, in primary-key order, then term_docs and counters."""
        started = time.perf_counter()
        order = np.lexsort((self.band_post, self.band_key))  # (key, published, article)
        statement = "INSERT INTO dedupe_bands (band_key, published_at, article_id) VALUES (?, ?, ?)"
        published = self.post_time.__getitem__
        article = self.post_article.tolist().__getitem__
        for lo in range(0, len(order), 1_000_000):
            part = order[lo : lo + 1_000_000]
            posts = self.band_post[part].tolist()
            rows = zip(
                self.band_key[part].tolist(),
                map(published, posts),
                map(article, posts),
                strict=True,
            )
            with transaction(self.conn):
                self.conn.executemany(statement, rows)
        log(f"  dedupe_bands: {len(order):,} rows, {time.perf_counter() - started:,.0f}s")
        started = time.perf_counter()
        ranks = np.frombuffer(self.term_rank, dtype=np.int32)
        term_posts = np.frombuffer(self.term_post, dtype=np.int32)
        order = np.lexsort((term_posts, ranks))  # (term, published, post)
        statement = "INSERT INTO story_terms (term, published_at, post_number) VALUES (?, ?, ?)"
        terms = self.vocab
        for lo in range(0, len(order), 1_000_000):
            part = order[lo : lo + 1_000_000]
            posts = term_posts[part]
            rows = zip(
                map(terms.__getitem__, ranks[part].tolist()),
                map(published, posts.tolist()),
                (posts + 1).tolist(),
                strict=True,
            )
            with transaction(self.conn):
                self.conn.executemany(statement, rows)
        log(f"  story_terms: {len(order):,} rows, {time.perf_counter() - started:,.0f}s")
        docs = np.bincount(ranks, minlength=len(terms)).tolist()
        with transaction(self.conn):
            self.conn.executemany(
                "INSERT INTO term_docs (term, docs) VALUES (?, ?)",
                [(t, d) for t, d in zip(terms, docs, strict=True) if d],
            )
            self.conn.execute("UPDATE counters SET value = ? WHERE name = 'board'", (self.total,))
            self.conn.executemany(
                "INSERT INTO counters (name, value) VALUES (?, ?)",
                [(f"section:{s}", n) for s, n in sorted(self.section_seq.items())],
            )
        self.counts["dedupe_bands"] = len(self.band_key)
        self.counts["story_terms"] = len(ranks)


_BULK_TABLES = (
    "articles",
    "posts",
    "article_signatures",
    "dedupe_bands",
    "stories",
    "story_posts",
    "story_terms",
    "wire_copies",
)


def build(posts: int, *, per_day: int, seed: int, rebuild: bool) -> dict[str, Any]:
    code = source()  # the code that runs: taken first, as others may commit meanwhile
    data_dir = DATA / f"place-{posts}"
    meta_path = data_dir / META_FILE
    if meta_path.exists() and not rebuild:
        meta = json.loads(meta_path.read_text())
        if meta.get("complete") and meta.get("posts") == posts and meta.get("seed") == seed:
            log(f"{data_dir} is complete; --rebuild to make it again")
            return meta
    if data_dir.exists():
        shutil.rmtree(data_dir)
    started = time.perf_counter()
    nouns = noun_stats(seed, 400)
    pool = sentence_pool(seed, 1000)
    inputs_seconds = time.perf_counter() - started
    log(
        f"inputs: {len(nouns['df']):,} distinct keywords, {len(pool.sizes):,} distinct sentences"
        f" ({inputs_seconds:.1f}s)"
    )
    settings = settings_for(data_dir)
    store = open_store(settings)  # migrations create the schema
    try:
        store.content.save_sections(list(DEFAULT_SECTIONS))
        with store.engines.write.begin() as conn:
            outlet_ids = [store.content.ensure_outlet(conn, o) for o in outlets()]
        section_ids = _section_ids(store)
    finally:
        store.close()

    conn = sqlite3.connect(data_dir / DB_FILE, isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")  # a generated file: rebuilt if interrupted
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-1000000")
    placeholders = ", ".join("?" * len(_BULK_TABLES))
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({placeholders}) ORDER BY rowid",
        _BULK_TABLES,
    ).fetchall()
    for name, _ in indexes:  # made again after the load, from the migration's own DDL
        conn.execute(f'DROP INDEX "{name}"')
    builder = BoardBuilder(
        conn,
        posts=posts,
        per_day=per_day,
        seed=seed,
        nouns=nouns,
        pool=pool,
        outlet_ids=outlet_ids,
        section_ids=section_ids,
        writer=settings.writer_name,
    )
    sample = f"https://www.hanbit.example/news/articleView.html?idxno={SYNTHETIC_ID + 1}"
    assert (
        url_key(clean_url(sample))
        == f"//hanbit.example/news/articleView.html?idxno={SYNTHETIC_ID + 1}"
    )
    generating = time.perf_counter()
    builder.generate()
    log(f"generated and wrote posts: {time.perf_counter() - generating:,.0f}s")
    sorted_started = time.perf_counter()
    builder.write_sorted()
    sorted_seconds = time.perf_counter() - sorted_started
    index_started = time.perf_counter()
    for _, sql in indexes:
        conn.execute(sql)
    index_seconds = time.perf_counter() - index_started
    log(f"indexes: {index_seconds:,.0f}s")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    sizes = Counter(builder.story_sizes)
    total_seconds = time.perf_counter() - started
    meta = {
        "complete": True,
        "date": date.today().isoformat(),
        "source": code,
        "posts": posts,
        "seed": seed,
        "per_day": per_day,
        "first_published": str(builder.first),
        "last_published": str(builder.time_of(posts - 1)),
        "rows": dict(builder.counts),
        "stories": len(builder.story_sizes),
        "story_sizes": {
            **size_histogram(sizes),
            "posts_in_stories_of_20+": sum(s * n for s, n in sizes.items() if s >= 20),
        },
        "distinct_keywords": len(nouns["df"]),
        "distinct_sentences": len(pool.sizes),
        "seconds": {
            "inputs": inputs_seconds,
            "posts": sorted_started - generating,
            "sorted_tables": sorted_seconds,
            "indexes": index_seconds,
            "total": total_seconds,
        },
        "database_bytes": database_bytes(data_dir),
        "peak_rss_mb": peak_rss_mb(),
        "runs": 0,
    }
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    log(
        f"built {data_dir}: {posts:,} posts in {total_seconds:,.0f}s,"
        f" {meta['database_bytes'] / 1e9:.2f} GB, peak RSS {meta['peak_rss_mb']:.0f} MB"
    )
    return meta


def _section_ids(store: Store) -> dict[str, int]:
    with store.engines.read.connect() as conn:
        return {str(s): int(i) for s, i in conn.execute(text("SELECT slug, id FROM sections"))}


# New articles and wire copies ----------------------------------------------------------------


def wire_copy(original: Article, rng: random.Random, number: int, delay: int) -> Article:
    """Another outlet carrying ``original``'s report ``delay`` seconds later: lead cut or
    dateline changed, a copyright line added, the title sometimes rewritten."""
    outlet = rng.choice([o for o in outlets() if o != original.outlet])
    paragraphs = original.body_text.split("\n")
    if rng.random() < 0.5 and len(paragraphs) > 2:
        paragraphs = paragraphs[1:]
    else:
        lead = re.sub(r"^\([^)]*\)\s*\S+ 기자 = ", "", paragraphs[0])
        paragraphs = [f"(서울={outlet.name}) {lead}", *paragraphs[1:]]
    paragraphs.append(f"ⓒ{outlet.name} 무단전재-재배포 금지")
    title = original.title
    if rng.random() < 0.5:
        title = rng.choice((f"[종합] {title}", f"{title}(종합)", title.replace("…", ", ")))
    url = f"{outlet.homepage}news/articleView.html?idxno={COPY_ID + number}"
    return replace(
        original,
        canonical_url=url,
        url="",
        guid=f"{outlet.slug}-{COPY_ID + number}",
        outlet=outlet,
        title=title,
        body_text="\n".join(paragraphs),
        body_html="".join(f"<p>{p}</p>" for p in paragraphs),
        published=original.published + timedelta(seconds=delay),
        updated=None,
        photos=(),
    )


def new_articles(
    seed: int, count: int, copy_share: float, after: datetime, run: int
) -> list[tuple[Article, int | None]]:
    """``count`` articles published after ``after``, a ``copy_share`` of them wire copies of
    earlier ones: (article, index of the original in the list or None), in publication order."""
    rng = random.Random(seed * 31 + run)
    originals = round(count * (1 - copy_share))
    first_age = run * NEW_AGES
    end = after + timedelta(seconds=STEP_SECONDS * (originals + 1 + first_age))
    corpus = Corpus(seed, end=end, step_seconds=STEP_SECONDS)
    items: list[tuple[Article, int | None]] = [
        (corpus.article(age), None) for age in range(first_age + originals - 1, first_age - 1, -1)
    ]
    for k in range(count - originals):
        source_index = rng.randrange(originals)
        copy = wire_copy(
            items[source_index][0],
            rng,
            run * NEW_AGES + k,
            rng.randint(120, 3600),
        )
        items.append((copy, source_index))
    order = sorted(range(len(items)), key=lambda i: (items[i][0].published, i))
    position = {old: new for new, old in enumerate(order)}
    return [(items[i][0], None if items[i][1] is None else position[items[i][1]]) for i in order]


# Measuring placement -------------------------------------------------------------------------


def _sql(statement: str, *lists: str) -> Any:
    """A window query like the store's: ``:lo``/``:hi`` bound as stored, ``lists`` expanded."""
    return timed_sql(statement, times=("lo", "hi"), lists=lists)


_COUNT_BANDS = _sql(
    "SELECT count(*) AS hits, count(DISTINCT article_id) AS articles FROM dedupe_bands"
    " WHERE band_key IN :keys AND published_at BETWEEN :lo AND :hi AND article_id <> :own",
    "keys",
)
_COUNT_TERMS = _sql(
    "SELECT count(*) FROM story_terms"
    " WHERE term IN :terms AND published_at BETWEEN :lo AND :hi AND post_number <> :own",
    "terms",
)
_CANDIDATE_POSTS = _sql(
    "SELECT post_number, count(*) FROM story_terms"
    " WHERE term IN :terms AND published_at BETWEEN :lo AND :hi AND post_number <> :own"
    " GROUP BY post_number HAVING count(*) >= 2"
    " ORDER BY count(*) DESC, post_number DESC LIMIT :limit",
    "terms",
)
_COUNT_STORY_POSTS = _sql(
    "SELECT story_id, count(*) FROM story_posts"
    " WHERE story_id IN :stories AND published_at BETWEEN :lo AND :hi AND post_number <> :own"
    " GROUP BY story_id",
    "stories",
)
_POST_PUBLISHED = text(
    "SELECT a.published_at FROM posts p JOIN articles a ON a.id = p.article_id"
    " WHERE p.number = :number"
)


def check_times(store: Store, article_id: int) -> None:
    """Stop if the store writes times in another form than the synthetic rows (the store's
    code changed): the window queries compare them as text."""
    with store.engines.read.connect() as conn:
        found = [
            str(v)
            for sql in (
                "SELECT published_at FROM dedupe_bands WHERE article_id IN (1, :a)",
                "SELECT published_at FROM articles WHERE id IN (1, :a)",
            )
            for v in conn.execute(text(sql), {"a": article_id}).scalars()
        ]
    if not all(_STORED_TIME.fullmatch(v) for v in found):
        raise SystemExit(f"times are not stored as this script writes them: {sorted(set(found))}")


def last_post(store: Store) -> int:
    with store.engines.read.connect() as conn:
        return int(conn.execute(text("SELECT max(number) FROM posts")).scalar() or 0)


def post_published(store: Store, number: int) -> datetime:
    with store.engines.read.connect() as conn:
        value = conn.execute(_POST_PUBLISHED, {"number": number}).scalar()
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC).astimezone(END.tzinfo)


def posts_since(store: Store, moment: datetime) -> int:
    """Posts published at or after ``moment`` (posts are numbered in publication order here):
    a binary search over post numbers, not a scan."""
    lo, hi = 1, last_post(store) + 1
    top = hi
    while lo < hi:
        mid = (lo + hi) // 2
        if post_published(store, mid) >= moment:
            hi = mid
        else:
            lo = mid + 1
    return top - lo


def examined(store: Store, analysis: Analysis, published: datetime, stored: Any) -> dict[str, Any]:
    """What the placement just done looked at, by running its candidate queries again
    (leaving the new article itself out)."""
    stories = store.stories
    out: dict[str, Any] = {}
    with store.engines.read.connect() as conn:
        window = {"lo": published - stories.dedupe_window, "hi": published + stories.dedupe_window}
        row = conn.execute(
            _COUNT_BANDS, {"keys": list(analysis.bands), "own": stored.article_id, **window}
        ).one()
        out["band_rows"] = int(row.hits)
        out["band_articles"] = int(row.articles)
        out["signatures_compared"] = min(int(row.articles), MAX_COPY_CANDIDATES)
        if stored.copy:
            return out
        posts = int(conn.execute(text("SELECT value FROM counters WHERE name = 'board'")).scalar())
        docs = dict(conn.execute(_DOCS, {"terms": list(analysis.keywords)}).all())
        mine = _weighted(analysis.keywords, {t: int(d) for t, d in docs.items()}, posts)
        lookup = sorted(mine, key=lambda t: (-mine[t], t))[:LOOKUP_TERMS]
        window = {"lo": published - stories.story_window, "hi": published + stories.story_window}
        own = stored.number
        out["term_rows"] = int(
            conn.execute(_COUNT_TERMS, {"terms": lookup, "own": own, **window}).scalar()
        )
        hits = {
            int(number): int(count)
            for number, count in conn.execute(
                _CANDIDATE_POSTS,
                {"terms": lookup, "own": own, "limit": MAX_STORY_CANDIDATES, **window},
            )
        }
        out["candidate_posts"] = len(hits)
        shared: dict[int, int] = {}
        if hits:
            for number, story_id in conn.execute(_CANDIDATE_STORIES, {"numbers": list(hits)}):
                shared[int(story_id)] = max(shared.get(int(story_id), 0), hits[int(number)])
        compared = sorted(shared, key=lambda s: (-shared[s], -s))[:MAX_STORIES]
        out["candidate_stories"] = len(shared)
        out["stories_compared"] = len(compared)
        in_window = (
            conn.execute(_COUNT_STORY_POSTS, {"stories": compared, "own": own, **window}).all()
            if compared
            else []
        )
        out["story_posts_in_window"] = sum(int(c) for _, c in in_window)
        out["vectors_read"] = sum(min(int(c), MAX_MEMBERS) for _, c in in_window)
        story = store.stories.story_id_of(own)
        summary_row = store.stories.summary(story) if story is not None else None
        out["joined_story"] = summary_row is not None and summary_row.posts > 1
    return out


class StatementTimer:
    """Time spent in ``cursor.execute`` per SQL statement on a store's write engine (for
    SQLite, the statement's work up to its first row: all of it for the grouped and ordered
    candidate queries); on only while ``active``."""

    def __init__(self, store: Store) -> None:
        self.seconds: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()
        self.active = False
        engine = store.engines.write
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        conn.info["place_t0"] = time.perf_counter()

    def _after(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if self.active:
            key = " ".join(statement.split())[:70]
            self.seconds[key] += time.perf_counter() - conn.info.pop("place_t0")
            self.calls[key] += 1


def measure(
    sizes: list[int], *, count: int, copy_share: float, warmup: int, seed: int, trace: bool
) -> dict[str, Any]:
    code = source()  # the code that runs: taken first, as others may commit meanwhile
    stores: dict[int, Store] = {}
    metas: dict[int, dict[str, Any]] = {}
    for n in sizes:
        data_dir = DATA / f"place-{n}"
        meta_path = data_dir / META_FILE
        if not meta_path.exists() or not json.loads(meta_path.read_text()).get("complete"):
            raise SystemExit(f"{data_dir} is not built: run --build {n} first")
        metas[n] = json.loads(meta_path.read_text())
        stores[n] = open_store(settings_for(data_dir))
    timers = {n: StatementTimer(store) for n, store in stores.items()} if trace else {}
    started = time.perf_counter()
    analyzer = Analyzer(body_chars=stores[sizes[0]].settings.keyword_body_chars)
    analyzer.analyze("모델", "모델을 불러온다.")
    load_seconds = time.perf_counter() - started

    latest = max(post_published(store, last_post(store)) for store in stores.values())
    run = max(int(m.get("runs", 0)) for m in metas.values())
    items = new_articles(seed, count, copy_share, latest, run)

    analyses: list[Analysis] = []
    analysis_ms: list[float] = []
    for article, _ in items:
        t0 = time.perf_counter()
        analyses.append(analyzer.analyze(article.title, article.body_text))
        analysis_ms.append((time.perf_counter() - t0) * 1000)

    first = items[0][0].published
    cached = {n: cached_bytes(DATA / f"place-{n}") for n in sizes}
    posts_in_window = {
        n: {f"{h}h": posts_since(store, first - timedelta(hours=h)) for h in (72, 96)}
        for n, store in stores.items()
    }

    records: dict[int, list[dict[str, Any]]] = {n: [] for n in sizes}
    for i, ((article, original), analysis) in enumerate(zip(items, analyses, strict=True)):
        for n in sizes if i % 2 == 0 else sizes[::-1]:
            store = stores[n]
            if n in timers:
                timers[n].active = i >= warmup
            t0 = time.perf_counter()
            stored = store.content.save_article(
                article,
                now=article.published + REPOST_DELAY,
                writer=store.settings.writer_name,
                analysis=analysis,
            )
            ms = (time.perf_counter() - t0) * 1000
            if n in timers:
                timers[n].active = False
            if i == 0:
                check_times(store, stored.article_id)
            record = {"i": i, "ms": ms, "copy": stored.copy, "expected_copy": original is not None}
            record.update(examined(store, analysis, article.published, stored))
            records[n].append(record)
        if (i + 1) % 50 == 0:
            log(f"  placed {i + 1}/{len(items)}")
    for n, store in stores.items():
        metas[n]["runs"] = run + 1
        (DATA / f"place-{n}" / META_FILE).write_text(
            json.dumps(metas[n], indent=2, ensure_ascii=False) + "\n"
        )
        store.close()

    per_size: dict[str, Any] = {}
    for n in sizes:
        timed = [r for r in records[n] if r["i"] >= warmup]
        posts = [r for r in timed if not r["copy"]]
        copies = [r for r in timed if r["copy"]]
        per_size[str(n)] = {
            "board_posts": metas[n]["posts"],
            "database_bytes": database_bytes(DATA / f"place-{n}"),
            "page_cache_bytes_before": cached[n],
            "posts_in_window_before": posts_in_window[n],
            "save_ms": summary([r["ms"] for r in timed]),
            "save_ms_posts": summary([r["ms"] for r in posts]),
            "save_ms_copies": summary([r["ms"] for r in copies]),
            "copies": len(copies),
            "copies_expected": sum(r["expected_copy"] for r in timed),
            "joined_story": sum(bool(r.get("joined_story")) for r in posts),
            "examined": {
                key: summary(
                    [float(r[key]) for r in (timed if key.startswith(("band", "sig")) else posts)]
                )
                for key in (
                    "band_rows",
                    "band_articles",
                    "signatures_compared",
                    "term_rows",
                    "candidate_posts",
                    "candidate_stories",
                    "stories_compared",
                    "story_posts_in_window",
                    "vectors_read",
                )
            },
        }
    small, large = str(sizes[0]), str(sizes[-1])
    agree = sum(
        a["copy"] == b["copy"] and a.get("joined_story") == b.get("joined_story")
        for a, b in zip(records[sizes[0]], records[sizes[-1]], strict=True)
    )
    return {
        "date": date.today().isoformat(),
        "source": code,
        "load_average": load_average(),
        "run": run,
        "articles": len(items),
        "warmup": warmup,
        "copy_share": copy_share,
        "first_published": str(first),
        "analysis": {
            "model_load_s": load_seconds,
            "ms": summary(analysis_ms),
            "articles_per_s": len(items) / (sum(analysis_ms) / 1000),
        },
        "sizes": per_size,
        "ratio": {
            key: per_size[large]["save_ms"][key] / per_size[small]["save_ms"][key]
            for key in ("p50", "p95", "mean")
        },
        "same_decision": agree,
        "peak_rss_mb": peak_rss_mb(),
        "statements_ms_per_placement": {
            str(n): {
                key: {
                    "ms": 1000 * seconds / (len(items) - warmup),
                    "calls": timer.calls[key] / (len(items) - warmup),
                }
                for key, seconds in timer.seconds.most_common()
            }
            for n, timer in timers.items()
        },
        "records": {str(n): records[n] for n in sizes},
    }


# Clustering end to end -----------------------------------------------------------------------


def pair_scores(labels: list[tuple[int, int]]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of clustering ``labels`` = (found, true) per item,
    counted from the contingency table (no pair loop: 100k items are 5 billion pairs)."""

    def pairs(counts: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    both = pairs(Counter(labels))
    found = pairs(Counter(f for f, _ in labels))
    true = pairs(Counter(t for _, t in labels))
    precision = both / found if found else 1.0
    recall = both / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "true_pairs": true}


def cluster(
    count: int,
    *,
    seed: int,
    copy_share: float,
    max_minutes: float,
    corpus_name: str = "events",
    tokenizer: str = "mecab",
) -> dict[str, Any]:
    code = source()  # the code that runs: taken first, as others may commit meanwhile
    data_dir = DATA / f"place-cluster-{count}"
    if data_dir.exists():
        shutil.rmtree(data_dir)
    settings = settings_for(data_dir).replace(tokenizer=tokenizer)
    store = open_store(settings)
    store.content.save_sections(list(DEFAULT_SECTIONS))
    started = time.perf_counter()
    analyzer = Analyzer(body_chars=settings.keyword_body_chars, tokenizer=settings.tokenizer)
    analyzer.analyze("모델", "모델을 불러온다.")
    load_seconds = time.perf_counter() - started

    rng = random.Random(seed * 53 + count)
    corpus: Corpus | EventCorpus = (
        EventCorpus(seed, step_seconds=STEP_SECONDS)
        if corpus_name == "events"
        else Corpus(seed, step_seconds=STEP_SECONDS)
    )
    event_of = corpus.event_of if isinstance(corpus, EventCorpus) else None
    ages = iter(range(count, -1, -1))  # more than enough originals, oldest first
    pending: list[tuple[datetime, int, Article, str]] = []
    numbers: dict[str, int] = {}
    events: dict[str, int] = {}  # canonical URL -> event, for the originals
    labels: list[tuple[int, int]] = []  # (post number, event) of every stored article
    analysis_s = storing_s = 0.0
    expected = found = missed = wrong = false_copies = 0
    blocks: list[float] = []
    block_ms = 0.0
    run_started = time.perf_counter()
    done = 0
    made = 0
    next_age = next(ages)
    next_original = corpus.article(next_age)
    while done < count and time.perf_counter() - run_started < max_minutes * 60:
        if pending and pending[0][0] <= next_original.published:
            _, _, article, original_url = heapq.heappop(pending)
        else:
            article, original_url = next_original, ""
            if event_of is not None:
                events[article.canonical_url] = event_of(next_age)
            next_age = next(ages)
            next_original = corpus.article(next_age)
            if rng.random() < copy_share / (1 - copy_share):
                delay = rng.randint(120, 3 * 3600)
                copy = wire_copy(article, rng, made, delay)
                heapq.heappush(pending, (copy.published, made, copy, article.canonical_url))
                made += 1
        t0 = time.perf_counter()
        analysis = analyzer.analyze(article.title, article.body_text)
        t1 = time.perf_counter()
        stored = store.content.save_article(
            article,
            now=article.published + REPOST_DELAY,
            writer=settings.writer_name,
            analysis=analysis,
        )
        t2 = time.perf_counter()
        analysis_s += t1 - t0
        storing_s += t2 - t1
        block_ms += (t2 - t1) * 1000
        if original_url:
            expected += 1
            if not stored.copy:
                missed += 1
            elif stored.number == numbers.get(original_url):
                found += 1
            else:
                wrong += 1
        else:
            numbers[article.canonical_url] = stored.number
            false_copies += stored.copy
        if event_of is not None:
            labels.append((stored.number, events[original_url or article.canonical_url]))
        done += 1
        if done % 1000 == 0:
            blocks.append(block_ms / 1000)
            block_ms = 0.0
            log(
                f"  {done:,} articles, {time.perf_counter() - run_started:,.0f}s,"
                f" storing {blocks[-1]:.1f} ms/article in the last 1,000"
            )
    total_s = time.perf_counter() - run_started
    with store.engines.read.connect() as conn:

        def scalar(sql: str) -> int:
            return int(conn.execute(text(sql)).scalar() or 0)

        posts = scalar("SELECT count(*) FROM posts")
        copies = scalar("SELECT count(*) FROM wire_copies")
        stories = scalar("SELECT count(*) FROM stories")
        sizes = Counter(int(r[0]) for r in conn.execute(text("SELECT posts FROM stories")))
        story_of = {
            int(r.post_number): int(r.story_id)
            for r in conn.execute(text("SELECT post_number, story_id FROM story_posts"))
        }
    store.close()
    # A wire copy's stored number is its post's: it belongs to that post's story.
    scores = (
        pair_scores([(story_of.get(number, -number), event) for number, event in labels])
        if labels
        else None
    )
    return {
        "date": date.today().isoformat(),
        "source": code,
        "load_average": load_average(),
        "articles": done,
        "articles_asked": count,
        "seed": seed,
        "corpus": corpus_name,
        "tokenizer": tokenizer,
        "copy_share": copy_share,
        "story_pairs": scores,
        "model_load_s": load_seconds,
        "analysis_s": analysis_s,
        "storing_s": storing_s,
        "total_s": total_s,
        "analysis_per_s": done / analysis_s,
        "storing_per_s": done / storing_s,
        "end_to_end_per_s": done / total_s,
        "storing_ms_per_1000": blocks,
        "posts": posts,
        "copies": copies,
        "stories": stories,
        "story_sizes": size_histogram(sizes),
        "copies_expected": expected,
        "copies_found": found,
        "copies_missed": missed,
        "copies_under_another_post": wrong,
        "originals_stored_as_copies": false_copies,
        "database_bytes": database_bytes(data_dir),
        "peak_rss_mb": peak_rss_mb(),
    }


# Command line --------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=int, nargs="+", metavar="N", help="build boards of N posts")
    parser.add_argument("--measure", type=int, nargs="+", metavar="N", help="place on these")
    parser.add_argument("--cluster", type=int, metavar="N", help="cluster N articles end to end")
    parser.add_argument("--articles", type=int, default=200, help="new articles to place")
    parser.add_argument("--warmup", type=int, default=10, help="first placements not counted")
    parser.add_argument("--copy-share", type=float, default=0.2, help="of the new articles")
    parser.add_argument("--per-day", type=int, default=2000, help="posts a day on the boards")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--rebuild", action="store_true", help="build again even if complete")
    parser.add_argument(
        "--trace", action="store_true", help="time each SQL statement of the placements"
    )
    parser.add_argument("--max-minutes", type=float, default=25.0, help="bound of --cluster")
    parser.add_argument(
        "--corpus",
        choices=("events", "templates"),
        default="events",
        help="--cluster's articles: bench/events.py (default) or bench/corpus.py",
    )
    parser.add_argument("--tokenizer", choices=("mecab", "kiwi"), default="mecab")
    parser.add_argument("--results-dir", type=Path, default=BENCH / "results")
    args = parser.parse_args()
    if not (args.build or args.measure or args.cluster):
        parser.error("give --build, --measure or --cluster")
    for n in args.build or []:
        meta = build(n, per_day=args.per_day, seed=args.seed, rebuild=args.rebuild)
        write_result(args.results_dir, f"place-build-{n}.json", meta)
    if args.measure:
        sizes = sorted(args.measure)
        result = measure(
            sizes,
            count=args.articles,
            copy_share=args.copy_share,
            warmup=args.warmup,
            seed=args.seed,
            trace=args.trace,
        )
        write_result(args.results_dir, f"place-{'-'.join(map(str, sizes))}.json", result)
        print_measure(result)
    if args.cluster:
        result = cluster(
            args.cluster,
            seed=args.seed,
            copy_share=0.1,
            max_minutes=args.max_minutes,
            corpus_name=args.corpus,
            tokenizer=args.tokenizer,
        )
        suffix = variant_suffix(args.corpus, args.tokenizer)
        write_result(args.results_dir, f"place-cluster-{args.cluster}{suffix}.json", result)
        print_cluster(result)
    return 0


def print_measure(r: dict[str, Any]) -> None:
    a = r["analysis"]
    print(
        f"analysis: {a['ms']['p50']:.1f} ms p50, {a['ms']['p95']:.1f} ms p95,"
        f" {a['articles_per_s']:.0f} articles/s (model load {a['model_load_s']:.1f}s)"
    )
    print(
        "| board | save p50 ms | p95 | mean | posts p50 | copies p50 | copies | joined |"
        " band rows | term rows | vectors read |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, s in r["sizes"].items():
        e = s["examined"]
        print(
            f"| {int(n):,} | {s['save_ms']['p50']:.2f} | {s['save_ms']['p95']:.2f}"
            f" | {s['save_ms']['mean']:.2f} | {s['save_ms_posts'].get('p50', 0):.2f}"
            f" | {s['save_ms_copies'].get('p50', 0):.2f} | {s['copies']}/{s['copies_expected']}"
            f" | {s['joined_story']} | {e['band_rows'].get('mean', 0):.1f}"
            f" | {e['term_rows'].get('mean', 0):.0f} | {e['vectors_read'].get('mean', 0):.0f} |"
        )
    for n, s in r["sizes"].items():
        cached = s["page_cache_bytes_before"]
        print(
            f"{int(n):,}: {s['database_bytes'] / 1e9:.2f} GB, in the page cache before:"
            f" {'?' if cached is None else f'{cached / 1e9:.2f} GB'};"
            f" posts in the windows before: {s['posts_in_window_before']}"
        )
    for n, statements in r.get("statements_ms_per_placement", {}).items():
        total = sum(v["ms"] for v in statements.values())
        print(f"SQL per placement on {int(n):,}: {total:.2f} ms in cursor.execute")
        for key, v in list(statements.items())[:12]:
            print(f"  {v['ms']:7.3f} ms  {v['calls']:5.1f} x  {key}")
    ratio = r["ratio"]
    print(
        f"ratio large/small: p50 {ratio['p50']:.2f}, p95 {ratio['p95']:.2f},"
        f" mean {ratio['mean']:.2f}; same decision {r['same_decision']}/{r['articles']};"
        f" peak RSS {r['peak_rss_mb']:.0f} MB"
    )


def print_cluster(r: dict[str, Any]) -> None:
    print(
        f"{r['articles']:,} articles in {r['total_s']:,.0f}s: analysis {r['analysis_per_s']:.1f}/s,"
        f" storing {r['storing_per_s']:.1f}/s, end to end {r['end_to_end_per_s']:.1f}/s"
    )
    print(
        f"posts {r['posts']:,}, copies {r['copies']:,} (expected {r['copies_expected']:,},"
        f" found {r['copies_found']:,}, missed {r['copies_missed']}, elsewhere"
        f" {r['copies_under_another_post']}, false {r['originals_stored_as_copies']}),"
        f" stories {r['stories']:,} {r['story_sizes']}; peak RSS {r['peak_rss_mb']:.0f} MB"
    )
    scores = r.get("story_pairs")
    if scores:
        print(
            f"stories against the corpus's events: pairwise precision {scores['precision']:.3f},"
            f" recall {scores['recall']:.3f}, F1 {scores['f1']:.3f}"
        )


if __name__ == "__main__":
    sys.exit(main())
