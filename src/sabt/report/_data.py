"""Read everything the report shows from the case file, once, into plain objects.

The report never types a number: every figure comes from a row read here. Superseded
claims are kept out of every view (they are counted in the methodology section).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from sabt.claims.values import Reading, Stated, reading, stated
from sabt.claims.vocab import grade
from sabt.store import models

MAIN_METRIC = "killed"
LOW_GRADE_RELIABILITY = {"E", "F"}
LOW_GRADE_CREDIBILITY = {5, 6}


@dataclass
class PlaceInfo:
    key: str
    kind: str
    name_en: str
    name_fa: str | None
    province_code: str | None
    lat: float | None
    lon: float | None

    def name(self, lang: str) -> str:
        return (self.name_fa or self.name_en) if lang == "fa" else self.name_en


@dataclass
class ClaimView:
    """One current claim with everything a table row or a chart mark needs."""

    id: int
    key: str | None
    source_id: str
    source_name: str
    metric: str
    low: int | None
    best: int | None
    high: int | None
    qualifier: str | None
    as_of: dt.date | None
    period_start: dt.date | None
    period_end: dt.date | None
    place_key: str | None
    place_text: str | None
    attributed_to: str | None
    reliability: str | None
    credibility: int | None
    status: str
    quote: str | None
    extra: dict
    date_precision: str | None = None
    subject: str | None = None
    unit: str | None = None

    @property
    def stated(self) -> Stated:
        """The value as the source stated it (see :mod:`sabt.claims.values`)."""
        return stated(self.low, self.best, self.high, self.qualifier)

    @property
    def reading(self) -> Reading:
        """sabt's versioned numeric reading, for sorting and comparing only — never shown."""
        return reading(self.low, self.best, self.high, self.qualifier)

    @property
    def has_figure(self) -> bool:
        """The source gave a figure: a number, or a vague quantity ("thousands")."""
        return self.stated.kind is not None

    @property
    def known_day(self) -> dt.date | None:
        """The as-of date when the source gives it to the day; a month- or year-dated figure
        has none (a daily axis leaves it out instead of drawing it on the 1st)."""
        return self.as_of if (self.date_precision or "day") == "day" else None

    @property
    def cumulative(self) -> bool:
        """A running tally (to its as-of date), not a figure for a bounded period ("8–9 January
        only"): tallies over time compare only these with each other."""
        if self.period_start and self.period_end:
            return self.as_of is not None and self.as_of == self.period_end and self.period_start != self.period_end
        return True

    @property
    def sort_value(self) -> float:
        """The claim's place in an order by size (sabt's reading; 0 when there is none)."""
        return self.reading.point or 0

    @property
    def grade(self) -> str:
        return grade(self.reliability, self.credibility)

    @property
    def reporter(self) -> str:
        """Who reports the figure: the originator the source attributes it to, else the source.

        An assessment that quotes HRANA is the *source* of the claim; HRANA is who reports the
        figure, and the report says so ("HRANA reports 2,403 …, via the assessment").
        """
        return self.attributed_to or self.source_name

    @property
    def reporter_key(self) -> str:
        return f"by:{self.attributed_to}" if self.attributed_to else self.source_id

    @property
    def part(self) -> str | None:
        return self.extra.get("part")

    @property
    def official(self) -> bool:
        return bool(self.extra.get("official"))

    @property
    def group(self) -> str | None:
        return self.extra.get("group") or None

    @property
    def low_graded(self) -> bool:
        """Graded so low that the report shows it only as a statement (E/F or 5/6)."""
        return (self.reliability in LOW_GRADE_RELIABILITY
                or (self.credibility in LOW_GRADE_CREDIBILITY))

    @property
    def value(self) -> int | None:
        """The figure a chart puts its mark at: best, else low, else high."""
        for v in (self.best, self.low, self.high):
            if v is not None:
                return v
        return None

    @property
    def top(self) -> int | None:
        for v in (self.high, self.best, self.low):
            if v is not None:
                return v
        return None

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.high is not None and self.high > self.low

    @property
    def lower_bound(self) -> bool:
        return self.stated.kind in ("at least", "more than")


