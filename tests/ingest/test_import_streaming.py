"""A list larger than one batch keeps every guarantee of the import: the same records as in one
batch, one transaction, idempotency, duplicate ids, rejects, progress, sealing, indexes — and
the reader never holds more than a batch of rows."""

from __future__ import annotations

import csv
import io
import tracemalloc

import pytest
from sqlalchemy import select

from sabt.case import Case
from sabt.errors import ImportRefused
from sabt.ingest import import_list, readers
from sabt.ingest.readers import ListReader
from sabt.store import models

BATCH = 3
HEADER = ["id", "name", "given_name", "family_name", "age", "sex", "date_of_death", "city", "province", "protected"]


def list_rows(count: int, start: int = 0) -> list[list[str]]:
    cities = ["Ahwaz", "Kermanshah", "تهران", "Qxzyv-abad", ""]
    dates = ["2026-01-08", "1404/10/19", "2026-01", "۱۴۰۴/۱۰/۱۸", ""]
    return [[f"r{i}", f"Name{i % 4} Family{i % 3}" if i % 5 else "", f"Given{i % 2}", f"Fam{i % 7}",
             str(18 + i % 50), "mf"[i % 2], dates[i % len(dates)], cities[i % len(cities)], "",
             "yes" if i % 6 == 0 else "no"] for i in range(start, start + count)]


def write_list(path, rows, header=HEADER):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def small(settings):
    """The case opened with batches of three rows."""
    case = Case.open(settings.with_(import_batch_rows=BATCH))
    yield case
    case.close()


def stored(case, source):
    with case.session() as session:
        return session.scalars(select(models.Record).where(models.Record.source_id == source)
                               .order_by(models.Record.row_number)).all()


def comparable(record, case) -> dict:
    """A record's stored values, its sealed identity opened (nonces differ between sealings)."""
    values = {c.name: getattr(record, c.name) for c in models.Record.__table__.columns
              if c.name not in ("id", "import_id", "source_id", "created_at", "sealed", "supersedes_id")}
    values["identity"] = case.key.unseal(record.sealed, "records") if record.sealed else None
    return values


def test_batches_give_the_same_records_as_one_batch(case, small, tmp_path):
    path = write_list(tmp_path / "l.csv", list_rows(17))
    one = import_list(case, path, "whole")
    # the same rows in other bytes (LF line ends): the same bytes under a second source are refused
    other = tmp_path / "l-lf.csv"
    other.write_bytes(path.read_bytes().replace(b"\r\n", b"\n"))
    assert other.read_bytes() != path.read_bytes()
    many = import_list(small, other, "batched")
    assert many.rows_added == one.rows_added == 17
    assert (many.protected, many.unresolved_places) == (one.protected, one.unresolved_places)
    assert many.unresolved_places == {"Qxzyv-abad": 3}
    whole, batched = stored(case, "whole"), stored(case, "batched")
    assert [comparable(r, case) for r in batched] == [comparable(r, case) for r in whole]
    assert [r.row_number for r in batched] == list(range(2, 19))


def test_same_file_twice_and_a_corrected_file_across_batches(small, tmp_path):
    first = write_list(tmp_path / "v1.csv", list_rows(10))
    assert import_list(small, first, "s").rows_added == 10
    assert import_list(small, first, "s").already_imported
    corrected = list_rows(10) + list_rows(4, start=10)
    corrected[8][4] = "61"  # r8's age corrected: it supersedes; the other nine are unchanged
    summary = import_list(small, write_list(tmp_path / "v2.csv", corrected), "s")
    assert (summary.rows_added, summary.rows_unchanged, summary.rows_superseding) == (5, 9, 1)
    current = [r for r in stored(small, "s") if not r.superseded]
    assert len(current) == 14 and next(r for r in current if r.source_record_id == "r8").age == 61


def _nothing_written(case):
    assert case.stats()["records"] == 0
    with case.session() as session:
        assert session.scalars(select(models.ImportBatch)).all() == []
        assert session.scalars(select(models.Source)).all() == []


