"""Sealing protected identities: AES-GCM at rest, keyed blind indexes for search.

The case key (32 random bytes) lives in a file outside the case file. Two sub-keys are derived
from it with HKDF: one encrypts (AES-256-GCM, a fresh 96-bit nonce per value, the table name
as associated data so a sealed value cannot be moved to another table), one computes blind
indexes (HMAC-SHA256 of a value's matching form), so an exact search works without
decrypting and without the plain value ever reaching the database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sabt.errors import KeyMissing, SabtError

KEY_BYTES = 32
NONCE_BYTES = 12
FORMAT_VERSION = b"\x01"


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"sabt/" + purpose).derive(master)


@dataclass(frozen=True)
class CaseKey:
    encryption_key: bytes
    index_key: bytes
    fingerprint: str

    @classmethod
    def from_master(cls, master: bytes) -> "CaseKey":
        if len(master) != KEY_BYTES:
            raise KeyMissing(f"the key must be {KEY_BYTES} bytes, found {len(master)}")
        fingerprint = hashlib.sha256(_derive(master, b"fingerprint")).hexdigest()[:16]
        return cls(_derive(master, b"encrypt"), _derive(master, b"index"), fingerprint)

    def seal(self, values: dict, table: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        plain = json.dumps(values, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return FORMAT_VERSION + nonce + AESGCM(self.encryption_key).encrypt(nonce, plain, table.encode())

    def unseal(self, sealed: bytes, table: str) -> dict:
        if not sealed or sealed[:1] != FORMAT_VERSION:
            raise SabtError("a sealed value is damaged or of an unknown format")
        nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
        try:
            plain = AESGCM(self.encryption_key).decrypt(nonce, body, table.encode())
        except Exception:
            raise SabtError("a sealed value does not open with this case's key") from None
        return json.loads(plain)

    def blind_index(self, value: str) -> str:
        return hmac.new(self.index_key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def create_key_file(path: Path) -> CaseKey:
    """Write a new random key, readable by its owner only; never overwrite an existing one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    master = secrets.token_bytes(KEY_BYTES)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(master.hex().encode() + b"\n")
    return CaseKey.from_master(master)


def load_key_file(path: Path) -> CaseKey:
    try:
        text = path.read_text().strip()
    except FileNotFoundError:
        raise KeyMissing(
            f"the key that protects identities in this case is not at {path}; "
            "set SABT_KEY_FILE to the key file made by `sabt init`"
        ) from None
    try:
        master = bytes.fromhex(text)
    except ValueError:
        raise KeyMissing(f"{path} is not a sabt key file") from None
    return CaseKey.from_master(master)
