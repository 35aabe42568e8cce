"""The verbs of the command line, for notebooks: each takes a case and returns a DataFrame.

    import sabt
    case = sabt.init_case("iran.sabt")                 # or sabt.open_case("iran.sabt")
    sabt.import_list(case, "hrana.csv", source="hrana")
    sabt.link(case)
    persons = sabt.table(case, "persons")             # a pandas DataFrame
    sabt.estimate(case, method="lcmcr", seed=1)
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
    from sabt.store.export import table_frame

    return table_frame(case, name, reveal_protected)


def import_list(case: Case, path: str | Path, source: str, mapping: str | Path | None = None, **options) -> pd.DataFrame:
    """Import one list; returns the import summary as a one-row DataFrame."""
    from sabt.ingest import import_list as _import

    summary = _import(case, Path(path), source, Path(mapping) if mapping else None, **options)
    return pd.DataFrame([summary.as_dict()])


def import_claims(case: Case, path: str | Path) -> pd.DataFrame:
    from sabt.claims import import_claims as _import

    return pd.DataFrame([_import(case, Path(path)).__dict__])


def link(case: Case, backend: str = "duckdb", seed: int = 42) -> pd.DataFrame:
    """Link records into persons; returns each record with its person."""
    from sabt.link import link_case

    link_case(case, backend=backend, seed=seed)
    return table(case, "records")[["id", "source_id", "source_record_id", "person_id"]]


def estimate(case: Case, method: str = "lcmcr", by: list[str] | None = None, seed: int | None = None) -> pd.DataFrame:
    """Multiple systems estimate from the linked persons; one row per stratum (and the total)."""
    from sabt.estimate import capture_frame_from_case, estimate as _estimate, estimate_strata

    frame = capture_frame_from_case(case.settings.db, ",".join(by) if by else None)
    if by:
        result = estimate_strata(frame, by=by, method=method, seed=seed)
        rows = [{"stratum": name, **r.to_dict()} for name, r in result.strata.items()]
        rows.append({"stratum": "total", **result.total.to_dict()})
        return pd.DataFrame(rows)
    result = _estimate(frame.drop(columns=["person_id"]).assign(count=1), method=method, seed=seed)
    return pd.DataFrame([{"stratum": "all", **result.to_dict()}])


def report(case: Case, out: str | Path, lang: str = "en") -> Path:
    from sabt.report import render_report

    render_report(case, Path(out), lang=lang)
    return Path(out) / "index.html"
