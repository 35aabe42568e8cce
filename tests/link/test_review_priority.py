"""Review where it matters (issue 20): pending pairs ordered by how much a decision would move the
estimate, each with that change. Two lists make the check independent of sabt's estimator: the
log-linear estimate of two lists is Lincoln–Petersen's n1·n2/m."""

from collections import defaultdict

from sqlalchemy import text
from typer.testing import CliRunner

from sabt.cli import app
from sabt.estimate.priority import review_queue
from sabt.ingest import import_list
from sabt.link import link_case
from sabt.simulate import simulate_lists, write_lists


def _lincoln_petersen(persons: dict) -> float:
    n1 = sum(1 for lists in persons.values() if "setareh" in lists)
    n2 = sum(1 for lists in persons.values() if "kooh" in lists)
    m = sum(1 for lists in persons.values() if {"setareh", "kooh"} <= lists)
    return n1 * n2 / m


def test_the_queue_puts_first_the_pairs_whose_decision_moves_the_estimate_most(case, case_db, tmp_path, cli_env):
    truth, lists = simulate_lists(500, n_lists=2, seed=3)
    paths = write_lists(truth, lists, tmp_path)
    for name in lists:
        import_list(case, paths[name], name)
    link_case(case)
    with case.engine.connect() as connection:
        rows = connection.execute(text("select id, source_id, person_id from records")).all()
    person_of = {i: p for i, _, p in rows}
    source_of = {i: s for i, s, _ in rows}
    persons = defaultdict(set)
    for i, s, p in rows:
        persons[p].add(s)
    base = _lincoln_petersen(persons)

    pairs = review_queue(case, order="impact")
    assert pairs and all(p.change is not None for p in pairs)
    assert [p.impact for p in pairs] == sorted((p.impact for p in pairs), reverse=True)
    for pair in pairs[:20]:
        pa, pb = person_of[pair.record_a], person_of[pair.record_b]
        changed = {k: set(v) for k, v in persons.items()}
        if pa != pb:    # accepting merges the two persons
            changed[pa] |= changed.pop(pb)
            expected_weight = pair.probability
        else:           # rejecting splits record a off
            others = {source_of[r] for r in person_of if person_of[r] == pa and r != pair.record_a}
            changed[pa] = others
            changed["split"] = {source_of[pair.record_a]}
            changed = {k: v for k, v in changed.items() if v}
            expected_weight = 1 - pair.probability
        want = _lincoln_petersen(changed) - base
        assert abs(pair.change - want) < 1e-6 * max(1.0, abs(want)), (pair, want)
        assert abs(pair.impact - abs(want) * expected_weight) < 1e-6 * max(1.0, abs(want))

    result = CliRunner().invoke(app, ["review", "pairs", "--db", case_db, "--reviewer", "r", "--limit", "1"],
                                input="q\n")
    assert result.exit_code == 0, result.output
    assert "estimate sensitivity" in result.output and "would move it most come first" in result.output
