"""The linkage table and the trained model, apart from a whole run."""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

from sabt.link.features import features
from sabt.link.model import (
    FIELD_ERROR_RATE,
    MIN_EM_PAIRS,
    _latin_name_comparison,
    allow_field_errors,
    cap_unrelated_persian_names,
    training_blocks,
)


def record(i, source, name, age=None, died=None, father=None):
    return {"id": i, "source_id": source, "name": name, "given_name": None, "family_name": None,
            "father_name": father, "national_id": None, "address": None, "sex": None, "age": age,
            "birth_year": None, "date_of_birth": None, "date_of_death": died, "date_of_arrest": None,
            "place_key": None, "province_code": None, "protected": False, "person_id": None}


def test_an_age_without_a_date_gives_a_year_of_birth_from_the_lists_typical_year():
    records = pd.DataFrame([
        record(1, "a", "Ali Rezaei", 30, dt.date(2026, 1, 8)),
        record(2, "a", "Sara Moradi", 41, dt.date(2026, 1, 9)),
        record(3, "a", "Kaveh Zandi", 33),
        record(4, "b", "Nima Rad", 20, dt.date(2019, 11, 16)),
        record(5, "b", "Leila Amini", 25),
        record(6, "c", "Omid Nazari", 50),
    ])
    years = dict(zip(features(records)["unique_id"], features(records)["birth_year_est"]))
    assert years[1] == 1996 and years[3] == 2026 - 33
    assert years[5] == 2019 - 25  # list b recorded 2019's events
    assert years[6] == 2026 - 50  # a list with no dates at all: the case's median year


def test_titles_are_left_out_of_the_matching_forms():
    frame = features(pd.DataFrame([record(1, "a", "Seyed Ali Mousavi"), record(2, "b", "علی موسوی")]))
    assert frame["sorted_rom"].nunique() == 1 and frame["sorted_keys"].nunique() == 1


def test_field_errors_put_a_floor_under_every_trained_level():
    levels = [{"is_null_level": True},
              {"m_probability": 1 - 1e-29, "u_probability": 0.02},
              {"m_probability": 1e-29, "u_probability": 0.98}]
    model = allow_field_errors({"comparisons": [{"comparison_levels": levels}]})
    mixed = model["comparisons"][0]["comparison_levels"]
    assert mixed[0] == {"is_null_level": True}
    assert math.isclose(sum(level["m_probability"] for level in mixed[1:]), 1.0)
    against = math.log2(mixed[2]["m_probability"] / mixed[2]["u_probability"])
    assert math.isclose(against, math.log2(FIELD_ERROR_RATE), rel_tol=1e-6)  # about -6.6 bits, not -96


def _latin_level(a: str, b: str) -> str:
    """The level of the Latin name comparison two names fall in, by the level's own SQL in DuckDB."""
    import duckdb

    frame = features(pd.DataFrame([record(1, "a", a), record(2, "b", b)])).set_index("unique_id")
    row = {f"{c}_{side}": frame.at[i, c] for side, i in (("l", 1), ("r", 2)) for c in frame.columns}
    connection = duckdb.connect()
    connection.register("pair", pd.DataFrame([row]))
    for level in _latin_name_comparison().get_comparison("duckdb").comparison_levels:
        if level.sql_condition == "ELSE" or connection.sql(f"select {level.sql_condition} from pair").fetchall()[0][0]:
            return level.label_for_charts
    raise AssertionError("no level")


def test_one_consonant_skeleton_with_other_vowels_is_a_weaker_level_than_a_spelling_variant():
    assert _latin_level("Hossein Karimi", "Hossein Kerimi") == "same phonetic keys, similar names"  # one vowel
    assert _latin_level("Hassan Karimi", "Hossein Karimi") == "same phonetic keys, names less alike"
    assert _latin_level("Ahmad Karimi", "Hamid Karimi") == "same phonetic keys, names less alike"


def _name_model(latin_else: float, persian: list[float]) -> dict:
    latin = [{"is_null_level": True}, {"label_for_charts": "same keys", "m_probability": 1 - latin_else, "u_probability": 0.01},
             {"label_for_charts": "else", "m_probability": latin_else, "u_probability": 0.99}]
    labels = ["same in Persian", "one letter apart in Persian", "same keys", "else"]
    levels = [{"is_null_level": True}] + [{"label_for_charts": label, "m_probability": m, "u_probability": 0.1}
                                          for label, m in zip(labels, persian)]
    return {"comparisons": [{"output_column_name": "name_persian", "comparison_levels": levels},
                            {"output_column_name": "name", "comparison_levels": latin}]}


