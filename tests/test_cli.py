"""The ``ranknews`` command, run as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ranknews.cli import main
from ranknews.settings import Settings
from ranknews.store import open_store
from ranknews.threads import free_port


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RANKNEWS_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "ranknews", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_migrate_reports_the_version(tmp_path: Path) -> None:
    first = run("migrate", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "schema at version 2; applied now: [1, 2]" in first.stdout
    again = run("migrate", data_dir=tmp_path)
    assert "applied now: none" in again.stdout


def test_settings_lists_every_setting(tmp_path: Path) -> None:
    out = run("settings", "--log-level", "warning", data_dir=tmp_path)
    assert out.returncode == 0
    assert f"data_dir = {tmp_path}" in out.stdout
    assert "log_level = warning" in out.stdout


def test_a_bad_setting_is_a_clear_error(tmp_path: Path) -> None:
    env_run = subprocess.run(
        [sys.executable, "-m", "ranknews", "migrate"],
        capture_output=True,
        text=True,
        env={**os.environ, "RANKNEWS_DATA_DIR": str(tmp_path), "RANKNEWS_PORT": "x"},
        timeout=60,
        check=False,
    )
    assert env_run.returncode == 2
    assert "ranknews: error: setting port: cannot read 'x' as int" in env_run.stderr
    assert "Traceback" not in env_run.stderr


def test_demo_loads_the_bundled_site_and_commands_share_the_board(tmp_path: Path) -> None:
    port = str(free_port("127.0.0.1"))  # article URLs include the site's port: keep it
    out = run("demo", "--no-serve", "--site-port", port, data_dir=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "articles" in out.stdout
    settings = Settings.load(environ={}, overrides={"data_dir": tmp_path})
    store = open_store(settings)
    try:
        total = store.board.count()
        assert total >= 20
        assert main(["post", "notice", "1", "--data-dir", str(tmp_path)]) == 0
        assert [r.number for r in store.board.page(1).notices] == [1]
        # Loading again updates in place: same numbers, nothing new.
        again = run("demo", "--no-serve", "--site-port", port, data_dir=tmp_path)
        assert "(0 new posts)" in again.stdout
        assert store.board.count() == total
    finally:
        store.close()


def test_post_on_a_missing_number_is_an_error(tmp_path: Path) -> None:
    assert main(["post", "hide", "5", "--data-dir", str(tmp_path)]) == 2
