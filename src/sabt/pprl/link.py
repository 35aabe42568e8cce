"""Linking encoded records: Fellegi–Sunter on Dice similarities of the Bloom filters, in Splink.

Same machinery as clear linkage (:mod:`sabt.link.model`): u by random sampling, m by
expectation maximisation over blocking passes, the same field-error mixing, the same
clustering and review. What changes is what is compared: each encoded field's Dice
coefficient, computed by DuckDB from the bit strings (``bit_count(a & b)``), in levels; and the
clear fields the organisations shared. Blocking cannot use phonetic keys (there are none), so
pairs are brought together by locality-sensitive hashing of the name filters (Hamming LSH:
bands of bit positions drawn once by a public seed; two filters that differ in few bits agree
on some band) and by the clear fields. See docs/private-linkage.md for why Splink rather
than anonlink.
"""

from __future__ import annotations

import json
import logging
import random

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from sqlalchemy import select

from sabt.case import Case
from sabt.link.model import (
    EM_MAX_PAIRS,
    PREDICT_THRESHOLD,
    Scored,
    _date_comparison,
    _fetch_pairs,
    allow_field_errors,
    db_api,
)
from sabt.pprl.encode import FIELD_SPECS
from sabt.store import models

LSH_SEED = 20260103
LSH_BANDS = (8, 12)
"""(bands, bits per band) of the name filters' LSH keys, each band narrowed by the province;
plus WIDE_BANDS of more bits without the province. A true pair whose filters differ in 5 % of
bits shares one of 8 bands of 12 bits with probability 1 − (1 − 0.95¹²)⁸ ≈ 0.998; unrelated
names (about 35 % of bits differ) share a band with probability about 0.05."""
WIDE_BANDS = (4, 20)

ENCODED_FIELDS = {"name": "name_bf", "father": "father_bf", "birth_year": "birth_bf",
                  "date_of_birth": "dob_bf", "national_id": "nid_bf"}

LEVELS = {
    "name_bf": (0.94, 0.89, 0.84, 0.78),
    "father_bf": (0.92, 0.84),
    "birth_bf": (0.94, 0.89, 0.82),
    "dob_bf": (0.92,),
    "nid_bf": (0.92,),
}
"""Dice thresholds below "identical" for each encoded field, chosen from what the balanced
filters give: two unrelated names are about 0.65 alike (each original filter about a quarter
full), one letter changed in a name of 14 letters about 0.93; years of birth 1, 2, 3 years
apart about 0.95, 0.91, 0.86."""


def dice_sql(column: str) -> str:
    """Dice of two BIT columns (the input table holds the filters as DuckDB BIT: casting the
    strings in each comparison was 25 times slower)."""
    left, right = f"{column}_l", f"{column}_r"
    return f"(2.0 * bit_count({left} & {right}) / (bit_count({left}) + bit_count({right})))"


def _register_bits(api, frame: pd.DataFrame):
    """The frame as a DuckDB table with the encoded fields as BIT, registered with Splink."""
    connection = api.duckdb_con
    connection.register("sabt_encoded_input", frame)
    listed = ", ".join(f'CAST("{c}" AS BIT) AS "{c}"' if c in ENCODED_FIELDS.values() else f'"{c}"'
                       for c in frame.columns)
    connection.execute(f"CREATE OR REPLACE TABLE sabt_encoded_records AS SELECT {listed} FROM sabt_encoded_input")
    connection.unregister("sabt_encoded_input")
    return api.register("sabt_encoded_records")


def _dice_comparison(column: str, description: str, tf: bool = False) -> cl.CustomComparison:
    levels = [cll.NullLevel(column), cll.ExactMatchLevel(column, term_frequency_adjustments=tf).configure(
        label_for_charts="identical encoding")]
    levels += [cll.CustomLevel(f"{dice_sql(column)} >= {t}", label_for_charts=f"Dice ≥ {t}") for t in LEVELS[column]]
    levels.append(cll.ElseLevel())
    return cl.CustomComparison(output_column_name=column.removesuffix("_bf"), comparison_description=description,
                               comparison_levels=levels)


def _lsh_positions() -> list[list[int]]:
    rng = random.Random(LSH_SEED)
    width = 2 * FIELD_SPECS["name"].length
    return [rng.sample(range(width), bits) for bands, bits in (LSH_BANDS, WIDE_BANDS) for _ in range(bands)]


def load_encoded(case: Case) -> pd.DataFrame:
    """The linkage table of an encoded case: bit strings, LSH keys and the clear fields."""
    with case.session() as session:
        rows = session.execute(select(
            models.Record.id, models.Record.source_id, models.Record.raw, models.Record.sex,
            models.Record.date_of_death, models.Record.date_of_arrest, models.Record.place_key,
            models.Record.province_code, models.Record.extra, models.Record.person_id,
        ).where(models.Record.superseded.is_(False))).all()
        cities = set(session.scalars(select(models.Place.key).where(models.Place.kind == "city")))
    bands = _lsh_positions()
    out = []
    for rid, source, raw, sex, death, arrest, place, province, extra, person in rows:
        record = raw if isinstance(raw, dict) else json.loads(raw)
        extra = extra if isinstance(extra, dict) else json.loads(extra or "{}")
        bits = record["bits"]
        name = bits.get("name")
        keys = ["".join(name[i] for i in band) if name else None for band in bands]
        out.append({
            "unique_id": int(rid), "source_dataset": source, "person_id": person,
            **{column: bits.get(field) for field, column in ENCODED_FIELDS.items()},
            **{f"lsh_{i}": key for i, key in enumerate(keys)},
            "sex": sex, "age_band": extra.get("age_band"),
            "event_date": death if death is not None else arrest,
            "date_of_death": death,
            "city": place if place in cities else None, "province_code": province,
        })
    frame = pd.DataFrame(out)
    frame["event_date"] = pd.to_datetime(frame["event_date"])
    return frame


