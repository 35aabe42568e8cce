"""Settings of one sabt run, passed down explicitly (never read from globals).

Example::

    settings = Settings.for_db("case.sabt")
    case = Case.open(settings)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path


def _default_key_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "sabt" / "keys"


@dataclass(frozen=True)
class Settings:
    """Where the case lives and who is acting.

    ``db`` is a file path (SQLite) or a ``postgresql://`` URL. ``key_file`` holds the key that
    seals protected identities; it is kept outside the case file (``SABT_KEY_FILE``, else one
    file per case under the user's data folder). ``vault_dir`` defaults to a folder beside
    the case file.
    """

    db: str
    key_file: Path | None = None
    key_dir: Path = field(default_factory=_default_key_dir)
    vault_dir: Path | None = None
    actor: str = "cli"
    show_progress: bool = True

    @classmethod
    def for_db(cls, db: str, **overrides) -> "Settings":
        env_key = os.environ.get("SABT_KEY_FILE")
        values = {"key_file": Path(env_key) if env_key else None, "actor": os.environ.get("SABT_ACTOR", "cli")}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(db=db, **values)

    @property
    def is_postgres(self) -> bool:
        return self.db.startswith(("postgresql://", "postgresql+psycopg://", "postgres://"))

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)
