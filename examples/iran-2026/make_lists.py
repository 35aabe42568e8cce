"""Write the example's SYNTHETIC victim lists of four FICTIONAL organisations, and their truth.

Every person, name, age, date and list row is made up by :func:`sabt.simulate.simulate_lists`
(seed 2026, 3,000 people); no real victim is in them. The organisations are fictional.

- ``setareh-fa.csv`` — Setareh Documentation Collective: Persian script, Persian headers, Solar
  Hijri dates in Persian digits, saved in **UTF-16**; imported with ``setareh-fa.mapping.toml``.
- ``kooh.csv`` — Kooh Human Rights Monitor: Latin transliteration, ISO dates, UTF-8.
- ``parvaz.csv`` — Parvaz Families Network: mixed rows (Persian or Latin script, Solar Hijri or
  ISO dates), UTF-8; partly copies from Setareh (positive list dependence).
- ``sahel.xlsx`` — Sahel Victims Registry: Latin in capitals, ISO dates, an Excel workbook
  (``simulate`` writes CSV; this script writes the workbook from the same rows with pandas).
- ``truth.csv`` — one row per synthetic person (listed or not) with the ids of their rows in
  each list; ``truth_records.csv`` — one row per list row with its true person.

    python examples/iran-2026/make_lists.py
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sabt.simulate import default_lists, record_map, simulate_lists, write_lists

HERE = Path(__file__).resolve().parent / "lists"
PEOPLE, SEED = 3000, 2026
PERSIAN_HEADERS = {
    "id": "شناسه", "name": "نام کامل", "given_name": "نام", "family_name": "نام خانوادگی",
    "father_name": "نام پدر", "age": "سن", "sex": "جنسیت", "date_of_death": "تاریخ جان‌باختن",
    "city": "شهر", "province": "استان",
}
MAPPING = """\
# Import mapping for setareh-fa.csv (SYNTHETIC list of a FICTIONAL organisation).
# Its headers are Persian; its dates are Solar Hijri (1404/10/18) in Persian digits; UTF-16.
[columns]
{columns}

