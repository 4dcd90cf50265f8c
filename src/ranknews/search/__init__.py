"""Board search: Korean-aware tokens (:mod:`.text`), the query language (:mod:`.query`) and
the index over SQLite FTS5 or PostgreSQL ``tsvector`` (:mod:`.index`)."""

from __future__ import annotations

from ranknews.search.index import Doc, SearchIndex, SearchPage, matches
from ranknews.search.query import InvalidQuery, Query, Target, Term, parse
from ranknews.search.text import highlight, normalize

__all__ = [
    "Doc",
    "InvalidQuery",
    "Query",
    "SearchIndex",
    "SearchPage",
    "Target",
    "Term",
    "highlight",
    "matches",
    "normalize",
    "parse",
]
