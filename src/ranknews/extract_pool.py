"""Extraction and analysis of fetched pages, in the crawl's threads or in worker processes.

Both run behind one interface, :class:`Extractor`: a fetched page (bytes, its Content-Type and
address) is decoded, extracted and, when it has a title, analysed (:mod:`ranknews.analysis`)
in one call. :func:`open_extractor` picks the implementation from ``extract_processes``:

- 0: :class:`InlineExtractor` does the work in the calling crawl thread.
- more: :class:`ExtractPool` hands it to a pool of processes. Fetching waits on the network;
  extraction, MinHash and the Korean tokenizer are CPU work that holds Python's GIL, so crawl
  threads alone use one core. The crawl threads wait for the processes' results without
  holding the GIL. Processes are started with ``spawn`` (never ``fork`` from a process that
  runs threads) and load the extraction rules once each. Each process loads the tokenizer on
  its first article; the crawl process never does. MeCab's dictionary is a memory-mapped file
  the processes share; Kiwi's model is private memory in each.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Protocol

from ranknews.analysis import Analysis, Analyzer
from ranknews.extract import Extracted, RuleBook, extract, load_rules
from ranknews.fetch.charset import decode_body

__all__ = ["ExtractPool", "Extractor", "InlineExtractor", "open_extractor"]


class Extractor(Protocol):
    """Extracts and analyses fetched pages for the crawl; shared by its threads."""

    def extract_analyzed(
        self, content: bytes, content_type: str | None, url: str
    ) -> tuple[Extracted, Analysis | None]:
        """Decode and extract one page and analyse its title and text; raises what
        ``extract`` raises. The analysis is ``None`` when the page has no title or the
        analysis failed (the caller analyses the built article again, and logs what fails)."""
        ...

    def analyze(self, title: str, body: str) -> Analysis:
        """Analyse one article (see :class:`ranknews.analysis.Analyzer`)."""
        ...

    def close(self) -> None:
        """Release what the extractor holds; it is not used afterwards."""
        ...


def open_extractor(
    processes: int, *, rules: RuleBook, body_chars: int, tokenizer: str
) -> Extractor:
    """Extraction in ``processes`` worker processes, or in the calling thread when 0 (with
    ``rules`` and one :class:`~ranknews.analysis.Analyzer`)."""
    if processes > 0:
        return ExtractPool(processes, body_chars=body_chars, tokenizer=tokenizer)
    return InlineExtractor(rules, Analyzer(body_chars=body_chars, tokenizer=tokenizer))


def _extract_analyzed(
    content: bytes, content_type: str | None, url: str, rules: RuleBook | None, analyzer: Analyzer
) -> tuple[Extracted, Analysis | None]:
    text, _ = decode_body(content, content_type)
    extracted = extract(text, url, rules=rules)
    if not extracted.title:
        return extracted, None  # the article's title will come from its feed entry
    try:
        return extracted, analyzer.analyze(extracted.title, extracted.text)
    except Exception:  # the caller analyses again, and logs what fails
        return extracted, None


class InlineExtractor:
    """Extraction and analysis in the calling thread."""

    def __init__(self, rules: RuleBook, analyzer: Analyzer) -> None:
        self._rules = rules
        self._analyzer = analyzer

    def extract_analyzed(
        self, content: bytes, content_type: str | None, url: str
    ) -> tuple[Extracted, Analysis | None]:
        return _extract_analyzed(content, content_type, url, self._rules, self._analyzer)

    def analyze(self, title: str, body: str) -> Analysis:
        return self._analyzer.analyze(title, body)

    def close(self) -> None:
        """Nothing to release."""


_rules: RuleBook | None = None
_analyzer: Analyzer | None = None


def _start(body_chars: int, tokenizer: str) -> None:
    global _rules, _analyzer  # one each per worker process, set when the process starts
    _rules = load_rules()
    # The tokenizer itself loads on the first article.
    _analyzer = Analyzer(body_chars=body_chars, tokenizer=tokenizer)


def _analyze(title: str, body: str) -> Analysis:
    assert _analyzer is not None
    return _analyzer.analyze(title, body)


def _job_analyzed(
    content: bytes, content_type: str | None, url: str
) -> tuple[Extracted, Analysis | None]:
    assert _analyzer is not None
    return _extract_analyzed(content, content_type, url, _rules, _analyzer)


class ExtractPool:
    """Extraction and analysis in a pool of ``spawn``-started worker processes."""

    def __init__(
        self,
        processes: int,
        *,
        body_chars: int,
        tokenizer: str,
    ) -> None:
        self._pool = ProcessPoolExecutor(
            max_workers=processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=(body_chars, tokenizer),
        )

    def extract_analyzed(
        self, content: bytes, content_type: str | None, url: str
    ) -> tuple[Extracted, Analysis | None]:
        """One trip to a worker process (see :meth:`Extractor.extract_analyzed`)."""
        return self._pool.submit(_job_analyzed, content, content_type, url).result()

    def analyze(self, title: str, body: str) -> Analysis:
        """Analyse one article in a worker process."""
        return self._pool.submit(_analyze, title, body).result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
