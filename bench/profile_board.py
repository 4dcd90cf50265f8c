"""Where a board server spends its time under load: py-spy samples a real ``ranknews serve``
while wrk hammers one path, and the stacks are summed by library and by function.

    python bench/profile_board.py --data-dir bench/data/1m --path / [--cache off]
    python bench/profile_board.py --data-dir bench/data/1m --path /123456 --connections 1

Needs ``py-spy`` in the venv (``pip install py-spy``) and permission to ptrace the server.
``--raw`` keeps py-spy's collapsed stacks (large; put them under the ignored bench/data/) for
flame graphs or a look at line numbers.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import httpx

from harness import run_server

__all__ = ["main", "summarize"]

# Library of a frame, by the path of its file; first match wins.
_LIBRARIES = (
    ("ranknews/store", "ranknews.store"),
    ("ranknews/web/templates", "jinja2 templates (compiled)"),
    ("templates/", "jinja2 templates (compiled)"),
    ("ranknews/", "ranknews (other)"),
    ("sqlalchemy/", "sqlalchemy"),
    ("jinja2/", "jinja2"),
    ("markupsafe/", "jinja2"),
    ("starlette/", "starlette"),
    ("uvicorn/", "uvicorn"),
    ("h11/", "h11"),
    ("anyio/", "anyio"),
    ("asyncio/", "asyncio"),
    ("threading.py", "threads"),
    ("concurrent/", "threads"),
    ("queue.py", "threads"),
    ("selectors.py", "event loop"),
    ("json/", "json"),
    ("datetime", "datetime"),
)
# Leaf frames of threads that wait rather than work (idle pool workers, the loop's select).
_IDLE = frozenset(
    {
        ("Condition.wait", "threading.py"),
        ("Event.wait", "threading.py"),
        ("EpollSelector.select", "selectors.py"),
        ("_wait_for_tstate_lock", "threading.py"),
    }
)
_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^():]*)(?::(?P<line>\d+))?\)$")


def _library(path: str) -> str:
    for needle, name in _LIBRARIES:
        if needle in path:
            return name
    return Path(path).name or "?"


def _parse(line: str) -> tuple[list[tuple[str, str, str]], int] | None:
    """(frames as (function, file, line), sample count) of one collapsed-stack line."""
    stack, _, count = line.rstrip().rpartition(" ")
    if not stack or not count.isdigit():
        return None
    frames = []
    for raw in stack.split(";"):
        m = _FRAME.match(raw)
        frames.append(
            (m.group("func"), m.group("file"), m.group("line") or "") if m else (raw, "", "")
        )
    return frames, int(count)


def summarize(raw_stacks: str, *, top: int = 25) -> str:
    """A plain-text report: self time by library, inclusive time by function, leaf functions."""
    by_library: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    lines: Counter[str] = Counter()
    total = idle = 0
    for line in raw_stacks.splitlines():
        parsed = _parse(line)
        if parsed is None:
            continue
        frames, count = parsed
        func, path, line_no = frames[-1]
        if (func, Path(path).name) in _IDLE:
            idle += count
            continue
        total += count
        by_library[_library(path)] += count
        leaves[f"{func} ({_short(path)})"] += count
        lines[f"{func} ({_short(path)}:{line_no})"] += count
        for name in {f"{f} ({_short(p)})" for f, p, _ in frames}:
            inclusive[name] += count
    if not total:
        return "no samples\n"

    def table(title: str, counts: Counter[str]) -> list[str]:
        rows = [f"{title}", "-" * len(title)]
        rows += [f"{100 * n / total:6.1f}%  {name}" for name, n in counts.most_common(top)]
        return [*rows, ""]

    return "\n".join(
        [
            f"{total} busy samples (percentages below are of these); {idle} idle samples"
            " (waiting pool threads, the event loop in select) left out",
            "",
            *table("self time by library (leaf frame's file)", by_library),
            *table("inclusive time by function", inclusive),
            *table("self time by function", leaves),
            *table("self time by line (time in C, e.g. SQLite, lands on the calling line)", lines),
        ]
    )


def _short(path: str) -> str:
    for marker in ("site-packages/", "/src/", "/lib/python3.11/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--path", default="/", help="path to load (default /)")
    parser.add_argument("--cache", choices=["on", "off"], default="off", help="page cache")
    parser.add_argument("--duration", type=int, default=10, help="seconds of sampling (<= 60)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rate", type=int, default=250, help="py-spy samples per second")
    parser.add_argument(
        "--gil",
        action="store_true",
        help="sample only the thread holding the GIL (Python CPU time; hides time in SQLite)",
    )
    parser.add_argument("--out", type=Path, help="write the summary here")
    parser.add_argument("--raw", type=Path, help="write py-spy's collapsed stacks here")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    spy = Path(sys.executable).parent / "py-spy"
    if not spy.exists() and shutil.which("py-spy") is None:
        print("py-spy is not installed (pip install py-spy)", file=sys.stderr)
        return 2
    duration = max(1, min(args.duration, 60))
    env = {"RANKNEWS_PAGE_CACHE_SECONDS": "0"} if args.cache == "off" else {}
    with run_server(args.data_dir, extra_env=env) as server, tempfile.TemporaryDirectory() as tmp:
        url = server.base_url + args.path
        for _ in range(10):
            httpx.get(url, timeout=60).raise_for_status()
        wrk = subprocess.Popen(
            ["wrk", "-t1", f"-c{args.connections}", f"-d{duration + 2}s", url],
            stdout=subprocess.PIPE,
            text=True,
        )
        raw_file = Path(tmp) / "stacks.txt"
        command = [
            str(spy) if spy.exists() else "py-spy",
            *("record", "--pid", str(server.pid), "--duration", str(duration)),
            *("--rate", str(args.rate), "--nonblocking", "--format", "raw"),
            *("--output", str(raw_file)),
            *(["--gil"] if args.gil else []),
        ]
        try:
            subprocess.run(
                command,
                check=True,
                capture_output=True,
                timeout=duration + 60,
            )
        finally:
            wrk_out, _ = wrk.communicate(timeout=duration + 30)
        raw = raw_file.read_text()
    rps = re.search(r"Requests/sec:\s+([\d.]+)", wrk_out)
    report = (
        f"profile of {args.path} (page cache {args.cache}), {args.connections} connections,"
        f" {'GIL holder only' if args.gil else 'all threads'},"
        f" {rps.group(1) if rps else '?'} req/s under py-spy\n\n" + summarize(raw)
    )
    print(report)
    for path, text in ((args.out, report), (args.raw, raw)):
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
