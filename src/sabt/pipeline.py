"""`sabt run CASE_DIR`: build a case from its description and write the assessment.

A pipeline of steps in the manner of HRDAG's Principled Data Processing — import, link,
estimate, classify, report — each re-runnable on its own (imports are idempotent), each
recording what it read (file, SHA-256) and with which settings, so the report can say how
every number was made. The record of the last run is kept in the case (``pipeline``).
"""

from __future__ import annotations

import hashlib
import json
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sabt.case import Case
from sabt.errors import SabtError
from sabt.settings import Settings
from sabt.store import models

CASE_SECTIONS = {"case", "claims", "incidents", "series", "lists", "actors", "estimate", "report"}


@dataclass
class StepRecord:
    name: str
    seconds: float = 0.0
    read: list[dict] = field(default_factory=list)
    outcome: dict = field(default_factory=dict)


@dataclass
class RunRecord:
    case_dir: str
    db: str
    out: str
    steps: list[StepRecord] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"case_dir": self.case_dir, "db": self.db, "out": self.out,
                "steps": [s.__dict__ for s in self.steps]}


def load_case_description(case_dir: Path) -> dict:
    path = case_dir / "case.toml"
    try:
        description = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SabtError(f"{case_dir} has no case.toml; a case folder describes its sources and files there") from None
    except tomllib.TOMLDecodeError as error:
        raise SabtError(f"{path}: not valid TOML ({error})") from None
    unknown = set(description) - CASE_SECTIONS
    if unknown:
        raise SabtError(f"{path}: unknown section(s) {', '.join(sorted(unknown))}")
    if "title" not in description.get("case", {}):
        raise SabtError(f"{path}: [case] needs a title")
    return description


