"""A second, independently written list simulator: a check on linkage no one tuned for.

``sabt.simulate.simulate_lists`` (the first simulator) was written beside the linker and the
linker was tuned on it. This one shares none of its code or name data. It starts from names
written in Persian script, each with one everyday romanisation, and builds every list from how
real lists of Iranian names differ (``docs/simulate.md``, "The second simulator"):

- each organisation writes one script — two in Persian (one file in Windows-1256 with Arabic
  ي and ك, one in UTF-16 with Persian digits and month names), two in Latin — and dates in its
  own calendar and format (Solar Hijri on the Persian lists);
- each Latin list has its own spelling habits: q or gh for ق/غ, dj or j, ou / oo / u, ee or i,
  kh written k, Seyed / Sayyed / Seyyed, compound surnames joined, hyphenated or spaced
  (Pour-Mohammadi, Hassan-Zadeh, Karim Nia);
- Persian typists confuse letters that sound alike (ط/ت, ح/ه, ص/س/ث, ذ/ز/ض/ظ, ق/غ) and write
  compounds joined, with a space or with a zero-width non-joiner;
- typos favour the first letters of a name (Qolamreza → Qlamreza), names are written in swapped
  order and misspelt in the same row, and fathers' names, ages and dates go missing;
- some people have a namesake: same given and family name, same age and city, killed a day
  apart — a pair no model can always tell apart.

Capture is heterogeneous (a per-person visibility, a per-province reach per organisation) and
two lists depend on each other. Everything is drawn from ``random.Random(seed)``.

The held-out seeds (:data:`HELD_OUT_SEEDS`) were fixed before any change to the linker was
measured on this simulator; report figures on them, and never tune the linker on them.
"""

from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import jdatetime
import pandas as pd

HELD_OUT_SEEDS = (20_101, 20_102)
"""Frozen before any tuning (issue 20): the draws linkage is reported on, never tuned on."""
DEV_SEEDS = (20_001, 20_002)
"""Draws for checking that this simulator runs and reads back; not for reporting."""

COLUMNS = ["id", "name", "given_name", "family_name", "father_name", "age", "sex", "date_of_death",
           "city", "province"]

# Everyday given names and surname stems: (Persian, one common romanisation). Synthetic
# combinations of common parts; no list of real people was used.
MEN = """محمد Mohammad|علی Ali|حسین Hossein|رضا Reza|مهدی Mehdi|امیر Amir|مصطفی Mostafa|غلام‌رضا Gholamreza|
خلیل Khalil|مجید Majid|حمید Hamid|سعید Saeed|جواد Javad|قاسم Ghasem|صادق Sadegh|طاهر Taher|
ذبیح‌الله Zabihollah|حسن Hassan|محسن Mohsen|کاظم Kazem|جعفر Jafar|اکبر Akbar|نادر Nader|کوروش Kourosh|
بهروز Behrouz|فرهاد Farhad|پویا Pouya|آرش Arash|سجاد Sajjad|صالح Saleh|یوسف Yousef|عبدالله Abdollah|
محمد‌رضا Mohammadreza|امیر‌حسین Amirhossein|ابوالفضل Abolfazl|حبیب Habib|ناصر Naser|خسرو Khosrow|
قربان Ghorban|رحیم Rahim|کریم Karim|طاها Taha|صابر Saber|حامد Hamed|وحید Vahid|مرتضی Morteza|
جمشید Jamshid|داوود Davoud|روح‌الله Rouhollah|نوید Navid|حجت Hojjat|میلاد Milad|رسول Rasoul|
غلام‌حسین Gholamhossein|اصغر Asghar|منوچهر Manouchehr|شهاب Shahab|صمد Samad|ایرج Iraj|بابک Babak"""
WOMEN = """فاطمه Fatemeh|زهرا Zahra|مریم Maryam|سارا Sara|نرگس Narges|طاهره Tahereh|صدیقه Sedigheh|
غزاله Ghazaleh|کوثر Kowsar|لیلا Leila|شیرین Shirin|پریسا Parisa|الهام Elham|سمیه Somayeh|
معصومه Masoumeh|خدیجه Khadijeh|ریحانه Reyhaneh|نسرین Nasrin|حوریه Hourieh|ثریا Soraya"""
STEMS = """محمد Mohammad|احمد Ahmad|علی Ali|حسن Hassan|کریم Karim|رحیم Rahim|طاهر Taher|صادق Sadegh|
قاسم Ghasem|جعفر Jafar|عباس Abbas|نور Nour|حیدر Heydar|رضا Reza|صالح Saleh|غلام Gholam|کاظم Kazem|
حسین Hossein|اسماعیل Esmaeil|یوسف Yousef|خلیل Khalil|ابراهیم Ebrahim|موسی Mousa|زمان Zaman|
رستم Rostam|بهرام Bahram|قلی Gholi|نصر Nasr|منصور Mansour|شریف Sharif|ذاکر Zaker|طالب Taleb|
حبیب Habib|خداداد Khodadad|سلطان Soltan|فرج Faraj|مراد Morad|امین Amin|شجاع Shoja|صفر Safar|
جهان Jahan|قدیر Ghadir|خورشید Khorshid|حق Hagh|ثابت Sabet|ضیا Zia|ظهیر Zahir|اصغر Asghar"""
AFFIXES = (("ی", "i", "suffix", 0.45), ("پور", "pour", "prefix", 0.12), ("زاده", "zadeh", "suffix", 0.16),
           ("پور", "pour", "suffix", 0.11), ("نیا", "nia", "suffix", 0.08), ("وند", "vand", "suffix", 0.04),
           ("", "", "suffix", 0.04))
