"""Normalisation, shingles, signatures and the NearDuplicateIndex API."""

from __future__ import annotations

import random

import pytest

from ranknews.dedupe import (
    NearDuplicateIndex,
    Signature,
    jaccard,
    normalize,
    overlap,
    shingles,
    signature,
    signature_bytes,
    signature_from_bytes,
)
from ranknews.demo.site import load_articles

REPORT = (
    "정부가 내년부터 전기차 보조금 지급 기준을 바꿔 배터리 효율이 높은 차량에 더 많은 금액을"
    " 주기로 했다. 환경부는 24일 이런 내용을 담은 개편안을 발표했다.\n"
    "개편안에 따르면 1회 충전 주행거리와 저온 성능을 함께 따져 보조금을 차등 지급한다."
    " 차량 가격 상한도 5천500만원에서 5천300만원으로 낮춘다.\n"
    '환경부 관계자는 "성능이 좋은 차가 더 많이 팔리도록 유도하려는 것"이라며'
    ' "업계 의견을 들어 다음 달 확정하겠다"고 말했다.'
)


def _articles() -> dict[str, str]:
    return {a.id: "\n".join(a.paragraphs) for a in load_articles()}


# --- normalisation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dateline",
    [
        "(서울=한결통신) 김지훈 기자 = ",
        "[세종=누리경제] 장민혁·고은비 기자 = ",
        "【파리=한결통신】 송하린 특파원 = ",
        "(서울=한결통신) ",
        "김지훈 기자 = ",
    ],
)
def test_datelines_are_removed(dateline: str) -> None:
    assert normalize(dateline + REPORT) == normalize(REPORT)


@pytest.mark.parametrize(
    "line",
    [
        "ⓒ한결통신 무단전재-재배포 금지",
        "<저작권자 ⓒ 한결통신, 무단 전재 및 재배포 금지>",
        "Copyright © 누리경제. All rights reserved.",
        "김지훈 기자 jihoon@hangyeol.example",
        "jihoon@hangyeol.example",
        "[한빛일보 송하린 기자]",
        "한결통신 김지훈 기자",
        "환경부 장관이 개편안을 설명하고 있다. /한결통신",
        "전기차 충전소 모습. (사진=환경부 제공)",
        "[사진 제공=환경부]",
        "▲ 브리핑 장면 ⓒ한결통신",
    ],
)
def test_carrier_lines_are_removed(line: str) -> None:
    paragraphs = REPORT.split("\n")
    assert normalize("\n".join([line, *paragraphs])) == normalize(REPORT)
    assert normalize("\n".join([*paragraphs, line])) == normalize(REPORT)


def test_folding() -> None:
    assert (
        normalize("  AI   반도체\n\n\uff12\uff10\uff13\uff10년  \uff2f\uff25\uff23\uff24 ")
        == "ai 반도체 2030년 oecd"
    )


def test_body_sentences_mentioning_copyright_words_stay_when_long() -> None:
    long = (
        "저작권 침해 신고가 늘자 문화체육관광부는 "
        + "단속 인력을 늘리고 처벌을 강화하기로 했다. " * 4
    )
    assert "저작권 침해" in normalize(long)


def test_demo_wire_copy_and_original_normalise_closer() -> None:
    texts = _articles()
    raw = jaccard(shingle_raw(texts["hangyeol-0005"]), shingle_raw(texts["nuri-0002"]))
    cleaned = jaccard(shingles(texts["hangyeol-0005"]), shingles(texts["nuri-0002"]))
    assert cleaned > raw


def shingle_raw(text: str) -> set[str]:
    return {text[i : i + 5] for i in range(len(text) - 4)}


# --- shingles and signatures -----------------------------------------------------------------


def test_shingles_are_stable_and_space_insensitive() -> None:
    assert shingles("할 예정이다").tolist() == shingles("할예정이다").tolist()
    assert shingles("").size == 0
    assert len(shingles("짧다")) == 1
    assert jaccard(shingles(REPORT), shingles(REPORT)) == 1.0
    assert overlap(shingles(REPORT.split("\n")[1]), shingles(REPORT)) == 1.0


