"""A header one typo away from a field's name is refused before anything is written, with the
file, the column and the name meant; the mapping can say it is a column of its own."""

from __future__ import annotations

import pytest

from sabt.errors import ImportRefused
from sabt.ingest import import_list
from sabt.ingest.headers import meant_header


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def count_records(case) -> int:
    return case.stats()["records"]


@pytest.mark.parametrize("typo, meant", [("nam", "name"), ("provnce", "province"), ("Agee", "age"),
                                         ("date of deth", "date_of_death"), ("note", "notes")])
def test_a_header_typo_is_refused_naming_file_column_and_field(case, tmp_path, typo, meant):
    path = write(tmp_path, "list.csv", f"id,{typo}\n1,Sara Karimi\n")
    with pytest.raises(ImportRefused) as refused:
        import_list(case, path, "org-a")
    assert str(refused.value).startswith(f"list.csv: line 1: unknown column '{typo}' — did you mean '{meant}'?")
    assert count_records(case) == 0


def test_the_cli_refuses_it_in_one_line_and_writes_nothing(case_db, tmp_path, key_file):
    from typer.testing import CliRunner

    from sabt.cli import app

    path = write(tmp_path, "list.csv", "id,nam,age\n1,Sara Karimi,30\n")
    result = CliRunner().invoke(app, ["import", "list", str(path), "--db", case_db, "--source", "org-a"],
                                env={"SABT_KEY_FILE": str(key_file)})
    assert result.exit_code == 1
    assert "error: list.csv: line 1: unknown column 'nam' — did you mean 'name'?" in result.output
    assert "Traceback" not in result.output


def test_a_column_of_its_own_is_kept_when_the_mapping_says_so(case, tmp_path):
    path = write(tmp_path, "list.csv", "id,name,page\n1,Sara Karimi,3\n")
    with pytest.raises(ImportRefused, match="unknown column 'page' — did you mean 'age'"):
        import_list(case, path, "org-a")
    mapping = write(tmp_path, "keep.toml", '[options]\nkeep = ["page"]\n')
    summary = import_list(case, path, "org-a", mapping_path=mapping)
    assert summary.rows_added == 1 and summary.unrecognised_columns == ["page"]


def test_a_near_name_is_no_typo_when_its_field_has_a_column():
    """"page" beside "age" is another column; so are columns far from any name."""
    from sabt.ingest.headers import check_headers
    from sabt.ingest.mapping import Mapping

    check_headers("list.csv", ["id", "name", "age", "page"], Mapping().field_of)
    for header in ("source", "nationality", "region", "remarks", "نام", "cities", "age_group"):
        assert meant_header(header) is None, header
