"""The settings of a simulation: how lists capture people, and how they corrupt what they write.

All are frozen dataclasses with documented defaults, so a simulation is reproduced from its
seed plus these objects (``describe()`` gives the numbers in words for a report).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sabt.simulate._spelling import Habit


@dataclass(frozen=True)
class Corruption:
    """Per-row chances that a list writes something wrong (each applied independently).

    Rates are per list row; each row draws each kind once, so measured rates in a large list
    come close to these numbers (tests check that).
    """

    typo: float = 0.06
    """One keyboard-style edit (letter dropped, doubled, replaced, swapped) in the given or
    family name."""
    missing_father: float = 0.25
    """Father's name left empty."""
    age_off_by_one: float = 0.08
    """Age one year more or less (age at death vs age at last birthday)."""
    age_heaped: float = 0.06
    """Age rounded to the nearest multiple of 5 ("about 30")."""
    age_missing: float = 0.05
    date_shift: float = 0.10
    """Date of death one or two days off (date reported vs date of death)."""
    date_missing: float = 0.04
    name_swap: float = 0.04
    """Given and family name exchanged (columns and the full name)."""
    city_misspelled: float = 0.04
    """City name with a typo."""
    city_as_province: float = 0.05
    """City replaced by the province's name."""
    sex_missing: float = 0.03
    duplicate: float = 0.03
    """Chance a captured person appears a second time in the same list (written anew)."""

    def describe(self) -> str:
        return ", ".join(f"{k.replace('_', ' ')} {v:.0%}" for k, v in asdict(self).items())


@dataclass(frozen=True)
class ListSpec:
    """One fictional organisation's list: whom it reaches and how it writes."""

    name: str
    slug: str
    style: str
    """persian (Persian script, Solar Hijri dates in Persian digits), latin (transliteration,
    ISO dates) or mixed (rows in either script, Solar Hijri or ISO dates)."""
    coverage: float
    """Base chance of recording a victim."""
    province_factor: dict[str, float] = field(default_factory=dict)
    """Coverage multiplier by province ISO code (where the organisation has contacts)."""
    age_factor: tuple[tuple[int, int, float], ...] = ()
    """(min_age, max_age, multiplier): e.g. a list that misses children."""
    depends_on: str | None = None
    """Slug of a list this one partly copies from (positive list dependence)."""
    dependence: float = 1.0
    """Coverage multiplier for people the ``depends_on`` list recorded."""
    habit: Habit = field(default_factory=Habit)
    corruption: Corruption = field(default_factory=Corruption)
    prefix: str = "R"
    """Row id prefix."""

    def capture_probability(self, province: str, age: int, in_parent: bool) -> float:
        p = self.coverage * self.province_factor.get(province, 1.0)
        for lo, hi, factor in self.age_factor:
            if lo <= age <= hi:
                p *= factor
        if self.depends_on and in_parent:
            p *= self.dependence
        return min(p, 0.97)


KURDISH_WEST = {"IR-12": 2.0, "IR-05": 1.8, "IR-04": 1.6, "IR-16": 1.6}
CAPITAL = {"IR-23": 1.5, "IR-30": 1.4, "IR-10": 1.2}
SOUTH_EAST = {"IR-06": 1.8, "IR-11": 2.0, "IR-22": 1.5, "IR-07": 1.2}


def default_lists(n_lists: int = 4) -> list[ListSpec]:
    """Four (or more, cycling) fictional organisations with differing reach and habits."""
    base = [
        ListSpec(
            name="Setareh Documentation Collective", slug="setareh", style="persian",
            coverage=0.45, province_factor=CAPITAL, prefix="SDC",
            corruption=Corruption(missing_father=0.15),
        ),
        ListSpec(
            name="Kooh Human Rights Monitor", slug="kooh", style="latin", coverage=0.35,
            province_factor=KURDISH_WEST, age_factor=((0, 17, 0.5),), prefix="KHRM",
            habit=Habit(listed_variant=0.35, generic=0.25, compound="joined"),
            corruption=Corruption(missing_father=0.45, age_heaped=0.10),
        ),
        ListSpec(
            name="Parvaz Families Network", slug="parvaz", style="mixed", coverage=0.25,
            province_factor=SOUTH_EAST, age_factor=((0, 17, 1.6),), depends_on="setareh",
            dependence=1.8, prefix="PFN",
            habit=Habit(listed_variant=0.3, generic=0.4, compound="space"),
        ),
        ListSpec(
            name="Sahel Victims Registry", slug="sahel", style="latin", coverage=0.2,
            prefix="SVR", habit=Habit(listed_variant=0.5, generic=0.3, compound="hyphen", upper=True),
            corruption=Corruption(typo=0.1, date_shift=0.15, name_swap=0.08),
        ),
    ]
    out = []
    for i in range(n_lists):
        spec = base[i % len(base)]
        if i >= len(base):
            round_ = i // len(base) + 1
            spec = ListSpec(**{**spec.__dict__, "name": f"{spec.name} {round_}",
                               "slug": f"{spec.slug}{round_}", "prefix": f"{spec.prefix}{round_}",
                               "depends_on": None})
        out.append(spec)
    return out