@dataclass
class IncidentView:
    id: int
    key: str | None
    title: str
    type: str
    start: dt.date | None
    end: dt.date | None
    place_key: str | None
    place_text: str | None
    metric: str | None
    low: int | None
    best: int | None
    high: int | None
    status: str
    description: str | None
    claim_ids: list[int] = field(default_factory=list)
    date_precision: str | None = "day"
    acts: list[dict] = field(default_factory=list)

    @property
    def last_day(self) -> dt.date | None:
        return self.end or self.start

    def days(self) -> list[dt.date]:
        if self.start is None:
            return []
        end = self.end or self.start
        return [self.start + dt.timedelta(days=i) for i in range((end - self.start).days + 1)]


@dataclass
class DeploymentView:
    unit_key: str
    unit_name: str
    place_key: str | None
    place_text: str | None
    role: str | None
    start: dt.date | None
    end: dt.date | None
    low: int | None
    best: int | None
    high: int | None
    start_precision: str | None = "day"
    end_precision: str | None = "day"


@dataclass
class SeriesView:
    key: str
    label: str
    unit: str | None
    synthetic: bool
    source_id: str | None
    points: list[tuple[dt.datetime, float | None]]


@dataclass
class CaseData:
    title: str | None
    case_id: str
    sources: dict[str, models.Source]
    claims: list[ClaimView]
    superseded_count: int
    incidents: list[IncidentView]
    deployments: list[DeploymentView]
    series: list[SeriesView]
    places: dict[str, PlaceInfo]
    estimate_runs: list[models.EstimateRun]
    imports: list[models.ImportBatch]
    legal: list[models.LegalClassification]
    actors: dict[int, models.Actor]
    read_at: dt.datetime
    description: dict = field(default_factory=dict)
    pipeline: dict = field(default_factory=dict)

    @property
    def period(self) -> tuple[dt.date | None, dt.date | None]:
        """The case's declared period (case.toml ``period_start`` / ``period_end``), if any."""
        def day(key):
            try:
                return dt.date.fromisoformat(str(self.description.get(key)))
            except ValueError:
                return None
        return day("period_start"), day("period_end")

    def claims_of(self, metric: str) -> list[ClaimView]:
        return [c for c in self.claims if c.metric == metric]

    def place(self, key: str | None) -> PlaceInfo | None:
        return self.places.get(key) if key else None

    def province_of(self, key: str | None) -> PlaceInfo | None:
        place = self.place(key)
        if place is None:
            return None
        if place.kind == "province":
            return place
        if place.kind == "country":
            return None
        return self.places.get(place.province_code or "")