def _file(case_dir: Path, name: str) -> tuple[Path, dict]:
    path = (case_dir / name).resolve()
    if not path.is_relative_to(case_dir.resolve()):
        raise SabtError(f"{name}: files of a case must lie inside its folder")
    if not path.exists():
        raise SabtError(f"{case_dir / name}: named in case.toml but missing")
    return path, {"file": name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


Progress = Callable[[str, int, int], None]


def run_case(case_dir: Path, out: Path, db: str | None = None, lang: str = "en", seed: int = 1,
             progress: Progress | None = None, step_started: Callable[[str], None] | None = None) -> RunRecord:
    """Build the case described in CASE_DIR into DB (default OUT/case.sabt) and render the assessment."""
    case_dir = Path(case_dir)
    description = load_case_description(case_dir)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    db = db or str(out / "case.sabt")
    record = RunRecord(str(case_dir), db, str(out))
    case = Case.open_or_init(Settings.for_db(db))
    try:
        with case.session() as session:
            session.merge(models.CaseSetting(key="case_description", value=json.dumps(description.get("case", {}))))
            session.commit()
        steps = [("claims", _claims), ("incidents", _incidents), ("series", _series), ("lists", _lists),
                 ("actors", _actors), ("link", _link), ("estimate", _estimate), ("law", _law),
                 ("report", _report)]
        for name, step in steps:
            if step_started:
                step_started(name)
            started = time.perf_counter()
            step_record = StepRecord(name)
            step(case, case_dir, description, out, lang, seed, step_record, progress)
            step_record.seconds = round(time.perf_counter() - started, 2)
            record.steps.append(step_record)
            _save(case, record)  # before the report step too, so the report can say how it was made
    finally:
        case.close()
    return record


def _save(case: Case, record: RunRecord) -> None:
    with case.session() as session:
        session.merge(models.CaseSetting(key="pipeline", value=json.dumps(record.as_dict(), default=str)))
        session.commit()


def _claims(case, case_dir, description, out, lang, seed, record, progress):
    from sabt.claims import import_claims

    for name in description.get("claims", {}).get("files", []):
        path, read = _file(case_dir, name)
        summary = import_claims(case, path)
        record.read.append(read)
        record.outcome[name] = summary.__dict__


def _incidents(case, case_dir, description, out, lang, seed, record, progress):
    files = description.get("incidents", {}).get("files", [])
    if not files:
        return
    from sabt.claims.incidents import import_incidents

    for name in files:
        path, read = _file(case_dir, name)
        summary = import_incidents(case, path)
        record.read.append(read)
        record.outcome[name] = getattr(summary, "__dict__", summary)


def _series(case, case_dir, description, out, lang, seed, record, progress):
    entries = description.get("series", [])
    if not entries:
        return
    from sabt.claims.series import import_series

    for entry in entries:
        path, read = _file(case_dir, entry["file"])
        summary = import_series(case, path, key=entry["key"], label=entry.get("label", entry["key"]),
                                source_id=entry.get("source_id"), synthetic=bool(entry.get("synthetic", False)),
                                unit=entry.get("unit"))
        record.read.append(read)
        record.outcome[entry["key"]] = getattr(summary, "__dict__", summary)


def _lists(case, case_dir, description, out, lang, seed, record, progress):
    from sabt.ingest import import_list

    for entry in description.get("lists", []):
        path, read = _file(case_dir, entry["file"])
        mapping = _file(case_dir, entry["mapping"])[0] if entry.get("mapping") else None
        summary = import_list(case, path, entry["source"], mapping_path=mapping, calendar=entry.get("calendar"),
                              progress=progress)
        record.read.append(read)
        record.outcome[entry["file"]] = summary.as_dict()


def _actors(case, case_dir, description, out, lang, seed, record, progress):
    directory = description.get("actors", {}).get("directory")
    if not directory:
        return
    from sabt.actors import import_actors

    path = (case_dir / directory)
    if not path.is_dir():
        raise SabtError(f"{path}: named in case.toml but missing")
    summary = import_actors(case, path)
    record.read.append({"directory": directory})
    record.outcome["actors"] = getattr(summary, "__dict__", str(summary))


def _link(case, case_dir, description, out, lang, seed, record, progress):
    if not description.get("lists"):
        return
    from sabt.link import link_case

    summary = link_case(case, seed=seed, progress=progress)
    record.outcome = summary.as_dict()


def _estimate(case, case_dir, description, out, lang, seed, record, progress):
    settings = description.get("estimate", {})
    if not description.get("lists") or settings.get("skip"):
        return
    from sabt.estimate import capture_frame_from_case

    methods = list(settings.get("methods") or [settings.get("method", "lcmcr")])
    by = list(settings.get("by", []))
    frame = capture_frame_from_case(case.settings.db, ",".join(by) if by else None)
    lists = [c for c in frame.columns if c not in ("person_id", *by)]
    if len(lists) < 3:
        record.outcome = {"skipped": f"{len(lists)} linked lists; estimation needs at least 3"}
        return
    outcomes = [_estimate_one(case, frame, lists, by, method, seed, settings) for method in methods]
    record.outcome = outcomes[0] if len(outcomes) == 1 else {"runs": outcomes}


# What an estimate is of, as the case description states it (the report prints it beside
# every estimate; "synthetic" marks lists made up for an example or a test).
ESTIMATE_SCOPE_KEYS = ("population", "period", "places", "synthetic", "note")


def _overlaps(frame, lists: list[str]) -> list[dict]:
    """The capture-pattern table: how many people each combination of lists holds."""
    patterns = frame.groupby(lists).size().reset_index(name="count")
    return [{"lists": [name for name in lists if int(row[name])], "count": int(row["count"])}
            for _, row in patterns.sort_values("count", ascending=False).iterrows()]


def _estimate_one(case, frame, lists, by, method, seed, settings) -> dict:
    from sabt.estimate import estimate, estimate_strata

    if by:
        result = estimate_strata(frame, by=by, method=method, seed=seed)
        payload = result.total.to_dict()
        payload["strata"] = {k: v.to_dict() for k, v in result.strata.items()}
        payload["skipped"] = result.skipped
        payload["describe"] = result.describe()
    else:
        result = estimate(frame.drop(columns=["person_id"]).assign(count=1), method=method, seed=seed)
        payload = result.to_dict()
        payload["describe"] = result.describe()
    run_settings = {"seed": seed, "lists": lists, "overlaps": _overlaps(frame, lists),
                    **{k: settings[k] for k in ESTIMATE_SCOPE_KEYS if k in settings}}
    with case.session() as session:
        session.add(models.EstimateRun(method=method, strata=by or None, settings=run_settings, result=payload))
        session.commit()
    return {"method": method, "estimate": payload.get("estimate"),
            "lower": payload.get("lower"), "upper": payload.get("upper")}


def _law(case, case_dir, description, out, lang, seed, record, progress):
    from sabt.law import classify

    record.outcome = {"classified": getattr(classify(case), "__dict__", None)}


def _report(case, case_dir, description, out, lang, seed, record, progress):
    from sabt.report import render_report

    result = render_report(case, out, lang=lang, progress=progress)
    record.outcome = getattr(result, "__dict__", {"result": str(result)})
