"""Invariants of the committed gazetteer data (provinces, cities, aliases, crossings)."""

from __future__ import annotations

import csv
import math
from importlib import resources

import pytest

from sabt.places import Gazetteer

DATA = resources.files("sabt.places") / "data"
CURRENT_ISO = [f"IR-{i:02d}" for i in range(31)]


def rows(name: str) -> list[dict[str, str]]:
    text = (DATA / name).read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


@pytest.mark.parametrize(
    "name", ["provinces.csv", "cities.csv", "aliases.csv", "crossings.csv", "elsewhere.csv"]
)
def test_every_data_file_opens_with_a_provenance_line(name):
    first = (DATA / name).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# provenance:") and len(first) > 80


@pytest.mark.parametrize(
    "name",
    [
        "provinces.csv",
        "cities.csv",
        "aliases.csv",
        "crossings.csv",
        "elsewhere.csv",
        "iran_provinces.geojson",
        "neighbours.geojson",
    ],
)
def test_provenance_records_the_checksum_of_each_data_file(name):
    import hashlib

    digest = hashlib.sha256((DATA / name).read_bytes()).hexdigest()
    assert digest in (DATA / "PROVENANCE.md").read_text(encoding="utf-8"), (
        f"{name} changed: review it and update its sha256 in data/PROVENANCE.md"
    )


def test_31_provinces_with_the_current_iso_numbering(gaz):
    provinces = gaz.provinces()
    assert [p.key for p in provinces] == CURRENT_ISO
    assert len({p.iso_code for p in provinces}) == 31
    assert gaz.get("IR-00").name_en == "Markazi"
    assert gaz.get("IR-30").name_en == "Alborz"
    assert gaz.get("IR-23").name_en == "Tehran"


def test_every_province_has_a_persian_name_geonames_ids_and_a_capital(gaz):
    for p in gaz.provinces():
        assert p.name_fa and all("\u0600" <= ch <= "\u06ff" or ch in " \u200c" for ch in p.name_fa)
        assert p.geonames_id and p.lat and p.lon
        capital = gaz.capital_of(p)
        assert capital is not None and capital.province_code == p.key and capital.name_fa
    assert len({r["geonames_admin1"] for r in rows("provinces.csv")}) == 31
    assert len({r["hasc"] for r in rows("provinces.csv")}) == 31


def test_province_codes_agree_with_pycountry():
    pycountry = pytest.importorskip("pycountry")
    iso = {s.code: s.name for s in pycountry.subdivisions.get(country_code="IR")}
    assert sorted(iso) == CURRENT_ISO
    for r in rows("provinces.csv"):
        assert iso[r["iso_code"]] == r["name_iso"]


def test_every_city_lies_in_one_of_the_31_provinces(gaz):
    codes = set(CURRENT_ISO)
    cities = [p for p in gaz.iter_places() if p.kind == "city"]
    assert len(cities) > 1500
    for city in cities:
        assert city.province_code in codes, city
        assert city.parent_key == city.province_code
        assert 24.5 < city.lat < 40.0 and 43.5 < city.lon < 63.5, city
        assert city.population is None or city.population >= 1000
        assert gaz.province_of(city).key == city.province_code


def test_place_keys_are_unique_and_stable(gaz):
    keys = [p.key for p in gaz.iter_places()]
    assert len(keys) == len(set(keys))
    assert gaz.get("gn:112931").name_en == "Tehran"
    assert gaz.get("IR").kind == "country"
    assert all(k.startswith(("IR", "gn:", "crossing:")) for k in keys)


@pytest.mark.parametrize(
    "key, lat, lon",
    [
        ("gn:112931", 35.6892, 51.3890),  # Tehran (Azadi Sq. ~ 51.34, city centre ~ 51.42)
        ("gn:124665", 36.2970, 59.6062),  # Mashhad, Imam Reza shrine
        ("gn:144448", 31.3183, 48.6706),  # Ahvaz
    ],
)
def test_big_city_coordinates_within_a_few_km_of_truth(gaz, key, lat, lon):
    place = gaz.get(key)
    assert km(place.lat, place.lon, lat, lon) < 5


