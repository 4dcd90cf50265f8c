"""Running the demo: the outlet site on 127.0.0.1, crawled into the board, the board served."""

from __future__ import annotations

import logging

from rich.console import Console

from ranknews.demo.site import create_site_app, load_outlets
from ranknews.errors import InvalidInput
from ranknews.settings import Settings
from ranknews.store import Store, open_store
from ranknews.threads import BackgroundServer, free_port

__all__ = ["crawl_settings", "register_demo_sources", "run_demo"]

log = logging.getLogger(__name__)


def crawl_settings(settings: Settings) -> Settings:
    """The demo's outlet site lives on 127.0.0.1, which the fetcher refuses unless allowed;
    the demo allows exactly that address, and drops the per-host delay (one local host)."""
    allowed = tuple(dict.fromkeys((*settings.allowed_hosts, "127.0.0.1")))
    return settings.replace(allowed_hosts=allowed, per_host_delay=0.0)


def register_demo_sources(settings: Settings, store: Store, base_url: str) -> int:
    """Add each bundled outlet's RSS feed as a source; returns how many were new."""
    from ranknews.cli.crawl import add_source

    added = 0
    for outlet in load_outlets():
        try:
            add_source(settings, store, f"{base_url}/{outlet.slug}/rss.xml", title=outlet.name)
            added += 1
        except InvalidInput:
            pass  # already there from an earlier run
    return added


def run_demo(settings: Settings, *, serve_board: bool = True) -> None:
    from ranknews.cli.crawl import crawl

    port = settings.demo_site_port or free_port("127.0.0.1")
    base_url = f"http://127.0.0.1:{port}"
    site = BackgroundServer(create_site_app(base_url), "127.0.0.1", port).start()
    store = open_store(settings)
    console = Console()
    try:
        console.print(f"outlet site: {base_url}/")
        register_demo_sources(settings, store, base_url)
        crawl(crawl_settings(settings), store, everything=True, console=console)
        console.print(f"board database: {settings.resolved_database_url}")
        if serve_board:
            from ranknews.server import serve

            if settings.trend_window_hours == Settings().trend_window_hours:
                # The demo site has about ten articles a day: trends over three days, unless
                # the operator chose a window.
                settings = settings.replace(trend_window_hours=72)

            console.print(f"board: http://{settings.host}:{settings.port}/  (Ctrl+C stops)")
            serve(settings, store)
    finally:
        store.close()
        site.stop()
