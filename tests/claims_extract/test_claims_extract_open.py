"""Rules issue 16 added from the dev part of the open real-reporting set (tests/data/claims_open):
one test per rule, on sentences shaped like the wire and government texts they came from
(paraphrased; the organisations are real, the sentences are not quotations), and the floor of
the frozen held-out part of that set."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pytest

from sabt.claims.extract import extract_claims

ROOT = Path(__file__).resolve().parents[2]


def claims(text, **kw):
    kw.setdefault("report_date", "2021-03-29")  # a Monday
    return extract_claims(text, **kw)


def one(text, value, **kw):
    found = [c for c in claims(text, **kw) if c.value_text == value]
    assert len(found) == 1, [(c.value_text, c.metric, c.attributed_to) for c in claims(text, **kw)]
    return found[0]


# --- who said it ---------------------------------------------------------------------------

@pytest.mark.parametrize("headline, named", [
    # a U.S.-based monitor is the organisation the next sentence names
    ("Rights monitor counts 400 dead", "Human Rights Activists News Agency, or HRANA, said the dead included 50 children."),
    # "in Iran, a … monitor says": the place before the speaker is not the speaker (nor a name in the headline)
    ("400 Killed Since Iran Protests Began", "HRANA gave the figure on Monday."),
])
def test_a_us_based_monitor_is_the_organisation_the_next_sentence_names(headline, named):
    text = (f"{headline}\n\nAfter three months of protests in Iran, a U.S.-based human rights monitor says 400 protesters "
            f"have been killed. {named}")
    body = [c for c in claims(text) if c.value_text == "400" and c.quote_start > 0]
    assert [c.attributed_to for c in body] == ["HRANA"]


def test_a_headline_credit_that_is_a_title_case_descriptor():
    text = ("Monitor: 400 Killed Since Protests Began\n\n"
            "A U.S.-based human rights monitor says 400 protesters have been killed. "
            "Human Rights Activists News Agency, or HRANA, said the dead included 50 children.")
    headline = [c for c in claims(text) if c.quote_start == 0]
    assert [(c.value_text, c.attributed_to) for c in headline] == [("400", "HRANA")]


def test_a_headline_speaker_in_title_case_is_the_body_organisation_it_describes():
    text = ("3 Protesters Killed at Rally in Sudan, Doctors Committee Says\n\n"
            "Three demonstrators were shot dead in the capital on Wednesday, according to a pro-democracy doctors’ group. "
            "The Central Doctors’ Committee said dozens of other protesters had gunshot wounds.")
    found = {c.value_text: c.attributed_to for c in claims(text, report_date="2021-11-17")}
    assert found == {"3": "CCSD", "Three": "CCSD", "dozens": "CCSD"}


def test_a_place_followed_by_according_to_is_not_the_speaker():
    c = one("Six of the deaths occurred in the main city, Yangon, according to AAPP.", "Six")
    assert c.attributed_to == "AAPP"


def test_the_group_is_the_whole_organisation_not_the_start_of_its_name():
    text = ("Security forces killed 12 people on Monday, according to the Assistance Association for Political Prisoners (AAPP). "
            "The group, which tracks the violence, said the total since the coup had reached at least 500.")
    assert one(text, "at least 500").attributed_to == "AAPP"


def test_according_to_a_report_an_organisation_released_is_the_organisation():
    c = one("According to the annual report UNAMA released in February, police killed a civilian and injured three others "
            "in September.", "three")
    assert c.attributed_to == "UNAMA"


def test_wire_agencies_are_organisations():
    c = one("Agence France Presse reported four other deaths in the Sagaing region.", "four")
    assert c.attributed_to == "AFP"


# --- when ----------------------------------------------------------------------------------

def test_a_headline_figure_takes_the_date_of_the_same_figure_in_the_body():
    text = ("12 Demonstrators Killed in Myanmar Protests\n\n"
            "Security forces killed 12 people on 29 March, according to AAPP.")
    headline = [c for c in claims(text) if c.quote_start == 0]
    assert [(c.period_start, c.period_end) for c in headline] == [(claims(text)[1].period_start,) * 2]
    assert str(headline[0].period_start) == "2021-03-29"


def test_a_bare_weekday_after_the_events_dates_the_events_in_the_week_of_the_report():
    c = one("Security forces killed 14 people Monday during demonstrations across the country, according to AAPP.", "14")
    assert (str(c.period_start), str(c.period_end), c.as_of) == ("2021-03-29", "2021-03-29", None)


def test_last_weekday_is_the_one_before_the_report():
    c = one("More than 20 people have been killed, including 18 people last Sunday, according to OHCHR.", "18",
            report_date="2021-03-03")
    assert (str(c.period_start), str(c.period_end)) == ("2021-02-28", "2021-02-28")


def test_a_weekday_of_a_statement_dates_the_tally():
    c = one("The group said Monday’s toll brings the total number of deaths since the February 1 coup to at least 510.",
            "at least 510")
    assert (str(c.as_of), str(c.period_start), c.period_end) == ("2021-03-29", "2021-02-01", None)


def test_said_with_a_bare_weekday_dates_the_statement():
    c = one("HRANA said Monday the dead included 70 children.", "70")
    assert (str(c.as_of), c.period_start) == ("2021-03-29", None)


def test_since_far_from_the_figure_is_not_its_period():
    c = one("Security forces killed 14 people on Monday during demonstrations in towns across the country following "
            "the deadliest weekend since the February coup.", "14")
    assert (str(c.period_start), str(c.period_end)) == ("2021-03-29", "2021-03-29")


def test_a_range_of_months_without_years_keeps_its_order():
    c = one("From January 1 to September 30, UNAMA reported 1,743 civilian deaths.", "1,743", report_date="2019-03-13")
    assert (str(c.period_start), str(c.period_end)) == ("2018-01-01", "2018-09-30")


# --- numbers -------------------------------------------------------------------------------

def test_a_change_from_one_count_to_another_is_two_counts():
    found = claims("The number of civilian deaths attributed to progovernment forces increased from 560 to 761, UNAMA said.")
    assert [(c.value_text, c.low, c.best, c.high, c.qualifier) for c in found] == [
        ("560", 560, 560, 560, "exact"), ("761", 761, 761, 761, "exact")]
    assert {c.attributed_to for c in found} == {"UNAMA"}


def test_a_range_after_from_without_a_change_is_still_a_range():
    c = one("From 20 to 30 protesters were detained in the city, the group said.", "From 20 to 30")
    assert (c.low, c.high, c.qualifier) == (20, 30, "range")


def test_month_day_without_a_year_takes_the_year_of_the_report():
    found = claims("Between 15 and 18 November, security forces killed at least 304 people. On Feb. 1 they arrested 40.",
                   report_date="2020-02-03")
    dated = {c.value_text: (str(c.period_start), str(c.period_end)) for c in found}
    assert dated == {"at least 304": ("2019-11-15", "2019-11-18"), "40": ("2020-02-01", "2020-02-01")}


def test_a_sentence_without_a_date_stands_as_of_the_document_date():
    c = one("At least 185 people, including 19 children, have been killed, Iran Human Rights said.", "At least 185",
            report_date="2022-10-08")
    assert (str(c.as_of), c.period_start, c.period_end, c.date_precision) == ("2022-10-08", None, None, "day")
    assert c.rules["dates"] == "the document's date (no date in the sentence)"


def test_without_a_document_date_an_undated_sentence_stays_undated():
    c = one("At least 185 people have been killed, Iran Human Rights said.", "At least 185", report_date=None)
    assert (c.as_of, c.period_start, c.period_end) == (None, None, None)


# --- lists by place ------------------------------------------------------------------------

def test_a_list_by_place_keeps_each_place_even_one_the_gazetteer_does_not_know():
    text = ('"The number of victims among demonstrators who died in clashes has reached 30 people, including eight people in '
            'Baghdad, nine people in Maysan, '
            'nine people in Dhi Qar, three in Basra and one in Al Muthanna," the commission wrote.')
    found = [(c.value_text, c.place) for c in claims(text)]
    assert found == [("30", None), ("eight", "Baghdad"), ("nine", "Maysan"), ("nine", "Dhi Qar"), ("three", "Basra"),
                     ("one", "Al Muthanna")]


def test_a_list_by_place_after_a_colon_keeps_the_metric_of_the_total():
    found = claims("The commission said 1,041 people were wounded: 400 in Baghdad, 300 in Basra and 341 in Dhi Qar.")
    assert [(c.value_text, c.metric, c.place) for c in found] == [
        ("1,041", "injured", None), ("400", "injured", "Baghdad"), ("300", "injured", "Basra"), ("341", "injured", "Dhi Qar")]


# --- the frozen held-out part of the open set ------------------------------------------------

def _benchmark():
    spec = importlib.util.spec_from_file_location("claims_benchmark", ROOT / "benchmarks" / "claims.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_held_out_labels_are_the_frozen_ones():
    # labelled before sabt ran (593bbde); changed once since, mechanically, for the stated-number
    # convention of values.py ("More than 20" keeps 20). Any other change spends the held-out part.
    digest = hashlib.sha256((ROOT / "tests/data/claims_open/gold-heldout.jsonl").read_bytes()).hexdigest()
    assert digest == "f13cd3f7ba6313f43c0584d4e140ff8d42978311b1c6a201fe90f38d0b304cba"


@pytest.mark.parametrize("field, floor", [("found_f1", 0.85), ("whole_claim_f1", 0.42), ("attribution", 0.42),
                                          ("metric", 0.85), ("value", 0.85)])
def test_held_out_floor_of_the_open_set(field, floor):
    # measured after issue 16's rules (whole-claim F1 0.571 = 4 of 7, attribution 0.571, metric 1.0,
    # value 1.0, figures found 1.0); the floor is one claim (0.14) below, 7 claims being few
    results, _, present, missing = _benchmark().measure_real(ROOT / "tests/data/claims_open")
    assert not missing and len(present) == 5
    assert results["heldout"][field] >= floor
