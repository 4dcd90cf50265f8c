"""One readable function per job: refresh a source, ingest one article address, place the
posts stored before stories in stories.

The stages (fetch, sources, extract, store) do not know each other; this module composes them.
Every job reads top to bottom: fetch -> parse -> decide what is new -> fetch and extract each
new article -> store it -> record how the source did and when to come back.
"""

from __future__ import annotations

import itertools
import logging
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from ranknews.analysis import Analysis, Analyzer
from ranknews.errors import ExtractionError, FetchError, ParseError, RanknewsError, RetryLater
from ranknews.extract import Extracted, RuleBook
from ranknews.extract_pool import Extractor, open_extractor
from ranknews.fetch import Fetcher, FetchResult
from ranknews.models import Article, Outlet, Section, Source
from ranknews.sections import DEFAULT_SECTIONS, section_for_name
from ranknews.settings import Settings
from ranknews.sources import Entry, ParsedSource, parse_source
from ranknews.store import Store, StoredArticle
from ranknews.urls import url_key

__all__ = [
    "MAX_ENTRIES_PER_REFRESH",
    "Crawler",
    "RefreshReport",
    "backfill_stories",
    "build_article",
    "fetch_analyzed",
    "ingest_url",
    "next_interval",
    "refresh_source",
    "refresh_sources",
]

log = logging.getLogger(__name__)

MAX_ENTRIES_PER_REFRESH = 200
MAX_CHILD_SITEMAPS = 20
# Articles ready together are stored in one transaction (one commit), at most this many.
STORE_GROUP = 32
# Pages fetched ahead of storing, per crawl thread (at least two groups): a few megabytes
# of extracted articles at most, and the writer always has a group ready.
AHEAD_PER_THREAD = 16


@dataclass
class Crawler:
    """What the jobs need, wired once and passed explicitly."""

    settings: Settings
    store: Store
    fetcher: Fetcher
    rules: RuleBook
    now: Callable[[], datetime]
    pool: ThreadPoolExecutor = field(init=False)
    extractor: Extractor = field(init=False)

    def __post_init__(self) -> None:
        self.pool = ThreadPoolExecutor(
            max_workers=self.settings.crawl_concurrency, thread_name_prefix="ranknews-crawl"
        )
        self.extractor = open_extractor(
            self.settings.extract_processes,
            rules=self.rules,
            body_chars=self.settings.keyword_body_chars,
            tokenizer=self.settings.tokenizer,
        )

    def extract_analyzed(self, result: FetchResult) -> tuple[Extracted, Analysis | None]:
        """Extract a fetched page and analyse it in the same call (in the crawl thread, or in
        one trip to an extraction process); the analysis is ``None`` when the page has no
        title or the analysis failed."""
        return self.extractor.extract_analyzed(
            result.content, result.content_type_header, result.url
        )

    def analyze(self, article: Article) -> Analysis | None:
        """Copy fingerprint, story keywords and trend nouns; ``None`` (the article is stored
        as a plain post) if the analysis fails."""
        try:
            return self.extractor.analyze(article.title, article.body_text)
        except Exception:
            log.exception("analysis failed url=%s; stored without story", article.url)
            return None

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=False)
        self.extractor.close()


@dataclass(frozen=True, slots=True)
class RefreshReport:
    source_id: int
    url: str
    status: str  # ok | not_modified | failed
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: tuple[str, ...] = ()


# one article --------------------------------------------------------------------------------
def ingest_url(
    crawler: Crawler,
    url: str,
    *,
    entry: Entry | None = None,
    section: str | None = None,
    source_title: str = "",
) -> StoredArticle:
    """Fetch one article page, extract it and store it (insert or update, one transaction)."""
    article, analysis = fetch_analyzed(
        crawler, url, entry=entry, section=section, source_title=source_title
    )
    return crawler.store.content.save_article(
        article, now=crawler.now(), writer=crawler.settings.writer_name, analysis=analysis
    )


