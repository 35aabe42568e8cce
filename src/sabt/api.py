"""The verbs of the command line, for notebooks: each takes a case and returns a DataFrame.

    import sabt
    case = sabt.init_case("iran.sabt")                 # or sabt.open_case("iran.sabt")
    sabt.import_list(case, "examples/iran-2026/lists/kooh.csv", source="kooh")   # … and two more lists
    sabt.link(case)
    persons = sabt.table(case, "persons")             # a pandas DataFrame
    sabt.estimate(case)                                # lcmcr, seed 1: sabt.settings.EstimateOptions
    sabt.report(case, "report/")
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sabt.case import Case
from sabt.settings import Settings


def open_case(db: str, **settings) -> Case:
    """Open an existing case file (SQLite path) or ``postgresql://`` database."""
    return Case.open(Settings.for_db(str(db), **settings))


def init_case(db: str, **settings) -> Case:
    """Create a new case (and the key that seals protected identities)."""
    return Case.init(Settings.for_db(str(db), **settings))


def stats(case: Case) -> pd.DataFrame:
    return pd.DataFrame(sorted(case.stats().items()), columns=["table", "count"])


def table(case: Case, name: str, reveal_protected: bool = False) -> pd.DataFrame:
    """A table of the case; protected identities read ``[protected]`` unless revealed."""
    from sabt.export import table_frame

    return table_frame(case, name, reveal_protected)


def import_list(case: Case, path: str | Path, source: str, mapping: str | Path | None = None, **options) -> pd.DataFrame:
    """Import one list; returns the import summary as a one-row DataFrame."""
    from sabt.ingest import import_list as _import

    summary = _import(case, Path(path), source, Path(mapping) if mapping else None, **options)
    return pd.DataFrame([summary.as_dict()])


def import_claims(case: Case, path: str | Path) -> pd.DataFrame:
    from sabt.claims import import_claims as _import

    return pd.DataFrame([_import(case, Path(path)).__dict__])


def link(case: Case, **options) -> pd.DataFrame:
    """Link records into persons; returns each record with its person.

    ``options``: those of :class:`sabt.settings.LinkOptions` (backend, threshold, blocking, seed).
    """
    from sabt.link import link_case

    link_case(case, **options)
    return table(case, "records")[["id", "source_id", "source_record_id", "person_id"]]


def estimate(case: Case, by: list[str] | None = None, **options) -> pd.DataFrame:
    """Multiple systems estimate from the linked persons, recorded in the case; one row per
    stratum (and the total).

    ``options``: those of :class:`sabt.settings.EstimateOptions` (method, max_order, seed);
    ``by`` the fields to stratify by.
    """
    from sabt.estimate.run import estimate_case

    if by:
        options["strata"] = tuple(by)
    outcome = estimate_case(case, **options)
    payload = outcome.payload
    if by:
        rows = [{"stratum": name, **r} for name, r in payload["strata"].items()]
        total = {k: v for k, v in payload.items() if k not in ("strata", "skipped", "describe")}
        rows.append({"stratum": "total", **total})
        return pd.DataFrame(rows)
    return pd.DataFrame([{"stratum": "all", **{k: v for k, v in payload.items() if k != "describe"}}])


def report(case: Case, out: str | Path, lang: str = "en") -> Path:
    from sabt.report import render_report

    render_report(case, Path(out), lang=lang)
    return Path(out) / "index.html"
