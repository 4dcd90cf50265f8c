"""The crawl-side commands: sources, OPML, crawl, worker, extract."""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from ranknews.errors import InvalidInput
from ranknews.extract import extract, load_rules
from ranknews.fetch import Fetcher
from ranknews.fetch.charset import decode_body
from ranknews.models import Source
from ranknews.pipeline import Crawler, RefreshReport, refresh_source
from ranknews.settings import Settings
from ranknews.sources import Outline, parse_opml, write_opml
from ranknews.store import Store
from ranknews.timefmt import full_time
from ranknews.worker import run_forever, run_pass

__all__ = [
    "add_source",
    "crawl",
    "describe_report",
    "extract_command",
    "list_sources",
    "open_crawler",
    "opml_export",
    "opml_import",
    "refresh_one",
    "remove_source",
    "run_worker",
    "write_bytes",
]

SOURCE_KINDS = ("auto", "feed", "sitemap", "page")


def _now() -> datetime:
    return datetime.now(UTC)


@contextmanager
def open_crawler(settings: Settings, store: Store) -> Iterator[Crawler]:
    fetcher = Fetcher(settings)
    crawler = Crawler(settings=settings, store=store, fetcher=fetcher, rules=load_rules(), now=_now)
    try:
        yield crawler
    finally:
        crawler.close()
        fetcher.close()


def add_source(
    settings: Settings,
    store: Store,
    url: str,
    *,
    kind: str = "auto",
    section: str | None = None,
    interval: int | None = None,
    title: str = "",
) -> Source:
    if kind not in SOURCE_KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(SOURCE_KINDS)}")
    if not url.startswith(("http://", "https://")):
        raise InvalidInput(f"a source address must start with http:// or https://: {url}")
    return store.sources.add(
        url,
        now=_now(),
        kind=kind,
        title=title,
        section=section,
        interval_minutes=interval or settings.default_interval_minutes,
    )


def _when(value: datetime | None) -> str:
    return full_time(value) if value else "-"


def list_sources(store: Store, console: Console) -> None:
    """A table on a terminal; tab-separated lines with a header when piped (for scripts)."""
    header = ("id", "kind", "status", "last fetch", "next fetch", "errors", "last error", "url")
    rows = [
        (
            str(s.id),
            s.kind,
            s.status,
            _when(s.last_fetch_at),
            _when(s.next_fetch_at),
            str(s.consecutive_errors),
            " ".join((s.last_error or "").split()),
            s.url,
        )
        for s in store.sources.all()
    ]
    if not console.is_terminal:
        for row in (header, *rows):
            print("\t".join(row))
        return
    table = Table(*header)
    for row in rows:
        table.add_row(*row[:6], row[6][:60], row[7])
    console.print(table)


def _key(value: str) -> int | str:
    return int(value) if value.isdigit() else value


def remove_source(store: Store, key: str) -> Source:
    source = store.sources.get(_key(key))
    store.sources.remove(source.id)
    return source


def describe_report(report: RefreshReport) -> str:
    if report.status == "failed":
        return f"failed: {report.errors[0] if report.errors else ''}"
    if report.status == "not_modified":
        return "not modified"
    text = f"{report.new} new, {report.updated} updated, {report.unchanged} unchanged"
    return text + (f", {report.failed} failed" if report.failed else "")


def refresh_one(settings: Settings, store: Store, key: str) -> RefreshReport:
    """Refresh one source now, whatever its schedule or status (success re-enables it)."""
    source = store.sources.get(_key(key))
    with open_crawler(settings, store) as crawler:
        return refresh_source(crawler, source)


def crawl(settings: Settings, store: Store, *, everything: bool, console: Console) -> int:
    """One pass with a progress bar; returns the number of failed sources."""
    with open_crawler(settings, store) as crawler, Progress(console=console) as bar:
        total = len(store.sources.all()) if everything else len(store.sources.due(_now()))
        task = bar.add_task("수집 중", total=total or None)

        def progress(source: Source, report: RefreshReport) -> None:
            bar.update(task, advance=1)
            bar.console.print(f"{source.id:>4} {source.url}  {describe_report(report)}")

        reports = run_pass(crawler, include_not_due=everything, progress=progress)
    new = sum(r.new for r in reports)
    failed = sum(r.status == "failed" for r in reports)
    console.print(f"{len(reports)} sources, {new} new articles, {failed} failed sources")
    return failed


def run_worker(settings: Settings, store: Store) -> None:
    """Run until SIGTERM or SIGINT; the batch of sources in hand is finished first."""
    stop = threading.Event()

    def handle(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        with open_crawler(settings, store) as crawler:
            run_forever(crawler, stop)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def opml_import(store: Store, settings: Settings, path: Path) -> tuple[int, int]:
    outlines = parse_opml(path.read_bytes())
    added = skipped = 0
    for outline in outlines:
        try:
            add_source(settings, store, outline.url, title=outline.title)
            added += 1
        except InvalidInput:
            skipped += 1
    return added, skipped


def opml_export(store: Store, board_title: str) -> bytes:
    outlines = [
        Outline(url=s.url, title=s.title or s.url, html_url="", category=s.section_slug or "")
        for s in store.sources.all()
        if s.kind != "page"
    ]
    return write_opml(outlines, board_title)


def extract_command(settings: Settings, target: str, *, url: str | None) -> str:
    """``ranknews extract``: one JSON object (the documented, stable contract)."""
    if target.startswith(("http://", "https://")):
        with Fetcher(settings) as fetcher:
            result = fetcher.fetch(target, check_robots=True)
        html, page_url = result.text(), url or result.url
    else:
        path = Path(target)
        if not path.is_file():
            raise InvalidInput(f"no such file: {target}")
        html, _ = decode_body(path.read_bytes(), None)
        page_url = url or path.resolve().as_uri()
    extracted = extract(html, page_url, rules=load_rules())
    return json.dumps(extracted.to_json(), ensure_ascii=False, indent=2)


def write_bytes(data: bytes, path: Path | None) -> None:
    if path is None:
        sys.stdout.buffer.write(data)
    else:
        path.write_bytes(data)
