"""Sources: what the crawler fetches, when, and how it went.

Several crawl workers (threads, processes, machines on PostgreSQL) share the sources through
leases: a worker claims a due source with one conditional UPDATE that succeeds only while no
other worker holds an unexpired lease, so each source is refreshed by one worker at a time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from ranknews.errors import InvalidInput, NotFound
from ranknews.models import Source
from ranknews.store.engine import Engines
from ranknews.store.schema import sections, sources

__all__ = ["ACTIVE", "DISABLED", "SourceStore"]

ACTIVE = "active"
DISABLED = "disabled"

_COLUMNS = (
    sources.c.id,
    sources.c.url,
    sources.c.kind,
    sources.c.title,
    sections.c.slug.label("section_slug"),
    sources.c.interval_minutes,
    sources.c.status,
    sources.c.consecutive_errors,
    sources.c.last_error,
    sources.c.etag,
    sources.c.last_modified,
    sources.c.last_fetch_at,
    sources.c.next_fetch_at,
    sources.c.last_success_at,
    sources.c.articles_seen,
    sources.c.created_at,
    sources.c.lease_until,
)
_FROM = sources.outerjoin(sections, sections.c.id == sources.c.section_id)


def _source(r: Row[Any, *tuple[Any, ...]]) -> Source:
    return Source(**r._asdict())


class SourceStore:
    def __init__(self, engines: Engines) -> None:
        self._engines = engines

    def add(
        self,
        url: str,
        *,
        now: datetime,
        kind: str = "auto",
        title: str = "",
        section: str | None = None,
        interval_minutes: int,
    ) -> Source:
        with self._engines.write.begin() as conn:
            section_id = None
            if section is not None:
                section_id = conn.execute(
                    select(sections.c.id).where(sections.c.slug == section)
                ).scalar()
                if section_id is None:
                    raise InvalidInput(f"unknown section {section!r}")
            try:
                with conn.begin_nested():
                    source_id = conn.execute(
                        insert(sources)
                        .values(
                            url=url,
                            kind=kind,
                            title=title,
                            section_id=section_id,
                            interval_minutes=interval_minutes,
                            status=ACTIVE,
                            consecutive_errors=0,
                            next_fetch_at=now,
                            created_at=now,
                            articles_seen=0,
                        )
                        .returning(sources.c.id)
                    ).scalar_one()
            except IntegrityError as exc:
                raise InvalidInput(f"source already added: {url}") from exc
        return self.get(int(source_id))

    def get(self, key: int | str) -> Source:
        """A source by id or by URL."""
        condition = sources.c.id == key if isinstance(key, int) else sources.c.url == key
        with self._engines.read.connect() as conn:
            row = conn.execute(select(*_COLUMNS).select_from(_FROM).where(condition)).first()
        if row is None:
            raise NotFound(f"no source {key!r}")
        return _source(row)

    def all(self) -> list[Source]:
        with self._engines.read.connect() as conn:
            rows = conn.execute(select(*_COLUMNS).select_from(_FROM).order_by(sources.c.id)).all()
        return [_source(r) for r in rows]

    def remove(self, key: int | str) -> None:
        source = self.get(key)
        with self._engines.write.begin() as conn:
            conn.execute(delete(sources).where(sources.c.id == source.id))

    def due(self, now: datetime, *, limit: int = 100) -> list[Source]:
        """Active sources whose next fetch time has come and that nobody holds a lease on."""
        with self._engines.read.connect() as conn:
            rows = conn.execute(
                select(*_COLUMNS)
                .select_from(_FROM)
                .where(
                    sources.c.status == ACTIVE,
                    or_(sources.c.next_fetch_at.is_(None), sources.c.next_fetch_at <= now),
                    or_(sources.c.lease_until.is_(None), sources.c.lease_until < now),
                )
                .order_by(sources.c.next_fetch_at, sources.c.id)
                .limit(limit)
            ).all()
        return [_source(r) for r in rows]

    def next_due_at(self) -> datetime | None:
        with self._engines.read.connect() as conn:
            value = conn.execute(
                select(sources.c.next_fetch_at)
                .where(sources.c.status == ACTIVE)
                .order_by(sources.c.next_fetch_at)
                .limit(1)
            ).scalar()
        return value if isinstance(value, datetime) else None

    def claim(self, source_id: int, *, owner: str, now: datetime, until: datetime) -> bool:
        """Take the lease on a source; False when another worker holds it."""
        with self._engines.write.begin() as conn:
            claimed = conn.execute(
                update(sources)
                .where(
                    sources.c.id == source_id,
                    or_(
                        sources.c.lease_until.is_(None),
                        sources.c.lease_until < now,
                        sources.c.lease_owner == owner,
                    ),
                )
                .values(lease_owner=owner, lease_until=until)
            ).rowcount
        return bool(claimed)

    def record_success(
        self,
        source_id: int,
        *,
        now: datetime,
        next_fetch_at: datetime,
        interval_minutes: int,
        etag: str | None,
        last_modified: str | None,
        kind: str | None = None,
        title: str | None = None,
        new_articles: int = 0,
    ) -> None:
        values: dict[str, Any] = {
            "status": ACTIVE,
            "consecutive_errors": 0,
            "last_error": None,
            "last_fetch_at": now,
            "last_success_at": now,
            "next_fetch_at": next_fetch_at,
            "interval_minutes": interval_minutes,
            "etag": etag,
            "last_modified": last_modified,
            "lease_owner": None,
            "lease_until": None,
            "articles_seen": sources.c.articles_seen + new_articles,
        }
        if kind:
            values["kind"] = kind
        if title:
            values["title"] = title
        with self._engines.write.begin() as conn:
            conn.execute(update(sources).where(sources.c.id == source_id).values(**values))

    def record_failure(
        self,
        source_id: int,
        *,
        now: datetime,
        error: str,
        next_fetch_at: datetime,
        max_failures: int,
    ) -> Source:
        """Count one more failure; disable the source when it reaches ``max_failures``."""
        with self._engines.write.begin() as conn:
            errors = conn.execute(
                update(sources)
                .where(sources.c.id == source_id)
                .values(
                    consecutive_errors=sources.c.consecutive_errors + 1,
                    last_error=error[:1000],
                    last_fetch_at=now,
                    next_fetch_at=next_fetch_at,
                    lease_owner=None,
                    lease_until=None,
                )
                .returning(sources.c.consecutive_errors)
            ).scalar_one()
            if errors >= max_failures:
                conn.execute(
                    update(sources).where(sources.c.id == source_id).values(status=DISABLED)
                )
        return self.get(source_id)

    def release(self, source_id: int) -> None:
        with self._engines.write.begin() as conn:
            conn.execute(
                update(sources)
                .where(sources.c.id == source_id)
                .values(lease_owner=None, lease_until=None)
            )
