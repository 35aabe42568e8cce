"""The record: every table of a case file.

One declarative model per entity of DESIGN.md ("The record"). Conventions that hold for every
table:

- counts are kept as ``low`` / ``best`` / ``high`` (the UCDP GED convention) with the source's
  own qualifier; dates are ISO 8601 (Gregorian) with a precision code (``day``, ``month``,
  ``year``) so a month-only date is not mistaken for the first of the month;
- nothing a source said is overwritten: claims and records are superseded (``supersedes_id``);
- identifying fields of a protected record or person are not stored in their plain columns but
  sealed (AES-GCM) in ``sealed``, with keyed blind indexes for search (see :mod:`sabt.store.crypto`);
- every datum about actors (posts, parentage, deployments) carries its citations and a
  confidence (the Security Force Monitor model).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Created:
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=_now, server_default=func.now()
    )


class CaseSetting(Base):
    """Key/value facts about the case itself (its id, title, key fingerprint)."""

    __tablename__ = "case_settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Place(Base):
    """Gazetteer entry: country, province, county, city or crossing."""

    __tablename__ = "places"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_fa: Mapped[str | None] = mapped_column(String(200))
    iso_code: Mapped[str | None] = mapped_column(String(10), index=True)
    province_code: Mapped[str | None] = mapped_column(String(10), index=True)
    geonames_id: Mapped[int | None] = mapped_column(Integer)
    parent_key: Mapped[str | None] = mapped_column(ForeignKey("places.key"))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    population: Mapped[int | None] = mapped_column(Integer)
    aliases: Mapped[list | None] = mapped_column(JSON)


class Source(Created, Base):
    """A document, list, testimony, media item or statement, graded A–F (Admiralty scale)."""

    __tablename__ = "sources"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    publisher: Mapped[str | None] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(30), default="document")
    url: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(20))
    published: Mapped[dt.date | None] = mapped_column(Date)
    accessed: Mapped[dt.date | None] = mapped_column(Date)
    reliability: Mapped[str | None] = mapped_column(String(1))
    snapshot_sha256: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str | None] = mapped_column(Text)


class Claim(Created, Base):
    """One assertion of one source. Never overwritten: a correction supersedes it."""

    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str | None] = mapped_column(String(100), unique=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    metric: Mapped[str] = mapped_column(String(50), index=True)
    low: Mapped[int | None] = mapped_column(BigInteger)
    best: Mapped[int | None] = mapped_column(BigInteger)
    high: Mapped[int | None] = mapped_column(BigInteger)
    qualifier: Mapped[str | None] = mapped_column(String(50))
    unit: Mapped[str | None] = mapped_column(String(50))
    subject: Mapped[str | None] = mapped_column(String(200))
    as_of: Mapped[dt.date | None] = mapped_column(Date, index=True)
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(10))
    place_key: Mapped[str | None] = mapped_column(ForeignKey("places.key"), index=True)
    place_text: Mapped[str | None] = mapped_column(String(300))
    actor_text: Mapped[str | None] = mapped_column(String(300))
    attributed_to: Mapped[str | None] = mapped_column(String(300))
    reliability: Mapped[str | None] = mapped_column(String(1))
    credibility: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(30), default="reported", index=True)
    review: Mapped[str] = mapped_column(String(20), default="unreviewed")
    quote: Mapped[str | None] = mapped_column(Text)
    quote_start: Mapped[int | None] = mapped_column(Integer)
    quote_end: Mapped[int | None] = mapped_column(Integer)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str | None] = mapped_column(String(100))
    extra: Mapped[dict | None] = mapped_column(JSON)


class Incident(Created, Base):
    """An event with time range, place, type and counts (low/best/high)."""

    __tablename__ = "incidents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str | None] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    type: Mapped[str] = mapped_column(String(50), index=True)
    start_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(10))
    place_key: Mapped[str | None] = mapped_column(ForeignKey("places.key"), index=True)
    place_text: Mapped[str | None] = mapped_column(String(300))
    place_precision: Mapped[int | None] = mapped_column(Integer)
    count_metric: Mapped[str | None] = mapped_column(String(50))
    count_low: Mapped[int | None] = mapped_column(BigInteger)
    count_best: Mapped[int | None] = mapped_column(BigInteger)
    count_high: Mapped[int | None] = mapped_column(BigInteger)
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(30), default="reported")


class IncidentClaim(Base):
    __tablename__ = "incident_claims"
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True)


class Actor(Created, Base):
    """An organisation/unit or a person (public bodies and officials)."""

    __tablename__ = "actors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(300))
    name_fa: Mapped[str | None] = mapped_column(String(300))
    name_ar: Mapped[str | None] = mapped_column(String(300))
    aliases: Mapped[list | None] = mapped_column(JSON)
    classification: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(10))
    description: Mapped[str | None] = mapped_column(Text)


class IncidentActor(Base):
    """Who did what: an actor's degree of involvement in an incident (HURIDOCS ESF)."""

    __tablename__ = "incident_actors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    involvement: Mapped[str] = mapped_column(String(30))
    confidence: Mapped[str | None] = mapped_column(String(10))


