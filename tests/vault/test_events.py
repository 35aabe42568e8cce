"""The other custody events (viewed, transferred, redacted copy, protected) and the signing key."""

from __future__ import annotations

import os
import stat

import pytest
from sqlalchemy import select

from sabt.errors import KeyMissing
from sabt.store import models
from sabt.vault import (
    add_files,
    add_redacted_copy,
    checkpoint,
    public_key,
    set_protected,
    transfer,
    verify,
    view,
)
from sabt.vault.custody import read_lines
from sabt.vault.signing import load_or_create


def _events(case):
    return [line.obj for line in read_lines(case.vault_dir / "custody.jsonl")]


def test_view_transfer_redact_protect_are_logged(case, files):
    (files / "face.jpg").write_bytes(b"a face")
    (files / "face-blurred.jpg").write_bytes(b"a blurred face")
    [original] = add_files(case, [files / "face.jpg"], actor="alice")
    path = view(case, original.sha256[:8], actor="bob", purpose="review")
    assert path.read_bytes() == b"a face"
    transfer(case, original.sha256, to="ICC Office of the Prosecutor", actor="alice")
    copy = add_redacted_copy(
        case, original.sha256, files / "face-blurred.jpg", note="faces blurred"
    )
    set_protected(case, original.sha256)
    events = [(e["event"], e.get("actor")) for e in _events(case)]
    assert ("viewed", "bob") in events and ("transferred", "alice") in events
    redacted = next(e for e in _events(case) if e["event"] == "redacted_copy")
    assert redacted["object"] == copy.sha256 and redacted["derived_from"] == original.sha256
    with case.session() as session:
        assert session.scalar(
            select(models.Evidence.protected).where(models.Evidence.sha256 == original.sha256)
        )
        row = session.scalar(select(models.Evidence).where(models.Evidence.sha256 == copy.sha256))
        assert row.derived_from_sha256 == original.sha256 and not row.protected
    assert verify(case).ok


def test_checkpoint_records_the_key_in_the_case(case, files, signing_key):
    (files / "a").write_bytes(b"a")
    add_files(case, [files / "a"])
    result = checkpoint(case)
    assert result["public_key"] == public_key()["public_key"]
    assert result["public_key"] in case.setting("vault_signing_keys")


def test_signing_key_is_private_and_refused_when_not(signing_key):
    key = load_or_create()
    assert stat.S_IMODE(signing_key.stat().st_mode) == 0o600
    assert load_or_create().public_hex == key.public_hex
    os.chmod(signing_key, 0o644)
    with pytest.raises(KeyMissing, match="can be read by others"):
        load_or_create()


def test_signing_key_that_is_not_a_key(signing_key):
    signing_key.parent.mkdir(parents=True, exist_ok=True)
    signing_key.write_text("not a key")
    os.chmod(signing_key, 0o600)
    with pytest.raises(KeyMissing, match="not an Ed25519"):
        load_or_create()
