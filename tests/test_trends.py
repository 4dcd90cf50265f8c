"""Trends: pure scoring, sparklines, the hourly counts on both databases and the /trends page."""

from __future__ import annotations

import random
import re
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

import htmlcheck
from conftest import NOW, make_article
from ranknews.settings import Settings
from ranknews.store import Store
from ranknews.trends import (
    CHOICES,
    MIN_DOCS,
    PRIOR,
    WindowChoice,
    as_of,
    floor_hour,
    read_at,
    rising,
    rising_from,
    score,
    totals,
    window_choice,
    windows,
    with_series,
)
from ranknews.web import create_app
from ranknews.web.sparkline import sparkline
from ranknews.web.trends import search_href

HOUR = timedelta(hours=1)
# NOW is 06:00 UTC; the tests use a moment inside that hour to show that minutes do not matter.
T = NOW + timedelta(minutes=25)

Counts = dict[str, dict[datetime, int]]


def add(counts: Counts, term: str, moment: datetime, docs: int = 1) -> None:
    hour = floor_hour(moment)
    counts.setdefault(term, {})
    counts[term][hour] = counts[term].get(hour, 0) + docs


def steady(counts: Counts, term: str, hours: int, now: datetime = T) -> None:
    """One article an hour for ``hours`` hours up to the hour of ``now``."""
    for h in range(hours):
        add(counts, term, now - h * HOUR)


def sample() -> Counts:
    counts: Counts = {}
    steady(counts, "날씨", 24 * 8)  # one an hour, in baseline and window alike
    for h in range(12):  # new: twelve in the window, none before
        add(counts, "딥시크", T - h * HOUR)
    for d in range(1, 8):  # one a day in the baseline, ten in the window
        add(counts, "반도체", T - timedelta(days=d, hours=1))
    for h in range(10):
        add(counts, "반도체", T - h * HOUR)
    add(counts, "한번", T)  # a single mention
    return counts


# -- pure scoring -----------------------------------------------------------------------------


def test_rising_and_new_terms_trend_and_steady_ones_do_not() -> None:
    report = rising(sample(), now=T, window_hours=24, baseline_days=7)
    terms = [t.term for t in report.trends]
    assert terms == ["딥시크", "반도체"]
    new, chip = report.trends
    assert (new.rank, new.recent, new.baseline, new.is_new) == (1, 12, 0, True)
    assert new.ratio == pytest.approx((12 + PRIOR) / PRIOR)
    assert new.z == pytest.approx(12.0)
    # 7 articles over 168 baseline hours: expected 1 in 24 hours.
    assert (chip.rank, chip.recent, chip.baseline, chip.is_new) == (2, 10, 7, False)
    assert chip.expected == pytest.approx(1.0)
    assert chip.ratio == pytest.approx((10 + PRIOR) / (1 + PRIOR))
    assert chip.z == pytest.approx((10 - 1) / 2**0.5)
    assert report.baseline_hours == 7 * 24


def test_steady_term_has_ratio_one_and_is_left_out() -> None:
    counts: Counts = {}
    steady(counts, "날씨", 24 * 8)
    assert rising(counts, now=T, window_hours=24, baseline_days=7).trends == ()
    everything = rising(counts, now=T, window_hours=24, baseline_days=7, min_ratio=0)
    (weather,) = everything.trends
    assert (weather.recent, weather.baseline) == (24, 168)
    assert weather.ratio == pytest.approx(1.0)
    assert weather.z == pytest.approx(0.0)


def test_a_few_mentions_never_trend() -> None:
    counts: Counts = {}
    for n, term in enumerate(("하나", "둘", "셋"), start=1):
        for i in range(n):
            add(counts, term, T - i * HOUR)
    report = rising(counts, now=T, window_hours=24, baseline_days=7)
    assert MIN_DOCS == 3
    assert [t.term for t in report.trends] == ["셋"]
    # several articles in one hour count like several hours
    burst: Counts = {"속보": {floor_hour(T): 2}}
    assert rising(burst, now=T, window_hours=24, baseline_days=7).trends == ()
    burst["속보"][floor_hour(T)] = 3
    assert [t.term for t in rising(burst, now=T, window_hours=24, baseline_days=7).trends] == [
        "속보"
    ]