"""How surnames are built from a stem: Ahmadi, Pour-Mohammadi, Hassanzadeh, Alipour, Karimnia,
Heydarvand, or the stem alone."""
CONFUSABLE = {"ط": "ت", "ت": "ط", "ح": "ه", "ه": "ح", "ص": "س", "س": "ص", "ث": "س", "ذ": "ز", "ز": "ذ",
              "ض": "ز", "ظ": "ز", "ق": "غ", "غ": "ق"}
"""Letters Persian typists confuse because they sound alike."""
LATIN_NEAR = dict(zip("abcdefghijklmnopqrstuvwxyz", "sqxsrdfjuhkoknplwtadyvqzth"))
"""A neighbouring key for each letter (QWERTY), for replacement typos."""
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_FORMS = str.maketrans({"ی": "ي", "ک": "ك"})
SOLAR_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی",
                "بهمن", "اسفند")


def _pairs(text: str) -> list[tuple[str, str]]:
    return [tuple(item.strip().split(" ")) for item in text.replace("\n", "").split("|")]


@dataclass(frozen=True)
class Name:
    """A name part in Persian script and its everyday romanisation; ``pieces`` split a compound."""

    fa: tuple[str, ...]
    latin: tuple[str, ...]


@dataclass(frozen=True)
class Organisation:
    slug: str
    name: str
    script: str                       # "fa" or "latin"
    coverage: float
    encoding: str = "utf-8"
    reach: dict = field(default_factory=dict)      # province code -> factor
    depends_on: str | None = None
    habits: dict = field(default_factory=dict)     # Latin spelling habits, each a rate
    compound: str = "joined"          # joined | hyphen | space | zwnj | mixed
    typo: float = 0.06
    confusion: float = 0.0            # Persian letter confusions per name part
    swap: float = 0.04
    father: float = 0.6               # share of rows with a father's name
    full_name_only: bool = False
    duplicate: float = 0.03


ORGANISATIONS = (
    Organisation("hamdel", "Hamdel Memorial Archive (fictional)", "fa", 0.50, encoding="cp1256",
                 reach={"IR-23": 1.4, "IR-30": 1.3, "IR-10": 1.2}, compound="mixed", confusion=0.05,
                 father=0.75),
    Organisation("daftar", "Daftar-e Yad (fictional)", "fa", 0.30, encoding="utf-16",
                 reach={"IR-12": 1.8, "IR-05": 1.6, "IR-04": 1.5}, compound="space", confusion=0.08,
                 full_name_only=True, father=0.5, typo=0.05),
    Organisation("witness", "Witness Line (fictional)", "latin", 0.30, depends_on="hamdel",
                 habits={"q": 0.8, "dj": 0.6, "u": 0.5, "k": 0.15, "sayyed": 1.0, "e_end": 0.6},
                 compound="hyphen", typo=0.09, swap=0.05, father=0.45),
    Organisation("roll", "Roll of the Fallen (fictional)", "latin", 0.25,
                 reach={"IR-06": 1.8, "IR-11": 1.7, "IR-22": 1.5},
                 habits={"oo": 0.7, "ee": 0.6, "y_end": 0.4, "seyyed": 1.0, "w": 0.3},
                 compound="joined", typo=0.07, swap=0.07, father=0.4),
)


