"""A day's work in the web app (issue 17): names instead of keys and codes, cross-script search,
sources by name, one way of writing numbers, estimates explained, clear refusals, the missing
pages. Real HTTP against the app on the seeded case (SQLite, or PostgreSQL with SABT_TEST_DB)."""

from __future__ import annotations

import re

from sqlalchemy import select

from sabt.claims.vocab import METRICS
from sabt.store import models
from sabt.web import i18n

from .conftest import PLAIN, csrf_of


def _options(page: str, name: str) -> list[str]:
    block = re.search(rf'<select name="{name}">(.*?)</select>', page, re.S).group(1)
    return re.findall(r"<option[^>]*>([^<]*)</option>", block)


def test_every_metric_has_a_name_in_both_languages():
    for lang in ("en", "fa"):
        missing = [m for m in METRICS if f"metric.{m}" not in i18n.table(lang)]
        assert missing == [], (lang, missing)


def test_the_metric_dropdown_shows_names_not_keys(browser_session, case):
    client = browser_session("viewer")
    options = _options(client.get("/claims").text, "metric")
    assert "provinces with protests" in options
    assert not [o for o in options if o.startswith("metric.")], options
    with case.session() as session:
        session.get(models.User, session.scalar(select(models.User.id).where(models.User.name == "viewer"))).lang = "fa"
        session.commit()
    options = _options(client.get("/claims").text, "metric")
    assert "استان‌های معترض" in options and not [o for o in options if "metric." in o or o.isascii() and o != "—"]


def test_a_province_is_shown_by_its_name_in_both_languages(browser_session, case, seeded):
    client = browser_session("viewer")
    person = seeded["plain_person"]
    listed = client.get("/persons").text
    assert "Tehran" in listed and "IR-23" not in listed
    assert "Tehran" in client.get(f"/persons/{person}").text
    with case.session() as session:
        session.scalar(select(models.User).where(models.User.name == "viewer")).lang = "fa"
        session.commit()
    page = client.get(f"/persons/{person}").text
    assert "تهران" in page and "IR-23" not in page


def test_a_person_shows_its_status(browser_session, seeded):
    client = browser_session("viewer")
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", client.get("/persons").text, re.S) if PLAIN in r)
    assert "killed" in row
    assert re.search(r"<dt>Status</dt>\s*<dd>killed</dd>", client.get(f"/persons/{seeded['plain_person']}").text)


def test_claims_show_their_source_by_name_and_a_source_name_finds_its_claims(browser_session, case):
    with case.session() as session:
        session.add(models.Source(id="ref-59", name="Hengaw Organization for Human Rights", kind="report"))
        session.flush()
        session.add(models.Claim(source_id="ref-59", metric="arrested", best=700, status="reported", quote="700 held"))
        session.commit()
    client = browser_session("viewer")
    listed = client.get("/claims").text
    assert ">Hengaw Organization for Human Rights</a>" in listed and ">ref-59<" not in listed
    found = client.get("/claims", params={"q": "HRANA"}).text
    assert "2,403" in found and "700" not in found and "Total: 1" in found
    assert "700" in client.get("/claims", params={"q": "hengaw"}).text


def test_the_home_page_and_the_claims_list_write_a_value_the_same_way(api, browser_session):
    analyst = api("analyst")
    made = analyst.post("/api/claims", json={"source_id": "hrana", "metric": "arrested", "low": 24001,
                                             "as_of": "2026-02-01", "quote": "at least 24,001 arrested"}).json()
    client = browser_session("viewer")

    def value_in(page: str) -> str:
        row = re.search(rf'<a href="/claims/{made["id"]}">[^<]*</a></td>(.*?)</tr>', page, re.S).group(1)
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        return next(c for c in cells if "24" in c)
    home, listed = value_in(client.get("/").text), value_in(client.get("/claims").text)
    assert home == listed == made["value"], (home, listed, made["value"])


def _import(case, tmp_path, source_id: str, rows: list[str], name: str = "list.csv") -> None:
    from sabt.ingest import import_list

    with case.session() as session:
        if session.get(models.Source, source_id) is None:
            session.add(models.Source(id=source_id, name=source_id.upper(), kind="list"))
            session.commit()
    path = tmp_path / name
    path.write_text("id,name,age,sex,date_of_death,city,status,protected\n" + "\n".join(rows) + "\n", encoding="utf-8")
    import_list(case, path, source_id)