def test_signature_round_trip() -> None:
    sig = signature(REPORT)
    data = signature_bytes(REPORT)
    assert len(data) == 16 + 4 * 128
    assert signature_from_bytes(data) == sig
    assert Signature.from_bytes(sig.to_bytes()).size == sig.size


@pytest.mark.parametrize("data", [b"", b"XXXX" + bytes(12), signature_bytes("본문")[:-1]])
def test_bad_signature_bytes(data: bytes) -> None:
    with pytest.raises(ValueError, match="signature"):
        signature_from_bytes(data)


def test_estimates_follow_exact_values() -> None:
    texts = _articles()
    a, b = texts["hangyeol-0004"], texts["dongnyeok-0001"]
    exact = jaccard(shingles(a), shingles(b))
    assert abs(signature(a).jaccard(signature(b)) - exact) < 0.15
    assert signature(a).overlap(signature(b)) > 0.8


# --- the index -------------------------------------------------------------------------------


def test_add_query_remove() -> None:
    texts = _articles()
    index = NearDuplicateIndex()
    for key, text in texts.items():
        if key != "nuri-0002":
            index.add(key, text)
    hits = index.query(texts["nuri-0002"])
    assert [key for key, _ in hits] == ["hangyeol-0005"]
    assert hits[0][1] > 0.8
    index.remove("hangyeol-0005")
    assert index.query(texts["nuri-0002"]) == []
    assert "hangyeol-0005" not in index
    with pytest.raises(KeyError):
        index.remove("hangyeol-0005")


def test_results_are_best_first() -> None:
    texts = _articles()
    original = texts["hangyeol-0001"]
    index = NearDuplicateIndex()
    index.add("copy", texts["pureun-0001"])
    index.add("same", original)
    index.add("cut", "\n".join(original.split("\n")[2:]))
    keys = [key for key, _ in index.query(original)]
    assert keys[0] == "same"
    assert set(keys) == {"same", "copy", "cut"}
    scores = [score for _, score in index.query(original)]
    assert scores == sorted(scores, reverse=True)


def test_duplicate_key_is_refused() -> None:
    index = NearDuplicateIndex()
    index.add(1, REPORT)
    with pytest.raises(KeyError):
        index.add(1, REPORT)


def test_index_rebuilt_from_stored_bytes_finds_the_same() -> None:
    texts = _articles()
    stored = {key: signature_bytes(text) for key, text in texts.items() if key != "pureun-0003"}
    index = NearDuplicateIndex()
    for key, data in stored.items():
        index.add_signature(key, data)
    assert len(index) == len(stored)
    assert [key for key, _ in index.query(texts["pureun-0003"])] == ["hangyeol-0007"]


def test_signature_parameters_must_match() -> None:
    index = NearDuplicateIndex(num_perm=64)
    with pytest.raises(ValueError, match="num_perm"):
        index.add_signature("x", signature_bytes(REPORT))


def _unrelated(rng: random.Random, count: int) -> list[str]:
    syllables = [chr(0xAC00 + rng.randrange(11172)) for _ in range(3000)]
    return ["".join(rng.choices(syllables, k=600)) for _ in range(count)]


def test_query_cost_does_not_grow_with_the_index() -> None:
    rng = random.Random(5)
    texts = _articles()
    probes = [texts[key] for key in ("nuri-0002", "pureun-0001", "hanbit-0010")]
    index = NearDuplicateIndex()
    for key, text in texts.items():
        index.add(key, text)

    def examined() -> int:
        total = 0
        for probe in probes:
            index.query(probe)
            total += index.last_candidates
        return total

    small = examined()
    for number, text in enumerate(_unrelated(rng, 3000)):
        index.add(f"filler-{number}", text)
    assert len(index) > 40 * len(texts)
    assert examined() <= small + 3
