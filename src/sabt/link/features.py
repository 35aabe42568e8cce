"""The linkage table: one row per current record, with the features the model compares.

Names are compared in three forms (see :mod:`sabt.names`): the native-script key (Persian
letters folded, spaces and ZWNJ removed), the canonical Latin matching form (so
Mohammad / Muhammad / محمد meet), and a phonetic consonant key used for blocking and as a
fuzzy level. Protected identities are unsealed in memory only, never written back.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
from sqlalchemy import select

from sabt.case import Case
from sabt.store import models

RECORD_COLUMNS = ["id", "source_id", "name", "given_name", "family_name", "father_name", "national_id", "address",
                  "sex", "age", "birth_year", "date_of_birth", "date_of_death", "date_of_arrest", "place_key", "province_code",
                  "status", "protected", "sealed", "person_id"]
FEATURES = ["unique_id", "source_dataset", "full_rom", "sorted_rom", "sorted_keys", "given_rom", "family_rom", "given_key", "family_key",
            "full_tkey", "native_key", "father_rom", "father_key", "sex", "age", "birth_year_est", "event_date",
            "city", "province_code", "national_id", "address_form", "date_of_birth"]


def load_records(case: Case, person_id: int | None = None, session=None) -> pd.DataFrame:
    """Current (not superseded) records (of one person, if given), protected identities unsealed
    in memory."""
    query = select(*[getattr(models.Record, c) for c in RECORD_COLUMNS]).where(models.Record.superseded.is_(False))
    if person_id is not None:
        query = query.where(models.Record.person_id == person_id)
    if session is not None:
        rows = session.execute(query).all()
    else:
        with case.session() as session:
            rows = session.execute(query).all()
    frame = pd.DataFrame(rows, columns=RECORD_COLUMNS)
    protected = frame["protected"].fillna(False).astype(bool)
    if protected.any():
        key = case.key
        for index in frame.index[protected]:
            identity = key.unseal(frame.at[index, "sealed"], "records")
            for column in models.PLAIN_IDENTITY["records"]:
                frame.at[index, column] = identity.get(column)
    text_columns = ["source_id", "name", "given_name", "family_name", "father_name", "national_id", "address", "sex",
                    "place_key", "province_code"]
    frame[text_columns] = frame[text_columns].astype(object).where(frame[text_columns].notna(), None)
    return frame.drop(columns=["sealed"])


@lru_cache(maxsize=200_000)
def _name_forms(text: str | None) -> tuple[str | None, str | None]:
    from sabt.names import matching_form, phonetic_key, romanize

    if not text:
        return None, None
    roman = matching_form(romanize(text), titles=False)
    return roman or None, phonetic_key(text) or None


@lru_cache(maxsize=200_000)
def _native_key(text: str | None) -> str | None:
    from sabt.names import detect_script, normalize_persian

    if not text or detect_script(text) not in ("persian", "arabic", "mixed"):
        return None
    folded = normalize_persian(text).replace("\u200c", "").replace(" ", "")
    return folded or None


def _transliteration_key(given_key: str | None, family_key: str | None) -> str | None:
    """Given and family keys with kh/k and gh/q/g folded (``sabt.names.transliteration_key``)."""
    from sabt.names._script import transliteration_key

    if not given_key or not family_key:
        return None
    return f"{transliteration_key(given_key)} {transliteration_key(family_key)}"


def _address_form(address: str | None) -> str | None:
    """Lower case, letters and digits folded (Persian digits too), punctuation as spaces."""
    if not address:
        return None
    from sabt.text import normalize_text

    words = "".join(c if c.isalnum() else " " for c in normalize_text(address).lower()).split()
    return " ".join(words) or None


@lru_cache(maxsize=200_000)
def _split(name: str | None) -> tuple[str | None, str | None]:
    from sabt.names import split_name

    if not name:
        return None, None
    given, family = split_name(name)
    return given or None, family or None


def _typical_event_years(records: pd.DataFrame) -> dict:
    """Each list's median year of death or arrest (and the case's, under None): a record with an
    age but no date was most likely recorded for the same events as the rest of its list."""
    events = pd.to_datetime(records["date_of_death"].fillna(records["date_of_arrest"]), errors="coerce")
    years = pd.DataFrame({"source": records["source_id"], "year": events.dt.year}).dropna()
    typical = {source: int(year) for source, year in years.groupby("source")["year"].median().items()}
    if len(years):
        typical[None] = int(years["year"].median())
    return typical


def features(records: pd.DataFrame, city_keys: set[str] | None = None) -> pd.DataFrame:
    """The frame Splink compares: see FEATURES for the columns."""
    typical_year = _typical_event_years(records)
    rows = []
    for r in records.itertuples(index=False):
        given, family = r.given_name, r.family_name
        if not given and not family:
            given, family = _split(r.name)
        given_rom, given_key = _name_forms(given)
        family_rom, family_key = _name_forms(family)
        father_rom, father_key = _name_forms(r.father_name)
        full = " ".join(p for p in (given_rom, family_rom) if p) or None
        sorted_rom = " ".join(sorted(p for p in (given_rom, family_rom) if p)) or None
        sorted_keys = " ".join(sorted(p for p in (given_key, family_key) if p)) or None
        full_tkey = _transliteration_key(given_key, family_key)
        event = r.date_of_death if pd.notna(r.date_of_death) else r.date_of_arrest
        event = event if pd.notna(event) else None
        born = r.date_of_birth if pd.notna(r.date_of_birth) else None
        born = born.date() if isinstance(born, pd.Timestamp) else born
        birth = r.birth_year if pd.notna(r.birth_year) else (born.year if born is not None else None)
        if birth is None and pd.notna(r.age):
            year = event.year if event is not None else typical_year.get(r.source_id, typical_year.get(None))
            birth = year - int(r.age) if year is not None else None
        city = r.place_key if (r.place_key and (city_keys is None or r.place_key in city_keys)) else None
        rows.append((
            int(r.id), r.source_id, full, sorted_rom, sorted_keys, given_rom, family_rom, given_key, family_key,
            full_tkey, _native_key(r.name or " ".join(p for p in (r.given_name, r.family_name) if p) or None),
            father_rom, father_key, r.sex, int(r.age) if pd.notna(r.age) else None,
            int(birth) if birth is not None else None, event, city, r.province_code,
            r.national_id or None, _address_form(r.address), born,
        ))
    frame = pd.DataFrame(rows, columns=FEATURES)
    frame["event_date"] = pd.to_datetime(frame["event_date"])
    frame["date_of_birth"] = [d.isoformat() if d is not None else None for d in frame["date_of_birth"]]
    frame["age"] = frame["age"].astype("Int64")
    frame["birth_year_est"] = frame["birth_year_est"].astype("Int64")
    return frame
