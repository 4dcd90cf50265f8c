"""Running the demo: outlet site on 127.0.0.1, load, board."""

from __future__ import annotations

import logging

from rich.progress import Progress

from ranknews.demo.load import load_demo
from ranknews.demo.site import create_site_app
from ranknews.settings import Settings
from ranknews.store import open_store
from ranknews.threads import BackgroundServer, free_port

__all__ = ["run_demo"]

log = logging.getLogger(__name__)


def run_demo(settings: Settings, *, serve_board: bool = True) -> None:
    port = settings.demo_site_port or free_port("127.0.0.1")
    base_url = f"http://127.0.0.1:{port}"
    site = BackgroundServer(create_site_app(base_url), "127.0.0.1", port).start()
    store = open_store(settings)
    try:
        print(f"outlet site: {base_url}/")
        with Progress(transient=True) as bar:
            task = bar.add_task("게시판에 기사 싣는 중", total=None)
            created, seen = load_demo(
                store,
                base_url,
                writer=settings.writer_name,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        print(f"loaded {seen} articles ({created} new posts) into {settings.resolved_database_url}")
        if serve_board:
            from ranknews.server import serve

            print(f"board: http://{settings.host}:{settings.port}/  (Ctrl+C stops)")
            serve(settings, store)
    finally:
        store.close()
        site.stop()