def test_a_bad_value_in_a_late_batch_leaves_nothing_written(small, tmp_path):
    rows = list_rows(20)
    rows[17][4] = "300"  # line 19, in the seventh batch of three
    path = write_list(tmp_path / "late.csv", rows)
    indexes_before = _index_names(small)
    with pytest.raises(ImportRefused) as refused:
        import_list(small, path, "s")
    assert "late.csv: 1 problem(s); nothing was imported" in str(refused.value)
    assert "line 19, column 'age'" in str(refused.value)
    _nothing_written(small)
    assert _index_names(small) == indexes_before


def test_every_problem_is_counted_though_only_the_first_are_listed(small, tmp_path):
    rows = list_rows(40)
    for row in rows[5:30]:
        row[4] = "300"
    with pytest.raises(ImportRefused) as refused:
        import_list(small, write_list(tmp_path / "many.csv", rows), "s")
    message = str(refused.value)
    assert "25 problem(s)" in message and "… and 5 more" in message
    assert "line 7," in message and "line 27," not in message
    _nothing_written(small)


@pytest.mark.parametrize("earlier", [False, True], ids=["fresh source", "source with records"])
def test_an_id_used_again_in_a_later_batch_is_refused(small, tmp_path, earlier):
    if earlier:
        import_list(small, write_list(tmp_path / "before.csv", list_rows(4, start=100)), "s")
    rows = list_rows(12)
    rows[9][0] = "r2"  # line 11 repeats line 4's id, three batches later
    before = small.stats()["records"]
    with pytest.raises(ImportRefused, match="dup.csv: line 11: id 'r2' already used on line 4"):
        import_list(small, write_list(tmp_path / "dup.csv", rows), "s")
    assert small.stats()["records"] == before


def test_an_unchanged_row_repeated_later_is_still_a_duplicate(small, tmp_path):
    import_list(small, write_list(tmp_path / "v1.csv", list_rows(5)), "s")
    rows = list_rows(9)
    rows[8] = list(rows[1])  # r1 again, unchanged both times: neither copy would be written
    with pytest.raises(ImportRefused, match="line 10: id 'r1' already used on line 3"):
        import_list(small, write_list(tmp_path / "v2.csv", rows), "s")
    assert small.stats()["records"] == 5


def test_skip_bad_rows_across_batches(small, tmp_path):
    rows = list_rows(14)
    rows[1][4], rows[12][6] = "300", "2026-02-30"
    rows.insert(7, ["x", "too", "few"])
    path = write_list(tmp_path / "mixed.csv", rows)
    summary = import_list(small, path, "s", skip_bad_rows=True)
    assert (summary.rows_read, summary.rows_added, summary.rows_rejected) == (15, 12, 3)
    rejects = list(csv.reader(io.StringIO((tmp_path / "mixed.rejects.csv").read_text(encoding="utf-8-sig"))))
    assert [r[0] for r in rejects[1:]] == ["3", "9", "15"]
    assert "age of 300" in rejects[1][1] and rejects[1][2] == "r1"
    assert "3 columns where the header has 10" in rejects[2][1]
    assert "day 30 does not exist" in rejects[3][1]
    assert len(stored(small, "s")) == 12


def test_a_refused_import_leaves_no_rejects_file(small, tmp_path):
    rows = list_rows(8)
    rows[1][4] = "300"
    rows[6][0] = "r0"
    with pytest.raises(ImportRefused, match="already used"):
        import_list(small, write_list(tmp_path / "d.csv", rows), "s", skip_bad_rows=True)
    assert not (tmp_path / "d.rejects.csv").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".rejects")] == []