def test_ties_are_broken_by_count_then_term() -> None:
    counts: Counts = {}
    for term in ("하마", "가지", "나비"):
        for i in range(3):
            add(counts, term, T - i * HOUR)
    # recent 9 against expected 3 rises (9+3)/(3+3) = 2.0, like 3 new articles (3+3)/3.
    for i in range(9):
        add(counts, "반도체", T - i * HOUR)
    for d in range(21):
        add(counts, "반도체", T - timedelta(days=1 + d % 7, hours=1 + d))
    report = rising(counts, now=T, window_hours=24, baseline_days=7)
    assert [t.term for t in report.trends] == ["반도체", "가지", "나비", "하마"]
    assert [t.ratio for t in report.trends] == [2.0] * 4
    assert [t.rank for t in report.trends] == [1, 2, 3, 4]


def test_result_is_a_function_of_data_and_now_only() -> None:
    counts = sample()
    first = rising(counts, now=T, window_hours=24, baseline_days=7)
    items = list(counts.items())
    random.Random(7).shuffle(items)
    shuffled = {term: dict(reversed(list(hours.items()))) for term, hours in items}
    assert rising(shuffled, now=T, window_hours=24, baseline_days=7) == first
    # any moment inside the same hour gives the same report
    assert rising(counts, now=NOW + timedelta(minutes=59), window_hours=24, baseline_days=7) == (
        first
    )
    # the same data a day later, read a day later, gives the same trends
    later = {t: {h + timedelta(days=1): n for h, n in hours.items()} for t, hours in counts.items()}
    moved = rising(later, now=T + timedelta(days=1), window_hours=24, baseline_days=7)
    assert moved.trends == first.trends
    # but read a day later without new data, the window holds nothing
    assert rising(counts, now=T + timedelta(days=1), window_hours=24, baseline_days=7).trends == ()


def test_window_edges() -> None:
    w = windows(T, 24, 7)
    assert w.end == NOW + HOUR  # the current hour belongs to the window
    assert w.window_start == NOW - 23 * HOUR
    assert w.baseline_start == w.window_start - timedelta(days=7)
    counts: Counts = {
        "경계": {w.window_start: 3, w.window_start - HOUR: 7 * 24, w.end: 50},
    }
    (t,) = rising(counts, now=T, window_hours=24, baseline_days=7, min_ratio=0).trends
    assert (t.recent, t.baseline) == (3, 168)  # the hour after `end` (the future) is ignored


def test_young_board_baseline_is_cut_to_its_history() -> None:
    counts: Counts = {}
    steady(counts, "날씨", 24 * 3)  # the board is three days old: two days of baseline
    diluted = rising(counts, now=T, window_hours=24, baseline_days=7)
    assert [t.term for t in diluted.trends] == ["날씨"]  # 48 over 168 hours looks low
    start = min(counts["날씨"])
    cut = rising(counts, now=T, window_hours=24, baseline_days=7, history_start=start)
    assert cut.baseline_hours == 48
    assert cut.trends == ()
    brand_new = rising(counts, now=T, window_hours=24, baseline_days=7, history_start=T)
    assert brand_new.baseline_hours == 0
    assert [(t.term, t.is_new) for t in brand_new.trends] == [("날씨", True)]