def read_case(case) -> CaseData:
    """Everything the report needs, read in one session."""
    with case.session() as s:
        sources = {src.id: src for src in s.scalars(select(models.Source).order_by(models.Source.id))}
        rows = list(s.scalars(select(models.Claim).order_by(models.Claim.id)))
        places = {
            p.key: PlaceInfo(p.key, p.kind, p.name_en, p.name_fa, p.province_code, p.lat, p.lon)
            for p in s.scalars(select(models.Place))
        }
        claims = []
        for c in rows:
            if c.superseded:
                continue
            src = sources.get(c.source_id)
            claims.append(ClaimView(
                id=c.id, key=c.key, source_id=c.source_id,
                source_name=src.name if src else c.source_id, metric=c.metric, low=c.low,
                best=c.best, high=c.high, qualifier=c.qualifier, as_of=c.as_of,
                period_start=c.period_start, period_end=c.period_end, place_key=c.place_key,
                place_text=c.place_text, attributed_to=c.attributed_to,
                reliability=c.reliability or (src.reliability if src else None),
                credibility=c.credibility, status=c.status, quote=c.quote, extra=dict(c.extra or {}),
                date_precision=c.date_precision, subject=c.subject, unit=c.unit,
            ))
        links = defaultdict(list)
        for link in s.scalars(select(models.IncidentClaim)):
            links[link.incident_id].append(link.claim_id)
        legal = list(s.scalars(select(models.LegalClassification)))
        acts = defaultdict(list)
        for lc in legal:
            acts[lc.incident_id].append({"act": lc.act_code, "status": lc.status, "note": lc.note})
        incidents = [
            IncidentView(
                id=i.id, key=i.key, title=i.title, type=i.type, start=i.start_date, end=i.end_date,
                place_key=i.place_key, place_text=i.place_text, metric=i.count_metric,
                low=i.count_low, best=i.count_best, high=i.count_high, status=i.status,
                description=i.description, claim_ids=links.get(i.id, []), acts=acts.get(i.id, []),
                date_precision=i.date_precision or "day",
            )
            for i in s.scalars(select(models.Incident).order_by(models.Incident.id))
        ]
        # dated incidents by date, undated ones last (SQLite and PostgreSQL order NULLs differently)
        incidents.sort(key=lambda i: (i.start is None, i.start or dt.date.min, i.id))
        actors = {a.id: a for a in s.scalars(select(models.Actor))}
        deployments = []
        for d in s.scalars(select(models.Deployment).order_by(models.Deployment.id)):
            unit = actors.get(d.unit_id)
            deployments.append(DeploymentView(
                unit_key=unit.key if unit else str(d.unit_id), unit_name=unit.name if unit else "?",
                place_key=d.place_key, place_text=d.place_text, role=d.role, start=d.start_date,
                end=d.end_date, low=d.strength_low, best=d.strength_best, high=d.strength_high,
                start_precision=d.start_precision or "day", end_precision=d.end_precision or "day"))
        series = []
        for row in s.scalars(select(models.Series).order_by(models.Series.id)):
            points = list(s.execute(
                select(models.SeriesPoint.at, models.SeriesPoint.value)
                .where(models.SeriesPoint.series_id == row.id).order_by(models.SeriesPoint.at)))
            series.append(SeriesView(row.key, row.label, row.unit, bool(row.synthetic),
                                     row.source_id, [(a, v) for a, v in points]))
        runs = list(s.scalars(select(models.EstimateRun).order_by(models.EstimateRun.id)))
        imports = list(s.scalars(select(models.ImportBatch).order_by(models.ImportBatch.id)))
        title_row = s.get(models.CaseSetting, "title")
        case_id_row = s.get(models.CaseSetting, "case_id")
        description = _json_setting(s, "case_description")
        pipeline = _json_setting(s, "pipeline")
        return CaseData(
            title=description.get("title") or (title_row.value if title_row else None),
            case_id=case_id_row.value if case_id_row else "unknown",
            sources=sources, claims=claims, superseded_count=len(rows) - len(claims),
            incidents=incidents, deployments=deployments, series=series, places=places,
            estimate_runs=runs, imports=imports, legal=legal, actors=actors,
            read_at=dt.datetime.now(dt.UTC),
            description=description, pipeline=pipeline,
        )


def _json_setting(session, key: str) -> dict:
    """A JSON case setting written by ``sabt run`` (the case description, the pipeline record)."""
    import json

    row = session.get(models.CaseSetting, key)
    if row is None:
        return {}
    try:
        value = json.loads(row.value)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# -- views derived from the record ---------------------------------------------------------

def incident_figures(data: CaseData, incident: IncidentView) -> list[ClaimView]:
    """The figures behind an incident's count: each linked claim of the incident's metric that
    states one, each shown with its source (never a count combined from several sources)."""
    if not incident.metric:
        return []
    by_id = {c.id: c for c in data.claims}
    figures = [by_id[i] for i in incident.claim_ids
               if i in by_id and by_id[i].metric == incident.metric and by_id[i].has_figure]
    return sorted(figures, key=lambda c: (c.low_graded, c.as_of or dt.date.min, c.reporter, c.id))


def is_national(data: CaseData, claim: ClaimView) -> bool:
    """A country-wide figure: no place, or a country (a city's morgue count is not a tally)."""
    place = data.place(claim.place_key)
    return (place is None and not claim.place_text) or (place is not None and place.kind == "country")