def test_a_name_is_found_across_scripts_in_the_pages_and_the_api(api, browser_session, case, tmp_path):
    _import(case, tmp_path, "kurd", ["K-1,حسین کریمی,30,m,2026-01-10,Sanandaj,killed,0",
                                     "K-2,Hossein Moradi,22,m,2026-01-11,Tehran,killed,0",
                                     "K-3,Maryam Karimi,19,f,2026-01-11,Tehran,killed,0"])
    viewer = api("viewer")
    latin = {r["identity"]["name"] for r in viewer.get("/api/records", params={"q": "Hossein"}).json()["items"]}
    assert latin == {"حسین کریمی", "Hossein Moradi"}, latin
    persian = {r["identity"]["name"] for r in viewer.get("/api/records", params={"q": "حسین"}).json()["items"]}
    assert persian == latin
    both = {r["identity"]["name"] for r in viewer.get("/api/records", params={"q": "Hossein Karimi"}).json()["items"]}
    assert both == {"حسین کریمی"}
    with case.session() as session:
        session.add(models.Person(name="حسین کریمی", status="killed"))
        session.commit()
    page = browser_session("viewer").get("/persons", params={"q": "hossein"}).text
    assert "حسین کریمی" in page


def test_a_viewer_cannot_find_a_protected_name_in_the_other_script(api, case, tmp_path):
    _import(case, tmp_path, "kurd", ["K-1,حسین سرّی,30,m,2026-01-10,Sanandaj,killed,1"])
    for role, found in (("viewer", 0), ("analyst", 0)):
        # substring search never reaches protected rows (blind index: exact name only, and only for roles that may see)
        assert api(role).get("/api/records", params={"q": "Hossein"}).json()["total"] == found


# -- background runs, estimates in words ----------------------------------------------------------
def _lists_with_status(case, tmp_path) -> None:
    """Three lists drawn from 240 people (as tests/web/test_runs.py), with a status column."""
    import random

    from .test_runs import CITIES, FAMILY, GIVEN

    rng = random.Random(7)
    people = [(f"{GIVEN[i % 20]} {FAMILY[(i * 7 + i // 20) % 20]}", rng.randint(16, 70), rng.choice("mf"),
               rng.randint(1, 28), rng.choice(CITIES)) for i in range(240)]
    for k in range(3):
        rows = [f"{k}-{i},{name},{age},{sex},2026-01-{day:02d},{city},killed,0"
                for i, (name, age, sex, day, city) in enumerate(people) if rng.random() < 0.6]
        _import(case, tmp_path, f"org-{k}", rows, f"org-{k}.csv")


def _poll(client, job_id: str, seen: set, timeout: float = 240.0) -> str:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        card = client.get(f"/run/jobs/{job_id}")
        assert card.status_code == 200
        state = re.search(r'data-state="(\w+)"', card.text).group(1)
        seen.add(state)
        if state != "running":
            return card.text
        assert 'hx-trigger="load delay:1s"' in card.text and "<progress" in card.text
        time.sleep(0.3)
    raise AssertionError("the run did not finish")


def test_runs_started_from_the_page_show_progress_and_explain_the_estimate(browser_session, case, tmp_path):
    _lists_with_status(case, tmp_path)
    client = browser_session("analyst")
    token = csrf_of(client, "/run")
    started = client.post("/run/link", data={"csrf_token": token}, headers={"HX-Request": "true"})
    assert started.status_code == 200 and 'data-state="running"' in started.text     # answered at once
    job_id = re.search(r'hx-get="/run/jobs/([\w-]+)"', started.text).group(1)
    assert client.get("/claims").status_code == 200                                    # the app stays usable
    assert client.post("/run/estimate", data={"csrf_token": token}).status_code == 409  # one run at a time
    seen: set = set()
    done = _poll(client, job_id, seen)
    assert "running" in seen and 'data-state="done"' in done and "Persons" in done, done
    statuses = re.findall(r"<tr>.*?</tr>", client.get("/persons").text, re.S)[1:]
    assert statuses and all("killed" in row for row in statuses)                       # persons get their status

    started = client.post("/run/estimate", data={"method": "loglinear", "csrf_token": token})
    assert started.status_code == 303
    card = _poll(client, started.headers["location"].split("=", 1)[1], set())
    with case.session() as session:
        run = session.scalars(select(models.EstimateRun).order_by(models.EstimateRun.id.desc())).first()
    total, observed = round(run.result["estimate"]), run.result["observed"]
    assert f"{total:,}" in card and f"{observed:,} people are documented" in card
    assert "95 % confidence interval runs from" in card and f"{round(run.result['lower']):,}" in card
    assert "The chosen model" in card and "[" not in re.sub(r"<[^>]+>", "", card)
    assert not re.search(r"\d\.\d{3,}", card), "a raw float is shown"
    page = client.get("/run").text
    table_total = re.search(r'<table class="grid" id="estimates">.*?<td class="num">([^<]+)</td>', page, re.S).group(1)
    assert table_total == f"{total:,}"
    assessment = client.get("/assessment").text
    assert f'id="estimate">{total:,}<' in assessment and "does not state which population" in assessment