def _gazetteer(name: str) -> list[dict[str, str]]:
    text = resources.files("sabt.places").joinpath(f"data/{name}").read_text("utf-8")
    return list(csv.DictReader(ln for ln in text.splitlines() if ln and not ln.startswith("#")))


@dataclass
class Person:
    pid: str
    sex: str
    given: Name
    family: Name
    father: Name
    title: bool
    age: int
    died: date
    city: dict


class _Draw:
    """The population: one per seed."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.men, self.women, stems = _pairs(MEN), _pairs(WOMEN), _pairs(STEMS)
        cities = sorted((c for c in _gazetteer("cities.csv") if c["population"]),
                        key=lambda c: -int(c["population"]))[:80]
        self.cities, self.city_weights = cities, [int(c["population"]) ** 0.6 for c in cities]
        self.surnames = [self._surname(stem, affix) for stem in stems for affix in AFFIXES]
        # Zipf-like frequencies, shuffled so that no affix is always common
        ranks = list(range(1, len(self.surnames) + 1))
        rng.shuffle(ranks)
        self.surname_weights = [1 / r ** 0.9 for r in ranks]
        self.given_weights = {s: [1 / (i + 1) ** 0.8 for i in range(len(p))]
                              for s, p in (("m", self.men), ("f", self.women))}

    @staticmethod
    def _surname(stem, affix) -> Name:
        fa, latin = stem
        a_fa, a_latin, where, _ = affix
        if not a_fa:
            return Name((fa,), (latin,))
        if a_fa == "ی":  # a suffix joined in both scripts: Ahmadi, احمدی
            return Name((fa + "ی",), (latin + "i",))
        if where == "prefix":
            return Name((a_fa, fa + "ی"), (a_latin.title(), latin + "i"))
        return Name((fa, a_fa), (latin, a_latin))

    def name(self, pool, weights) -> Name:
        fa, latin = self.rng.choices(pool, weights)[0]
        return Name(tuple(fa.split("\u200c")), _split_latin(latin, fa))

    def person(self, pid: int) -> Person:
        rng = self.rng
        sex = "m" if rng.random() < 0.86 else "f"
        pool = self.men if sex == "m" else self.women
        age = max(9, min(80, int(rng.lognormvariate(math.log(27), 0.28))))
        if rng.random() < 0.1:
            age = 5 * round(age / 5)
        day = date(2026, 1, 8) + timedelta(days=round(rng.gauss(0, 3.5)))
        return Person(f"Q{pid:07d}", sex, self.name(pool, self.given_weights[sex]),
                      rng.choices(self.surnames, self.surname_weights)[0],
                      self.name(self.men, self.given_weights["m"]), sex == "m" and rng.random() < 0.07,
                      age, day, rng.choices(self.cities, self.city_weights)[0])

    def namesake(self, other: Person, pid: int) -> Person:
        """Another person with the same name, age and city, killed a day apart."""
        twin = self.person(pid)
        twin.sex, twin.given, twin.family, twin.title = other.sex, other.given, other.family, other.title
        twin.age, twin.city = other.age, other.city
        twin.died = other.died + timedelta(days=self.rng.choice((-1, 1)))
        return twin


def _split_latin(latin: str, fa: str) -> tuple[str, ...]:
    """Gholamreza (غلام‌رضا) → ("Gholam", "reza"): the romanisation split where the Persian is."""
    parts = fa.split("\u200c")
    if len(parts) == 1:
        return (latin,)
    lengths = {"غلام": 6, "محمد": 8, "امیر": 4, "ذبیح": 5, "روح": 4}
    cut = lengths.get(parts[0], len(latin) // 2)
    return (latin[:cut], latin[cut:])


# ---------------------------------------------------------------- writing a name as a list does

def _latin_habits(word: str, habits: dict, rng: random.Random) -> str:
    """Rewrite one romanised part in an organisation's spelling habits (each applied or not per row)."""
    w = word.lower()

    def use(habit):
        return habits.get(habit, 0) > 0 and rng.random() < habits[habit]

    if use("q"):
        w = w.replace("gh", "q")
    if use("dj"):
        w = w.replace("j", "dj").replace("ddj", "dj")
    if use("u"):
        w = w.replace("ou", "u")
    if use("oo"):
        w = w.replace("ou", "oo")
    if use("ee"):
        w = w.replace("ee", "i") if "ee" in w else (w[:-1] + "ee" if w.endswith("i") and len(w) > 3 else w)
    if use("y_end") and w.endswith("i") and len(w) > 3:
        w = w[:-1] + "y"
    if use("k") and w.startswith("kh"):
        w = "k" + w[2:]
    if use("e_end") and w.endswith("eh"):
        w = w[:-1]
    if use("w"):
        w = w.replace("v", "w")
    return w


