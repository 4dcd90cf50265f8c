"""Database engines: SQLite tuned for one writer and many readers, or PostgreSQL."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import QueuePool

from ranknews.errors import ConfigError

__all__ = ["Engines", "create_engines", "utc"]


class Engines:
    """A read engine and a write engine; on PostgreSQL they are the same object.

    SQLite transactions on the write engine start with ``BEGIN IMMEDIATE`` so that a writer
    takes the lock up front and waits (busy timeout) instead of failing when it upgrades a read
    lock; readers use plain ``BEGIN`` and, in WAL mode, never block the writer.
    """

    def __init__(self, read: Engine, write: Engine) -> None:
        self.read = read
        self.write = write

    @property
    def dialect(self) -> str:
        return self.write.dialect.name

    def sql(self, statement: str) -> str:
        """``statement`` written with ``?`` placeholders, in this driver's parameter style."""
        return statement if self.dialect == "sqlite" else statement.replace("?", "%s")

    @contextlib.contextmanager
    def read_cursor(self) -> Iterator[Any]:
        """A DB-API cursor inside one read transaction (one consistent snapshot).

        The hot read paths (list and article pages) use plain SQL through this, skipping the
        SQL expression layer: a page costs a few index look-ups, and at that size the layer's
        own work per statement would be most of the time.
        """
        raw = self.read.raw_connection()
        try:
            cursor = raw.cursor()
            if self.dialect == "sqlite":
                cursor.execute("BEGIN")
            try:
                yield cursor
            finally:
                cursor.close()
                raw.rollback()
        finally:
            raw.close()

    def dispose(self) -> None:
        self.read.dispose()
        if self.write is not self.read:
            self.write.dispose()


def create_engines(url: str, *, busy_timeout_ms: int = 10000) -> Engines:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"database_url is not a valid URL: {url!r}") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if database in {"", ":memory:"}:
            raise ConfigError("an in-memory SQLite database cannot be shared; give a file path")
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        read = _sqlite_engine(url, busy_timeout_ms, immediate=False)
        write = _sqlite_engine(url, busy_timeout_ms, immediate=True)
        return Engines(read, write)
    if backend == "postgresql":
        if parsed.get_driver_name() not in {"psycopg", "psycopg2"}:
            url = str(parsed.set(drivername="postgresql+psycopg"))
        engine = create_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)
        return Engines(engine, engine)
    raise ConfigError(f"unsupported database: {backend} (use sqlite or postgresql)")


def _sqlite_engine(url: str, busy_timeout_ms: int, *, immediate: bool) -> Engine:
    engine = create_engine(
        url,
        poolclass=QueuePool,
        pool_size=8,
        max_overflow=8,
        connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module; we emit BEGIN ourselves.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def utc(value: Any) -> datetime:
    """A timestamp read through a raw cursor, as an aware UTC datetime."""
    if isinstance(value, str):  # SQLite stores DATETIME as ISO text in UTC
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        raise TypeError(f"not a timestamp: {value!r}")
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
