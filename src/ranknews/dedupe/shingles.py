"""Character n-gram shingles of normalised text, as sorted arrays of 32-bit hashes.

Spaces are dropped before shingling: outlets re-space Korean text (``할 예정`` / ``할예정``) and a
space-free n-gram is a tighter fingerprint (on the evaluation set, 5-grams without spaces give the
widest gap between wire copies and other pairs). Each n-gram is hashed with a fixed polynomial over
its code points followed by a 64-bit mix, so the same text gives the same hashes in every process
and on every machine — they are persisted inside signatures. The set of hashes is kept as a sorted
``uint32`` array: compact (4 bytes a shingle) and quick to intersect.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ranknews.dedupe.normalize import normalize

__all__ = ["DEFAULT_NGRAM", "ShingleSet", "jaccard", "overlap", "shingle_set", "shingles"]

DEFAULT_NGRAM = 5
ShingleSet = npt.NDArray[np.uint32]

_BASE = np.uint64(0x100000001B3)
_MIX1 = np.uint64(0xFF51AFD7ED558CCD)
_MIX2 = np.uint64(0xC4CEB9FE1A85EC53)


def shingles(text: str, ngram: int = DEFAULT_NGRAM) -> ShingleSet:
    """The sorted, distinct hashes of the ``ngram``-character shingles of ``normalize(text)``."""
    return shingle_set(normalize(text), ngram)


def shingle_set(normalized: str, ngram: int = DEFAULT_NGRAM) -> ShingleSet:
    """Like :func:`shingles` for text already passed through :func:`normalize`."""
    if ngram < 1:
        raise ValueError("ngram must be at least 1")
    compact = normalized.replace(" ", "")
    points = np.frombuffer(compact.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(points) < ngram:
        if len(points) == 0:
            return np.empty(0, dtype=np.uint32)
        ngram = len(points)  # a very short text is one shingle
    count = len(points) - ngram + 1
    with np.errstate(over="ignore"):
        acc = np.zeros(count, dtype=np.uint64)
        for offset in range(ngram):
            acc = acc * _BASE + points[offset : offset + count]
        acc ^= acc >> np.uint64(33)
        acc *= _MIX1
        acc ^= acc >> np.uint64(33)
        acc *= _MIX2
        acc ^= acc >> np.uint64(33)
    return np.unique((acc >> np.uint64(32)).astype(np.uint32))


def jaccard(a: ShingleSet, b: ShingleSet) -> float:
    """Intersection over union of two shingle sets (0.0 when both are empty)."""
    common = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - common
    return common / union if union else 0.0


def overlap(a: ShingleSet, b: ShingleSet) -> float:
    """|a ∩ b| / min(|a|, |b|): near 1 when one text is (mostly) contained in the other."""
    smaller = min(len(a), len(b))
    if not smaller:
        return 0.0
    return len(np.intersect1d(a, b, assume_unique=True)) / smaller
