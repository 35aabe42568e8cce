"""Linkage on lists with a known truth: accuracy, stable persons, reviews that stick."""

from __future__ import annotations

import json

from link_lists import pairwise_scores
from sqlalchemy import select, text

from sabt.ingest import import_list
from sabt.link import link_case
from sabt.link.review import decide_pair, pending_pairs
from sabt.store import models


def person_of(case, source_record_id):
    with case.engine.connect() as connection:
        return connection.execute(text("select person_id from records where source_record_id = :r"),
                                  {"r": source_record_id}).scalar()


def record_id(case, source_record_id):
    with case.engine.connect() as connection:
        return connection.execute(text("select id from records where source_record_id = :r"),
                                  {"r": source_record_id}).scalar()


def test_latin_and_persian_lists_link_with_high_precision_and_recall(case, two_lists):
    latin, persian, truth = two_lists
    import_list(case, latin, "org-latin")
    import_list(case, persian, "org-persian")
    summary = link_case(case)
    precision, recall = pairwise_scores(case, truth)
    assert precision >= 0.97 and recall >= 0.95, (precision, recall)
    assert summary.persons == case.stats()["persons"]
    assert summary.persons == len(set(truth.values())) or abs(summary.persons - len(set(truth.values()))) <= 5


def test_a_second_run_keeps_every_person_id(case, two_lists):
    latin, persian, _ = two_lists
    import_list(case, latin, "org-latin")
    import_list(case, persian, "org-persian")
    link_case(case)
    with case.engine.connect() as connection:
        before = dict(connection.execute(text("select id, person_id from records")).all())
    summary = link_case(case)
    with case.engine.connect() as connection:
        after = dict(connection.execute(text("select id, person_id from records")).all())
    assert before == after
    assert summary.persons_new == 0


def test_a_new_list_links_to_the_persons_already_known(case, tmp_path, two_lists):
    latin, persian, truth = two_lists
    import_list(case, latin, "org-latin")
    link_case(case)
    known = {rid: person_of(case, rid) for rid in truth if rid.startswith("a")}
    import_list(case, persian, "org-persian")
    link_case(case)
    unchanged = sum(person_of(case, rid) == pid for rid, pid in known.items())
    assert unchanged >= 0.98 * len(known)
    joined = [rid for rid in truth if rid.startswith("b") and f"a{rid[1:]}" in truth]
    same = sum(person_of(case, rid) == person_of(case, "a" + rid[1:]) for rid in joined)
    assert same >= 0.95 * len(joined)


def test_reviewed_decisions_override_the_model_in_every_later_run(case, two_lists):
    latin, persian, truth = two_lists
    import_list(case, latin, "org-latin")
    import_list(case, persian, "org-persian")
    link_case(case)
    linked = next(rid for rid in truth if rid.startswith("a") and "b" + rid[1:] in truth
                  and person_of(case, rid) == person_of(case, "b" + rid[1:]))
    strangers = next((a, b) for a in truth for b in truth
                     if a.startswith("a") and b.startswith("b") and truth[a] != truth[b]
                     and person_of(case, a) != person_of(case, b))
    decide_pair(case, record_id(case, linked), record_id(case, "b" + linked[1:]), "reject", "reviewer-1")
    decide_pair(case, record_id(case, strangers[0]), record_id(case, strangers[1]), "accept", "reviewer-1")
    link_case(case)
    assert person_of(case, linked) != person_of(case, "b" + linked[1:])
    assert person_of(case, strangers[0]) == person_of(case, strangers[1])
    with case.session() as session:
        review = session.scalars(select(models.PairReview).where(models.PairReview.decision == "reject")).one()
    assert review.reviewer == "reviewer-1" and review.decided_at is not None


def test_pending_pairs_leave_out_what_was_decided(case, two_lists):
    latin, persian, _ = two_lists
    import_list(case, latin, "org-latin")
    import_list(case, persian, "org-persian")
    link_case(case)
    pending = pending_pairs(case, low=0.0, high=1.0)
    assert pending
    first = pending[0]
    decide_pair(case, first.record_a, first.record_b, "accept", "r")
    assert all((p.record_a, p.record_b) != (first.record_a, first.record_b) for p in pending_pairs(case, low=0.0, high=1.0))


def link_two_lists(case, tmp_path, a: str, b: str):
    """Lists a and b (CSV text) imported and linked."""
    for name, text_ in (("a", a), ("b", b)):
        (tmp_path / f"{name}.csv").write_text(text_)
        import_list(case, tmp_path / f"{name}.csv", name)
    return link_case(case)


