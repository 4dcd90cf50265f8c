"""docs/architecture.md stays true to the source tree: its module table names every module."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "src" / "ranknews"
ARCHITECTURE = REPO / "docs" / "architecture.md"


def _module_rows() -> list[set[str]]:
    """The backticked names of each row of the architecture's module table."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("\n## Modules\n", 1)[1].split("\n## ", 1)[0]
    return [
        set(re.findall(r"`([^`]+)`", line)) for line in section.splitlines() if line.startswith("|")
    ]


def _listed(module: str, rows: list[set[str]]) -> bool:
    """A module is listed by its path (``store/board.py``), or as a file name in the row of its
    folder (``demo/site/`` with ``app.py``); a package's ``__init__.py`` by any of its modules."""
    folder, _, name = module.rpartition("/")
    for names in rows:
        if module in names or (folder and f"{folder}/" in names and name in names):
            return True
        if name == "__init__.py" and folder and any(n.startswith(f"{folder}/") for n in names):
            return True
    return False


def test_every_module_is_in_the_architecture_table() -> None:
    rows = _module_rows()
    modules = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py"))
    assert len(modules) > 50
    missing = [m for m in modules if m != "__init__.py" and not _listed(m, rows)]
    assert not missing, f"add these to the module table of docs/architecture.md: {missing}"


def test_the_table_names_no_module_that_is_gone() -> None:
    rows = _module_rows()
    folders = [""] + [name for names in rows for name in names if name.endswith("/")]
    named = sorted({name for names in rows for name in names if name.endswith(".py")})
    gone = [n for n in named if not any((PACKAGE / f / n).is_file() for f in folders)]
    assert not gone, f"docs/architecture.md names modules that do not exist: {gone}"
