"""The installation's Ed25519 signing key: it signs the custody log's checkpoints and bags.

The key belongs to the installation, not to the case, so whoever holds a copy of a case
cannot re-sign a rewritten log with it. It lives outside the case: ``$SABT_SIGNING_KEY`` if
set, else ``$XDG_DATA_HOME/sabt/signing/ed25519.key`` (``~/.local/share/…`` by default). It is
created on first use, readable by its owner only (mode 0600), and refused when others can
read it. Its public half is written into every checkpoint, so the log verifies alone; pin
the expected public key to tell a forged checkpoint signed by another key.
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from sabt.errors import KeyMissing, SabtError


def default_key_path() -> Path:
    explicit = os.environ.get("SABT_SIGNING_KEY")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "sabt" / "signing" / "ed25519.key"


def key_id(public_hex: str) -> str:
    """A short, stable name of a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(bytes.fromhex(public_hex)).hexdigest()[:16]


@dataclass(frozen=True)
class SigningKey:
    private: Ed25519PrivateKey
    path: Path

    @property
    def public_hex(self) -> str:
        raw = self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return raw.hex()

    @property
    def key_id(self) -> str:
        return key_id(self.public_hex)

    def sign(self, message: bytes) -> str:
        return base64.b64encode(self.private.sign(message)).decode("ascii")


def load_or_create(path: Path | None = None) -> SigningKey:
    """The installation key at ``path`` (default :func:`default_key_path`), made on first use."""
    path = path or default_key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        private = Ed25519PrivateKey.generate()
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return load_or_create(path)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        return SigningKey(private, path)
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyMissing(
            f"the signing key {path} can be read by others (mode {stat.S_IMODE(mode):o}); "
            f"make it private with `chmod 600 {path}`"
        )
    try:
        private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError):
        raise KeyMissing(f"{path} is not an Ed25519 signing key") from None
    if not isinstance(private, Ed25519PrivateKey):
        raise KeyMissing(f"{path} is not an Ed25519 signing key")
    return SigningKey(private, path)


def verify_signature(public_hex: str, signature_b64: str, message: bytes) -> bool:
    """True only when ``signature_b64`` is a valid signature of ``message`` by ``public_hex``."""
    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
        public.verify(base64.b64decode(signature_b64, validate=True), message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    except Exception as error:  # a malformed key or signature is a failed verification
        if isinstance(error, SabtError):
            raise
        return False
    return True
