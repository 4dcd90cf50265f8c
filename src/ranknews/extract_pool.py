"""Extraction in worker processes, for machines with more than one core.

Fetching waits on the network; extraction is CPU work that holds Python's GIL, so crawl
threads alone use one core. With ``extract_processes`` > 0 the crawl threads hand each fetched
page (bytes, its Content-Type and address) to a pool of processes that decode and extract it,
and wait for the result without holding the GIL. Processes are started with ``spawn`` (never
``fork`` from a process that runs threads) and load the extraction rules once each.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ranknews.extract import Extracted, RuleBook, extract, load_rules
from ranknews.fetch.charset import decode_body

__all__ = ["ExtractPool"]

_rules: RuleBook | None = None


def _start(rules_dir: str | None) -> None:
    global _rules  # one per worker process, set when the process starts
    _rules = load_rules(Path(rules_dir) if rules_dir else None)


def _job(content: bytes, content_type: str | None, url: str) -> Extracted:
    text, _ = decode_body(content, content_type)
    return extract(text, url, rules=_rules)


class ExtractPool:
    def __init__(self, processes: int, *, rules_dir: Path | None = None) -> None:
        self._pool = ProcessPoolExecutor(
            max_workers=processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=(str(rules_dir) if rules_dir else None,),
        )

    def extract(self, content: bytes, content_type: str | None, url: str) -> Extracted:
        """Decode and extract one page in a worker process; raises what ``extract`` raises."""
        return self._pool.submit(_job, content, content_type, url).result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
