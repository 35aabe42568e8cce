"""Exports: every format, protected identities redacted, spreadsheet formulas defused."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from sabt.export import export_table
from sabt.ingest import import_list


@pytest.fixture
def imported(case, tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("id,name,father_name,age,protected\n1,Kaveh Zandi,Bahram,33,1\n2,=cmd|' /C calc'!A0,,25,0\n")
    import_list(case, path, "org")
    return case


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet", "json"])
def test_records_export_with_source_and_redaction(imported, tmp_path, fmt):
    out = tmp_path / f"records.{fmt}"
    assert export_table(imported, "records", fmt, out) == 2
    frame = {"csv": lambda p: pd.read_csv(p, dtype=str), "xlsx": lambda p: pd.read_excel(p, dtype=str),
             "parquet": pd.read_parquet, "json": lambda p: pd.DataFrame(json.loads(p.read_text()))}[fmt](out)
    assert list(frame["source_id"]) == ["org", "org"]
    assert {"source_record_id", "person_id"} <= set(frame.columns)
    text = out.read_bytes()
    assert b"Kaveh" not in text and b"Bahram" not in text
    assert "[protected]" in set(frame["name"])
    if fmt in ("csv", "xlsx"):
        assert "'=cmd|' /C calc'!A0" in set(frame["name"])


def test_reveal_needs_the_key_and_shows_the_identity(imported, tmp_path):
    out = tmp_path / "records.csv"
    export_table(imported, "records", "csv", out, reveal_protected=True)
    assert "Kaveh Zandi" in out.read_text(encoding="utf-8-sig")


def test_unknown_table_or_format(imported, tmp_path):
    from sabt.errors import SabtError

    with pytest.raises(SabtError, match="unknown table"):
        export_table(imported, "secrets", "csv", tmp_path / "x.csv")
    with pytest.raises(SabtError, match="unknown format"):
        export_table(imported, "records", "docx", tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


def test_claim_counts_export_as_whole_numbers_in_json(case, tmp_path):
    from sabt.claims import import_claims

    path = tmp_path / "claims.json"
    path.write_text(json.dumps({
        "sources": [{"id": "s", "name": "S"}],
        "claims": [{"key": "a", "source_id": "s", "metric": "killed", "value": "at least 2,000"},
                   {"key": "b", "source_id": "s", "metric": "killed", "value": "12,000-20,000"}],
    }))
    import_claims(case, path)
    export_table(case, "claims", "json", tmp_path / "claims-out.json")
    exported = {c["key"]: c for c in json.loads((tmp_path / "claims-out.json").read_text())}
    assert exported["a"]["low"] == 2000 and isinstance(exported["a"]["low"], int)
    assert exported["a"]["high"] is None
    assert (exported["b"]["low"], exported["b"]["best"], exported["b"]["high"]) == (12000, None, 20000)
    for field in ("metric", "low", "best", "high", "qualifier", "as_of", "period_start", "period_end",
                  "place", "attributed_to", "quote"):
        assert field in exported["a"]


def test_a_protected_persons_latin_name_is_redacted_and_revealed_like_the_name(imported, tmp_path):
    from sabt.link import link_case

    link_case(imported)
    hidden, shown = tmp_path / "hidden.csv", tmp_path / "shown.csv"
    export_table(imported, "persons", "csv", hidden)
    export_table(imported, "persons", "csv", shown, reveal_protected=True)
    hidden_rows = pd.read_csv(hidden, dtype=str).set_index("protected")
    shown_rows = pd.read_csv(shown, dtype=str).set_index("protected")
    assert "Kaveh" not in hidden.read_text(encoding="utf-8-sig")
    assert set(hidden_rows.loc["True", ["name", "name_latin", "father_name"]]) == {"[protected]"}
    assert list(shown_rows.loc["True", ["name", "name_latin", "father_name"]]) == ["Kaveh Zandi", "Kaveh Zandi", "Bahram"]
