"""Encoded lists in a case: imported like lists, linked on their encodings, reviewed without
names, estimated and reported like any case."""

from __future__ import annotations

import csv
import json

import pytest
from link_lists import make_lists, pairwise_scores
from sqlalchemy import func, select

from sabt.errors import ImportRefused
from sabt.ingest import import_list
from sabt.link import link_case
from sabt.pprl.encode import encode_list
from sabt.pprl.importer import import_encoded
from sabt.pprl.review import export_pending, record_confirmed
from sabt.store import models

SECRET = bytes(range(32))


def _record_count(case) -> int:
    with case.session() as session:
        return session.scalar(select(func.count()).select_from(models.Record))


def _encoded_lists(tmp_path, people=300):
    latin, persian, truth = make_lists(tmp_path, people=people)
    outputs, original = [], {}
    for path in (latin, persian):
        out = tmp_path / f"{path.stem}.enc"
        encode_list(path, SECRET, out)
        with open(f"{out}.ids.csv", encoding="utf-8") as handle:
            original.update({row["encoded_id"]: row["id"] for row in csv.DictReader(handle)})
        outputs.append(out)
    return outputs, {encoded: truth[own] for encoded, own in original.items()}


def test_import_is_idempotent_and_a_bad_line_writes_nothing(case, tmp_path):
    (latin, _), _ = _encoded_lists(tmp_path, people=40)
    first = import_encoded(case, latin, "org-a")
    assert first.rows_added > 20 and not first.already_imported
    again = import_encoded(case, latin, "org-a")
    assert again.already_imported and _record_count(case) == first.rows_added
    lines = latin.read_text().splitlines()
    record = json.loads(lines[3])
    record["bits"]["name"] = "01" * 10
    lines[3] = json.dumps(record)
    broken = tmp_path / "broken.enc"
    broken.write_text("\n".join(lines) + "\n")
    with pytest.raises(ImportRefused, match=r"broken.enc: line 4: bits of name are not 2048 zeros and ones"):
        import_encoded(case, broken, "org-b")
    assert _record_count(case) == first.rows_added


def test_lists_encoded_with_another_secret_or_a_clear_list_are_refused(case, tmp_path):
    latin, persian, _ = make_lists(tmp_path, people=30)
    encode_list(latin, SECRET, tmp_path / "a.enc")
    encode_list(persian, b"another secret of 32 bytes......", tmp_path / "b.enc")
    import_encoded(case, tmp_path / "a.enc", "org-a")
    with pytest.raises(ImportRefused, match="another secret"):
        import_encoded(case, tmp_path / "b.enc", "org-b")
    with pytest.raises(ImportRefused, match="not a list written by `sabt encode`"):
        import_encoded(case, latin, "org-c")


def test_an_encoded_list_is_refused_in_a_case_with_clear_lists(case, tmp_path):
    latin, persian, _ = make_lists(tmp_path, people=30)
    import_list(case, latin, "org-a")
    encode_list(persian, SECRET, tmp_path / "b.enc")
    with pytest.raises(ImportRefused, match="list in clear"):
        import_encoded(case, tmp_path / "b.enc", "org-b")


def test_encoded_lists_link_into_the_true_persons_and_review_shows_no_name(case, tmp_path, cli_env):
    (latin, persian), truth = _encoded_lists(tmp_path)
    import_encoded(case, latin, "org-latin")
    import_encoded(case, persian, "org-persian")
    summary = link_case(case)
    precision, recall = pairwise_scores(case, truth)
    assert precision >= 0.95 and recall >= 0.93, (precision, recall)
    assert summary.persons == case.stats()["persons"]
    exported = tmp_path / "pairs.csv"
    count = export_pending(case, exported)
    text = exported.read_text(encoding="utf-8")
    for name in ("Mohammad", "Ahmadi", "محمد", "احمدی", "Karimi", "Zahra"):
        assert name not in text
    if count:
        rows = list(csv.DictReader(exported.open(encoding="utf-8")))
        assert rows[0]["similarity_name"] and rows[0]["sex_a"] in ("m", "f")
        rows[0]["decision"], rows[0]["confirmed_by"] = "accept", "org-latin"
        with exported.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, rows[0].keys())
            writer.writeheader()
            writer.writerows(rows)
        with pytest.raises(Exception, match="must name both organisations"):
            record_confirmed(case, exported, "lead")
        rows[0]["confirmed_by"] = f"{rows[0]['source_a']}, {rows[0]['source_b']}"
        with exported.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, rows[0].keys())
            writer.writeheader()
            writer.writerows(rows)
        assert record_confirmed(case, exported, "lead") == 1
        with case.session() as session:
            note = session.scalar(select(models.PairReview.note))
        assert note.startswith("confirmed outside sabt by ")


def test_the_cli_imports_an_encoded_list_and_refuses_a_bad_one_in_one_line(case_db, tmp_path, cli_env):
    from typer.testing import CliRunner

    from sabt.cli import app

    runner = CliRunner()
    (latin, _), _ = _encoded_lists(tmp_path, people=20)
    result = runner.invoke(app, ["import", "encoded", str(latin), "--db", case_db, "--source", "org-a", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.strip().splitlines()[-1])["rows_added"] > 5
    bad = tmp_path / "bad.enc"
    bad.write_text(latin.read_text().splitlines()[0] + "\n{not json\n")
    result = runner.invoke(app, ["import", "encoded", str(bad), "--db", case_db, "--source", "org-b"])
    assert result.exit_code != 0 and "bad.enc: line 2: not JSON" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["review", "export", "--db", case_db, "--out", str(tmp_path / "p.csv")])
    assert result.exit_code != 0 and "sabt link" in result.output