def test_series_fill_zeros_and_cover_window_and_some_baseline() -> None:
    counts = sample()
    report = rising(counts, now=T, window_hours=24, baseline_days=7)
    w = report.windows
    assert (w.bucket_hours, w.points, w.series_start) == (1, 48, w.end - 48 * HOUR)
    new = report.trends[0]
    assert new.series == (0,) * 36 + (1,) * 12
    assert sum(new.series[-24:]) == new.recent
    chip = report.trends[1]
    assert chip.series[-10:] == (1,) * 10
    assert chip.series[22] == 1  # its article of yesterday, in the baseline part
    assert chip.series[23:38] == (0,) * 15
    # a long window is drawn in buckets of several hours
    long = rising(counts, now=T, window_hours=72, baseline_days=7)
    assert (long.windows.bucket_hours, long.windows.points) == (3, 48)
    assert long.trends[0].series[-5:] == (0, 3, 3, 3, 3)
    # a short one shows as many hours of baseline as it has hours
    short = windows(T, 6, 7)
    assert (short.bucket_hours, short.points, short.window_fraction) == (1, 12, 0.5)
    assert windows(T, 6, 0).points == 6
    assert windows(T, 24, 7).since == windows(T, 24, 7).baseline_start


def test_limit_and_bad_arguments() -> None:
    counts = sample()
    assert [
        t.term for t in rising(counts, now=T, window_hours=24, baseline_days=7, limit=1).trends
    ] == ["딥시크"]
    with pytest.raises(ValueError, match="naive"):
        rising(counts, now=datetime(2026, 11, 25, 6), window_hours=24, baseline_days=7)
    with pytest.raises(ValueError, match="window_hours"):
        windows(T, 0, 7)
    with pytest.raises(ValueError, match="baseline_days"):
        windows(T, 24, -1)
    with pytest.raises(ValueError, match="negative"):
        rising({"x": {NOW: -1}}, now=T, window_hours=24, baseline_days=7)


class MemorySource:
    """A :class:`ranknews.trends.CountSource` over hourly counts in memory."""

    def __init__(self, counts: Counts) -> None:
        self.counts = counts
        self.hourly_terms: list[list[str]] = []

    def first_hour(self) -> datetime | None:
        return min((h for hours in self.counts.values() for h in hours), default=None)

    def last_hour(self) -> datetime | None:
        return max((h for hours in self.counts.values() for h in hours), default=None)

    def totals(
        self, baseline_from: datetime, window_start: datetime, until: datetime, *, min_docs: int
    ) -> dict[str, tuple[int, int]]:
        found = {}
        for term, hours in self.counts.items():
            recent = sum(n for h, n in hours.items() if window_start <= h < until)
            if recent >= min_docs:
                found[term] = (
                    recent,
                    sum(n for h, n in hours.items() if baseline_from <= h < window_start),
                )
        return found

    def hourly(
        self, since: datetime, until: datetime, *, terms: Iterable[str]
    ) -> dict[str, dict[datetime, int]]:
        wanted = sorted(terms)
        self.hourly_terms.append(wanted)
        return {
            t: {h: n for h, n in self.counts[t].items() if since <= h < until}
            for t in wanted
            if t in self.counts
        }


def test_window_choice_offers_the_configured_window_beside_the_choices() -> None:
    assert CHOICES == (6, 24, 72)
    assert window_choice(24, 7) == WindowChoice(24, (6, 24, 72), 7)
    assert window_choice(48, 14) == WindowChoice(48, (6, 24, 48, 72), 14)
    assert window_choice(1, 0) == WindowChoice(1, (1, 6, 24, 72), 0)
    assert window_choice(24 * 31, 366) == WindowChoice(744, (6, 24, 72, 744), 366)
    # out of range: the default window, the baseline cut to 0..366 days
    assert window_choice(0, -1) == WindowChoice(24, (6, 24, 72), 0)
    assert window_choice(24 * 31 + 1, 367) == WindowChoice(24, (6, 24, 72), 366)


