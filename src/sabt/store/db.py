"""Engines for the case store: one SQLite file by default, PostgreSQL for a team server."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect

MIGRATIONS = Path(__file__).with_name("migrations")


def database_url(db: str) -> str:
    """``case.sabt`` → ``sqlite:///…/case.sabt``; ``postgresql://…`` → the psycopg driver URL."""
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    if db.startswith("postgresql+psycopg://"):
        return db
    if db.startswith("sqlite:"):
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # a freed cell or page is zeroed, so no sealed identity keeps a plain copy in free space
    # (a person rewritten by linkage, a merged person deleted, a row protected in place)
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA cache_size=-131072")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def make_engine(db: str) -> Engine:
    url = database_url(db)
    if url.startswith("sqlite"):
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    script = ScriptDirectory.from_config(alembic_config(None))  # type: ignore[arg-type]
    return script.get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision (a no-op when it is already there)."""
    if current_revision(engine) == head_revision():
        return
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def has_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())
