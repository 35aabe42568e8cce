"""Generate a synthetic victim population and the lists organisations would make of it.

The population: Persian given, family and father's names with skewed frequencies
(:mod:`sabt.simulate._names`), sex (mostly men, as in the protest deaths reported), age peaked
in the twenties with heaping at multiples of 5, date of death between 2025-12-28 and
2026-01-31 concentrated on 8–9 January, and a city from ``data/cities.csv`` with its
province's ISO 3166-2 code.

The lists: each organisation (:class:`ListSpec`) records a person with a probability that
depends on province and age (heterogeneous capture) and, for a list that copies from another,
on whether that list recorded them (list dependence). Each row is written in the list's own
style and corrupted per :class:`Corruption`; some people are recorded twice in one list.

Everything is drawn from one ``random.Random(seed)``: the same seed and settings give the same
output, byte for byte.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources

import jdatetime
import pandas as pd

from sabt.simulate._model import Corruption, ListSpec, default_lists
from sabt.simulate._names import NameBank, _Weighted
from sabt.simulate._spelling import Part, typo, write_latin, write_persian

LIST_COLUMNS = ["id", "name", "given_name", "family_name", "father_name", "age", "sex",
                "date_of_death", "city", "province"]
FIRST_DAY, LAST_DAY = date(2025, 12, 28), date(2026, 1, 31)
PEAK_DAYS = (date(2026, 1, 8), date(2026, 1, 9))
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def _table(name: str) -> list[dict[str, str]]:
    text = resources.files("sabt.simulate").joinpath(f"data/{name}").read_text("utf-8")
    return list(csv.DictReader(ln for ln in text.splitlines() if ln and not ln.startswith("#")))


@dataclass
class Person:
    pid: str
    sex: str
    given: Part
    family: Part
    father: Part
    title: bool
    age: int
    died: date
    city: dict[str, str]


class _Population:
    def __init__(self, rng: random.Random, names: NameBank | None = None):
        self.rng = rng
        self.names = names or NameBank()
        cities = _table("cities.csv")
        self.cities = _Weighted(cities, [float(c["weight"]) for c in cities])
        self.provinces = {p["code"]: p for p in _table("provinces.csv")}
        days = [FIRST_DAY + timedelta(d) for d in range((LAST_DAY - FIRST_DAY).days + 1)]
        weights = [30.0 if d in PEAK_DAYS else (4.0 if abs((d - PEAK_DAYS[0]).days) <= 3 else 1.0)
                   for d in days]
        self.days = _Weighted(days, weights)

    def age(self) -> int:
        rng = self.rng
        u = rng.random()
        if u < 0.07:
            age = rng.randint(8, 17)
        elif u < 0.85:
            age = int(rng.gauss(27, 6))
        else:
            age = rng.randint(40, 78)
        age = max(8, min(age, 85))
        if rng.random() < 0.12:  # families and witnesses give round ages
            age = max(5, 5 * round(age / 5))
        return age

    def person(self, index: int) -> Person:
        rng = self.rng
        sex = "m" if rng.random() < 0.88 else "f"
        return Person(
            pid=f"P{index:06d}",
            sex=sex,
            given=self.names.given_name(sex, rng),
            family=self.names.family_name(rng),
            father=self.names.given_name("m", rng),
            title=sex == "m" and rng.random() < 0.06,
            age=self.age(),
            died=self.days.draw(rng),
            city=self.cities.draw(rng),
        )


def _solar(d: date, persian_digits: bool) -> str:
    j = jdatetime.date.fromgregorian(date=d)
    text = f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
    return text.translate(PERSIAN_DIGITS) if persian_digits else text


class _Writer:
    """Writes one row of one list for one person, with the list's corruption."""

    def __init__(self, spec: ListSpec, rng: random.Random, provinces: dict[str, dict[str, str]]):
        self.spec, self.rng, self.provinces = spec, rng, provinces
        self.c: Corruption = spec.corruption
        self.upper_codes = spec.habit.upper
        """Lists that write in capitals also give provinces as ISO codes."""

    def row(self, person: Person) -> dict[str, str]:
        spec, rng, c = self.spec, self.rng, self.c
        persian = spec.style == "persian" or (spec.style == "mixed" and rng.random() < 0.5)
        if persian:
            given = write_persian(person.given, rng)
            family = write_persian(person.family, rng)
            father = write_persian(person.father, rng)
            if person.title and rng.random() < 0.6:
                given = "سید " + given
        else:
            habit = spec.habit
            given = write_latin(person.given, habit, rng)
            family = write_latin(person.family, habit, rng)
            father = write_latin(person.father, habit, rng)
            if person.title and rng.random() < 0.6:
                title = rng.choice(["Seyed", "Sayyed", "Seyyed"])
                given = f"{title.upper() if habit.upper else title} {given}"
        if rng.random() < c.typo:
            if rng.random() < 0.5:
                given = typo(given, rng)
            else:
                family = typo(family, rng)
        if rng.random() < c.missing_father:
            father = ""
        name = f"{given} {family}"
        if rng.random() < c.name_swap:
            given, family = family, given
            name = f"{given} {family}"
        # age
        age: int | None = person.age
        u = rng.random()
        if u < c.age_off_by_one:
            age = person.age + rng.choice((-1, 1))
        elif u < c.age_off_by_one + c.age_heaped:
            age = max(5, 5 * round(person.age / 5))
        elif u < c.age_off_by_one + c.age_heaped + c.age_missing:
            age = None
        # date
        died: date | None = person.died
        u = rng.random()
        if u < c.date_shift:
            died = person.died + timedelta(days=rng.choice((-2, -1, 1, 2)))
        elif u < c.date_shift + c.date_missing:
            died = None
        sex = person.sex if rng.random() >= c.sex_missing else ""
        # place
        province = self.provinces[person.city["province"]]
        city = person.city["city_fa"] if persian else person.city["city"]
        if not persian and person.city["variants"] and rng.random() < 0.2:
            city = rng.choice(person.city["variants"].split("|"))
        u = rng.random()
        if u < c.city_misspelled:
            city = typo(city, rng)
        elif u < c.city_misspelled + c.city_as_province:
            city = province["name_fa"] if persian else province["name"]
        return {
            "name": name,
            "given_name": given,
            "family_name": family,
            "father_name": father,
            "age": self._age(age, persian),
            "sex": self._sex(sex, persian),
            "date_of_death": self._date(died, persian),
            "city": city,
            "province": self._province(province, persian),
        }

    def _age(self, age: int | None, persian: bool) -> str:
        if age is None:
            return ""
        return str(age).translate(PERSIAN_DIGITS) if self.spec.style == "persian" else str(age)

    def _sex(self, sex: str, persian: bool) -> str:
        if not sex:
            return ""
        if persian:
            return {"m": "مرد", "f": "زن"}[sex]
        return {"latin": {"m": "M", "f": "F"}, "mixed": {"m": "male", "f": "female"}}.get(
            self.spec.style, {"m": "M", "f": "F"})[sex]

    def _date(self, died: date | None, persian: bool) -> str:
        if died is None:
            return ""
        if persian:
            return _solar(died, persian_digits=self.spec.style == "persian")
        return died.isoformat()

    def _province(self, province: dict[str, str], persian: bool) -> str:
        if persian:
            return province["name_fa"]
        return province["code"] if self.upper_codes else province["name"]