def test_read_at_is_now_unless_the_window_has_no_articles() -> None:
    assert read_at(T, None, 24) == T  # an empty board
    assert read_at(T, floor_hour(T), 24) == T
    last = NOW - 30 * HOUR  # its hour ended 29 hours ago
    assert read_at(T, last, 24) == last + timedelta(minutes=59)
    assert read_at(T, last, 72) == T
    # the window must begin after the last hour has ended
    assert read_at(last + HOUR + 24 * HOUR, last, 24) == last + HOUR + 24 * HOUR
    edge = last + HOUR + 24 * HOUR + timedelta(microseconds=1)
    assert read_at(edge, last, 24) == last + timedelta(minutes=59)


def test_as_of_names_the_end_of_a_window_read_in_the_past() -> None:
    assert as_of(windows(T, 24, 7), T) is None
    later = T + timedelta(days=3)
    read = read_at(later, NOW, 24)
    assert as_of(windows(read, 24, 7), later) == NOW + HOUR
    assert as_of(windows(read, 72, 7), later) is None


def test_rising_from_a_source_is_rising_on_its_counts() -> None:
    counts = sample()
    source = MemorySource(counts)
    report = rising_from(source, now=T, window_hours=24, baseline_days=7)
    history = min(h for hours in counts.values() for h in hours)
    assert report == rising(counts, now=T, window_hours=24, baseline_days=7, history_start=history)
    assert [t.term for t in report.trends] == ["딥시크", "반도체"]
    assert source.hourly_terms == [["딥시크", "반도체"]]  # only the picked terms' hours
    assert (
        rising_from(source, now=T, window_hours=24, baseline_days=7, limit=1).trends
        == (report.trends[:1])
    )


def test_rising_from_reads_a_quiet_board_at_its_last_hour() -> None:
    counts = sample()
    later = T + timedelta(days=3)
    report = rising_from(MemorySource(counts), now=later, window_hours=24, baseline_days=7)
    assert report == rising_from(MemorySource(counts), now=T, window_hours=24, baseline_days=7)
    assert report.windows.end == NOW + HOUR
    assert as_of(report.windows, later) == NOW + HOUR
    # the trends of a window long enough to reach the last articles are read at now
    long = rising_from(MemorySource(counts), now=later, window_hours=72, baseline_days=7)
    assert long.windows.end == floor_hour(later) + HOUR
    assert as_of(long.windows, later) is None


def test_rising_from_an_empty_source() -> None:
    source = MemorySource({})
    report = rising_from(source, now=T, window_hours=24, baseline_days=7)
    assert (report.trends, report.baseline_hours, report.windows.end) == ((), 168, NOW + HOUR)
    assert source.hourly_terms == []


# -- sparkline --------------------------------------------------------------------------------


def test_sparkline_numbers_and_label() -> None:
    svg = sparkline([0, 7, 0], label="최근 3시간 기사 수 추이")
    assert svg.startswith('<svg class="sparkline" xmlns="http://www.w3.org/2000/svg"')
    assert 'viewBox="0 0 120 28"' in svg
    assert 'role="img"' in svg
    assert 'aria-label="최근 3시간 기사 수 추이: 최저 0, 최고 7"' in svg
    assert '<polyline class="spark-line" points="2,26 60,2 118,26"' in svg
    assert 'points="2,26 2,26 60,2 118,26 118,26"' in svg  # the area closes on the baseline
    assert '<circle class="spark-dot" cx="118" cy="26"' in svg
    assert sparkline([0, 7, 0], label="최근 3시간 기사 수 추이") == svg
    numbers = re.findall(r'\s(?:points|x|y|cx|cy|width|height)="([^"]+)"', svg)
    for value in " ".join(numbers).replace(",", " ").split():
        assert re.fullmatch(r"-?\d+(\.\d)?", value), value
    root = ET.fromstring(str(svg))  # well-formed XML too
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_sparkline_many_points_and_flat_series() -> None:
    values = [3 * i % 7 for i in range(48)]
    svg = sparkline(values, label="추이", band=0.5)
    line = re.search(r'<polyline class="spark-line" points="([^"]+)"', svg)
    assert line is not None
    points = line.group(1).split()
    assert len(points) == 48
    assert points[0] == "2,26"
    assert points[-1].startswith("118,")
    assert '<rect class="spark-band" x="60" y="0" width="58"' in svg
    assert not re.search(r"\de[-+]", svg)
    flat = sparkline([0, 0, 0], label="추이")
    assert 'points="2,26 60,26 118,26"' in flat
    assert "최저 0, 최고 0" in flat
    single = sparkline([5], label="추이")
    assert 'points="2,2 118,2"' in single
    with pytest.raises(ValueError, match="at least one"):
        sparkline([], label="추이")
    with pytest.raises(ValueError, match="negative"):
        sparkline([1, -1], label="추이")


