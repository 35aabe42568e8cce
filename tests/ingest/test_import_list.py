"""Importing lists: every format and encoding, faithful raw rows, atomic refusals."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from sabt.errors import ImportRefused
from sabt.ingest import import_list
from sabt.store import models

HEADER = "id,name,father_name,age,sex,date_of_death,city,province,status\n"


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def records(case):
    with case.session() as session:
        return session.scalars(select(models.Record).order_by(models.Record.row_number)).all()


def test_csv_with_sabt_columns_is_normalised_and_raw_kept(case, tmp_path):
    path = write(tmp_path, "hrana.csv", HEADER
                 + "H-1,  Ali  Rezaei ,Hasan,۲۵,M,1404/10/18,Ahwaz,,killed\n"
                 + "H-2,علي كريمي,,31,female,2026-01-09,Kermanshah,,Killed\n")
    summary = import_list(case, path, "hrana")
    assert (summary.rows_read, summary.rows_added) == (2, 2)
    first, second = records(case)
    assert first.source_record_id == "H-1"
    assert first.raw["name"] == "  Ali  Rezaei "
    assert first.raw["age"] == "۲۵"
    assert first.name == "Ali Rezaei"
    assert first.age == 25
    assert first.sex == "m"
    assert first.date_of_death == dt.date(2026, 1, 8)
    assert first.province_code == "IR-06"
    assert second.name == "علی کریمی"
    assert second.sex == "f"
    assert second.status == "killed"
    assert second.province_code == "IR-05"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "cp1256"])
def test_persian_list_in_each_encoding_with_a_mapping(case, tmp_path, encoding):
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\n"شناسه" = "id"\n"نام" = "given_name"\n"نام خانوادگی" = "family_name"\n'
                       '"نام پدر" = "father_name"\n"سن" = "age"\n"تاریخ فوت" = "date_of_death"\n"شهر" = "city"\n',
                       encoding="utf-8")
    text = ("شناسه,نام,نام خانوادگی,نام پدر,سن,تاریخ فوت,شهر\n"
            "۱,محمد,احمدی,حسین,۲۳,۱۴۰۴/۱۰/۱۹,کرمانشاه\n"
            "۲,زهرا,کریمی,,۴۰,۱۸ دی ۱۴۰۴,اهواز\n")
    if encoding == "cp1256":  # as such files are: Arabic yeh and kaf, which cp1256 has
        text = text.replace("ی", "ي").replace("ک", "ك").translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    path = write(tmp_path, "list.csv", text, encoding)
    summary = import_list(case, path, "org-fa", mapping_path=mapping)
    assert summary.rows_added == 2
    first, second = records(case)
    assert first.source_record_id == "1"
    assert (first.given_name, first.family_name, first.father_name) == ("محمد", "احمدی", "حسین")
    assert first.name == "محمد احمدی"
    assert first.age == 23
    assert first.date_of_death == dt.date(2026, 1, 9)
    assert first.province_code == "IR-05"
    assert second.date_of_death == dt.date(2026, 1, 8)
    assert second.father_name is None
    assert second.province_code == "IR-06"


def test_arabic_letter_forms_are_folded_and_raw_kept(case, tmp_path):
    path = write(tmp_path, "ar.csv", "id,name\n1,كريمي\n", "cp1256")
    import_list(case, path, "org")
    (record,) = records(case)
    assert record.name == "کریمی"
    assert record.raw["name"] == "كريمي"


def test_tsv_json_jsonl_and_xlsx(case, tmp_path):
    from openpyxl import Workbook

    tsv = write(tmp_path, "a.tsv", "id\tname\tage\na1\tReza Ahmadi\t30\n")
    jsn = write(tmp_path, "b.json", json.dumps({"records": [{"id": "b1", "name": "Sara Moradi", "age": 19}]}))
    jsonl = write(tmp_path, "c.jsonl", '{"id": "c1", "name": "Omid Jafari", "date_of_death": "2026-01-08"}\n')
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["id", "name", "date_of_death", "age"])
    sheet.append(["x1", "Nima Karimi", dt.datetime(2026, 1, 9), 44])
    workbook.save(tmp_path / "d.xlsx")
    for path, source in [(tsv, "a"), (jsn, "b"), (jsonl, "c"), (tmp_path / "d.xlsx", "d")]:
        assert import_list(case, path, source).rows_added == 1
    by_source = {r.source_id: r for r in records(case)}
    assert by_source["a"].age == 30
    assert by_source["b"].age == 19 and by_source["b"].raw["age"] == 19
    assert by_source["c"].date_of_death == dt.date(2026, 1, 8)
    assert by_source["d"].date_of_death == dt.date(2026, 1, 9) and by_source["d"].age == 44
    assert by_source["d"].raw["date_of_death"] == "2026-01-09T00:00:00"


def test_same_file_twice_adds_nothing(case, tmp_path):
    path = write(tmp_path, "l.csv", HEADER + "1,Ali Rezaei,,25,m,2026-01-08,Tehran,,killed\n")
    assert import_list(case, path, "s").rows_added == 1
    again = import_list(case, path, "s")
    assert again.already_imported and again.rows_added == 0
    assert len(records(case)) == 1


def test_a_corrected_row_supersedes_and_an_unchanged_one_is_skipped(case, tmp_path):
    first = write(tmp_path, "v1.csv", "id,name,age\n1,Ali Rezaei,25\n2,Sara Moradi,30\n")
    second = write(tmp_path, "v2.csv", "id,name,age\n1,Ali Rezaei,25\n2,Sara Moradi,31\n3,Omid Jafari,40\n")
    import_list(case, first, "s")
    summary = import_list(case, second, "s")
    assert (summary.rows_added, summary.rows_unchanged, summary.rows_superseding) == (2, 1, 1)
    rows = records(case)
    current = [r for r in rows if not r.superseded]
    assert sorted(r.source_record_id for r in current) == ["1", "2", "3"]
    old = next(r for r in rows if r.superseded)
    new = next(r for r in current if r.source_record_id == "2")
    assert old.age == 30 and new.age == 31 and new.supersedes_id == old.id


@pytest.mark.parametrize(
    "row, column, reason",
    [
        ("2,Sara,30,1404/13/45", "date_of_death", "month 13 does not exist"),
        ("2,Sara,300,2026-01-08", "age", "an age of 300 is not possible"),
        ("2,Sara,30,2026-02-30", "date_of_death", "day 30 does not exist"),
        ("2,Sara,30,2026-01-08,extra", "", "5 columns where the header has 4"),
    ],
)
def test_a_bad_value_refuses_the_whole_file(case, tmp_path, row, column, reason):
    path = write(tmp_path, "bad.csv", "id,name,age,date_of_death\n1,Ali,25,2026-01-08\n" + row + "\n")
    with pytest.raises(ImportRefused) as refused:
        import_list(case, path, "s")
    message = str(refused.value)
    assert "bad.csv: line 3" in message
    assert reason in message
    if column:
        assert f"column '{column}'" in message
    assert case.stats()["records"] == 0
    with case.session() as session:
        assert session.scalars(select(models.ImportBatch)).all() == []


def test_skip_bad_rows_writes_good_rows_and_a_reject_file(case, tmp_path):
    path = write(tmp_path, "mixed.csv", "id,name,age\n1,Ali,25\n2,Sara,300\n3,Omid,41\n")
    summary = import_list(case, path, "s", skip_bad_rows=True)
    assert (summary.rows_added, summary.rows_rejected) == (2, 1)
    rejects = (tmp_path / "mixed.rejects.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rejects[0] == "line,reason,id,name,age"
    assert rejects[1].startswith("3,") and "age of 300" in rejects[1] and rejects[1].endswith(",2,Sara,300")


def test_duplicate_ids_within_a_file_are_refused(case, tmp_path):
    path = write(tmp_path, "dup.csv", "id,name\n7,Ali\n7,Sara\n")
    with pytest.raises(ImportRefused, match="dup.csv: line 3: id '7' already used on line 2"):
        import_list(case, path, "s")
    assert case.stats()["records"] == 0


def test_unresolved_places_are_kept_verbatim_and_listed(case, tmp_path):
    path = write(tmp_path, "p.csv", "id,name,city\n1,Ali,Qxzyv-abad\n2,Sara,Qxzyv-abad\n3,Omid,Mashhad\n")
    summary = import_list(case, path, "s")
    assert summary.unresolved_places == {"Qxzyv-abad": 2}
    rows = records(case)
    assert rows[0].place_text == "Qxzyv-abad" and rows[0].place_key is None
    assert rows[2].province_code == "IR-09"


def test_hostile_strings_are_stored_exactly(case, tmp_path):
    hostile = ["<script>alert(1)</script>", "'; DROP TABLE records; --", "../../etc/passwd", "=HYPERLINK(\"x\")"]
    body = "".join(f'{i},"{h.replace(chr(34), chr(34) * 2)}"\n' for i, h in enumerate(hostile))
    import_list(case, write(tmp_path, "h.csv", "id,name\n" + body), "s")
    assert [r.name for r in records(case)] == hostile
    assert case.stats()["records"] == len(hostile)


def test_protected_rows_are_sealed(case, tmp_path):
    path = write(tmp_path, "w.csv", "id,name,father_name,age,protected\n1,Kaveh Zandi,Bahram,33,yes\n2,Ali Rezaei,,25,no\n")
    summary = import_list(case, path, "s")
    assert summary.protected == 1
    sealed, plain = records(case)
    assert sealed.protected and sealed.name is None and sealed.father_name is None and sealed.raw is None
    assert sealed.age == 33
    identity = case.key.unseal(sealed.sealed, "records")
    assert identity["name"] == "Kaveh Zandi" and identity["raw"]["father_name"] == "Bahram"
    assert sealed.name_index == case.key.blind_index("kaveh zandi")
    assert plain.name == "Ali Rezaei" and plain.sealed is None


def test_no_name_or_id_column_is_refused_with_the_headers(case, tmp_path):
    path = write(tmp_path, "x.csv", "foo,bar\n1,2\n")
    with pytest.raises(ImportRefused, match="no column is recognised as a name or an id"):
        import_list(case, path, "s")


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary\x00\x00", "NUL bytes"),
        (b"id,name\n1,\xff\xfe\xfd\n", "is not UTF-8"),
        (b"id,name\n1,\"unterminated\n", "line"),
    ],
)
def test_broken_files_get_a_clear_error(case, tmp_path, content, reason):
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    with pytest.raises(ImportRefused, match=reason):
        import_list(case, path, "s")
    assert case.stats()["records"] == 0


def test_declared_calendar_contradicted_by_the_year_is_an_error(case, tmp_path):
    path = write(tmp_path, "c.csv", "id,name,date_of_death\n1,Ali,1404/10/18\n")
    with pytest.raises(ImportRefused, match="year 1404 is not a gregorian year"):
        import_list(case, path, "s", calendar="gregorian")


def test_a_province_column_holding_the_capitals_name_names_the_province(case, tmp_path):
    path = write(tmp_path, "p.csv", "id,name,city,province\n1,Ali,,تهران\n2,Sara,Dezful,خوزستان\n3,Omid,,Kermanshah\n")
    summary = import_list(case, path, "s")
    assert summary.unresolved_places == {}
    assert [r.province_code for r in records(case)] == ["IR-23", "IR-06", "IR-05"]
    assert records(case)[0].place_key == "IR-23"


def test_identity_numbers_addresses_and_birth_dates_are_read(case, tmp_path):
    path = write(tmp_path, "ids.csv", "id,name,national_code,address,dob,protected\n"
                 "1,Sara Karimi,۰۰۱-۲۳۴۵۶۷-۸,\"12 Azadi St, Tehran\",1378/05/20,no\n"
                 "2,Nima Rad,0012345679,\"3 Enghelab Sq\",2001-02-03,yes\n")
    import_list(case, path, "s")
    plain, sealed = records(case)
    assert plain.national_id == "0012345678" and plain.address == "12 Azadi St, Tehran"
    assert plain.date_of_birth == dt.date(1999, 8, 11)
    assert sealed.national_id is None and sealed.address is None and sealed.date_of_birth == dt.date(2001, 2, 3)
    identity = case.key.unseal(sealed.sealed, "records")
    assert identity["national_id"] == "0012345679" and identity["address"] == "3 Enghelab Sq"


def test_an_identity_number_with_other_signs_is_a_row_problem(case, tmp_path):
    path = write(tmp_path, "bad.csv", "id,name,national_id\n1,Sara Karimi,12#45\n")
    with pytest.raises(ImportRefused, match=r"line 2.*not an identity number"):
        import_list(case, path, "s")
