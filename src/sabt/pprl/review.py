"""Review without names: what a reviewer sees of an encoded pair, and decisions the two
organisations confirmed between themselves.

The linkage unit sees no name. For an uncertain pair it shows the clear fields both records
carry and, per encoded field, the Dice similarity of the two encodings. When that is not
enough, it hands the pair — as (organisation, encoded id) twice — to the two organisations;
each finds its own record through its ``OUT.ids.csv``, they compare the two records between
themselves (outside sabt: a call, a meeting), and the linkage unit records their joint
decision with :func:`record_confirmed`.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from sqlalchemy import select

from sabt.case import Case
from sabt.errors import SabtError
from sabt.link.review import decide_pair, pending_pairs
from sabt.pprl.bloom import dice
from sabt.pprl.link import ENCODED_FIELDS
from sabt.store import models

CLEAR_FIELDS = ("sex", "age_band", "date_of_death", "date_of_arrest", "province", "city")
EXPORT_COLUMNS = ("source_a", "encoded_id_a", "source_b", "encoded_id_b", "match_probability",
                  *(f"similarity_{f}" for f in ENCODED_FIELDS), *(f"{f}_a" for f in CLEAR_FIELDS),
                  *(f"{f}_b" for f in CLEAR_FIELDS), "decision", "confirmed_by")


def _raw(record: models.Record) -> dict:
    return record.raw if isinstance(record.raw, dict) else json.loads(record.raw or "{}")


def encoded_pair_view(case: Case, record_a: int, record_b: int) -> dict:
    """Sources, encoded ids, clear fields of both records and each encoded field's Dice similarity."""
    with case.session() as session:
        a, b = session.get(models.Record, record_a), session.get(models.Record, record_b)
        if a is None or b is None:
            raise SabtError(f"no such pair of records: {record_a}, {record_b}")
        raw_a, raw_b = _raw(a), _raw(b)
        view = {"source_a": a.source_id, "encoded_id_a": a.source_record_id,
                "source_b": b.source_id, "encoded_id_b": b.source_record_id}
    for field in ENCODED_FIELDS:
        similarity = dice(raw_a.get("bits", {}).get(field), raw_b.get("bits", {}).get(field))
        view[f"similarity_{field}"] = round(similarity, 3) if similarity is not None else None
    for field in CLEAR_FIELDS:
        view[f"{field}_a"] = raw_a.get("clear", {}).get(field)
        view[f"{field}_b"] = raw_b.get("clear", {}).get(field)
    return view


def export_pending(case: Case, path: Path, limit: int | None = None) -> int:
    """The uncertain pairs as CSV for the organisations: no name, nothing but what the view shows;
    ``decision`` and ``confirmed_by`` left empty for them to fill."""
    pairs = pending_pairs(case, limit=limit)
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, EXPORT_COLUMNS)
        writer.writeheader()
        for pair in pairs:
            view = encoded_pair_view(case, pair.record_a, pair.record_b)
            writer.writerow({**view, "match_probability": round(pair.probability, 3), "decision": "", "confirmed_by": ""})
    return len(pairs)


def record_confirmed(case: Case, path: Path, reviewer: str) -> int:
    """Record the decisions of a filled export (rows with a decision). Each must say accept or
    reject and name, in ``confirmed_by``, both organisations (the two sources) that confirmed it;
    every row is checked before any is stored."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise SabtError(f"{path}: no such file") from None
    with case.session() as session:
        ids = {(s, e): i for i, s, e in session.execute(select(
            models.Record.id, models.Record.source_id, models.Record.source_record_id).where(
            models.Record.superseded.is_(False)))}
    decisions, problems = [], []
    for line, row in enumerate(rows, start=2):
        decision = (row.get("decision") or "").strip().lower()
        if not decision:
            continue
        a = ids.get(((row.get("source_a") or "").strip(), (row.get("encoded_id_a") or "").strip()))
        b = ids.get(((row.get("source_b") or "").strip(), (row.get("encoded_id_b") or "").strip()))
        confirmed = {c.strip() for c in (row.get("confirmed_by") or "").replace(";", ",").split(",") if c.strip()}
        if decision not in ("accept", "reject"):
            problems.append(f"{path.name}: line {line}: decision {decision!r} is not accept or reject")
        elif a is None or b is None:
            problems.append(f"{path.name}: line {line}: no current record for this source and encoded id")
        elif not {row["source_a"].strip(), row["source_b"].strip()} <= confirmed:
            problems.append(f"{path.name}: line {line}: confirmed_by must name both organisations "
                            f"({row['source_a'].strip()} and {row['source_b'].strip()})")
        else:
            decisions.append((a, b, decision, sorted(confirmed)))
    if problems:
        raise SabtError(f"{path.name}: {len(problems)} problem(s); no decision was recorded:\n"
                        + "\n".join("  " + p for p in problems[:20]))
    for a, b, decision, confirmed in decisions:
        decide_pair(case, a, b, decision, reviewer, note=f"confirmed outside sabt by {', '.join(confirmed)}")
    return len(decisions)
