"""`sabt run CASE_DIR`: build a case from its description and write the assessment.

A pipeline of steps in the manner of HRDAG's Principled Data Processing — import, link,
estimate, classify, report — each re-runnable on its own (imports are idempotent), each
recording what it read (file, SHA-256) and with which settings, so the report can say how
every number was made. The record of the last run is kept in the case (``pipeline``).

Each step calls the same verb as the command line and the web app (``link_case``,
``estimate_case``, …) with the options case.toml sets (:class:`sabt.settings.StepOptions`).
A step whose inputs and options are unchanged is not recomputed: linkage and the estimate
find their earlier run by the hash of their inputs (``--force`` recomputes).
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
from sabt.settings import OPTIONS_SETTING, Settings, StepOptions
from sabt.store import models

CASE_SECTIONS = {"case", "claims", "incidents", "series", "lists", "actors", "link", "estimate", "report"}


@dataclass
class StepRecord:
    name: str
    seconds: float = 0.0
    read: list[dict] = field(default_factory=list)
    outcome: dict = field(default_factory=dict)
    reused: bool = False


@dataclass
class RunRecord:
    case_dir: str
    db: str
    out: str
    options: dict = field(default_factory=dict)
    steps: list[StepRecord] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"case_dir": self.case_dir, "db": self.db, "out": self.out, "options": self.options,
                "steps": [s.__dict__ for s in self.steps]}


@dataclass
class RunContext:
    """What every step of one run reads: the case, its folder and description, the options."""

    case: Case
    case_dir: Path
    description: dict
    out: Path
    options: StepOptions
    progress: Progress | None = None
    force: bool = False
    previous: dict[str, dict] = field(default_factory=dict)
    """The outcome of each step of the case's last run, by step name."""


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
    StepOptions.from_description(description, str(path))  # a bad [link], [estimate] or [report] fails here
    names_file = description["case"].get("names_fa")
    if names_file:  # the case's reviewed Persian names (docs/report.md), kept with its description
        names_path, _ = _file(case_dir, str(names_file))
        try:
            description["case"]["names_fa"] = tomllib.loads(names_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise SabtError(f"{names_path}: not valid TOML ({error})") from None
    return description


Progress = Callable[[str, int, int], None]


def _file(case_dir: Path, name: str) -> tuple[Path, dict]:
    path = (case_dir / name).resolve()
    if not path.is_relative_to(case_dir.resolve()):
        raise SabtError(f"{name}: files of a case must lie inside its folder")
    if not path.exists():
        raise SabtError(f"{case_dir / name}: named in case.toml but missing")
    return path, {"file": name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


def run_case(case_dir: Path, out: Path, db: str | None = None, lang: str | None = None, seed: int | None = None,
             progress: Progress | None = None, step_started: Callable[[str], None] | None = None,
             force: bool = False) -> RunRecord:
    """Build the case described in CASE_DIR into DB (default OUT/case.sabt) and render the assessment.

    ``lang`` (one language) and ``seed`` (linkage's and the estimate's) override case.toml's
    ``[report] languages`` and ``[link]``/``[estimate] seed``; ``force`` recomputes steps whose
    inputs are unchanged."""
    case_dir = Path(case_dir)
    description = load_case_description(case_dir)
    options = StepOptions.from_description(description, str(case_dir / "case.toml"))
    options = options.overridden(languages=(lang,) if lang else None, seed=seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    db = db or str(out / "case.sabt")
    record = RunRecord(str(case_dir), db, str(out), options=options.as_dict())
    case = Case.open_or_init(Settings.for_db(db))
    try:
        with case.session() as session:
            session.merge(models.CaseSetting(key="case_description", value=json.dumps(description.get("case", {}))))
            session.merge(models.CaseSetting(key=OPTIONS_SETTING, value=json.dumps(options.as_dict())))
            session.commit()
        run = RunContext(case, case_dir, description, out, options, progress, force, _previous_steps(case))
        for name, step in STEPS:
            if step_started:
                step_started(name)
            started = time.perf_counter()
            step_record = StepRecord(name)
            step(run, step_record)
            step_record.seconds = round(time.perf_counter() - started, 2)
            record.steps.append(step_record)
            _save(case, record)  # before the report step too, so the report can say how it was made
    finally:
        case.close()
    return record


def _previous_steps(case: Case) -> dict[str, dict]:
    saved = json.loads(case.setting("pipeline") or "{}")
    return {step["name"]: step.get("outcome") or {} for step in saved.get("steps", []) if isinstance(step, dict)}


def _save(case: Case, record: RunRecord) -> None:
    with case.session() as session:
        session.merge(models.CaseSetting(key="pipeline", value=json.dumps(record.as_dict(), default=str)))
        session.commit()


def _claims(run: RunContext, record: StepRecord) -> None:
    from sabt.claims import import_claims

    for name in run.description.get("claims", {}).get("files", []):
        path, read = _file(run.case_dir, name)
        summary = import_claims(run.case, path)
        record.read.append(read)
        record.outcome[name] = summary.__dict__


def _incidents(run: RunContext, record: StepRecord) -> None:
    files = run.description.get("incidents", {}).get("files", [])
    if not files:
        return
    from sabt.claims.incidents import import_incidents

    for name in files:
        path, read = _file(run.case_dir, name)
        summary = import_incidents(run.case, path)
        record.read.append(read)
        record.outcome[name] = getattr(summary, "__dict__", summary)


def _series(run: RunContext, record: StepRecord) -> None:
    entries = run.description.get("series", [])
    if not entries:
        return
    from sabt.claims.series import import_series

    for entry in entries:
        path, read = _file(run.case_dir, entry["file"])
        summary = import_series(run.case, path, key=entry["key"], label=entry.get("label", entry["key"]),
                                source_id=entry.get("source_id"), synthetic=bool(entry.get("synthetic", False)),
                                unit=entry.get("unit"))
        record.read.append(read)
        record.outcome[entry["key"]] = getattr(summary, "__dict__", summary)


def _lists(run: RunContext, record: StepRecord) -> None:
    from sabt.ingest import import_list

    for entry in run.description.get("lists", []):
        path, read = _file(run.case_dir, entry["file"])
        mapping = _file(run.case_dir, entry["mapping"])[0] if entry.get("mapping") else None
        progress = run.progress and (lambda step, done, total, name=path.name: run.progress(f"{name} {step}", done, total))
        summary = import_list(run.case, path, entry["source"], mapping_path=mapping, calendar=entry.get("calendar"),
                              progress=progress)
        record.read.append(read)
        record.outcome[entry["file"]] = summary.as_dict()


def _actors(run: RunContext, record: StepRecord) -> None:
    directory = run.description.get("actors", {}).get("directory")
    if not directory:
        return
    from sabt.actors import import_actors

    path = (run.case_dir / directory)
    if not path.is_dir():
        raise SabtError(f"{path}: named in case.toml but missing")
    summary = import_actors(run.case, path)
    record.read.append({"directory": directory})
    record.outcome["actors"] = getattr(summary, "__dict__", str(summary))


def _link(run: RunContext, record: StepRecord) -> None:
    if not run.description.get("lists"):
        return
    from sabt.link import link_case

    summary = link_case(run.case, run.options.link, progress=run.progress, reuse=not run.force)
    record.reused = summary.reused
    record.outcome = summary.as_dict()


def _estimate(run: RunContext, record: StepRecord) -> None:
    if not run.description.get("lists") or run.options.estimate_skip:
        return
    from sabt.estimate.run import EstimateRefused, estimate_case

    outcomes = []
    scope = dict(run.options.estimate_scope)
    for method in run.options.methods():  # the case's method first, then the sensitivity check
        options = run.options.estimate.changed(method=method)
        try:
            outcomes.append(estimate_case(run.case, options, progress=run.progress, reuse=not run.force, scope=scope))
        except EstimateRefused as refused:
            record.outcome = {"skipped": str(refused)}
            return
    record.reused = all(outcome.reused for outcome in outcomes)
    summaries = [outcome.summary() for outcome in outcomes]
    record.outcome = summaries[0] if len(summaries) == 1 else {"runs": summaries}


def _law(run: RunContext, record: StepRecord) -> None:
    from sabt.law import classify

    record.outcome = {"classified": getattr(classify(run.case), "__dict__", None)}


def _report(run: RunContext, record: StepRecord) -> None:
    """Render the assessment in each language, unless the case's content, the languages and
    the code are those of the last run and the files it wrote are still there, unchanged."""
    import sabt
    from sabt.report import render_report
    from sabt.store.fingerprint import content_sha256

    key = json.dumps({"content": content_sha256(run.case.engine), "languages": list(run.options.report.languages),
                      "sabt": sabt.__version__, "out": str(run.out.resolve())})
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    earlier = run.previous.get("report", {})
    if not run.force and earlier.get("inputs_sha256") == digest and _intact(earlier.get("files") or {}):
        record.reused = True
        record.outcome = earlier
        return
    files = {}
    for number, lang in enumerate(run.options.report.languages):
        folder = run.out if number == 0 else run.out / lang
        result = render_report(run.case, folder, lang=lang, progress=run.progress)
        for path in (result.html, result.pdf):
            if path is not None:
                files[str(path)] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    record.outcome = {"inputs_sha256": digest, "languages": list(run.options.report.languages), "files": files}


def _intact(files: dict[str, str]) -> bool:
    """Every file an earlier report step wrote is there with the same content."""
    return bool(files) and all(Path(name).is_file() and hashlib.sha256(Path(name).read_bytes()).hexdigest() == sha
                               for name, sha in files.items())


STEPS: tuple[tuple[str, Callable[[RunContext, StepRecord], None]], ...] = (
    ("claims", _claims), ("incidents", _incidents), ("series", _series), ("lists", _lists),
    ("actors", _actors), ("link", _link), ("estimate", _estimate), ("law", _law), ("report", _report),
)
"""The steps of ``sabt run`` in order; each takes the run's context and writes its own record."""
