"""sabt.simulate: a consistent truth, reproducible output, coverage and corruption as configured."""

from __future__ import annotations

from datetime import date

import jdatetime
import pandas as pd
import pytest

from sabt.names import normalize_persian
from sabt.simulate import (
    LIST_COLUMNS,
    Corruption,
    ListSpec,
    default_lists,
    record_map,
    simulate_lists,
    write_lists,
)
from sabt.simulate._generate import _table

NO_CORRUPTION = Corruption(
    typo=0, missing_father=0, age_off_by_one=0, age_heaped=0, age_missing=0, date_shift=0,
    date_missing=0, name_swap=0, city_misspelled=0, city_as_province=0, sex_missing=0, duplicate=0,
)


@pytest.fixture(scope="module")
def sim():
    return simulate_lists(3000, n_lists=4, seed=11)


def test_lists_have_the_import_columns_and_no_hidden_id(sim):
    _, lists = sim
    assert set(lists) == {"setareh", "kooh", "parvaz", "sahel"}
    for frame in lists.values():
        assert list(frame.columns) == LIST_COLUMNS
        assert "true_person_id" not in frame.columns
        assert frame["id"].is_unique


def test_every_list_row_maps_to_one_true_person(sim):
    truth, lists = sim
    mapping = record_map(truth)
    assert truth["true_person_id"].is_unique
    for slug, frame in lists.items():
        mapped = mapping[mapping["list"] == slug]
        assert sorted(mapped["id"]) == sorted(frame["id"])  # every row, exactly once
    assert set(mapping["true_person_id"]) <= set(truth["true_person_id"])
    assert truth["n_records"].sum() == sum(len(f) for f in lists.values())


def test_duplicates_are_counted(sim):
    truth, lists = sim
    for slug, frame in lists.items():
        ids = truth[f"ids_{slug}"]
        people = int((ids != "").sum())
        duplicates = int(ids.str.count(";").sum())
        assert len(frame) == people + duplicates
        assert duplicates > 0  # 3% of ~1000 captured people
        assert duplicates / people == pytest.approx(0.03, abs=0.02)


def test_same_seed_same_output_and_other_seed_differs():
    t1, l1 = simulate_lists(400, seed=5)
    t2, l2 = simulate_lists(400, seed=5)
    t3, _ = simulate_lists(400, seed=6)
    pd.testing.assert_frame_equal(t1, t2)
    for slug in l1:
        pd.testing.assert_frame_equal(l1[slug], l2[slug])
    assert not t1.equals(t3)


def test_written_files_are_reproducible(tmp_path):
    truth, lists = simulate_lists(200, seed=9)
    a = write_lists(truth, lists, tmp_path / "a")
    b = write_lists(*simulate_lists(200, seed=9), tmp_path / "b")
    for key in a:
        assert a[key].read_bytes() == b[key].read_bytes()


def test_population_shape(sim):
    truth, _ = sim
    # frequent names are frequent, rare ones rare
    top = truth["given_name"].value_counts()
    assert top.index[0] in {"Mohammad", "Ali", "Hossein"}
    assert top.iloc[0] > 20 * top.iloc[-1]
    assert (truth["family_name"] == "Ahmadi").sum() > (truth["family_name"] == "Sepahvand").sum()
    # age heaping: multiples of 5 more common than 1 in 5
    share = (truth["age"] % 5 == 0).mean()
    assert share > 0.25
    # dates within the window, peak on 8-9 January
    died = pd.to_datetime(truth["date_of_death"]).dt.date
    assert died.min() >= date(2025, 12, 28) and died.max() <= date(2026, 1, 31)
    peak = died.isin([date(2026, 1, 8), date(2026, 1, 9)]).mean()
    assert peak > 0.35
    assert truth["province"].str.match(r"^IR-\d\d$").all()
    assert (truth["sex"] == "m").mean() > 0.8


def test_coverage_differs_by_list_and_place(sim):
    truth, lists = sim
    captured = {s: (truth[f"ids_{s}"] != "") for s in lists}
    rates = {s: c.mean() for s, c in captured.items()}
    assert rates["setareh"] > rates["kooh"] > rates["sahel"]
    kurdish = truth["province"].isin(["IR-12", "IR-05", "IR-04", "IR-16"])
    assert captured["kooh"][kurdish].mean() > 1.4 * captured["kooh"][~kurdish].mean()
    minors = truth["age"] < 18
    assert captured["kooh"][minors].mean() < captured["kooh"][~minors].mean()
    # list dependence: parvaz records setareh's people more often
    in_setareh = captured["setareh"]
    assert captured["parvaz"][in_setareh].mean() > 1.4 * captured["parvaz"][~in_setareh].mean()


def test_configured_coverage_is_met():
    spec = ListSpec(name="Test list", slug="t", style="latin", coverage=0.3, prefix="T",
                    corruption=NO_CORRUPTION)
    _, lists = simulate_lists(5000, seed=3, specs=[spec])
    assert len(lists["t"]) / 5000 == pytest.approx(0.3, abs=0.02)


