"""The rows of the board table, rendered in Python.

This is the one piece of HTML built outside Jinja: the table is on every page, and rendering
its 20 rows through the template engine (an autoescape call for every value, numbers and
constant strings included) costs more than the rest of a list page. Every text field is
escaped with ``html.escape`` (quotes included); numbers are formatted as integers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import NamedTuple

from markupsafe import Markup

from ranknews.models import BoardRow

__all__ = ["TableRow", "render_rows"]


class TableRow(NamedTuple):
    row: BoardRow
    date: str
    is_new: bool
    is_hot: bool
    is_current: bool


_NOTICE_HEAD = (
    '    <tr class="notice">\n      <td class="no"><span class="notice-label">공지</span></td>\n'
)
_CURRENT_HEAD = '    <tr class="current" aria-current="true">\n      <td class="no">&raquo;</td>\n'
_EMPTY = '    <tr><td colspan="5" class="empty">게시물이 없습니다.</td></tr>\n'
_PHOTO = ' <span class="mark photo" title="사진">사진</span>'
_NEW = ' <span class="mark new" title="새 글">N</span>'
_HOT = ' <span class="mark hot" title="인기 글">HOT</span>'


def _one(item: TableRow, head: str, suffix: str, title: Callable[[str], str] | None = None) -> str:
    r = item.row
    writer = escape(r.writer)
    shown = title(r.title) if title else escape(r.title)
    labels = "".join(f'<span class="label">[{escape(label)}]</span> ' for label in r.labels)
    return (
        f"{head}"
        f'      <td class="title"><a href="/{int(r.number)}{suffix}">{labels}{shown}</a>'
        f"{_PHOTO if r.has_photo else ''}{_NEW if item.is_new else ''}"
        f"{_HOT if item.is_hot else ''}\n"
        f'        <span class="meta-inline"><span>{writer}</span> <span>{escape(item.date)}</span>'
        f" <span>조회 {int(r.views)}</span></span></td>\n"
        f'      <td class="writer">{writer}</td>\n'
        f'      <td class="date">{escape(item.date)}</td>\n'
        f'      <td class="views">{int(r.views)}</td>\n'
        "    </tr>\n"
    )


def render_rows(
    notices: Sequence[TableRow],
    rows: Sequence[TableRow],
    suffix: str,
    title: Callable[[str], str] | None = None,
) -> Markup:
    """``<tr>`` elements for pinned notices then rows; ``suffix`` is appended to post links
    (an already-escaped query string such as ``?section=politics``). ``title``, when given,
    renders a title as HTML instead of escaping it (search results: escaped, with ``<mark>``)."""
    parts = [_one(item, _NOTICE_HEAD, suffix) for item in notices]
    for item in rows:
        if item.is_current:
            head = _CURRENT_HEAD
        else:
            head = f'    <tr>\n      <td class="no">{int(item.row.number)}</td>\n'
        parts.append(_one(item, head, suffix, title))
    return Markup("".join(parts) or _EMPTY)
