"""The Nu Html Checker (vnu.jar, from the npm registry) for tests that check pages' validity."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VNU = Path(
    os.environ.get("RANKNEWS_VNU_JAR", ROOT / ".cache/npm/node_modules/vnu-jar/build/dist/vnu.jar")
)


def require(condition: bool, message: str) -> None:
    """Skip when a tool is missing, except under ``CI=true``, where that fails."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def java() -> str:
    """The JRE that runs vnu.jar; skips (fails on CI) when either is missing."""
    found = shutil.which("java")
    require(
        found is not None, "java not found: install a JRE (apt-get install default-jre-headless)"
    )
    require(VNU.is_file(), f"vnu.jar not found at {VNU}: run `bash scripts/test` to install it")
    assert found is not None
    return found


def problems(files: list[Path]) -> list[str]:
    """Every error the checker reports for these HTML files, as ``name:line: message``."""
    result = subprocess.run(
        [java(), "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