class _Dated:
    """A from–to interval with partial dates; ``None`` ends are open."""

    start_date: Mapped[dt.date | None] = mapped_column(Date)
    start_precision: Mapped[str | None] = mapped_column(String(10))
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    end_precision: Mapped[str | None] = mapped_column(String(10))
    confidence: Mapped[str | None] = mapped_column(String(10))


class Post(_Dated, Base):
    """A person holds a role (with rank) in a unit, from–to."""

    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    role: Mapped[str | None] = mapped_column(String(200))
    rank: Mapped[str | None] = mapped_column(String(100))
    title: Mapped[str | None] = mapped_column(String(300))
    is_command: Mapped[bool] = mapped_column(Boolean, default=False)


class Parentage(_Dated, Base):
    """A unit under another unit, from–to; ``relation`` is command or non-command."""

    __tablename__ = "parentages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    relation: Mapped[str] = mapped_column(String(30), default="command")


class Deployment(_Dated, Base):
    """A unit at a place (site or area of operations), from–to."""

    __tablename__ = "deployments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    place_key: Mapped[str | None] = mapped_column(ForeignKey("places.key"), index=True)
    place_text: Mapped[str | None] = mapped_column(String(300))
    role: Mapped[str | None] = mapped_column(String(100))
    strength_low: Mapped[int | None] = mapped_column(Integer)
    strength_best: Mapped[int | None] = mapped_column(Integer)
    strength_high: Mapped[int | None] = mapped_column(Integer)


class Citation(Base):
    """Which source (and claim, quote) supports a datum of any table."""

    __tablename__ = "citations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_table: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    quote: Mapped[str | None] = mapped_column(Text)
    locator: Mapped[str | None] = mapped_column(String(100))
    confidence: Mapped[str | None] = mapped_column(String(10))

    __table_args__ = (Index("ix_citations_subject", "subject_table", "subject_id"),)


class LegalClassification(Base):
    """A candidate Rome Statute act for an incident, and an analyst's decision on it."""

    __tablename__ = "legal_classifications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    act_code: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="candidate")
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("incident_id", "act_code"),)


class ImportBatch(Created, Base):
    """One imported file: what was read, how, and what came of it."""

    __tablename__ = "imports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(500))
    file_sha256: Mapped[str] = mapped_column(String(64))
    file_format: Mapped[str] = mapped_column(String(10))
    encoding: Mapped[str | None] = mapped_column(String(30))
    calendar: Mapped[str | None] = mapped_column(String(20))
    mapping: Mapped[dict | None] = mapped_column(JSON)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_added: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[dict | None] = mapped_column(JSON)

    __table_args__ = (UniqueConstraint("source_id", "file_sha256"),)