def fetch_analyzed(
    crawler: Crawler,
    url: str,
    *,
    entry: Entry | None = None,
    section: str | None = None,
    source_title: str = "",
) -> tuple[Article, Analysis | None]:
    """Fetch one article page (robots.txt obeyed), extract and analyse it; nothing is stored.
    The analysis is ``None`` if it failed. The page is extracted and analysed in one call to
    the crawler's extractor; the built article is analysed again when that gave no analysis
    or the article's title or body is not what was analysed (a title from the feed entry)."""
    result = crawler.fetcher.fetch(url, check_robots=True)
    extracted, analysis = crawler.extract_analyzed(result)
    article = build_article(
        extracted,
        fetched_url=result.url,
        entry=entry,
        section=section,
        source_title=source_title,
        now=crawler.now(),
    )
    if analysis is None or (article.title, article.body_text) != (extracted.title, extracted.text):
        analysis = crawler.analyze(article)  # what is stored differs from what was analysed
    return article, analysis


def build_article(
    extracted: Extracted,
    *,
    fetched_url: str,
    entry: Entry | None,
    section: str | None,
    source_title: str,
    now: datetime,
) -> Article:
    """The article to store: what the page says, completed by what the feed said."""
    outlet_name = extracted.outlet or source_title or urlsplit(fetched_url).hostname or "?"
    return Article(
        canonical_url=extracted.canonical_url or fetched_url,
        url=fetched_url,
        guid=entry.guid if entry is not None else "",
        title=extracted.title or (entry.title if entry is not None else ""),
        labels=extracted.labels,
        outlet=Outlet(slug=_slug(outlet_name), name=outlet_name),
        section=_section(section, extracted.section or (entry.section if entry else "")),
        body_html=extracted.html,
        body_text=extracted.text,
        byline=extracted.byline,
        authors=extracted.authors,
        published=extracted.published or (entry.published if entry else None) or now,
        updated=extracted.updated or (entry.updated if entry else None),
        photos=extracted.images,
    )


def _slug(name: str) -> str:
    return "-".join(unicodedata.normalize("NFC", name).lower().split())


def _section(slug: str | None, name: str) -> Section | None:
    if slug is not None:
        for section in DEFAULT_SECTIONS:
            if section.slug == slug:
                return section
    if not name:
        return None
    found = section_for_name(name)
    if found is not None:
        return found
    for section in DEFAULT_SECTIONS:  # "정치일반", "국제 > 아시아" and the like
        if section.name in name:
            return section
    return None


# stories of older posts ---------------------------------------------------------------------
def backfill_stories(store: Store, analyzer: Analyzer, limit: int) -> tuple[int, bool]:
    """Analyse up to ``limit`` posts that have no story yet (stored before stories, or without
    an analysis), oldest first, and place them in stories; never turns a post into a wire
    copy. Returns how many were placed and whether such posts are left."""
    placed = 0
    for number, title, body in store.content.unplaced(limit):
        if store.content.place(number, analyzer.analyze(title, body)) is not None:
            placed += 1
    return placed, bool(store.content.unplaced(1))


# sources ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Page:
    """The source is an article page (or an ``auto`` source whose address holds no feed)."""


@dataclass(frozen=True, slots=True)
class _NotModified:
    """The feed or sitemap has not changed since it was last fetched."""


@dataclass(frozen=True, slots=True)
class _Feed:
    """A feed or sitemap, fetched and read."""

    result: FetchResult
    parsed: ParsedSource


@dataclass(frozen=True, slots=True)
class _Failed:
    """The source could not be fetched or read; the failure is already recorded on it."""

    report: RefreshReport


_Fetched = _Page | _NotModified | _Feed  # what a source's fetch brought
_Prepared = tuple[Article, Analysis | None]  # an article fetched, extracted and analysed


@dataclass
class _Gathered:
    """One source's fetch, before anything is stored."""

    source: Source
    now: datetime
    fetched: _Fetched | _Failed
    entries: list[Entry] = field(default_factory=list)
    todo: list[Entry] = field(default_factory=list)  # new or updated: to fetch and store
    ready: list[_Prepared] = field(default_factory=list)  # a page source's article
    errors: list[str] = field(default_factory=list)
    unchanged: int = 0
    new: int = 0
    updated: int = 0


def refresh_source(crawler: Crawler, source: Source) -> RefreshReport:
    """Fetch one source and store whatever it has that is new or changed."""
    return refresh_sources(crawler, [source])[0]


