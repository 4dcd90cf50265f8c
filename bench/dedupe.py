"""Benchmark of near-duplicate placement: the cost to check one new article against n kept ones.

    .venv/bin/python bench/dedupe.py 10000 100000 [--queries 60] [--lsh-threshold 0.3]

For each n the index is filled with ``Corpus(seed)`` articles (ages ``1000..1000+n``), then
queried with new articles (ages ``0..``) and with edited copies of indexed ones (lead cut,
copyright line added), which must be found. Reported per n: MinHash throughput while building
(docs/s on 2,000 articles: normalise, shingle, signature), LSH bands, p50/p95 of one
query (signature + LSH lookup + verification), candidates verified per query, copies found,
resident memory added by the index. Results go to ``bench/results/dedupe-<n>.json``; a Markdown
table is printed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Corpus
from ranknews.dedupe import NearDuplicateIndex, article_text

RESULTS = Path(__file__).resolve().parent / "results"
BASE_AGE = 1000


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def edited_copy(body: str) -> str:
    paragraphs = body.split("\n")
    return "\n".join([*paragraphs[1:], "ⓒ한결통신 무단전재-재배포 금지"])


def run(n: int, queries: int, seed: int, lsh_threshold: float, keep: bool) -> dict[str, Any]:
    corpus = Corpus(seed)
    index = NearDuplicateIndex(lsh_threshold=lsh_threshold, keep_shingles=keep)
    before = rss_mb()
    sample = [corpus.article(age) for age in range(BASE_AGE, BASE_AGE + min(n, 2000))]
    t0 = time.perf_counter()
    for article in sample:
        index.signature(article_text(article.title, article.body_text))
    docs_per_second = len(sample) / (time.perf_counter() - t0)
    del sample
    started = time.perf_counter()
    for age in range(BASE_AGE, BASE_AGE + n):
        article = corpus.article(age)
        index.add(age, article_text(article.title, article.body_text))
    build_seconds = time.perf_counter() - started
    memory = rss_mb() - before

    new_times: list[float] = []
    new_candidates: list[int] = []
    false_hits = 0
    for age in range(queries):
        article = corpus.article(age)
        text = article_text(article.title, article.body_text)
        t0 = time.perf_counter()
        hits = index.query(text)
        new_times.append(time.perf_counter() - t0)
        new_candidates.append(index.last_candidates)
        false_hits += bool(hits)
    copy_times: list[float] = []
    found = 0
    step = max(1, n // queries)
    for age in range(BASE_AGE, BASE_AGE + n, step)[:queries]:
        article = corpus.article(age)
        text = edited_copy(article_text(article.title, article.body_text))
        t0 = time.perf_counter()
        hits = index.query(text, limit=1)
        copy_times.append(time.perf_counter() - t0)
        found += bool(hits) and hits[0][0] == age
    return {
        "date": date.today().isoformat(),
        "n": n,
        "seed": seed,
        "num_perm": index.num_perm,
        "ngram": index.ngram,
        "threshold": index.threshold,
        "containment": index.containment,
        "lsh_threshold": lsh_threshold,
        "bands_rows": list(index.bands),
        "keep_shingles": keep,
        "minhash_docs_per_second": docs_per_second,
        "build_seconds": build_seconds,
        "index_memory_mb": memory,
        "query_ms_p50": 1000 * statistics.median(new_times),
        "query_ms_p95": 1000 * percentile(new_times, 0.95),
        "candidates_mean": statistics.fmean(new_candidates),
        "new_articles_flagged": false_hits,
        "new_articles": len(new_times),
        "copy_query_ms_p50": 1000 * statistics.median(copy_times),
        "copies_found": found,
        "copies": len(copy_times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--lsh-threshold", type=float, default=0.3)
    parser.add_argument("--no-shingles", action="store_true", help="verify on estimates")
    parser.add_argument("--tag", default="", help="suffix of the result file name")
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        result = run(n, args.queries, args.seed, args.lsh_threshold, not args.no_shingles)
        RESULTS.mkdir(exist_ok=True)
        name = f"dedupe-{n}{args.tag}.json"
        (RESULTS / name).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        rows.append(result)
        print(f"wrote bench/results/{name}", file=sys.stderr)
    print(
        "| n | LSH thr (b,r) | MinHash docs/s | query p50 ms | p95 ms | candidates/query "
        "| copies found | new flagged | index MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['n']:,} | {r['lsh_threshold']} {tuple(r['bands_rows'])} "
            f"| {r['minhash_docs_per_second']:.0f} | {r['query_ms_p50']:.2f} "
            f"| {r['query_ms_p95']:.2f} | {r['candidates_mean']:.0f} "
            f"| {r['copies_found']}/{r['copies']} "
            f"| {r['new_articles_flagged']}/{r['new_articles']} "
            f"| {r['index_memory_mb']:.0f} |"
        )


if __name__ == "__main__":
    main()