[options]
calendar = "solar_hijri"
encoding = "utf-16"
"""


# Individuals the assessment names (victims, detainees, witnesses), in Latin and Persian script:
# a synthetic person must not carry one of these names by chance. Kept as SHA-256 hashes of the
# folded full name, so that the names themselves are not written into the example.
NAMED_IN_REPORT_SHA256 = {
    "16ba56b43a52dcc516a11cb4a3863265328d2a8ddfcc0aa5b209eb899f9e66d6",
    "24350b83368c59ae467e71b6319c6dd532321945c6c9493c6e97217503844e84",
    "33ab62fedab7c81c13697e2d2c9059f7571268b3540cb92f21c0a8e1bbd91a16",
    "3562b4eb4d70c602745f2e10b0c6b678cb9ce01dc9f02e55353fbbfe6bafcceb",
    "3565bf6a2164ae3c043d760d2677a2f5d7dfad194a03c4c7af129d03be56a5a2",
    "3b19613340c22983bd1832ae3f0253bc6ad178d6e4f474d3f6fcdf4b5d1f47b1",
    "44a553343efa756ba66bc4fa9c02c4773e5fb8968328ee3d1121a581e566e20b",
    "47d4ff55660fd8027a4bd9c08d573959d3e4b777607d694bdfb66f84901e9370",
    "4b76ecb9237400e1abce99daaef012e11d2deecf4383f9b8e50171b716adb322",
    "566a266c9987aafc4639a5ee65474ba91085d9ca7ce9679258587619512369cc",
    "58b0c9d3e3ee19895d92d248edaafd6e4f1feb2ebfff4acb24f79b73dd01efbb",
    "5df75490bcff5e9b76bbed9caba55e6525a332d871fa13c46a649b527ecbdc2f",
    "7e60a94ee141f1ec50454888b3405c600926f556925b5eae08375cda2c772665",
    "825fbbc339010900e6ab367b972408f3fe2904bb532db07bfff5919fd3eab9e3",
    "85b1fa880a07ed762ed6eb67af64ce77a37ba6cb39d499e6bc0d63d1ff7778e4",
    "97b4c4c5dca28049edc71c8ab85192ea768d2c14829845e9e0ea29a1d3c20469",
    "9aa83bf4db09224ee01efec267a2412eb54bdf4cb9bf138370f56a128fbb997b",
    "9c185ba711a172f376fc33354f4d52ce51532bdd3e5fb094083ab54d6b5c0ce3",
    "9e8cbc3e90019ca71be11e820bd076e1f85cb5a14eff86eb7ec94ee682658bac",
    "a20556a791a9e4d5d3644858d1d6ec78175903468703045d6cf3c0d137fbb205",
    "a28730edfd4b32b76de3292197686c24998c902091eabc7fe74b20fb9d21ad0c",
    "bafbd4ed2afb55fce8ca09765df868bf3f6e57b6938ce5bbaf38bdb85d97501d",
    "c470fca6b1c03a5e16d0c18c96c42ebef151a8cecfc49ae213f2ffc614d8a6ac",
    "d26cdc94d558a40cd43bfd212bbf05bdf9b65ff2821609344eb50c1b70193012",
}


def _fold(name: str) -> str:
    return " ".join(name.replace("\u200c", " ").split()).lower()


def _check_no_real_names(truth) -> None:
    full = list(truth["given_name"].fillna("") + " " + truth["family_name"].fillna(""))
    full += list(truth["given_name_fa"].fillna("") + " " + truth["family_name_fa"].fillna(""))
    clashes = [n for n in full if hashlib.sha256(_fold(n).encode()).hexdigest() in NAMED_IN_REPORT_SHA256]
    if clashes:
        raise SystemExit(f"{len(clashes)} synthetic people are named like individuals in the report; change SEED")


def main() -> None:
    specs = default_lists(4)
    truth, lists = simulate_lists(PEOPLE, 4, SEED, specs=specs)
    _check_no_real_names(truth)
    HERE.mkdir(exist_ok=True)
    for old in HERE.glob("*"):
        if old.suffix in (".csv", ".xlsx", ".toml"):
            old.unlink()
    setareh = lists["setareh"].rename(columns=PERSIAN_HEADERS)
    paths = write_lists(truth, {"setareh-fa": setareh, "kooh": lists["kooh"], "parvaz": lists["parvaz"]},
                        HERE, persian_encoding="utf-16", persian_list="setareh-fa")
    lists["sahel"].to_excel(HERE / "sahel.xlsx", index=False, sheet_name="victims")
    columns = "\n".join(f'"{fa}" = "{field}"' for field, fa in PERSIAN_HEADERS.items())
    (HERE / "setareh-fa.mapping.toml").write_text(MAPPING.format(columns=columns), encoding="utf-8")
    record_map(truth).to_csv(HERE / "truth_records.csv", index=False)
    organisations = {spec.slug: {"name": spec.name, "style": spec.style, "coverage": spec.coverage,
                                 "depends_on": spec.depends_on, "rows": len(lists[spec.slug]),
                                 "corruption": spec.corruption.describe()} for spec in specs}
    (HERE / "organisations.json").write_text(json.dumps(
        {"synthetic": True, "fictional_organisations": True, "people": PEOPLE, "seed": SEED,
         "listed": int((truth["n_records"] > 0).sum()), "lists": organisations}, indent=1) + "\n", "utf-8")
    print(", ".join(f"{p.name}" for p in paths.values()), "sahel.xlsx")
    for slug, spec in organisations.items():
        print(f"{slug}: {spec['rows']} rows ({spec['name']}, {spec['style']})")
    print(f"{int((truth['n_records'] > 0).sum())} of {PEOPLE} people on at least one list")


if __name__ == "__main__":
    main()
