"""docs/vault.md's by-hand checks really verify a vault, and really fail on a tampered one."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sabt.vault import add_files, checkpoint

DOC = Path(__file__).resolve().parents[2] / "docs" / "vault.md"


def _block(language: str, starts: str) -> str:
    for body in re.findall(rf"```{language}\n(.*?)```", DOC.read_text(), re.S):
        if body.startswith(starts):
            return body
    raise AssertionError(f"no {language} block starting {starts!r} in {DOC}")


@pytest.fixture
def vault(case, files, tmp_path):
    for i in range(4):
        (files / f"{i}.bin").write_bytes(f"object {i}".encode() * 100)
    add_files(case, sorted(files.iterdir()))
    checkpoint(case)
    script = tmp_path / "verify.py"
    script.write_text(_block("python", "import hashlib"))
    return case.vault_dir, script


def _run(script, vault_dir):
    return subprocess.run(
        [sys.executable, str(script), str(vault_dir)], capture_output=True, text=True
    )


def test_the_script_verifies_a_good_vault(vault):
    vault_dir, script = vault
    assert len(script.read_text().splitlines()) <= 20
    result = _run(script, vault_dir)
    assert result.returncode == 0 and result.stdout.strip() == "OK", result.stdout + result.stderr


def test_the_script_fails_on_swapped_lines_and_a_changed_object(vault):
    vault_dir, script = vault
    log = vault_dir / "custody.jsonl"
    lines = log.read_bytes().splitlines(keepends=True)
    lines[2], lines[3] = lines[3], lines[2]
    log.write_bytes(b"".join(lines))
    result = _run(script, vault_dir)
    assert result.returncode == 1 and "line 3: broken chain" in result.stdout


def test_the_script_and_sha256sum_fail_on_a_changed_object(vault):
    vault_dir, script = vault
    target = next(p for p in (vault_dir / "objects" / "sha256").rglob("*") if p.is_file())
    os.chmod(target, 0o644)
    target.write_bytes(target.read_bytes() + b"!")
    result = _run(script, vault_dir)
    assert result.returncode == 1 and f"object {target.name}: changed" in result.stdout
    shell = _block("sh", "cd case.sabt.vault").replace("cd case.sabt.vault", f"cd {vault_dir}")
    result = subprocess.run(["bash", "-c", shell], capture_output=True, text=True)
    assert result.returncode != 0 and target.name in result.stdout + result.stderr


def test_sha256sum_passes_on_a_good_vault(vault):
    vault_dir, _ = vault
    shell = _block("sh", "cd case.sabt.vault").replace("cd case.sabt.vault", f"cd {vault_dir}")
    result = subprocess.run(["bash", "-c", shell], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
