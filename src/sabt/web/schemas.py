"""Input, stored and output models per entity.

Inputs (``…In``) are what a client may send: bounded, validated, no unknown fields. Outputs
(``…Out``) are what a client gets. A record's or person's identifying fields live only in the
nested ``identity`` model, which :mod:`sabt.web.views.data` fills solely through
:func:`sabt.protection.identity_of` — so a protected name cannot reach a viewer's output by
copying a row's attributes.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator, model_validator

from sabt.claims.values import format_count
from sabt.claims.vocab import METRICS

T = TypeVar("T")
MAX_ID = 2**31 - 1          # ids are 32-bit integers in PostgreSQL


def storable_text(value: str) -> str:
    """``value``, or ValueError when PostgreSQL could not store it (NUL, unpaired surrogates)."""
    if "\x00" in value:
        raise ValueError("text may not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text is not valid Unicode (unpaired surrogate)") from None
    return value
Reliability = Literal["A", "B", "C", "D", "E", "F"]
Status = Literal["reported", "under_investigation", "confirmed", "disputed", "refuted"]
Count = Field(default=None, ge=0, le=10**12)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_none(cls, values):
        """An empty or blank text field means "not given" (forms send ""); text no database can
        hold (NUL, lone surrogates) is refused."""
        if isinstance(values, dict):
            for value in values.values():
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str):
                        storable_text(item)
            return {k: (None if isinstance(v, str) and not v.strip() else v) for k, v in values.items()}
        return values


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    @field_validator("*", mode="after")
    @classmethod
    def _utc(cls, value):
        """SQLite hands back naive timestamps; every stored one is UTC, so say so (RFC 3339)."""
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int


# -- sources ---------------------------------------------------------------------------------
class SourceIn(_In):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
    name: str = Field(min_length=1, max_length=500)
    publisher: str | None = Field(default=None, max_length=500)
    kind: Literal["document", "list", "report", "testimony", "media", "statement", "dataset", "other"] = "document"
    url: str | None = Field(default=None, max_length=2000, pattern=r"^https?://\S+$")
    language: str | None = Field(default=None, max_length=20)
    published: dt.date | None = None
    reliability: Reliability | None = None
    notes: str | None = Field(default=None, max_length=10000)


class SourceOut(_Out):
    id: str
    name: str
    publisher: str | None = None
    kind: str | None = None
    url: str | None = None
    language: str | None = None
    published: dt.date | None = None
    reliability: str | None = None
    snapshot_sha256: str | None = None
    notes: str | None = None


# -- claims ----------------------------------------------------------------------------------
class ClaimIn(_In):
    source_id: str = Field(min_length=1, max_length=100)
    metric: str = Field(max_length=50)
    low: int | None = Count
    best: int | None = Count
    high: int | None = Count
    qualifier: str | None = Field(default=None, max_length=50)
    unit: str | None = Field(default=None, max_length=50)
    subject: str | None = Field(default=None, max_length=200)
    as_of: dt.date | None = None
    date_precision: Literal["day", "month", "year"] | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    place_key: str | None = Field(default=None, max_length=40)
    place_text: str | None = Field(default=None, max_length=300)
    actor_text: str | None = Field(default=None, max_length=300)
    attributed_to: str | None = Field(default=None, max_length=300)
    reliability: Reliability | None = None
    credibility: int | None = Field(default=None, ge=1, le=6)
    status: Status = "reported"
    quote: str | None = Field(default=None, max_length=20000)

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, value: str) -> str:
        if value not in METRICS:
            raise ValueError(f"unknown metric; one of {', '.join(METRICS)}")
        return value

    @model_validator(mode="after")
    def _ordered(self):
        low, best, high = self.low, self.best, self.high
        if low is not None and high is not None and low > high:
            raise ValueError("low is greater than high")
        if best is not None and ((low is not None and best < low) or (high is not None and best > high)):
            raise ValueError("best lies outside low–high")
        if self.period_start and self.period_end and self.period_start > self.period_end:
            raise ValueError("the period ends before it starts")
        return self


class ClaimOut(_Out):
    id: int
    key: str | None = None
    source_id: str
    metric: str
    low: int | None = None
    best: int | None = None
    high: int | None = None
    qualifier: str | None = None
    unit: str | None = None
    subject: str | None = None
    as_of: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    place_key: str | None = None
    place_text: str | None = None
    actor_text: str | None = None
    attributed_to: str | None = None
    reliability: str | None = None
    credibility: int | None = None
    status: str
    review: str | None = None
    quote: str | None = None
    supersedes_id: int | None = None
    superseded: bool = False
    created_by: str | None = None
    date_precision: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def value(self) -> str | None:
        """The value as its source stated it ("more than 3,000", "thousands"); low/best/high
        hold the stated numbers, and ``qualifier`` how to read them."""
        if self.low is None and self.best is None and self.high is None and not self.qualifier:
            return None
        return format_count(self.low, self.best, self.high, self.qualifier)


# -- incidents ---------------------------------------------------------------------------------
class IncidentIn(_In):
    title: str = Field(min_length=1, max_length=500)
    type: str = Field(min_length=1, max_length=50, pattern=r"^[a-z_]+$")
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    place_key: str | None = Field(default=None, max_length=40)
    place_text: str | None = Field(default=None, max_length=300)
    count_metric: str | None = Field(default=None, max_length=50)
    count_low: int | None = Count
    count_best: int | None = Count
    count_high: int | None = Count
    description: str | None = Field(default=None, max_length=20000)
    status: Status = "reported"
    claim_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(default_factory=list, max_length=500)

    @model_validator(mode="after")
    def _ordered(self):
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValueError("the incident ends before it starts")
        if self.count_low is not None and self.count_high is not None and self.count_low > self.count_high:
            raise ValueError("count_low is greater than count_high")
        return self


class IncidentOut(_Out):
    id: int
    key: str | None = None
    title: str
    type: str
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    date_precision: str | None = None
    place_key: str | None = None
    place_text: str | None = None
    count_metric: str | None = None
    count_low: int | None = None
    count_best: int | None = None
    count_high: int | None = None
    description: str | None = None
    status: str
    claim_ids: list[int] = Field(default_factory=list)


# -- records and persons ----------------------------------------------------------------------
class PersonIdentity(BaseModel):
    """Filled only by :func:`sabt.protection.identity_of`: ``[protected]`` for those not allowed."""

    name: str | None = None
    name_latin: str | None = None
    father_name: str | None = None


class RecordIdentity(BaseModel):
    name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    father_name: str | None = None
    national_id: str | None = None
    address: str | None = None
    contact: str | None = None
    notes: str | None = None


class PersonOut(BaseModel):
    id: int
    protected: bool
    identity: PersonIdentity
    sex: str | None = None
    age: int | None = None
    birth_year: int | None = None
    date_of_death: dt.date | None = None
    date_of_arrest: dt.date | None = None
    status: str | None = None
    place_key: str | None = None
    province_code: str | None = None
    record_ids: list[int] = Field(default_factory=list)


class RecordOut(BaseModel):
    id: int
    source_id: str
    source_record_id: str | None = None
    row_number: int
    protected: bool
    identity: RecordIdentity
    sex: str | None = None
    age: int | None = None
    birth_year: int | None = None
    date_of_birth: dt.date | None = None
    date_of_death: dt.date | None = None
    date_of_arrest: dt.date | None = None
    status: str | None = None
    place_text: str | None = None
    place_key: str | None = None
    province_code: str | None = None
    person_id: int | None = None


class ProtectionIn(_In):
    protected: bool
    #: releasing a person: exactly its protected records, each released (and audited) with it
    release_records: list[int] | None = Field(default=None, max_length=10_000)
    confirm: bool = False


# -- actors, places, evidence -------------------------------------------------------------------
class ActorOut(_Out):
    id: int
    key: str
    kind: str
    name: str
    name_fa: str | None = None
    classification: str | None = None
    country: str | None = None
    description: str | None = None


class PlaceOut(_Out):
    key: str
    kind: str
    name_en: str
    name_fa: str | None = None
    iso_code: str | None = None
    province_code: str | None = None
    lat: float | None = None
    lon: float | None = None


class EvidenceOut(_Out):
    id: int
    sha256: str
    size: int
    media_type: str | None = None
    original_name: str | None = None
    source_id: str | None = None
    note: str | None = None
    captured_at: dt.datetime | None = None
    protected: bool = False
    phash: str | None = None
    created_at: dt.datetime | None = None


class VerifyOut(BaseModel):
    ok: bool
    report: dict


# -- review, runs, audit -------------------------------------------------------------------------
class PairOut(BaseModel):
    record_a: int
    record_b: int
    probability: float
    drivers: dict
    a: RecordOut
    b: RecordOut
    change: float | None = None
    """People the estimate would move by if the decision at stake were taken (accept a pair in
    two persons, reject one in one person); with ``order=impact``."""
    impact: float | None = None
    """``change`` times the chance that decision goes that way."""


class DecisionIn(_In):
    record_a: int = Field(ge=1, le=MAX_ID)
    record_b: int = Field(ge=1, le=MAX_ID)
    decision: Literal["accept", "reject"]
    note: str | None = Field(default=None, max_length=2000)


class EstimateIn(_In):
    """The options of an estimate; what is left out is the case's setting, else the default
    (:class:`sabt.settings.EstimateOptions`: method lcmcr, seed 1, max_order 2, no strata)."""

    method: Literal["loglinear", "lcmcr", "dga"] | None = None
    by: list[Literal["province", "period", "month", "week", "sex", "age_group"]] | None = Field(default=None, max_length=3)
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1)
    max_order: Literal[2, 3] | None = None

    def changes(self) -> dict:
        """The options given, for :func:`sabt.estimate.run.estimate_case`."""
        strata = tuple(dict.fromkeys(self.by)) if self.by is not None else None
        return {"method": self.method, "max_order": self.max_order, "strata": strata, "seed": self.seed}


class RunOut(BaseModel):
    ok: bool
    summary: dict


class EstimateRunOut(_Out):
    id: int
    method: str
    strata: list | None = None
    result: dict | None = None
    created_at: dt.datetime | None = None


class AuditOut(_Out):
    id: int
    at: dt.datetime
    actor: str
    action: str
    subject_table: str | None = None
    subject_id: str | None = None
    detail: dict | None = None


class UserOut(BaseModel):
    id: int
    name: str
    role: str
    lang: str
    disabled: bool
    created_at: str | None = None


class MeOut(BaseModel):
    name: str
    role: str
    lang: str
    may_see_protected: bool
