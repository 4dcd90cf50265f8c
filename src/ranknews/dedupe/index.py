"""``NearDuplicateIndex``: find the wire copies of a new article among the articles kept.

Two stages. ``MinHashLSH`` (datasketch) buckets every article's signature into bands; a query
looks up its own bands and gets the few articles sharing one as *candidates* — a cost set by the
number of bands, not by the size of the index. Each candidate is then *verified*: exact Jaccard
and overlap (|a ∩ b| / min(|a|, |b|)) of the shingle sets when the index holds them, or their
estimates from the two signatures when an entry was rebuilt from stored bytes. A candidate is a
copy when its Jaccard reaches ``threshold`` or its overlap reaches ``containment`` — the second
rule catches a copy that cut the lead paragraph, which is mostly *contained* in the original.

The index knows nothing of time: the caller keeps it to a window (add new articles, ``remove``
ones older than, say, three days).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from ranknews.dedupe.minhash import DEFAULT_NUM_PERM, SEED, Signature, signature_of
from ranknews.dedupe.shingles import DEFAULT_NGRAM, ShingleSet, jaccard, overlap, shingles

__all__ = [
    "DEFAULT_CONTAINMENT",
    "DEFAULT_LSH_THRESHOLD",
    "DEFAULT_THRESHOLD",
    "Match",
    "NearDuplicateIndex",
]

# Chosen on tests/fixtures/dedupe/pairs.json (see bench/dedupe.py and the tests): wire copies
# have Jaccard >= 0.47 and overlap >= 0.90 on 5-grams, every other pair <= 0.06 and <= 0.11.
DEFAULT_THRESHOLD = 0.4
DEFAULT_CONTAINMENT = 0.8
DEFAULT_LSH_THRESHOLD = 0.3


@dataclass(frozen=True, slots=True)
class Match:
    """A verified near-duplicate: its key, the score (max of Jaccard and overlap) and both."""

    key: Hashable
    score: float
    jaccard: float
    overlap: float


@dataclass(slots=True)
class _Entry:
    signature: Signature
    shingles: ShingleSet | None


class NearDuplicateIndex:
    """Near-duplicate lookup over MinHash signatures with LSH buckets and verification.

    ``threshold`` is the Jaccard similarity at which two texts count as copies,
    ``containment`` the overlap at which a shorter text counts as a copy of a longer one,
    ``lsh_threshold`` the similarity the LSH bands are tuned for (below ``threshold`` so that
    candidates are not lost to MinHash noise). ``keep_shingles=False`` saves memory (about
    4 bytes a shingle) and verifies on signature estimates instead.
    """

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        num_perm: int = DEFAULT_NUM_PERM,
        *,
        containment: float = DEFAULT_CONTAINMENT,
        lsh_threshold: float = DEFAULT_LSH_THRESHOLD,
        ngram: int = DEFAULT_NGRAM,
        seed: int = SEED,
        keep_shingles: bool = True,
    ) -> None:
        if not 0.0 < threshold <= 1.0 or not 0.0 < containment <= 1.0:
            raise ValueError("threshold and containment must be in (0, 1]")
        self.threshold = threshold
        self.containment = containment
        self.num_perm = num_perm
        self.ngram = ngram
        self.seed = seed
        self.keep_shingles = keep_shingles
        from datasketch import MinHashLSH  # imported on use: see ranknews.dedupe.minhash

        self._lsh = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
        self._entries: dict[Hashable, _Entry] = {}
        self.last_candidates = 0
        """How many candidates the last :meth:`query` verified (for cost tests)."""

    @property
    def bands(self) -> tuple[int, int]:
        """The LSH (bands, rows per band) datasketch chose for ``lsh_threshold``."""
        return int(self._lsh.b), int(self._lsh.r)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def signature(self, text: str) -> Signature:
        """The signature of ``text`` with this index's parameters."""
        return self._prepare(text)[0]

    def add(self, key: Hashable, text: str) -> Signature:
        """Index ``text`` under ``key`` (a new key) and return its signature for storing."""
        sig, shingle_set = self._prepare(text)
        self._insert(key, sig, shingle_set if self.keep_shingles else None)
        return sig

    def add_signature(self, key: Hashable, signature: Signature | bytes) -> None:
        """Index a stored signature (verification then uses estimates for this entry)."""
        sig = signature if isinstance(signature, Signature) else Signature.from_bytes(signature)
        if (sig.num_perm, sig.ngram, sig.seed) != (self.num_perm, self.ngram, self.seed):
            raise ValueError("signature made with other num_perm, ngram or seed than the index")
        self._insert(key, sig, None)

    def remove(self, key: Hashable) -> None:
        """Forget ``key``; a ``KeyError`` if it is not indexed."""
        del self._entries[key]
        self._lsh.remove(key)

    def query(self, text: str, limit: int | None = None) -> list[tuple[Hashable, float]]:
        """Keys of indexed near-duplicates of ``text`` with their scores, best first."""
        return [(m.key, m.score) for m in self.matches(text, limit)]

    def matches(self, text: str, limit: int | None = None) -> list[Match]:
        """Like :meth:`query`, with Jaccard and overlap of every match."""
        sig, shingle_set = self._prepare(text)
        candidates = self._lsh.query(sig.to_minhash())
        self.last_candidates = len(candidates)
        found: list[Match] = []
        for key in candidates:
            entry = self._entries[key]
            if entry.shingles is not None:
                j = jaccard(shingle_set, entry.shingles)
                o = overlap(shingle_set, entry.shingles)
            else:
                j = sig.jaccard(entry.signature)
                o = sig.overlap(entry.signature)
            if j >= self.threshold or o >= self.containment:
                found.append(Match(key, max(j, o), j, o))
        found.sort(key=lambda m: (-m.score, -m.jaccard, str(m.key)))
        return found if limit is None else found[:limit]

    def _prepare(self, text: str) -> tuple[Signature, ShingleSet]:
        shingle_set = shingles(text, self.ngram)
        sig = signature_of(shingle_set, num_perm=self.num_perm, ngram=self.ngram, seed=self.seed)
        return sig, shingle_set

    def _insert(self, key: Hashable, sig: Signature, shingle_set: ShingleSet | None) -> None:
        if key in self._entries:
            raise KeyError(f"key already indexed: {key!r}")
        self._lsh.insert(key, sig.to_minhash(), check_duplication=False)
        self._entries[key] = _Entry(sig, shingle_set)