def test_sparkline_escapes_its_label() -> None:
    svg = sparkline([1, 2], label="<script>alert(\"x\")</script> & 'q'")
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;q&#x27;" in svg
    root = ET.fromstring(str(svg))
    assert root.get("aria-label") == "<script>alert(\"x\")</script> & 'q': 최저 1, 최고 2"


# -- store ------------------------------------------------------------------------------------


def test_record_and_hourly(store: Store) -> None:
    with store.engines.write.begin() as conn:
        store.trends.record(
            conn, ["딥시크", "반도체", "딥시크", " ", ""], NOW + timedelta(minutes=5)
        )
    with store.engines.write.begin() as conn:  # the same hour again: docs + 1
        store.trends.record(conn, ("딥시크",), NOW + timedelta(minutes=59, seconds=59))
    with store.engines.write.begin() as conn:  # the hour before
        store.trends.record(conn, iter(["딥시크"]), NOW - timedelta(seconds=1))
    got = store.trends.hourly(NOW - timedelta(days=1), NOW + HOUR)
    assert got == {"딥시크": {NOW - HOUR: 1, NOW: 2}, "반도체": {NOW: 1}}
    hour = next(iter(got["반도체"]))
    assert hour.tzinfo is not None
    assert hour.utcoffset() == timedelta(0)
    assert store.trends.hourly(NOW + HOUR, NOW + 2 * HOUR) == {}
    assert store.trends.first_hour() == NOW - HOUR


def test_record_takes_published_in_any_zone_and_normalises_terms(store: Store) -> None:
    kst = timezone(timedelta(hours=9))
    with store.engines.write.begin() as conn:
        # 15:30 KST is 06:30 UTC; the noun arrives decomposed (NFD) once
        store.trends.record(
            conn, ["\u1112\u1161\u11ab"], datetime(2026, 11, 25, 15, 30, tzinfo=kst)
        )
        store.trends.record(conn, ["한"], NOW)
    assert store.trends.hourly(NOW, NOW + HOUR) == {"한": {NOW: 2}}
    with store.engines.write.begin() as conn, pytest.raises(ValueError, match="naive"):
        store.trends.record(conn, ["한"], datetime(2026, 11, 25, 6))


def test_record_is_part_of_the_callers_transaction(store: Store) -> None:
    def save_fails() -> None:
        with store.engines.write.begin() as conn:
            store.trends.record(conn, ["롤백"], NOW)
            raise RuntimeError("the post failed to save")

    with pytest.raises(RuntimeError, match="failed to save"):
        save_fails()
    assert store.trends.hourly(NOW, NOW + HOUR) == {}
    assert store.trends.first_hour() is None


