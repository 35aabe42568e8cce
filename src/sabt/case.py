"""The case: one store, its key and its settings, opened once and passed down.

The CLI, the web app and notebooks all go through :class:`Case`::

    case = Case.init(Settings.for_db("iran.sabt"))
    case = Case.open(Settings.for_db("iran.sabt"))
    with case.session() as session: ...
"""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from sabt.errors import CaseNotFound, KeyMissing, SabtError
from sabt.settings import OPTIONS_SETTING, Settings, StepOptions
from sabt.store import db as store_db
from sabt.store import models
from sabt.store.crypto import CaseKey, create_key_file, load_key_file

COUNTED = {
    "sources": models.Source,
    "claims": models.Claim,
    "incidents": models.Incident,
    "records": models.Record,
    "persons": models.Person,
    "evidence": models.Evidence,
}


class Case:
    def __init__(self, settings: Settings, engine: Engine):
        self.settings = settings
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def init(cls, settings: Settings) -> "Case":
        """Create a new case: schema, gazetteer, case id and the key file that seals identities."""
        if not settings.is_postgres and Path(settings.db).exists() and Path(settings.db).stat().st_size:
            raise SabtError(f"{settings.db} already exists; open it instead of initialising it")
        engine = store_db.make_engine(settings.db)
        if settings.is_postgres and store_db.has_tables(engine) and store_db.current_revision(engine):
            raise SabtError("this PostgreSQL database already holds a sabt case")
        try:
            store_db.upgrade(engine)
        except OperationalError as error:
            raise CaseNotFound(f"cannot create the case at {settings.db}: {error.orig}") from None
        case = cls(settings, engine)
        case_id = uuid.uuid4().hex
        key_path = settings.key_file or settings.key_dir / f"{case_id}.key"
        key = load_key_file(key_path) if key_path.exists() else create_key_file(key_path)
        with case.session() as session:
            session.add(models.CaseSetting(key="case_id", value=case_id))
            session.add(models.CaseSetting(key="key_fingerprint", value=key.fingerprint))
            session.commit()
        case.seed_places()
        return case

    @classmethod
    def open(cls, settings: Settings) -> "Case":
        if not settings.is_postgres and not Path(settings.db).exists():
            raise CaseNotFound(f"no case file at {settings.db}; create one with `sabt init {settings.db}`")
        engine = store_db.make_engine(settings.db)
        try:
            if not store_db.has_tables(engine):
                raise CaseNotFound(f"{settings.db} is not a sabt case; create one with `sabt init`")
            store_db.upgrade(engine)
        except OperationalError as error:
            raise CaseNotFound(f"cannot open {settings.db}: {error.orig}") from None
        except SabtError:
            raise
        except Exception as error:  # a file that is not SQLite at all
            if "file is not a database" in str(error) or "DatabaseError" in type(error).__name__:
                raise CaseNotFound(f"{settings.db} is not a sabt case file") from None
            raise
        return cls(settings, engine)

    @classmethod
    def open_or_init(cls, settings: Settings) -> "Case":
        exists = settings.is_postgres or Path(settings.db).exists()
        if exists:
            engine = store_db.make_engine(settings.db)
            if store_db.has_tables(engine):
                return cls.open(settings)
            engine.dispose()
        return cls.init(settings)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Case":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def session(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
        finally:
            session.close()

    # -- facts about the case -----------------------------------------------------------
    def setting(self, key: str) -> str | None:
        with self.session() as session:
            row = session.get(models.CaseSetting, key)
            return row.value if row else None

    def step_options(self) -> StepOptions:
        """The options of the steps for this case: those ``sabt run`` saved from its case.toml,
        else the defaults (:class:`sabt.settings.StepOptions`)."""
        import json

        saved = self.setting(OPTIONS_SETTING)
        return StepOptions.from_description(json.loads(saved), "the case's saved options") if saved else StepOptions()

    @property
    def case_id(self) -> str:
        return self.setting("case_id") or "unknown"

    @property
    def key_path(self) -> Path:
        return self.settings.key_file or self.settings.key_dir / f"{self.case_id}.key"

    @cached_property
    def key(self) -> CaseKey:
        """The case key; :class:`KeyMissing` with the path when it is not there."""
        key = load_key_file(self.key_path)
        expected = self.setting("key_fingerprint")
        if expected and key.fingerprint != expected:
            raise KeyMissing(f"the key at {self.key_path} belongs to another case")
        return key

    @property
    def vault_dir(self) -> Path:
        if self.settings.vault_dir:
            return self.settings.vault_dir
        if self.settings.is_postgres:
            return Path.cwd() / f"vault-{self.case_id[:8]}"
        db = Path(self.settings.db)
        return db.with_name(db.name + ".vault")

    def stats(self) -> dict[str, int]:
        with self.session() as session:
            return {
                name: session.scalar(select(func.count()).select_from(model)) or 0
                for name, model in COUNTED.items()
            }

    # -- the gazetteer ------------------------------------------------------------------
    def seed_places(self) -> int:
        """Copy the packaged gazetteer into the case (so places can be referenced and extended)."""
        from sabt.places import Gazetteer

        gazetteer = Gazetteer.default()
        rows = []
        for place in gazetteer.iter_places():
            rows.append(
                {
                    "key": place.key,
                    "kind": place.kind,
                    "name_en": place.name_en,
                    "name_fa": place.name_fa,
                    "iso_code": place.iso_code if place.kind == "province" else None,
                    "province_code": getattr(place, "province_code", None) or place.iso_code,
                    "geonames_id": place.geonames_id,
                    "parent_key": place.parent_key,
                    "lat": place.lat,
                    "lon": place.lon,
                    "population": place.population,
                    "aliases": list(place.aliases or ()),
                }
            )
        # parents before children, so foreign keys hold at every insert
        depth = {row["key"]: 0 for row in rows}
        by_key = {row["key"]: row for row in rows}
        for row in rows:
            parent, level = row["parent_key"], 0
            while parent and parent in by_key and level < 10:
                level += 1
                parent = by_key[parent]["parent_key"]
            depth[row["key"]] = level
            if row["parent_key"] and row["parent_key"] not in by_key:
                row["parent_key"] = None
        rows.sort(key=lambda row: depth[row["key"]])
        with self.engine.begin() as connection:
            existing = set(connection.scalars(select(models.Place.key)))
            new_rows = [row for row in rows if row["key"] not in existing]
            if new_rows:
                connection.execute(models.Place.__table__.insert(), new_rows)
        return len(new_rows)
