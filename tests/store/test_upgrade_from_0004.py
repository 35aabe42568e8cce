"""A case made at revision 0004, when "more than 3,000" was stored as 3,001 and "thousands" as
2,000–9,999, opens at the head with every value back as its source stated it."""

from __future__ import annotations

from sqlalchemy import text

from sabt.case import Case
from sabt.claims.values import format_count
from sabt.settings import Settings
from sabt.store import db as store_db

# (key, low, best, high, qualifier, quote) as revision 0004 stored them
OLD_ROWS = [
    ("hrm", 3001, None, None, "more than", "Iran HRM documented that the death toll surpassed 3,000."),
    ("hrana", 24001, None, None, "more than", "HRANA verified over 24,000 arrests."),
    ("buses", 61, None, None, "more than", None),                 # no quote: N+1 of a round N
    ("given", 3000, None, None, "more than", "more than 3,000"),  # typed as stated: unchanged
    ("odd", 57, None, None, "more than", None),                   # not the N+1 of a round number
    ("thousands", 2000, None, 9999, "vague: thousands (rules 2026-11-1)", "arrested thousands"),
    ("nearly", None, 5000, None, "approximately", "nearly 5,000 Iraqi militia fighters"),
    ("about", None, 800, None, "approximately", "about 800 fighters"),
    ("fewer", None, None, 100, "up to", "fewer than 100 people"),
    ("hrana-2403", 2403, 2403, None, "at least", "HRANA confirmed at least 2,403 deaths"),
]
AS_STATED = {
    "hrm": "more than 3,000", "hrana": "more than 24,000", "buses": "more than 60",
    "given": "more than 3,000", "odd": "more than 57", "thousands": "thousands",
    "nearly": "nearly 5,000", "about": "approximately 800", "fewer": "fewer than 100",
    "hrana-2403": "at least 2,403",
}


def test_a_case_made_at_0004_opens_with_values_as_stated(empty_db, key_file):
    from alembic import command

    engine = store_db.make_engine(empty_db)
    with engine.begin() as connection:
        config = store_db.alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
        connection.execute(text("insert into case_settings (key, value) values ('case_id', 'old')"))
        connection.execute(text("insert into sources (id, name, kind, created_at) "
                                "values ('s', 'S', 'report', CURRENT_TIMESTAMP)"))
        for key, low, best, high, qualifier, quote in OLD_ROWS:
            connection.execute(text(
                "insert into claims (key, source_id, metric, low, best, high, qualifier, quote, status, "
                "review, superseded, created_at) values (:key, 's', 'killed', :low, :best, :high, :q, :quote, "
                "'reported', 'unreviewed', false, CURRENT_TIMESTAMP)"),
                {"key": key, "low": low, "best": best, "high": high, "q": qualifier, "quote": quote})
    engine.dispose()

    case = Case.open(Settings.for_db(empty_db, key_file=key_file))
    try:
        assert store_db.current_revision(case.engine) == store_db.head_revision()
        with case.engine.begin() as connection:
            rows = connection.execute(text("select key, low, best, high, qualifier from claims")).all()
        shown = {key: format_count(low, best, high, qualifier) for key, low, best, high, qualifier in rows}
        assert shown == AS_STATED
        stored = {key: (low, best, high, qualifier) for key, low, best, high, qualifier in rows}
        assert stored["hrm"] == (3000, None, None, "more than")
        assert stored["thousands"] == (None, None, None, "vague: thousands")  # no invented bounds
    finally:
        case.close()
