"""Extraction in worker processes, for machines with more than one core.

Fetching waits on the network; extraction is CPU work that holds Python's GIL, so crawl
threads alone use one core. With ``extract_processes`` > 0 the crawl threads hand each fetched
page (bytes, its Content-Type and address) to a pool of processes that decode and extract it,
and wait for the result without holding the GIL. Processes are started with ``spawn`` (never
``fork`` from a process that runs threads) and load the extraction rules once each.

The same processes analyse the extracted articles (:mod:`ranknews.analysis`): MinHash and the
Korean tokenizer hold the GIL too, so in the crawl's threads they would share one core. Each
process loads the tokenizer on its first article; the crawl process never does. MeCab's
dictionary is a memory-mapped file the processes share; Kiwi's model is about 320 MB of
private memory in each (docs/benchmarks.md §5).
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ranknews.analysis import Analysis, Analyzer
from ranknews.extract import Extracted, RuleBook, extract, load_rules
from ranknews.fetch.charset import decode_body

__all__ = ["ExtractPool"]

_rules: RuleBook | None = None
_analyzer: Analyzer | None = None


def _start(rules_dir: str | None, body_chars: int, tokenizer: str) -> None:
    global _rules, _analyzer  # one each per worker process, set when the process starts
    _rules = load_rules(Path(rules_dir) if rules_dir else None)
    # The tokenizer itself loads on the first article.
    _analyzer = Analyzer(body_chars=body_chars, tokenizer=tokenizer)


def _analyze(title: str, body: str) -> Analysis:
    assert _analyzer is not None
    return _analyzer.analyze(title, body)


def _job_analyzed(
    content: bytes, content_type: str | None, url: str
) -> tuple[Extracted, Analysis | None]:
    text, _ = decode_body(content, content_type)
    extracted = extract(text, url, rules=_rules)
    if not extracted.title:
        return extracted, None  # the article's title will come from its feed entry
    try:
        return extracted, _analyze(extracted.title, extracted.text)
    except Exception:  # the crawl process analyses again, and logs what fails
        return extracted, None


class ExtractPool:
    def __init__(
        self,
        processes: int,
        *,
        rules_dir: Path | None = None,
        body_chars: int = 600,
        tokenizer: str = "mecab",
    ) -> None:
        self._pool = ProcessPoolExecutor(
            max_workers=processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=(str(rules_dir) if rules_dir else None, body_chars, tokenizer),
        )

    def extract_analyzed(
        self, content: bytes, content_type: str | None, url: str
    ) -> tuple[Extracted, Analysis | None]:
        """Decode and extract one page and analyse its title and text, in one trip to a worker
        process; raises what ``extract`` raises. The analysis is ``None`` when the page has no
        title or the analysis failed."""
        return self._pool.submit(_job_analyzed, content, content_type, url).result()

    def analyze(self, title: str, body: str) -> Analysis:
        """Analyse one article in a worker process (see :class:`ranknews.analysis.Analyzer`)."""
        return self._pool.submit(_analyze, title, body).result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
