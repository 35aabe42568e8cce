"""The linkage table and the trained model, apart from a whole run."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from sabt.link.features import features
from sabt.link.model import FIELD_ERROR_RATE, allow_field_errors


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
