"""Ingestion benchmark: pages/s from a local outlet site to stored posts, against bare
``trafilatura.extract`` on the same pages, and the crawl's peak memory.

    python bench/ingest.py --pages 2000 --extract-processes 2   # throughput, all ways, one run
    python bench/ingest.py --pages 10000 --skip-bare   # peak memory of a 10,000-article crawl

The outlet site (``--serve``) runs in its own process on 127.0.0.1: N article pages rendered
from ``events.EventCorpus`` (``--corpus events``, the default: reports of events with the text
statistics of real news, so that wire-copy and story placement cost what they would) or from
``corpus.Corpus`` (``--corpus templates``, the figures before 2026-11-25) in a modern outlet's
markup (og tags, byline, ``<time>``, figures with
captions and credits) and RSS feeds of 200 items each. Each measuring phase also runs in its
own process, so that its peak resident memory (``ru_maxrss``) is its own:

- ``bare``: fetch every page once over loopback (not timed), then time
  ``trafilatura.extract(html)`` over all of them;
- ``crawl``: a fresh SQLite board, one source per feed, one ``run_pass`` — fetch feeds, fetch
  and extract every page (robots.txt obeyed), store every post — timed end to end.

Prints a Markdown table and writes ``bench/results/ingest-<pages>.json`` (``-kiwi`` and
``-templates`` added to the name for the other tokenizer and corpus).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

from ranknews.threads import free_port

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from harness import variant_suffix  # noqa: E402  (bench/ is put on the path just above)

FEED_SIZE = 200

# Real outlet pages are mostly template: menus, most-read lists, scripts, styles and footers
# around a few kilobytes of article (the pages trafilatura's figures come from average 174 KB).
# The same chrome is put around every generated article so the pages weigh what real ones do.
_MENU = "".join(
    f'<li><a href="/section/{i}">분야 {i} 소식</a><ul>'
    + "".join(f'<li><a href="/section/{i}/{j}">세부 {i}-{j}</a></li>' for j in range(12))
    + "</ul></li>"
    for i in range(40)
)
_SCRIPT = "var cfg = " + json.dumps(
    {f"slot_{i}": {"size": [300, 250], "targeting": list(range(30))} for i in range(120)}
)
_STYLE = "".join(
    f".c{i}{{margin:{i % 9}px;padding:{i % 7}px;color:#{i * 2654435 % 0xFFFFFF:06x}}}"
    for i in range(900)
)
_FOOTER = "".join(
    f"<p>(주)벤치일보 · 서울특별시 중구 세종대로 {i}길 · 대표전화 02-000-{i:04d} · "
    "등록번호 서울 아00000 · 발행·편집인 홍길동 · 청소년보호책임자 김철수</p>"
    for i in range(25)
)


def _chrome_lists(index: int) -> str:
    most_read = "".join(
        f'<li><a href="/news/{(index + k * 37) % 100000}.html">많이 본 뉴스 제목 {k}번째 항목'
        " 입니다</a></li>"
        for k in range(30)
    )
    return f'<aside class="most-read"><h2>많이 본 뉴스</h2><ol>{most_read}</ol></aside>'


# the outlet site ------------------------------------------------------------------------------
def render_page(article: Any, base: str, index: int) -> bytes:
    kst = article.published.isoformat()
    labels = "".join(f"[{label}] " for label in article.labels)
    modified = (
        f'<meta property="article:modified_time" content="{article.updated.isoformat()}">'
        if article.updated
        else ""
    )
    return f"""<!doctype html>
