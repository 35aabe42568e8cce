"""`sabt vault …`: the commands, their exit codes, and clear errors instead of tracebacks."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from sabt.cli.vault import vault_app
from sabt.vault.objects import object_path

from . import media


@pytest.fixture
def run(vault_settings, cli_env):
    runner = CliRunner()

    def invoke(*args, db=True):
        extra = ["--db", vault_settings.db, "--vault", str(vault_settings.vault_dir)] if db else []
        return runner.invoke(vault_app, [*args, *extra], catch_exceptions=False)

    return invoke


def test_add_verify_export_verify_bag(run, files, tmp_path):
    media.image(files / "a.jpg", seed=1)
    media.reencoded(files / "a.jpg", files / "b.jpg")
    result = run(
        "add", str(files / "a.jpg"), str(files / "b.jpg"), "--note", "from a phone", "--json"
    )
    assert result.exit_code == 0, result.output
    added = json.loads(result.output.strip().splitlines()[-1])["added"]
    assert [a["new"] for a in added] == [True, True]

    result = run("verify", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.strip().splitlines()[-1])["ok"] is True

    result = run("similar", added[0]["sha256"][:12], "--max-distance", "8")
    assert result.exit_code == 0 and added[1]["sha256"][:16] in result.output

    assert run("checkpoint").exit_code == 0
    result = run("export", "--bag", str(tmp_path / "bag"))
    assert result.exit_code == 0, result.output
    result = run("verify-bag", str(tmp_path / "bag"), db=False)
    assert result.exit_code == 0, result.output and "verified" in result.output


def test_verify_fails_and_names_the_object(run, files, vault_settings):
    (files / "a.bin").write_bytes(b"original bytes")
    sha = json.loads(run("add", str(files / "a.bin"), "--json").output.strip().splitlines()[-1])[
        "added"
    ][0]["sha256"]
    path = object_path(vault_settings.vault_dir, sha)
    os.chmod(path, 0o644)
    path.write_bytes(b"original bytez")
    result = run("verify")
    assert result.exit_code == 1
    assert f"changed: object {sha} (a.bin)" in result.output
    # the log alone, from the folder only
    result = CliRunner().invoke(vault_app, ["verify", "--vault", str(vault_settings.vault_dir)])
    assert result.exit_code == 1 and "changed" in result.output


def test_errors_are_messages_not_tracebacks(run, files, vault_settings, tmp_path):
    result = run("add", str(files / "missing.jpg"))
    assert result.exit_code == 1 and "no file" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(vault_app, ["verify", "--db", str(tmp_path / "nope.sabt")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    result = run("similar", "ffffffffff")
    assert result.exit_code == 1 and "no object" in result.output
    result = run("link", "ffffffffff")
    assert result.exit_code == 1 and "exactly one of" in result.output
    result = run("verify-bag", str(tmp_path), db=False)
    assert result.exit_code == 1 and "not a BagIt bag" in result.output


def test_warc_and_link(run, files, vault_settings):
    from sabt.case import Case
    from sabt.store import models

    warc = media.warc(files / "c.warc.gz", [("https://example.org/", "text/html", b"<p>hi</p>")])
    result = run("warc", str(warc), "--json")
    assert result.exit_code == 0, result.output
    capture = json.loads(result.output.strip().splitlines()[-1])["captures"][0]
    assert capture["url"] == "https://example.org/"
    with Case.open(vault_settings) as case, case.session() as session:
        incident = models.Incident(title="t", type="killing")
        session.add(incident)
        session.commit()
        incident_id = incident.id
    result = run("link", capture["sha256"][:10], "--incident", str(incident_id))
    assert result.exit_code == 0 and "linked" in result.output


def test_a_damaged_warc_is_refused_then_kept_on_request(run, files):
    from . import warcs

    whole = warcs.plain(files / "whole.warc", gzipped=False)
    cut = warcs.cut(whole, files / "cut.warc", whole.stat().st_size - 60)
    result = run("warc", str(cut))
    assert result.exit_code == 1
    assert "refused, nothing stored" in result.output and "Traceback" not in result.output
    result = run("warc", str(cut), "--allow-damaged", "--json")
    assert result.exit_code == 0, result.output
    captures = json.loads(result.output.strip().splitlines()[-1])["captures"]
    assert any("cut short" in note for c in captures for note in c["notes"])


def test_capture_without_the_network_is_a_clear_refusal(run):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run("capture", f"http://127.0.0.1:{port}/")
    assert result.exit_code == 1
    assert "cannot reach 127.0.0.1" in result.output and "Traceback" not in result.output