PLAIN_IDENTITY = {
    "records": ("name", "given_name", "family_name", "father_name", "national_id", "address"),
    "persons": ("name", "name_latin", "father_name"),
}
"""The identifying columns kept in clear for an unprotected row; NULL (their values sealed)
for a protected one. Protection, exports and linkage all read this one list."""


class Person(Created, Base):
    """A resolved individual that records link to (victim, detainee, witness)."""

    __tablename__ = "persons"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    protected: Mapped[bool] = mapped_column(Boolean, default=False)
    name: Mapped[str | None] = mapped_column(String(300))
    name_latin: Mapped[str | None] = mapped_column(String(300))
    father_name: Mapped[str | None] = mapped_column(String(200))
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    sex: Mapped[str | None] = mapped_column(String(1))
    age: Mapped[int | None] = mapped_column(Integer)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    date_of_death: Mapped[dt.date | None] = mapped_column(Date)
    date_of_arrest: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str | None] = mapped_column(String(30))
    place_key: Mapped[str | None] = mapped_column(ForeignKey("places.key"))
    province_code: Mapped[str | None] = mapped_column(String(10), index=True)
    link_run_id: Mapped[int | None] = mapped_column(ForeignKey("link_runs.id"))
    flags: Mapped[list | None] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_persons_name_trgm", "name", postgresql_using="gin", postgresql_ops={"name": "gin_trgm_ops"}),
    )


class PersonAlias(Base):
    """A person id that linkage merged into another: it keeps answering, with a redirect."""

    __tablename__ = "person_aliases"
    old_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(Integer, index=True)
    link_run_id: Mapped[int | None] = mapped_column(ForeignKey("link_runs.id"))
    #: the old person was protected (all its records were): a viewer never learns it existed
    was_protected: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Record(Created, Base):
    """One row of one organisation's list: the row as read, and its normalised fields."""

    __tablename__ = "records"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id"), index=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    source_record_id: Mapped[str | None] = mapped_column(String(200))
    row_number: Mapped[int] = mapped_column(Integer)
    raw: Mapped[dict | None] = mapped_column(JSON)
    row_sha256: Mapped[str] = mapped_column(String(64))
    protected: Mapped[bool] = mapped_column(Boolean, default=False)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    name: Mapped[str | None] = mapped_column(String(300))
    given_name: Mapped[str | None] = mapped_column(String(200))
    family_name: Mapped[str | None] = mapped_column(String(200))
    father_name: Mapped[str | None] = mapped_column(String(200))
    national_id: Mapped[str | None] = mapped_column(String(50))
    address: Mapped[str | None] = mapped_column(Text)
    name_index: Mapped[str | None] = mapped_column(String(64), index=True)
    sex: Mapped[str | None] = mapped_column(String(1))
    age: Mapped[int | None] = mapped_column(Integer)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date)
    date_of_death: Mapped[dt.date | None] = mapped_column(Date)
    date_of_arrest: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str | None] = mapped_column(String(30))
    place_text: Mapped[str | None] = mapped_column(String(300))
    place_key: Mapped[str | None] = mapped_column(ForeignKey("places.key"))
    province_code: Mapped[str | None] = mapped_column(String(10), index=True)
    extra: Mapped[dict | None] = mapped_column(JSON)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("records.id"))
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)

    __table_args__ = (
        Index("ix_records_source_record", "source_id", "source_record_id"),
        # substring search of plain names on PostgreSQL (pg_trgm); see NAME_SEARCH below
        Index("ix_records_name_trgm", "name", postgresql_using="gin", postgresql_ops={"name": "gin_trgm_ops"}),
    )


class LinkRun(Created, Base):
    """One run of record linkage: backend, settings, threshold, outcome."""

    __tablename__ = "link_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    backend: Mapped[str] = mapped_column(String(20))
    settings: Mapped[dict | None] = mapped_column(JSON)
    threshold: Mapped[float | None] = mapped_column(Float)
    summary: Mapped[dict | None] = mapped_column(JSON)