def simulate_lists(
    n_people: int,
    n_lists: int = 4,
    seed: int = 0,
    *,
    specs: list[ListSpec] | None = None,
    corruption: Corruption | None = None,
    names: NameBank | None = None,
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """A synthetic population of ``n_people`` victims and ``n_lists`` lists of them.

    Returns ``(truth, lists)``. ``truth`` has one row per person (captured or not) with the
    true values (canonical Latin and Persian names, sex, age, ISO date of death, city, province
    code), ``n_records`` and, per list, ``ids_<slug>``: the ids of that list's rows that are
    this person (``;``-separated; two ids mean a within-list duplicate). ``lists`` maps each
    list's slug to its rows, with the columns sabt imports (``LIST_COLUMNS``) and no hidden
    person id. ``specs`` overrides the organisations (:func:`default_lists`); ``corruption``
    replaces every list's corruption settings; ``names`` the name bank (``NameBank.dense()`` for
    few, frequent surnames).

    >>> truth, lists = simulate_lists(200, seed=1)
    >>> sorted(lists)
    ['kooh', 'parvaz', 'sahel', 'setareh']
    """
    if n_people < 0:
        raise ValueError("n_people must be zero or more")
    rng = random.Random(seed)
    specs = list(specs) if specs is not None else default_lists(n_lists)
    if corruption is not None:
        specs = [ListSpec(**{**s.__dict__, "corruption": corruption}) for s in specs]
    population = _Population(rng, names)
    people = [population.person(i + 1) for i in range(n_people)]

    captured: dict[str, list[Person]] = {}
    for spec in specs:  # parents first: a dependent list looks up its parent's captures
        parent = {p.pid for p in captured.get(spec.depends_on or "", [])}
        captured[spec.slug] = [
            p for p in people
            if rng.random() < spec.capture_probability(p.city["province"], p.age, p.pid in parent)
        ]

    ids: dict[str, dict[str, list[str]]] = {s.slug: {} for s in specs}
    lists: dict[str, pd.DataFrame] = {}
    for spec in specs:
        writer = _Writer(spec, rng, population.provinces)
        rows: list[tuple[str, dict[str, str]]] = []
        for person in captured[spec.slug]:
            rows.append((person.pid, writer.row(person)))
            if rng.random() < spec.corruption.duplicate:
                rows.append((person.pid, writer.row(person)))
        rng.shuffle(rows)
        records = []
        for n, (pid, row) in enumerate(rows, start=1):
            row_id = f"{spec.prefix}-{n:05d}"
            ids[spec.slug].setdefault(pid, []).append(row_id)
            records.append({"id": row_id, **row})
        lists[spec.slug] = pd.DataFrame(records, columns=LIST_COLUMNS)

    truth = pd.DataFrame(
        [
            {
                "true_person_id": p.pid,
                "given_name": p.given.canonical,
                "family_name": p.family.canonical,
                "father_name": p.father.canonical,
                "given_name_fa": write_persian(p.given, random.Random(0), 0.0, "joined"),
                "family_name_fa": write_persian(p.family, random.Random(0), 0.0, "zwnj"),
                "father_name_fa": write_persian(p.father, random.Random(0), 0.0, "joined"),
                "title": "Seyed" if p.title else "",
                "sex": p.sex,
                "age": p.age,
                "date_of_death": p.died.isoformat(),
                "city": p.city["city"],
                "city_fa": p.city["city_fa"],
                "province": p.city["province"],
                **{f"ids_{s.slug}": ";".join(ids[s.slug].get(p.pid, [])) for s in specs},
                "n_records": sum(len(ids[s.slug].get(p.pid, [])) for s in specs),
            }
            for p in people
        ]
    )
    truth.attrs["lists"] = {s.slug: s.name for s in specs}
    return truth, lists


def record_map(truth: pd.DataFrame) -> pd.DataFrame:
    """One row per list row: ``list``, ``id``, ``true_person_id`` (from ``truth``'s ids columns)."""
    rows = []
    for column in [c for c in truth.columns if c.startswith("ids_")]:
        slug = column[4:]
        for pid, joined in zip(truth["true_person_id"], truth[column]):
            for row_id in filter(None, str(joined).split(";")):
                rows.append({"list": slug, "id": row_id, "true_person_id": pid})
    return pd.DataFrame(rows, columns=["list", "id", "true_person_id"])