def test_hourly_reads_only_the_window_terms_with_their_baseline(store: Store) -> None:
    w = windows(T, 24, 7)
    with store.engines.write.begin() as conn:
        for d in range(1, 8):  # baseline only: not a candidate
            store.trends.record(conn, ["지난일", "반도체"], w.window_start - timedelta(days=d))
        for h in range(3):
            store.trends.record(conn, ["반도체"], T - h * HOUR)
        store.trends.record(conn, ["한번"], T)
    got = store.trends.hourly(w.since, w.end, window_start=w.window_start, min_docs=MIN_DOCS)
    assert set(got) == {"반도체"}
    assert sum(got["반도체"].values()) == 10  # its baseline hours came along
    everything = store.trends.hourly(w.since, w.end, window_start=w.window_start)
    assert set(everything) == {"반도체", "한번"}
    assert set(store.trends.hourly(w.since, w.end)) == {"반도체", "한번", "지난일"}


def test_hourly_with_many_terms(store: Store) -> None:
    terms = [f"낱말{i:04d}" for i in range(1234)]
    with store.engines.write.begin() as conn:
        store.trends.record(conn, terms, T)
        store.trends.record(conn, terms[::2], T - timedelta(days=2))
    got = store.trends.hourly(T - timedelta(days=3), NOW + HOUR, window_start=NOW)
    assert len(got) == 1234
    assert got["낱말0000"] == {NOW - timedelta(days=2): 1, NOW: 1}
    assert got["낱말0001"] == {NOW: 1}
    sums = store.trends.totals(T - timedelta(days=3), NOW, NOW + HOUR, min_docs=1)
    assert len(sums) == 1234
    assert (sums["낱말0000"], sums["낱말0001"]) == ((1, 1), (1, 0))
    picked = store.trends.hourly(NOW, NOW + HOUR, terms=["낱말0003", "낱말0002", "없는말"])
    assert picked == {"낱말0002": {NOW: 1}, "낱말0003": {NOW: 1}}


def test_totals_and_staged_scoring_agree_with_hourly(store: Store) -> None:
    seed(store)
    w = windows(T, 24, 7)
    history = store.trends.first_hour()
    assert history == floor_hour(T - (24 * 8 - 1) * HOUR)
    start = w.baseline_from(history)
    got = store.trends.totals(start, w.window_start, w.end, min_docs=MIN_DOCS)
    hourly = store.trends.hourly(w.since, w.end, window_start=w.window_start, min_docs=MIN_DOCS)
    assert got == totals(hourly, w, start)
    assert got == {"날씨": (24, 168), "딥시크": (12, 0), "A&B<i>": (12, 0), "반도체": (10, 7)}
    scored = score(got, now=T, window_hours=24, baseline_days=7, history_start=history)
    assert {t.series for t in scored.trends} == {()}
    picked = [t.term for t in scored.trends]
    staged = with_series(scored, store.trends.hourly(w.series_start, w.end, terms=picked))
    assert staged == rising(hourly, now=T, window_hours=24, baseline_days=7, history_start=history)
    assert [t.term for t in staged.trends] == ["A&B<i>", "딥시크", "반도체"]
    assert rising_from(store.trends, now=T, window_hours=24, baseline_days=7) == staged


def test_concurrent_writers_lose_no_count(store: Store) -> None:
    errors: list[BaseException] = []
    terms = ["가", "나", "다", "라"]

    def write(seed: int) -> None:
        order = terms[:]
        random.Random(seed).shuffle(order)
        try:
            for _ in range(15):
                with store.engines.write.begin() as conn:
                    store.trends.record(conn, order, T)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.trends.hourly(NOW, NOW + HOUR) == {term: {NOW: 60} for term in terms}


# -- the page ---------------------------------------------------------------------------------


def page_rows(html: str) -> list[list[str]]:
    """The trends table's body as lists of cell texts (an svg's text is its aria-label)."""

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[list[str]] = []
            self.in_body = False
            self.cell: list[str] | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "tbody":
                self.in_body = True
            elif self.in_body and tag == "tr":
                self.rows.append([])
            elif self.in_body and tag == "td":
                self.cell = []
            elif tag == "svg" and self.cell is not None:
                self.cell.append("<svg " + (dict(attrs).get("aria-label") or ""))

        def handle_endtag(self, tag: str) -> None:
            if tag == "tbody":
                self.in_body = False
            elif tag == "td" and self.cell is not None:
                self.rows[-1].append(" ".join("".join(self.cell).split()))
                self.cell = None

        def handle_data(self, data: str) -> None:
            if self.cell is not None:
                self.cell.append(data)

    parser = Cells()
    parser.feed(html)
    return parser.rows