class RecordLink(Base):
    """A scored pair of records from a link run, with the fields that drove the score."""

    __tablename__ = "record_links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("link_runs.id"), index=True)
    record_a: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    record_b: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    match_probability: Mapped[float] = mapped_column(Float)
    match_weight: Mapped[float | None] = mapped_column(Float)
    drivers: Mapped[dict | None] = mapped_column(JSON)


class PairReview(Base):
    """A reviewer's decision on a pair of records; overrides the model in every later run."""

    __tablename__ = "pair_reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_a: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    record_b: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    decision: Mapped[str] = mapped_column(String(10))
    reviewer: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("record_a", "record_b"),)


class Evidence(Created, Base):
    """A content-addressed object in the vault, its metadata and perceptual hash."""

    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str | None] = mapped_column(String(100))
    original_name: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[str | None] = mapped_column(ForeignKey("sources.id"))
    note: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    captured_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    container_sha256: Mapped[str | None] = mapped_column(String(64))
    derived_from_sha256: Mapped[str | None] = mapped_column(String(64))
    protected: Mapped[bool] = mapped_column(Boolean, default=False)
    meta: Mapped[dict | None] = mapped_column(JSON)
    phash: Mapped[str | None] = mapped_column(String(64), index=True)
    frame_hashes: Mapped[list | None] = mapped_column(JSON)


class EvidenceAcquisition(Base):
    """Each time bytes were acquired (the same object may be acquired many times)."""

    __tablename__ = "evidence_acquisitions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), index=True)
    acquired_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    actor: Mapped[str | None] = mapped_column(String(100))
    original_name: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[str | None] = mapped_column(ForeignKey("sources.id"))
    note: Mapped[str | None] = mapped_column(Text)
    # where and when these bytes were captured, for this acquisition (a second capture of the
    # same bytes from another URL or day keeps its own)
    url: Mapped[str | None] = mapped_column(Text)
    captured_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    container_sha256: Mapped[str | None] = mapped_column(String(64))


class EvidenceLink(Base):
    """Evidence supports a claim, an incident or a person."""

    __tablename__ = "evidence_links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), index=True)
    target_table: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("evidence_id", "target_table", "target_id"),)


class CustodyEvent(Base):
    """Index of one line of the vault's custody log (the log file itself is authoritative)."""

    __tablename__ = "custody_events"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    event: Mapped[str] = mapped_column(String(30))
    actor: Mapped[str | None] = mapped_column(String(100))
    object_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    line_sha256: Mapped[str] = mapped_column(String(64))
    prev_sha256: Mapped[str | None] = mapped_column(String(64))


class User(Created, Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    lang: Mapped[str] = mapped_column(String(5), default="en")
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)