def test_progress_counts_rows_and_reaches_its_end(small, tmp_path):
    calls = []
    path = write_list(tmp_path / "p.csv", list_rows(11))
    import_list(small, path, "s", progress=lambda step, done, total: calls.append((step, done, total)))
    rows = [(done, total) for step, done, total in calls if step == "rows"]
    assert [done for done, _ in rows][:4] == [3, 6, 9, 11]
    assert rows[-1] == (11, 11)
    assert all(done <= total for done, total in rows)
    steps = [step for step, _, _ in calls]
    if "indexes" in steps:
        indexes = [(done, total) for step, done, total in calls if step == "indexes"]
        assert indexes[-1][0] == indexes[-1][1]


def test_protected_rows_sealed_and_names_searchable_after_a_batched_import(small, tmp_path):
    path = write_list(tmp_path / "w.csv", list_rows(13))
    summary = import_list(small, path, "s")
    assert summary.protected == 3  # r0, r6, r12
    for record in stored(small, "s"):
        if record.source_record_id in ("r0", "r6", "r12"):
            assert record.protected and record.name is None and record.raw is None
            identity = small.key.unseal(record.sealed, "records")
            assert identity["raw"]["id"] == record.source_record_id
        else:
            assert not record.protected and record.sealed is None
    if small.engine.dialect.name == "sqlite":
        with small.engine.connect() as connection:
            found = connection.exec_driver_sql(
                "SELECT count(*) FROM records_name_fts WHERE records_name_fts MATCH '\"Name1 Family\"'").scalar()
            trigger = connection.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'records_name_fts_ai'").scalar()
        plain_name1 = [r for r in stored(small, "s") if r.name and r.name.startswith("Name1 Family")]
        assert found == len(plain_name1) > 0
        assert trigger == 1


def test_the_indexes_are_there_after_a_fresh_list(small, tmp_path):
    before = _index_names(small)
    import_list(small, write_list(tmp_path / "f.csv", list_rows(10)), "s")
    assert _index_names(small) == before
    assert "ix_records_source_record" in before


def _index_names(case) -> set[str]:
    """The records table's indexes (and on SQLite its triggers, which fill the name search)."""
    with case.engine.connect() as connection:
        if case.engine.dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = 'records'"
        else:
            query = "SELECT indexname FROM pg_indexes WHERE tablename = 'records' AND schemaname = current_schema()"
        return set(connection.exec_driver_sql(query).scalars())


class CountingText(io.StringIO):
    """A text stream that counts the lines handed to its reader."""

    lines_read = 0

    def readline(self, *args):  # iterating a StringIO calls it too
        CountingText.lines_read += 1
        return super().readline(*args)


def test_the_reader_holds_at_most_a_batch_and_reads_no_further_than_it_needs(tmp_path):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER] + list_rows(10_000))
    text = buffer.getvalue()
    CountingText.lines_read = 0
    reader = ListReader(tmp_path / "big.csv", "csv", opener=lambda: CountingText(text, newline=""))
    batches = reader.batches(100)
    first = next(batches)
    assert len(first.rows) == 100
    assert CountingText.lines_read <= 102  # the header, the batch, and at most one row more
    sizes = [len(first.rows)] + [len(batch.rows) for batch in batches]
    assert max(sizes) == 100 and sum(sizes) == 10_000


def test_memory_does_not_grow_with_the_list(tmp_path, settings, monkeypatch):
    """Peak Python memory of an import of 8,000 rows is about that of 2,000 (batches of 250):
    the rows in memory are one batch's, not the list's. (The scan that hashes the file reads it
    in chunks of SCAN_CHUNK, 1 MiB; smaller here, so that the lists are many chunks long.)"""
    monkeypatch.setattr(readers, "SCAN_CHUNK", 16_384)
    case = Case.open(settings.with_(import_batch_rows=250))
    try:
        import_list(case, write_list(tmp_path / "warm.csv", list_rows(300, start=50_000)), "warm")
        peaks = []
        for size in (2_000, 8_000):
            path = write_list(tmp_path / f"m{size}.csv", list_rows(size, start=size * 10))
            tracemalloc.start()
            import_list(case, path, f"m{size}")
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
    finally:
        case.close()
    small_list, large_list = peaks
    assert large_list < 1.5 * small_list, peaks