def seed(store: Store) -> None:
    with store.engines.write.begin() as conn:
        for h in range(24 * 8):
            store.trends.record(conn, ["날씨"], T - h * HOUR)
        for h in range(12):
            store.trends.record(conn, ["딥시크", "A&B<i>"], T - h * HOUR)
        for d in range(1, 8):
            store.trends.record(conn, ["반도체"], T - timedelta(days=d, hours=1))
        for h in range(10):
            store.trends.record(conn, ["반도체"], T - h * HOUR)
        store.trends.record(conn, ["한번"], T)


@pytest.fixture
def app_client(store: Store) -> Iterator[TestClient]:
    app = create_app(store.settings, store, now=lambda: T, start_background=False)
    with TestClient(app) as c:
        yield c


@pytest.fixture
def client(sqlite_store: Store, settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, sqlite_store, now=lambda: T, start_background=False)
    with TestClient(app) as c:
        yield c


def test_trends_page_lists_rising_keywords(app_client: TestClient, store: Store) -> None:
    seed(store)
    r = app_client.get("/trends")
    assert r.status_code == 200
    html = r.text
    assert '<a href="/trends" aria-current="page">트렌드</a>' in html
    assert '<a href="/trends?hours=24" aria-current="page">24시간</a>' in html
    header = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', html)
    assert header == ["순위", "키워드", "기사 수", "상승", "추이"]
    label = "\u2019 최근 48시간 기사 수 추이: 최저 0, 최고 1"  # after the closing quote
    assert page_rows(html) == [
        ["1", "A&B<i>", "12", "신규", f"<svg \u2018A&B<i>{label}"],
        ["2", "딥시크", "12", "신규", f"<svg \u2018딥시크{label}"],
        ["3", "반도체", "10", "3.2배", f"<svg \u2018반도체{label}"],
    ]
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    assert body.count("<tr>") == body.count("<svg ") == 3
    assert f'<a href="/search?q={quote("딥시크")}">딥시크</a>' in html
    assert '<a href="/search?q=A%26B%3Ci%3E">A&amp;B&lt;i&gt;</a>' in html
    assert "<i>" not in html
    assert "날씨" not in html
    assert "한번" not in html


def test_trends_links_lead_to_the_articles(client: TestClient, sqlite_store: Store) -> None:
    saved = sqlite_store.content.save_article(
        make_article(1, title="딥시크 돌풍에 반도체 긴장", published=T), now=T, writer="w"
    )
    seed(sqlite_store)
    html = client.get("/trends").text
    href = re.search(r'<a href="(/search\?q=[^"]+)">딥시크</a>', html)
    assert href is not None
    found = client.get(href.group(1))
    assert found.status_code == 200
    assert f'href="/{saved.number}"' in found.text


def test_trends_window_choice(client: TestClient, sqlite_store: Store) -> None:
    seed(sqlite_store)
    html = client.get("/trends?hours=6").text
    assert '<a href="/trends?hours=6" aria-current="page">6시간</a>' in html
    table = page_rows(html)
    assert [row[1:3] for row in table] == [["A&B<i>", "6"], ["딥시크", "6"], ["반도체", "6"]]
    assert table[0][4].endswith("최근 12시간 기사 수 추이: 최저 1, 최고 1")
    assert table[2][4].endswith("최근 12시간 기사 수 추이: 최저 0, 최고 1")
    long = page_rows(client.get("/trends?hours=72").text)
    assert long[0][4].endswith("최근 144시간 기사 수 추이(3시간 단위): 최저 0, 최고 3")


