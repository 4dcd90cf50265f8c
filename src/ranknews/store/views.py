"""View counts, written in batches."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import text

from ranknews.store.engine import Engines

__all__ = ["ViewStore"]

_ADD = text(
    "INSERT INTO post_views (post_number, views) SELECT :number, :n"
    " WHERE EXISTS (SELECT 1 FROM posts WHERE number = :number)"
    " ON CONFLICT (post_number) DO UPDATE SET views = post_views.views + excluded.views"
)


class ViewStore:
    def __init__(self, engines: Engines) -> None:
        self._engines = engines

    def add(self, counts: Mapping[int, int]) -> None:
        """Add ``counts`` (post number -> new views) in one transaction."""
        items = [{"number": n, "n": c} for n, c in sorted(counts.items()) if c > 0]
        if not items:
            return
        with self._engines.write.begin() as conn:
            conn.execute(_ADD, items)
