"""`sabt encode`: an organisation encodes its own list, on its own machine.

The list is read exactly as `sabt import list` reads it (:func:`sabt.ingest.lists.read_list`:
encodings, mapping, Solar Hijri, places), its names are put in sabt's matching form and
phonetic keys exactly as linkage does (:func:`sabt.link.features.features`), and each row
becomes one encoded record: keyed Bloom filters of the identifying fields, the fields the
organisation chose to share in clear, and a random id. The map from the list's own ids to the
random ones goes to ``OUT.ids.csv`` and stays with the organisation.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sabt.errors import ImportRefused, SabtError
from sabt.pprl.bloom import SCHEME, FieldEncoder, bigrams, check_value

FORMAT = "sabt-encoded"
SHAREABLE = ("sex", "age_band", "date_of_death", "date_of_arrest", "province", "city")
DEFAULT_SHARE = ("sex", "age_band", "date_of_death", "province")
MIN_SECRET_BYTES = 32
BIRTH_WINDOW = 3
"""A year of birth y is encoded as the tokens y-3 … y+3 (Vatsalan & Christen 2016's
neighbourhood encoding of numbers): two years d apart share 7-d of 7 tokens, so the Dice
similarity falls by about 1/7 a year and ages heaped or off by one stay close."""


@dataclass(frozen=True)
class FieldSpec:
    length: int
    hashes: int
    salted: bool
    what: str


FIELD_SPECS = {
    "name": FieldSpec(1024, 15, False, "given and family name together: bigrams of the Latin matching forms and the "
                                       "two phonetic keys, one bag (so a swap of given and family name still agrees)"),
    "father": FieldSpec(512, 15, True, "father's name: bigrams of its matching form and its phonetic key; salted "
                                       "with the family name's phonetic key"),
    "birth_year": FieldSpec(256, 6, True, f"year of birth (stated or from age and event): the years within ±{BIRTH_WINDOW}; "
                                          "salted with the family name's phonetic key"),
    "date_of_birth": FieldSpec(256, 10, False, "full date of birth as YYYY-MM-DD: bigrams"),
    "national_id": FieldSpec(256, 10, False, "national identity number (digits): bigrams"),
}


@dataclass
class EncodeSummary:
    file: str
    output: str
    ids_file: str
    rows_read: int = 0
    rows_encoded: int = 0
    rows_rejected: int = 0
    shared: list[str] = field(default_factory=list)
    encoding: str | None = None
    file_format: str | None = None
    calendar: str | None = None
    unrecognised_columns: list[str] = field(default_factory=list)
    unresolved_places: dict[str, int] = field(default_factory=dict)
    rejects_file: str | None = None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def read_secret(path: Path) -> bytes:
    """The coalition's secret: a file of at least 32 random bytes (raw, or written as hex)."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise SabtError(f"{path}: no such secret file") from None
    text = data.strip()
    try:
        secret = bytes.fromhex(text.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        secret = data
    if len(secret) < MIN_SECRET_BYTES:
        raise SabtError(f"{path}: the secret is {len(secret)} bytes; at least {MIN_SECRET_BYTES} random bytes are needed "
                        "(make one with: python -c \"import secrets; print(secrets.token_hex(32))\" > coalition.key)")
    return secret


def parse_share(text: str | None) -> tuple[str, ...]:
    if text is None:
        return DEFAULT_SHARE
    chosen = tuple(s.strip() for s in text.split(",") if s.strip())
    unknown = [s for s in chosen if s not in SHAREABLE]
    if unknown:
        raise SabtError(f"--share: {', '.join(unknown)} cannot be shared in clear (choose from {', '.join(SHAREABLE)})")
    return chosen


def _records_frame(table, normalised: dict, keep: list[int]) -> pd.DataFrame:
    """The rows kept, in the shape :func:`sabt.link.features.load_records` gives linkage."""
    n = len(table.rows)

    def column(name):
        values = normalised.get(name) or [None] * n
        return [values[i] for i in keep]

    def dates(name):
        return [v[0] if v else None for v in column(name)]

    frame = pd.DataFrame({
        "id": range(len(keep)), "source_id": "list", "name": column("name"), "given_name": column("given_name"),
        "family_name": column("family_name"), "father_name": column("father_name"),
        "national_id": column("national_id"), "address": None, "sex": column("sex"),
        "age": pd.array(column("age"), dtype="Int64"), "birth_year": pd.array(column("birth_year"), dtype="Int64"),
        "date_of_birth": dates("date_of_birth"), "date_of_death": dates("date_of_death"),
        "date_of_arrest": dates("date_of_arrest"), "place_key": column("_place_key"),
        "province_code": column("_province_code"), "protected": False, "person_id": None,
    })
    text = ["name", "given_name", "family_name", "father_name", "national_id", "sex", "place_key", "province_code"]
    frame[text] = frame[text].astype(object).where(frame[text].notna(), None)
    return frame


def age_band(age, birth_year, event) -> str | None:
    """Five-year band of the age at the event ("25-29"), from the age, else the year of birth."""
    if pd.isna(age) and (pd.isna(birth_year) or event is None or pd.isna(event)):
        return None
    years = int(age) if not pd.isna(age) else pd.Timestamp(event).year - int(birth_year)
    if years < 0:
        return None
    low = years // 5 * 5
    return f"{low}-{low + 4}"


def _iso(value) -> str | None:
    if value is None or pd.isna(value):
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


class Encoder:
    """Encodes linkage features under one secret; a fresh permutation per field, made once."""

    def __init__(self, secret: bytes):
        self.secret = secret
        self.fields = {name: FieldEncoder(name, spec.length, spec.hashes, secret) for name, spec in FIELD_SPECS.items()}
        self.orders = {name: encoder.permutation() for name, encoder in self.fields.items()}

    def _one(self, name: str, tokens: set[str], salt: str = "") -> str | None:
        return self.fields[name].encode(tokens, salt if FIELD_SPECS[name].salted else "", self.orders[name])

    def encode_row(self, f) -> dict[str, str | None]:
        """The bit strings of one row of :func:`sabt.link.features.features`."""
        salt = f.family_key if isinstance(f.family_key, str) else ""
        name_tokens = bigrams(f.given_rom if isinstance(f.given_rom, str) else None) | bigrams(
            f.family_rom if isinstance(f.family_rom, str) else None)
        name_tokens |= {f"#{key}" for key in (f.given_key, f.family_key) if isinstance(key, str) and key}
        father = f.father_rom if isinstance(f.father_rom, str) else None
        father_tokens = bigrams(father) | ({f"#{f.father_key}"} if father and isinstance(f.father_key, str) else set())
        year = f.birth_year_est
        year_tokens = set() if pd.isna(year) else {f"y{int(year) + d}" for d in range(-BIRTH_WINDOW, BIRTH_WINDOW + 1)}
        born = f.date_of_birth if isinstance(f.date_of_birth, str) else None
        national = f.national_id if isinstance(f.national_id, str) else None
        return {
            "name": self._one("name", name_tokens),
            "father": self._one("father", father_tokens, salt),
            "birth_year": self._one("birth_year", year_tokens, salt),
            "date_of_birth": self._one("date_of_birth", bigrams(born)),
            "national_id": self._one("national_id", bigrams(national)),
        }


def scheme_header(secret: bytes, shared: tuple[str, ...], rows: int) -> dict:
    return {
        "format": FORMAT, "scheme": SCHEME, "check": check_value(secret), "shared": list(shared), "rows": rows,
        "fields": {name: {"bits": 2 * spec.length, "hashes": spec.hashes, "balanced": True,
                          "salted_with": "family name's phonetic key" if spec.salted else None, "what": spec.what}
                   for name, spec in FIELD_SPECS.items()},
    }


def encode_frame(records: pd.DataFrame, secret: bytes, shared: tuple[str, ...], city_keys=None) -> list[dict]:
    """Encoded records (bits and clear fields, no id yet) for a frame shaped like load_records'."""
    from sabt.link.features import features

    feats = features(records, city_keys)
    encoder = Encoder(secret)
    out = []
    for r, f in zip(records.itertuples(index=False), feats.itertuples(index=False)):
        event = r.date_of_death if r.date_of_death is not None and not pd.isna(r.date_of_death) else r.date_of_arrest
        clear = {
            "sex": r.sex if isinstance(r.sex, str) else None,
            "age_band": age_band(r.age, f.birth_year_est, event),
            "date_of_death": _iso(r.date_of_death), "date_of_arrest": _iso(r.date_of_arrest),
            "province": r.province_code if isinstance(r.province_code, str) else None,
            "city": r.place_key if isinstance(r.place_key, str) else None,
        }
        out.append({"bits": encoder.encode_row(f), "clear": {k: clear[k] for k in shared}})
    return out


def _earlier_ids(ids_path: Path) -> dict[str, str]:
    """The organisation's earlier map (list id → encoded id): encoding the list again keeps them."""
    if not ids_path.exists():
        return {}
    with ids_path.open(newline="", encoding="utf-8") as handle:
        return {row["id"]: row["encoded_id"] for row in csv.DictReader(handle) if row.get("id")}


def _atomic_write(target: Path, write) -> None:
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-")
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
            write(handle)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def encode_list(path: Path, secret: bytes, output: Path, mapping_path: Path | None = None, calendar: str | None = None,
                encoding: str | None = None, file_format: str | None = None, share: tuple[str, ...] = DEFAULT_SHARE,
                skip_bad_rows: bool = False, progress=None) -> EncodeSummary:
    """Encode one list file to OUT (JSON lines: a header, then one record per row) and OUT.ids.csv."""
    from sabt.ingest.lists import ImportSummary, read_list
    from sabt.ingest.mapping import load_mapping
    from sabt.ingest.readers import read_input

    path, output = Path(path), Path(output)
    ids_path = output.with_name(output.name + ".ids.csv")
    mapping = load_mapping(mapping_path)
    data = read_input(path)
    if output.resolve() == path.resolve():
        raise SabtError(f"{output}: the output would overwrite the list itself")
    reading = ImportSummary(file=path.name, source_id="", calendar=calendar or mapping.calendar)
    table, normalised, keep = read_list(path, data, mapping, reading, file_format, encoding, skip_bad_rows,
                                        progress, verb="encode")
    records = _records_frame(table, normalised, keep)
    encoded = encode_frame(records, secret, share)
    own_ids = normalised.get("id") or [None] * len(table.rows)
    earlier = _earlier_ids(ids_path)
    seen: dict[str, int] = {}
    lines = []
    for index, record in zip(keep, encoded):
        own = own_ids[index]
        key = str(own) if own is not None else f"line {table.lines[index]}"
        if key in seen:
            raise ImportRefused(f"{path.name}: line {table.lines[index]}: id {key!r} already used on line {seen[key]}")
        seen[key] = table.lines[index]
        lines.append((key, {"encoded_id": earlier.get(key) or secrets.token_hex(8), **record}))
    summary = EncodeSummary(file=path.name, output=str(output), ids_file=str(ids_path), rows_read=reading.rows_read,
                            rows_encoded=len(lines), rows_rejected=reading.rows_rejected, shared=list(share),
                            encoding=reading.encoding, file_format=reading.file_format, calendar=reading.calendar,
                            unrecognised_columns=reading.unrecognised_columns,
                            unresolved_places=reading.unresolved_places, rejects_file=reading.rejects_file)
    # records in the order of their random ids: the file's order says nothing of the list's
    lines.sort(key=lambda item: hashlib.sha256(item[1]["encoded_id"].encode()).hexdigest())

    def write_encoded(handle):
        handle.write(json.dumps(scheme_header(secret, share, len(lines)), ensure_ascii=False) + "\n")
        for _, record in lines:
            handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")

    def write_ids(handle):
        writer = csv.writer(handle)
        writer.writerow(["id", "encoded_id"])
        writer.writerows((key, record["encoded_id"]) for key, record in sorted(lines, key=lambda item: seen[item[0]]))

    _atomic_write(ids_path, write_ids)
    _atomic_write(output, write_encoded)
    return summary
