"""`sabt serve` and `sabt user …`: thin shells over :func:`sabt.web.create_app` and
:mod:`sabt.web.auth`, turning :class:`~sabt.errors.SabtError` into a clean message."""

from __future__ import annotations

import errno
import json
import os
import socket
from pathlib import Path

import typer

from sabt.cli._shell import fail, one_of, open_case, plain, user_errors
from sabt.errors import SabtError
from sabt.settings import REPORT_LANGUAGES
from sabt.web.permissions import ROLES

user_app = typer.Typer(rich_markup_mode=None, help="Accounts of the web app: add, token, list, disable.", no_args_is_help=True,
                       add_completion=False)


def app_from_environment():
    """The app for one of several server processes (``sabt serve --workers N``): each process
    opens the case named in ``SABT_SERVE_DB`` itself. Sessions and the login rate limit live in
    the store, so the processes share them."""
    from sabt.web import create_app

    log = os.environ.get("SABT_SERVE_LOG")
    case = open_case(os.environ["SABT_SERVE_DB"], actor="web")
    return create_app(case, secure_cookies=os.environ.get("SABT_SERVE_INSECURE_COOKIES") != "1",
                      log_path=Path(log) if log else None)


def server_options(host: str, port: int, forwarded_allow_ips: str | None = None) -> dict:
    """uvicorn's options. Proxy headers (``X-Forwarded-For``) are believed only from the addresses
    ``forwarded_allow_ips`` names — by default from none, not even loopback (uvicorn's default),
    or anyone on the machine could pick the address the login limit counts."""
    # uvicorn's own access log would write query strings (a searched name); ours does not
    options = dict(host=host, port=port, access_log=False, log_level="warning", server_header=False,
                   proxy_headers=bool(forwarded_allow_ips))
    if forwarded_allow_ips:
        options["forwarded_allow_ips"] = forwarded_allow_ips
    return options


def run_server(db: str, host: str, port: int, log: Path | None, insecure_cookies: bool, workers: int,
               forwarded_allow_ips: str | None = None) -> None:
    """Run uvicorn over the case: in this process, or in ``workers`` processes sharing the port."""
    import uvicorn

    options = server_options(host, port, forwarded_allow_ips)
    if workers == 1:
        from sabt.web import create_app

        app = create_app(open_case(db, actor="web"), secure_cookies=not insecure_cookies,
                         log_path=log)
        uvicorn.run(app, **options)
        return
    os.environ.update(SABT_SERVE_DB=db, SABT_SERVE_INSECURE_COOKIES="1" if insecure_cookies else "0")
    if log is not None:
        os.environ["SABT_SERVE_LOG"] = str(log)
    uvicorn.run("sabt.cli.serve:app_from_environment", factory=True, workers=workers, **options)


def serve_command(
    db: str = typer.Option(..., "--db", help="case database (SQLite path or postgresql:// URL)"),
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on (loopback by default)"),
    port: int = typer.Option(8000, "--port", help="port to listen on"),
    log: Path | None = typer.Option(None, "--log", help="server log file (method, path, status, time, user)"),
    insecure_cookies: bool = typer.Option(False, "--insecure-cookies",
                                          help="send cookies over plain HTTP (only behind no proxy, on loopback)"),
    workers: int = typer.Option(1, "--workers", min=1, max=64,
                                help="server processes (about one per CPU core; they share sessions through the store)"),
    forwarded_allow_ips: str | None = typer.Option(
        None, "--forwarded-allow-ips",
        help="comma-separated addresses of a reverse proxy whose X-Forwarded-For is believed (none by default)"),
) -> None:
    """Serve the web app and JSON API (put it behind HTTPS; cookies are Secure by default)."""
    from sabt.web import create_app

    with user_errors():
        if insecure_cookies and host not in ("127.0.0.1", "localhost", "::1"):
            raise SabtError("--insecure-cookies is only allowed on a loopback address")
        create_app(open_case(db, actor="web"), secure_cookies=not insecure_cookies)  # fail here, clearly
        refuse_busy_port(host, port)
    typer.echo(f"sabt: serving {db} on http://{host}:{port}" + (f" with {workers} processes" if workers > 1 else ""))
    run_server(db, host, port, log, insecure_cookies, workers, forwarded_allow_ips)


