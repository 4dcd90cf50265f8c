"""Search benchmark: build the index over an existing board, then time queries against a LIKE
scan for the same terms.

    python bench/search.py --data-dir bench/data/1m --build      # index existing posts (resumable)
    python bench/search.py --data-dir bench/data/1m --measure    # latency, sizes -> results JSON

``--build`` applies migration 4 if needed and runs ``SearchIndex.backfill`` in batches of
``--batch`` posts per transaction, oldest first; interrupted, the same command resumes where the
last committed batch ended. Each run appends its own figures (posts indexed, seconds) to
``bench/results/search-build-<posts>.json``.

``--measure`` runs each query class (2-syllable, 3+ syllable, two terms, phrase, rare term) through
``store.search.search`` (page 1 of 제목+내용, the web page's default: count + rows), ``--repeat``
times per query after one warm-up, and reports p50/p95 per class. The LIKE scan for the same
terms (``title LIKE '%t%' OR text LIKE '%t%'`` over ``articles``/``article_bodies``, newest
first, LIMIT 20, as a board without an index would do it) is time-boxed: each scan stops after
``--like-seconds`` (SQLite progress handler) and the time reported for a stopped scan is a lower
bound. Index size comes from ``dbstat`` (the FTS5 shadow tables), text size from the stored
title, body text, outlet name and byline bytes of the indexed posts.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from ranknews.search import Target, parse
from ranknews.settings import Settings
from ranknews.store import open_store

RESULTS = Path(__file__).parent / "results"

QUERIES = {
    "2-syllable": ["서울", "정부", "경제", "국회", "시장", "금리", "수출", "예산"],
    "3+ syllable": ["대통령", "반도체", "부동산", "기획재정부", "양자컴퓨터", "기자회견"],
    "two terms": ["서울 금리", "부동산 정부", "경제 시장", "반도체 수출", "국회 예산"],
    "phrase": [
        '"정부는 이날"',
        '"반도체 수출"',
        '"기자회견을 열고"',
        '"서울 일대"',
        '"세부 시행 계획"',
    ],
    "rare term": ["양규리", "허다인", "고태양", "황미경", "장보람"],
}


# Not among the classes, timed for the record (no LIKE comparison): one-syllable
# queries (prefix), a section filter, a deep page, the 글쓴이 target.
EXTRA = [
    ("1-syllable", "북", "title_content", None, 1),
    ("1-syllable", "시", "title", None, 1),
    ("section filter", "서울", "title_content", "economy", 1),
    ("section filter", "반도체 수출", "title_content", "tech", 1),
    ("page 200", "정부", "title_content", None, 200),
    ("writer", "김지훈", "writer", None, 1),
]


def _posts(store_path: Path) -> int:
    with sqlite3.connect(store_path) as db:
        return int(db.execute("SELECT value FROM counters WHERE name = 'board'").fetchone()[0])


def build(data_dir: Path, batch: int) -> dict[str, object]:
    settings = Settings.from_mapping({"data_dir": str(data_dir)})
    store = open_store(settings)  # applies migration 4
    posts = store.board.count()
    started = time.perf_counter()
    last = [started]

    def progress(upto: int, top: int, indexed: int) -> None:
        now = time.perf_counter()
        if now - last[0] >= 30 or upto >= top:
            last[0] = now
            rate = indexed / (now - started)
            print(f"indexed up to {upto:,}/{top:,}: {indexed:,} now, {rate:,.0f}/s", flush=True)

    indexed = store.search.backfill(batch=batch, progress=progress)
    seconds = time.perf_counter() - started
    store.close()
    run = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "indexed": indexed,
        "seconds": round(seconds, 1),
        "articles_per_second": round(indexed / seconds, 1) if seconds else None,
    }
    out = RESULTS / f"search-build-{posts}.json"
    runs = json.loads(out.read_text())["runs"] if out.exists() else []
    runs.append(run)
    total = sum(int(r["indexed"]) for r in runs)
    secs = sum(float(r["seconds"]) for r in runs)
    out.write_text(
        json.dumps(
            {
                "posts": posts,
                "runs": runs,
                "indexed": total,
                "articles_per_second": round(total / secs, 1) if secs else None,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
    print(json.dumps(run))
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="ranknews data directory")
    parser.add_argument("--build", action="store_true", help="index existing posts (resumable)")
    parser.add_argument("--measure", action="store_true", help="time queries, write results")
    parser.add_argument("--batch", type=int, default=2000, help="posts per build transaction")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query")
    parser.add_argument("--like-seconds", type=float, default=5.0, help="time box per LIKE scan")
    args = parser.parse_args(argv)
    if args.build:
        build(args.data_dir, args.batch)
    if args.measure:
        measure(args.data_dir, args.repeat, args.like_seconds)
    return 0


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _like_sql(terms: list[str]) -> str:
    cond = " AND ".join("(a.title LIKE ? OR b.text LIKE ?)" for _ in terms)
    return (
        "SELECT p.number FROM posts p JOIN articles a ON a.id = p.article_id"
        " JOIN article_bodies b ON b.article_id = a.id"
        f" WHERE {cond} AND p.hidden = 0 ORDER BY p.number DESC"
    )


def _like_terms(query: str) -> list[str]:
    if query.startswith('"'):
        return [query.strip('"')]
    return query.split()


def like_scan(db: sqlite3.Connection, query: str, seconds: float) -> tuple[float, bool, int]:
    """Count (up to the same cap as the index) and page 1 by LIKE; (ms, stopped, count)."""
    from ranknews.store.search import COUNT_CAP

    terms = _like_terms(query)
    params = [p for t in terms for p in (f"%{t}%", f"%{t}%")]
    sql = _like_sql(terms)
    deadline = time.perf_counter() + seconds
    stopped = False

    def check() -> int:
        nonlocal stopped
        if time.perf_counter() > deadline:
            stopped = True
            return 1
        return 0

    db.set_progress_handler(check, 10_000)
    started = time.perf_counter()
    count = 0
    try:
        count = db.execute(f"SELECT count(*) FROM ({sql} LIMIT {COUNT_CAP})", params).fetchone()[0]
        db.execute(f"{sql} LIMIT 20", params).fetchall()
    except sqlite3.OperationalError:
        stopped = True
    finally:
        db.set_progress_handler(None, 0)
    return (time.perf_counter() - started) * 1000, stopped, count


def measure(data_dir: Path, repeat: int, like_seconds: float) -> dict[str, object]:
    settings = Settings.from_mapping({"data_dir": str(data_dir)})
    store = open_store(settings, migrate_schema=False)
    pending = store.search.pending()
    path = settings.data_dir / "ranknews.sqlite3"
    posts = _posts(path)
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    classes: dict[str, object] = {}
    for name, queries in QUERIES.items():
        times: list[float] = []
        likes: list[float] = []
        stopped_any = False
        detail = []
        for q in queries:
            parsed = parse(q)
            page = store.search.search(parsed, target=Target.TITLE_CONTENT)  # warm-up
            runs = []
            for _ in range(repeat):
                started = time.perf_counter()
                store.search.search(parsed, target=Target.TITLE_CONTENT)
                runs.append((time.perf_counter() - started) * 1000)
            times += runs
            like_ms, stopped, like_count = like_scan(db, q, like_seconds)
            likes.append(like_ms)
            stopped_any |= stopped
            detail.append(
                {
                    "query": q,
                    "hits": page.total,
                    "capped": page.capped,
                    "ms_median": round(statistics.median(runs), 2),
                    "like_ms": round(like_ms, 1),
                    "like_stopped": stopped,
                    "like_count": like_count,
                }
            )
        classes[name] = {
            "p50_ms": round(_pct(times, 0.5), 2),
            "p95_ms": round(_pct(times, 0.95), 2),
            "like_p50_ms": round(_pct(likes, 0.5), 1),
            "like_p95_ms": round(_pct(likes, 0.95), 1),
            "like_time_boxed": stopped_any,
            "speedup_p50": round(_pct(likes, 0.5) / max(_pct(times, 0.5), 0.001), 1),
            "queries": detail,
        }
        print(
            f"{name:12} p50 {_pct(times, 0.5):8.2f} ms  p95 {_pct(times, 0.95):8.2f} ms"
            f"  LIKE p50 {_pct(likes, 0.5):9.1f} ms{' (time-boxed)' if stopped_any else ''}",
            flush=True,
        )
    extra = []
    for label, q, target, section, page_no in EXTRA:
        section_id = store.search.section_id(section) if section else None
        found = store.search.search(
            parse(q), target=Target(target), section_id=section_id, page=page_no
        )
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            store.search.search(
                parse(q), target=Target(target), section_id=section_id, page=page_no
            )
            runs.append((time.perf_counter() - started) * 1000)
        extra.append(
            {
                "case": label,
                "query": q,
                "target": target,
                "section": section,
                "page": page_no,
                "hits": found.total,
                "ms_median": round(statistics.median(runs), 2),
                "ms_max": round(max(runs), 2),
            }
        )
        print(f"{label:14} {q:12} {statistics.median(runs):8.2f} ms  ({found.total} hits)")
    sizes = dict(
        db.execute(
            "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE 'search_index%' GROUP BY name"
        ).fetchall()
    )
    index_bytes = sum(int(v) for v in sizes.values())
    text_bytes = int(
        db.execute(
            "SELECT sum(length(CAST(a.title AS BLOB)) + length(CAST(b.text AS BLOB))"
            " + length(CAST(o.name AS BLOB)) + length(CAST(a.byline AS BLOB)))"
            " FROM articles a JOIN article_bodies b ON b.article_id = a.id"
            " JOIN outlets o ON o.id = a.outlet_id"
        ).fetchone()[0]
    )
    db.close()
    store.close()
    build_file = RESULTS / f"search-build-{posts}.json"
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "posts": posts,
        "unindexed_posts": pending,
        "repeat": repeat,
        "like_seconds": like_seconds,
        "index_bytes": index_bytes,
        "index_tables": sizes,
        "text_bytes": text_bytes,
        "index_to_text": round(index_bytes / text_bytes, 3),
        "build": json.loads(build_file.read_text()) if build_file.exists() else None,
        "classes": classes,
        "extra": extra,
    }
    print(
        f"index {index_bytes / 1e6:,.0f} MB, text {text_bytes / 1e6:,.0f} MB,"
        f" ratio {index_bytes / text_bytes:.2f}"
    )
    (RESULTS / f"search-{posts}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    )
    return result


if __name__ == "__main__":
    sys.exit(main())
