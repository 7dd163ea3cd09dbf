"""Syndicated copies: the same story republished by several sites, found at index time.

Choice: MinHash over the article body's word 5-shingles (folded: no diacritics, lowercase, so that a
copy re-typed with other tone placement or without a stray accent still matches), with LSH bands stored
as keywords. The title and lead are left out on purpose: republishers rewrite them, the body they keep.
- one-permutation MinHash (each shingle hashed once, rolling over its words' blake2b hashes; the hash
  picks one of SIGNATURE_SIZE bins, each bin keeps its minimum; empty bins borrow from the next filled
  one): linear in the text,
  cheap enough for the crawl pipeline, no third-party dependency;
- BANDS bands of ROWS values, each band hashed to a short keyword `<band>:<hex>`: a new article finds its
  candidate copies with one `terms` query on `syndication_bands`; at Jaccard 0.5 a pair shares a band
  with probability 0.64, at 0.7 with 0.98;
- a candidate is a copy when the signatures agree on at least COPY_SIMILARITY of their bins (estimated
  Jaccard of the shingle sets): light edits (a changed lead, a dropped last paragraph, another title) stay
  far above it, two stories sharing one quoted paragraph far below.

Shared by the crawler (crawler/pipelines/syndicate.py assigns groups) and the search CLI (which groups
hits by `syndication_group`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from hashlib import blake2b
from operator import eq

from index.vietnamese import fold

SHINGLE_WORDS = 5
SIGNATURE_SIZE = 64
BANDS, ROWS = 16, 4
COPY_SIMILARITY = 0.5
# Below this many shingles (about 40 words) a body is a notice or a caption: too little text to call
# two articles copies of each other.
MIN_SHINGLES = 36
_HASH_BITS = 64
_MASK = _EMPTY = (1 << _HASH_BITS) - 1
_PRIME = 1_000_003
_GOLDEN = 0x9E3779B97F4A7C15
_BIN_SHIFT = _HASH_BITS - (SIGNATURE_SIZE.bit_length() - 1)
_LOW_BITS = (1 << _BIN_SHIFT) - 1
_LEAVING = pow(_PRIME, SHINGLE_WORDS, 1 << _HASH_BITS)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Fingerprint:
    signature: list[int]  # SIGNATURE_SIZE bin minima (stored, not indexed: `syndication_sig`)
    bands: list[str]  # BANDS keywords (`syndication_bands`)


def _hash(text: str) -> int:
    return int.from_bytes(blake2b(text.encode(), digest_size=8).digest(), "big")


@lru_cache(maxsize=65536)
def _word_hash(word: str) -> int:
    """The folded word's hash; news vocabulary repeats, so each word is folded and hashed about once."""
    return _hash(fold(word))


def shingles(body: Iterable[str]) -> set[int]:
    """Hashes of the runs of SHINGLE_WORDS folded words (a polynomial of the words' hashes, then
    spread by a multiplication); runs never join two paragraphs."""
    found: set[int] = set()
    for paragraph in body:
        value = 0
        hashes = [_word_hash(word) for word in _WORD.findall(paragraph.lower())]
        for index, word in enumerate(hashes):
            # rolling: add the new word, take out the one that left the window
            value = value * _PRIME + word
            if index >= SHINGLE_WORDS:
                value -= hashes[index - SHINGLE_WORDS] * _LEAVING
            value &= _MASK
            if index >= SHINGLE_WORDS - 1:
                found.add((value * _GOLDEN) & _MASK)  # multiplicative hashing: the high bits pick the bin
    return found


def signature(hashes: set[int]) -> list[int]:
    bins = [_EMPTY] * SIGNATURE_SIZE
    for value in hashes:
        slot, low = value >> _BIN_SHIFT, value & _LOW_BITS
        if low < bins[slot]:
            bins[slot] = low
    return _densified(bins)


def _densified(bins: list[int]) -> list[int]:
    """Each empty bin takes the value of the next filled one (cyclically), marked with its distance so
    that two texts only agree there when they agree on the borrowed bin."""
    filled = {index for index, value in enumerate(bins) if value != _EMPTY}
    result = list(bins)
    for index, value in enumerate(bins):
        if value == _EMPTY:
            distance = next(d for d in range(1, SIGNATURE_SIZE + 1) if (index + d) % SIGNATURE_SIZE in filled)
            result[index] = _hash(f"{bins[(index + distance) % SIGNATURE_SIZE]}:{distance}") >> 8
    return result


def band_keys(sig: list[int]) -> list[str]:
    """One keyword per band: its number and 40 bits of the hash of its values."""
    return [f"{band}:{_hash(','.join(map(str, sig[band * ROWS : (band + 1) * ROWS]))) >> 24:010x}"
            for band in range(BANDS)]


def fingerprint(body: Iterable[str]) -> Fingerprint | None:
    """The body's fingerprint, or None when it is too short to be compared."""
    hashes = shingles(body)
    if len(hashes) < MIN_SHINGLES:
        return None
    sig = signature(hashes)
    return Fingerprint(sig, band_keys(sig))


def similarity(first: list[int], second: list[int]) -> float:
    """The estimated Jaccard similarity of the two bodies' shingle sets."""
    # map(eq): runs for each candidate copy of each crawled article
    return sum(map(eq, first, second)) / SIGNATURE_SIZE