def _typo(word: str, rng: random.Random, alphabet: str) -> str:
    """One letter dropped, replaced, doubled or two swapped — most often among the first three."""
    if len(word) < 3:
        return word
    i = min(int(rng.expovariate(0.6)), len(word) - 2)
    kind = rng.random()
    if kind < 0.35:
        return word[:i] + word[i + 1:]
    if kind < 0.7:
        near = LATIN_NEAR.get(word[i].lower()) if alphabet == "latin" else rng.choice("ابپتجدرزسشکلمنوهی")
        return word[:i] + (near or word[i]) + word[i + 1:]
    if kind < 0.85:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i] + word[i:]


def _confuse(word: str, rng: random.Random) -> str:
    spots = [i for i, ch in enumerate(word) if ch in CONFUSABLE]
    if not spots:
        return word
    i = rng.choice(spots)
    return word[:i] + CONFUSABLE[word[i]] + word[i + 1:]


def _join(pieces: tuple[str, ...], how: str, script: str, rng: random.Random) -> str:
    if len(pieces) == 1:
        return pieces[0].title() if script == "latin" else pieces[0]
    if how == "mixed":
        how = rng.choice(("joined", "zwnj", "space"))
    if script == "latin":
        head, *rest = pieces
        if how == "hyphen":
            return "-".join(p.title() for p in pieces)
        if how == "space":
            return " ".join(p.title() for p in pieces)
        return head.title() + "".join(p.lower() for p in rest)
    return {"joined": "", "zwnj": "\u200c", "space": " "}.get(how, "\u200c").join(pieces)


def _write_name(name: Name, org: Organisation, rng: random.Random, *, typo: bool) -> str:
    if org.script == "fa":
        pieces = tuple(_confuse(p, rng) if rng.random() < org.confusion else p for p in name.fa)
        written = _join(pieces, org.compound, "fa", rng)
        return _typo(written, rng, "fa") if typo else written
    pieces = tuple(_latin_habits(p, org.habits, rng) for p in name.latin)
    written = _join(pieces, org.compound, "latin", rng)
    return _typo(written, rng, "latin") if typo else written


def _title(org: Organisation, rng: random.Random) -> str:
    if org.script == "fa":
        return "سید"
    if "sayyed" in org.habits:
        return rng.choice(("Sayyed", "Sayed"))
    return rng.choice(("Seyyed", "Seyed"))


def _row(person: Person, org: Organisation, row_id: str, rng: random.Random, provinces: dict) -> dict:
    typo_given = rng.random() < org.typo
    typo_family = rng.random() < org.typo * 0.7
    given = _write_name(person.given, org, rng, typo=typo_given)
    family = _write_name(person.family, org, rng, typo=typo_family)
    if person.title and rng.random() < 0.6:
        given = f"{_title(org, rng)} {given}"
    father = _write_name(person.father, org, rng, typo=rng.random() < org.typo / 2) if rng.random() < org.father else ""
    if rng.random() < org.swap:
        given, family = family, given
    age = person.age + rng.choice((-1, 1)) if rng.random() < 0.07 else person.age
    age_text = "" if rng.random() < 0.06 else str(age)
    died = person.died + timedelta(days=rng.choice((-2, -1, 1, 2))) if rng.random() < 0.08 else person.died
    date_text = "" if rng.random() < 0.05 else _write_date(died, org, rng)
    city = person.city
    province = provinces[city["province_code"]]
    if org.script == "fa":
        row = {"name": f"{given} {family}", "given_name": given, "family_name": family, "father_name": father,
               "age": age_text, "sex": {"m": "مرد", "f": "زن"}[person.sex] if rng.random() > 0.03 else "",
               "date_of_death": date_text, "city": city["name_fa"], "province": province["name_fa"]}
        if org.encoding == "utf-16":
            row["age"] = row["age"].translate(PERSIAN_DIGITS)
    else:
        latin_city = city["name_en"] if rng.random() < 0.85 else city["name_ascii"]
        row = {"name": f"{given} {family}", "given_name": given, "family_name": family, "father_name": father,
               "age": age_text, "sex": person.sex.upper() if rng.random() > 0.03 else "",
               "date_of_death": date_text, "city": latin_city, "province": province["name_en"]}
        if org.slug == "roll":
            row = {k: (v.upper() if k in ("name", "given_name", "family_name", "father_name") else v)
                   for k, v in row.items()}
    if rng.random() < 0.04:
        row["city"] = ""  # only the province is known
    if org.full_name_only:
        row["given_name"] = row["family_name"] = ""
    return {"id": row_id, **row}


