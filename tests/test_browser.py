"""A real headless Chromium reading the board: list, pager, article, skip link, phones, axe.

Everything runs over real HTTP: the bundled outlet site and the board are each served by a
:class:`BackgroundServer` on a free loopback port, and the demo articles are loaded into a
real SQLite store. Playwright drives Debian's Chromium (Playwright's own browser download is
not used). Screenshots land in ``<repo>/test-artifacts/``.

Needs: ``apt-get install chromium fonts-nanum`` (or ``RANKNEWS_CHROMIUM=/path/to/chrome``) and
axe-core, installed with::

    npm install --prefix .cache/npm axe-core@4.14.1

(or ``RANKNEWS_AXE_JS=/path/to/axe.min.js``). Without them the tests skip; with ``CI`` set
they fail instead.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ranknews.analysis import Analyzer
from ranknews.demo.load import load_demo
from ranknews.demo.site import create_site_app, load_articles
from ranknews.settings import Settings
from ranknews.store import Store, open_store
from ranknews.threads import BackgroundServer, free_port
from ranknews.web import create_app

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = os.environ.get("RANKNEWS_CHROMIUM") or "/usr/bin/chromium"
AXE_VERSION = "4.14.1"
AXE_JS = Path(
    os.environ.get("RANKNEWS_AXE_JS")
    or REPO / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PER_PAGE = 20
# Page 3 must exist for the pager walk.
MIN_POSTS = 45
HEADERS = ["번호", "제목", "글쓴이", "날짜", "조회 수"]
NARROW = {"width": 360, "height": 740}
WIDE = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000

# Rows of the board list (pinned notices excluded) and their cells.
ROWS = "table.board > tbody > tr:not(.notice)"


def _missing(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _require_chromium() -> None:
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        _missing(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium and fonts-nanum"
            " (apt-get install chromium fonts-nanum) or set RANKNEWS_CHROMIUM=/path/to/chromium"
        )


def _axe_source() -> str:
    if not AXE_JS.is_file():
        _missing(
            f"axe-core not found at {AXE_JS}: run `npm install --prefix {REPO / '.cache' / 'npm'}"
            f" axe-core@{AXE_VERSION}` or set RANKNEWS_AXE_JS=/path/to/axe.min.js"
        )
    return AXE_JS.read_text(encoding="utf-8")


# --- the servers --------------------------------------------------------------------------


@dataclass(frozen=True)
class Board:
    url: str
    store: Store
    total: int

    def page_rows(self, page: int) -> int:
        return max(0, min(PER_PAGE, self.total - (page - 1) * PER_PAGE))


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Board]:
    data_dir = tmp_path_factory.mktemp("browser") / "data"
    settings = Settings.load(environ={}, overrides={"data_dir": data_dir, "page_cache_seconds": 0})
    store = open_store(settings)
    site: BackgroundServer | None = None
    web: BackgroundServer | None = None
    try:
        assert len(load_articles()) >= MIN_POSTS, "the demo site must fill three list pages"
        port = free_port("127.0.0.1")
        site = BackgroundServer(create_site_app(f"http://127.0.0.1:{port}"), "127.0.0.1", port)
        site.start()
        load_demo(store, site.url, writer=settings.writer_name, analyzer=Analyzer())
        total = store.board.count()
        web = BackgroundServer(create_app(settings, store), "127.0.0.1", 0).start()
        yield Board(url=web.url, store=store, total=total)
    finally:
        if web is not None:
            web.stop()
        if site is not None:
            site.stop()
        store.close()


# --- the browser --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=WIDE, locale="ko-KR")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def narrow_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport=NARROW, locale="ko-KR", device_scale_factor=2, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="module")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def _shot(page: Any, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


def _number_cells(page: Any) -> list[str]:
    return [t.strip() for t in page.locator(f"{ROWS} > td.no").all_inner_texts()]


# --- the reader's walk --------------------------------------------------------------------


def test_list_pager_and_article(board: Board, page: Any, artifacts: Path) -> None:
    page.goto(board.url + "/")
    headers = [t.strip() for t in page.locator("table.board thead th").all_inner_texts()]
    assert headers == HEADERS
    assert page.locator(ROWS).count() == PER_PAGE
    _shot(page, artifacts, "list")

    page.locator("nav.pager").get_by_role("link", name="3", exact=True).click()
    page.wait_for_url(re.compile(r"[?&]page=3(&|$)"))
    assert page.locator("nav.pager [aria-current=page]").inner_text() == "3"
    assert page.locator(ROWS).count() == board.page_rows(3) > 0
    _shot(page, artifacts, "list-page-3")

    first = page.locator(f"{ROWS} td.title > a").first
    title = first.inner_text().strip()
    href = first.get_attribute("href")
    assert href is not None
    match = re.fullmatch(r"/(\d+)", href.split("?")[0])
    assert match, f"unexpected article link {href!r}"
    number = int(match.group(1))
    first.click()
    page.wait_for_url(re.compile(rf"/{number}(\?|$)"))

    assert page.locator("h1.post-title").inner_text().strip() == title
    assert title in page.title()
    # The list under the post is the page holding it, with its own row marked.
    current = page.locator(f"{ROWS}[aria-current=true]")
    assert current.count() == 1
    assert current.locator("td.no").inner_text().strip() == "»"
    assert current.locator("td.title > a").get_attribute("href") == f"/{number}"
    others = page.locator(f"{ROWS}:not([aria-current])")
    assert others.count() == board.page_rows(3) - 1
    for i in range(others.count()):
        row = others.nth(i)
        assert re.fullmatch(r"\d+", row.locator("td.no").inner_text().strip())
        assert re.fullmatch(r"/\d+", row.locator("td.title > a").get_attribute("href") or "")
    numbers = _number_cells(page)
    assert numbers.count("»") == 1
    _shot(page, artifacts, "article")


def test_skip_link_moves_focus_to_content(board: Board, page: Any) -> None:
    number = board.store.board.page(3).rows[0].number
    page.goto(f"{board.url}/{number}")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "메뉴 건너뛰기"
    box = page.evaluate(
        "JSON.parse(JSON.stringify(document.activeElement.getBoundingClientRect()))"
    )
    assert box["top"] >= 0, f"the focused skip link is still off screen: {box}"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'content'")
    assert page.evaluate("document.activeElement.id") == "content"
    assert page.evaluate("location.hash") == "#content"


# --- phones -------------------------------------------------------------------------------


_VISIBLE_NUMBER_OR_VIEWS = """
() => [...document.querySelectorAll('table.board .no, table.board .views')]
        .filter(e => getComputedStyle(e).display !== 'none')
        .map(e => e.outerHTML.slice(0, 80))