@pytest.mark.parametrize(
    "query",
    ["hours=5", "hours=abc", "hours=-6", "hours=24.0", "hours=%EF%BC%92%EF%BC%94", "hours=99999"],
)
def test_bad_hours_is_a_400_page(client: TestClient, query: str) -> None:
    r = client.get("/trends?" + query)
    assert r.status_code == 400
    assert "hours는 6, 24, 72 중 하나여야 합니다." in r.text


def test_empty_state(client: TestClient, sqlite_store: Store) -> None:
    with sqlite_store.engines.write.begin() as conn:
        sqlite_store.trends.record(conn, ["한번"], T)
    r = client.get("/trends")
    assert r.status_code == 200
    assert "<table" not in r.text
    assert "아직 트렌드를 보여 줄 만큼 기사가 모이지 않았습니다." in r.text


def test_search_href_quotes_what_the_search_box_would_read_as_syntax() -> None:
    assert search_href("딥시크") == "/search?q=%EB%94%A5%EC%8B%9C%ED%81%AC"
    assert search_href("-부산") == "/search?q=%22-%EB%B6%80%EC%82%B0%22"
    assert search_href("AI 반도체") == "/search?q=%22AI%20%EB%B0%98%EB%8F%84%EC%B2%B4%22"


_NO_TOKENIZER = """
import sys
from datetime import UTC, datetime
from starlette.testclient import TestClient
from ranknews.settings import Settings
from ranknews.store import open_store
from ranknews.web import create_app

now = datetime(2026, 11, 25, 6, 25, tzinfo=UTC)
store = open_store(Settings.load(environ={}, overrides={"data_dir": sys.argv[1]}))
with store.engines.write.begin() as conn:
    for _ in range(5):
        store.trends.record(conn, ["딥시크"], now)
with TestClient(create_app(store.settings, store, now=lambda: now, start_background=False)) as c:
    page = c.get("/trends").text
store.close()
assert page.count("<svg ") == 1, page
print(sorted(m for m in sys.modules if m.split(".")[0] in ("mecab", "kiwipiepy")))
"""


def test_web_process_never_imports_the_tokenizer(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", _NO_TOKENIZER, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert out.stdout.strip() == "[]"


def test_trends_page_is_valid_html(client: TestClient, sqlite_store: Store, tmp_path: Path) -> None:
    htmlcheck.java()
    pages = {"trends-empty.html": "/trends?hours=6"}  # read before there is anything
    pages.update({"trends.html": "/trends", "trends-72.html": "/trends?hours=72"})
    files = []
    for name, url in pages.items():
        if name == "trends.html":
            seed(sqlite_store)
        path = tmp_path / name
        path.write_text(client.get(url).text, "utf-8")
        files.append(path)
    assert "trend-empty" in files[0].read_text("utf-8")
    assert files[1].read_text("utf-8").count("<svg ") == 3
    assert htmlcheck.problems(files) == []


def test_a_board_without_new_articles_shows_its_last_trends(
    sqlite_store: Store, settings: Settings
) -> None:
    """Three days after the last article (a stopped crawler, or the demo's fixed dates) the
    page reads the trends at the last hour with articles, and says so."""
    seed(sqlite_store)
    later = T + timedelta(days=3)
    app = create_app(settings, sqlite_store, now=lambda: later, start_background=False)
    with TestClient(app) as c:
        html = c.get("/trends").text
    assert 'class="trend-asof"' in html
    assert [row[1] for row in page_rows(html)][:3] == ["A&B<i>", "딥시크", "반도체"]
    # With articles in the window, now is used and nothing is said.
    app = create_app(settings, sqlite_store, now=lambda: T, start_background=False)
    with TestClient(app) as c:
        assert 'class="trend-asof"' not in c.get("/trends").text