def test_unrelated_persian_names_weigh_against_a_match_as_much_as_latin_ones():
    model = cap_unrelated_persian_names(_name_model(0.01, [0.4, 0.1, 0.1, 0.4]))
    persian = [level["m_probability"] for level in model["comparisons"][0]["comparison_levels"][1:]]
    assert math.isclose(persian[-1], 0.01)
    assert math.isclose(sum(persian), 1.0)
    assert math.isclose(persian[0] / persian[1], 4.0)    # the freed share goes to Persian's own levels in proportion
    assert persian[2] == 0.1                              # not to a level both comparisons have
    unchanged = [0.9, 0.05, 0.045, 0.005]                 # already under the cap
    model = cap_unrelated_persian_names(_name_model(0.01, unchanged))
    assert [level["m_probability"] for level in model["comparisons"][0]["comparison_levels"][1:]] == unchanged


def _block_columns(rule) -> str:
    return rule.get_blocking_rule("duckdb").blocking_rule_sql


def test_training_blocks_are_narrow_where_the_case_fills_them_and_broad_where_it_does_not():
    def frame(n, cities):
        return pd.DataFrame({"given_key": "x", "family_key": [f"f{i}" for i in range(n)], "father_key": [f"p{i}" for i in range(n)],
                             "event_date": dt.date(2026, 1, 8), "province_code": "IR-23",
                             "city": [f"c{i % cities}" for i in range(n)], "birth_year_est": 1990})
    big = training_blocks(frame(2 * 46, 1))                 # one city: 46 · 91 = 4,186 pairs in date + city + year
    assert "city" in _block_columns(big[1]) and "birth_year_est" in _block_columns(big[1])
    small = training_blocks(frame(2 * 46, 46))              # 46 cities: 46 pairs in date + city + year
    assert "province_code" in _block_columns(small[1])
    assert MIN_EM_PAIRS > 46
    assert "city" in _block_columns(small[2])               # no father shared: year + city


def test_the_issues_missed_pairs_fall_in_name_levels_that_speak_for_a_match():
    assert _latin_level("مصطفی طاحری", "Mostafa Taheri") == "same name (Latin matching form, either order)"
    assert _latin_level("Pour-Mohammadi Ali", "Ali Pourmohammadi") == "same name (Latin matching form, either order)"
    assert _latin_level("خليل عباسي", "Kalil Abbasi") == "same keys up to transliteration (kh/k, gh/q/g)"
    typo_levels = ("Jaro-Winkler distance of full_rom >= 0.94", "phonetic keys one edit apart")
    assert _latin_level("Qolamreza Nturi", "Gholamreza Noori") in typo_levels
    assert _latin_level("Madjid Qolai", "Madjid Gholami") in typo_levels
    assert _latin_level("Ahmadi Aeir", "Amir Ahmady") == "phonetic keys one edit apart"


def test_names_swapped_and_misspelt_are_compared():
    import duckdb

    from sabt.link.model import blocking_rules

    rows = [record(1, "a", "Ahmadi Aeir", 30, dt.date(2026, 1, 8)), record(2, "b", "Amir Ahmady", 30, dt.date(2026, 1, 9))]
    for row in rows:
        row["province_code"] = "IR-23"
    frame = features(pd.DataFrame(rows)).set_index("unique_id")
    pair = {f"{c}_{side}": frame.at[i, c] for side, i in (("l", 1), ("r", 2)) for c in frame.columns}
    connection = duckdb.connect()
    connection.register("pair", pd.DataFrame([pair]))
    covering = []
    for rule in blocking_rules():
        condition = re.sub(r'\b([lr])\."?(\w+)"?', r"\2_\1", rule.get_blocking_rule("duckdb").blocking_rule_sql)
        if connection.sql(f"select coalesce({condition}, false) from pair").fetchall()[0][0]:
            covering.append(condition)
    # only the rules that pair one record's given name key with the other's family name key
    assert covering and all("given_key_l = family_key_r" in c or "family_key_l = given_key_r" in c for c in covering)
