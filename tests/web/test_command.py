"""`sabt user …` through its typer app (the CLI registers it as `sabt user`)."""

from __future__ import annotations

from typer.testing import CliRunner

from sabt.cli.serve import user_app
from sabt.web import auth

runner = CliRunner()


def test_user_add_token_list_disable(case_db, cli_env, tmp_path, case):
    password = tmp_path / "pw.txt"
    password.write_text("a long enough password\n", encoding="utf-8")
    added = runner.invoke(user_app, ["add", "sara", "--db", case_db, "--role", "analyst", "--password-file", str(password)])
    assert added.exit_code == 0, added.output
    token = runner.invoke(user_app, ["token", "sara", "--db", case_db, "--days", "7"])
    assert token.exit_code == 0 and token.output.strip().startswith("sabt_")
    assert auth.actor_for_token(case, token.output.strip()).role == "analyst"
    listed = runner.invoke(user_app, ["list", "--db", case_db])
    assert "sara" in listed.output and "analyst" in listed.output
    assert "a long enough password" not in listed.output
    assert runner.invoke(user_app, ["disable", "sara", "--db", case_db]).exit_code == 0
    assert auth.actor_for_token(case, token.output.strip()) is None


def test_user_add_prompts_twice_and_refuses_bad_input(case_db, cli_env, tmp_path):
    prompted = runner.invoke(user_app, ["add", "reza", "--db", case_db, "--role", "viewer"],
                             input="another long password\nanother long password\n")
    assert prompted.exit_code == 0, prompted.output
    bad_role = runner.invoke(user_app, ["add", "x", "--db", case_db, "--role", "root"],
                             input="another long password\nanother long password\n")
    assert bad_role.exit_code == 1 and "role" in bad_role.output
    assert runner.invoke(user_app, ["token", "nobody", "--db", case_db]).exit_code == 1
    missing = runner.invoke(user_app, ["list", "--db", str(tmp_path / "none.sabt")])
    assert missing.exit_code == 1 and "Traceback" not in missing.output


def test_serve_with_two_processes_shares_sessions(case, seeded, users, key_file, tmp_path):
    """`sabt serve --workers 2`: a session made through one connection works on every other
    (each may land on either process); the server log gets the requests of both."""
    import re
    import socket
    import subprocess
    import sys
    import time

    import httpx

    from .conftest import PASSWORD

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "server.log"
    code = ("import sys; from pathlib import Path; from sabt.cli.serve import run_server; "
            "run_server(sys.argv[1], '127.0.0.1', int(sys.argv[2]), Path(sys.argv[3]), True, 2)")
    process = subprocess.Popen([sys.executable, "-c", code, case.settings.db, str(port), str(log)],
                               env={**__import__("os").environ, "SABT_KEY_FILE": str(key_file)})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300     # a generous bound on a loaded machine, not a speed check
        while True:
            try:
                httpx.get(base + "/login", timeout=30)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        with httpx.Client(base_url=base, timeout=60) as client:
            token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
            signed = client.post("/login", data={"username": "viewer", "password": PASSWORD, "csrf_token": token})
            assert signed.status_code == 303
            cookie = client.cookies.get(auth.SESSION_COOKIE)
        for _ in range(12):                               # a new connection each time
            page = httpx.get(base + "/claims", cookies={auth.SESSION_COOKIE: cookie}, timeout=60)
            assert page.status_code == 200 and "viewer" in page.text
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert log.read_text(encoding="utf-8").count("GET /claims 200") == 12
