"""One Store over SQLite (the embedded default) or PostgreSQL.

The store is a facade over small per-table-group parts (``content``, ``board``, ``views``),
each holding the SQL for its tables. SQL is written once through SQLAlchemy Core; the few
dialect differences (column types in migrations, transaction start on SQLite) live in
:mod:`ranknews.store.engine` and :mod:`ranknews.store.migrations`.
"""

from __future__ import annotations

from datetime import timedelta
from types import TracebackType
from typing import Self

from ranknews.settings import Settings
from ranknews.store.board import BoardStore
from ranknews.store.content import ContentStore, StoredArticle
from ranknews.store.engine import Engines, create_engines
from ranknews.store.migrations import current_version, migrate
from ranknews.store.ranking import RankingStore
from ranknews.store.search import SearchIndex
from ranknews.store.sources import SourceStore
from ranknews.store.stories import StoryStore
from ranknews.store.trends import TrendStore
from ranknews.store.views import ViewStore

__all__ = ["Store", "StoredArticle", "open_store"]


class Store:
    """The database's parts; closed by :meth:`close`, or on leaving a ``with`` block."""

    def __init__(self, engines: Engines, settings: Settings) -> None:
        self.engines = engines
        self.settings = settings
        self.search = SearchIndex(engines, per_page=settings.posts_per_page)
        self.stories = StoryStore(
            engines,
            dedupe_window=timedelta(hours=settings.dedupe_window_hours),
            story_window=timedelta(hours=settings.story_window_hours),
            story_threshold=settings.story_threshold,
        )
        self.trends = TrendStore(engines)
        self.content = ContentStore(engines, self.search, self.stories, self.trends)
        self.board = BoardStore(engines, per_page=settings.posts_per_page)
        self.views = ViewStore(engines)
        self.sources = SourceStore(engines)
        self.ranking = RankingStore(engines)

    @property
    def dialect(self) -> str:
        return self.engines.dialect

    def migrate(self) -> list[int]:
        return migrate(self.engines.write)

    def schema_version(self) -> int:
        return current_version(self.engines.read)

    def close(self) -> None:
        self.engines.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def open_store(settings: Settings, *, migrate_schema: bool = True) -> Store:
    """Open the database named by the settings, applying pending migrations by default."""
    if not settings.database_url:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engines = create_engines(
        settings.resolved_database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms
    )
    store = Store(engines, settings)
    if migrate_schema:
        store.migrate()
    return store