class ApiToken(Created, Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # named and scoped (sabt.web.tokens): scope "read" or a role; NULL = the owner's role (older tokens)
    name: Mapped[str | None] = mapped_column(String(100))
    scope: Mapped[str | None] = mapped_column(String(20))
    prefix: Mapped[str | None] = mapped_column(String(16))     # the token's first characters, to tell it apart
    created_by: Mapped[str | None] = mapped_column(String(100))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """Every write, and every read of a protected identity: who, when, what."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    subject_table: Mapped[str | None] = mapped_column(String(40))
    subject_id: Mapped[str | None] = mapped_column(String(100))
    detail: Mapped[dict | None] = mapped_column(JSON)


class EstimateRun(Created, Base):
    """A stored multiple-systems estimate with its settings and result."""

    __tablename__ = "estimate_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    method: Mapped[str] = mapped_column(String(20))
    strata: Mapped[list | None] = mapped_column(JSON)
    settings: Mapped[dict | None] = mapped_column(JSON)
    result: Mapped[dict | None] = mapped_column(JSON)


class Series(Created, Base):
    """A measured series over time, such as national internet reachability by hour."""

    __tablename__ = "series"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    label: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str | None] = mapped_column(String(50))
    source_id: Mapped[str | None] = mapped_column(ForeignKey("sources.id"))
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    meta: Mapped[dict | None] = mapped_column(JSON)


class SeriesPoint(Base):
    __tablename__ = "series_points"
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id"), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    value: Mapped[float | None] = mapped_column(Float)


# -- the web app's login sessions, login rate limit and name search --------------------------------
class WebSession(Base):
    """A login session of the web app. Only the SHA-256 of the cookie's value is stored, so
    reading this table does not let anyone sign in."""

    __tablename__ = "web_sessions"
    id_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    user_agent: Mapped[str | None] = mapped_column(String(120))   # a summary ("Firefox 128 · Linux")
    address: Mapped[str | None] = mapped_column(String(64))       # the client's, as the server saw it


class LoginAttempt(Base):
    """A failed sign-in, counted per user name and per client address for the rate limit.
    ``key_sha256`` is the SHA-256 of ``user:NAME`` or ``ip:ADDRESS`` — what was typed into the
    name field (sometimes a password) is not kept."""

    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_sha256: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_login_attempts_key_at", "key_sha256", "at"),)


#: SQLite's substring index of plain names: an FTS5 ``trigram`` table per table, holding only the
#: plain ``name`` column (NULL for protected rows, so a protected name never enters it), kept in
#: step by triggers. Created by migration 0003 (they are not ORM tables); PostgreSQL uses the
#: ``*_name_trgm`` GIN indexes above instead.
NAME_SEARCH = {"persons": "persons_name_fts", "records": "records_name_fts"}


def is_name_search_table(name: str) -> bool:
    """Whether ``name`` is one of the FTS5 tables (or their shadow tables) of :data:`NAME_SEARCH`;
    schema comparison (autogenerate, the migration test) leaves them out."""
    return any(name == t or name.startswith(t + "_") for t in NAME_SEARCH.values())


# -- second factors and re-authentication (sabt.web.second_factor, sabt.web.reauth) ---------------
class UserTotp(Created, Base):
    """A user's TOTP secret (RFC 6238), sealed under the case key like a protected identity.
    Active once ``confirmed_at`` is set (the user typed a first right code); ``last_step`` is the
    time step of the last accepted code, so a code cannot be used twice."""

    __tablename__ = "user_totp"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_step: Mapped[int | None] = mapped_column(BigInteger)


class RecoveryCode(Created, Base):
    """A one-time recovery code, kept as the SHA-256 of its (100-bit random) text."""

    __tablename__ = "recovery_codes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class WebauthnCredential(Created, Base):
    """A passkey or security key registered by a user (WebAuthn), named by them."""

    __tablename__ = "webauthn_credentials"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    credential_id: Mapped[bytes] = mapped_column(LargeBinary, unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    sign_count: Mapped[int] = mapped_column(BigInteger, default=0)
    transports: Mapped[list | None] = mapped_column(JSON)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class PendingLogin(Base):
    """A sign-in halfway: the password was right, the second factor (``purpose`` "verify") or
    the enrolment the administrator requires ("enrol") is still to come. Keyed by the SHA-256 of
    its cookie; it is not a session — it opens no page but its own."""

    __tablename__ = "pending_logins"
    id_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(10))
    csrf: Mapped[str] = mapped_column(String(64))
    next: Mapped[str] = mapped_column(String(500), default="/")
    challenge: Mapped[bytes | None] = mapped_column(LargeBinary)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class ReauthMark(Base):
    """When a login session last proved its user again (second factor, or password for a user
    without one): sensitive actions need it to be recent. ``challenge``: a WebAuthn ceremony
    under way for this session."""

    __tablename__ = "reauth_marks"
    session_sha256: Mapped[str] = mapped_column(ForeignKey("web_sessions.id_sha256", ondelete="CASCADE"),
                                                primary_key=True)
    at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    challenge: Mapped[bytes | None] = mapped_column(LargeBinary)
