"""End to end on a small case built here: actors, incidents and claims → command → law → designation,
through the Python API and through the `sabt` command line."""

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from sabt.actors import designation, import_actors, render_markdown, who_was_in_command
from sabt.law import classify, decide, law_matrix
from sabt.store import models

from .fixture import write_fixture


@pytest.fixture
def full_case(case, tmp_path):
    import_actors(case, write_fixture(tmp_path / "actors"))
    with case.session() as session:
        killing = models.Incident(key="kermanshah-8", title="Protesters shot in Kermanshah", type="killing",
                                  start_date=dt.date(2026, 1, 8), end_date=dt.date(2026, 1, 9),
                                  date_precision="day", place_key="gn:128226")
        order = models.Incident(key="order-3", title="Order to deal decisively", type="directive",
                                start_date=dt.date(2026, 1, 3), date_precision="day", place_key="IR")
        session.add_all([killing, order])
        session.flush()
        claim = models.Claim(key="k8-killed", source_id="src-1", metric="killed", best=40, qualifier="at least",
                             credibility=2, status="reported", quote="at least 40 killed in Kermanshah")
        session.add(claim)
        session.flush()
        session.add(models.IncidentClaim(incident_id=killing.id, claim_id=claim.id))
        session.commit()
    involvement = ("incident,actor,involvement,source_id,quote,confidence\n"
                   "order-3,chief,ordered,src-2,the chief ordered it,medium\n")
    import_actors(case, write_fixture(tmp_path / "actors", **{"involvements.csv": involvement}))
    return case


def test_the_whole_path(full_case):
    answer = who_was_in_command(full_case, incident_id="kermanshah-8")
    div = next(u for u in answer.units if u.unit["key"] == "div")
    assert [c["person"]["key"] for c in div.commanders] == ["cmdr-one", "cmdr-two"]  # replaced mid-incident
    assert div.parents[0].unit["key"] == "ground"

    assert classify(full_case).proposed == 3
    decide(full_case, "kermanshah-8", "a", "confirmed", by="analyst", note="graded B2 claim, footage pending")
    matrix = law_matrix(full_case)
    murder = next(a for a in matrix.acts if a.act.letter == "a")
    assert murder.status == "supported" and murder.elements[0].claims[0]["grade"] == "B2"
    policy = next(c for c in matrix.contextual if c.element.code == "ctx-policy")
    assert [i["key"] for i in policy.incidents] == ["order-3"]

    chief = designation(full_case, "chief")
    assert [d["incident"]["key"] for d in chief["directives"]] == ["order-3"]
    assert [i["incident"]["key"] for i in chief["incidents"]] == ["kermanshah-8"]  # commands the division's parent
    one = designation(full_case, "cmdr-one")
    assert [i["incident"]["key"] for i in one["incidents"]] == ["kermanshah-8"]
    assert "Protesters shot in Kermanshah" in render_markdown(one)


def test_the_command_line(full_case, case_db, cli_env, tmp_path):
    from sabt.cli import app

    registered = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    assert {"command", "actors", "law"} <= registered
    runner = CliRunner()
    result = runner.invoke(app, ["command", "--db", case_db, "--incident", "kermanshah-8", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.strip().splitlines()[-1])["query"]["incident"]["key"] == "kermanshah-8"
    assert runner.invoke(app, ["law", "classify", "--db", case_db]).exit_code == 0
    result = runner.invoke(app, ["law", "matrix", "--db", case_db, "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output.strip().splitlines()[-1])
    assert len(document["acts"]) == 11 and len(document["contextual"]) == 4
    out = tmp_path / "chief.html"
    result = runner.invoke(app, ["actors", "designation", "chief", "--db", case_db, "-o", str(out)])
    assert result.exit_code == 0 and "<h1>Designation file: Chief Of Ground</h1>" in out.read_text()
    result = runner.invoke(app, ["actors", "export", "--db", case_db, "--format", "popolo", "-o", str(tmp_path / "p.json")])
    assert result.exit_code == 0 and json.loads((tmp_path / "p.json").read_text())["organizations"]