def tallies(data: CaseData, metric: str = MAIN_METRIC, every_scope: bool = False) -> dict[str, list[ClaimView]]:
    """``{reporter key: [claims by as-of date]}`` for the metric, official figures included.

    Only running (cumulative) national tallies with a number, unless ``every_scope``: then
    also figures for a bounded period ("8–9 January only") and vague ones ("thousands"), for
    the table that lists every figure with its scope. A reporter is whoever the figure is
    attributed to (else the source): see :attr:`ClaimView.reporter`."""
    out: dict[str, list[ClaimView]] = defaultdict(list)
    for c in data.claims_of(metric):
        if not is_national(data, c):
            continue
        if not (c.has_figure if every_scope else (c.value is not None and c.cumulative)):
            continue
        out[c.reporter_key].append(c)
    for claims in out.values():
        claims.sort(key=lambda c: (c.as_of or dt.date.min, c.part or "", c.id))
    return dict(out)


def latest_by_source(data: CaseData, metric: str = MAIN_METRIC) -> list[dict]:
    """Each source's latest figure (confirmed + under-investigation parts together).

    Returns rows ``{source_id, as_of, claims, confirmed, under_investigation, total}``
    sorted by the figure, smallest first.
    """
    rows = []
    for source_id, claims in tallies(data, metric).items():
        # undated figures count as the reporter's latest only when it gave no dated one
        dated = [c for c in claims if c.as_of]
        claims = dated or claims
        last = max(c.as_of or dt.date.min for c in claims)
        at_last = [c for c in claims if (c.as_of or dt.date.min) == last]
        parts = {c.part: c for c in at_last if c.part}
        rows.append({
            "source_id": source_id, "reporter": at_last[0].reporter,
            "as_of": None if last == dt.date.min else last,
            "claims": at_last, "confirmed": parts.get("confirmed"),
            "under_investigation": parts.get("under_investigation"),
            "official": any(c.official for c in at_last),
            "low_graded": all(c.low_graded for c in at_last),
            "sort": sum(c.sort_value for c in at_last),
            "top": max(c.top or 0 for c in at_last),
        })
    rows.sort(key=lambda r: (r["sort"], r["top"], r["source_id"]))
    return rows


# what a tally counts is people; a figure in another unit (percent, US dollars) is not one
COUNT_UNITS = {None, "", "people", "persons", "individuals"}


def comparable(c: ClaimView) -> bool:
    """A figure that can stand beside other sources' tallies: a count of people under a named
    metric (not "other"), not context from another time or place, not a part of another
    figure (``extra.part_of``: the 11 of the 81 in security detention), in no other unit."""
    return (c.metric != "other" and c.has_figure and not c.extra.get("context")
            and not c.extra.get("part_of") and (c.unit or None) in COUNT_UNITS)


def conflicts(data: CaseData) -> dict[str, list[ClaimView]]:
    """Metrics with figures from more than one source: ``{label: [latest claim per source…]}``.

    Only like with like: the same metric, the same place (a province's child arrests only
    with the same province) and the same kind of period — running tallies together, and a
    figure for a bounded period ("8–9 January only") only with figures for the same period.
    Figures that are not comparable (:func:`comparable`) are left out. Sorted by sabt's
    reading of each figure (:attr:`ClaimView.sort_value`), never shown.
    """
    by_metric: dict[tuple, dict[str, list[ClaimView]]] = defaultdict(lambda: defaultdict(list))
    for c in data.claims:
        if not comparable(c):
            continue
        period = None if c.cumulative else (c.period_start, c.period_end)
        by_metric[(c.metric, c.place_key, period)][c.reporter_key].append(c)
    out: dict[str, list[ClaimView]] = {}
    for (metric, place, period), by_source in by_metric.items():
        if len(by_source) < 2:
            continue
        blocks = []
        for source_id, claims in by_source.items():
            last = max(c.as_of or dt.date.min for c in claims)
            block = sorted((c for c in claims if (c.as_of or dt.date.min) == last),
                           key=lambda c: c.part or "")
            blocks.append((sum(c.sort_value for c in block), max(c.top or 0 for c in block),
                           source_id, block))
        blocks.sort(key=lambda b: b[:3])
        chosen = [c for *_, block in blocks for c in block]
        label = metric if place in (None, "IR") else f"{metric}@{place}"
        if period:
            label += "#" + "/".join(d.isoformat() if d else "" for d in period)
        out[label] = chosen
    return out
