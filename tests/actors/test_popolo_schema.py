"""The Popolo export validated against the Popolo project's own JSON schemas (draft-03).

The schemas ship in tests/data/popolo (CC BY 4.0, see its README). Each person, organization,
membership and area of the export is checked against its schema, with the schemas' ``$ref``s
resolved among the shipped files; the area tree is checked to have real parents.
"""

import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from sabt.actors import export_popolo, import_actors

from .fixture import write_fixture

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "popolo" / "schemas"
EXAMPLE_ACTORS = Path(__file__).resolve().parents[2] / "examples" / "iran-2026" / "actors"
KINDS = {"persons": "person", "organizations": "organization", "memberships": "membership",
         "areas": "area"}


def _validators() -> dict[str, Draft3Validator]:
    registry = Registry()
    loaded = {}
    for path in SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text())
        loaded[path.stem] = schema
        registry = registry.with_resource(schema["id"], Resource.from_contents(schema, DRAFT3))
    return {stem: Draft3Validator(schema, registry=registry,
                                  format_checker=Draft3Validator.FORMAT_CHECKER)
            for stem, schema in loaded.items()}


def schema_errors(document: dict) -> list[str]:
    validators = _validators()
    errors = []
    for key, kind in KINDS.items():
        for item in document[key]:
            for error in validators[kind].iter_errors(item):
                where = "/".join(str(p) for p in error.absolute_path)
                errors.append(f"{key} {item.get('id')}: {where}: {error.message}")
    return errors


def test_the_validator_finds_what_the_schema_forbids():
    broken = {"persons": [{"id": "p", "name": "x", "sources": [{"url": None, "note": "n"}]}],
              "organizations": [], "memberships": [{"id": "m", "start_date": "8 Jan 2026"}],
              "areas": []}
    assert len(schema_errors(broken)) == 2


def _area_tree_problems(areas: list[dict]) -> list[str]:
    ids = {a["id"] for a in areas}
    problems = []
    for area in areas:
        if area["parent_id"] == area["id"]:
            problems.append(f"{area['id']} is its own parent")
        elif area["parent_id"] is not None and area["parent_id"] not in ids:
            problems.append(f"{area['id']} names parent {area['parent_id']}, not in the export")
    return problems


@pytest.fixture(params=["fixture", "example"])
def exported(request, case, tmp_path):
    if request.param == "fixture":
        import_actors(case, write_fixture(tmp_path / "actors"))
    else:  # the example's actors, without their ties to incidents (not in this case)
        folder = tmp_path / "example-actors"
        shutil.copytree(EXAMPLE_ACTORS, folder, ignore=shutil.ignore_patterns("involvements.csv"))
        import_actors(case, folder)
    return json.loads(json.dumps(export_popolo(case)))


def test_the_export_is_valid_popolo(exported):
    assert schema_errors(exported) == []
    assert exported["persons"] and exported["organizations"] and exported["memberships"]


def test_the_area_tree_has_real_parents(exported):
    areas = exported["areas"]
    assert areas and _area_tree_problems(areas) == []
    ids = {a["id"] for a in areas}
    used = {d["area_id"] for d in exported["deployments"] if d["area_id"]}
    used |= {o["area_id"] for o in exported["organizations"] if o.get("area_id")}
    assert used <= ids
    roots = [a for a in areas if a["parent_id"] is None]
    assert "IR" in {a["id"] for a in roots}
    assert {a["classification"] for a in roots} == {"country"}
    assert all(a["parent_id"] for a in areas if a["classification"] == "province")


def test_citations_without_a_url_are_kept_apart_not_dropped(exported):
    everything = exported["persons"] + exported["organizations"] + exported["memberships"]
    cited = sum(len(o["sources"]) + len(o.get("unlinked_sources", [])) for o in everything)
    assert cited > 0
    for item in everything:
        assert all(isinstance(s["url"], str) and s["url"] for s in item["sources"])
        assert all("url" not in s and s["source_id"] for s in item.get("unlinked_sources", []))
