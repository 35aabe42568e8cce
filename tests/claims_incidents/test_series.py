"""Series: IODA-form CSV (epoch or ISO times, one column per signal, gaps), atomic and idempotent."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from sabt.claims.importer import import_claims
from sabt.claims.series import import_series, read_series_csv
from sabt.errors import ImportRefused
from sabt.store import models


@pytest.fixture
def with_source(case, tmp_path):
    path = tmp_path / "s.json"
    path.write_text('{"sources": [{"id": "ioda", "name": "IODA export", "kind": "dataset"}]}', "utf-8")
    import_claims(case, path)
    return case


def _csv(tmp_path, text, name="series.csv"):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_epoch_times_several_signals_and_gaps(with_source, tmp_path):
    path = _csv(tmp_path, "# a comment\ntimestamp,bgp,ping-slash24,gtr\n"
                          "1767873600,100,98.5,80\n1767877200,99,,70\n1767880800,98,nan,60\n")
    summary = import_series(with_source, path, "probe", "Active probing", "ioda", False, "% of normal",
                            column="active_probing")
    assert (summary.points, summary.gaps, summary.column) == (3, 2, "ping-slash24")
    assert summary.first == dt.datetime(2026, 1, 8, 12, tzinfo=dt.UTC)
    with with_source.session() as session:
        series = session.scalar(select(models.Series).where(models.Series.key == "probe"))
        assert series.meta["signal"] == "ping-slash24" and series.meta["comments"] == ["a comment"]
        values = [p.value for p in session.scalars(select(models.SeriesPoint).order_by(models.SeriesPoint.at))]
    assert values == [98.5, None, None]


def test_iso_times_and_value_column_chosen_by_default(tmp_path):
    path = _csv(tmp_path, "Time (UTC),value,bgp\n2026-01-08T18:00:00Z,12.5,40\n2026-01-08 19:00,11,39\n")
    column, points, meta = read_series_csv(path)
    assert column == "value" and meta["column"] == "value"
    assert points[1] == (dt.datetime(2026, 1, 8, 19, tzinfo=dt.UTC), 11.0)


def test_several_signals_without_a_choice_are_refused(tmp_path):
    path = _csv(tmp_path, "timestamp,bgp,google\n1767873600,1,2\n")
    with pytest.raises(ImportRefused, match="several signals"):
        read_series_csv(path)


def test_bad_rows_are_named_and_nothing_is_written(with_source, tmp_path):
    path = _csv(tmp_path, "timestamp,value\n1767873600,1\nyesterday,2\n1767873600,3\n1767880800,lots\n", "bad.csv")
    with pytest.raises(ImportRefused) as error:
        import_series(with_source, path, "s", "S", "ioda")
    message = str(error.value)
    assert "bad.csv: line 3, 'timestamp': 'yesterday' is not a time" in message
    assert "line 4: time 2026-01-08T12:00:00+00:00 repeats line 2" in message
    assert "line 5, 'value': 'lots' is not a number" in message
    with with_source.session() as session:
        assert session.scalar(select(func.count()).select_from(models.Series)) == 0


def test_unknown_source_and_missing_time_column_are_refused(with_source, tmp_path):
    path = _csv(tmp_path, "timestamp,value\n1767873600,1\n")
    with pytest.raises(ImportRefused, match="source 'nobody' is not in the case"):
        import_series(with_source, path, "s", "S", "nobody")
    with pytest.raises(ImportRefused, match="no time column"):
        read_series_csv(_csv(tmp_path, "when,value\n1,2\n", "notime.csv"))


def test_same_file_is_skipped_and_a_new_export_replaces_the_points(with_source, tmp_path):
    path = _csv(tmp_path, "timestamp,value\n1767873600,1\n1767877200,2\n")
    assert import_series(with_source, path, "s", "S", "ioda", True).added
    assert import_series(with_source, path, "s", "S", "ioda", True).unchanged
    path = _csv(tmp_path, "timestamp,value\n1767873600,5\n")
    assert import_series(with_source, path, "s", "S", "ioda", True).replaced
    with with_source.session() as session:
        assert session.scalar(select(func.count()).select_from(models.SeriesPoint)) == 1
        assert session.scalar(select(func.count()).select_from(models.Series)) == 1
