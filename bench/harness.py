"""Pieces shared by the HTTP benchmarks: a real ``ranknews serve`` process, sequential latency
sampling with httpx, bounded wrk runs and the server's memory from /proc.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

from ranknews.threads import free_port

__all__ = [
    "Latency",
    "Server",
    "WrkResult",
    "measure_latency",
    "memory",
    "run_server",
    "run_wrk",
]


@dataclass(frozen=True)
class Server:
    pid: int
    base_url: str
    env: Mapping[str, str]


def variant_suffix(corpus: str, tokenizer: str) -> str:
    """What a result file's name adds for a corpus or tokenizer other than the defaults
    (``events`` and ``mecab``): ``-templates``, ``-kiwi``."""
    return "".join(
        f"-{value}"
        for value, default in ((corpus, "events"), (tokenizer, "mecab"))
        if value != default
    )


def _ranknews_command() -> list[str]:
    script = Path(sys.executable).parent / "ranknews"
    if script.exists():
        return [str(script)]
    found = shutil.which("ranknews")
    return [found] if found else [sys.executable, "-m", "ranknews"]


@contextmanager
def run_server(
    data_dir: Path, *, extra_env: Mapping[str, str] | None = None, start_timeout: float = 60.0
) -> Iterator[Server]:
    """Start ``ranknews serve`` on a free loopback port, wait for /healthz, stop it after."""
    port = free_port("127.0.0.1")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RANKNEWS_")}
    env["RANKNEWS_DATA_DIR"] = str(data_dir.resolve())
    env.update(extra_env or {})
    command = [
        *_ranknews_command(),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"ranknews serve exited with {proc.returncode}")
            try:
                if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"ranknews serve not healthy after {start_timeout:.0f}s")
            time.sleep(0.2)
        yield Server(pid=proc.pid, base_url=base_url, env=extra_env or {})
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


@dataclass(frozen=True)
class Latency:
    """Milliseconds over ``n`` sequential requests."""

    n: int
    p50: float
    p95: float
    mean: float
    min: float
    max: float
    bytes: int

    def as_dict(self) -> dict[str, Any]:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}


def _percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    index = max(0, min(len(sorted_values) - 1, round(q * len(sorted_values)) - 1))
    return sorted_values[index]


def measure_latency(
    client: httpx.Client, paths: Iterable[str], *, warmup: Iterable[str] = ()
) -> Latency:
    """Request ``warmup`` untimed, then each of ``paths`` in turn, one at a time."""
    for path in warmup:
        client.get(path).raise_for_status()
    timings: list[float] = []
    size = 0
    for path in paths:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
        response.raise_for_status()
        timings.append(elapsed * 1000)
        size = len(response.content)
    timings.sort()
    return Latency(
        n=len(timings),
        p50=_percentile(timings, 0.50),
        p95=_percentile(timings, 0.95),
        mean=statistics.fmean(timings),
        min=timings[0],
        max=timings[-1],
        bytes=size,
    )


@dataclass(frozen=True)
class WrkResult:
    url: str
    connections: int
    duration_s: int
    requests: int
    requests_per_s: float
    latency_p50_ms: float | None
    latency_p99_ms: float | None
    errors: int
    non_2xx: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS_MS[unit]


def run_wrk(url: str, *, connections: int, duration: int, threads: int = 2) -> WrkResult:
    """One bounded wrk run (``-d`` seconds; killed after ``duration + 30`` seconds at most)."""
    command = [
        "wrk",
        f"-t{min(threads, connections)}",  # wrk needs a connection per thread
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "--latency",
        url,
    ]
    out = subprocess.run(
        command, capture_output=True, text=True, timeout=duration + 30, check=True
    ).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    if rps is None or total is None:
        raise RuntimeError(f"cannot read wrk output:\n{out}")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    return WrkResult(
        url=url,
        connections=connections,
        duration_s=duration,
        requests=int(total.group(1)),
        requests_per_s=float(rps.group(1)),
        latency_p50_ms=_ms(p50.group(1)) if p50 else None,
        latency_p99_ms=_ms(p99.group(1)) if p99 else None,
        errors=errors,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
    )


def memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of ``pid`` in bytes, and its thread count."""
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in {"VmRSS", "VmHWM"}:
            fields[key] = int(value.split()[0]) * 1024
        elif key == "Threads":
            fields[key] = int(value)
    return fields
