"""The ``ranknews`` command."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ranknews import __version__
from ranknews.errors import RanknewsError
from ranknews.ranking import DEFAULT_LIMIT, MAX_LIMIT
from ranknews.settings import Settings, describe_settings

if TYPE_CHECKING:
    from ranknews.store import Store

__all__ = ["build_parser", "main"]


def _common(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("settings (override RANKNEWS_* and the config file)")
    group.add_argument("--config", type=Path, help="TOML config file (also RANKNEWS_CONFIG)")
    group.add_argument("--data-dir", type=Path, help="data directory (RANKNEWS_DATA_DIR)")
    group.add_argument("--database-url", help="database URL (RANKNEWS_DATABASE_URL)")
    group.add_argument("--log-level", help="debug, info, warning or error")


def _server(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (default 8000)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ranknews", description="A self-filling Korean news-repost board."
    )
    parser.add_argument("--version", action="version", version=f"ranknews {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("demo", help="serve the bundled outlet site, load it, serve the board")
    _common(p)
    _server(p)
    p.add_argument("--site-port", type=int, help="port of the bundled outlet site (default 8001)")
    p.add_argument("--no-serve", action="store_true", help="load the demo data and exit")

    p = sub.add_parser("serve", help="serve the board")
    _common(p)
    _server(p)

    p = sub.add_parser("migrate", help="bring the database schema up to date")
    _common(p)

    p = sub.add_parser("settings", help="list every setting with its value and help")
    _common(p)

    p = sub.add_parser("source", help="manage the feeds, sitemaps and pages to crawl")
    _common(p)
    source = p.add_subparsers(dest="source_command", required=True, metavar="ACTION")
    q = source.add_parser("add", help="add a feed, sitemap or article address")
    q.add_argument("url")
    q.add_argument("--kind", default="auto", help="auto (default), feed, sitemap or page")
    q.add_argument("--section", help="section slug for its articles (e.g. politics)")
    q.add_argument("--interval", type=int, metavar="MINUTES", help="starting fetch interval")
    q.add_argument("--title", default="", help="a name for the source")
    source.add_parser("list", help="sources with status, last and next fetch, errors")
    q = source.add_parser("remove", help="remove a source (its articles stay)")
    q.add_argument("source", help="id or URL")
    q = source.add_parser("refresh", help="fetch one source now (re-enables it on success)")
    q.add_argument("source", help="id or URL")

    p = sub.add_parser("opml", help="import or export sources as OPML")
    _common(p)
    opml = p.add_subparsers(dest="opml_command", required=True, metavar="ACTION")
    q = opml.add_parser("import", help="add every feed of an OPML file")
    q.add_argument("file", type=Path)
    q = opml.add_parser("export", help="write the sources as OPML (stdout by default)")
    q.add_argument("file", type=Path, nargs="?")

    p = sub.add_parser("crawl", help="one pass over the due sources, with a progress bar")
    _common(p)
    p.add_argument("--all", action="store_true", help="every active source, due or not")

    p = sub.add_parser("worker", help="crawl sources as they fall due until SIGTERM/SIGINT")
    _common(p)

    p = sub.add_parser("extract", help="extract one article page and print it as JSON")
    _common(p)
    p.add_argument("target", metavar="PATH_OR_URL")
    p.add_argument("--url", help="the page's address, when extracting a saved file")
    p.add_argument("--json", action="store_true", help="print JSON (the only format)")

    p = sub.add_parser("search", help="search the board; --backfill indexes older posts")
    _common(p)
    p.add_argument("query", nargs="?", metavar="QUERY", help='words, "a phrase", -excluded')
    p.add_argument(
        "--target",
        choices=["title", "content", "title_content", "writer"],
        default="title_content",
        help="where to look (default title_content)",
    )
    p.add_argument("--section", help="only this section (slug)")
    p.add_argument("--limit", type=int, default=20, help="hits to print (1-1000, default 20)")
    p.add_argument("--json", action="store_true", help="print JSON (the only format)")
    p.add_argument(
        "--backfill", action="store_true", help="index posts stored before the search index"
    )

    p = sub.add_parser("stories", help="--backfill: put posts stored before stories in stories")
    _common(p)
    p.add_argument(
        "--backfill",
        action="store_true",
        help="analyse posts that have no story yet (oldest first) and place them",
    )
    p.add_argument("--limit", type=int, default=1000, help="posts per run (default 1000)")

    p = sub.add_parser("rank", help="the story ranking (랭킹), now or at a past --now")
    _common(p)
    p.add_argument("--now", metavar="ISO", help="rank as of this time (ISO 8601 with offset)")
    p.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        help=f"stories to print (1-{MAX_LIMIT}, default {DEFAULT_LIMIT})",
    )
    p.add_argument("--json", action="store_true", help="print JSON, as /api/ranking gives it")

    p = sub.add_parser("post", help="moderate a post: hide, show, pin as notice, unpin")
    _common(p)
    p.add_argument("action", choices=["hide", "show", "notice", "unnotice"])
    p.add_argument("number", type=int)
    return parser


def load_settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {
        "data_dir": getattr(args, "data_dir", None),
        "database_url": getattr(args, "database_url", None),
        "log_level": getattr(args, "log_level", None),
        "host": getattr(args, "host", None),
        "port": getattr(args, "port", None),
        "demo_site_port": getattr(args, "site_port", None),
    }
    return Settings.load(config_file=getattr(args, "config", None), overrides=overrides)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(args)
        logging.basicConfig(
            level=settings.log_level.upper(),
            format="%(asctime)s %(levelname)s %(name)s %(message)s",
        )
        return run(args, settings)
    except RanknewsError as exc:
        print(f"ranknews: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def run(args: argparse.Namespace, settings: Settings) -> int:
    command = args.command
    if command == "settings":
        for name, env, default, help_text in describe_settings():
            value = getattr(settings, name)
            print(f"{name} = {value!s}   [{env}; default {default or '(empty)'}]\n    {help_text}")
        return 0

    if command == "extract":
        from ranknews.crawling import extract_command

        print(extract_command(settings, args.target, url=args.url))
        return 0

    from ranknews.store import open_store

    if command in {"source", "opml", "crawl", "worker"}:
        store = open_store(settings)
        try:
            return _crawl_command(args, settings, store)
        finally:
            store.close()
    if command == "migrate":
        store = open_store(settings, migrate_schema=False)
        try:
            applied = store.migrate()
            print(f"schema at version {store.schema_version()}; applied now: {applied or 'none'}")
        finally:
            store.close()
        return 0
    if command == "search":
        store = open_store(settings)
        try:
            return _search_command(args, store)
        finally:
            store.close()
    if command == "stories":
        store = open_store(settings)
        try:
            return _stories_command(args, settings, store)
        finally:
            store.close()
    if command == "rank":
        store = open_store(settings)
        try:
            return _rank_command(args, store)
        finally:
            store.close()
    if command == "post":
        store = open_store(settings)
        try:
            flags = {
                "hide": {"hidden": True},
                "show": {"hidden": False},
                "notice": {"notice": True},
                "unnotice": {"notice": False},
            }[args.action]
            store.board.set_flags(args.number, **flags)
            print(f"post {args.number}: {args.action}")
        finally:
            store.close()
        return 0
    if command == "serve":
        from ranknews.server import serve

        serve(settings)
        return 0
    if command == "demo":
        from ranknews.demo import run_demo

        run_demo(settings, serve_board=not args.no_serve)
        return 0
    raise AssertionError(command)  # pragma: no cover - argparse limits the choices


def _search_command(args: argparse.Namespace, store: Store) -> int:
    import json

    from ranknews import timefmt
    from ranknews.errors import InvalidInput
    from ranknews.search import Target, parse

    if args.backfill:
        indexed = store.search.backfill()
        print(f"indexed {indexed} posts; {store.search.pending()} left")
        if args.query is None:
            return 0
    if args.query is None:
        raise InvalidInput("give a QUERY (or --backfill)")
    if not 1 <= args.limit <= 1000:
        raise InvalidInput("--limit must be between 1 and 1000")
    section_id = store.search.section_id(args.section) if args.section else None
    page = store.search.search(
        parse(args.query),
        target=Target(args.target),
        section_id=section_id,
        per_page=args.limit,
    )
    hits = [
        {
            "number": row.number,
            "title": row.title,
            "outlet": row.outlet,
            "published": timefmt.iso(page.published[row.number]),
        }
        for row in page.rows
    ]
    print(json.dumps({"hits": hits, "total": page.total}, ensure_ascii=False))
    return 0


def _stories_command(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    from ranknews.analysis import Analyzer
    from ranknews.errors import InvalidInput

    if not args.backfill:
        raise InvalidInput("nothing to do: give --backfill")
    if args.limit < 1:
        raise InvalidInput("--limit must be at least 1")
    analyzer = Analyzer(body_chars=settings.keyword_body_chars, tokenizer=settings.tokenizer)
    placed = 0
    for number, title, body in store.content.unplaced(args.limit):
        if store.content.place(number, analyzer.analyze(title, body)) is not None:
            placed += 1
    left = len(store.content.unplaced(1))
    print(f"placed {placed} posts in stories; {'more left' if left else 'none left'}")
    return 0


def _rank_command(args: argparse.Namespace, store: Store) -> int:
    import json
    from datetime import UTC, datetime

    from ranknews import timefmt
    from ranknews.errors import InvalidInput
    from ranknews.ranking import as_json, parse_now, rank

    if not 1 <= args.limit <= MAX_LIMIT:
        raise InvalidInput(f"--limit must be between 1 and {MAX_LIMIT}")
    now = parse_now(args.now) if args.now is not None else datetime.now(UTC)
    gravity = store.settings.ranking_gravity
    ranked = rank(store.ranking.stats(now), now, gravity, args.limit)
    if args.json:
        print(json.dumps(as_json(ranked, now, gravity), ensure_ascii=False))
        return 0
    print(f"ranking at {timefmt.iso(now)} (gravity {gravity})")
    if not ranked:
        print("no stories in the 72 hours before then")
        return 0
    print(
        f"{'rank':>4}  {'score':>8}  {'outlets':>7}  {'articles':>8}  {'started (KST)':<16}  story"
    )
    for r in ranked:
        print(
            f"{r.rank:>4}  {r.score:>8.4f}  {r.outlets:>7}  {r.articles:>8}"
            f"  {timefmt.full_time(r.first_at):<16}  {r.stats.story_id} {r.stats.title}"
        )
    return 0


def _crawl_command(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    from rich.console import Console

    from ranknews import crawling

    console = Console()
    if args.command == "source":
        action = args.source_command
        if action == "add":
            source = crawling.add_source(
                settings,
                store,
                args.url,
                kind=args.kind,
                section=args.section,
                interval=args.interval,
                title=args.title,
            )
            print(f"added source {source.id}: {source.url}")
        elif action == "list":
            crawling.list_sources(store, console)
        elif action == "remove":
            source = crawling.remove_source(store, args.source)
            print(f"removed source {source.id}: {source.url}")
        elif action == "refresh":
            report = crawling.refresh_one(settings, store, args.source)
            print(f"source {report.source_id}: {crawling.describe_report(report)}")
            return 1 if report.status == "failed" else 0
        return 0
    if args.command == "opml":
        if args.opml_command == "import":
            added, skipped = crawling.opml_import(store, settings, args.file)
            print(f"{added} sources added, {skipped} already present or invalid")
        else:
            crawling.write_bytes(crawling.opml_export(store, settings.board_title), args.file)
        return 0
    if args.command == "crawl":
        # A failing source is recorded on that source (see `source list`); the crawl of the
        # others goes on and the pass itself succeeds.
        crawling.crawl(settings, store, everything=args.all, console=console)
        return 0
    crawling.run_worker(settings, store)
    return 0
