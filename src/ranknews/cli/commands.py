"""The ``ranknews`` commands, and the table :func:`run` dispatches them from.

Each command is a handler of the parsed arguments and the settings; a command that works on the
database gets the store too, opened by :func:`run` and closed when the handler is done. The
modules that are slow to import (the store, the crawl, the server, the demo, rich) are imported
by the handlers that use them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ranknews.ranking import MAX_LIMIT
from ranknews.settings import Settings, describe_settings

if TYPE_CHECKING:
    from ranknews.store import Store

__all__ = ["COMMANDS", "PlainCommand", "StoreCommand", "run"]


@dataclass(frozen=True, slots=True)
class StoreCommand:
    """A command run on the open store, its schema brought up to date first unless
    ``migrate`` is false."""

    handler: Callable[[argparse.Namespace, Settings, Store], int]
    migrate: bool = True


@dataclass(frozen=True, slots=True)
class PlainCommand:
    """A command that needs no store from :func:`run` (or opens its own)."""

    handler: Callable[[argparse.Namespace, Settings], int]


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the parsed command; its exit status."""
    command = COMMANDS[args.command]
    if isinstance(command, PlainCommand):
        return command.handler(args, settings)
    from ranknews.store import open_store

    with open_store(settings, migrate_schema=command.migrate) as store:
        return command.handler(args, settings, store)


def _show_settings(args: argparse.Namespace, settings: Settings) -> int:
    for name, env, default, help_text in describe_settings():
        value = getattr(settings, name)
        print(f"{name} = {value!s}   [{env}; default {default or '(empty)'}]\n    {help_text}")
    return 0


def _extract(args: argparse.Namespace, settings: Settings) -> int:
    from ranknews.cli.crawl import extract_command

    print(extract_command(settings, args.target, url=args.url))
    return 0


def _migrate(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    applied = store.migrate()
    print(f"schema at version {store.schema_version()}; applied now: {applied or 'none'}")
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from ranknews.server import serve

    serve(settings)
    return 0


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from ranknews.demo import run_demo

    run_demo(settings, serve_board=not args.no_serve)
    return 0


def _source(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    from ranknews.cli import crawl

    action = args.source_command
    if action == "add":
        source = crawl.add_source(
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
        from rich.console import Console

        crawl.list_sources(store, Console())
    elif action == "remove":
        source = crawl.remove_source(store, args.source)
        print(f"removed source {source.id}: {source.url}")
    elif action == "refresh":
        report = crawl.refresh_one(settings, store, args.source)
        print(f"source {report.source_id}: {crawl.describe_report(report)}")
        return 1 if report.status == "failed" else 0
    return 0


def _opml(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    from ranknews.cli import crawl

    if args.opml_command == "import":
        added, skipped = crawl.opml_import(store, settings, args.file)
        print(f"{added} sources added, {skipped} already present or invalid")
    else:
        crawl.write_bytes(crawl.opml_export(store, settings.board_title), args.file)
    return 0


def _crawl(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    from rich.console import Console

    from ranknews.cli import crawl

    # A failing source is recorded on that source (see `source list`); the crawl of the
    # others goes on and the pass itself succeeds.
    crawl.crawl(settings, store, everything=args.all, console=Console())
    return 0


def _worker(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    from ranknews.cli import crawl

    crawl.run_worker(settings, store)
    return 0


def _search(args: argparse.Namespace, settings: Settings, store: Store) -> int:
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


def _stories(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    from ranknews.analysis import Analyzer
    from ranknews.errors import InvalidInput
    from ranknews.pipeline import backfill_stories

    if not args.backfill:
        raise InvalidInput("nothing to do: give --backfill")
    if args.limit < 1:
        raise InvalidInput("--limit must be at least 1")
    analyzer = Analyzer(body_chars=settings.keyword_body_chars, tokenizer=settings.tokenizer)
    placed, left = backfill_stories(store, analyzer, args.limit)
    print(f"placed {placed} posts in stories; {'more left' if left else 'none left'}")
    return 0


def _rank(args: argparse.Namespace, settings: Settings, store: Store) -> int:
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


def _post(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    flags = {
        "hide": {"hidden": True},
        "show": {"hidden": False},
        "notice": {"notice": True},
        "unnotice": {"notice": False},
    }[args.action]
    store.board.set_flags(args.number, **flags)
    print(f"post {args.number}: {args.action}")
    return 0


COMMANDS: dict[str, StoreCommand | PlainCommand] = {
    "settings": PlainCommand(_show_settings),
    "extract": PlainCommand(_extract),
    "serve": PlainCommand(_serve),
    "demo": PlainCommand(_demo),
    "migrate": StoreCommand(_migrate, migrate=False),
    "source": StoreCommand(_source),
    "opml": StoreCommand(_opml),
    "crawl": StoreCommand(_crawl),
    "worker": StoreCommand(_worker),
    "search": StoreCommand(_search),
    "stories": StoreCommand(_stories),
    "rank": StoreCommand(_rank),
    "post": StoreCommand(_post),
}
