"""Board benchmark: latency of the list and article pages, throughput against hello-world,
and the server's memory, all against real ``ranknews serve`` processes.

    python bench/board.py --data-dir bench/data/1m [--duration 10] [--connections 32]

Phase 1 runs a server with the page cache off (RANKNEWS_PAGE_CACHE_SECONDS=0): sequential
latency of /healthz, list page 1, a deep list page (page 40,000 when there are that many,
otherwise ~80% deep), the article page of an old post (the post plus the list page holding it)
and the same two deep pages spread over many different pages/posts; then wrk on /healthz, list
page 1 (uncached) and /healthz again. Phase 2 runs a server with the default cache and wrk on
/healthz, list page 1 (cached) and /healthz again. Each hello-world figure is the mean of the
two runs around the list run, on the same server. Every wrk run is bounded by ``--duration``
(at most 120 s) and killed 30 s after that at the latest. Results go to stdout as a Markdown
table and to ``bench/results/board-<posts>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from harness import Latency, Server, measure_latency, memory, run_server, run_wrk
from ranknews.settings import Settings
from ranknews.store import open_store

__all__ = ["BoardInfo", "inspect_board", "main"]

RESULTS_DIR = Path(__file__).resolve().parent / "results"
DEEP_PAGE_AT_1M = 40_000
MB = 1024 * 1024


@dataclass(frozen=True)
class BoardInfo:
    posts: int
    listed: int
    pages: int
    deep_page: int
    old_post: int
    varied_pages: list[int]
    varied_posts: list[int]
    db_bytes: int


def inspect_board(data_dir: Path, *, samples: int, seed: int = 7) -> BoardInfo:
    """Sizes of the board and the pages/posts to request, read through the store."""
    settings = Settings.from_mapping({"data_dir": str(data_dir)})
    store = open_store(settings, migrate_schema=False)
    try:
        first = store.board.page(1)
        pages = first.pages
        deep = DEEP_PAGE_AT_1M if pages >= DEEP_PAGE_AT_1M else max(1, round(pages * 0.8))
        deep_rows = store.board.page(deep).rows
        old_post = deep_rows[len(deep_rows) // 2].number
        rng = random.Random(seed)
        lo, hi = max(1, round(pages * 0.7)), max(1, round(pages * 0.9))
        varied_pages = [rng.randint(lo, hi) for _ in range(samples)]
        # Post numbers run from the top of the board down, ``per_page`` per page.
        top = first.rows[0].number if first.rows else 1
        per_page = settings.posts_per_page
        oldest, newest = max(1, top - hi * per_page), max(1, top - lo * per_page)
        candidates = sorted({rng.randint(oldest, newest) for _ in range(samples * 2)})
        with store.engines.read.connect() as conn:
            listed = {
                int(n)
                for (n,) in conn.execute(
                    text(
                        "SELECT number FROM posts WHERE listed = 1 AND number IN"
                        f" ({','.join(str(c) for c in candidates)})"
                    )
                )
            }
        varied_posts = [n for n in candidates if n in listed]
        rng.shuffle(varied_posts)
        posts = store.board.count()
    finally:
        store.close()
    db_bytes = sum(p.stat().st_size for p in data_dir.glob("ranknews.sqlite3*"))
    return BoardInfo(
        posts=posts,
        listed=first.total,
        pages=pages,
        deep_page=deep,
        old_post=old_post,
        varied_pages=varied_pages,
        varied_posts=varied_posts[:samples],
        db_bytes=db_bytes,
    )


def _check_pages(server: Server, info: BoardInfo) -> None:
    """The pages measured are the ones meant (right page, post shown inside its list)."""
    deep = httpx.get(f"{server.base_url}/?page={info.deep_page}", timeout=60)
    deep.raise_for_status()
    if f"{info.deep_page}/{info.pages}쪽" not in deep.text:
        raise RuntimeError(f"page {info.deep_page} does not say it is page {info.deep_page}")
    article = httpx.get(f"{server.base_url}/{info.old_post}", timeout=60)
    article.raise_for_status()
    if 'aria-current="true"' not in article.text:
        raise RuntimeError(f"article {info.old_post} is not shown inside its list page")


def latency_phase(server: Server, info: BoardInfo, *, requests: int, warmup: int) -> dict[str, Any]:
    _check_pages(server, info)
    deep = f"/?page={info.deep_page}"
    old = f"/{info.old_post}"
    varied_pages = [f"/?page={p}" for p in info.varied_pages]
    varied_posts = [f"/{n}" for n in info.varied_posts]
    plan: list[tuple[str, list[str], list[str]]] = [
        ("healthz", ["/healthz"] * requests, ["/healthz"] * warmup),
        ("list_page_1", ["/"] * requests, ["/"] * warmup),
        ("list_deep", [deep] * requests, [deep] * warmup),
        ("article_old", [old] * requests, [old] * warmup),
        ("list_deep_varied", varied_pages, [deep] * warmup),
        ("article_old_varied", varied_posts, [old] * warmup),
    ]
    results: dict[str, Any] = {}
    with httpx.Client(base_url=server.base_url, timeout=60) as client:
        for name, paths, warm in plan:
            latency: Latency = measure_latency(client, paths, warmup=warm)
            results[name] = latency.as_dict()
            print(f"  latency {name:<20} p50 {latency.p50:8.2f} ms  p95 {latency.p95:8.2f} ms")
    return results


def wrk_phase(server: Server, *, list_path: str, connections: int, duration: int) -> dict[str, Any]:
    """wrk on /healthz, then ``list_path``, then /healthz again: the hello-world figure is the
    mean of the two runs around the list run, so slow drift on a shared machine cancels out."""
    with httpx.Client(base_url=server.base_url, timeout=60) as client:
        for path in ("/healthz", list_path):  # warm up templates, connections, the page cache
            for _ in range(5):
                client.get(path).raise_for_status()
    runs: dict[str, list[dict[str, Any]]] = {"healthz": [], "list_page_1": []}
    for name, path in (
        ("healthz", "/healthz"),
        ("list_page_1", list_path),
        ("healthz", "/healthz"),
    ):
        result = run_wrk(server.base_url + path, connections=connections, duration=duration)
        if result.errors or result.non_2xx:
            print(f"  warning: {name}: {result.errors} socket errors, {result.non_2xx} non-2xx")
        runs[name].append(result.as_dict())
        print(f"  wrk {name:<22} {result.requests_per_s:9.1f} req/s")
    results: dict[str, Any] = {}
    for name, items in runs.items():
        summary = dict(items[-1])
        summary["requests_per_s"] = round(sum(r["requests_per_s"] for r in items) / len(items), 1)
        summary["runs_requests_per_s"] = [r["requests_per_s"] for r in items]
        results[name] = summary
    return results


def _ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b else float("nan")


def evaluate(results: dict[str, Any]) -> list[dict[str, Any]]:
    lat = results["latency_ms"]
    uncached = results["throughput"]["uncached_server"]
    cached = results["throughput"]["cached_server"]
    peak = max(m["VmHWM"] for m in results["memory"].values()) / MB
    rows = [
        ("deep list page / list page 1 (p50)",
         _ratio(lat["list_deep"]["p50"], lat["list_page_1"]["p50"]), "<=", 1.3),
        ("article page with its list / that list page (p50)",
         _ratio(lat["article_old"]["p50"], lat["list_deep"]["p50"]), "<=", 1.5),
        ("cached list page 1 / hello-world (req/s)",
         _ratio(cached["list_page_1"]["requests_per_s"], cached["healthz"]["requests_per_s"]),
         ">=", 0.6),
        ("uncached list page 1 / hello-world (req/s)",
         _ratio(uncached["list_page_1"]["requests_per_s"], uncached["healthz"]["requests_per_s"]),
         ">=", 0.3),
        ("server peak RSS, MB (VmHWM)", round(peak, 1), "<=", 250.0),
    ]  # fmt: skip
    return [
        {
            "target": name,
            "value": value,
            "limit": f"{op} {limit}",
            "met": bool(value <= limit if op == "<=" else value >= limit),
        }
        for name, value, op, limit in rows
    ]


def markdown(results: dict[str, Any]) -> str:
    info = results["board"]
    lat = results["latency_ms"]
    out = [
        f"### Board benchmark: {info['posts']:,} posts ({info['pages']:,} pages,"
        f" database {info['db_bytes'] / 1e9:.2f} GB), {results['date']}",
        "",
        "| latency (page cache off, sequential) | n | p50 ms | p95 ms | mean ms |",
        "|---|---:|---:|---:|---:|",
    ]
    labels = {
        "healthz": "`/healthz` (hello-world)",
        "list_page_1": "list page 1",
        "list_deep": f"list page {info['deep_page']:,}",
        "article_old": f"article {info['old_post']:,} (on page {info['deep_page']:,})",
        "list_deep_varied": "list, varied pages at 70-90% depth",
        "article_old_varied": "article, varied old posts at 70-90% depth",
    }
    for key, label in labels.items():
        row = lat[key]
        out.append(
            f"| {label} | {row['n']} | {row['p50']:.2f} | {row['p95']:.2f} | {row['mean']:.2f} |"
        )
    out += [
        "",
        f"| throughput (wrk, {results['params']['connections']} connections) | req/s | runs |"
        " p50 ms | p99 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for server, title in (("uncached_server", "cache off"), ("cached_server", "cache on")):
        for key, row in results["throughput"][server].items():
            runs = " / ".join(f"{r:,.0f}" for r in row["runs_requests_per_s"])
            out.append(
                f"| {key} ({title}) | {row['requests_per_s']:,.0f} | {runs} |"
                f" {row['latency_p50_ms'] or 0:.1f} | {row['latency_p99_ms'] or 0:.1f} |"
            )
    out += ["", "| memory | VmRSS MB | VmHWM MB | threads |", "|---|---:|---:|---:|"]
    for server, row in results["memory"].items():
        out.append(
            f"| {server} | {row['VmRSS'] / MB:.1f} | {row['VmHWM'] / MB:.1f} |"
            f" {row.get('Threads', '')} |"
        )
    out += ["", "| target | measured | limit | met |", "|---|---:|---:|:---:|"]
    for row in results["targets"]:
        out.append(
            f"| {row['target']} | {row['value']} | {row['limit']} |"
            f" {'yes' if row['met'] else '**no**'} |"
        )
    return "\n".join(out)


def source_state() -> dict[str, Any]:
    """The commit measured and whether src/ had uncommitted changes (read-only git calls)."""
    root = Path(__file__).resolve().parent.parent

    def git(*args: str) -> str:
        try:
            done = subprocess.run(
                ["git", *args], cwd=root, capture_output=True, text=True, timeout=30
            )
        except (OSError, subprocess.TimeoutExpired):
            return ""
        return done.stdout.rstrip("\n") if done.returncode == 0 else ""

    return {
        "commit": git("rev-parse", "--short", "HEAD").strip() or None,
        "src_modified": sorted(
            line[3:] for line in git("status", "--porcelain", "--", "src").splitlines()
        ),
    }


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="ranknews data directory")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=30, help="untimed requests per page")
    parser.add_argument("--out", type=Path, help="JSON file (default bench/results/board-N.json)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not 1 <= args.duration <= 120 or not 1 <= args.connections <= 512:
        print("--duration must be 1..120 s and --connections 1..512", file=sys.stderr)
        return 2
    if not (args.data_dir / "ranknews.sqlite3").exists():
        print(f"no board database in {args.data_dir}", file=sys.stderr)
        return 2
    started = time.monotonic()
    load_before = list(os.getloadavg())  # other work on the (shared) machine skews results
    info = inspect_board(args.data_dir, samples=args.requests)
    print(
        f"board: {info.posts:,} posts, {info.pages:,} pages; deep page {info.deep_page:,};"
        f" old post {info.old_post:,}"
    )
    results: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "platform": platform.platform(),
        },
        "source": source_state(),
        "params": {
            "duration_s": args.duration,
            "connections": args.connections,
            "wrk_threads": 2,
            "requests": args.requests,
            "warmup": args.warmup,
        },
        "board": {
            "posts": info.posts,
            "listed": info.listed,
            "pages": info.pages,
            "deep_page": info.deep_page,
            "old_post": info.old_post,
            "db_bytes": info.db_bytes,
        },
        "throughput": {},
        "memory": {},
    }
    print("phase 1: page cache off")
    with run_server(args.data_dir, extra_env={"RANKNEWS_PAGE_CACHE_SECONDS": "0"}) as server:
        results["latency_ms"] = latency_phase(
            server, info, requests=args.requests, warmup=args.warmup
        )
        results["throughput"]["uncached_server"] = wrk_phase(
            server, list_path="/", connections=args.connections, duration=args.duration
        )
        results["memory"]["uncached_server"] = memory(server.pid)
    print("phase 2: default page cache")
    with run_server(args.data_dir) as server:
        results["throughput"]["cached_server"] = wrk_phase(
            server, list_path="/", connections=args.connections, duration=args.duration
        )
        results["memory"]["cached_server"] = memory(server.pid)
    results["targets"] = evaluate(results)
    results["loadavg"] = {"before": load_before, "after": list(os.getloadavg())}
    results["elapsed_s"] = round(time.monotonic() - started, 1)
    out = args.out or RESULTS_DIR / f"board-{info.posts}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print()
    print(markdown(results))
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
