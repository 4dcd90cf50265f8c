"""The ``ranknews`` command line: its arguments, and the settings they override."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ranknews import __version__
from ranknews.ranking import DEFAULT_LIMIT, MAX_LIMIT
from ranknews.settings import Settings

__all__ = ["build_parser", "load_settings"]


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
    """The settings, with what the command line gave overriding the environment and file."""
    overrides: dict[str, Any] = {
        "data_dir": getattr(args, "data_dir", None),
        "database_url": getattr(args, "database_url", None),
        "log_level": getattr(args, "log_level", None),
        "host": getattr(args, "host", None),
        "port": getattr(args, "port", None),
        "demo_site_port": getattr(args, "site_port", None),
    }
    return Settings.load(config_file=getattr(args, "config", None), overrides=overrides)
