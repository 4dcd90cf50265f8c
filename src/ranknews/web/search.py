"""The search page: board rows for a query, with the pager and the search box."""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ranknews.errors import NotFound
from ranknews.search import InvalidQuery, Target, highlight, parse
from ranknews.web.board import BoardPages
from ranknews.web.pager import make_pager
from ranknews.web.params import page_param, query_param, section_param, target_param
from ranknews.web.rows import render_rows

__all__ = ["SearchPages"]


class SearchPages:
    def __init__(self, board: BoardPages) -> None:
        self.board = board

    async def search_page(self, request: Request) -> Response:
        q = query_param(request.query_params)
        target = target_param(request.query_params)
        page = page_param(request.query_params)
        section_slug = section_param(request.query_params)
        try:
            query = parse(q)
        except InvalidQuery as exc:
            raise HTTPException(400, str(exc)) from exc
        body = await self.board.run(self._render, q, query, target, page, section_slug)
        return HTMLResponse(body)

    def _render(
        self, q: str, query: Any, target: Target, page: int, section_slug: str | None
    ) -> str:
        board = self.board
        section = board._check_section(section_slug)
        section_id = None
        if section_slug is not None:
            try:
                section_id = board.store.search.section_id(section_slug)
            except NotFound as exc:
                raise HTTPException(404) from exc
        results = board.store.search.search(query, target=target, section_id=section_id, page=page)
        if page > results.pages and not (results.capped and results.rows):
            raise HTTPException(404)
        needles = [t.needle for t in query.positive]
        mark = partial(_mark, needles)
        params = {"q": q, "target": target.value}
        if section:
            params["section"] = section.slug
        base = "/search?" + urlencode(params).replace("&", "&amp;") + "&amp;page="
        return board.templates.get_template("search.html").render(
            q=q,
            target=target.value,
            target_label=target.label,
            results=results,
            rows_html=render_rows(
                [], board.table_rows(results.rows), board.section_suffix(section), mark
            ),
            pager=make_pager(results.page, results.pages, board.settings.pager_links),
            base=base,
            section=section,
            sections=board.sections(),
        )


def _mark(needles: list[str], title: str) -> str:
    return str(highlight(title, needles))
