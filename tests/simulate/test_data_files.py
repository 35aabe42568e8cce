"""Invariants of simulate's data files (hand-kept tables with provenance lines)."""

import csv
from pathlib import Path

from sabt.names import analyse_name, detect_script
from sabt.simulate import simulate_lists
from sabt.simulate._generate import _table

ROOT = Path(__file__).resolve().parents[2]


def _read(path):
    lines = [ln for ln in path.read_text("utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines))


def test_provinces_match_the_places_crosswalk():
    ours = {p["code"]: (p["name"], p["name_fa"]) for p in _table("provinces.csv")}
    places = {p["iso_code"]: (p["name_en"], p["name_fa"])
              for p in _read(ROOT / "src/sabt/places/data/provinces.csv")}
    assert len(ours) == 31
    assert ours == places


def test_cities_table():
    cities = _table("cities.csv")
    codes = {p["code"] for p in _table("provinces.csv")}
    assert 40 <= len(cities) <= 50
    assert len({c["city"] for c in cities}) == len(cities)
    assert all(c["province"] in codes for c in cities)
    assert all(detect_script(c["city_fa"]) == "persian" for c in cities)
    brief = {"Tehran": "IR-23", "Mashhad": "IR-09", "Esfahan": "IR-10", "Shiraz": "IR-07",
             "Tabriz": "IR-03", "Ahvaz": "IR-06", "Kermanshah": "IR-05", "Karaj": "IR-30",
             "Rasht": "IR-01", "Zahedan": "IR-11", "Ilam": "IR-16", "Sanandaj": "IR-12"}
    table = {c["city"]: c["province"] for c in cities}
    assert all(table[city] == code for city, code in brief.items())


def test_rare_surnames_are_outside_the_name_lexicon():
    for row in _table("rare_surnames.csv"):
        token = analyse_name(row["persian"])[0]
        assert not (token.known and len(token.parts) == 1), row


def test_degenerate_sizes():
    truth, lists = simulate_lists(0, seed=1)
    assert len(truth) == 0 and all(len(f) == 0 for f in lists.values())
    truth, lists = simulate_lists(50, n_lists=1, seed=1)
    assert list(lists) == ["setareh"]
