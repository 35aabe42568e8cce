"""Under --json, stdout is the one JSON object and nothing else: `sabt stats --db c --json | jq`
works. Tables and summaries meant for a person go to stderr."""

from __future__ import annotations

import json

import pytest

from tests.cli.readme import REPO, run_sabt

TOUR = REPO / "examples" / "tour"
EXAMPLE = REPO / "examples" / "iran-2026"


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("json")
    env = {"SABT_KEY_FILE": str(folder / "k.key")}
    assert run_sabt(["init", "case.sabt"], folder, env).returncode == 0
    (folder / "pw.txt").write_text("quiet lantern orbit meadow\n", encoding="utf-8")
    for args in (["user", "add", "amir", "--db", "case.sabt", "--role", "analyst", "--password-file", "pw.txt"],
                 ["user", "token", "amir", "--db", "case.sabt", "--name", "nightly"]):
        assert run_sabt(args, folder, env).returncode == 0
    return folder, env


COMMANDS = [  # in this order: each may need the ones before it
    ["import", "claims", str(EXAMPLE / "sources.json"), "--db", "case.sabt", "--json"],
    ["import", "list", str(TOUR / "list-latin.csv"), "--db", "case.sabt", "--source", "org-latin", "--json"],
    ["stats", "--db", "case.sabt", "--json"],
    ["vault", "add", str(TOUR / "photo.jpg"), "--db", "case.sabt", "--json"],
    ["vault", "verify", "--db", "case.sabt", "--json"],
    ["law", "matrix", "--db", "case.sabt", "--json"],
    ["user", "list", "--db", "case.sabt", "--json"],
    ["user", "tokens", "amir", "--db", "case.sabt", "--json"],
    ["user", "sessions", "amir", "--db", "case.sabt", "--json"],
    ["user", "policy", "--db", "case.sabt", "--json"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args[:2]))
def test_stdout_holds_the_json_object_alone(case_dir, args):
    folder, env = case_dir
    result = run_sabt(args, folder, env)
    assert result.returncode == 0, result.stderr
    assert isinstance(json.loads(result.stdout), dict), result.stdout[:500]
    assert result.stdout.count("\n") == 1