def _write_date(day: date, org: Organisation, rng: random.Random) -> str:
    if org.script == "latin":
        return day.isoformat() if org.slug == "roll" else f"{day.day} {day.strftime('%b')} {day.year}"
    solar = jdatetime.date.fromgregorian(date=day)
    if org.encoding == "utf-16":
        return f"{solar.day} {SOLAR_MONTHS[solar.month - 1]} {solar.year}".translate(PERSIAN_DIGITS)
    return f"{solar.year}/{solar.month:02d}/{solar.day:02d}"


# ---------------------------------------------------------------- the draw

def simulate_second(people: int, seed: int) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """A population of ``people`` and the four organisations' lists of it, with the truth.

    Returns ``(truth, lists)`` shaped as :func:`sabt.simulate.simulate_lists` returns them (truth:
    one row per person with ``true_person_id``, ``n_records`` and ``ids_<slug>``), so
    :func:`sabt.simulate.record_map` reads it.
    """
    rng = random.Random(seed)
    draw = _Draw(rng)
    provinces = {p["iso_code"]: p for p in _gazetteer("provinces.csv")}
    population: list[Person] = []
    while len(population) < people:
        person = draw.person(len(population))
        population.append(person)
        if rng.random() < 0.03 and len(population) < people:
            population.append(draw.namesake(person, len(population)))
    visibility = [rng.gammavariate(2.0, 0.5) for _ in population]  # mean 1: some people are seen by all
    ids: dict[str, list[list[str]]] = {o.slug: [[] for _ in population] for o in ORGANISATIONS}
    rows: dict[str, list[dict]] = {o.slug: [] for o in ORGANISATIONS}
    for org in ORGANISATIONS:
        for index, person in enumerate(population):
            p = org.coverage * visibility[index] * org.reach.get(person.city["province_code"], 1.0)
            if org.depends_on and ids[org.depends_on][index]:
                p *= 1.6
            if rng.random() >= min(p, 0.95):
                continue
            copies = 2 if rng.random() < org.duplicate else 1
            for _ in range(copies):
                row_id = f"{org.slug[:2].upper()}{len(rows[org.slug]) + 1:06d}"
                rows[org.slug].append(_row(person, org, row_id, rng, provinces))
                ids[org.slug][index].append(row_id)
    lists = {}
    for org in ORGANISATIONS:
        frame = pd.DataFrame(rows[org.slug], columns=COLUMNS)
        lists[org.slug] = frame.sample(frac=1.0, random_state=rng.randrange(2**31)).reset_index(drop=True)
    truth = pd.DataFrame({
        "true_person_id": [p.pid for p in population],
        "name_latin": [" ".join(p.given.latin) + " " + "".join(p.family.latin) for p in population],
        "name_fa": ["\u200c".join(p.given.fa) + " " + "\u200c".join(p.family.fa) for p in population],
        "sex": [p.sex for p in population], "age": [p.age for p in population],
        "date_of_death": [p.died.isoformat() for p in population],
        "province": [p.city["province_code"] for p in population],
        **{f"ids_{o.slug}": [";".join(i) for i in ids[o.slug]] for o in ORGANISATIONS},
    })
    truth["n_records"] = sum(truth[f"ids_{o.slug}"].str.count("[A-Z]{2}\\d{6}") for o in ORGANISATIONS)
    truth.attrs["lists"] = {o.slug: o.name for o in ORGANISATIONS}
    return truth, lists


def write_second(truth: pd.DataFrame, lists: dict[str, pd.DataFrame], out_dir: str | Path) -> dict[str, Path]:
    """Each list in its organisation's encoding (Windows-1256 with Arabic ي ك, UTF-16, UTF-8), and the truth."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for org in ORGANISATIONS:
        frame = lists[org.slug]
        path = out / f"{org.slug}.csv"
        if org.encoding == "cp1256":
            frame = frame.map(lambda v: v.translate(ARABIC_FORMS) if isinstance(v, str) else v)
        path.write_bytes(frame.to_csv(index=False, lineterminator="\r\n").encode(org.encoding))
        paths[org.slug] = path
    paths["truth"] = out / "truth.csv"
    truth.to_csv(paths["truth"], index=False, encoding="utf-8")
    return paths