def port_in_use(host: str, port: int) -> bool:
    """Whether another program already listens on ``host:port`` (bound as uvicorn binds it)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return True
            raise
    return False


def refuse_busy_port(host: str, port: int) -> None:
    """Refuse, before saying "serving", a port another program holds (one line, exit status 2,
    as for any other bad option); suggest the next free one."""
    if not port_in_use(host, port):
        return
    free = next((p for p in range(port + 1, min(port + 50, 65536)) if not port_in_use(host, p)), None)
    fail(f"port {port} is in use" + (f"; try --port {free}" if free else ""), 2)


def _read_password(password_file: Path | None) -> str:
    if password_file is not None:
        try:
            lines = password_file.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise SabtError(f"cannot read {password_file}: {error.strerror}") from None
        if not lines or not lines[0]:
            raise SabtError(f"{password_file} holds no password on its first line")
        return lines[0]
    return typer.prompt("password", hide_input=True, confirmation_prompt=True)


USER_NAME = typer.Argument(..., help="the user's name, as given to `sabt user add`")


@user_app.command("add")
def user_add(
    name: str = typer.Argument(..., help="user name (no spaces)"),
    db: str = typer.Option(..., "--db", help="case database"),
    role: str = typer.Option(..., "--role", metavar="|".join(ROLES), help="what the user may see and do",
                             callback=one_of("--role", ROLES)),
    password_file: Path | None = typer.Option(None, "--password-file", help="read the password from this file's first line"),
    lang: str = typer.Option("en", "--lang", metavar="|".join(REPORT_LANGUAGES), help="interface language",
                             callback=one_of("--lang", REPORT_LANGUAGES)),
) -> None:
    """Add a user (the password is asked twice unless --password-file)."""
    from sabt.web import auth

    with user_errors():
        password = _read_password(password_file)
        with open_case(db) as case:
            auth.add_user(case, name, role, password, lang=lang)
    typer.echo(f"added {name} ({role})")


@user_app.command("token")
def user_token(
    name: str = USER_NAME,
    db: str = typer.Option(..., "--db", help="case database"),
    days: int = typer.Option(90, "--days", help="days until the token expires"),
) -> None:
    """Print a new API token for NAME (shown once; send it as `Authorization: Bearer TOKEN`)."""
    from sabt.web import auth

    with user_errors():
        with open_case(db) as case:
            token = auth.issue_token(case, name, days)
    typer.echo(token)


@user_app.command("2fa")
def user_second_factor(
    name: str = USER_NAME,
    db: str = typer.Option(..., "--db", help="case database"),
    remove_keys: bool = typer.Option(False, "--remove-keys", help="also remove NAME's security keys"),
) -> None:
    """Give NAME a new TOTP secret (active at once) and ten recovery codes, printed once — the
    otpauth:// URI on the last line (make a QR code of it offline, or type its secret). The old
    secret and codes stop working and NAME's sessions end: the lost-device procedure."""
    from sabt.web import second_factor

    found = {}
    _user_action(db, lambda case: found.update(zip(("uri", "codes"), second_factor.reset_by_admin(
        case, name, remove_keys=remove_keys))))
    typer.echo(f"recovery codes for {name} (each works once; shown only now):")
    for code in found["codes"]:
        typer.echo(f"  {code}")
    typer.echo(found["uri"])


@user_app.command("list")
def user_list(db: str = typer.Option(..., "--db", help="case database"),
              json_out: bool = typer.Option(False, "--json", help="one JSON object on the last line")) -> None:
    """List users, their roles and whether they are disabled."""
    from sabt.web import auth

    with user_errors():
        with open_case(db) as case:
            users = auth.list_users(case)
    for u in users:
        plain.out(f"{u['name']:<24} {u['role']:<9} {u['lang']:<3} {'disabled' if u['disabled'] else ''}")
    if json_out:
        typer.echo(json.dumps({"users": users}, ensure_ascii=False))


def _user_action(db: str, action) -> None:
    with user_errors():
        with open_case(db) as case:
            action(case)


@user_app.command("enable")
def user_enable(name: str = USER_NAME, db: str = typer.Option(..., "--db", help="case database")) -> None:
    """Let a disabled user sign in again."""
    from sabt.web import auth

    _user_action(db, lambda case: auth.enable_user(case, name))
    typer.echo(f"enabled {name}")


@user_app.command("unlock")
def user_unlock(name: str = USER_NAME, db: str = typer.Option(..., "--db", help="case database")) -> None:
    """Forget the failed sign-ins that locked NAME out."""
    from sabt.web import auth

    _user_action(db, lambda case: auth.unlock_user(case, name))
    typer.echo(f"unlocked {name}")


@user_app.command("password")
def user_password(name: str = USER_NAME, db: str = typer.Option(..., "--db", help="case database"),
                  password_file: Path | None = typer.Option(None, "--password-file",
                                                            help="the new password on this file's first line")) -> None:
    """Set NAME's password (asked twice unless --password-file); NAME's sessions end."""
    from sabt.web import auth

    def change(case):
        auth.set_password(case, name, _read_password(password_file))   # refused by the policy: nothing changes
    _user_action(db, change)
    typer.echo(f"password of {name} changed")


@user_app.command("reset")
def user_reset(name: str = USER_NAME, db: str = typer.Option(..., "--db", help="case database")) -> None:
    """Give NAME a new random password, printed once on the last line; NAME's sessions end."""
    from sabt.web import auth

    found = {}
    _user_action(db, lambda case: found.update(secret=auth.reset_password(case, name)))
    typer.echo(found["secret"])


@user_app.command("disable")
def user_disable(name: str = USER_NAME, db: str = typer.Option(..., "--db", help="case database")) -> None:
    """Disable a user: their sessions and tokens stop working at once."""
    from sabt.web import auth

    with user_errors():
        with open_case(db) as case:
            auth.disable_user(case, name)
    typer.echo(f"disabled {name}")


def _register_account_commands() -> None:
    from sabt.cli.accounts import register

    register(user_app)


_register_account_commands()     # token, tokens, revoke-token, sessions, signout, policy
