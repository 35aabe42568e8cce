"""A case made at revision 0006 (before account hygiene), with a user, an API token and a login
session in it, opens at the head: the token still works with its owner's role and lists as an
older token; the session still signs its user in and lists without browser or address."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import text

from sabt.case import Case
from sabt.settings import Settings
from sabt.store import db as store_db
from sabt.web import auth, sessions, tokens

OLD_TOKEN = "sabt_" + "t" * 43
OLD_COOKIE = "c" * 43


def test_a_case_made_at_0006_keeps_its_tokens_and_sessions(empty_db, key_file):
    from alembic import command

    engine = store_db.make_engine(empty_db)
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=2)
    with engine.begin() as connection:
        config = store_db.alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
        connection.execute(text("insert into case_settings (key, value) values ('case_id', 'old')"))
        connection.execute(text("insert into users (id, name, role, password_hash, lang, disabled, created_at) "
                                "values (1, 'parisa', 'analyst', 'x', 'en', false, CURRENT_TIMESTAMP)"))
        connection.execute(text("insert into api_tokens (user_id, token_sha256, expires_at, created_at) "
                                "values (1, :digest, :later, CURRENT_TIMESTAMP)"),
                           {"digest": hashlib.sha256(OLD_TOKEN.encode()).hexdigest(), "later": later})
        connection.execute(text("insert into web_sessions (id_sha256, user_id, csrf, created_at, last_seen_at, "
                                "expires_at) values (:digest, 1, 'csrf', :now, :now, :later)"),
                           {"digest": hashlib.sha256(OLD_COOKIE.encode()).hexdigest(),
                            "now": dt.datetime.now(dt.timezone.utc), "later": later})
    engine.dispose()

    case = Case.open(Settings.for_db(empty_db, key_file=key_file))
    try:
        assert store_db.current_revision(case.engine) == store_db.head_revision()
        checked = tokens.check(case, OLD_TOKEN)
        assert checked.actor is not None and checked.actor.role == "analyst" and not checked.actor.read_only
        [listed] = tokens.list_tokens(case, 1)
        assert listed["scope"] is None and listed["prefix"] is None and listed["status"] == "active"
        assert auth.SessionStore(case).get(OLD_COOKIE).user.name == "parisa"
        [session] = sessions.list_sessions(case, 1)
        assert session["user_agent"] is None and session["address"] is None
    finally:
        case.close()
