"""Every way of tampering the issue lists is detected and named: objects and log lines."""

from __future__ import annotations

import json
import os

import pytest

from sabt.errors import VaultTampered
from sabt.vault import add_files, checkpoint, verify, verify_log
from sabt.vault.custody import canonical, line_hash, signed_message
from sabt.vault.objects import object_path
from sabt.vault.signing import load_or_create


@pytest.fixture
def filled(case, files, monkeypatch):
    """A vault with six objects, a checkpoint every 5 lines and one at the end."""
    monkeypatch.setenv("SABT_CHECKPOINT_EVERY", "5")
    paths = []
    for i in range(6):
        path = files / f"photo-{i}.jpg"
        path.write_bytes(f"photo number {i} ".encode() * 50)
        paths.append(path)
    results = add_files(case, paths)
    checkpoint(case)
    report = verify(case)
    assert report.ok, [str(f) for f in report.findings]
    return results


def _lines(case):
    return (case.vault_dir / "custody.jsonl").read_bytes().splitlines(keepends=True)


def _write(case, lines):
    (case.vault_dir / "custody.jsonl").write_bytes(b"".join(lines))


def _kinds(report):
    return {(f.kind, f.where) for f in report.findings}


def _seq_line(case, event, nth=0):
    found = [i for i, raw in enumerate(_lines(case)) if json.loads(raw)["event"] == event]
    return found[nth]


def test_good_object_and_its_one_byte_twin(case, filled):
    """A good object verifies; its twin with one byte flipped is named changed."""
    good, bad = filled[0], filled[1]
    path = object_path(case.vault_dir, bad.sha256)
    os.chmod(path, 0o644)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    for report in (verify(case), verify_log(case.vault_dir)):
        assert not report.ok
        [finding] = report.findings
        assert finding.kind == "changed"
        assert bad.sha256 in finding.where and "photo-1.jpg" in finding.where
        assert good.sha256 not in finding.where


def test_object_deleted(case, filled):
    object_path(case.vault_dir, filled[2].sha256).unlink()
    for report in (verify(case), verify_log(case.vault_dir)):
        [finding] = report.findings
        assert finding.kind == "missing" and filled[2].sha256 in finding.where


def test_object_planted(case, filled):
    planted = case.vault_dir / "objects" / "sha256" / "ab" / ("ab" + "0" * 62)
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_bytes(b"planted")
    report = verify(case)
    assert [f.kind for f in report.findings] == ["unrecorded"]


def test_field_of_a_log_line_edited(case, filled):
    lines = _lines(case)
    index = _seq_line(case, "acquired", 2)
    obj = json.loads(lines[index])
    obj["name"] = "someone-else.jpg"
    lines[index] = canonical(obj) + b"\n"
    _write(case, lines)
    for report in (verify(case), verify_log(case.vault_dir)):
        assert not report.ok
        assert ("edited", f"custody.jsonl line {index + 1} (seq {obj['seq']}, acquired)") in _kinds(
            report
        )


def test_last_line_edited_is_caught_by_the_index(case, filled):
    lines = _lines(case)
    obj = json.loads(lines[-1])
    obj["actor"] = "mallory"
    lines[-1] = canonical(obj) + b"\n"
    _write(case, lines)
    report = verify(case)
    assert ("edited", f"custody.jsonl line {len(lines)} (seq {obj['seq']}, checkpoint)") in _kinds(
        report
    )
    assert "bad signature" in {f.kind for f in report.findings}


def test_line_deleted(case, filled):
    lines = _lines(case)
    index = _seq_line(case, "added", 1)
    seq = json.loads(lines[index])["seq"]
    del lines[index]
    _write(case, lines)
    for report in (verify(case), verify_log(case.vault_dir)):
        assert ("missing", f"custody.jsonl seq {seq}") in _kinds(report)


def test_two_lines_swapped(case, filled):
    lines = _lines(case)
    lines[3], lines[4] = lines[4], lines[3]
    _write(case, lines)
    for report in (verify(case), verify_log(case.vault_dir)):
        assert ("reordered", "custody.jsonl lines 4–5") in _kinds(report)


def test_cut_short_mid_line(case, filled):
    path = case.vault_dir / "custody.jsonl"
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.truncate(size - 40)
    n = len(_lines(case))
    for report in (verify(case), verify_log(case.vault_dir)):
        assert ("truncated", f"custody.jsonl line {n}") in _kinds(report)


