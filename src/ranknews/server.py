"""Running the board under uvicorn."""

from __future__ import annotations

import logging

import uvicorn

from ranknews.settings import Settings
from ranknews.store import Store, open_store
from ranknews.web import create_app

__all__ = ["serve"]

log = logging.getLogger(__name__)


def serve(settings: Settings, store: Store | None = None) -> None:
    """Serve the board on ``settings.host:settings.port`` until interrupted."""
    own = store is None
    store = store or open_store(settings)
    try:
        app = create_app(settings, store)
        log.info("board listening url=http://%s:%d/", settings.host, settings.port)
        uvicorn.run(
            app,
            host=settings.host,
            port=settings.port,
            log_level=settings.log_level.lower(),
            access_log=False,
        )
    finally:
        if own:
            store.close()