def test_protected_records_link_but_an_open_persons_values_come_from_open_records(case, tmp_path):
    """Finding 2 of issue 15: a person with an open record took its values (and protection) from
    a protected one. Now a person with any open record shows only what its open records say; a
    person of protected records alone is sealed."""
    link_two_lists(case, tmp_path,
                   "id,name,age,date_of_death,city,protected\n"
                   "w1,Kaveh Zandi,34,2026-01-08,Tehran,yes\nw2,Ali Rezaei,25,2026-01-09,Karaj,no\n"
                   "w3,Nasrin Tavana,52,2026-01-03,Rasht,yes\n",
                   "id,name,age,date_of_death,city\n"
                   "x1,کاوه زندی,33,1404/10/18,تهران\nx2,Sara Moradi,41,2026-01-12,Rasht\n")
    assert person_of(case, "w1") == person_of(case, "x1")
    with case.session() as session:
        person = session.get(models.Person, person_of(case, "w1"))
        alone = session.get(models.Person, person_of(case, "w3"))
    assert not person.protected and person.name == "کاوه زندی" and person.name_latin is None and person.age == 33
    assert alone.protected and alone.name is None and alone.age == 52
    assert case.key.unseal(alone.sealed, "persons")["name"] == "Nasrin Tavana"


def test_identity_numbers_and_birth_dates_are_compared_when_lists_have_them(case, tmp_path):
    import random

    rng = random.Random(3)
    given = ["Sara", "Nima", "Reza", "Leila", "Omid", "Maryam", "Kaveh", "Nasrin"]
    family = ["Karimi", "Rad", "Sohrabi", "Tavakoli", "Nazari", "Amini"]
    a, b, truth = ["id,given_name,family_name,national_id,date_of_birth"], ["id,given_name,family_name,national_id,date_of_birth"], {}
    for i in range(120):
        g, f = rng.choice(given), rng.choice(family)
        number, born = f"{rng.randrange(10**9, 10**10)}", f"19{rng.randint(50, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        a.append(f"a{i},{g},{f},{number},{born}")
        typo = g[:-1] + ("x" if g[-1] != "x" else "y")
        b.append(f"b{i},{typo if i % 3 == 0 else g},{f},{number},{born}")
        truth[f"a{i}"] = truth[f"b{i}"] = i
    (tmp_path / "a.csv").write_text("\n".join(a) + "\n")
    (tmp_path / "b.csv").write_text("\n".join(b) + "\n")
    import_list(case, tmp_path / "a.csv", "list-a")
    import_list(case, tmp_path / "b.csv", "list-b")
    link_case(case)
    precision, recall = pairwise_scores(case, truth)
    assert precision == 1.0 and recall >= 0.95, (precision, recall)
    with case.engine.connect() as connection:
        drivers = [json.loads(d) if isinstance(d, str) else d
                   for (d,) in connection.execute(text("select drivers from record_links")).all()]
    assert drivers and all({"national_id", "date_of_birth", "name"} <= set(d) for d in drivers)


def test_a_person_takes_fields_from_the_records_and_is_flagged_when_dates_of_death_differ(case, tmp_path):
    link_two_lists(case, tmp_path,
                   "id,name,father_name,age,date_of_death,city\n"
                   "w1,Kaveh Zandi,,33,2026-01-08,Tehran\nw2,Ali Rezaei,Hamid,25,2026-01-09,Karaj\n",
                   "id,name,father_name,age,sex,date_of_death,city\n"
                   "x1,کاوه زندی,بهرام,33,m,1404/10/20,تهران\nx2,Sara Moradi,Reza,41,f,2026-01-12,Rasht\n")
    assert person_of(case, "w1") == person_of(case, "x1") != person_of(case, "w2")
    with case.session() as session:
        kaveh = session.get(models.Person, person_of(case, "w1"))
        ali = session.get(models.Person, person_of(case, "w2"))
    assert kaveh.name_latin == "Kaveh Zandi" and kaveh.father_name == "بهرام" and kaveh.sex == "m"
    assert kaveh.date_of_death.isoformat() == "2026-01-08" and kaveh.place_key is not None
    assert kaveh.flags == ["dates of death differ: 2026-01-08 … 2026-01-10"]
    assert ali.flags is None and ali.name == "Ali Rezaei" and ali.age == 25


def test_a_run_that_changes_a_persons_protection_says_so(case, tmp_path):
    """Issue 15: protection decisions persist across runs, and a run that changes a person's
    (a protected-only person that now has an open record) names it in its warnings."""
    (tmp_path / "w.csv").write_text("id,name,age,date_of_death,city,protected\n"
                                    "w1,Kaveh Zandi,33,2026-01-08,Tehran,yes\nw2,Ali Rezaei,25,2026-01-09,Karaj,no\n")
    import_list(case, tmp_path / "w.csv", "w")
    link_case(case)
    person = person_of(case, "w1")
    (tmp_path / "x.csv").write_text("id,name,age,date_of_death,city\nx1,Kaveh Zandi,33,2026-01-08,Tehran\n"
                                    "x2,Sara Moradi,41,2026-01-12,Rasht\n")
    import_list(case, tmp_path / "x.csv", "x")
    summary = link_case(case)
    assert person_of(case, "x1") == person_of(case, "w1")
    with case.session() as session:
        assert session.scalar(select(models.Record.protected).where(models.Record.source_record_id == "w1"))
    # the witness-only person merged into the open record's (a new id, as without the witness)
    assert any(w == f"person {person}: merged into person {person_of(case, 'x1')}, now shown from its open "
               "records (its protected records stay protected)" for w in summary.warnings), summary.warnings
