"""Claims: counts with qualifiers, sources and grades, never overwritten."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from sabt.claims import import_claims, parse_count
from sabt.claims.values import CountProblem, format_count, reading
from sabt.errors import ImportRefused
from sabt.store import models


@pytest.mark.parametrize(
    "text, expected",
    [
        ("at least 2,403", (2403, 2403, None, "at least")),
        ("more than 3,000", (3000, None, None, "more than")),
        ("over 24,000", (24000, None, None, "more than")),
        ("approximately 5,000", (None, 5000, None, "approximately")),
        ("nearly 5,000", (None, 5000, None, "nearly")),
        ("fewer than 100", (None, None, 100, "fewer than")),
        ("12,000-20,000", (12000, None, 20000, "range")),
        ("12,000–20,000", (12000, None, 20000, "range")),
        ("between 12,000 and 20,000", (12000, None, 20000, "range")),
        ("up to 800", (None, None, 800, "up to")),
        ("16,500", (16500, 16500, 16500, "exact")),
        ("۳۰۰۰", (3000, 3000, 3000, "exact")),
        ("12 thousand", (12000, 12000, 12000, "exact")),
    ],
)
def test_counts_and_qualifiers(text, expected):
    count = parse_count(text)
    assert (count.low, count.best, count.high, count.qualifier) == expected


def test_vague_words_keep_no_invented_bounds():
    count = parse_count("dozens")
    assert (count.low, count.best, count.high, count.qualifier) == (None, None, None, "vague: dozens")
    assert format_count(count.low, count.best, count.high, count.qualifier) == "dozens"
    assert format_count(count.low, count.best, count.high, count.qualifier, lang="fa") == "ده‌ها"


def test_sabts_reading_of_a_vague_word_is_versioned_and_separate():
    count = parse_count("thousands")
    read = reading(count.low, count.best, count.high, count.qualifier)
    assert (read.low, read.high) == (2000, 9999)
    assert "2026-11-1" in read.version


@pytest.mark.parametrize("text, shown", [
    ("more than 3,000", "more than 3,000"), ("over 24,000", "more than 24,000"),
    ("nearly 5,000", "nearly 5,000"), ("approximately 5,000", "approximately 5,000"),
    ("at least 2,403", "at least 2,403"), ("12,000-20,000", "12,000–20,000"), ("thousands", "thousands"),
    ("hundreds", "hundreds"), ("up to 800", "up to 800"), ("16,500", "16,500"),
])
def test_every_value_is_shown_as_stated(text, shown):
    count = parse_count(text)
    assert format_count(count.low, count.best, count.high, count.qualifier) == shown


def test_free_text_qualifiers_keep_the_sources_words():
    assert format_count(12000, None, 20000, "at least; possibly as high as") == \
        "at least 12,000; possibly as high as 20,000"
    assert format_count(366, None, None, "at least; likely more than 400") == "at least 366; likely more than 400"
    assert format_count(2403, 2403, None, "confirmed") == "2,403"
    assert format_count(3000, None, None, "more than", lang="fa") == "بیش از ۳٬۰۰۰"


@pytest.mark.parametrize("text", ["", "many", "20,000-12,000", "1979 revolution"])
def test_unreadable_counts_are_refused(text):
    with pytest.raises(CountProblem):
        parse_count(text)


def claims_file(tmp_path, claims, sources=None):
    path = tmp_path / "claims.json"
    path.write_text(json.dumps({"sources": sources or [SOURCE], "claims": claims}), encoding="utf-8")
    return path


SOURCE = {"id": "hrana", "name": "HRANA", "publisher": "Human Rights Activists News Agency",
          "url": "https://example.org/hrana", "kind": "report", "reliability": "B"}
CLAIM = {"key": "hrana-killed-0116", "source_id": "hrana", "metric": "killed", "value": "at least 2,403",
         "as_of": "2026-01-16", "status": "confirmed", "reliability": "B", "credibility": 2,
         "attributed_to": "HRANA", "place": "Iran", "quote": "HRANA confirmed 2,403 deaths"}


def current_claims(case):
    with case.session() as session:
        return session.scalars(select(models.Claim).where(models.Claim.superseded.is_(False))).all()


def test_claims_and_sources_are_imported(case, tmp_path):
    summary = import_claims(case, claims_file(tmp_path, [CLAIM]))
    assert (summary.sources_added, summary.claims_added) == (1, 1)
    (claim,) = current_claims(case)
    assert (claim.low, claim.best, claim.high, claim.qualifier) == (2403, 2403, None, "at least")
    assert claim.status == "confirmed" and claim.review == "unreviewed"
    assert claim.as_of.isoformat() == "2026-01-16"


def test_the_same_claims_again_add_nothing_and_a_change_supersedes(case, tmp_path):
    import_claims(case, claims_file(tmp_path, [CLAIM]))
    assert import_claims(case, claims_file(tmp_path, [CLAIM])).claims_unchanged == 1
    changed = dict(CLAIM, value="at least 3,308", as_of="2026-01-18")
    summary = import_claims(case, claims_file(tmp_path, [changed]))
    assert summary.claims_superseding == 1
    (claim,) = current_claims(case)
    assert claim.low == 3308 and claim.supersedes_id is not None
    with case.session() as session:
        old = session.get(models.Claim, claim.supersedes_id)
    assert old.low == 2403 and old.superseded


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"metric": "killz"}, "'killz' is not a known metric"),
        ({"credibility": 9}, "9 is not an Admiralty credibility 1–6"),
        ({"reliability": "Q"}, "'Q' is not an Admiralty grade A–F"),
        ({"as_of": "1404/13/45"}, "month 13 does not exist"),
        ({"source_id": "nobody"}, "source 'nobody' is not in the case or the file"),
        ({"status": "true"}, "'true' is not one of"),
        ({"value": "many"}, "cannot read 'many' as a count"),
    ],
)
def test_bad_claims_refuse_the_file(case, tmp_path, change, reason):
    with pytest.raises(ImportRefused, match="claim 1") as refused:
        import_claims(case, claims_file(tmp_path, [dict(CLAIM, **change)]))
    assert reason in str(refused.value)
    assert case.stats() == {"sources": 0, "claims": 0, "incidents": 0, "records": 0, "persons": 0, "evidence": 0}


def test_claims_from_csv_with_inline_sources(case, tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text("key,source_id,source_name,source_url,reliability,metric,value,as_of,credibility\n"
                    "a,ihrngo,IHRNGO,https://example.org/i,B,killed,\"3,428\",2026-01-12,2\n"
                    "b,ihrngo,,,,arrested,\"more than 18,000\",2026-01-12,3\n", encoding="utf-8")
    summary = import_claims(case, path)
    assert (summary.sources_added, summary.claims_added) == (1, 2)
    values = sorted((c.metric, c.low) for c in current_claims(case))
    assert values == [("arrested", 18000), ("killed", 3428)]  # "more than 18,000" keeps 18,000
