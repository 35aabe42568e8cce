"""Each step is one verb with its defaults defined once (sabt.settings): the command line, the
Python API, the web app and `sabt run` get the same options, and each run records itself."""

from __future__ import annotations

import dataclasses
import json

import pytest
from linked_case import fill_linked_case
from sqlalchemy import select
from typer.testing import CliRunner

import sabt
from sabt.settings import EstimateOptions, LinkOptions, ReportOptions, StepOptions
from sabt.store import models


def _recorded_estimates(case) -> list[models.EstimateRun]:
    with case.session() as session:
        return list(session.scalars(select(models.EstimateRun).order_by(models.EstimateRun.id)))


@pytest.mark.slow
def test_cli_api_and_web_estimate_with_the_same_defaults(case, case_db, cli_env, tmp_path):
    """Before, `sabt estimate` and the web defaulted to log-linear, the API and `sabt run` to
    LCMCR; the seeds were none, 1 and 42. Now each records the options it ran with: the same."""
    from fastapi.testclient import TestClient

    from sabt.cli import app
    from sabt.web import auth, create_app

    fill_linked_case(case, people=300)
    cli = CliRunner().invoke(app, ["estimate", "--db", case_db, "--json"])
    assert cli.exit_code == 0, cli.output
    sabt.estimate(case)  # after the CLI imported the sub-package sabt.estimate: still the verb
    auth.add_user(case, "ana", "analyst", "a long enough password 1")
    token = auth.issue_token(case, "ana", days=1)
    with TestClient(create_app(case, secure_cookies=False, log_path=tmp_path / "log")) as client:
        response = client.post("/api/estimate", json={}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    runs = _recorded_estimates(case)
    assert len(runs) == 3
    defaults = json.loads(json.dumps(dataclasses.asdict(EstimateOptions())))
    assert [r.settings["options"] for r in runs] == [defaults] * 3
    assert len({r.settings["inputs_sha256"] for r in runs}) == 1
    assert len({(r.result["estimate"], r.result["lower"], r.result["upper"]) for r in runs}) == 1


def test_sabt_run_without_settings_takes_the_same_defaults():
    """`sabt run` builds its options from case.toml; sections left out are the defaults the
    CLI, the API and the web start from."""
    options = StepOptions.from_description({"case": {"title": "t"}})
    assert options == StepOptions()
    assert (options.link, options.estimate, options.report) == (LinkOptions(), EstimateOptions(), ReportOptions())


def test_the_case_settings_are_the_defaults_of_its_later_steps(case):
    """What `sabt run` read from case.toml is saved in the case; `sabt link`/`sabt estimate`
    on that case then start from it, not from the built-in defaults."""
    from sabt.settings import OPTIONS_SETTING

    saved = StepOptions.from_description({"estimate": {"method": "loglinear", "strata": ["province"]}})
    with case.session() as session:
        session.merge(models.CaseSetting(key=OPTIONS_SETTING, value=json.dumps(saved.as_dict())))
        session.commit()
    assert case.step_options().estimate == EstimateOptions(method="loglinear", strata=("province",))
    assert case.step_options().link == LinkOptions()


@pytest.mark.parametrize("description, message", [
    ({"estimate": {"method": "bayes"}}, "[estimate] method: 'bayes' is not one of lcmcr, loglinear, dga"),
    ({"estimate": {"max_order": 4}}, "[estimate] max_order: 4 is not 2 or 3"),
    ({"estimate": {"strata": ["city"]}}, "[estimate] strata: 'city': choose from province"),
    ({"estimate": {"strata": "province"}}, "[estimate] strata: 'province' is not a list"),
    ({"estimate": {"by": ["sex"], "strata": ["sex"]}}, "[estimate] by: give strata or by"),
    ({"estimate": {"seed": -1}}, "[estimate] seed: -1 is not a whole number"),
    ({"estimate": {"skip": "yes"}}, "[estimate] skip: 'yes' is not true or false"),
    ({"link": {"backend": "postgres"}}, "[link] backend: 'postgres' is not one of duckdb, spark"),
    ({"link": {"threshold": 1.5}}, "[link] threshold: 1.5 is not a probability between 0 and 1"),
    ({"link": {"threshold": True}}, "[link] threshold: True is not a probability"),
    ({"link": {"blocking": [[]]}}, "[link] blocking: give a list of rules"),
    ({"link": {"seed": "42"}}, "[link] seed: '42' is not a whole number"),
    ({"link": {"treshold": 0.5}}, "[link] treshold: unknown key; [link] takes backend, blocking, seed, threshold"),
    ({"report": {"languages": ["de"]}}, "[report] languages: ['de']: choose from en, fa"),
    ({"report": {"languages": []}}, "[report] languages: []: choose from en, fa"),
    ({"report": "en"}, "[report]: must be a table of keys"),
])
def test_a_bad_setting_is_one_error_naming_the_key(description, message):
    with pytest.raises(sabt.errors.SabtError) as raised:
        StepOptions.from_description(description, "case.toml")
    assert str(raised.value).startswith("case.toml: " + message), str(raised.value)


def test_settings_as_written_in_case_toml_are_read():
    options = StepOptions.from_description({
        "link": {"backend": "duckdb", "threshold": 0.7, "seed": 3,
                 "blocking": [["family_key", "province_code"], "native_key"]},
        "estimate": {"method": "dga", "max_order": 3, "by": ["province", "sex"], "seed": 9},
        "report": {"languages": ["fa", "en"]}})
    assert options.link == LinkOptions(threshold=0.7, seed=3,
                                       blocking=(("family_key", "province_code"), ("native_key",)))
    assert options.estimate == EstimateOptions(method="dga", max_order=3, strata=("province", "sex"), seed=9)
    assert options.report.languages == ("fa", "en")
    assert StepOptions.from_description(options.as_dict()) == options


def test_a_bad_case_toml_stops_sabt_run_before_it_writes(tmp_path, cli_env):
    from sabt.cli import app

    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "case.toml").write_text('[case]\ntitle = "t"\n\n[estimate]\nmethod = "lcmrc"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "case.toml: [estimate] method: 'lcmrc' is not one of" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_an_unchanged_estimate_is_found_by_its_inputs_hash(case):
    """`sabt run` does not sample again when the capture patterns, options and code are those
    of a recorded run; a changed option, or no reuse asked (`--force`), computes anew."""
    from sabt.estimate.run import estimate_case

    fill_linked_case(case, people=300)
    first = estimate_case(case, method="loglinear")
    again = estimate_case(case, method="loglinear", reuse=True)
    assert (again.reused, again.run_id, again.payload["estimate"]) == (True, first.run_id, first.payload["estimate"])
    other = estimate_case(case, method="loglinear", max_order=3, reuse=True)
    forced = estimate_case(case, method="loglinear")
    assert not other.reused and not forced.reused
    assert len(_recorded_estimates(case)) == 3
    with case.session() as session:  # one more person on one list: a different input
        record = session.scalars(select(models.Record)).first()
        person = models.Person()
        session.add(person)
        session.flush()
        session.add(models.Record(import_id=record.import_id, source_id=record.source_id, row_number=10_000,
                                  row_sha256="f" * 64, person_id=person.id))
        session.commit()
    assert not estimate_case(case, method="loglinear", reuse=True).reused


def test_an_unchanged_linkage_is_not_run_again(case, tmp_path):
    """link_case(reuse=True) — what `sabt run` asks — returns the last run when the records,
    the reviewed decisions and the options are unchanged; a review decision changes the inputs."""
    from sabt.ingest import import_list
    from sabt.link import link_case
    from sabt.link.review import decide_pair

    rows = ["id,name,age,city", "1,Ali Rezaei,25,Tehran", "2,Ali Rezaie,25,Tehran", "3,Sara Moradi,31,Karaj",
            "4,Sara Moradi,31,Karaj", "5,Reza Karimi,40,Tabriz", "6,Maryam Ahmadi,22,Shiraz"]
    (tmp_path / "l.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_list(case, tmp_path / "l.csv", "org")
    first = link_case(case, reuse=True)
    second = link_case(case, reuse=True)
    assert not first.reused and second.reused
    assert (second.run_id, second.persons, second.inputs_sha256) == (first.run_id, first.persons, first.inputs_sha256)
    with case.session() as session:
        ids = list(session.scalars(select(models.Record.id).order_by(models.Record.id)))
        runs = session.scalars(select(models.LinkRun)).all()
    assert len(runs) == 1 and runs[0].settings["options"] == dataclasses.asdict(LinkOptions()) | {"blocking": None}
    decide_pair(case, ids[4], ids[5], "reject", "reviewer")
    assert not link_case(case, reuse=True).reused
    assert link_case(case, seed=7, reuse=True).reused is False
