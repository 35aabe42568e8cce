"""The same file again: under another --source it is refused (it would count its people
twice), naming the source and time it was imported as; under the same source nothing is added
and options that differ from its first reading are named as not applied."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from sabt.errors import ImportRefused
from sabt.ingest import import_list

LIST = "id,name,age,date_of_death,city\n1,Sara Karimi,30,1404/10/18,Tehran\n2,Omid Tavana,52,1404/10/19,Karaj\n"


@pytest.fixture
def list_file(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(LIST, encoding="utf-8")
    return path


def test_the_same_file_under_another_source_is_refused(case, list_file, tmp_path):
    import_list(case, list_file, "org-a")
    copy = tmp_path / "copy-of-list.csv"
    copy.write_bytes(list_file.read_bytes())
    before = case.stats()
    with pytest.raises(ImportRefused) as refused:
        import_list(case, copy, "org-b")
    message = str(refused.value)
    assert message.startswith("copy-of-list.csv: this file (the same bytes) was already imported as source 'org-a' on ")
    assert re.search(r"on \d{4}-\d\d-\d\d \d\d:\d\d UTC \(as list\.csv, import \d+\)", message)
    assert "would count its people twice, so nothing was imported" in message
    assert case.stats() == before


def test_options_given_again_are_named_as_not_applied(case, list_file, tmp_path):
    first = import_list(case, list_file, "org-a")
    assert first.rows_added == 2 and first.options_not_applied == []
    mapping = tmp_path / "m.toml"
    mapping.write_text('[options]\nday_first = false\n', encoding="utf-8")
    again = import_list(case, list_file, "org-a", mapping_path=mapping, calendar="solar_hijri", encoding="cp1256")
    assert again.already_imported and again.rows_added == 0
    assert again.options_not_applied == [
        "--calendar solar_hijri (it was read with auto)", "--encoding cp1256 (it was read with utf-8)",
        f"--mapping {mapping} (it was read with no mapping)"]
    assert import_list(case, list_file, "org-a").options_not_applied == []  # no options: nothing to say


def test_the_cli_says_so(case_db, list_file, key_file):
    from sabt.cli import app

    env = {"SABT_KEY_FILE": str(key_file)}
    args = ["import", "list", str(list_file), "--db", case_db, "--source", "org-a"]
    assert CliRunner().invoke(app, args, env=env).exit_code == 0
    again = CliRunner().invoke(app, args + ["--calendar", "gregorian"], env=env)
    assert again.exit_code == 0
    output = " ".join(again.output.split())
    assert re.search(r"list\.csv was already imported for org-a on \S+ \S+ UTC; nothing added", output)
    assert "not applied: --calendar gregorian (it was read with auto)" in output
    assert "import it into a new case" in output
    other = CliRunner().invoke(app, args[:-1] + ["org-b"], env=env)
    assert other.exit_code == 1 and "already imported as source 'org-a'" in " ".join(other.output.split())
