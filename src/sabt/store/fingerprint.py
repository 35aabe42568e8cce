"""The fingerprint of a case's content: one SHA-256 over every row of the tables that hold the
record, so a step that reads the whole case (the report) can tell whether anything changed
since it last ran. Tables of the web app's accounts and sessions, the audit log and the
record of the last pipeline run are left out: they change without changing the record.
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select

from sabt.store import models

VOLATILE_TABLES = frozenset({"audit_log", "login_attempts", "users", "api_tokens", "web_sessions"})
VOLATILE_SETTINGS = frozenset({"pipeline"})


def content_sha256(engine) -> str:
    """SHA-256 over the rows of every table of the record, in primary-key order."""
    digest = hashlib.sha256()
    with engine.connect() as connection:
        for table in models.Base.metadata.sorted_tables:
            if table.name in VOLATILE_TABLES:
                continue
            query = select(table).order_by(*table.primary_key.columns)
            if table.name == "case_settings":
                query = query.where(table.c.key.not_in(VOLATILE_SETTINGS))
            digest.update(table.name.encode())
            for row in connection.execute(query):
                digest.update(json.dumps(list(row), default=_text, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def _text(value) -> str:
    return value.hex() if isinstance(value, (bytes, bytearray, memoryview)) else str(value)
