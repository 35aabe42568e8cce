"""Generate the labelled name pairs: tests/data/name_pairs.csv and names_pairs_heldout.csv.

    python tests/data/names_make_pairs.py            # writes both files

The held-out file was generated *first*, before any rule of sabt.names was tuned, from a
different seed, a different third of the lexicon (crc32 of the canonical spelling mod 3 == 0)
and its own out-of-lexicon surnames (names_oov_heldout.csv); the development file uses the
other two thirds and names_oov_dev.csv. Labels come from the generator (two renderings of one
synthetic person are the same; two persons are not); see names_LABELLING.md.
"""

from __future__ import annotations

import csv
import random
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))

from sabt.simulate._names import NameBank
from sabt.simulate._spelling import Habit, Part, typo, write_latin, write_persian

GIVEN_CONFUSABLE = [
    ["Mohammad", "Mahmoud", "Ahmad", "Hamid", "Hamed", "Mohsen"], ["Hassan", "Hossein"],
    ["Mehdi", "Hadi"], ["Amir", "Amin", "Iman"], ["Majid", "Hamid", "Vahid", "Navid", "Omid"],
    ["Saeed", "Sajjad", "Saleh"], ["Karim", "Rahim", "Kazem"], ["Akbar", "Asghar"],
    ["Javad", "Jafar", "Jalal"], ["Fatemeh", "Farideh"], ["Zahra", "Zohreh"],
    ["Maryam", "Marzieh"], ["Masoumeh", "Mahboubeh"], ["Mina", "Mitra", "Nima"],
    ["Mahsa", "Mahnaz", "Mahin"], ["Nasrin", "Parvin"], ["Reza", "Razieh"], ["Ali", "Akram"],
]
FAMILY_CONFUSABLE = [
    ["Karimi", "Kazemi", "Rahimi", "Hashemi"], ["Ahmadi", "Ahmadian", "Mohammadi", "Hamidi", "Mahmoudi"],
    ["Hosseini", "Hosseinzadeh", "Hosseinpour"], ["Rezaei", "Razavi"], ["Jafari", "Safari", "Jalali"],
    ["Amini", "Azimi", "Azizi"], ["Nouri", "Norouzi"], ["Sadeghi", "Sadeghzadeh"],
    ["Alizadeh", "Alipour", "Alinejad"], ["Hassanzadeh", "Hassanpour"], ["Mousavi", "Mostafavi"],
    ["Akbari", "Asgari"], ["Kamali", "Jamali"], ["Ghasemi", "Hashemi"], ["Moradi", "Naderi"],
]
HABITS = [
    Habit(listed_variant=0.5, generic=0.2, compound="joined"),
    Habit(listed_variant=0.3, generic=0.5, compound="space"),
    Habit(listed_variant=0.6, generic=0.4, compound="hyphen"),
    Habit(listed_variant=0.2, generic=0.2, compound="mixed", upper=True),
]
SCRIPT_PAIRS = ["fa-la", "fa-la", "fa-la", "la-la", "la-la", "fa-fa", "ar-la", "ar-fa"]


def third(latin: str) -> int:
    return zlib.crc32(latin.encode()) % 3


def read_oov(path: Path) -> list[tuple[str, str]]:
    rows = [ln for ln in path.read_text("utf-8").splitlines() if ln and not ln.startswith("#")]
    return [(r["persian"], r["latin"]) for r in csv.DictReader(rows)]


