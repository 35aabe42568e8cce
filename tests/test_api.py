"""The notebook API: the same verbs as the CLI, returning DataFrames."""

import pandas as pd

import sabt


def test_notebook_verbs(tmp_path, key_file, settings):
    db = settings.db if settings.is_postgres else str(tmp_path / "nb.sabt")
    case = sabt.open_case(db, key_file=key_file) if settings.is_postgres else sabt.init_case(db, key_file=key_file)
    (tmp_path / "l.csv").write_text("id,name,age,city\n1,Ali Rezaei,25,Tehran\n2,Sara Moradi,31,Karaj\n")
    summary = sabt.import_list(case, tmp_path / "l.csv", source="org")
    assert isinstance(summary, pd.DataFrame) and summary.loc[0, "rows_added"] == 2
    counts = sabt.stats(case).set_index("table")["count"]
    assert counts["records"] == 2
    records = sabt.table(case, "records")
    assert list(records["source_record_id"]) == ["1", "2"]
    case.close()
