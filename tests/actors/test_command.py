"""Who was in command: chains, commanders and gaps, exactly at the edges of time and place."""

import datetime as dt
import json

import pytest
import typer
from typer.testing import CliRunner

from sabt.actors import CommandQueryError, import_actors, who_was_in_command
from sabt.cli.actors import actors_app, chain_of_command
from sabt.store import models

from .fixture import FILES, write_fixture


def _unit(answer, key):
    found = [u for u in answer.units if u.unit["key"] == key]
    assert found, f"{key} not in {[u.unit['key'] for u in answer.units]}"
    return found[0]


def _names(people):
    return [c["person"]["key"] for c in people]


def test_kermanshah_on_the_8th_chain_commanders_sources(actors_case):
    answer = who_was_in_command(actors_case, place="Kermanshah", date="2026-01-08")
    div = _unit(answer, "div")
    assert div.via["specificity"] == "place" and not div.via["less_specific"]
    assert {s["source_id"] for s in div.via["sources"]} == {"src-1", "src-2"}
    assert _names(div.commanders) == ["cmdr-one"]  # his post ends on the 8th: inclusive
    assert div.commanders[0]["sources"][0]["quote"] == "commanded until the 8th"
    ground = div.parents[0]
    assert ground.unit["key"] == "ground" and ground.via["relation"] == "command"
    assert ground.via["sources"][0]["source_id"] == "src-1"
    assert _names(ground.commanders) == ["chief"]  # open-ended post, year-precision start
    top = ground.parents[0]
    assert top.unit["key"] == "top" and top.top_of_record
    assert "no commander on record for Top Command on 2026-01-08" in top.gaps
    assert "no commander on record for Top Command on 2026-01-08" in answer.all_gaps()


def test_commander_replaced_mid_window_yields_both_with_dates(actors_case):
    answer = who_was_in_command(actors_case, place="Kermanshah", date="2026-01-08..2026-01-09")
    div = _unit(answer, "div")
    assert _names(div.commanders) == ["cmdr-one", "cmdr-two"]
    assert [c["span"]["to"] for c in div.commanders] == ["2026-01-08", None]
    assert not any(c["whole_window"] for c in div.commanders)
    assert not [g for g in div.gaps if "Division One" in g]  # the handover leaves no day uncovered
    on_ninth = who_was_in_command(actors_case, place="Kermanshah", date="2026-01-09")
    assert _names(_unit(on_ninth, "div").commanders) == ["cmdr-two"]
    on_seventh = who_was_in_command(actors_case, place="Kermanshah", date="2026-01-07")
    assert "div" not in [u.unit["key"] for u in on_seventh.units]  # deployed from the 8th only


def test_re_parented_unit_shows_both_parents_each_for_its_days(actors_case):
    answer = who_was_in_command(actors_case, place="Kermanshah", date="2026-01-08..2026-01-09")
    bde = _unit(answer, "bde")
    assert [p.unit["key"] for p in bde.parents] == ["div", "other"]
    assert [p.window["first_day"] for p in bde.parents] == ["2026-01-08", "2026-01-09"]
    assert [p.window["last_day"] for p in bde.parents] == ["2026-01-08", "2026-01-09"]
    # under the division on the 8th only: its commander then is Commander One alone
    assert _names(bde.parents[0].commanders) == ["cmdr-one"]
    assert "no commander on record for Brigade Two on 2026-01-08 – 2026-01-09" in bde.gaps
    assert not [g for g in bde.gaps if "no parent unit" in g]


def test_province_level_deployment_is_flagged_less_specific(actors_case):
    answer = who_was_in_command(actors_case, place="Kermanshah", date="2026-01-08")
    militia = _unit(answer, "militia")
    assert militia.via["specificity"] == "province" and militia.via["less_specific"]
    assert militia.via["uncertain_dates"]  # deployed "2026-01": the 8th is inside a month-precision start
    assert answer.units[-1].unit["key"] == "militia"  # exact places first
    tie = militia.parents[0]
    assert tie.unit["key"] == "ext" and tie.via["relation"] == "non-command"
    by_province = who_was_in_command(actors_case, place="Kermanshah Province", date="2026-01-08")
    assert _unit(by_province, "div").via["specificity"] == "within"
    assert _unit(by_province, "militia").via["specificity"] == "place"


def test_month_query_and_month_precision_start(actors_case):
    answer = who_was_in_command(actors_case, place="Kermanshah Province", date="2025-12")
    assert answer.units == []
    assert answer.gaps and answer.gaps[0].startswith("no unit on record deployed at Kermanshah")


def test_no_unit_at_a_place_is_an_explicit_gap(actors_case):
    answer = who_was_in_command(actors_case, place="Shiraz", date="2026-01-08")
    assert answer.units == []
    assert answer.gaps == ["no unit on record deployed at Shiraz (or its province) on 2026-01-08"]


