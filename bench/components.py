"""What one uncached board page costs, part by part, in-process (no HTTP, no threads).

    python bench/components.py --data-dir bench/data/1m [--repeat 300]

Times the store reads (``store.board.page``, ``post_with_list``), the same SQL statements
one by one on a plain sqlite3 connection, and the whole render the web layer does for the list
and article pages (store read + context + Jinja), so that the share of SQL, row conversion and
templating in a page is measured directly rather than inferred from samples. It builds the web
layer's ``BoardPages`` the way ``ranknews.web.create_app`` does, so it follows that code and
may need adjusting when the web layer's internals change.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from starlette.requests import Request

from ranknews.settings import Settings
from ranknews.store import Store, open_store
from ranknews.web.app import make_templates
from ranknews.web.board import BoardPages
from ranknews.web.cache import PageCache
from ranknews.web.viewcount import ViewCounter

__all__ = ["main", "time_call"]


def time_call(fn: Callable[[], Any], repeat: int, warmup: int = 20) -> tuple[float, float]:
    """(median, mean) milliseconds of ``fn()`` over ``repeat`` calls after ``warmup``."""
    for _ in range(warmup):
        fn()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), statistics.fmean(timings)


def _board_pages(settings: Settings, store: Store) -> BoardPages:
    return BoardPages(
        settings,
        store,
        make_templates(settings),
        cache=PageCache(0),
        counter=ViewCounter(store.views, settings.view_flush_seconds),
        now=lambda: datetime.now(UTC),
    )


def _sql_parts(store: Store, db: Path, deep_start: int) -> dict[str, Callable[[], Any]]:
    """The list page's statements on a plain connection (the store's own SQL strings)."""
    listing = store.board._board  # the whole-board listing's SQL
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
    cur = conn.cursor()

    def run(sql: str, params: tuple[Any, ...]) -> Callable[[], Any]:
        return lambda: cur.execute(sql, params).fetchall()

    top = cur.execute("SELECT value FROM counters WHERE name = 'board'").fetchone()[0]
    return {
        "sql: counter + unlisted counter": run(
            listing.top_and_unlisted, ("board", "unlisted:board")
        ),
        "sql: unlisted above (page 1)": run(listing.unlisted_above, (top,)),
        "sql: 20 rows (page 1)": run(listing.rows_from, (top, 20)),
        "sql: 20 rows (deep page)": run(listing.rows_from, (deep_start, 20)),
        "sql: notices": run(listing.notices, ()),
        "sql: post + body": run(store.board._post, (deep_start,)),
    }


def _reader_request(number: int) -> Request:
    """A reader's request for post ``number``: counted once as a view, then as a repeat."""
    return Request(
        {
            "type": "http",
            "method": "GET",
            "path": f"/{number}",
            "query_string": b"",
            "headers": [(b"user-agent", b"Mozilla/5.0 (bench/components.py)")],
            "client": ("127.0.0.1", 50000),
        }
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args(argv)
    settings = Settings.from_mapping({"data_dir": str(args.data_dir), "log_level": "warning"})
    store = open_store(settings, migrate_schema=False)
    try:
        pages = store.board.page(1).pages
        deep = 40_000 if pages >= 40_000 else max(1, round(pages * 0.8))
        deep_rows = store.board.page(deep).rows
        old = deep_rows[len(deep_rows) // 2].number
        web = _board_pages(settings, store)
        reader = _reader_request(old)
        board = store.board.page(1)
        template = web.templates.get_template("list.html")
        parts: dict[str, Callable[[], Any]] = {
            "store.board.page(1)": lambda: store.board.page(1),
            f"store.board.page({deep})": lambda: store.board.page(deep),
            f"store.board.post_with_list({old})": lambda: store.board.post_with_list(old),
            "list context (rows, dates, pager)": lambda: web._list_context(board, None, None),
            "list context + list.html render": lambda: template.render(
                **web._list_context(board, None, None)
            ),
            "whole list page 1 (_render_list)": lambda: web._render_list(1, None),
            f"whole list page {deep} (_render_list)": lambda: web._render_list(deep, None),
            f"whole article {old} (_render_article)": lambda: web._render_article(
                old, None, reader
            ),
        }
        try:
            parts.update(
                _sql_parts(store, settings.data_dir / "ranknews.sqlite3", deep_rows[0].number)
            )
        except AttributeError as exc:  # the store's internals moved; skip the SQL breakdown
            print(f"(no SQL breakdown: {exc})")
        print(f"{'part':<44} {'median ms':>10} {'mean ms':>10}")
        for name, fn in parts.items():
            median, mean = time_call(fn, args.repeat)
            print(f"{name:<44} {median:10.3f} {mean:10.3f}")
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
