"""Board search: Korean-aware tokens (:mod:`.text`) and the query language (:mod:`.query`).

The index itself is a table group of the store (:mod:`ranknews.store.search`), where all SQL
lives; this package holds what needs no database."""

from __future__ import annotations

from ranknews.search.query import InvalidQuery, Query, Target, Term, parse
from ranknews.search.text import highlight, normalize

__all__ = [
    "InvalidQuery",
    "Query",
    "Target",
    "Term",
    "highlight",
    "normalize",
    "parse",
]
