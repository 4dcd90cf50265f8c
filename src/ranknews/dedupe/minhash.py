"""MinHash signatures over shingle sets (datasketch), and their byte form for the store.

A :class:`Signature` is the ``num_perm`` minimum hash values of a text's shingle set plus the set's
size; the size lets :meth:`Signature.overlap` estimate containment (a copy that drops the lead
paragraph is mostly contained in the original) from two signatures alone.

Byte layout (little-endian), written by :meth:`Signature.to_bytes`::

    b"RNMH" | version u8 = 1 | ngram u8 | num_perm u16 | seed u32 | size u32 | num_perm x u32

so 16 + 4·num_perm bytes: 528 bytes at 128 permutations.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ranknews.dedupe.shingles import DEFAULT_NGRAM, ShingleSet, shingles

if TYPE_CHECKING:  # datasketch is imported where it is used: it takes a second to import,
    # and the web process, which only compares stored signatures, never needs it.
    from datasketch import MinHash

__all__ = [
    "DEFAULT_NUM_PERM",
    "SEED",
    "Signature",
    "minhash",
    "signature",
    "signature_bytes",
    "signature_from_bytes",
    "signature_of",
]

DEFAULT_NUM_PERM = 128
SEED = 1
_MAGIC = b"RNMH"
_VERSION = 1
_HEADER = struct.Struct("<4sBBHII")


@cache
def _permutations(num_perm: int, seed: int) -> tuple[npt.NDArray[np.uint64], ...]:
    """datasketch's permutation parameters, drawn once per (num_perm, seed), not once a text."""
    from datasketch import MinHash

    perms: tuple[npt.NDArray[np.uint64], ...] = tuple(
        MinHash(num_perm=num_perm, seed=seed).permutations
    )
    return perms


def _identity(value: int) -> int:
    return value  # shingles arrive already hashed to 32 bits


def minhash(shingle_set: ShingleSet, num_perm: int = DEFAULT_NUM_PERM, seed: int = SEED) -> MinHash:
    """A datasketch ``MinHash`` of an already hashed shingle set."""
    from datasketch import MinHash

    sketch = MinHash(
        num_perm=num_perm,
        seed=seed,
        hashfunc=_identity,
        permutations=_permutations(num_perm, seed),
        scheme="affine32",
    )
    sketch.update_batch(shingle_set.tolist())
    return sketch


@dataclass(frozen=True, slots=True, eq=False)
class Signature:
    """A text's MinHash values, its shingle count and the parameters that made them."""

    hashvalues: npt.NDArray[np.uint32]
    size: int
    ngram: int = DEFAULT_NGRAM
    seed: int = SEED

    @property
    def num_perm(self) -> int:
        return len(self.hashvalues)

    def to_minhash(self) -> MinHash:
        """The datasketch ``MinHash`` these values came from (what ``MinHashLSH`` takes)."""
        from datasketch import MinHash

        return MinHash(
            seed=self.seed,
            hashvalues=self.hashvalues.astype(np.uint64),
            permutations=_permutations(self.num_perm, self.seed),
            scheme="affine32",
        )

    def jaccard(self, other: Signature) -> float:
        """Estimated Jaccard similarity: the share of equal MinHash values."""
        self._check(other)
        if not self.size or not other.size:
            return 0.0
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / self.num_perm

    def overlap(self, other: Signature) -> float:
        """Estimated |a ∩ b| / min(|a|, |b|) from the Jaccard estimate and the two sizes."""
        j = self.jaccard(other)
        smaller = min(self.size, other.size)
        if not smaller:
            return 0.0
        common = j * (self.size + other.size) / (1.0 + j)
        return min(1.0, common / smaller)

    def to_bytes(self) -> bytes:
        header = _HEADER.pack(_MAGIC, _VERSION, self.ngram, self.num_perm, self.seed, self.size)
        return header + self.hashvalues.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        if len(data) < _HEADER.size:
            raise ValueError("signature bytes too short")
        magic, version, ngram, num_perm, seed, size = _HEADER.unpack_from(data)
        if magic != _MAGIC or version != _VERSION:
            raise ValueError("not a ranknews signature (bad magic or version)")
        if len(data) != _HEADER.size + 4 * num_perm:
            raise ValueError("signature bytes have the wrong length")
        values = np.frombuffer(data, dtype="<u4", offset=_HEADER.size).astype(np.uint32)
        return cls(hashvalues=values, size=size, ngram=ngram, seed=seed)

    def _check(self, other: Signature) -> None:
        if (self.num_perm, self.ngram, self.seed) != (other.num_perm, other.ngram, other.seed):
            raise ValueError("signatures made with different num_perm, ngram or seed")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Signature):
            return NotImplemented
        return (self.size, self.ngram, self.seed) == (other.size, other.ngram, other.seed) and (
            np.array_equal(self.hashvalues, other.hashvalues)
        )

    def __hash__(self) -> int:
        return hash((self.size, self.ngram, self.seed, self.hashvalues.tobytes()))


def signature(
    text: str,
    *,
    num_perm: int = DEFAULT_NUM_PERM,
    ngram: int = DEFAULT_NGRAM,
    seed: int = SEED,
) -> Signature:
    """The :class:`Signature` of ``text`` (normalised, shingled, MinHashed)."""
    return signature_of(shingles(text, ngram), num_perm=num_perm, ngram=ngram, seed=seed)


def signature_of(
    shingle_set: ShingleSet,
    *,
    num_perm: int = DEFAULT_NUM_PERM,
    ngram: int = DEFAULT_NGRAM,
    seed: int = SEED,
) -> Signature:
    """The :class:`Signature` of an already computed shingle set."""
    values = minhash(shingle_set, num_perm, seed).hashvalues.astype(np.uint32)
    return Signature(hashvalues=values, size=len(shingle_set), ngram=ngram, seed=seed)


def signature_bytes(
    text: str,
    *,
    num_perm: int = DEFAULT_NUM_PERM,
    ngram: int = DEFAULT_NGRAM,
    seed: int = SEED,
) -> bytes:
    """``signature(text).to_bytes()``: what the store persists for each article."""
    return signature(text, num_perm=num_perm, ngram=ngram, seed=seed).to_bytes()


def signature_from_bytes(data: bytes) -> Signature:
    """The :class:`Signature` written by :func:`signature_bytes`."""
    return Signature.from_bytes(data)
