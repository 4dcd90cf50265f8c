"""The board's pages: the list and the article with the list under it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import quote

from jinja2 import Environment
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ranknews import timefmt
from ranknews.errors import NotFound
from ranknews.models import BoardPage, BoardRow, Section
from ranknews.settings import Settings
from ranknews.store import Store
from ranknews.web.cache import PageCache
from ranknews.web.pager import make_pager
from ranknews.web.params import MAX_NUMBER, page_param, section_param
from ranknews.web.rows import TableRow, render_rows
from ranknews.web.viewcount import ViewCounter

__all__ = ["BoardPages"]

T = TypeVar("T")


class BoardPages:
    """The list and article pages, and what every page shares: settings, store, templates,
    the page cache, the clock and the view counter."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        templates: Environment,
        *,
        cache: PageCache,
        counter: ViewCounter,
        now: Callable[[], datetime],
    ) -> None:
        self.settings = settings
        self.store = store
        self.templates = templates
        self.cache = cache
        self.counter = counter
        self.now = now
        self._sections: tuple[float, list[Section]] | None = None
        self.inline = store.dialect == "sqlite"

    # shared -----------------------------------------------------------------------------
    async def run(self, func: Callable[..., T], *args: Any) -> T:
        """Run a page's reads and rendering.

        On SQLite they run in the event loop itself: a page is a few index look-ups in a local
        file plus rendering, and handing such short work to the thread pool costs more in
        GIL hand-offs between worker threads than it saves. On PostgreSQL, where a query
        waits on the network, they run in the thread pool so the loop keeps serving others
        meanwhile.
        """
        if self.inline:
            return func(*args)
        return await run_in_threadpool(func, *args)

    def sections(self) -> list[Section]:
        # Sections change rarely (new ones appear with new articles): reuse for a minute.
        stamp = self.now().timestamp()
        if self._sections is None or stamp - self._sections[0] > 60:
            self._sections = (stamp, self.store.content.sections())
        return self._sections[1]

    def _check_section(self, section: str | None) -> Section | None:
        if section is None:
            return None
        for s in self.sections():
            if s.slug == section:
                return s
        self._sections = None  # maybe new: read again once
        for s in self.sections():
            if s.slug == section:
                return s
        raise HTTPException(404)

    def table_rows(self, rows: Sequence[BoardRow], current: int | None = None) -> list[TableRow]:
        """What the table shows of each row: its date column, N and HOT marks, the » row."""
        now = self.now()
        new_after = now - timedelta(hours=self.settings.new_mark_hours)
        hot = self.settings.hot_views
        today = now.astimezone(timefmt.KST)
        return [
            TableRow(
                row=r,
                date=timefmt.board_date(r.posted_at, today),
                is_new=r.posted_at >= new_after,
                is_hot=r.views >= hot,
                is_current=r.number == current,
            )
            for r in rows
        ]

    @staticmethod
    def section_suffix(section: Section | None) -> str:
        """The query string that keeps a post link inside its section's list."""
        return f"?section={quote(section.slug)}" if section else ""

    def _list_context(
        self, board: BoardPage, section: Section | None, current: int | None
    ) -> dict[str, Any]:
        return {
            "board": board,
            "rows_html": render_rows(
                self.table_rows(board.notices),
                self.table_rows(board.rows, current),
                self.section_suffix(section),
            ),
            "pager": make_pager(board.page, board.pages, self.settings.pager_links),
            "section": section,
            "sections": self.sections(),
        }

    # the list ---------------------------------------------------------------------------
    async def list_page(self, request: Request) -> Response:
        page = page_param(request.query_params)
        section_slug = section_param(request.query_params)
        body = await self.cache.get_or_render(
            ("list", section_slug, page), lambda: self.run(self._render_list, page, section_slug)
        )
        return Response(body, media_type="text/html; charset=utf-8")

    def _render_list(self, page: int, section_slug: str | None) -> bytes:
        section = self._check_section(section_slug)
        try:
            board = self.store.board.page(page, section=section_slug)
        except NotFound as exc:
            raise HTTPException(404) from exc
        context = self._list_context(board, section, None)
        return self.templates.get_template("list.html").render(**context).encode()

    # one article ------------------------------------------------------------------------
    async def article_page(self, request: Request) -> Response:
        number = request.path_params["number"]
        if not 0 < number < MAX_NUMBER:
            raise HTTPException(404)
        section_slug = section_param(request.query_params)
        body = await self.run(self._render_article, number, section_slug, request)
        return HTMLResponse(body)

    def _render_article(self, number: int, section_slug: str | None, request: Request) -> str:
        section = self._check_section(section_slug)
        try:
            post, board, older, newer = self.store.board.post_with_list(
                number, section=section_slug
            )
        except NotFound as exc:
            raise HTTPException(404) from exc
        if post.hidden:
            raise HTTPException(404)
        # Only posts that exist are counted; the count shown includes this view if it counted
        # (not a bot's, a prefetch's or a repeat's).
        self.counter.hit(number, request)
        context = self._list_context(board, section, number)
        story = self.store.stories.post_story(number, related=self.settings.related_posts)
        context.update(
            copies=story.copies,
            story=story.story,
            related=story.related,
            post=post,
            views=post.views + self.counter.pending(number),
            older=older,
            newer=newer,
        )
        return self.templates.get_template("article.html").render(**context)