def refresh_sources(crawler: Crawler, sources: Sequence[Source]) -> list[RefreshReport]:
    """Fetch these sources and store what they have that is new or changed.

    First every source's feed is fetched and read, and its new or updated entries listed. Then
    the entries of all the sources are fetched, extracted and analysed in parallel, oldest
    first by the time their feed gives, and each is stored as soon as it and every older one
    are ready: storing (one writer) overlaps the fetching and extraction of the next ones, and
    board numbers follow publication order across outlets. The articles already ready when
    storing comes to them (at most :data:`STORE_GROUP`) are stored in one transaction. Then
    each source's outcome is recorded.

    A broken source is recorded on that source (error count, backoff, disabled after
    ``max_consecutive_failures``) and never stops the others. A source's ETag is kept only
    when every new entry was stored, so an interrupted pass is simply redone.
    """
    gathered = [_gather(crawler, source) for source in sources]
    work: list[tuple[datetime, int, _Gathered, Entry | _Prepared]] = []
    for g in gathered:
        if isinstance(g.fetched, _Failed):
            continue
        work += [(a.published, len(work), g, (a, analysis)) for a, analysis in g.ready]
        work += [(_entry_time(e), len(work), g, e) for e in g.todo]
    work.sort(key=lambda item: (item[0], item[1]))

    def prepare(item: Entry | _Prepared, g: _Gathered) -> _Prepared | str:
        if not isinstance(item, Entry):
            return item  # a page source's article, fetched while reading the source
        try:
            return fetch_analyzed(
                crawler,
                item.url,
                entry=item,
                section=g.source.section_slug,
                source_title=g.source.title,
            )
        except (FetchError, ExtractionError) as exc:
            log.warning("article skipped url=%s error=%s", item.url, exc)
            return f"{item.url}: {exc}"

    # At most `ahead` pages fetched or being fetched beyond the next one to store: when storing
    # falls behind, fetching waits rather than holding every article of the batch in memory.
    ahead = max(2 * STORE_GROUP, AHEAD_PER_THREAD * crawler.settings.crawl_concurrency)
    queued: deque[tuple[_Gathered, Future[_Prepared | str]]] = deque()
    todo = iter(work)
    try:
        while True:
            for _, _, g, item in itertools.islice(todo, ahead - len(queued)):
                queued.append((g, crawler.pool.submit(prepare, item, g)))
            if not queued:
                break
            queued[0][1].result()  # the oldest not stored yet, and the ready ones after it
            group: list[tuple[_Gathered, _Prepared]] = []
            taken = 0
            while queued and taken < STORE_GROUP and queued[0][1].done():
                g, future = queued.popleft()
                taken += 1
                outcome = future.result()
                if isinstance(outcome, str):
                    g.errors.append(outcome)
                else:
                    group.append((g, outcome))
            if group:
                stored = crawler.store.content.save_articles(
                    [prepared for _, prepared in group],
                    now=crawler.now(),
                    writer=crawler.settings.writer_name,
                )
                for (g, _), one in zip(group, stored, strict=True):
                    g.new += one.created
                    g.updated += not one.created
    finally:
        for _, future in queued:
            future.cancel()  # after a failure to store: nothing more is fetched
    return [
        g.fetched.report
        if isinstance(g.fetched, _Failed)
        else _record_success(crawler, g, g.fetched)
        for g in gathered
    ]


def _entry_time(entry: Entry) -> datetime:
    return entry.published or entry.updated or _EPOCH


def _gather(crawler: Crawler, source: Source) -> _Gathered:
    """Fetch and read one source, and list its entries that are new or updated."""
    now = crawler.now()
    try:
        g = _fetch_source(crawler, source, now)
    except RanknewsError as exc:
        return _Gathered(source, now, _Failed(_failed(crawler, source, now, exc)))
    if not isinstance(g.fetched, _Feed):
        return g
    known = crawler.store.content.known([e.url for e in g.entries], [e.guid for e in g.entries])
    for entry in g.entries:
        seen = known.get(url_key(entry.url)) or known.get(entry.guid)
        if seen is not None and (entry.updated is None or entry.updated <= seen):
            g.unchanged += 1
        else:
            g.todo.append(entry)
    return g


def _fetch_source(crawler: Crawler, source: Source, now: datetime) -> _Gathered:
    """A page source's article, or a feed's or sitemap's entries (none when not modified)."""
    if source.kind == "page":
        return _Gathered(source, now, _Page(), ready=[_page_article(crawler, source)])
    result = crawler.fetcher.fetch(source.url, etag=source.etag, last_modified=source.last_modified)
    if result.not_modified:
        return _Gathered(source, now, _NotModified())
    try:
        parsed = parse_source(result.content, result.url, result.content_type)
    except ParseError:
        if source.kind != "auto":
            raise
        # An article, not a feed.
        return _Gathered(source, now, _Page(), ready=[_page_article(crawler, source)])
    return _Gathered(source, now, _Feed(result, parsed), entries=_entries(crawler, parsed))