"""


@pytest.mark.parametrize("which", ["list", "article"])
def test_narrow_viewport(board: Board, narrow_page: Any, artifacts: Path, which: str) -> None:
    page = narrow_page
    if which == "list":
        path = "/"
    else:
        with_photo = [r for r in board.store.board.page(1).rows if r.has_photo]
        path = f"/{(with_photo or list(board.store.board.page(1).rows))[0].number}"
    page.goto(board.url + path)
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"{path} scrolls sideways at 360px: scrollWidth={width}"
    assert page.locator(ROWS).count() > 0
    visible = page.evaluate(_VISIBLE_NUMBER_OR_VIEWS)
    assert visible == [], f"number/view cells still shown at 360px on {path}: {visible}"
    # The writer, date and views move under the title instead.
    assert page.locator(f"{ROWS} .meta-inline").first.is_visible()
    if which == "article":
        assert page.locator("h1.post-title").is_visible()
    _shot(page, artifacts, f"{which}-360")


# --- axe-core -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def axe_source() -> str:
    return _axe_source()


def _format(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['html'][:160]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.mark.parametrize(
    "which",
    [
        "list",
        "list-page-3",
        "article",
        "article-page-3",
        "article-copies",
        "story",
        "ranking",
        "trends",
        "popular",
    ],
)
def test_axe_no_serious_violations(
    board: Board, browser: Any, axe_source: str, artifacts: Path, which: str
) -> None:
    stories = board.store.stories
    with_copies = next(
        n for n in range(1, board.total + 1) if stories.post_story(n, related=0).copies
    )
    paths = {
        "list": "/",
        "list-page-3": "/?page=3",
        "article": f"/{board.store.board.page(1).rows[0].number}",
        "article-page-3": f"/{board.store.board.page(3).rows[0].number}",
        "article-copies": f"/{with_copies}",
        "story": f"/stories/{stories.story_id_of(with_copies)}",
        "ranking": "/ranking?now=2026-11-24T12:00:00%2B09:00",
        "trends": "/trends?hours=72",
        "popular": "/popular",
    }
    # The board sends `script-src 'self'`; axe is injected inline, so bypass the CSP here.
    context = browser.new_context(viewport=WIDE, locale="ko-KR", bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(board.url + paths[which])
        page.wait_for_load_state("load")
        page.add_script_tag(content=axe_source)
        result = page.evaluate("async () => await axe.run(document)")
    finally:
        context.close()
    violations = result["violations"]
    # Everything axe reported, minor ones and "needs review" included, for people to read.
    report = {
        "url": paths[which],
        "violations": violations,
        "incomplete": [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "targets": [n["target"] for n in v["nodes"]],
            }
            for v in result["incomplete"]
        ],
    }
    (artifacts / f"axe-{which}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    assert result["testEngine"]["version"] == AXE_VERSION
    bad = [v for v in violations if v["impact"] in {"serious", "critical"}]
    assert not bad, f"axe found serious/critical violations on {paths[which]}:\n" + _format(
        violations
    )