def _incident(case, key, day, place_key, actor_key=None, involvement="carried_out"):
    with case.session() as session:
        incident = models.Incident(key=key, title=key, type="killing", start_date=day, end_date=day,
                                   date_precision="day", place_key=place_key)
        session.add(incident)
        session.flush()
        if actor_key:
            actor = session.query(models.Actor).filter_by(key=actor_key).one()
            session.add(models.IncidentActor(incident_id=incident.id, actor_id=actor.id, involvement=involvement,
                                             confidence="low"))
        session.commit()
        return incident.id


def test_month_precision_end_covers_the_last_day_and_not_the_next(actors_case):
    _incident(actors_case, "dec-31", dt.date(2025, 12, 31), "gn:130802", "bde")
    _incident(actors_case, "jan-01", dt.date(2026, 1, 1), "gn:130802", "bde")
    before = who_was_in_command(actors_case, incident_id="dec-31")
    bde = _unit(before, "bde")
    assert bde.via["kind"] == "incident" and bde.via["involvement"] == "carried_out"
    assert _names(bde.commanders) == ["bde-cmdr"] and bde.commanders[0]["uncertain_dates"]
    assert not [g for g in bde.gaps if "no commander" in g]
    after = who_was_in_command(actors_case, incident_id="jan-01")
    bde = _unit(after, "bde")
    assert bde.commanders == []
    assert "no commander on record for Brigade Two on 2026-01-01" in bde.gaps


def test_incident_query_uses_the_incidents_place_and_dates(actors_case):
    incident_id = _incident(actors_case, "kermanshah-killing", dt.date(2026, 1, 9), "gn:128226")
    answer = who_was_in_command(actors_case, incident_id=incident_id)
    assert answer.query["incident"]["key"] == "kermanshah-killing"
    assert _names(_unit(answer, "div").commanders) == ["cmdr-two"]
    assert who_was_in_command(actors_case, incident_id="kermanshah-killing").to_dict()["window"]["first_day"] == "2026-01-09"


def test_a_loop_in_the_record_is_reported_not_followed(case, tmp_path):
    parentage = FILES["parentage.csv"] + "top,div,command,,,src-1,,low\n"
    import_actors(case, write_fixture(tmp_path / "a", **{"parentage.csv": parentage}))
    answer = who_was_in_command(case, place="Kermanshah", date="2026-01-08")
    assert any("loop" in gap for gap in answer.all_gaps())


def test_bad_questions_are_clear_errors(actors_case):
    with pytest.raises(CommandQueryError, match="not a place"):
        who_was_in_command(actors_case, place="Atlantis", date="2026-01-08")
    with pytest.raises(CommandQueryError, match="cannot read the date"):
        who_was_in_command(actors_case, place="Kermanshah", date="2026-02-30")
    with pytest.raises(CommandQueryError, match="no incident"):
        who_was_in_command(actors_case, incident_id="nope")
    with pytest.raises(CommandQueryError):
        who_was_in_command(actors_case, place="Kermanshah")


def test_to_dict_is_json(actors_case):
    answer = who_was_in_command(actors_case, place="Kermanshah", date=dt.date(2026, 1, 8))
    document = json.loads(json.dumps(answer.to_dict()))
    assert document["place"]["key"] == "gn:128226"
    assert document["units"][0]["parents"][0]["via"]["sources"]


@pytest.fixture
def cli():
    app = typer.Typer()
    app.command("command")(chain_of_command)
    app.add_typer(actors_app, name="actors")
    return app


def test_cli_command_tree_and_json(cli, actors_case, case_db, cli_env):
    result = CliRunner().invoke(cli, ["command", "--db", case_db, "--place", "Kermanshah", "--date", "2026-01-08",
                                      "--json"])
    assert result.exit_code == 0, result.output
    assert "Division One" in result.output and "Ground Forces" in result.output
    assert "gap:" in result.output and "(less specific)" in result.output
    document = json.loads(result.output.strip().splitlines()[-1])
    assert [u["unit"]["key"] for u in document["units"]][:2] == ["bde", "div"]


def test_cli_command_errors(cli, actors_case, case_db, cli_env):
    result = CliRunner().invoke(cli, ["command", "--db", case_db, "--place", "Kermanshah"])
    assert result.exit_code == 2
    result = CliRunner().invoke(cli, ["command", "--db", case_db, "--place", "Atlantis", "--date", "2026-01-08"])
    assert result.exit_code == 1 and "not a place" in result.output and "Traceback" not in result.output


def test_a_deployed_unit_that_is_also_an_incident_actor_says_so(actors_case):
    _incident(actors_case, "k-9", dt.date(2026, 1, 9), "gn:128226", "div", involvement="present")
    answer = who_was_in_command(actors_case, incident_id="k-9")
    div = [u for u in answer.units if u.unit["key"] == "div"]
    assert len(div) == 1 and div[0].via["kind"] == "deployment"
    assert div[0].via["incident_involvements"][0]["involvement"] == "present"
