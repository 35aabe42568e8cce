"""`sabt user sessions|signout|tokens|revoke-token|policy` and the options of `sabt user token`:
the command-line side of account hygiene (:mod:`sabt.web.sessions`, :mod:`sabt.web.tokens`,
:mod:`sabt.web.policy`). Registered on ``sabt user`` by :mod:`sabt.cli.serve`."""

from __future__ import annotations

import json

import typer

from sabt.cli._shell import TOKEN_SCOPES as SCOPES
from sabt.cli._shell import one_of, open_case, plain, user_errors

DB = typer.Option(..., "--db", help="case database")
JSON_OUT = typer.Option(False, "--json", help="one JSON object on the last line")


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "-"


def _json_ready(rows: list[dict]) -> list[dict]:
    return [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()} for row in rows]


def register(user_app: typer.Typer) -> None:
    @user_app.command("token")
    def user_token(
        name: str = typer.Argument(..., help="the user's name"),
        db: str = DB,
        days: int | None = typer.Option(None, "--days", help="days until the token expires (default: the case's policy, 90)"),
        label: str | None = typer.Option(None, "--name", help="what the token is for, to tell it apart later"),
        scope: str | None = typer.Option(None, "--scope", metavar="|".join(SCOPES), callback=one_of("--scope", SCOPES),
                                         help="read (GET only) or a role no higher than the user's (default: the user's role)"),
    ) -> None:
        """Print a new API token for NAME (shown once; send it as `Authorization: Bearer TOKEN`)."""
        from sabt.web import tokens

        with user_errors(), open_case(db) as case:
            token, _ = tokens.create(case, name, label=label, scope=scope, days=days)
        typer.echo(token)

    @user_app.command("tokens")
    def user_tokens(name: str = typer.Argument(..., help="the user's name"), db: str = DB, json_out: bool = JSON_OUT) -> None:
        """List NAME's API tokens: id, name, first characters, scope, expiry, last use, status."""
        from sabt.web import sessions, tokens

        with user_errors(), open_case(db) as case:
            found = tokens.list_tokens(case, sessions.user_id_of(case, name))
        for k in found:
            plain.out(f"{k['id']:>5}  {(k['name'] or '-')[:28]:<28} {(k['prefix'] or '-'):<13} {(k['scope'] or 'owner'):<9} "
                       f"expires {_when(k['expires_at'])}  used {_when(k['last_used_at'])}  {k['status']}")
        if json_out:
            typer.echo(json.dumps({"tokens": _json_ready(found)}, ensure_ascii=False))

    @user_app.command("revoke-token")
    def user_revoke_token(name: str = typer.Argument(..., help="the user's name"),
                          token_id: int = typer.Argument(..., help="the token's id (from `sabt user tokens`)"),
                          db: str = DB) -> None:
        """Revoke one of NAME's API tokens: it is refused from the next request on."""
        from sabt.web import sessions, tokens

        with user_errors(), open_case(db) as case:
            tokens.revoke(case, sessions.user_id_of(case, name), token_id, "cli")
        typer.echo(f"revoked token {token_id} of {name}")

    @user_app.command("sessions")
    def user_sessions(name: str = typer.Argument(..., help="the user's name"), db: str = DB,
                      json_out: bool = JSON_OUT) -> None:
        """List NAME's live web sessions: handle, browser, address, sign-in and last use."""
        from sabt.web import sessions

        with user_errors(), open_case(db) as case:
            found = sessions.list_sessions(case, sessions.user_id_of(case, name))
        for s in found:
            plain.out(f"{s['handle']}  {(s['user_agent'] or '-')[:30]:<30} {(s['address'] or '-'):<15} "
                       f"since {_when(s['created_at'])}  used {_when(s['last_seen_at'])}")
        if json_out:
            typer.echo(json.dumps({"sessions": _json_ready(found)}, ensure_ascii=False))

    @user_app.command("signout")
    def user_signout(name: str = typer.Argument(..., help="the user's name"), db: str = DB,
                     session: str | None = typer.Option(None, "--session", help="end only this session (its handle)")) -> None:
        """End NAME's web sessions (all, or the one --session names)."""
        from sabt.web import sessions

        with user_errors(), open_case(db) as case:
            user_id = sessions.user_id_of(case, name)
            if session:
                sessions.revoke(case, user_id, session, "cli")
                ended = 1
            else:
                ended = sessions.end_all(case, user_id, "cli")
        typer.echo(f"ended {ended} session{'s' if ended != 1 else ''} of {name}")

    @user_app.command("policy")
    def user_policy(
        db: str = DB,
        min_length: int | None = typer.Option(None, "--min-length", help="shortest password allowed (10–128; default 12)"),
        min_score: int | None = typer.Option(None, "--min-score", help="weakest zxcvbn score allowed (0–4; default 3)"),
        single_session: bool | None = typer.Option(None, "--single-session/--many-sessions",
                                                   help="a new sign-in ends the user's other sessions"),
        token_days: int | None = typer.Option(None, "--token-days", help="days a new token lasts unless told"),
        token_max_days: int | None = typer.Option(None, "--token-max-days", help="most days a token may last"),
        json_out: bool = JSON_OUT,
    ) -> None:
        """Show the case's account-security policy, or change the settings given."""
        from dataclasses import asdict

        from sabt.web import policy

        changes = dict(min_password_length=min_length, min_password_score=min_score, single_session=single_session,
                       token_days_default=token_days, token_days_max=token_max_days)
        with user_errors(), open_case(db) as case:
            current = policy.load(case)
            if any(v is not None for v in changes.values()):
                current = policy.save(case, current.changed(**changes), "cli")
        for key, value in asdict(current).items():
            plain.out(f"{key:<20} {str(value).lower() if isinstance(value, bool) else value}")
        if json_out:
            typer.echo(json.dumps(asdict(current)))
