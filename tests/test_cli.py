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
    assert "schema at version 5; applied now: [1, 2, 3, 4, 5]" in first.stdout
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


def test_demo_crawls_the_bundled_site_and_commands_share_the_board(tmp_path: Path) -> None:
    port = str(free_port("127.0.0.1"))  # article URLs include the site's port: keep it
    out = run("demo", "--no-serve", "--site-port", port, data_dir=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "6 sources, 72 new articles, 0 failed sources" in out.stdout
    settings = Settings.load(environ={}, overrides={"data_dir": tmp_path})
    store = open_store(settings)
    try:
        total = store.board.count()
        assert total >= 20
        assert main(["post", "notice", "1", "--data-dir", str(tmp_path)]) == 0
        assert [r.number for r in store.board.page(1).notices] == [1]
        # Crawling again asks with ETags, gets 304s and adds nothing.
        again = run("demo", "--no-serve", "--site-port", port, data_dir=tmp_path)
        assert "6 sources, 0 new articles, 0 failed sources" in again.stdout
        assert again.stdout.count("not modified") == 6
        assert store.board.count() == total
    finally:
        store.close()


def test_post_on_a_missing_number_is_an_error(tmp_path: Path) -> None:
    assert main(["post", "hide", "5", "--data-dir", str(tmp_path)]) == 2


def test_source_commands_round_trip_through_opml(tmp_path: Path) -> None:
    data = tmp_path / "board"
    added = run("source", "add", "https://hanbit.example/rss.xml", "--title", "한빛일보",
                data_dir=data)  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "added source 1: https://hanbit.example/rss.xml" in added.stdout
    duplicate = run("source", "add", "https://hanbit.example/rss.xml", data_dir=data)
    assert duplicate.returncode == 2
    assert "source already added" in duplicate.stderr
    bad = run("source", "add", "ftp://hanbit.example/rss.xml", data_dir=data)
    assert bad.returncode == 2
    assert "must start with http" in bad.stderr
    assert run("source", "add", "https://nuri.example/feed", data_dir=data).returncode == 0
    listing = run("source", "list", data_dir=data)
    assert "https://nuri.example/feed" in listing.stdout
    assert "active" in listing.stdout

    opml = tmp_path / "sources.opml"
    assert run("opml", "export", str(opml), data_dir=data).returncode == 0
    assert "한빛일보" in opml.read_text("utf-8")
    other = tmp_path / "other"
    imported = run("opml", "import", str(opml), data_dir=other)
    assert "2 sources added, 0 already present or invalid" in imported.stdout
    assert run("source", "remove", "1", data_dir=other).returncode == 0
    assert "hanbit" not in run("source", "list", data_dir=other).stdout
    missing = run("source", "remove", "99", data_dir=other)
    assert missing.returncode == 2
    assert "no source 99" in missing.stderr


def test_a_blocked_source_fails_without_stopping_the_crawl(tmp_path: Path) -> None:
    # 10.0.0.1 is a private address the fetcher refuses: no connection is attempted.
    assert run("source", "add", "http://10.0.0.1/rss.xml", data_dir=tmp_path).returncode == 0
    crawl = run("crawl", "--all", data_dir=tmp_path)
    assert crawl.returncode == 0, crawl.stderr
    assert "1 sources, 0 new articles, 1 failed sources" in crawl.stdout
    assert "BlockedAddress" in run("source", "list", data_dir=tmp_path).stdout


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extract"
CONTRACT = {
    "title", "labels", "text", "html", "authors", "published", "updated", "outlet", "section",
    "canonical_url", "images",
}  # fmt: skip


def _extract(case: str, tmp_path: Path) -> dict[str, object]:
    import json

    meta = json.loads((FIXTURES / f"{case}.meta.json").read_text("utf-8"))
    out = run("extract", str(FIXTURES / f"{case}.html"), "--url", meta["url"], "--json",
              data_dir=tmp_path)  # fmt: skip
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert set(result) == CONTRACT
    expected = json.loads((FIXTURES / f"{case}.expected.json").read_text("utf-8"))
    for key in ("title", "labels", "authors", "published", "outlet", "canonical_url"):
        assert result[key] == expected[key], key
    return dict(result)


def test_extract_honours_the_contract_on_a_script_json_only_page(tmp_path: Path) -> None:
    result = _extract("byeolbit-nextjs", tmp_path)
    assert isinstance(result["text"], str)
    assert len(result["text"]) > 200
    assert "<script" not in str(result["html"])
    assert str(result["published"]).endswith("+09:00")


def test_extract_reads_an_euc_kr_page_saved_without_a_charset(tmp_path: Path) -> None:
    result = _extract("garam-euckr-table", tmp_path)
    assert "\ufffd" not in str(result["text"])
    images = result["images"]
    assert isinstance(images, list)
    assert all(set(image) == {"url", "caption", "credit"} for image in images)


def test_extract_of_a_missing_file_or_a_non_article_is_a_clear_error(tmp_path: Path) -> None:
    missing = run("extract", str(tmp_path / "nope.html"), "--json", data_dir=tmp_path)
    assert missing.returncode == 2
    assert "no such file" in missing.stderr
    empty = tmp_path / "login.html"
    empty.write_text("<html><body><form><input name=id><input type=password></form></body></html>")
    refused = run("extract", str(empty), "--json", data_dir=tmp_path)
    assert refused.returncode == 2
    assert "ranknews: error:" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_worker_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    import signal
    import time

    env = {**os.environ, "RANKNEWS_DATA_DIR": str(tmp_path)}
    worker = subprocess.Popen(
        [sys.executable, "-m", "ranknews", "worker"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Wait until it runs (imports take seconds on a busy machine), then stop it.
    assert worker.stderr is not None
    started = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = worker.stderr.readline()
        started.append(line)
        if "worker started" in line or not line:
            break
    assert "worker started" in started[-1], "".join(started)
    worker.send_signal(signal.SIGTERM)
    _, err = worker.communicate(timeout=60)
    assert worker.returncode == 0, err
    assert "worker stopped" in err
