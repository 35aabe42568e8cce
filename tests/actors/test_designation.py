"""Designation files: what is recorded about one actor, the incidents tied to it, every source."""

import datetime as dt

import pytest

from sabt.actors import ActorNotFound, designation, render_html, render_markdown
from sabt.store import models


@pytest.fixture
def with_incidents(actors_case):
    with actors_case.session() as session:
        session.add_all([
            models.Incident(key="k-city", title="Killings in Kermanshah city", type="killing",
                            start_date=dt.date(2026, 1, 8), end_date=dt.date(2026, 1, 8), date_precision="day",
                            place_key="gn:128226"),
            models.Incident(key="k-later", title="Arrests in Kermanshah city", type="arrest",
                            start_date=dt.date(2026, 2, 8), end_date=dt.date(2026, 2, 8), date_precision="day",
                            place_key="gn:128226"),
            models.Incident(key="shiraz", title="Killings in Shiraz", type="killing",
                            start_date=dt.date(2026, 1, 8), date_precision="day", place_key="gn:115019"),
        ])
        session.add(models.Claim(key="claim-1", source_id="src-1", metric="directive", actor_text="Chief Of Ground",
                                 quote="the chief ordered it", credibility=2, status="reported"))
        session.commit()
    return actors_case


def test_unit_designation_ties_incidents_through_deployments_and_subordinates(with_incidents):
    file = designation(with_incidents, "ground")
    assert file["actor"]["name"] == "Ground Forces"
    assert [p["person"]["key"] for p in file["posts"]] == ["chief", "chief"]
    assert [s["unit"]["key"] for s in file["subordinates"]] == ["div"]
    tied = {e["incident"]["key"]: e for e in file["incidents"]}
    assert set(tied) == {"k-city"}  # not February (no deployment then), not Shiraz (elsewhere)
    kinds = {t["how"] for t in tied["k-city"]["ties"]}
    assert kinds == {"command"}
    path = tied["k-city"]["ties"][0]["path"]
    assert path[0]["link"] == "parentage" and path[-1]["link"] == "deployment"
    assert all(step["sources"] for step in path)
    assert {s["id"] for s in file["sources"]} == {"src-1", "src-2"}


def test_person_designation_ties_incidents_through_command_posts(with_incidents):
    file = designation(with_incidents, "cmdr-one")
    tied = {e["incident"]["key"] for e in file["incidents"]}
    assert tied == {"k-city"}
    path = file["incidents"][0]["ties"][0]["path"]
    assert path[0]["link"] == "post" and "Commander One" in path[0]["text"]
    assert designation(with_incidents, "cmdr-two")["incidents"] == []  # in post from the 9th


def test_province_level_deployment_tie_is_flagged_less_specific(with_incidents):
    file = designation(with_incidents, "militia")
    tie = file["incidents"][0]["ties"][0]
    assert file["incidents"][0]["incident"]["key"] == "k-city"
    assert tie["how"] == "deployment" and tie["less_specific"] and tie["uncertain_dates"]


def test_claims_naming_the_actor_and_lookup_by_alias(with_incidents):
    file = designation(with_incidents, "Chief Of Ground")
    assert [c["key"] for c in file["claims_naming"]] == ["claim-1"]
    assert file["claims_naming"][0]["grade"] == "B2"
    assert designation(with_incidents, "First Division")["actor"]["key"] == "div"
    with pytest.raises(ActorNotFound):
        designation(with_incidents, "nobody")


def test_renderings_carry_every_source(with_incidents):
    file = designation(with_incidents, "div")
    markdown = render_markdown(file)
    assert markdown.startswith("# Designation file: Division One")
    assert "not a finding" in markdown and "https://example.org/1" in markdown and "Killings in Kermanshah city" in markdown
    page = render_html(file)
    assert "<h1>Designation file: Division One</h1>" in page and 'id=\'src-src-2\'' in page
    assert "<script" not in page and "http://" not in page.replace("https://example.org", "")


def test_html_escapes_what_sources_say(actors_case, tmp_path):
    with actors_case.session() as session:
        actor = session.query(models.Actor).filter_by(key="div").one()
        actor.description = "<script>alert(1)</script>"
        session.commit()
    assert "<script>" not in render_html(designation(actors_case, "div"))