class Generator:
    def __init__(self, seed: int, heldout: bool, oov: list[tuple[str, str]]):
        self.rng = random.Random(seed)
        keep = (lambda e: third(e.latin) == 0) if heldout else (lambda e: third(e.latin) != 0)
        self.keep = keep
        self.bank = NameBank.dense(skew=1.0, keep=keep, extra_surnames=oov, rare_share=0.15,
                             leader_weights=None)

    def part(self, latin: str) -> Part | None:
        entry = self.bank.by_latin.get(latin)
        if entry is None:
            return None
        from sabt.simulate._names import _entry_part

        return _entry_part(entry, entry.kind)

    def person(self):
        sex = self.rng.choice("mmf")
        title = sex == "m" and self.rng.random() < 0.08
        return sex, self.bank.given_name(sex, self.rng), self.bank.family_name(self.rng), title

    def render(self, person, script: str, swap: bool = False, title: bool = True) -> str:
        _sex, given, family, has_title = person
        rng = self.rng
        entry = self.bank.by_latin.get(given.latin[0])
        if entry is not None and entry.sex == "f":
            has_title = False  # Seyed is written before men's names only
        if script == "la":
            habit = rng.choice(HABITS)
            g, f = write_latin(given, habit, rng), write_latin(family, habit, rng)
            t = rng.choice(["Seyed", "Sayyed", "Seyyed"]) if has_title and title else ""
            if habit.upper:
                t = t.upper()
        else:
            arabic = 1.0 if script == "ar" else 0.05
            g, f = write_persian(given, rng, arabic), write_persian(family, rng, arabic)
            t = "سید" if has_title and title else ""
        g = f"{t} {g}".strip()
        if swap:
            return f"{f}, {g}" if script == "la" and rng.random() < 0.5 else f"{f} {g}"
        return f"{g} {f}"

    def positive(self) -> tuple[str, str, str]:
        rng = self.rng
        person = self.person()
        sa, sb = rng.choice(SCRIPT_PAIRS).split("-")
        kinds = ["spelling"]
        swap = rng.random() < 0.15
        drop_title = person[3] and rng.random() < 0.5
        a = self.render(person, sa)
        b = self.render(person, sb, swap=swap, title=not drop_title)
        if swap:
            kinds.append("swap")
        if drop_title:
            kinds.append("title")
        if len(person[1].latin) > 1 or len(person[2].latin) > 1:
            kinds.append("compound")
        if rng.random() < 0.25:
            b = typo(b, rng)
            kinds.append("typo")
        return a, b, f"{sa}-{sb}:" + "+".join(kinds)

    def _confusable(self, groups) -> tuple[Part, Part] | None:
        usable = [[n for n in g if self.part(n) and self.keep(self.bank.by_latin[n])] for g in groups]
        usable = [g for g in usable if len(g) >= 2]
        if not usable:
            return None
        x, y = self.rng.sample(self.rng.choice(usable), 2)
        return self.part(x), self.part(y)

    def negative(self) -> tuple[str, str, str]:
        rng = self.rng
        sa, sb = rng.choice(SCRIPT_PAIRS).split("-")
        p = self.person()
        kind = rng.choice(["random", "same_family", "same_family", "same_given", "same_given", "both_close"])
        sex, given, family, title = p
        hard = ""
        if kind == "random":
            q = self.person()
        elif kind == "same_family":
            pair = self._confusable(GIVEN_CONFUSABLE) if rng.random() < 0.7 else None
            if pair:
                given, other = pair
                hard = "-confusable"
            else:
                other = self.bank.given_name(sex, rng)
                while other.canonical == given.canonical:
                    other = self.bank.given_name(sex, rng)
            p = (sex, given, family, title)
            q = (sex, other, family, title)
        elif kind == "same_given":
            pair = self._confusable(FAMILY_CONFUSABLE) if rng.random() < 0.7 else None
            if pair:
                family, other = pair
                hard = "-confusable"
            else:
                other = self.bank.family_name(rng)
                while other.canonical == family.canonical:
                    other = self.bank.family_name(rng)
            p = (sex, given, family, title)
            q = (sex, given, other, title)
        else:
            g = self._confusable(GIVEN_CONFUSABLE)
            f = self._confusable(FAMILY_CONFUSABLE)
            if not g or not f:
                return self.negative()
            p = (sex, g[0], f[0], title)
            q = (sex, g[1], f[1], title)
        a = self.render(p, sa)
        b = self.render(q, sb, swap=rng.random() < 0.1)
        if rng.random() < 0.15:
            b = typo(b, rng)
            hard += "+typo"
        return a, b, f"{sa}-{sb}:neg-{kind}{hard}"

    def pairs(self, n: int, positive_share: float = 0.55):
        out = []
        for _ in range(n):
            if self.rng.random() < positive_share:
                a, b, kind = self.positive()
                out.append((a, b, 1, kind))
            else:
                a, b, kind = self.negative()
                out.append((a, b, 0, kind))
        return out


def write(path: Path, rows, header_note: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(f"# {header_note}\n")
        w = csv.writer(fh)
        w.writerow(["name_a", "name_b", "same", "kind"])
        w.writerows(rows)


def main() -> None:
    heldout = Generator(90210, True, read_oov(HERE / "names_oov_heldout.csv")).pairs(300)
    write(HERE / "names_pairs_heldout.csv", heldout,
          "held-out synthetic name pairs (seed 90210, lexicon third 0, names_oov_heldout.csv); "
          "made by tests/data/names_make_pairs.py before tuning; do not tune on this file")
    dev = Generator(7, False, read_oov(HERE / "names_oov_dev.csv")).pairs(600)
    write(HERE / "name_pairs.csv", dev,
          "development synthetic name pairs (seed 7, lexicon thirds 1-2, names_oov_dev.csv); "
          "made by tests/data/names_make_pairs.py")


if __name__ == "__main__":
    main()