<html lang="ko"><head><meta charset="utf-8">
<title>{escape(labels + article.title)} - {escape(article.outlet.name)}</title>
<meta property="og:site_name" content="{escape(article.outlet.name)}">
<meta property="og:title" content="{escape(labels + article.title)}">
<meta property="article:published_time" content="{kst}">{modified}
<meta property="article:section" content="{escape(article.section.name)}">
<link rel="canonical" href="{base}/news/{index}.html">
<style>{_STYLE}</style><script>{_SCRIPT}</script>
</head><body>
<header class="gnb"><a href="/">{escape(article.outlet.name)}</a>
<nav><ul class="menu">{_MENU}</ul></nav></header>
<main><article>
<h1>{escape(labels + article.title)}</h1>
<div class="info"><span class="byline">{escape(article.byline)}</span>
<span>입력 <time datetime="{kst}">{article.published:%Y.%m.%d %H:%M}</time></span></div>
<div class="article-body">{article.body_html}</div>
<p class="copy">ⓒ {escape(article.outlet.name)} 무단 전재 및 재배포 금지</p>
</article>
<aside class="related"><h2>관련기사</h2>
<ul><li><a href="/news/1.html">다른 기사</a></li></ul></aside>
{_chrome_lists(index)}<div class="ad" id="ad-1"></div><script>{_SCRIPT}</script>
</main><footer>{_FOOTER}</footer></body></html>""".encode()


def render_feed(base: str, items: list[tuple[int, Any]]) -> bytes:
    entries = "".join(
        f"<item><title>{escape(a.title)}</title><link>{base}/news/{i}.html</link>"
        f"<guid>{base}/news/{i}.html</guid>"
        f"<pubDate>{a.published.strftime('%a, %d %b %Y %H:%M:%S +0900')}</pubDate></item>"
        for i, a in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>벤치마크 피드</title><link>{base}/</link>{entries}</channel></rss>"
    ).encode()


def serve(port: int, pages: int, seed: int, corpus_name: str) -> None:
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from corpus import Corpus
    from events import EventCorpus

    base = f"http://127.0.0.1:{port}"
    corpus = EventCorpus(seed) if corpus_name == "events" else Corpus(seed)
    articles = list(corpus.articles(pages))
    site = {f"/news/{i}.html": render_page(a, base, i) for i, a in enumerate(articles)}
    numbered = list(enumerate(articles))
    for f, start in enumerate(range(0, pages, FEED_SIZE)):
        site[f"/feed/{f}.xml"] = render_feed(base, numbered[start : start + FEED_SIZE])

    async def page(request: Request) -> Response:
        body = site.get(request.url.path)
        if body is None:
            return Response(b"not found", status_code=404)
        kind = "application/rss+xml" if request.url.path.endswith(".xml") else "text/html"
        return Response(body, media_type=kind)

    app = Starlette(routes=[Route("/{path:path}", page)])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


# phases ---------------------------------------------------------------------------------------
def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class MemorySampler:
    """Samples, every ``interval`` seconds, the memory of this process and its children
    (extraction processes) from ``/proc``: the peak of their summed RSS and of their summed
    PSS. PSS divides each shared page among the processes mapping it, so MeCab's dictionary,
    a file mapped by every analysing process, counts once in the sum, as it occupies memory
    once. Reading ``smaps_rollup`` costs kernel time: once a second, not more."""

    def __init__(self, interval: float = 1.0) -> None:
        import threading

        self.interval = interval
        self.peak_rss_kb = 0
        self.peak_pss_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @staticmethod
    def _pids() -> list[int]:
        pids = [os.getpid()]
        for task in Path("/proc/self/task").iterdir():
            try:
                pids += [int(p) for p in (task / "children").read_text().split()]
            except OSError:
                continue
        return pids

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            rss = pss = 0
            for pid in self._pids():
                try:
                    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
                except OSError:
                    continue
                for line in rollup.splitlines():
                    key, _, value = line.partition(":")
                    if key == "Rss":
                        rss += int(value.split()[0])
                    elif key == "Pss":
                        pss += int(value.split()[0])
            self.peak_rss_kb = max(self.peak_rss_kb, rss)
            self.peak_pss_kb = max(self.peak_pss_kb, pss)


def phase_bare(base: str, pages: int) -> dict[str, Any]:
    import httpx
    import trafilatura

    with httpx.Client() as client:
        htmls = [client.get(f"{base}/news/{i}.html").text for i in range(pages)]
    started = time.perf_counter()
    extracted = sum(bool(trafilatura.extract(html)) for html in htmls)
    elapsed = time.perf_counter() - started
    return {
        "pages": pages,
        "extracted": extracted,
        "seconds": elapsed,
        "pages_per_second": pages / elapsed,
        "peak_rss_mb": peak_rss_mb(),
    }


def phase_crawl(
    base: str, pages: int, concurrency: int, processes: int, tokenizer: str
) -> dict[str, Any]:
    from sqlalchemy import text

    from ranknews.cli.crawl import add_source, open_crawler
    from ranknews.settings import Settings
    from ranknews.store import open_store
    from ranknews.worker import run_pass

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(
            environ={},
            overrides={
                "data_dir": Path(tmp),
                "allowed_hosts": ("127.0.0.1",),
                "per_host_delay": 0.0,
                "per_host_concurrency": concurrency,
                "crawl_concurrency": concurrency,
                "extract_processes": processes,
                "tokenizer": tokenizer,
                "log_level": "warning",
            },
        )
        store = open_store(settings)
        feeds = -(-pages // FEED_SIZE)
        for f in range(feeds):
            add_source(settings, store, f"{base}/feed/{f}.xml")
        started = time.perf_counter()
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        with MemorySampler() as memory, open_crawler(settings, store) as crawler:
            reports = run_pass(crawler, include_not_due=True)
        elapsed = time.perf_counter() - started
        cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        # Extraction processes have exited with the crawler: their CPU time is counted now.
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        stored = store.board.count()
        with store.engines.read.connect() as conn:
            posts = conn.execute(text("SELECT count(*) FROM posts")).scalar_one()
            copies = conn.execute(text("SELECT count(*) FROM wire_copies")).scalar_one()
        store.close()
    return {
        "pages": pages,
        "stored": stored,
        "failed_sources": sum(r.status == "failed" for r in reports),
        "failed_pages": sum(r.failed for r in reports),
        "seconds": elapsed,
        "pages_per_second": stored / elapsed,
        "peak_rss_mb": peak_rss_mb(),
        "concurrency": concurrency,
        "extract_processes": processes,
        "tokenizer": tokenizer,
        "crawl_cpu_s": (cpu_after.ru_utime + cpu_after.ru_stime)
        - (cpu_before.ru_utime + cpu_before.ru_stime),
        "extract_processes_cpu_s": children.ru_utime + children.ru_stime,
        # Sampled every second, summed over the crawl process and its extraction processes.
        "peak_total_rss_mb": memory.peak_rss_kb / 1024,
        "peak_total_pss_mb": memory.peak_pss_kb / 1024,
        "posts": posts,
        "wire_copies": copies,
        # The largest peak of any extraction process (they have exited by now); the crawl's
        # total is at most peak_rss_mb + extract_processes * this.
        "extract_process_peak_rss_mb": (
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if processes else 0.0
        ),
    }


# driver ---------------------------------------------------------------------------------------


def wait_for(base: str, timeout: float = 120) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/feed/0.xml", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the benchmark site did not start")


def run_phase(name: str, args: argparse.Namespace, base: str, processes: int = 0) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--phase",
        name,
        "--base",
        base,
        "--pages",
        str(args.pages),
        "--concurrency",
        str(args.concurrency),
        "--extract-processes",
        str(processes),
        "--tokenizer",
        args.tokenizer,
    ]
    out = subprocess.run(command, check=True, capture_output=True, text=True, timeout=3600)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--skip-bare", action="store_true")
    parser.add_argument(
        "--extract-processes",
        type=int,
        default=0,
        help="also crawl with this many extraction processes (0: only in-thread)",
    )
    parser.add_argument("--corpus", choices=("events", "templates"), default="events")
    parser.add_argument("--tokenizer", choices=("mecab", "kiwi"), default="mecab")
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--phase", choices=["bare", "crawl"], help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.serve:
        serve(args.serve, args.pages, args.seed, args.corpus)
        return 0
    if args.phase == "bare":
        print(json.dumps(phase_bare(args.base, args.pages)))
        return 0
    if args.phase == "crawl":
        print(
            json.dumps(
                phase_crawl(
                    args.base, args.pages, args.concurrency, args.extract_processes, args.tokenizer
                )
            )
        )
        return 0

    port = free_port("127.0.0.1")
    base = f"http://127.0.0.1:{port}"
    site = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve",
            str(port),
            "--pages",
            str(args.pages),
            "--seed",
            str(args.seed),
            "--corpus",
            args.corpus,
        ]
    )
    try:
        wait_for(base)
        results: dict[str, Any] = {
            "date": datetime.now(UTC).date().isoformat(),
            "pages": args.pages,
            "corpus": args.corpus,
            "tokenizer": args.tokenizer,
            "cpus": os.cpu_count(),
            "crawl": run_phase("crawl", args, base),
        }
        if args.extract_processes:
            results["crawl_processes"] = run_phase("crawl", args, base, args.extract_processes)
        if not args.skip_bare:
            results["bare"] = run_phase("bare", args, base)
            bare_rate = results["bare"]["pages_per_second"]
            results["ratio"] = results["crawl"]["pages_per_second"] / bare_rate
            if "crawl_processes" in results:
                results["ratio_processes"] = (
                    results["crawl_processes"]["pages_per_second"] / bare_rate
                )
    finally:
        site.terminate()
        site.wait(timeout=30)

    crawl = results["crawl"]
    print(f"| measure | value |\n|---|---|\n| pages | {args.pages} |")
    print(f"| end to end (fetch, extract, store) | {crawl['pages_per_second']:.1f} pages/s |")
    print(f"| stored / failed pages | {crawl['stored']} / {crawl['failed_pages']} |")
    print(f"| posts / wire copies | {crawl['posts']} / {crawl['wire_copies']} |")
    print(f"| crawl peak RSS | {crawl['peak_rss_mb']:.0f} MB |")
    print(f"| crawl peak PSS (sampled) | {crawl['peak_total_pss_mb']:.0f} MB |")
    if "bare" in results:
        bare = results["bare"]
        print(f"| bare trafilatura.extract | {bare['pages_per_second']:.1f} pages/s |")
        print(f"| end to end / bare | {results['ratio']:.2f} |")
    if "crawl_processes" in results:
        extra = results["crawl_processes"]
        print(
            f"| end to end, {extra['extract_processes']} extraction processes |"
            f" {extra['pages_per_second']:.1f} pages/s |"
        )
        print(
            f"| peak RSS: crawl process + {extra['extract_processes']} x"
            f" extraction process | {extra['peak_rss_mb']:.0f} MB +"
            f" {extra['extract_processes']} x {extra['extract_process_peak_rss_mb']:.0f} MB |"
        )
        print(
            f"| CPU: crawl process / extraction processes |"
            f" {extra['crawl_cpu_s']:.1f} s / {extra['extract_processes_cpu_s']:.1f} s"
            f" in {extra['seconds']:.1f} s |"
        )
        print(
            f"| peak of the processes' summed RSS / PSS (sampled) |"
            f" {extra['peak_total_rss_mb']:.0f} / {extra['peak_total_pss_mb']:.0f} MB |"
        )
        if "ratio_processes" in results:
            print(f"| end to end with processes / bare | {results['ratio_processes']:.2f} |")
    suffix = variant_suffix(args.corpus, args.tokenizer)
    out = HERE / "results" / f"ingest-{args.pages}{suffix}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
