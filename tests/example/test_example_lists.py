"""The example's four SYNTHETIC lists (fictional organisations) import with sabt's list importer,
and their truth accounts for every row."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sabt.claims.importer import import_claims
from sabt.ingest import import_list
from sabt.store import models

EXAMPLE = Path(__file__).parents[2] / "examples" / "iran-2026"
LISTS = tomllib.loads((EXAMPLE / "case.toml").read_text("utf-8")).get("lists", [])


def _truth_rows() -> dict[str, int]:
    counts: dict[str, int] = {}
    with (EXAMPLE / "lists" / "truth_records.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            counts[row["list"]] = counts.get(row["list"], 0) + 1
    return counts


def test_four_lists_in_four_forms():
    assert len(LISTS) == 4
    suffixes = sorted(Path(entry["file"]).suffix for entry in LISTS)
    assert suffixes == [".csv", ".csv", ".csv", ".xlsx"]
    persian = next(entry for entry in LISTS if entry.get("mapping"))
    raw = (EXAMPLE / persian["file"]).read_bytes()
    assert raw[:2] in (b"\xff\xfe", b"\xfe\xff")  # UTF-16 with its byte-order mark
    assert "نام خانوادگی" in raw.decode("utf-16").splitlines()[0]
    assert "۱۴۰۴/" in raw.decode("utf-16")  # Solar Hijri dates in Persian digits


@pytest.mark.parametrize("entry", LISTS, ids=[entry["source"] for entry in LISTS])
def test_each_list_imports_without_a_rejected_row(case, entry):
    import_claims(case, EXAMPLE / "sources.json")
    mapping = EXAMPLE / entry["mapping"] if entry.get("mapping") else None
    summary = import_list(case, EXAMPLE / entry["file"], entry["source"], mapping_path=mapping)
    assert summary.rows_rejected == 0 and summary.rows_added == summary.rows_read > 100
    slug = entry["source"].removeprefix("list-")
    assert summary.rows_read == _truth_rows()[slug]
    with case.session() as session:
        records = session.scalars(select(models.Record).where(models.Record.source_id == entry["source"])).all()
        assert sum(r.date_of_death is not None for r in records) > 0.9 * len(records)
        assert all(r.date_of_death is None or r.date_of_death.year in (2025, 2026) for r in records)
        assert session.scalar(select(func.count()).select_from(models.Source)
                              .where(models.Source.id == entry["source"], models.Source.kind == "list")) == 1


def test_the_command_line_imports_the_claims_and_every_list(tmp_path, cli_env, settings):
    """What a newcomer types (lists/README.md): sabt init, import claims, import list."""
    from typer.testing import CliRunner

    from sabt.cli import app

    def sabt(*args):
        return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)

    db = settings.db if settings.is_postgres else str(tmp_path / "x.sabt")
    if not settings.is_postgres:
        assert sabt("init", db).exit_code == 0
    for name in ("sources.json", "claims.json"):
        result = sabt("import", "claims", EXAMPLE / name, "--db", db)
        assert result.exit_code == 0, result.output
    for entry in LISTS:
        args = ["import", "list", EXAMPLE / entry["file"], "--db", db, "--source", entry["source"], "--json"]
        if entry.get("mapping"):
            args += ["--mapping", EXAMPLE / entry["mapping"]]
        result = sabt(*args)
        assert result.exit_code == 0, result.output
        assert '"rows_rejected": 0' in result.output.strip().splitlines()[-1]
