"""Keyed Bloom-filter encodings (Schnell, Bachteler & Reiher 2009), written to the published scheme.

A field's value becomes a set of tokens (letter bigrams of its matching form, plus its phonetic
key as one token); each token sets ``k`` bits of an ``l``-bit array at the positions
``(h1 + i·h2) mod l``, i = 0…k-1 (double hashing, Kirsch & Mitzenmacher 2006), where h1 and
h2 are HMAC-SHA256 of the token under two keys derived from the coalition's secret *for that
field alone* (so a token's bits in one field say nothing of the same token in another field).

Hardening against frequency and pattern attacks (docs/private-linkage.md):

- per-field keys (above);
- balancing (Schnell & Borgs 2016): the filter is followed by its complement and the 2·l bits
  are permuted under a field key, so every encoding has exactly l ones — the number of ones no
  longer tells how long a name is, and the permutation hides which half a bit came from;
- salting (Christen et al. 2018): the low-entropy fields (father's given name, year of birth)
  are hashed under a key that also depends on the family name's phonetic key, so the same
  father's name in two families gives unrelated bits and the commonest father's name is no
  longer the commonest pattern.

Dice similarity of two balanced filters is 1 − d/l (d the Hamming distance of the originals):
what :func:`dice` computes and what the DuckDB comparison computes from the bit strings.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from dataclasses import dataclass

SCHEME = "sabt-pprl-1"


def derive_key(secret: bytes, *parts: str) -> bytes:
    """A key for one purpose: HMAC-SHA256(secret, scheme | parts)."""
    return hmac.new(secret, "|".join((SCHEME, *parts)).encode(), hashlib.sha256).digest()


def check_value(secret: bytes) -> str:
    """A short fingerprint of the secret: lists encoded with different secrets cannot be linked,
    and the importer refuses to mix them. It reveals nothing usable of a 256-bit secret."""
    return derive_key(secret, "check").hex()[:16]


def bigrams(text: str | None) -> set[str]:
    """Letter bigrams of the text padded with a space at each end ("_a", "ab", …, "b_")."""
    if not text:
        return set()
    padded = f"_{text}_"
    return {padded[i:i + 2] for i in range(len(padded) - 1)}


@dataclass(frozen=True)
class FieldEncoder:
    """One field's encoder: length l (before balancing), k hash functions, and its keys."""

    name: str
    length: int
    hashes: int
    secret: bytes

    def _keys(self, salt: str) -> tuple[bytes, bytes]:
        return derive_key(self.secret, self.name, "h1", salt), derive_key(self.secret, self.name, "h2", salt)

    def positions(self, tokens: set[str], salt: str = "") -> set[int]:
        key1, key2 = self._keys(salt)
        bits: set[int] = set()
        for token in tokens:
            data = token.encode()
            h1 = int.from_bytes(hmac.new(key1, data, hashlib.sha256).digest()[:8], "big")
            h2 = int.from_bytes(hmac.new(key2, data, hashlib.sha256).digest()[:8], "big")
            bits.update((h1 + i * h2) % self.length for i in range(self.hashes))
        return bits

    def permutation(self) -> list[int]:
        """The balancing permutation of 2·l positions, drawn from a generator seeded by a field key."""
        order = list(range(2 * self.length))
        random.Random(derive_key(self.secret, self.name, "permutation")).shuffle(order)
        return order

    def encode(self, tokens: set[str], salt: str = "", permutation: list[int] | None = None) -> str | None:
        """The balanced filter as a string of 0 and 1 (2·l characters), or None without tokens."""
        if not tokens:
            return None
        ones = self.positions(tokens, salt)
        plain = [1 if i in ones else 0 for i in range(self.length)]
        balanced = plain + [1 - b for b in plain]
        order = permutation if permutation is not None else self.permutation()
        return "".join("1" if balanced[order[i]] else "0" for i in range(2 * self.length))


def dice(a: str | None, b: str | None) -> float | None:
    """Dice coefficient of two bit strings (2·|a∧b| / (|a|+|b|))."""
    if not a or not b:
        return None
    x, y = int(a, 2), int(b, 2)
    total = a.count("1") + b.count("1")
    return 2 * (x & y).bit_count() / total if total else None