def optional_encoded(frame: pd.DataFrame) -> tuple[str, ...]:
    return tuple(c for c in ("dob_bf", "nid_bf", "city") if c in frame and frame[c].notna().any())


def blocking_rules(optional: tuple[str, ...] = ()) -> list:
    narrow, _ = LSH_BANDS
    rules = [block_on(f"lsh_{i}", "province_code") for i in range(narrow)]
    rules += [block_on(f"lsh_{narrow + i}") for i in range(WIDE_BANDS[0])]
    rules.append(block_on("event_date", "province_code", "sex", "age_band"))
    rules += [block_on(c) for c in ("nid_bf", "dob_bf") if c in optional]
    return rules


def settings(optional: tuple[str, ...] = ()) -> SettingsCreator:
    comparisons = [
        _dice_comparison("name_bf", "given and family name (encoded): Dice of the filters", tf=True),
        _dice_comparison("father_bf", "father's name (encoded, salted with the family name): Dice"),
        _dice_comparison("birth_bf", "year of birth (encoded as the years within ±3): Dice"),
        _date_comparison(),
        cl.CustomComparison(output_column_name="place", comparison_description="same city (if shared), else province",
                            comparison_levels=[cll.And(cll.NullLevel("city"), cll.NullLevel("province_code")),
                                               cll.ExactMatchLevel("city"), cll.ExactMatchLevel("province_code"),
                                               cll.ElseLevel()]),
        cl.ExactMatch("sex"),
        cl.ExactMatch("age_band"),
    ]
    if "dob_bf" in optional:
        comparisons.append(_dice_comparison("dob_bf", "full date of birth (encoded): Dice"))
    if "nid_bf" in optional:
        comparisons.append(_dice_comparison("nid_bf", "national identity number (encoded): Dice"))
    return SettingsCreator(link_type="dedupe_only", unique_id_column_name="unique_id", comparisons=comparisons,
                           blocking_rules_to_generate_predictions=blocking_rules(optional),
                           retain_matching_columns=False, retain_intermediate_calculation_columns=True,
                           max_iterations=20)


def describe() -> str:
    return ("Privacy-preserving linkage: records were compared as keyed Bloom-filter encodings (no name was shared): "
            "Dice similarity of the encoded name (given and family together), father's name and year of birth, "
            "and the fields the organisations shared in clear (date of death, place, sex, age band); "
            "Fellegi–Sunter model trained by expectation maximisation in Splink.")


def score_encoded(frame: pd.DataFrame, seed: int = 42, labels: pd.DataFrame | None = None, progress=None) -> Scored:
    """Train on the encoded records and score every blocked pair above PREDICT_THRESHOLD (DuckDB)."""
    from splink import Linker

    from sabt.link import _splink_compat

    _splink_compat.apply()
    logging.getLogger("splink").setLevel(logging.ERROR)
    api = db_api("duckdb")
    columns = [c for c in frame.columns if c not in ("person_id", "date_of_death")]
    data = _register_bits(api, frame[columns])
    optional = optional_encoded(frame)
    linker = Linker(data, settings(optional), log_level=logging.ERROR)
    warnings: list[str] = []
    try:
        linker.training.estimate_probability_two_random_records_match(
            [block_on("name_bf", "event_date"), *(block_on(c) for c in ("nid_bf",) if c in optional)], recall=0.7)
        estimated = linker._settings_obj._probability_two_random_records_match
    except (ValueError, ZeroDivisionError):
        estimated = 0
    if not 0 < estimated < 1:
        linker._settings_obj._probability_two_random_records_match = 1 / max(len(frame), 2)
        warnings.append(f"too few sure matches to estimate how often two records match; assumed 1 in {max(len(frame), 2):,}")
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    prior = linker._settings_obj._probability_two_random_records_match
    passes = [block_on("name_bf"), block_on("event_date", "province_code", "age_band")]
    for i, rule in enumerate(passes, start=1):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(rule, max_pairs=EM_MAX_PAIRS)
        except Exception as error:  # Splink refuses a pass with too few pairs; the other passes train
            warnings.append(f"training pass {i} was skipped: {str(error).splitlines()[0][:160]}")
        linker._settings_obj._probability_two_random_records_match = prior
        if progress:
            progress("train", i, len(passes))
    if labels is not None and len(labels) >= 10:
        linker.training.estimate_m_from_pairwise_labels(api.register(labels))
    model_json = allow_field_errors(linker.misc.save_model_to_json())
    linker = Linker(data, model_json, log_level=logging.ERROR)
    predictions = linker.inference.predict(threshold_match_probability=PREDICT_THRESHOLD)
    return Scored(pairs=_fetch_pairs(api, predictions, "duckdb"), model_json=model_json, warnings=warnings)
