"""The search index: written in the article's own transaction, read as one query.

One row per post, keyed by the board number, with three searchable columns — ``title``,
``body`` (the article text) and ``writer`` (outlet name and byline) — holding the tokens of
:mod:`ranknews.search.text`, and ``section`` for the section filter.

* SQLite: a contentless FTS5 table (``tokenize='unicode61'``: each pre-made token is one FTS5
  token). A term is an FTS5 phrase of its tokens (``서울시`` -> ``"서울 울시"``), a one-syllable
  term a prefix (``"시"*``), an exclusion a ``NOT``; column filters pick the target. Being
  contentless, a row is removed by replaying its old tokens (the ``'delete'`` command), which
  the store does on update from the text it is about to overwrite.
* PostgreSQL: ``tsvector`` columns written with explicit positions (no text-search parser or
  locale in between), a multi-column GIN index, ``tsquery`` with ``<->`` for sequences.

Results are ordered newest first (by number); on 제목+내용, within the newest
:data:`RANK_WINDOW` hits (the first ten pages) posts whose title holds every term come first.
Counting stops at :data:`COUNT_CAP` hits or after :data:`COUNT_BUDGET_SECONDS` (a lower bound,
``capped``). The rare term whose tokens cannot prove an exact match (a gap inside it too long
to spell out) is checked against the stored text: the newest :data:`VERIFY_CAP` token matches.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text

from ranknews.errors import NotFound
from ranknews.models import BoardRow
from ranknews.search.query import Query, Target, Term
from ranknews.search.text import doc_tokens, normalize, occurs
from ranknews.store.engine import Engines, utc
from ranknews.store.rows import ROW_COLUMNS, ROW_FROM, board_row

__all__ = ["COUNT_CAP", "RANK_WINDOW", "VERIFY_CAP", "Doc", "SearchIndex", "SearchPage"]

COUNT_CAP = 10_000
COUNT_SLICE = 100_000
COUNT_BUDGET_SECONDS = 0.025
RANK_WINDOW = 200
VERIFY_CAP = 2_000
_PG_MAX_POS = 16383

_TEXTS = (
    "SELECT p.number, a.title, b.text, o.name, a.byline, p.section_id"
    " FROM posts p JOIN articles a ON a.id = p.article_id JOIN outlets o ON o.id = a.outlet_id"
    " JOIN article_bodies b ON b.article_id = a.id"
)


@dataclass(frozen=True, slots=True)
class Doc:
    """What one post contributes to the index."""

    title: str
    body: str
    writer: str
    section_id: int | None

    @classmethod
    def of(cls, title: str, body: str, outlet: str, byline: str, section_id: int | None) -> Doc:
        return cls(title, body, f"{outlet} {byline}".strip(), section_id)

    def column(self, name: str) -> str:
        return {"title": self.title, "body": self.body, "writer": self.writer}[name]


@dataclass(frozen=True, slots=True)
class SearchPage:
    rows: tuple[BoardRow, ...]
    page: int
    pages: int
    total: int
    capped: bool
    published: dict[int, datetime] = field(default_factory=dict)


class SearchIndex:
    def __init__(self, engines: Engines, *, per_page: int) -> None:
        self._engines = engines
        self.per_page = per_page
        self.sqlite = engines.dialect == "sqlite"
        self._backfilled = False

    # writing ----------------------------------------------------------------------------
    def _params(self, number: int, doc: Doc) -> dict[str, Any]:
        cols = {c: doc_tokens(doc.column(c)) for c in ("title", "body", "writer")}
        if self.sqlite:
            params: dict[str, Any] = {c: " ".join(t) for c, t in cols.items()}
            params["section"] = f"s{doc.section_id}" if doc.section_id is not None else ""
        else:
            params = {c: _tsvector(t) for c, t in cols.items()}
            params["section"] = doc.section_id
        params["number"] = number
        return params

    def add(self, conn: Connection, number: int, doc: Doc) -> None:
        """Index a new post, inside the transaction that stores it."""
        self.add_many(conn, [(number, doc)])

    def add_many(self, conn: Connection, items: Iterable[tuple[int, Doc]]) -> None:
        rows = [self._params(n, d) for n, d in items]
        if not rows:
            return
        if self.sqlite:
            conn.execute(
                text(
                    "INSERT INTO search_index (rowid, title, body, writer, section)"
                    " VALUES (:number, :title, :body, :writer, :section)"
                ),
                rows,
            )
        else:
            conn.execute(
                text(
                    "INSERT INTO search_index (number, title, body, writer, section) VALUES"
                    " (:number, CAST(:title AS tsvector), CAST(:body AS tsvector),"
                    " CAST(:writer AS tsvector), :section) ON CONFLICT (number) DO UPDATE SET"
                    " title = excluded.title, body = excluded.body, writer = excluded.writer,"
                    " section = excluded.section"
                ),
                rows,
            )

    def old_doc(self, conn: Connection, article_id: int) -> tuple[int, Doc]:
        """The post number and indexed text of an article, read before it is overwritten."""
        row = conn.execute(text(_TEXTS + " WHERE a.id = :id"), {"id": article_id}).one()
        return int(row[0]), Doc.of(row[1], row[2], row[3], row[4], row[5])

    def replace(self, conn: Connection, number: int, old: Doc, new: Doc) -> None:
        """Re-index an updated post: its old words stop matching."""
        if not self.sqlite:
            self.add(conn, number, new)
            return
        if not self._indexed(conn, number):
            return  # the backfill has not reached it; it will index the new text
        params = self._params(number, old)
        conn.execute(
            text(
                "INSERT INTO search_index (search_index, rowid, title, body, writer, section)"
                " VALUES ('delete', :number, :title, :body, :writer, :section)"
            ),
            params,
        )
        self.add(conn, number, new)

    def _state(self, conn: Connection) -> tuple[int, int]:
        rows: dict[str, int] = dict(
            conn.execute(
                text(
                    "SELECT name, value FROM counters"
                    " WHERE name IN ('search:backfill_top', 'search:backfill_done')"
                )
            ).all()
        )
        return int(rows.get("search:backfill_top", 0)), int(rows.get("search:backfill_done", 0))

    def _indexed(self, conn: Connection, number: int) -> bool:
        if self._backfilled:
            return True
        top, done = self._state(conn)
        if done >= top:
            self._backfilled = True
            return True
        return not done < number <= top

    def backfill(
        self,
        *,
        batch: int = 1000,
        limit: int | None = None,
        progress: Callable[[int, int, int], None] | None = None,
    ) -> int:
        """Index posts stored before the index existed, ``batch`` posts per transaction,
        oldest first; resumable (the position is a counter updated in each transaction).
        Returns how many posts were indexed now."""
        indexed = 0
        while limit is None or indexed < limit:
            with self._engines.write.begin() as conn:
                top, done = self._state(conn)
                if done >= top:
                    break
                upto = min(top, done + batch)
                rows = conn.execute(
                    text(_TEXTS + " WHERE p.number > :lo AND p.number <= :hi"),
                    {"lo": done, "hi": upto},
                ).all()
                self.add_many(
                    conn, ((int(r[0]), Doc.of(r[1], r[2], r[3], r[4], r[5])) for r in rows)
                )
                conn.execute(
                    text("UPDATE counters SET value = :v WHERE name = 'search:backfill_done'"),
                    {"v": upto},
                )
            indexed += len(rows)
            if progress is not None:
                progress(upto, top, indexed)
        return indexed

    def pending(self) -> int:
        """How many post numbers the backfill still has to cover."""
        with self._engines.read.connect() as conn:
            top, done = self._state(conn)
        return max(0, top - done)

    # reading ----------------------------------------------------------------------------
    def section_id(self, slug: str) -> int:
        """The id of section ``slug``; raises NotFound."""
        with self._engines.read_cursor() as cur:
            cur.execute(self._engines.sql("SELECT id FROM sections WHERE slug = ?"), (slug,))
            found = cur.fetchone()
        if found is None:
            raise NotFound(f"no section {slug!r}")
        return int(found[0])

    def search(
        self,
        query: Query,
        *,
        target: Target = Target.TITLE_CONTENT,
        section_id: int | None = None,
        page: int = 1,
        per_page: int | None = None,
    ) -> SearchPage:
        """One page of hits (1-based ``page``; past the end gives no rows)."""
        size = per_page or self.per_page
        offset = (page - 1) * size
        match = self._match(query, target)
        with self._engines.read_cursor() as cur:
            if query.exact:
                total, capped = self._count(cur, match, section_id)
                if target is Target.TITLE_CONTENT and offset < RANK_WINDOW:
                    window = self._numbers(cur, match, section_id, RANK_WINDOW, 0)
                    window = self._title_first(cur, query, window)
                    numbers = window[offset : offset + size]
                    if len(numbers) < size and len(window) == RANK_WINDOW:
                        more = offset + size - RANK_WINDOW
                        numbers += self._numbers(cur, match, section_id, more, RANK_WINDOW)
                else:
                    numbers = self._numbers(cur, match, section_id, size, offset)
            else:
                candidates = self._numbers(cur, match, section_id, VERIFY_CAP, 0)
                verified = self._verify(cur, query, target, candidates)
                if target is Target.TITLE_CONTENT:
                    verified = (
                        self._title_first(cur, query, verified[:RANK_WINDOW])
                        + verified[RANK_WINDOW:]
                    )
                total, capped = len(verified), len(candidates) >= VERIFY_CAP
                numbers = verified[offset : offset + size]
            rows, published = self._rows(cur, numbers)
        pages = max(1, -(-total // size))
        return SearchPage(tuple(rows), page, pages, total, capped, published)

    def _title_first(self, cur: Any, query: Query, numbers: list[int]) -> list[int]:
        """``numbers`` (newest first) with the posts whose title holds every term first."""
        if not numbers:
            return numbers
        marks = ",".join("?" * len(numbers))
        cur.execute(
            self._engines.sql(
                "SELECT p.number, a.title FROM posts p JOIN articles a ON a.id = p.article_id"
                f" WHERE p.number IN ({marks})"
            ),
            numbers,
        )
        titles = {int(n): _collapse(normalize(t)) for n, t in cur.fetchall()}
        needles = [t.needle for t in query.positive]

        def in_title(n: int) -> bool:
            title = titles.get(n, "")
            return all(occurs(needle, title) for needle in needles)

        hits = [n for n in numbers if in_title(n)]
        return hits + [n for n in numbers if not in_title(n)]

    # SQL building, in each dialect --------------------------------------------------
    def _match(self, query: Query, target: Target) -> Any:
        """The match condition: an FTS5 expression, or PostgreSQL SQL with its parameters."""
        positive = query.positive
        negative = [t for t in query.negative if t.exact]
        cols = target.columns
        if self.sqlite:
            spec = "{" + " ".join(cols) + "} : "
            match = spec + "(" + " AND ".join(_fts_phrase(t) for t in positive) + ")"
            if negative:
                excluded = spec + "(" + " OR ".join(_fts_phrase(t) for t in negative) + ")"
                match = f"({match}) NOT ({excluded})"
            return match
        params: list[str] = []

        def pg(term: Term) -> str:
            params.extend([_tsquery(term)] * len(cols))
            return "(" + " OR ".join(f"{c} @@ CAST(%s AS tsquery)" for c in cols) + ")"

        sql = " AND ".join(pg(t) for t in positive)
        for t in negative:
            sql += " AND NOT " + pg(t)
        return (sql, params)

    def _where(self, match: Any, section_id: int | None) -> tuple[str, list[Any]]:
        hidden = "number NOT IN (SELECT number FROM posts WHERE listed = {f} AND hidden = {t})"
        if self.sqlite:
            if section_id is not None:
                match = f'({match}) AND section : "s{int(section_id)}"'
            where = (
                "search_index MATCH ? AND rowid NOT IN"
                " (SELECT number FROM posts WHERE listed = 0 AND hidden = 1)"
            )
            return where, [match]
        sql, params = match
        where = f"{sql} AND " + hidden.format(f="false", t="true")
        if section_id is not None:
            where += " AND section = %s"
            params = [*params, section_id]
        return where, list(params)

    def _count(self, cur: Any, match: Any, section_id: int | None) -> tuple[int, bool]:
        """(hits, capped): counted newest first in slices of the number range, stopping at
        :data:`COUNT_CAP` hits or once :data:`COUNT_BUDGET_SECONDS` have passed (then the
        figure is a lower bound). Rows are never sliced: pages read the whole index."""
        where, params = self._where(match, section_id)
        key = "rowid" if self.sqlite else "number"
        cur.execute(self._engines.sql("SELECT value FROM counters WHERE name = ?"), ("board",))
        found = cur.fetchone()
        top = int(found[0]) if found else 0
        sql = self._engines.sql(
            f"SELECT count(*) FROM (SELECT {key} FROM search_index WHERE {where}"
            f" AND {key} > ? AND {key} <= ? LIMIT ?) AS hits"
        )
        started = time.perf_counter()
        total = 0
        hi = top
        while hi > 0:
            lo = max(0, hi - COUNT_SLICE)
            cur.execute(sql, [*params, lo, hi, COUNT_CAP - total])
            total += int(cur.fetchone()[0])
            hi = lo
            if total >= COUNT_CAP:
                return COUNT_CAP, True
            if hi > 0 and time.perf_counter() - started > COUNT_BUDGET_SECONDS:
                return total, True
        return total, False

    def _numbers(
        self, cur: Any, match: Any, section_id: int | None, limit: int, offset: int
    ) -> list[int]:
        if limit <= 0:
            return []
        where, params = self._where(match, section_id)
        key = "rowid" if self.sqlite else "number"
        cur.execute(
            f"SELECT {key} FROM search_index WHERE {where} ORDER BY {key} DESC"
            f" LIMIT {int(limit)} OFFSET {int(offset)}",
            params,
        )
        return [int(r[0]) for r in cur.fetchall()]

    def _verify(self, cur: Any, query: Query, target: Target, numbers: list[int]) -> list[int]:
        texts: dict[int, Doc] = {}
        for chunk in _chunks(numbers, 500):
            marks = ",".join("?" * len(chunk))
            cur.execute(self._engines.sql(f"{_TEXTS} WHERE p.number IN ({marks})"), chunk)
            for r in cur.fetchall():
                texts[int(r[0])] = Doc.of(r[1], r[2], r[3], r[4], r[5])
        keep: list[int] = []
        for n in numbers:
            doc = texts.get(n)
            if doc is not None and matches(query, target, doc):
                keep.append(n)
        return keep

    def _rows(self, cur: Any, numbers: list[int]) -> tuple[list[BoardRow], dict[int, datetime]]:
        if not numbers:
            return [], {}
        marks = ",".join("?" * len(numbers))
        cur.execute(
            self._engines.sql(
                f"SELECT {ROW_COLUMNS}, a.published_at FROM {ROW_FROM} WHERE p.number IN ({marks})"
            ),
            numbers,
        )
        found = {}
        published = {}
        for r in cur.fetchall():
            found[int(r[0])] = board_row(r)
            published[int(r[0])] = utc(r[10])
        return [found[n] for n in numbers if n in found], published


def matches(query: Query, target: Target, doc: Doc) -> bool:
    """Whether ``doc`` matches ``query`` on its text (the exact check behind the index)."""
    cols = [_collapse(normalize(doc.column(c))) for c in target.columns]
    for term in query.terms:
        found = any(occurs(term.needle, c) for c in cols)
        if found == term.negative:
            return False
    return True


def _collapse(value: str) -> str:
    return " ".join(value.split())


def _fts_phrase(term: Term) -> str:
    return '"' + " ".join(term.tokens) + '"' + ("*" if term.prefix else "")


def _tsquery(term: Term) -> str:
    parts = [f"'{t}'" for t in term.tokens]
    if term.prefix:
        parts[-1] += ":*"
    return "(" + " <-> ".join(parts) + ")"


def _tsvector(tokens: Sequence[str]) -> str:
    positions: dict[str, list[int]] = {}
    for i, token in enumerate(tokens, start=1):
        positions.setdefault(token, []).append(min(i, _PG_MAX_POS))
    return " ".join(
        "'" + t.replace("\\", "\\\\").replace("'", "''") + "':" + ",".join(map(str, sorted(set(p))))
        for t, p in positions.items()
    )


def _chunks(items: list[int], size: int) -> list[list[int]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
