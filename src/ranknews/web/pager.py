"""The pager under a board list: blocks of page links with 첫 페이지 / 끝 페이지."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Pager", "make_pager"]


@dataclass(frozen=True, slots=True)
class Pager:
    page: int
    pages: int
    links: tuple[int, ...]
    prev_block: int | None
    next_block: int | None


def make_pager(page: int, pages: int, width: int) -> Pager:
    """Page links of the block of ``width`` pages holding ``page``, as Rhymix shows them."""
    start = ((page - 1) // width) * width + 1
    end = min(pages, start + width - 1)
    return Pager(
        page=page,
        pages=pages,
        links=tuple(range(start, end + 1)),
        prev_block=start - 1 if start > 1 else None,
        next_block=end + 1 if end < pages else None,
    )
