"""LSH band keys of a signature, for finding candidate copies with a database index.

A signature's ``num_perm`` values are cut into ``BANDS`` bands of ``ROWS`` values; two
signatures that agree on every value of one band share that band's key. The chance of
sharing at least one band is ``1 - (1 - J**ROWS)**BANDS`` for Jaccard similarity ``J``: with
37 bands of 3 rows (what datasketch picks for a 0.3 threshold at 128 permutations, the same
as :class:`~ranknews.dedupe.index.NearDuplicateIndex`), 0.99 at J = 0.5 and 0.01 at J = 0.06.

Keys are signed 64-bit integers (a BLAKE2b digest of the band number and its values), so they
fit a ``BIGINT`` column on both backends.
"""

from __future__ import annotations

import hashlib

from ranknews.dedupe.minhash import Signature

__all__ = ["BANDS", "ROWS", "band_keys"]

BANDS = 37
ROWS = 3


def band_keys(signature: Signature, bands: int = BANDS, rows: int = ROWS) -> list[int]:
    """The ``bands`` keys of ``signature``; empty for the signature of an empty text."""
    if bands * rows > signature.num_perm:
        raise ValueError(f"{bands} bands of {rows} rows need {bands * rows} permutations")
    if not signature.size:
        return []
    values = signature.hashvalues.astype("<u4")
    keys: list[int] = []
    for band in range(bands):
        chunk = values[band * rows : (band + 1) * rows].tobytes()
        digest = hashlib.blake2b(band.to_bytes(2, "little") + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys
