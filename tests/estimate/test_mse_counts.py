"""Reading capture-pattern tables: good files, and bad ones refused with file, line, reason."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sabt.errors import SabtError
from sabt.estimate import CountsRefused, estimate, read_counts

DATA = Path(__file__).parent / "data"


def write(tmp_path, text: str):
    path = tmp_path / "counts.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_published_table():
    frame = read_counts(DATA / "kosovo.csv")
    assert list(frame.columns) == ["EXH", "ABA", "OSCE", "HRW", "count"]
    assert int(frame["count"].sum()) == 4400
    assert len(frame) == 15


def test_repeated_patterns_are_added(tmp_path):
    frame = read_counts(write(tmp_path, "a,b,count\n1,0,3\n1,0,2\n0,1,4\n1,1,1\n"))
    assert frame.set_index(["a", "b"])["count"].to_dict() == {(1, 0): 5, (0, 1): 4, (1, 1): 1}


def test_count_column_can_be_anywhere_and_any_case(tmp_path):
    frame = read_counts(write(tmp_path, "Count,a,b\n3,1,0\n2,0,1\n1,1,1\n"))
    assert list(frame.columns) == ["a", "b", "count"]


@pytest.mark.parametrize("text, line, words", [
    ("a,b,count\n1,2,3\n", 2, "must be 0 or 1"),
    ("a,b,count\n1,0,3\n1,x,3\n", 3, "must be 0 or 1"),
    ("a,b\n1,0\n", 1, "no 'count' column"),
    ("a,b,count\n1,0,-3\n", 2, "must not be negative"),
    ("a,b,count\n1,0,2.5\n", 2, "whole number"),
    ("a,b,count\n1,0,\n", 2, "whole number"),
    ("a,b,count\n0,0,7\n", 2, "0 on every list"),
    ("a,count\n1,3\n", 1, "at least 2 list columns"),
    ("a,b,count\n1,0,3,4\n", 2, "expected 3 values"),
    ("a,a,count\n1,0,3\n", 1, "repeated"),
])
def test_bad_files_are_refused_with_line_and_reason(tmp_path, text, line, words):
    path = write(tmp_path, text)
    with pytest.raises(CountsRefused) as caught:
        read_counts(path)
    message = str(caught.value)
    assert str(path) in message
    assert f"line {line}" in message
    assert words in message
    assert isinstance(caught.value, SabtError)


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(CountsRefused, match="no such file"):
        read_counts(tmp_path / "nope.csv")
    with pytest.raises(CountsRefused, match="empty"):
        read_counts(write(tmp_path, ""))
    with pytest.raises(CountsRefused, match="no data rows"):
        read_counts(write(tmp_path, "a,b,count\n"))


def test_all_zero_row_with_zero_count_is_harmless(tmp_path):
    frame = read_counts(write(tmp_path, "a,b,count\n0,0,0\n1,0,3\n0,1,2\n1,1,1\n"))
    assert int(frame["count"].sum()) == 6


def test_frame_input_is_checked_too():
    bad = pd.DataFrame({"a": [1, 0], "b": [0, 2], "count": [3, 4]})
    with pytest.raises(CountsRefused, match="must be 0 or 1"):
        estimate(bad)


def test_no_overlap_is_not_identifiable():
    frame = pd.DataFrame({"a": [1, 0], "b": [0, 1], "count": [30, 40]})
    for method in ("loglinear", "lcmcr"):
        with pytest.raises(SabtError, match="more than one list"):
            estimate(frame, method=method)


def test_unknown_method():
    with pytest.raises(SabtError, match="unknown method"):
        estimate(read_counts(DATA / "spina.csv"), method="magic")
