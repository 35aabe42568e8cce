"""The example case's data (examples/iran-2026): the assessment's claims, incidents and the
synthetic connectivity series import cleanly, and every figure, date and quote is the report's."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sabt.claims.importer import import_claims
from sabt.claims.incidents import INCIDENT_TYPES, import_incidents
from sabt.claims.series import import_series
from sabt.claims.vocab import CREDIBILITY, METRICS, RELIABILITY, STATUSES
from sabt.store import models

REPO = Path(__file__).parents[2]
EXAMPLE = REPO / "examples" / "iran-2026"
REPORT = REPO.parent / "shared" / "sources" / "iran-2026-foreign-militias-assessment.txt"

CLAIMS = json.loads((EXAMPLE / "claims.json").read_text("utf-8"))["claims"]
SOURCES = json.loads((EXAMPLE / "sources.json").read_text("utf-8"))["sources"]
INCIDENTS = json.loads((EXAMPLE / "incidents.json").read_text("utf-8"))["incidents"]
BY_KEY = {c["key"]: c for c in CLAIMS}

# Individuals the report names as victims, detainees, witnesses or their relatives (read from
# the report: sections II, III, V). None of them may appear in the example's data.
VICTIMS_AND_WITNESSES = [
    "Mohammad Mehdi Alipour", "Amir Mohammad Bakhtiari", "Farid Alizadeh", "Mohaddeseh Mohammadi",
    "Shahla Ansarian", "Kourosh Nouri", "Amir Mehdi Razm", "Sepehr Salehi", "Nemat Heydari",
    "Mohammed Iyad", "Zahra Shariatmadari", "Shirin",
]
# Other individuals the report names (officials, experts, commanders, lawyers). The example
# attributes to offices and roles; these names stay out of claims, incidents and notes too.
OTHER_INDIVIDUALS = [
    "Hashemian", "al-Khayyat", "Soleimani", "al-Lami", "al-Muhandis", "Bayan Jabr", "Tavassoli",
    "Raza Abidi", "Mnuchin", "Abu Azrael", "Allawi", "al-Sudani", "Khamenei", "Bigdeli", "Mehdi Reza",
    "Pobee", "Mohseni-Ejei", "Ejei", "Taleblu", "Naghshbandi", "Türk", "Leavitt", "Trump", "Araghchi",
    "Ghaani", "Waltz", "Darzi", "Alinejad", "Yvette Cooper", "Merz", "Tajani", "Sabouri",
    "von der Leyen", "Kallas",
]


@pytest.fixture(scope="module")
def report_text() -> str:
    if not REPORT.exists():
        pytest.skip(f"the assessment text is not at {REPORT} (CI has ../shared beside the clone)")
    return REPORT.read_text(encoding="utf-8")


def _import_claims(case):
    import_claims(case, EXAMPLE / "sources.json")
    return import_claims(case, EXAMPLE / "claims.json")


def test_claims_import_into_a_fresh_case(case):
    summary = _import_claims(case)
    assert summary.claims_added == len(CLAIMS) >= 80
    assert summary.unresolved_places == []
    again = import_claims(case, EXAMPLE / "claims.json")
    assert again.claims_added == 0 and again.claims_unchanged == len(CLAIMS)
    with case.session() as session:
        claims = session.scalars(select(models.Claim)).all()
        assert len(claims) == len(CLAIMS)
        for claim in claims:
            assert claim.source_id and claim.quote and claim.attributed_to, claim.key
            assert claim.reliability in RELIABILITY and claim.credibility in CREDIBILITY, claim.key
            assert claim.status in STATUSES, claim.key
            if claim.place_text:
                assert claim.place_key, f"{claim.key}: {claim.place_text!r} did not resolve"


def test_every_claim_is_complete_in_the_file():
    keys = [c["key"] for c in CLAIMS]
    assert len(keys) == len(set(keys))
    source_ids = {s["id"] for s in SOURCES}
    for claim in CLAIMS:
        assert claim["metric"] in METRICS
        assert claim["source_id"] in source_ids
        assert claim["quote"] and claim["attributed_to"]
        assert claim["reliability"] in RELIABILITY and claim["credibility"] in CREDIBILITY
        assert claim["status"] in STATUSES


def test_every_quote_is_verbatim_in_the_assessment(report_text):
    for claim in CLAIMS:
        assert claim["quote"] in report_text, claim["key"]
        assert report_text[claim["quote_start"]:claim["quote_end"]] == claim["quote"], claim["key"]


def test_reference_sources_carry_the_reports_own_urls(report_text):
    references = report_text[report_text.rindex("![]()"):]
    numbered = dict(re.findall(r"(?m)^(\d+)\.\s*\n?\s*(\S+)", references))
    for source in SOURCES:
        if source["id"].startswith("ref-"):
            number = source["id"].removeprefix("ref-")
            assert numbered[number] == source["url"], source["id"]


def test_every_source_is_used():
    config = tomllib.loads((EXAMPLE / "case.toml").read_text("utf-8"))
    used = ({c["source_id"] for c in CLAIMS} | {s["source_id"] for s in config["series"]}
            | {entry["source"] for entry in config.get("lists", [])})
    assert {s["id"] for s in SOURCES} == used


# key → (low, best, high, as_of, words that must be in the quote)
HEADLINES = {
    "killed-hrana-2403-confirmed-16-jan": (2403, 2403, None, "2026-01-16", "confirmed 2,403 protester deaths by January 16"),
    "killed-hrana-4382-under-investigation-16-jan": (None, 4382, None, "2026-01-16", "4,382 cases still under investigation"),
    "killed-hrana-3308-confirmed-18-jan": (3308, 3308, None, "2026-01-18", "HRANA confirmed 3,308 deaths"),
    "killed-ihrngo-3428-to-12-jan": (3428, 3428, None, "2026-01-12", "3,428 total protester deaths from December 28 to January 12"),
    "killed-iran-hrm-3000-11-jan": (3000, None, None, "2026-01-11", "surpassed 3,000"),
    "killed-iran-international-12000-jan-8-9": (12000, 12000, None, None, "at least 12,000 civilians were killed during January 8-9"),
    "summary-killed-12000-20000-jan-8-9": (12000, None, 20000, None, "an estimated 12,000-20,000 protesters were killed"),
    "killed-cbs-activists-12000-20000": (12000, None, 20000, None, "at least 12,000 and possibly as high as 20,000"),
    "killed-doctors-16500": (16500, 16500, None, "2026-01-18", "at least 16,500 protesters had been killed"),
    "injured-doctors-330000": (None, 330000, None, "2026-01-18", "approximately 330,000 injured"),
    "killed-official-5000": (5000, 5000, None, "2026-01-18", "verified at least 5,000 fatalities"),
    "killed-official-security-forces-500": (None, 500, None, "2026-01-18", "around 500 security force members"),
    "opening-killed-20000-30000": (20000, None, 30000, None, "20,000-30,000 protestors killed"),
    "arrested-hrana-24000-18-jan": (24000, None, None, "2026-01-18", "over 24,000 arrests by January 18"),
    "detained-18000-mid-january": (18000, None, None, "2026-01-15", "over 18,000 detainees"),
    "detained-iran-hrm-3000-195-cities": (3000, None, None, None, "more than 3,000 detained across 195 cities"),
    "executed-52-jan-5-14": (52, 52, None, "2026-01-14", "at least 52 executions"),
    "executions-prisons-42": (42, 42, None, "2026-01-14", "at least 42 prisons"),
    "deployed-iraqi-initial-800": (None, 800, None, "2026-01-07", "approximately 800 Iraqi fighters"),
    "deployed-800-diyala-maysan-basra": (800, 800, 800, None, "800 Shiite fighters crossed"),
    "deployed-nearly-5000-shaib-zurbatiya": (None, 5000, None, None, "\"nearly 5,000 fighters\""),
    "summary-deployed-iraqi-5000": (None, 5000, None, None, "approximately 5,000 Iraqi militia fighters"),
    "deployed-850-fox-news": (None, 850, None, None, "roughly 850 Hezbollah"),
    "protests-locations-585": (585, 585, None, "2026-01-15", "at least 585 locations across 186 cities"),
    "protests-cities-186": (186, 186, 186, "2026-01-15", "186 cities"),
    "children-arrested-kohgiluyeh-81": (81, 81, None, None, "at least 81 adolescents detained"),
    "children-arrested-province-tehran": (18, 18, 18, None, "Tehran (18)"),
    "children-arrested-province-kohgiluyeh-boyer-ahmad": (46, 46, 46, None, "Kohgiluyeh and Boyer-Ahmad (46 children)"),
    "children-arrested-province-qom": (1, None, 2, None, "between 1-2 children"),
    "killed-tehran-six-hospitals-217-jan-8": (217, 217, 217, "2026-01-08", "217 deaths of protesters on January 8"),
    "detained-facing-execution-50000": (50000, 50000, 50000, "2026-01-15", "50,000 across 144 cities"),
}


def test_headline_figures_are_the_reports(case):
    _import_claims(case)
    with case.session() as session:
        claims = {c.key: c for c in session.scalars(select(models.Claim))}
    for key, (low, best, high, as_of, words) in HEADLINES.items():
        claim = claims[key]
        assert (claim.low, claim.best, claim.high) == (low, best, high), key
        if as_of:
            assert claim.as_of == dt.date.fromisoformat(as_of), key
        assert words in claim.quote, key
    assert claims["killed-hrana-2403-confirmed-16-jan"].status == "confirmed"
    assert claims["killed-hrana-4382-under-investigation-18-jan"].status == "under_investigation"
    assert claims["killed-hrana-2403-confirmed-16-jan"].extra["part"] == "confirmed"
    assert claims["killed-official-5000"].extra["official"] is True
    assert claims["killed-official-5000"].reliability == "D"
    assert claims["deployed-nearly-5000-shaib-zurbatiya"].source_id == "ref-5"
    assert claims["killed-official-5000"].source_id == "ref-59"
    assert claims["executed-52-jan-5-14"].period_start == dt.date(2026, 1, 5)
    assert claims["executed-52-jan-5-14"].period_end == dt.date(2026, 1, 14)
    assert claims["killed-ihrngo-3428-to-12-jan"].period_start == dt.date(2025, 12, 28)


def test_dated_non_numeric_claims():
    expect = {
        "internet-blackout-evening-8-jan": ("internet_shutdown", "2026-01-08", "On the evening of January 8, 2026"),
        "directive-3-jan-supreme-leader": ("directive", "2026-01-03", "rioters should be dealt with decisively"),
        "directive-9-jan-snsc": ("directive", "2026-01-09", "On January 9, the Supreme National Security Council"),
        "hospital-raid-ilam-imam-khomeini": ("hospital_raid", "2026-01-04", "Imam Khomeini Hospital"),
        "crossing-shalamcheh-60-buses": ("crossing", "2026-01-11", "by the evening of January 11"),
    }
    for key, (metric, as_of, words) in expect.items():
        claim = BY_KEY[key]
        assert claim["metric"] == metric and claim["as_of"] == as_of and words in claim["quote"], key
        assert "value" not in claim or metric == "crossing"
    for key, place in {"staging-ahvaz-hub": "Ahvaz", "hospital-raid-karaj": "Karaj", "crossing-khosravi": "Khosravi",
                       "crossing-zurbatiya": "Zurbatiya", "crossing-shaib": "Shaib", "crossing-chazabeh": "Chazabeh"}.items():
        assert BY_KEY[key]["place"] == place
    assert BY_KEY["directive-9-jan-snsc"]["attributed_to"] == "Supreme National Security Council"
    assert BY_KEY["directive-3-jan-supreme-leader"]["attributed_to"] == "Office of the Supreme Leader"


def test_the_unsourced_opening_is_graded_f6(report_text):
    opening_end = report_text.index("EXECUTIVE INTELLIGENCE ASSESSMENT")
    opening = [c for c in CLAIMS if c["quote_start"] < opening_end]
    assert len(opening) >= 4
    assert any("20,000-30,000" in c["quote"] for c in opening)
    for claim in opening:
        assert (claim["reliability"], claim["credibility"]) == ("F", 6), claim["key"]
        assert claim["section"] == "opening" and claim["unsourced"] is True
    assert all(c["credibility"] != 6 for c in CLAIMS if c["quote_start"] > opening_end)


def _example_text_files():
    for path in sorted(EXAMPLE.rglob("*")):
        if path.is_file() and "actors" not in path.relative_to(EXAMPLE).parts and path.suffix in (
                ".json", ".md", ".toml", ".csv", ".txt", ".py"):
            yield path


def test_no_individual_is_named_in_the_example_data():
    for path in _example_text_files():
        raw = path.read_bytes()
        text = next((raw.decode(enc) for enc in ("utf-8-sig", "utf-16", "cp1256") if _decodes(raw, enc)), "")
        if "lists" in path.relative_to(EXAMPLE).parts:
            # synthetic people: a common given name alone (Shirin) is no one; full names are checked
            names = [n for n in VICTIMS_AND_WITNESSES if " " in n]
        else:
            names = VICTIMS_AND_WITNESSES + ([] if path.suffix == ".py" or path.name == "sources.json"
                                             else OTHER_INDIVIDUALS)
        for name in names:
            assert name.lower() not in text.lower(), f"{path.name} names {name}"


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def test_incidents_import_and_link_to_existing_claims(case):
    _import_claims(case)
    summary = import_incidents(case, EXAMPLE / "incidents.json")
    assert summary.added == len(INCIDENTS) >= 40 and summary.unresolved_places == []
    assert import_incidents(case, EXAMPLE / "incidents.json").unchanged == len(INCIDENTS)
    with case.session() as session:
        incidents = {i.key: i for i in session.scalars(select(models.Incident))}
        links = session.scalar(select(func.count()).select_from(models.IncidentClaim))
        for incident in incidents.values():
            assert incident.type in INCIDENT_TYPES
            n = session.scalar(select(func.count()).select_from(models.IncidentClaim)
                               .where(models.IncidentClaim.incident_id == incident.id))
            assert n >= 1, incident.key
    assert links == sum(len(i["claims"]) for i in INCIDENTS)
    killing = incidents["mass-killing-2026-01-08-09"]
    assert (killing.count_low, killing.count_best, killing.count_high) == (12000, 12000, 20000)
    assert (killing.start_date, killing.end_date) == (dt.date(2026, 1, 8), dt.date(2026, 1, 9))
    tolls = incidents["killings-2025-12-28-to-2026-01-18"]
    assert (tolls.count_low, tolls.count_best, tolls.count_high) == (2403, 3308, 20000)
    pmf = incidents["deployment-iraqi-pmf"]
    assert (pmf.count_low, pmf.count_best, pmf.count_high) == (800, None, 5000)
    assert incidents["hospital-raid-ilam-imam-khomeini"].place_key == "gn:130802"  # Ilam
    assert incidents["crossing-shalamcheh"].place_key == "crossing:shalamcheh"
    assert incidents["staging-ahvaz"].place_key == "gn:144448"  # Ahvaz
    assert incidents["internet-shutdown-2026-01-08"].start_date == dt.date(2026, 1, 8)
    assert incidents["executions-2026-01-05-14"].count_low == 52
    types = {i.type for i in incidents.values()}
    assert {"mass_killing", "hospital_raid", "internet_shutdown", "deployment", "border_crossing", "staging",
            "directive", "execution", "mass_arrest", "child_detention", "protest"} <= types


def test_the_synthetic_series_imports_and_follows_the_report(case):
    import_claims(case, EXAMPLE / "sources.json")
    config = tomllib.loads((EXAMPLE / "case.toml").read_text("utf-8"))["series"][0]
    summary = import_series(case, EXAMPLE / config["file"], config["key"], config["label"], config["source_id"],
                            config["synthetic"], config["unit"])
    assert summary.points == 37 * 24
    with case.session() as session:
        series = session.scalar(select(models.Series).where(models.Series.key == "connectivity"))
        assert series.synthetic and "synthetic" in series.label.lower()
        points = {p.at.replace(tzinfo=None): p.value for p in session.scalars(
            select(models.SeriesPoint).where(models.SeriesPoint.series_id == series.id))}
    assert 90 < points[dt.datetime(2026, 1, 2, 12)] < 110          # normal before the disruption
    assert points[dt.datetime(2026, 1, 10, 12)] < 20                # near-total blackout
    assert points[dt.datetime(2026, 1, 25, 12)] is None             # beyond the report: a gap
    assert "SYNTHETIC" in (EXAMPLE / "connectivity.csv").read_text("utf-8").splitlines()[0]


def test_case_toml_names_existing_files():
    config = tomllib.loads((EXAMPLE / "case.toml").read_text("utf-8"))
    assert config["case"]["region"] == "IR"
    assert config["case"]["period_start"] == "2025-12-28"
    for name in config["claims"]["files"] + config["incidents"]["files"]:
        assert (EXAMPLE / name).is_file(), name
    for series in config["series"]:
        assert (EXAMPLE / series["file"]).is_file() and series["synthetic"] is True
    for entry in config.get("lists", []):
        assert (EXAMPLE / entry["file"]).is_file(), entry["file"]
        if entry.get("mapping"):
            assert (EXAMPLE / entry["mapping"]).is_file(), entry["mapping"]
