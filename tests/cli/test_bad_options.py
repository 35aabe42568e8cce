"""Every command refuses a bad option value at once: one line, a non-zero exit, no traceback,
JSON under --json — and the case is left as it was."""

from __future__ import annotations

import json
import socket

import pytest

from tests.cli.readme import REPO, run_sabt

TOUR = REPO / "examples" / "tour"


def unused_local_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


BAD = [
    ["report", "--db", "case.sabt", "--out", "out", "--lang", "de"],
    ["run", str(REPO / "examples" / "iran-2026"), "--out", "out", "--lang", "de"],
    ["link", "--db", "case.sabt", "--backend", "foo"],
    ["import", "list", str(TOUR / "list-latin.csv"), "--db", "case.sabt", "--source", "s", "--calendar", "julian"],
    ["import", "list", str(TOUR / "list-latin.csv"), "--db", "case.sabt", "--source", "s", "--encoding", "latin1"],
    ["import", "list", str(TOUR / "list-latin.csv"), "--db", "case.sabt", "--source", "s", "--format", "docx"],
    ["estimate", "--counts", str(TOUR / "kosovo.csv"), "--max-order", "5"],
    ["estimate", "--counts", str(TOUR / "kosovo.csv"), "--method", "petersen"],
    ["vault", "export", "--db", "case.sabt", "--bag", "bag", "--role", "boss"],
    ["export", "records", "--db", "case.sabt", "-o", "/nonexistent/dir/x.csv"],
    ["export", "records", "--db", "case.sabt", "--format", "docx", "-o", "x.docx"],
    ["actors", "export", "--db", "case.sabt", "--format", "rdf", "-o", "a.json"],
    ["actors", "designation", "unit-x", "--db", "case.sabt", "-o", "n.docx"],
    ["import", "incidents", str(REPO / "examples" / "iran-2026" / "incidents.json"), "--db", "case.sabt"],
    ["user", "add", "x", "--db", "case.sabt", "--role", "root", "--password-file", "pw"],
    ["simulate", "lists", "--out", "sim", "--persian-encoding", "latin1"],
    ["link", "--db", "case.sabt", "--no-such-option"],
    ["link"],
    ["no-such-command"],
    ["stats", "--db", "missing.sabt"],
]


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    env = {"SABT_KEY_FILE": str(folder / "k.key")}
    assert run_sabt(["init", "case.sabt"], folder, env).returncode == 0
    assert run_sabt(["import", "list", str(TOUR / "list-latin.csv"), "--db", "case.sabt", "--source", "org-latin"],
                    folder, env).returncode == 0
    return folder, env


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


@pytest.mark.parametrize("args", BAD, ids=lambda args: " ".join(args[:1] + args[-2:]))
def test_a_bad_value_is_refused_in_one_line(case_dir, args):
    folder, env = case_dir
    before = (folder / "case.sabt").read_bytes()
    result = run_sabt(args, folder, env)
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    lines = error_lines(result.stderr)
    assert lines[0].startswith("error: "), result.stderr
    if args[:2] != ["import", "incidents"]:  # a refused file lists each of its problems below
        assert len(lines) == 1, result.stderr
    assert (folder / "case.sabt").read_bytes() == before
    assert not (folder / "out").exists() and not (folder / "bag").exists() and not (folder / "sim").exists()


def test_the_refused_value_and_the_choices_are_named(case_dir):
    folder, env = case_dir
    result = run_sabt(["report", "--db", "case.sabt", "--out", "out", "--lang", "de"], folder, env)
    assert result.stderr.strip() == "error: --lang 'de' is not one of en, fa"


@pytest.mark.parametrize("args", [
    ["estimate", "--counts", str(TOUR / "kosovo.csv"), "--max-order", "5", "--json"],
    ["stats", "--db", "missing.sabt", "--json"],
    ["link", "--db", "case.sabt", "--nope", "--json"],
], ids=["parse-time", "run-time", "usage"])
def test_under_json_the_error_is_the_json_object_on_the_last_line(case_dir, args):
    folder, env = case_dir
    result = run_sabt(args, folder, env)
    assert result.returncode != 0
    error = json.loads(result.stdout.strip().splitlines()[-1])["error"]
    assert error and error in result.stderr.replace("\n", " ")


def test_init_with_no_database_server_says_so(tmp_path):
    url = f"postgresql://sabt:sabt@127.0.0.1:{unused_local_port()}/nowhere"
    result = run_sabt(["init", url], tmp_path, {"SABT_KEY_FILE": str(tmp_path / "k.key")})
    assert result.returncode != 0 and "Traceback" not in result.stderr
    lines = error_lines(result.stderr)
    assert len(lines) == 1 and "cannot open the case database" in lines[0] and "refused" in lines[0]


def test_the_shells_choice_lists_are_the_cores():
    """The CLI spells out a few choice lists so `sabt --help` stays light: they must not drift."""
    from sabt.cli import _shell
    from sabt.export import FORMATS
    from sabt.ingest.readers import ENCODINGS as LIST_ENCODINGS
    from sabt.simulate._io import ENCODINGS

    assert _shell.EXPORT_FORMATS == FORMATS and _shell.SIMULATED_ENCODINGS == ENCODINGS
    assert _shell.ENCODINGS == LIST_ENCODINGS
    from sabt.web.tokens import SCOPES
    assert _shell.TOKEN_SCOPES == SCOPES


def test_serve_on_a_busy_port_says_so_in_one_line(case_dir):
    folder, env = case_dir
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = run_sabt(["serve", "--db", "case.sabt", "--port", str(port)], folder, env, timeout=120)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "serving" not in result.stdout + result.stderr
    lines = error_lines(result.stderr)
    assert len(lines) == 1 and lines[0].startswith(f"error: port {port} is in use; try --port "), result.stderr
    suggested = int(lines[0].rpartition(" ")[2])
    assert suggested > port