def _page_article(crawler: Crawler, source: Source) -> _Prepared:
    return fetch_analyzed(
        crawler, source.url, section=source.section_slug, source_title=source.title
    )


def _entries(crawler: Crawler, parsed: ParsedSource) -> list[Entry]:
    entries = list(parsed.entries)
    for child in parsed.sitemaps[:MAX_CHILD_SITEMAPS]:
        try:
            fetched = crawler.fetcher.fetch(child)
            entries.extend(parse_source(fetched.content, fetched.url, fetched.content_type).entries)
        except RanknewsError as exc:
            log.warning("child sitemap skipped url=%s error=%s", child, exc)
    entries.sort(key=_entry_time, reverse=True)
    return entries[:MAX_ENTRIES_PER_REFRESH]


def _record_success(crawler: Crawler, g: _Gathered, fetched: _Fetched) -> RefreshReport:
    """Record how the source did and when to fetch it next; a page is fetched again at the
    longest interval, an unchanged feed at the same one, a read feed at its rhythm's."""
    source, settings = g.source, crawler.settings
    title = source.title
    match fetched:
        case _Page():
            interval, kind = settings.max_interval_minutes, "page"
            etag = last_modified = None
        case _NotModified():
            interval, kind = source.interval_minutes, source.kind
            etag, last_modified = source.etag, source.last_modified
        case _Feed(result=result, parsed=parsed):
            interval = next_interval(source, g.entries, g.new, settings)
            kind = parsed.kind
            complete = not g.errors  # else the next fetch is unconditional, and redoes this one
            etag = result.etag if complete else None
            last_modified = result.last_modified if complete else None
            title = title or parsed.title
    crawler.store.sources.record_success(
        source.id,
        now=g.now,
        next_fetch_at=g.now + timedelta(minutes=interval),
        interval_minutes=interval,
        etag=etag,
        last_modified=last_modified,
        kind=kind,
        title=title,
        new_articles=g.new,
    )
    status = "not_modified" if isinstance(fetched, _NotModified) else "ok"
    return RefreshReport(
        source.id,
        source.url,
        status,
        new=g.new,
        updated=g.updated,
        unchanged=g.unchanged,
        failed=len(g.errors),
        errors=tuple(g.errors),
    )


def _failed(crawler: Crawler, source: Source, now: datetime, exc: Exception) -> RefreshReport:
    settings = crawler.settings
    backoff = source.interval_minutes * 2 ** min(source.consecutive_errors, 6)
    minutes = min(settings.max_interval_minutes, max(settings.min_interval_minutes, backoff))
    if isinstance(exc, RetryLater):
        minutes = max(minutes, exc.retry_after / 60)
    message = f"{type(exc).__name__}: {exc}"
    after = crawler.store.sources.record_failure(
        source.id,
        now=now,
        error=message,
        next_fetch_at=now + timedelta(minutes=minutes),
        max_failures=settings.max_consecutive_failures,
    )
    log.warning(
        "source failed source_id=%d url=%s errors=%d status=%s error=%s",
        source.id,
        source.url,
        after.consecutive_errors,
        after.status,
        message,
    )
    return RefreshReport(source.id, source.url, "failed", errors=(message,))


_EPOCH = datetime.fromisoformat("1970-01-01T00:00:00+00:00")


def next_interval(source: Source, entries: Iterable[Entry], new: int, settings: Settings) -> int:
    """Minutes until the next fetch, adapted to how often the source publishes.

    Half the mean gap between its ten newest entries, so that a source publishing every
    20 minutes is read every 10; when a fetch brings nothing new the interval grows by half.
    Always within ``min_interval_minutes`` .. ``max_interval_minutes``.
    """
    times = sorted((e.published for e in entries if e.published is not None), reverse=True)[:10]
    if len(times) >= 2:
        gap = (times[0] - times[-1]).total_seconds() / 60 / (len(times) - 1)
        minutes = gap / 2
    else:
        minutes = float(source.interval_minutes or settings.default_interval_minutes)
    if new == 0:
        minutes = max(minutes, source.interval_minutes * 1.5)
    return int(min(settings.max_interval_minutes, max(settings.min_interval_minutes, minutes)))
