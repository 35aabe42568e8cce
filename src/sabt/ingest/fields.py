"""sabt's own column names for lists, and how each field's values are read.

Every normaliser takes one cell (already a string or a number) and returns the stored value,
or raises :class:`FieldProblem` with a reason a documenter understands. They are applied once
per *distinct* value of a column (lists repeat their cities, dates and ages a lot), which is
what keeps a million-row import fast.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

from sabt.dates import DateProblem, parse_date
from sabt.text import normalize_text, printable


class FieldProblem(ValueError):
    pass


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    help: str
    max_length: int | None = None
    identifying: bool = False


FIELDS = {
    f.name: f
    for f in [
        Field("id", "id", "the list's own row identifier (kept as source_record_id)", 200),
        Field("name", "name", "full name as written", 300, True),
        Field("given_name", "name", "given (first) name", 200, True),
        Field("family_name", "name", "family name (surname)", 200, True),
        Field("father_name", "name", "father's name", 200, True),
        Field("national_id", "identity_number", "national identity number (کد ملی) or another identity document number (identifying)", 50, True),
        Field("age", "age", "age in years at the event (0–120)"),
        Field("birth_year", "year", "year of birth, Gregorian or Solar Hijri (converted)"),
        Field("sex", "sex", "m / f (also male, female, مرد, زن, …); empty or unknown for none"),
        Field("date_of_birth", "date", "date of birth (Gregorian or Solar Hijri)"),
        Field("date_of_death", "date", "date of death (Gregorian or Solar Hijri)"),
        Field("date_of_arrest", "date", "date of arrest (Gregorian or Solar Hijri)"),
        Field("status", "status", "killed, injured, arrested, detained, disappeared, executed, released, …", 30),
        Field("city", "place", "city or town, any spelling the gazetteer knows", 300),
        Field("province", "place", "province, any spelling or its ISO 3166-2 code", 300),
        Field("address", "text", "exact address (identifying)", None, True),
        Field("contact", "text", "contact details (identifying)", None, True),
        Field("notes", "text", "free-text notes (identifying: may name people)", None, True),
        Field("protected", "bool", "1/true/yes marks an identity to protect (sealed at rest)"),
    ]
}

IDENTIFYING = tuple(name for name, f in FIELDS.items() if f.identifying)

HEADER_ALIASES = {
    "record_id": "id", "row_id": "id", "case_id": "id",
    "full_name": "name", "fullname": "name",
    "first_name": "given_name", "firstname": "given_name", "given": "given_name",
    "last_name": "family_name", "lastname": "family_name", "surname": "family_name",
    "father": "father_name", "fathers_name": "father_name",
    "gender": "sex",
    "death_date": "date_of_death", "date_died": "date_of_death", "dod": "date_of_death",
    "arrest_date": "date_of_arrest",
    "year_of_birth": "birth_year", "yob": "birth_year",
    "birth_date": "date_of_birth", "birthdate": "date_of_birth", "dob": "date_of_birth",
    "national_code": "national_id", "code_melli": "national_id", "kod_melli": "national_id", "ssn": "national_id",
    "town": "city",
    "state": "province",
}

SEX_VALUES = {
    "m": "m", "male": "m", "man": "m", "boy": "m", "مرد": "m", "مذکر": "m", "ذکر": "m", "پسر": "m",
    "f": "f", "female": "f", "woman": "f", "girl": "f", "زن": "f", "مونث": "f", "مؤنث": "f",
    "انثی": "f", "دختر": "f",
}
UNKNOWN = {"", "unknown", "n/a", "na", "-", "?", "نامعلوم", "نامشخص", "unk", "none", "null"}
TRUE = {"1", "true", "yes", "y", "x", "t", "بله", "آری", "protected"}
FALSE = {"0", "false", "no", "n", "f", "خیر", "نه"}
AGE = re.compile(r"^(\d{1,3})(?:\.0+)?\s*(?:years?|yrs?|y|ساله|سال)?$")


def canonical_header(name: str) -> str:
    folded = normalize_text(name).lower().replace("-", "_").replace(" ", "_")
    if folded in FIELDS:
        return folded
    return HEADER_ALIASES.get(folded, name)


def _text(value) -> str:
    return normalize_text(str(value))


def read_name(value, field: Field) -> str | None:
    text = _text(value)
    if not text or text.lower() in UNKNOWN:
        return None
    if field.max_length and len(text) > field.max_length:
        raise FieldProblem(f"{len(text)} characters long (at most {field.max_length})")
    return text


def read_age(value, field: Field) -> int | None:
    text = _text(value).lower()
    if text in UNKNOWN:
        return None
    match = AGE.match(text)
    if not match:
        raise FieldProblem(f"{printable(str(value))!r} is not an age in years")
    age = int(match.group(1))
    if age > 120:
        raise FieldProblem(f"an age of {age} is not possible")
    return age


def read_year(value, field: Field) -> int | None:
    text = _text(value)
    if text.lower() in UNKNOWN:
        return None
    if text.endswith(".0"):
        text = text[:-2]
    if not re.fullmatch(r"\d{4}", text):
        raise FieldProblem(f"{printable(str(value))!r} is not a four-digit year")
    year = int(text)
    if 1250 <= year <= 1410:
        year += 621  # a Solar Hijri year; its Gregorian year is this or the next
    if not 1880 <= year <= dt.date.today().year:
        raise FieldProblem(f"{year} is not a possible year of birth")
    return year


def read_sex(value, field: Field) -> str | None:
    text = _text(value).lower()
    if text in UNKNOWN:
        return None
    if text not in SEX_VALUES:
        raise FieldProblem(f"{printable(str(value))!r} is not a recognised sex (m, f, male, female, مرد, زن, or empty)")
    return SEX_VALUES[text]


def read_bool(value, field: Field) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in TRUE:
        return True
    if text in FALSE or text in UNKNOWN:
        return False
    raise FieldProblem(f"{printable(str(value))!r} is not yes/no (1/0, true/false, yes/no, بله/خیر)")


def read_status(value, field: Field) -> str | None:
    text = read_name(value, field)
    return text.lower() if text else None


def make_date_reader(calendar: str, day_first: bool) -> Callable:
    def read_date(value, field: Field) -> tuple[dt.date, str] | None:
        text = _text(value)
        if text.lower() in UNKNOWN:
            return None
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00", text):
            text = text[:10]
        try:
            parsed = parse_date(text, calendar, day_first)
        except DateProblem as problem:
            raise FieldProblem(str(problem)) from None
        if parsed.date > dt.date.today():
            raise FieldProblem(f"{parsed.date.isoformat()} is in the future")
        return parsed.date, parsed.precision

    return read_date


def read_identity_number(value, field: Field) -> str | None:
    """Digits and letters only (spaces, dashes, dots and slashes dropped; Persian digits folded):
    '۰۰۱-۲۳۴۵۶۷-۸' and '0012345678' are one number."""
    text = read_name(value, field)
    if text is None:
        return None
    compact = re.sub(r"[\s\-./]", "", text).upper()
    if not compact.isalnum() or not any(c.isdigit() for c in compact):
        raise FieldProblem(f"{printable(text, 40)!r} is not an identity number (digits and letters only)")
    return compact


READERS = {
    "name": read_name,
    "identity_number": read_identity_number,
    "id": read_name,
    "text": read_name,
    "age": read_age,
    "year": read_year,
    "sex": read_sex,
    "bool": read_bool,
    "status": read_status,
}
