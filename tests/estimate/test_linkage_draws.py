"""Linkage uncertainty carried into the estimate (issue 20): sabt's own linkage against the true
one on simulated lists with a known population, and the interval pooled over drawn linkages."""

import json

from sqlalchemy import text
from typer.testing import CliRunner

from sabt.cli import app
from sabt.estimate import estimate
from sabt.estimate.linkage import capture_counts, describe_linkage, draw_linkages, inputs_from_case, pooled_estimate
from sabt.ingest import import_list
from sabt.link import link_case
from sabt.simulate import record_map, simulate_lists, write_lists

PEOPLE = 600


def test_estimate_on_sabts_linkage_is_near_the_true_linkages_and_the_pooled_interval_holds_the_truth(
        case, case_db, tmp_path, cli_env):
    truth, lists = simulate_lists(PEOPLE, seed=11)
    paths = write_lists(truth, lists, tmp_path / "lists")
    for name in lists:
        import_list(case, paths[name], name)
    link_case(case)
    with case.engine.connect() as connection:
        rows = connection.execute(text("select id, source_id, source_record_id, person_id from records")).all()
    true_person = {(r.list, str(r.id)): r.true_person_id for r in record_map(truth).itertuples()}
    sources = {i: s for i, s, _, _ in rows}
    names = sorted(lists)
    on_truth = estimate(capture_counts({i: true_person[(s, str(r))] for i, s, r, _ in rows}, sources, names))
    on_own = estimate(capture_counts({i: p for i, _, _, p in rows}, sources, names))
    assert abs(on_own.estimate / on_truth.estimate - 1) < 0.04, (on_own.estimate, on_truth.estimate)

    inputs = inputs_from_case(case)
    linkages = draw_linkages(inputs, 5, seed=1)
    assert len({frozenset(sorted(lk.items())) for lk in linkages}) > 1  # the draws differ
    pooled = pooled_estimate(linkages, inputs.sources, seed=1, own=on_own)
    info = pooled.diagnostics["linkage"]
    assert pooled.lower <= PEOPLE <= pooled.upper
    assert 0 <= info["variance_share"] <= 1 and info["persons_found"]["min"] <= info["persons_found"]["max"]
    assert "of the pooled variance of the total lies between linkages" in describe_linkage(pooled)

    result = CliRunner().invoke(app, ["estimate", "--db", case_db, "--method", "loglinear", "--linkage-draws", "3", "--seed", "2", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output.strip().splitlines()[-1])
    assert payload["diagnostics"]["linkage"]["linkages"] == 3
    assert payload["diagnostics"]["linkage"]["own_linkage"]["estimate"] > 0
    bad = CliRunner().invoke(app, ["estimate", "--db", case_db, "--linkage-draws", "1"])
    assert bad.exit_code == 1 and "at least 2" in bad.output and "Traceback" not in bad.output


def test_linkage_draws_refuse_a_case_never_linked(case):
    import pytest

    from sabt.errors import SabtError

    with pytest.raises(SabtError, match="run `sabt link` first"):
        inputs_from_case(case)


def test_linkage_draws_need_a_case(tmp_path, cli_env):
    counts = tmp_path / "counts.csv"
    counts.write_text("a,b,count\n1,0,10\n0,1,12\n1,1,5\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["estimate", "--counts", str(counts), "--linkage-draws", "5"])
    assert result.exit_code == 1 and "--linkage-draws needs --db" in result.output
    assert "Traceback" not in result.output