# -- uploads ----------------------------------------------------------------------------------------
def test_an_empty_upload_is_refused_and_stores_nothing(browser_session, api, case):
    client = browser_session("analyst")
    sent = client.post("/evidence", data={"csrf_token": csrf_of(client, "/evidence")},
                       files={"files": ("empty.jpg", b"", "image/jpeg")})
    assert sent.status_code == 422 and "empty.jpg: the file is empty (0 bytes)" in sent.text
    refused = api("analyst").post("/api/evidence", files={"files": ("empty.jpg", b"", "image/jpeg")})
    assert refused.status_code == 422 and "empty" in refused.json()["detail"][0]["msg"]
    with case.session() as session:
        assert session.scalar(select(models.Evidence)) is None


def test_a_repeated_upload_says_when_and_as_which_item_it_was_imported(browser_session, case):
    client = browser_session("analyst")
    token = csrf_of(client, "/evidence")
    first = client.post("/evidence", data={"csrf_token": token}, files={"files": ("clip.mp4", b"frames" * 50, "video/mp4")})
    assert first.status_code == 303
    evidence_id = first.headers["location"].rsplit("/", 1)[1]
    again = client.post("/evidence", data={"csrf_token": token},
                        files={"files": ("copy of clip.mp4", b"frames" * 50, "video/mp4")})
    assert again.status_code == 409, again.status_code
    assert re.search(rf"copy of clip.mp4 was already uploaded on \d{{4}}-\d\d-\d\d \d\d:\d\d UTC as evidence {evidence_id} "
                     r"\(clip.mp4\); nothing was stored", again.text), again.text
    with case.session() as session:
        assert len(session.scalars(select(models.Evidence)).all()) == 1


# -- review ---------------------------------------------------------------------------------------
def test_review_shows_why_a_pair_scored_and_a_name_in_two_scripts_is_not_a_difference(browser_session, case, tmp_path):
    _import(case, tmp_path, "kurd", ["K-1,حسین کریمی,30,m,2026-01-10,Sanandaj,killed,0",
                                     "K-2,Hossein Karimi,31,m,2026-01-10,Sanandaj,killed,0"])
    with case.session() as session:
        a, b = sorted(session.scalars(select(models.Record.id).where(models.Record.source_id == "kurd")))
        run = session.scalars(select(models.LinkRun).order_by(models.LinkRun.id.desc())).first()
        session.add(models.RecordLink(run_id=run.id, record_a=a, record_b=b, match_probability=0.5,
                                      drivers={"name": 4.2, "event_date": 2.5, "birth_year": -1.6}))
        session.commit()
    page = browser_session("reviewer").get("/review").text
    assert f'data-a="{a}" data-b="{b}"' in page
    name_row = re.search(r'<tr[^>]*data-field="name"[^>]*>', page).group(0)
    assert 'class="differ"' not in name_row and 'data-compare="same_script"' in name_row
    assert "the same name in two scripts" in page
    assert re.search(r'<tr[^>]*data-field="age"[^>]*class|<tr class="differ" data-field="age"', page)   # 30 / 31 differ
    drivers = re.search(r'<table class="grid drivers" id="drivers">(.*?)</table>', page, re.S).group(1)
    rows = re.findall(r'<th scope="row">([^<]+)</th><td class="num"><bdi>([^<]+)</bdi>', drivers)
    assert rows == [("Name (romanised)", "+4.2"), ("Date of death or arrest", "+2.5"), ("Age / year of birth", "-1.6")]
    assert "strongly for the same person" in drivers and "against" in drivers


# -- the missing pages ----------------------------------------------------------------------------
def test_a_favicon_is_served_and_every_page_names_it(browser_session, app):
    from fastapi.testclient import TestClient

    icon = TestClient(app).get("/favicon.ico")                   # asked for before signing in, too
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon" and icon.content[:4] == b"\0\0\1\0"
    page = browser_session("viewer").get("/claims").text
    assert '<link rel="icon" href="/static/favicon.svg"' in page
    assert TestClient(app).get("/static/favicon.svg").status_code == 200


def test_the_records_page_lists_and_searches_records(browser_session, seeded):
    client = browser_session("viewer")
    listed = client.get("/records")
    assert listed.status_code == 200 and PLAIN in listed.text and "Total: 2" in listed.text   # the two open records
    assert "Zhila" not in listed.text and "ژیلا" not in listed.text
    found = client.get("/records", params={"q": "Rezaee"}).text        # another spelling of the same name
    assert "Ali Rezai<" in found and f"{PLAIN}<" in found and "Total: 2" in found
    assert "Total: 0" in client.get("/records", params={"q": "Karimi"}).text
    analyst = browser_session("analyst").get("/records").text
    assert "Total: 4" in analyst