def test_cut_short_at_a_line_boundary(case, filled):
    """The log alone cannot know lines after its end existed; the case's index does."""
    lines = _lines(case)
    _write(case, lines[:-4])
    report = verify(case)
    truncated = [f for f in report.findings if f.kind == "truncated"]
    assert truncated and "4 more line(s)" in truncated[0].detail
    # the objects whose 'added' lines were cut are now unrecorded, even for the log alone
    log_only = verify_log(case.vault_dir)
    assert not log_only.ok and {f.kind for f in log_only.findings} == {"unrecorded"}


def test_appending_to_a_damaged_log_is_refused(case, filled, files):
    lines = _lines(case)
    _write(case, lines[:-2])
    (files / "new").write_bytes(b"new evidence")
    with pytest.raises(VaultTampered, match="does not end where the case's index does"):
        add_files(case, [files / "new"])


def test_checkpoint_signature_edited(case, filled):
    lines = _lines(case)
    index = _seq_line(case, "checkpoint", 0)
    obj = json.loads(lines[index])
    obj["signed_events"] = 999  # a signed field changed, signature kept
    lines[index] = canonical(obj) + b"\n"
    _write(case, lines)
    for report in (verify(case), verify_log(case.vault_dir)):
        assert (
            "bad signature",
            f"custody.jsonl line {index + 1} (seq {obj['seq']}, checkpoint)",
        ) in _kinds(report)


def test_rewritten_chain_with_forged_checkpoints(case, filled, tmp_path, monkeypatch):
    """An attacker edits a line, recomputes the whole chain and re-signs every checkpoint
    with a key of their own: the chain holds, but the checkpoints are forged."""
    monkeypatch.setenv("SABT_SIGNING_KEY", str(tmp_path / "mallory.key"))
    mallory = load_or_create()
    honest = json.loads(_lines(case)[-1])["public_key"]
    out, prev = [], "0" * 64
    for raw in _lines(case):
        obj = json.loads(raw)
        if obj.get("name") == "photo-3.jpg":
            obj["name"] = "staged-scene.jpg"
        obj["prev"] = prev
        if obj["event"] == "checkpoint":
            obj.pop("sig")
            obj["public_key"], obj["key_id"] = mallory.public_hex, mallory.key_id
            obj["sig"] = mallory.sign(signed_message(obj))
        line = canonical(obj)
        prev = line_hash(line)
        out.append(line + b"\n")
    _write(case, out)
    report = verify(case)  # pins the key the case recorded
    kinds = {f.kind for f in report.findings}
    assert "forged checkpoint" in kinds and "edited" in kinds  # edited: the index's line hashes
    assert verify_log(case.vault_dir, pinned_keys=[honest]).findings[0].kind == "forged checkpoint"


def test_forged_checkpoint_appended_with_another_key(case, filled, tmp_path, monkeypatch):
    monkeypatch.setenv("SABT_SIGNING_KEY", str(tmp_path / "mallory.key"))
    mallory = load_or_create()
    lines = _lines(case)
    last = json.loads(lines[-1])
    obj = {
        "v": 1,
        "seq": last["seq"] + 1,
        "at": last["at"],
        "actor": "cli",
        "event": "checkpoint",
        "prev": line_hash(lines[-1].rstrip(b"\n")),
        "public_key": mallory.public_hex,
        "key_id": mallory.key_id,
    }
    obj["sig"] = mallory.sign(signed_message(obj))
    _write(case, lines + [canonical(obj) + b"\n"])
    where = f"custody.jsonl line {len(lines) + 1} (seq {obj['seq']}, checkpoint)"
    assert ("forged checkpoint", where) in _kinds(verify(case))
    # the log alone, without a pinned key: the key differs from the earlier checkpoints'
    assert ("forged checkpoint", where) in _kinds(verify_log(case.vault_dir))


def test_log_deleted(case, filled):
    (case.vault_dir / "custody.jsonl").unlink()
    report = verify(case)
    assert ("missing", "custody.jsonl") in _kinds(report)


def test_untampered_vault_verifies_by_its_log_alone(case, filled):
    report = verify_log(case.vault_dir)
    assert report.ok and report.objects_checked == 6 and report.checkpoints_checked >= 2
