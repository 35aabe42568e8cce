"""The linkage model: Fellegi–Sunter comparisons and blocking rules, as Splink settings.

Fellegi & Sunter (1969), "A theory for record linkage", JASA 64(328). Splink estimates the
u-probabilities by random sampling and the m-probabilities by expectation maximisation over
several blocking passes (Splink's documented practice), then scores every blocked pair.

The settings are data: :func:`settings` builds them, :func:`describe` explains them for the
methodology section of a report, and the same settings run on DuckDB (default) and on Spark.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule

from sabt.settings import LinkOptions

PREDICT_THRESHOLD = 0.01
"""Pairs scored below this are not kept (they are not candidates for review either)."""

BLOCKING_RULES = [
    block_on("family_key", "substr(given_key, 1, 2)", "province_code"),
    block_on("given_key", "birth_year_est", "province_code"),
    block_on("family_key", "event_date", "province_code"),
    block_on("given_key", "event_date", "city", "substr(family_key, 1, 1)"),
    block_on("native_key"),
    block_on("sorted_keys"),
    block_on("family_key", "father_key", "province_code"),
    block_on("given_key", "father_key", "province_code"),
    block_on("family_key", "birth_year_est", "province_code"),
    block_on("event_date", "city", "birth_year_est", "substr(family_key, 1, 1)"),
    CustomRule("l.given_key = r.family_key AND l.birth_year_est = r.birth_year_est AND l.province_code = r.province_code"),
    CustomRule("l.family_key = r.given_key AND l.birth_year_est = r.birth_year_est AND l.province_code = r.province_code"),
]
"""Each rule is one pass; a pair is compared if any rule brings it together. Each pairs a
name key with something a typo in the other name part leaves alone, and carries enough
(province, city, a letter of the other name) that blocks stay small. Chosen by what each rule
alone brings in on simulated lists with a known truth (docs/linkage.md): at 102,350 records
they bring together 99.1 % of true pairs; at 1,022,871 records they make about 117 million
comparisons (counted per rule, overlaps included), where the earlier eleven rules made 220
million for 99.4 % (rules without the province: a family key and a birth year alone paired
36 million at a million records to find 75 true pairs at 100,000). The last two (one record's
given name key is the other's family name key) bring in names written in swapped order *and*
misspelt ("Ahmadi Aeir" / "Amir Ahmady"), which no rule on keys in place or sorted keys
compares; written in both directions because a pair is only compared with its lower id on
the left."""

TRAINING_PASSES = [
    [("given_key", "family_key")],
    [("event_date", "city", "birth_year_est"), ("event_date", "province_code")],
    [("father_key", "birth_year_est"), ("birth_year_est", "city")],
]
"""EM passes, each the first of its blocks with at least MIN_EM_PAIRS pairs (else its last).
A pass trains the comparisons its block does not use; matches should be a fair share of the
block (Splink's advice), and each pass is capped at EM_MAX_PAIRS sampled pairs. The passes that
leave names free were date + province and year of birth + city alone; at 100,000 records a
million pairs sampled from those blocks held a few hundred matches, and EM's "match" class took
in namesakes by circumstance. The narrower blocks (date + city + year; father + year) give
pairwise F1 0.982 instead of 0.980 at 100,000 simulated records; on a small case they hold too
few pairs to train on, and the broad blocks train instead."""

MIN_EM_PAIRS = 1_000

EM_MAX_PAIRS = 1e6

FIELD_ERROR_RATE = 0.01
"""The chance that a field of a true match was written as if at random (a clerical error, a
wrong spelling of a father's name, a misread sex). Expectation maximisation drives the
m-probability of a level it rarely sees in matches towards zero (1e-29 for a father's name
spelled two ways in one run), which makes any one disagreement a veto; mixing each level's
m with its u at this rate caps the evidence one field can give against a match at
log2(rate) ≈ -6.6 bits."""


BOTH_PERSIAN = "(native_key_l IS NOT NULL AND native_key_r IS NOT NULL)"


def _fuzzy_name_levels() -> list:
    """After the exact levels: the same phonetic keys, given and family name in place — with
    similar Latin forms, then without (a consonant skeleton cannot tell Hassan from Hossein or
    Ehsan, or Ahmad from Hamid: at a million records such pairs were, after namesakes spelled
    alike, the largest group of wrongly linked pairs) — then in swapped order (kept apart:
    "reza karimi" and "karim rezaei" share sorted keys), then Jaro–Winkler on the full name,
    given name first (on names in alphabetical order a shared family name would weigh as a long
    common prefix: "ahmadian hamed" ~ "ahmadian sadegh")."""
    return [
        cll.And(cll.ExactMatchLevel("given_key"), cll.ExactMatchLevel("family_key"),
                cll.JaroWinklerLevel("given_rom", 0.85), cll.JaroWinklerLevel("family_rom", 0.85)).configure(
            label_for_charts="same phonetic keys, similar names"),
        cll.And(cll.ExactMatchLevel("given_key"), cll.ExactMatchLevel("family_key")).configure(
            label_for_charts="same phonetic keys, names less alike"),
        cll.ExactMatchLevel("full_tkey").configure(
            label_for_charts="same keys up to transliteration (kh/k, gh/q/g)"),
        cll.ExactMatchLevel("sorted_keys").configure(label_for_charts="same phonetic keys, given and family swapped"),
        cll.JaroWinklerLevel("full_rom", 0.94),
        cll.DamerauLevenshteinLevel("sorted_keys", 1).configure(label_for_charts="phonetic keys one edit apart"),
        cll.And(cll.ExactMatchLevel("family_rom"), cll.JaroWinklerLevel("given_rom", 0.85)).configure(
            label_for_charts="same family name, similar given name"),
        cll.JaroWinklerLevel("full_rom", 0.85),
        cll.ExactMatchLevel("family_key").configure(label_for_charts="same family name key"),
        cll.ElseLevel(),
    ]


def _native_name_comparison() -> cl.CustomComparison:
    """Names of pairs written in Persian script on both sides. Kept apart from the Latin
    comparison so that each is trained on the pairs it applies to: one mixed comparison gives
    the Persian-script level an m-probability diluted by every cross-script pair, while its
    term-frequency adjustment is not diluted, and rare Persian names were underweighted."""
    return cl.CustomComparison(
        output_column_name="name_persian",
        comparison_description="given and family names, both records in Persian script",
        comparison_levels=[
            cll.CustomLevel(f"NOT {BOTH_PERSIAN}", label_for_charts="not both in Persian script").configure(
                is_null_level=True),
            cll.ExactMatchLevel("native_key", term_frequency_adjustments=True).configure(
                label_for_charts="same name in Persian script"),
            cll.ExactMatchLevel("sorted_rom", term_frequency_adjustments=True).configure(
                label_for_charts="same name once romanised (either order)"),
            cll.DamerauLevenshteinLevel("native_key", 1).configure(
                label_for_charts="one letter apart in Persian script"),
            cll.JaroWinklerLevel("native_key", 0.92).configure(
                label_for_charts="similar in Persian script"),
            *_fuzzy_name_levels(),
        ],
    )


def _latin_name_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="name",
        comparison_description="given and family names in the Latin matching form (pairs not both in Persian script)",
        comparison_levels=[
            cll.Or(cll.CustomLevel(BOTH_PERSIAN), cll.And(cll.NullLevel("given_rom"), cll.NullLevel("family_rom")))
            .configure(is_null_level=True, label_for_charts="no name, or both in Persian script"),
            cll.ExactMatchLevel("sorted_rom", term_frequency_adjustments=True).configure(
                label_for_charts="same name (Latin matching form, either order)"),
            *_fuzzy_name_levels(),
        ],
    )


def _father_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="father",
        comparison_description="father's name",
        comparison_levels=[
            cll.NullLevel("father_rom"),
            cll.ExactMatchLevel("father_rom", term_frequency_adjustments=True),
            cll.ExactMatchLevel("father_key"),
            cll.JaroWinklerLevel("father_rom", 0.88),
            cll.ElseLevel(),
        ],
    )


def _birth_comparison(with_birth_dates: bool = False) -> cl.CustomComparison:
    """With full dates of birth in the case, a pair that has both is judged on those alone."""
    null = cll.NullLevel("birth_year_est")
    if with_birth_dates:
        null = cll.Or(null, cll.CustomLevel("date_of_birth_l IS NOT NULL AND date_of_birth_r IS NOT NULL")).configure(
            is_null_level=True, label_for_charts="no year of birth, or both have a full date of birth")
    return cl.CustomComparison(
        output_column_name="birth_year",
        comparison_description="year of birth (given, or event year minus age); ±5 covers age heaping",
        comparison_levels=[
            null,
            cll.ExactMatchLevel("birth_year_est"),
            cll.AbsoluteDifferenceLevel("birth_year_est", 1),
            cll.AbsoluteDifferenceLevel("birth_year_est", 2),
            cll.AbsoluteDifferenceLevel("birth_year_est", 5),
            cll.ElseLevel(),
        ],
    )


def _date_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="event_date",
        comparison_description="date of death (or of arrest), tolerance in days",
        comparison_levels=[
            cll.NullLevel("event_date"),
            cll.ExactMatchLevel("event_date"),
            cll.AbsoluteDateDifferenceLevel("event_date", input_is_string=False, threshold=2, metric="day"),
            cll.AbsoluteDateDifferenceLevel("event_date", input_is_string=False, threshold=7, metric="day"),
            cll.AbsoluteDateDifferenceLevel("event_date", input_is_string=False, threshold=31, metric="day"),
            cll.ElseLevel(),
        ],
    )


def _place_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="place",
        comparison_description="place through the gazetteer: same city, else same province",
        comparison_levels=[
            cll.And(cll.NullLevel("city"), cll.NullLevel("province_code")),
            cll.ExactMatchLevel("city"),
            cll.ExactMatchLevel("province_code"),
            cll.ElseLevel(),
        ],
    )


def _national_id_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="national_id",
        comparison_description="national identity number: the same, one digit wrong or two swapped, else",
        comparison_levels=[
            cll.NullLevel("national_id"),
            cll.ExactMatchLevel("national_id"),
            cll.DamerauLevenshteinLevel("national_id", 1),
            cll.ElseLevel(),
        ],
    )


def _birth_date_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="date_of_birth",
        comparison_description="full date of birth: the same, one digit apart as written, within a year, else",
        comparison_levels=[
            cll.NullLevel("date_of_birth"),
            cll.ExactMatchLevel("date_of_birth"),
            cll.DamerauLevenshteinLevel("date_of_birth", 1).configure(label_for_charts="one digit apart as written"),
            cll.AbsoluteDateDifferenceLevel("date_of_birth", input_is_string=True, threshold=366, metric="day"),
            cll.ElseLevel(),
        ],
    )


def _address_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="address",
        comparison_description="exact address (folded): the same, Jaro–Winkler ≥ 0.92, ≥ 0.8, else",
        comparison_levels=[
            cll.NullLevel("address_form"),
            cll.ExactMatchLevel("address_form", term_frequency_adjustments=True),
            cll.JaroWinklerLevel("address_form", 0.92),
            cll.JaroWinklerLevel("address_form", 0.8),
            cll.ElseLevel(),
        ],
    )


@dataclass(frozen=True)
class OptionalColumn:
    """A column compared only when some record has it: its comparison, its blocking (and EM)
    passes, and rules sure enough to help estimate the prior."""

    comparison: Callable[[], cl.CustomComparison]
    blocks: tuple = ()
    sure: tuple = ()


OPTIONAL = {
    "national_id": OptionalColumn(_national_id_comparison, (block_on("national_id"),), (block_on("national_id"),)),
    "date_of_birth": OptionalColumn(_birth_date_comparison, (block_on("date_of_birth"),),
                                    (block_on("sorted_rom", "date_of_birth"),)),
    "address_form": OptionalColumn(_address_comparison),
}


def _optional_blocks(optional: tuple[str, ...]) -> list:
    return [rule for column in optional for rule in OPTIONAL[column].blocks]


def optional_columns(frame: pd.DataFrame) -> tuple[str, ...]:
    """The optional columns some record has: only those are compared."""
    return tuple(c for c in OPTIONAL if c in frame.columns and frame[c].notna().any())


def blocking_rules(optional: tuple[str, ...] = (), blocking: tuple[tuple[str, ...], ...] | None = None) -> list:
    """The rules whose pairs are compared: a true pair no rule covers is never linked.

    ``blocking`` (case.toml's ``[link] blocking``: each rule a list of columns or SQL
    expressions) replaces :data:`BLOCKING_RULES`; the optional columns' rules stay."""
    rules = [block_on(*keys) for keys in blocking] if blocking else BLOCKING_RULES
    return rules + _optional_blocks(optional)


def settings(optional: tuple[str, ...] = (), blocking: tuple[tuple[str, ...], ...] | None = None) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            _native_name_comparison(),
            _latin_name_comparison(),
            _father_comparison(),
            _birth_comparison(with_birth_dates="date_of_birth" in optional),
            _date_comparison(),
            _place_comparison(),
            cl.ExactMatch("sex"),
            *(OPTIONAL[c].comparison() for c in optional),
        ],
        blocking_rules_to_generate_predictions=blocking_rules(optional, blocking),
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=True,
        max_iterations=20,
    )


def describe() -> str:
    return (
        "Records are compared pairwise (Fellegi–Sunter model, trained without labels by expectation "
        "maximisation in Splink) on: names in Persian script and in a canonical Latin matching form "
        "(with term-frequency adjustment, so a common name counts for less than a rare one, and with "
        "given/family order swaps), father's name, year of birth (±1, ±2, ±5 years for age heaping), "
        "date of death or arrest (0, 2, 7, 31 days), place (city, else province), sex and, where lists "
        "give them, national identity number, full date of birth and address. Only pairs that "
        f"share a blocking key are compared ({len(BLOCKING_RULES)} blocking passes)."
    )


@dataclass
class Scored:
    pairs: pd.DataFrame
    model_json: dict
    warnings: list[str]


def db_api(backend: str, spark=None):
    if backend == "duckdb":
        from splink import DuckDBAPI

        return DuckDBAPI()
    if backend == "spark":
        from splink import SparkAPI

        if spark is None:
            from sabt.link.spark import local_session

            spark = local_session()
        return SparkAPI(spark_session=spark)
    raise ValueError(f"unknown linkage backend {backend!r} (duckdb or spark)")


def _fetch_pairs(api, predictions, backend: str) -> pd.DataFrame:
    """Only the ids, the probability and the per-comparison weights: at a million records the
    full prediction table (every compared value, both sides) would not fit in memory."""
    columns = [c.name for c in predictions.columns]
    columns = [c.strip('"') for c in columns]
    keep = ["unique_id_l", "unique_id_r", "match_probability", "match_weight"] + [
        c for c in columns if c.startswith("mw_")]
    if backend == "duckdb":
        listed = ", ".join(f'"{c}"' for c in keep)
        return api.duckdb_con.sql(f"select {listed} from {predictions.physical_name}").df()
    return api.spark.table(predictions.physical_name).select(*keep).toPandas()


def _pairs_in_block(frame: pd.DataFrame, columns: tuple[str, ...]) -> int:
    sizes = frame.dropna(subset=list(columns)).groupby(list(columns), sort=False).size()
    return int((sizes * (sizes - 1) // 2).sum())


def training_blocks(frame: pd.DataFrame) -> list:
    """Each of TRAINING_PASSES' blocks that this case fills enough to train on."""
    chosen = []
    for alternatives in TRAINING_PASSES:
        columns = next((c for c in alternatives if _pairs_in_block(frame, c) >= MIN_EM_PAIRS), alternatives[-1])
        chosen.append(block_on(*columns))
    return chosen


def score(frame: pd.DataFrame, backend: str = LinkOptions.backend, seed: int = LinkOptions.seed, labels: pd.DataFrame | None = None,
          spark=None, progress=None, blocking: tuple[tuple[str, ...], ...] | None = None) -> Scored:
    """Train the model on the records and score every blocked pair above PREDICT_THRESHOLD."""
    from splink import Linker

    from sabt.link import _splink_compat

    _splink_compat.apply()
    logging.getLogger("splink").setLevel(logging.ERROR)
    api = db_api(backend, spark)
    if backend == "spark":
        table = api.spark.createDataFrame(frame.astype(object).where(frame.notna(), None))
        data = api.register(table)
    else:
        data = api.register(frame)
    optional = optional_columns(frame)
    linker = Linker(data, settings(optional, blocking), log_level=logging.ERROR)
    warnings: list[str] = []
    passes = training_blocks(frame) + _optional_blocks(optional)
    step = lambda i: progress and progress("train", i, 3 + len(passes))  # noqa: E731
    try:
        linker.training.estimate_probability_two_random_records_match(
            [block_on("sorted_rom", "event_date"), block_on("native_key", "event_date"),
             *(r for c in optional for r in OPTIONAL[c].sure)], recall=0.7
        )
        estimated = linker._settings_obj._probability_two_random_records_match
    except (ValueError, ZeroDivisionError):
        estimated = 0
    if not 0 < estimated < 1:
        linker._settings_obj._probability_two_random_records_match = 1 / max(len(frame), 2)
        warnings.append("too few sure matches to estimate how often two records match; assumed 1 in "
                        f"{max(len(frame), 2):,}")
    step(1)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    step(2)
    prior = linker._settings_obj._probability_two_random_records_match
    for i, rule in enumerate(passes, start=3):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(rule, max_pairs=EM_MAX_PAIRS)
        except Exception as error:  # Splink refuses a pass with too few pairs; the other passes train
            warnings.append(f"training pass {i - 2} was skipped: {str(error).splitlines()[0][:160]}")
        # a pass blocked on one exact column (national id) writes its in-block match rate over the
        # prior (Splink 5.0): the prior stays the one estimated from the sure rules
        linker._settings_obj._probability_two_random_records_match = prior
        step(i)
    if labels is not None and len(labels) >= 10:
        labels_table = api.register(labels)
        linker.training.estimate_m_from_pairwise_labels(labels_table)
    step(3 + len(passes))
    model_json = allow_field_errors(cap_unrelated_persian_names(linker.misc.save_model_to_json()))
    linker = Linker(data, model_json, log_level=logging.ERROR)
    if progress:  # blocking and scoring are one Splink query: under way, then the pairs it found
        progress("block and score pairs", 0, None)
    predictions = linker.inference.predict(threshold_match_probability=PREDICT_THRESHOLD)
    pairs = _fetch_pairs(api, predictions, backend)
    if progress:
        progress("block and score pairs", len(pairs), len(pairs))
    return Scored(pairs=pairs, model_json=model_json, warnings=warnings)


def cap_unrelated_persian_names(model_json: dict) -> dict:
    """The Persian-script name comparison's "else" level (names unrelated) gets at most the m the
    Latin comparison's has, and what is freed goes to the Persian comparison's own levels (same
    or nearly the same in Persian script), in proportion.

    Few pairs are in Persian script on both sides, and in the EM passes that leave names free
    their matches are few among namesakes by circumstance (same father's name, year, date and
    city): EM gave "names unrelated" an m of 0.25 at 100,000 simulated records and 0.42 at a
    million, against 0.0008 in the simulated truth (where 98.5 % of such matches are in the
    Persian comparison's own levels), and linked such people. The Latin comparison, trained
    on many more pairs, kept it at about 0.01.
    """
    comparisons = {c["output_column_name"]: c for c in model_json["comparisons"]}
    if "name" not in comparisons or "name_persian" not in comparisons:
        return model_json
    latin_levels = comparisons["name"]["comparison_levels"]
    latin_else, shared = latin_levels[-1].get("m_probability"), {level.get("label_for_charts") for level in latin_levels}
    levels = comparisons["name_persian"]["comparison_levels"]
    persian_else = levels[-1]
    own = [level for level in levels[:-1] if not level.get("is_null_level")
           and level.get("m_probability") is not None and level.get("label_for_charts") not in shared]
    total = sum(level["m_probability"] for level in own)
    if latin_else is None or persian_else.get("m_probability") is None or total <= 0:
        return model_json
    freed = persian_else["m_probability"] - latin_else
    if freed <= 0:
        return model_json
    persian_else["m_probability"] = latin_else
    for level in own:
        level["m_probability"] += freed * level["m_probability"] / total
    return model_json


def allow_field_errors(model_json: dict, rate: float = FIELD_ERROR_RATE) -> dict:
    """Each trained level's m becomes (1 - rate)·m + rate·u: see FIELD_ERROR_RATE."""
    for comparison in model_json["comparisons"]:
        for level in comparison["comparison_levels"]:
            m, u = level.get("m_probability"), level.get("u_probability")
            if m is not None and u is not None and not level.get("is_null_level"):
                level["m_probability"] = (1 - rate) * m + rate * u
    return model_json
