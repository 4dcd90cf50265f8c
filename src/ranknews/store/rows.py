"""The columns of one board row and their conversion, shared by the list pages
(:mod:`ranknews.store.board`) and search results (:mod:`ranknews.store.search`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ranknews.models import BoardRow
from ranknews.store.engine import utc

__all__ = ["ROW_COLUMNS", "ROW_FROM", "ROW_SELECT", "board_row"]

ROW_COLUMNS = (
    "p.number, a.title, a.labels, o.name, p.writer, p.posted_at, COALESCE(v.views, 0), s.slug,"
    " EXISTS (SELECT 1 FROM photos ph WHERE ph.article_id = a.id), p.notice"
)
ROW_FROM = (
    "posts p JOIN articles a ON a.id = p.article_id JOIN outlets o ON o.id = a.outlet_id"
    " LEFT JOIN sections s ON s.id = p.section_id"
    " LEFT JOIN post_views v ON v.post_number = p.number"
)
ROW_SELECT = f"SELECT {ROW_COLUMNS} FROM {ROW_FROM}"


def board_row(r: Sequence[Any]) -> BoardRow:
    """A :class:`BoardRow` from the first columns of a row selected with :data:`ROW_COLUMNS`."""
    return BoardRow(
        number=int(r[0]),
        title=r[1],
        labels=tuple(json.loads(r[2])) if r[2] != "[]" else (),
        outlet=r[3],
        writer=r[4],
        posted_at=utc(r[5]),
        views=int(r[6]),
        section_slug=r[7],
        has_photo=bool(r[8]),
        notice=bool(r[9]),
    )
