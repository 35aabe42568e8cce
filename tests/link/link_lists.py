"""Small synthetic lists with a known truth, written as two organisations would keep them:
one in Latin transliteration with Gregorian dates, one in Persian script with Solar Hijri dates."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict

from sqlalchemy import text

GIVEN = [("محمد", "Mohammad"), ("علی", "Ali"), ("حسین", "Hossein"), ("رضا", "Reza"), ("زهرا", "Zahra"),
         ("مریم", "Maryam"), ("امیر", "Amir"), ("سارا", "Sara"), ("مهدی", "Mehdi"), ("فاطمه", "Fatemeh"),
         ("کوروش", "Kourosh"), ("نگار", "Negar")]
FAMILY = [("احمدی", "Ahmadi"), ("رضایی", "Rezaei"), ("کریمی", "Karimi"), ("حسینی", "Hosseini"),
          ("مرادی", "Moradi"), ("جعفری", "Jafari"), ("رحیمی", "Rahimi"), ("کاظمی", "Kazemi"),
          ("نوری", "Nouri"), ("صادقی", "Sadeghi"), ("قلی‌زاده", "Gholizadeh"), ("محمدی", "Mohammadi")]
CITIES = ["Tehran", "Karaj", "Ahvaz", "Mashhad", "Shiraz", "Tabriz", "Kermanshah", "Rasht"]
LATIN_VARIANTS = {"Mohammad": "Muhammad", "Hossein": "Hussein", "Rezaei": "Rezaee", "Gholizadeh": "Gholi-zadeh"}


def to_persian_digits(text_: str) -> str:
    return text_.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def make_lists(tmp_path, people: int = 300, seed: int = 7, prefix: str = ""):
    rng = random.Random(seed)
    latin = ["id,name,father_name,age,sex,date_of_death,city"]
    persian = ["id,name,father_name,age,sex,date_of_death,city"]
    truth = {}
    for i in range(people):
        g, f, father = rng.choice(GIVEN), rng.choice(FAMILY), rng.choice(GIVEN)
        age, day, city, sex = rng.randint(15, 60), rng.randint(1, 20), rng.choice(CITIES), rng.choice("mf")
        if rng.random() < 0.75:
            given = LATIN_VARIANTS.get(g[1], g[1]) if rng.random() < 0.3 else g[1]
            family = LATIN_VARIANTS.get(f[1], f[1]) if rng.random() < 0.3 else f[1]
            latin.append(f"{prefix}a{i},{given} {family},{father[1]},{age},{sex},2026-01-{day:02d},{city}")
            truth[f"{prefix}a{i}"] = i
        if rng.random() < 0.75:
            shifted = age + rng.choice([0, 0, 0, 1])
            persian.append(f"{prefix}b{i},{g[0]} {f[0]},{father[0] if rng.random() < 0.8 else ''},"
                           f"{to_persian_digits(str(shifted))},{sex},{to_persian_digits(f'1404/10/{day + 10}')},{city}")
            truth[f"{prefix}b{i}"] = i
    (tmp_path / f"{prefix}latin.csv").write_text("\n".join(latin) + "\n", encoding="utf-8")
    (tmp_path / f"{prefix}persian.csv").write_text("\n".join(persian) + "\n", encoding="utf-8")
    return tmp_path / f"{prefix}latin.csv", tmp_path / f"{prefix}persian.csv", truth


def pairwise_scores(case, truth) -> tuple[float, float]:
    with case.engine.connect() as connection:
        rows = connection.execute(text("select source_record_id, person_id from records where superseded = false")).all()
    predicted, true = defaultdict(set), defaultdict(set)
    for record_id, person_id in rows:
        predicted[person_id].add(record_id)
        true[truth[record_id]].add(record_id)

    def pairs(groups):
        return {tuple(sorted(p)) for g in groups.values() for p in itertools.combinations(g, 2)}

    got, want = pairs(predicted), pairs(true)
    hits = len(got & want)
    return hits / max(len(got), 1), hits / max(len(want), 1)