def test_the_places_page_names_places_in_both_languages(browser_session, case):
    client = browser_session("viewer")
    page = client.get("/places", params={"kind": "province"}).text
    assert "Tehran" in page and "تهران" in page and "Total: 31" in page
    assert "Kermanshah" in client.get("/places", params={"q": "کرمانشاه"}).text


def test_a_lists_source_page_shows_its_records_and_import_history(browser_session, seeded):
    viewer = browser_session("viewer").get("/sources/hrana").text
    records = re.search(r'<section id="source-records">(.*?)</section>', viewer, re.S).group(1)
    assert PLAIN in records and "Ali Rezai" in records and "Zhila" not in records
    imports = re.search(r'<section id="imports">(.*?)</section>', viewer, re.S).group(1)
    assert "hrana.csv" in imports
    cells = re.findall(r"<td[^>]*>(.*?)</td>", re.search(r"<tbody>(.*?)</tbody>", imports, re.S).group(1), re.S)
    assert cells[-1] == "2" and "Rows read" not in imports       # the viewer's count: the open records only
    analyst = browser_session("analyst").get("/sources/hrana").text
    imports = re.search(r'<section id="imports">(.*?)</section>', analyst, re.S).group(1)
    assert "Rows read" in imports and ">4<" in imports


def test_every_page_route_the_docs_name_exists(browser_session):
    """docs/web.md names pages in backticks (`/review`, `/records`, …): each answers, none is a 404."""
    from pathlib import Path

    docs = (Path(__file__).parents[2] / "docs" / "web.md").read_text(encoding="utf-8")
    named = {path for path in re.findall(r"`(/[a-z][a-z_/-]*)`", docs)
             if not path.startswith(("/api", "/static", "/tmp", "/usr", "/login", "/logout"))}
    assert {"/records", "/places", "/review", "/run"} <= named, named
    client = browser_session("admin")
    missing = [path for path in sorted(named) if client.get(path).status_code == 404]
    assert missing == [], missing


# -- dates in the user's calendar ---------------------------------------------------------------
def _persian(case, name: str) -> None:
    with case.session() as session:
        session.scalar(select(models.User).where(models.User.name == name)).lang = "fa"
        session.commit()


def test_a_persian_user_enters_solar_hijri_dates(browser_session, case):
    _persian(case, "analyst")
    client = browser_session("analyst")
    form = client.get("/claims/new").text
    assert 'type="date"' not in form and 'name="as_of" value="" class="date"' in form and "۱۴۰۴/۱۰/۱۸" in form
    token = csrf_of(client, "/claims/new")
    made = client.post("/claims", data={"source_id": "hrana", "metric": "killed", "best": "12", "as_of": "۱۴۰۴/۱۰/۱۸",
                                         "period_start": "1404-10-08", "status": "reported", "csrf_token": token})
    assert made.status_code == 303, made.text[-2000:]
    claim_id = int(made.headers["location"].rsplit("/", 1)[1])
    with case.session() as session:
        claim = session.get(models.Claim, claim_id)
        assert (claim.as_of.isoformat(), claim.period_start.isoformat()) == ("2026-01-08", "2025-12-29")
    edit = client.get(f"/claims/{claim_id}/edit").text
    assert 'name="as_of" value="۱۴۰۴/۱۰/۱۸"' in edit and "۲۰۲۶-۰۱-۰۸" in edit      # Gregorian beside it
    bad = client.post("/claims", data={"source_id": "hrana", "metric": "killed", "as_of": "1404/13/45", "csrf_token": token})
    assert bad.status_code == 422 and "month 13 does not exist in the Solar Hijri calendar" in bad.text
    filtered = client.get("/claims", params={"date_from": "۱۴۰۴/۱۰/۱۸", "date_to": "1404-10-18"}).text
    assert f'href="/claims/{claim_id}"' in filtered and 'value="۱۴۰۴/۱۰/۱۸"' in filtered


def test_the_english_interface_keeps_iso_dates(browser_session):
    client = browser_session("analyst")
    form = client.get("/claims/new").text
    assert 'placeholder="YYYY-MM-DD"' in form and 'data-calendar="gregorian"' in form
    listed = client.get("/claims", params={"date_from": "2026-01-16"}).text
    assert 'value="2026-01-16"' in listed and "2,403" in listed and "12,000" in listed


def test_the_home_pages_record_total_opens_the_records_page(browser_session):
    assert '<a href="/records"><strong>' in browser_session("viewer").get("/").text
