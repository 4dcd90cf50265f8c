"""``ranknews.dates``: the forms Korean feeds and pages write, offsets kept, naive times in KST."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import pytest

from ranknews.dates import find_date, find_times, has_zone, parse_date, strip_times
from ranknews.timefmt import KST

EST = timezone(timedelta(hours=-5))


def at(zone: timezone, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=zone)  # type: ignore[misc]


def iso(value: datetime | None) -> str | None:
    """ISO text with the offset: checks wall time and zone at once (``==`` compares instants)."""
    return None if value is None else value.isoformat()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # RFC 822 / RFC 2822, as RSS pubDate writes it
        ("Sat, 31 Dec 2005 13:47:03+0900", at(KST, 2005, 12, 31, 13, 47, 3)),
        ("Sat, 31 Dec 2005 13:47:03 +0900", at(KST, 2005, 12, 31, 13, 47, 3)),
        ("Sat, 31 Dec 2005 13:47:03-0500", at(EST, 2005, 12, 31, 13, 47, 3)),
        ("Sat, 31 Dec 2005 04:47:03 GMT", at(UTC, 2005, 12, 31, 4, 47, 3)),
        ("Sat, 31 Dec 2005 04:47:03GMT", at(UTC, 2005, 12, 31, 4, 47, 3)),
        ("Sat, 31 Dec 2005 13:47:03 KST", at(KST, 2005, 12, 31, 13, 47, 3)),
        ("Sat, 31 Dec 2005 13:47:03 +0900 (KST)", at(KST, 2005, 12, 31, 13, 47, 3)),
        ("Sat,31 Dec 2005 13:47:03 +0900", at(KST, 2005, 12, 31, 13, 47, 3)),
        ("31 Dec 2005 13:47:03 +0900", at(KST, 2005, 12, 31, 13, 47, 3)),
        ("31 Dec 2005 13:47 +0900", at(KST, 2005, 12, 31, 13, 47)),
        ("Sat, 31 Dec 05 13:47:03 +0900", at(KST, 2005, 12, 31, 13, 47, 3)),
        ("31 Dec 99 13:47:03 GMT", at(UTC, 1999, 12, 31, 13, 47, 3)),
        ("Saturday, 31 December 2005 13:47:03 +0900", at(KST, 2005, 12, 31, 13, 47, 3)),
        ("Sat, 31 Dec 2005 13:47:03", at(KST, 2005, 12, 31, 13, 47, 3)),  # no zone: KST
        # asctime
        ("Sat Dec 31 13:47:03 2005", at(KST, 2005, 12, 31, 13, 47, 3)),
        ("Sat Dec 31 13:47:03 KST 2005", at(KST, 2005, 12, 31, 13, 47, 3)),
        # ISO 8601 / W3C-DTF / RFC 3339
        ("2024-03-05T05:30:00Z", at(UTC, 2024, 3, 5, 5, 30)),
        ("2024-03-05T05:30:00z", at(UTC, 2024, 3, 5, 5, 30)),
        ("2024-03-05T14:30:00+09:00", at(KST, 2024, 3, 5, 14, 30)),
        ("2024-03-05T14:30:00+0900", at(KST, 2024, 3, 5, 14, 30)),
        ("2024-03-05T14:30:00+09", at(KST, 2024, 3, 5, 14, 30)),
        ("2024-03-05 14:30:00+09:00", at(KST, 2024, 3, 5, 14, 30)),
        ("2024-03-05 14:30:00 +09:00", at(KST, 2024, 3, 5, 14, 30)),
        ("2024-03-05T14:30:00.250+09:00", at(KST, 2024, 3, 5, 14, 30, 0, 250000)),
        ("2024-03-05T14:30:00.123456789Z", at(UTC, 2024, 3, 5, 14, 30, 0, 123456)),
        ("2024-03-05T14:30", at(KST, 2024, 3, 5, 14, 30)),
        ("2024-03-05T14:30:00", at(KST, 2024, 3, 5, 14, 30)),
        ("2024-03-05", at(KST, 2024, 3, 5)),
        ("2024-03", at(KST, 2024, 3, 1)),
        ("20240305T143000Z", at(UTC, 2024, 3, 5, 14, 30)),
        ("2024-03-05 14:30 UTC", at(UTC, 2024, 3, 5, 14, 30)),
        ("2024-03-05 14:30 (KST)", at(KST, 2024, 3, 5, 14, 30)),
        # numeric layouts Korean CMSs print
        ("2024.03.05 14:30", at(KST, 2024, 3, 5, 14, 30)),
        ("2024.03.05. 14:30", at(KST, 2024, 3, 5, 14, 30)),
        ("2024-03-05 14:30", at(KST, 2024, 3, 5, 14, 30)),
        ("2024/03/05 14:30:09", at(KST, 2024, 3, 5, 14, 30, 9)),
        ("2024/03/05", at(KST, 2024, 3, 5)),
        ("2024.3.5", at(KST, 2024, 3, 5)),
        # Korean words and 오전/오후
        ("2024년 3월 5일 오후 2시 30분", at(KST, 2024, 3, 5, 14, 30)),
        ("2024년 3월 5일 오후 2시", at(KST, 2024, 3, 5, 14)),
        ("2024년 3월 5일 14시 30분 15초", at(KST, 2024, 3, 5, 14, 30, 15)),
        ("2024년 03월 05일 (화) 14:30", at(KST, 2024, 3, 5, 14, 30)),
        ("2024년 3월 5일", at(KST, 2024, 3, 5)),
        ("2024.03.05. 오전 9:05", at(KST, 2024, 3, 5, 9, 5)),
        ("2024.03.05. 오후 12:05", at(KST, 2024, 3, 5, 12, 5)),
        ("2024.03.05. 오전 12:05", at(KST, 2024, 3, 5, 0, 5)),
        ("2024-03-05 오후 2:30:00", at(KST, 2024, 3, 5, 14, 30)),
        ("2024.03.05 (Tue) 2:30 PM", at(KST, 2024, 3, 5, 14, 30)),
        # after a label
        ("입력 2024.03.05 14:30", at(KST, 2024, 3, 5, 14, 30)),
        ("입력 : 2024.03.05 14:30", at(KST, 2024, 3, 5, 14, 30)),
        ("기사입력 : 2024.03.05 14:30", at(KST, 2024, 3, 5, 14, 30)),
        ("기사입력 2024.03.05. 오후 2:30", at(KST, 2024, 3, 5, 14, 30)),
        ("수정 2024.03.05 16:05", at(KST, 2024, 3, 5, 16, 5)),
        ("최종수정 : 2024년 3월 5일 16시 5분", at(KST, 2024, 3, 5, 16, 5)),
        ("등록일 2024-03-05T14:30:00+09:00", at(KST, 2024, 3, 5, 14, 30)),
        ("송고시간 2024-03-05 14:30", at(KST, 2024, 3, 5, 14, 30)),
        ("Updated: Tue, 05 Mar 2024 05:30:00 GMT", at(UTC, 2024, 3, 5, 5, 30)),
    ],
)
def test_parse_date(text: str, expected: datetime) -> None:
    parsed = parse_date(text)
    assert iso(parsed) == iso(expected)
    assert iso(parse_date(f"  {text}\n")) == iso(expected)  # surrounding blanks do not matter
    assert iso(find_date(text)) == iso(expected)


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "어제",
        "3시간 전",
        "입력",
        "2024-02-30",
        "2024.13.05 14:30",
        "2024-03-05 25:00",
        "2024-03-05T14:30:00+24:00",
        "Sat, 31 Dec 2005 13:47:03 XYZ",  # an unknown zone is not silently KST
        "Sat, 31 Foo 2005 13:47:03 +0900",
        "Sat, 31 Sept 2005 13:47:03 +0900",
        "202403",
        "2024-W10-2",
        "입력 2024.03.05 14:30 수정 2024.03.05 16:05",  # two dates are not one
        "Feb 3 2025",
        "99999-03-05",
        "9" * 5000,
    ],
)
def test_unreadable_is_none(text: str | None) -> None:
    assert parse_date(text) is None


def test_naive_times_are_kst_and_written_offsets_are_kept() -> None:
    naive = parse_date("2024-03-05 14:30")
    assert naive is not None
    assert naive.utcoffset() == timedelta(hours=9)
    written = parse_date("2024-03-05T05:30:00Z")
    assert written is not None
    assert written.utcoffset() == timedelta(0)
    assert written == naive  # the same instant; converting is the caller's choice
    assert written.astimezone(KST).isoformat() == "2024-03-05T14:30:00+09:00"


def test_find_date_searches_printed_text() -> None:
    text = "백승우 기자 | 입력 2024.03.05 14:30 | 수정 2024.03.05 16:05"
    assert find_date(text) == at(KST, 2024, 3, 5, 14, 30)
    assert find_date("이 기사는 2024-03-05T05:30:00Z 에 송고됐다") == at(UTC, 2024, 3, 5, 5, 30)
    assert find_date("전화 02-000-1234") is None


def test_labelled_times_keep_their_offsets() -> None:
    found = find_times("입력 2024-03-05 05:30 UTC | 수정 2024.03.05 16:05")
    assert iso(found.published) == "2024-03-05T05:30:00+00:00"
    assert iso(found.updated) == "2024-03-05T16:05:00+09:00"
    assert strip_times("입력 2024-03-05 05:30 UTC | 기자").split() == ["|", "기자"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sat, 31 Dec 2005 13:47:03+0900", True),
        ("2024-03-05T14:30:00-05:00", True),
        ("2024-03-05T14:30:00Z", True),
        ("Sat, 31 Dec 2005 13:47:03 GMT", True),
        ("Sat, 31 Dec 2005 13:47:03 KST", False),
        ("2024-03-05 14:30", False),
    ],
)
def test_has_zone(text: str, expected: bool) -> None:
    assert has_zone(text) is expected


def test_never_raises() -> None:
    rng = random.Random(7)
    pieces = [
        "Sat, ", "31 ", "Dec ", "2005 ", "13:47:03", "+0900", "GMT", "2024", "-", ".", "/",
        "03", "05", "T", "Z", "년 ", "월 ", "일 ", "오후 ", "시 ", "분", "입력 ", ":", "(", ")",
        "99", "+99:99", " ", "\u00a0", "٣", "x",
    ]  # fmt: skip
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        for value in (parse_date(text), find_date(text)):
            assert value is None or value.tzinfo is not None
        find_times(text)
        strip_times(text)