def _persian_list(seed=4, corruption=None, n=6000):
    spec = ListSpec(name="Persian test list", slug="p", style="persian", coverage=1.0, prefix="P",
                    corruption=corruption or NO_CORRUPTION)
    truth, lists = simulate_lists(n, seed=seed, specs=[spec])
    rows = lists["p"].merge(record_map(truth), on="id").merge(truth, on="true_person_id",
                                                             suffixes=("", "_true"))
    return rows


def _fa_int(text):
    return int(normalize_persian(text)) if text else None


def test_uncorrupted_persian_list_agrees_with_truth():
    rows = _persian_list(n=500)
    for _, r in rows.iterrows():
        assert _fa_int(r["age"]) == r["age_true"]
        y, m, d = map(int, normalize_persian(r["date_of_death"]).split("/"))
        assert jdatetime.date(y, m, d).togregorian().isoformat() == r["date_of_death_true"]
        assert r["city"] == r["city_fa"]
        assert r["sex"] == {"m": "مرد", "f": "زن"}[r["sex_true"]]
        key = normalize_persian(r["family_name"]).replace("\u200c", "").replace(" ", "")
        assert key == normalize_persian(r["family_name_fa"]).replace("\u200c", "").replace(" ", "")


def test_corruption_rates_close_to_configured():
    c = Corruption(typo=0, missing_father=0.2, age_off_by_one=0.1, age_heaped=0, age_missing=0.05,
                   date_shift=0.12, date_missing=0.04, name_swap=0.06, city_misspelled=0,
                   city_as_province=0.08, sex_missing=0.03, duplicate=0)
    rows = _persian_list(corruption=c)
    n = len(rows)
    assert (rows["father_name"] == "").mean() == pytest.approx(0.2, abs=0.02)
    ages = rows["age"].map(_fa_int)
    assert ages.isna().mean() == pytest.approx(0.05, abs=0.015)
    assert ((ages - rows["age_true"]).abs() == 1).mean() == pytest.approx(0.1, abs=0.015)
    dates = rows["date_of_death"].map(
        lambda t: jdatetime.date(*map(int, normalize_persian(t).split("/"))).togregorian().isoformat()
        if t else None)
    assert dates.isna().mean() == pytest.approx(0.04, abs=0.012)
    shifted = dates.notna() & (dates != rows["date_of_death_true"])
    assert shifted.mean() == pytest.approx(0.12, abs=0.02)
    assert (rows["sex"] == "").mean() == pytest.approx(0.03, abs=0.01)
    province_fa = rows["province_true"].map({p["code"]: p["name_fa"] for p in _table("provinces.csv")})
    differs = rows["city_fa"] != province_fa  # Tehran in Tehran: a replacement is invisible
    as_province = rows["city"][differs] == province_fa[differs]
    assert as_province.mean() == pytest.approx(0.08, abs=0.02)
    def fold(s):
        return normalize_persian(s).replace("\u200c", "").replace(" ", "")

    swapped = [fold(g) == fold(f) for g, f in zip(rows["given_name"], rows["family_name_fa"])]
    assert sum(swapped) / n == pytest.approx(0.06, abs=0.015)


def test_heaping_corruption_rounds_to_five():
    c = Corruption(**{**NO_CORRUPTION.__dict__, "age_heaped": 0.3})
    rows = _persian_list(corruption=c, n=3000)
    ages = rows["age"].map(_fa_int)
    changed = ages != rows["age_true"]
    assert (ages[changed] % 5 == 0).all()
    not_round = rows["age_true"] % 5 != 0
    assert changed[not_round].mean() == pytest.approx(0.3, abs=0.03)


def test_styles_differ():
    _, lists = simulate_lists(600, seed=2)
    assert lists["setareh"]["name"].str.contains("[\u0600-\u06ff]").all()
    assert lists["setareh"]["date_of_death"].str.contains("۱۴۰۴|۱۴۰۳").any()
    assert not lists["kooh"]["name"].str.contains("[\u0600-\u06ff]").any()
    parvaz = lists["parvaz"]["name"].str.contains("[\u0600-\u06ff]")
    assert 0.3 < parvaz.mean() < 0.7
    assert lists["sahel"]["province"].str.match(r"^IR-\d\d$").all()


@pytest.mark.parametrize("encoding", ["utf-8", "cp1256", "utf-16"])
def test_write_lists_encodings(tmp_path, encoding):
    truth, lists = simulate_lists(150, seed=1)
    paths = write_lists(truth, lists, tmp_path, persian_encoding=encoding)
    text = paths["setareh"].read_bytes().decode(encoding)
    back = pd.read_csv(paths["setareh"], encoding=encoding, dtype=str, keep_default_na=False)
    assert len(back) == len(lists["setareh"])
    assert list(back.columns) == LIST_COLUMNS
    if encoding == "cp1256":
        assert "ي" in text and "ی" not in text  # Arabic yeh, as such files carry
    assert pd.read_csv(paths["truth"], dtype=str)["true_person_id"].is_unique
    assert pd.read_csv(paths["kooh"], encoding="utf-8", dtype=str).shape[0] == len(lists["kooh"])


def test_more_lists_than_defaults():
    specs = default_lists(6)
    assert len({s.slug for s in specs}) == 6
    _, lists = simulate_lists(100, n_lists=6, seed=1)
    assert len(lists) == 6
