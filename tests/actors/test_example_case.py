"""The example case's actor files: they import, and answer the issue's two questions.

Skipped when the example's claims and incidents are not there (they are built separately)."""

from pathlib import Path

import pytest

from sabt.actors import import_actors, who_was_in_command
from sabt.law import classify, law_matrix

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "iran-2026"


@pytest.fixture
def example_case(case):
    from sabt.claims import import_claims
    from sabt.claims.incidents import import_incidents

    import_claims(case, EXAMPLE / "sources.json")
    import_claims(case, EXAMPLE / "claims.json")
    import_incidents(case, EXAMPLE / "incidents.json")
    import_actors(case, EXAMPLE / "actors")
    return case


def test_kermanshah_on_8_january(example_case):
    answer = who_was_in_command(example_case, place="Kermanshah", date="2026-01-08")
    division = next(u for u in answer.units if u.unit["key"] == "nabi-akram-29th-division")
    assert division.via["specificity"] == "place" and division.via["sources"]
    chain = []
    node = division
    while node.parents:
        node = node.parents[0]
        chain.append(node.unit["key"])
        assert node.via["sources"], f"{node.unit['key']} is linked without a source"
    assert chain[:2] == ["irgc-ground-forces", "irgc"]
    assert any("no commander on record for 29th Nabi Akram" in g for g in division.gaps)


def test_matrix_lists_all_acts_and_contextual_elements(example_case):
    classify(example_case)
    matrix = law_matrix(example_case)
    assert [a.act.letter for a in matrix.acts] == list("abcdefghijk")
    assert len(matrix.contextual) == 4
    assert {c.status for c in matrix.contextual} <= {"supported", "candidate", "weak", "gap"}
    assert next(a for a in matrix.acts if a.act.letter == "a").incidents