def test_reviewed_persian_names_of_large_cities(gaz):
    expected = {
        "gn:112931": "تهران",
        "gn:124665": "مشهد",
        "gn:144448": "اهواز",
        "gn:128226": "کرمانشاه",
        "gn:121801": "ارومیه",
        "gn:115019": "شیراز",
    }
    for key, name in expected.items():
        assert gaz.get(key).name_fa == name
    reviewed = [p for p in gaz.iter_places() if p.kind == "city" and p.name_fa]
    assert len(reviewed) >= 100


def test_name_fa_uses_persian_letter_forms_only(gaz):
    for place in gaz.iter_places():
        if place.name_fa:
            assert not set(place.name_fa) & {"\u064a", "\u0643", "\u0649"}, place


def test_aliases_point_at_known_places(gaz):
    for row in rows("aliases.csv"):
        assert gaz.get(row["key"]) is not None, row
        assert row["alias"].strip()


def test_crossings_named_in_the_assessment(gaz):
    crossings = {p.key: p for p in gaz.iter_places() if p.kind == "crossing"}
    assert set(crossings) >= {
        "crossing:shalamcheh",
        "crossing:chazabeh",
        "crossing:khosravi",
        "crossing:mehran",
    }
    for p in crossings.values():
        assert p.province_code in {"IR-05", "IR-06", "IR-16"}
        assert p.note and ("Assessment" in p.note or "not named by the assessment" in p.note)
        # every crossing is on the Iraq border: west of 48.5 E
        assert p.lon < 48.5
    assert crossings["crossing:shalamcheh"].province_code == "IR-06"
    assert crossings["crossing:khosravi"].province_code == "IR-05"
    # each crossing lies within 40 km of the nearest town of its province
    for p in crossings.values():
        towns = [
            c for c in gaz.iter_places() if c.kind == "city" and c.province_code == p.province_code
        ]
        assert min(km(p.lat, p.lon, c.lat, c.lon) for c in towns) < 40, p.key


def test_default_gazetteer_is_cached():
    """Loaded once per process (its load time is a benchmark's business, not a timed test's:
    a 0.3 s bound here failed on a loaded machine)."""
    assert Gazetteer.default() is Gazetteer.default()


def test_describe_names_sources_and_counts(gaz):
    text = gaz.describe()
    assert "31 provinces" in text and "GeoNames" in text and "Natural Earth" in text


def _inside(lon: float, lat: float, geometry: dict) -> bool:
    """Even-odd ray casting over every ring of a (multi)polygon."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    inside = False
    for polygon in polygons:
        for ring in polygon:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
                if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
    return inside


def test_the_five_crossings_of_the_assessment_lie_on_the_side_they_are_named_for(gaz):
    """Shalamcheh, Chazabeh and Khosravi are Iranian terminals, drawn in Iran; Shaib and
    Zurbatiya are Iraqi posts, drawn in Iraq — each a place of its own, at least ~3 km from
    the border line the map draws, with its coordinate uncertainty recorded."""
    from sabt.places import neighbour_features, province_shapes

    iran = list(province_shapes().values())
    iraq = next(f["geometry"] for f in neighbour_features() if f["id"] == "IQ")
    side = {"shalamcheh": "IR", "chazabeh": "IR", "khosravi": "IR", "shaib": "IQ", "zurbatiya": "IQ"}
    keys = set()
    for name, country in side.items():
        place = gaz.resolve(name)
        assert place is not None and place.kind == "crossing", name
        keys.add(place.key)
        assert place.country == country and place.uncertainty_km, place
        for dlon, dlat in ((0, 0), (0.035, 0), (-0.035, 0), (0, 0.03), (0, -0.03)):
            lon, lat = place.lon + dlon, place.lat + dlat
            in_iran = any(_inside(lon, lat, g) for g in iran)
            assert in_iran == (country == "IR"), (name, dlon, dlat)
            if country == "IQ":
                assert _inside(lon, lat, iraq), (name, dlon, dlat)
    assert len(keys) == 5
    assert gaz.resolve("Zurbatiya").key != gaz.resolve("Mehran crossing").key
