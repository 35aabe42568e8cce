"""Importing actors: atomic, idempotent, every problem with its file, line and column."""

import pytest
from sqlalchemy import func, select

from sabt.actors import import_actors
from sabt.errors import ImportRefused
from sabt.store import models

from .fixture import FILES, write_fixture


def _count(case, model):
    with case.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_import_writes_every_kind_with_citations(case, tmp_path):
    summary = import_actors(case, write_fixture(tmp_path / "a"))
    assert summary.actors_added == 12
    assert (summary.posts_added, summary.parentages_added, summary.deployments_added) == (5, 6, 4)
    assert summary.sources_added == 2
    with case.session() as session:
        div = session.scalars(select(models.Actor).where(models.Actor.key == "div")).one()
        assert div.aliases == ["Div 1", "First Division"]
        cited = session.scalars(select(models.Citation).where(models.Citation.subject_table == "actors",
                                                              models.Citation.subject_id == div.id)).all()
        assert {c.source_id for c in cited} == {"src-1", "src-2"}
        # one deployment cited by two sources: one row, two citations, best confidence kept
        deployments = session.scalars(select(models.Deployment).where(models.Deployment.unit_id == div.id)).all()
        assert len(deployments) == 1 and deployments[0].confidence == "high"
        assert len(session.scalars(select(models.Citation).where(
            models.Citation.subject_table == "deployments", models.Citation.subject_id == deployments[0].id)).all()) == 2
        militia = session.scalars(select(models.Actor).where(models.Actor.key == "militia")).one()
        deployment = session.scalars(select(models.Deployment).where(models.Deployment.unit_id == militia.id)).one()
        assert (deployment.place_key, deployment.start_precision, deployment.end_date) == ("IR-05", "month", None)
        assert deployment.strength_best == 200


def test_import_is_idempotent(case, tmp_path):
    folder = write_fixture(tmp_path / "a")
    import_actors(case, folder)
    counts = [_count(case, m) for m in (models.Actor, models.Post, models.Parentage, models.Deployment,
                                        models.Citation)]
    again = import_actors(case, folder)
    assert again.actors_added == again.posts_added == again.citations_added == 0
    assert again.actors_unchanged == 12
    assert [_count(case, m) for m in (models.Actor, models.Post, models.Parentage, models.Deployment,
                                      models.Citation)] == counts


def test_a_bad_row_refuses_the_whole_import_with_file_line_and_column(case, tmp_path):
    posts = FILES["posts.csv"] + "cmdr-one,div,commander,,,yes,2026-01-32,,src-1,,high\n"
    parentage = FILES["parentage.csv"] + "div,nobody,command,,,src-1,,high\n"
    deployments = FILES["deployments.csv"] + "div,Kermanshah,,,,,2026-01-09,2026-01-08,src-9,,sure\n"
    folder = write_fixture(tmp_path / "a", **{"posts.csv": posts, "parentage.csv": parentage,
                                              "deployments.csv": deployments})
    with pytest.raises(ImportRefused) as refused:
        import_actors(case, folder)
    message = str(refused.value)
    assert "nothing was imported" in message
    assert "posts.csv: line 7, column 'start'" in message and "day 32" in message
    assert "parentage.csv: line 8, column 'parent'" in message
    assert "deployments.csv: line 7, column 'end': ends before it starts" in message
    assert "deployments.csv: line 7, column 'source_id'" in message
    assert "deployments.csv: line 7, column 'confidence'" in message
    assert _count(case, models.Actor) == 0 and _count(case, models.Citation) == 0


def test_unknown_columns_files_and_kinds_are_refused(case, tmp_path):
    folder = write_fixture(tmp_path / "a", **{"posts.csv": FILES["posts.csv"].replace("start,end", "stat,end")})
    with pytest.raises(ImportRefused, match=r"posts.csv: line 1: unknown column\(s\) stat"):
        import_actors(case, folder)
    folder = write_fixture(tmp_path / "b", **{"notes.csv": "a,b\n1,2\n"})
    with pytest.raises(ImportRefused, match="unknown file"):
        import_actors(case, folder)
    wrong_kind = FILES["posts.csv"] + "div,div,commander,,,yes,,,src-1,,high\n"
    with pytest.raises(ImportRefused, match="'div' is a unit, not a person"):
        import_actors(case, write_fixture(tmp_path / "c", **{"posts.csv": wrong_kind}))


def test_rows_that_disagree_about_one_datum_are_refused(case, tmp_path):
    units = FILES["units.csv"] + "div,Division Two,,,,,,,src-1,,high\n"
    with pytest.raises(ImportRefused, match="column 'name': disagrees with an earlier row"):
        import_actors(case, write_fixture(tmp_path / "a", **{"units.csv": units}))


def test_missing_source_is_refused_unless_sources_csv_names_it(case, tmp_path):
    folder = write_fixture(tmp_path / "a", **{"sources.csv": None})
    with pytest.raises(ImportRefused, match="source 'src-1' is not in the case nor in sources.csv"):
        import_actors(case, folder)


def test_directives_become_directive_incidents_tied_to_their_issuer(case, tmp_path):
    directives = ("key,actor,date,title,place,source_id,quote,confidence\n"
                  "order-1,chief,2026-01-03,Deal with them decisively,Iran,src-1,deal with them decisively,high\n")
    import_actors(case, write_fixture(tmp_path / "a", **{"directives.csv": directives}))
    again = import_actors(case, write_fixture(tmp_path / "a", **{"directives.csv": directives}))
    assert again.directives_added == 0
    with case.session() as session:
        incident = session.scalars(select(models.Incident).where(models.Incident.key == "order-1")).one()
        assert (incident.type, incident.place_key, str(incident.start_date)) == ("directive", "IR", "2026-01-03")
        link = session.scalars(select(models.IncidentActor).where(models.IncidentActor.incident_id == incident.id)).one()
        assert link.involvement == "ordered"
        assert session.scalars(select(models.Citation).where(models.Citation.subject_table == "incident_actors",
                                                             models.Citation.subject_id == link.id)).one().quote


def test_persian_and_arabic_names_and_partial_dates_survive(case, tmp_path):
    import_actors(case, write_fixture(tmp_path / "a"))
    with case.session() as session:
        top = session.scalars(select(models.Actor).where(models.Actor.key == "top")).one()
        assert top.name_fa == "فرماندهی بالا"
        post = session.scalars(select(models.Post).where(models.Post.rank.is_(None), models.Post.is_command.is_(True),
                                                         models.Post.end_precision == "month")).one()
        assert str(post.end_date) == "2025-12-01" and post.start_date is None


def test_every_file_and_column_is_documented():
    from pathlib import Path

    from sabt.actors.importer import FILES as SPEC

    docs = (Path(__file__).resolve().parents[2] / "docs" / "actors.md").read_text(encoding="utf-8")
    for name, spec in SPEC.items():
        assert f"`{name}`" in docs, name
        for column in spec["required"] + spec["optional"]:
            assert f"`{column}`" in docs, f"{name}: {column}"
