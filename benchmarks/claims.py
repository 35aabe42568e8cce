"""Benchmark of claim extraction from report text against the hand-labelled gold set.

    python benchmarks/claims.py                 # dev and held-out figures
    python benchmarks/claims.py --errors dev    # what the rules get wrong on the dev part
    python benchmarks/claims.py --json          # one JSON object on the last line
    python benchmarks/claims.py --real          # the real-reporting sets (tests/data/claims_open, claims_real)

The gold set (``tests/data/claims_gold/``, labelling guide in ``GUIDE.md``) is split into a
*dev* part, read while the rules were written, and a *held-out* part, labelled before any
rule was written and not looked at while writing them (``docs.toml`` says which lines of
which document are which). Only the held-out figures say how the rules do on reports they
were not written from; ``--errors heldout`` exists but looking at it spends the held-out set.

A predicted claim is matched to a gold claim when their figures overlap in the text (one to
one). Per field: precision = right values / values proposed, recall = right values / values
in the gold set (``attributed_to`` of ``None`` — the report itself — counts as a value).
Whole claim: metric, value (low/best/high) and attribution all right.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "claims_gold"
REAL = ROOT / "tests" / "data" / "claims_real"
OPEN = ROOT / "tests" / "data" / "claims_open"
REAL_SETS = {"open": OPEN, "real": REAL}
sys.path.insert(0, str(ROOT / "src"))

from sabt.claims.extract import extract_claims, read_report

SPLITS = {
    "dev": "dev (rules written while reading it)",
    "heldout": "held-out 1 (labelled before any rule; frozen-rule figures in docs/claims-extraction.md, "
               "then opened for error analysis)",
    "heldout2": "held-out 2 (labelled after round 1 was frozen; measured with rounds 1 and 2, then opened)",
    "heldout3": "held-out 3 (labelled after round 2 was frozen; measured with round 3, then opened)",
    "heldout4": "held-out 4 (labelled after round 3 was frozen; measured with rounds 3 and 4, then opened)",
    "heldout5": "held-out 5 (labelled after round 4 was frozen; measured with rounds 4 and 5, then opened)",
    "heldout6": "held-out 6 (labelled after round 5 was frozen; measured with rounds 5 and 6, then opened)",
    "heldout7": "held-out 7 (labelled after round 6 was frozen; measured with rounds 6 and 7, then opened)",
    "heldout8": "held-out 8 (labelled after round 7 was frozen; measured with rounds 7 and 8, then opened)",
    "heldout9": "held-out 9 (labelled after round 8 was frozen, before held-out 8 was opened; never opened)",
}
FIELDS = ("metric", "value", "qualifier", "as_of", "period_start", "period_end", "place", "attributed_to")
REPORT_ITSELF = "<the report itself>"


def _norm_name(value) -> str:
    if value is None:
        return REPORT_ITSELF
    text = re.sub(r"[\"'“”‘’]", "'", str(value)).lower()
    text = re.sub(r"^(?:the|a|an|one)\s+", "", text.strip())
    text = re.sub(r"'s$", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _same_name(gold, pred) -> bool:
    a, b = _norm_name(gold), _norm_name(pred)
    return a == b or (a != REPORT_ITSELF and b != REPORT_ITSELF and (a.endswith(" " + b) or b.endswith(" " + a)))


def _norm_place(value) -> str | None:
    if value is None:
        return None
    text = re.sub(r"\s+(?:province|city|county)$", "", str(value).strip().lower())
    return text.replace("hamedan", "hamadan")


def _qualifier(value) -> str | None:
    return value.split(" (rules")[0] if isinstance(value, str) else value


def field_value(claim: dict, name: str):
    if name == "value":
        return (claim["low"], claim["best"], claim["high"])
    if name == "qualifier":
        return _qualifier(claim["qualifier"])
    if name == "place":
        return _norm_place(claim["place"])
    if name == "attributed_to":
        return claim["attributed_to"]
    value = claim[name]
    return value.isoformat() if isinstance(value, dt.date) else value


def same(name: str, gold: dict, pred: dict) -> bool:
    if name == "attributed_to":
        return _same_name(gold["attributed_to"], pred["attributed_to"])
    return field_value(gold, name) == field_value(pred, name)


def _line_ranges(spec, text):
    """1-based inclusive line ranges of a part: a list of [first, last], or "all"."""
    if spec == "all":
        return [(1, text.count("\n") + 1)]
    return [tuple(r) for r in (spec or [])]


def load():
    docs = tomllib.loads((GOLD / "docs.toml").read_text("utf-8"))["doc"]
    gold = []
    for name in sorted(p.name for p in GOLD.glob("gold-*.jsonl")):
        for line in (GOLD / name).read_text("utf-8").splitlines():
            if line.strip():
                gold.append(json.loads(line))
    return docs, gold


def run():
    docs, gold_rows = load()
    items = {split: {"gold": [], "pred": []} for split in SPLITS}
    seconds = 0.0
    characters = 0
    for doc in docs:
        text = read_report(GOLD / doc["file"])
        characters += len(text)
        splits = {name: _line_ranges(doc.get(name), text) for name in SPLITS}

        def split_of(offset, text=text, splits=splits):
            line = text.count("\n", 0, offset) + 1
            for name, ranges in splits.items():
                if any(a <= line <= b for a, b in ranges):
                    return name
            return None

        started = time.perf_counter()
        claims = extract_claims(text, default_year=doc.get("default_year"), report_date=doc.get("report_date"))
        seconds += time.perf_counter() - started
        for claim in claims:
            row = claim.to_dict()
            row.update(doc=doc["file"], start=claim.value_start, end=claim.value_end, value_text=claim.value_text,
                       rules=claim.rules)
            split = split_of(claim.value_start)
            if split:
                items[split]["pred"].append(row)
        for row in gold_rows:
            if row["doc"] != doc["file"]:
                continue
            at = text.find(row["quote"])
            if at < 0 or text.count(row["quote"]) != 1:
                raise SystemExit(f"gold quote not found once in {doc['file']}: {row['quote']!r}")
            start = at + row["quote"].index(row["value"])
            row = dict(row, start=start, end=start + len(row["value"]))
            split = split_of(start)
            if split is None:
                raise SystemExit(f"gold claim outside any split: {row['quote']!r}")
            items[split]["gold"].append(row)
    return items, seconds, characters


def align(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    pairs, used = [], set()
    for g in sorted(gold, key=lambda r: (r["doc"], r["start"])):
        options = [
            (abs(p["start"] - g["start"]), i) for i, p in enumerate(pred)
            if i not in used and p["doc"] == g["doc"] and p["start"] < g["end"] and g["start"] < p["end"]
        ]
        if options:
            _, index = min(options)
            used.add(index)
            pairs.append((g, pred[index]))
    return pairs


def _prf(tp, proposed, reference):
    p = tp / proposed if proposed else 0.0
    r = tp / reference if reference else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(gold, pred):
    pairs = align(gold, pred)
    table = {"claim found": _prf(len(pairs), len(pred), len(gold))}
    for name in FIELDS:
        def present(row, name=name):
            return name == "attributed_to" or field_value(row, name) is not None
        tp = sum(1 for g, p in pairs if present(g) and present(p) and same(name, g, p))
        table[name] = _prf(tp, sum(1 for p in pred if present(p)), sum(1 for g in gold if present(g)))
    whole = sum(1 for g, p in pairs if all(same(n, g, p) for n in ("metric", "value", "attributed_to")))
    table["whole claim"] = _prf(whole, len(pred), len(gold))
    return table, pairs


def errors(gold, pred):
    _, pairs = score(gold, pred)
    matched_gold = {id(g) for g, _ in pairs}
    matched_pred = {id(p) for _, p in pairs}
    lines = []
    for g in gold:
        if id(g) not in matched_gold:
            lines.append(f"MISSED   {g['doc']}: {g['value']!r} ({g['metric']}) in {g['quote']!r}")
    for p in pred:
        if id(p) not in matched_pred:
            lines.append(f"EXTRA    {p['doc']}: {p['value_text']!r} as {p['metric']} [{p['rules']['metric']}] in {p['quote'][:140]!r}")
    for g, p in pairs:
        wrong = [n for n in FIELDS if not same(n, g, p)]
        if wrong:
            detail = ", ".join(f"{n}: gold {field_value(g, n)!r} got {field_value(p, n)!r}" for n in wrong)
            lines.append(f"WRONG    {g['doc']}: {g['value']!r}: {detail}  [{p['rules']}]")
    return lines


def load_real(root: Path = REAL):
    """A real-reporting set: documents whose text is here (kept, or placed in texts/external/)
    and whose SHA-256 is the one labelled; the rest are returned by name as missing."""
    docs = tomllib.loads((root / "docs.toml").read_text("utf-8"))["doc"]
    present, missing = [], []
    for doc in docs:
        path = root / "texts" / (f"{doc['id']}.txt" if doc["kept"] else f"external/{doc['id']}.txt")
        if path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() == doc["sha256"]:
            present.append(dict(doc, path=path))
        else:
            missing.append(doc["id"] + ("" if not path.exists() else " (hash differs)"))
    gold = [json.loads(line) for split in ("dev", "heldout")
            for line in (root / f"gold-{split}.jsonl").read_text("utf-8").splitlines() if line.strip()]
    return present, missing, gold


def run_real(root: Path = REAL):
    present, missing, gold_rows = load_real(root)
    items = {"dev": {"gold": [], "pred": []}, "heldout": {"gold": [], "pred": []}}
    for doc in present:
        text = read_report(doc["path"])
        part = items[doc["split"]]
        for claim in extract_claims(text, report_date=doc.get("report_date"), publisher=doc.get("publisher")):
            row = claim.to_dict()
            row.update(doc=doc["id"], start=claim.value_start, end=claim.value_end, value_text=claim.value_text,
                       rules=claim.rules)
            part["pred"].append(row)
        for row in gold_rows:
            if row["doc"] == doc["id"]:
                start = text.index(row["quote"]) + row["quote"].index(row["value"])
                part["gold"].append(dict(row, start=start, end=start + len(row["value"]), report_date=doc.get("report_date")))
    return items, present, missing


DATES = ("as_of", "period_start", "period_end")


def accuracy_among_found(gold, pred) -> dict:
    """Of the gold claims whose figure was found: the share with the right attribution, metric,
    value, and dates (all three date fields, over the found claims whose gold has a date)."""
    _, pairs = score(gold, pred)
    dated = [(g, p) for g, p in pairs if any(g.get(n) for n in DATES)]
    share = lambda hits, n: round(hits / n, 3) if n else None  # noqa: E731
    return {
        "found": len(pairs), "of": len(gold),
        "attribution": share(sum(same("attributed_to", g, p) for g, p in pairs), len(pairs)),
        "metric": share(sum(same("metric", g, p) for g, p in pairs), len(pairs)),
        "value": share(sum(same("value", g, p) for g, p in pairs), len(pairs)),
        "dates": share(sum(all(same(n, g, p) for n in DATES) for g, p in dated), len(dated)), "dated": len(dated),
        "dates_all": share(sum(all(same(n, _dated_by_document(g), p) for n in DATES) for g, p in pairs), len(pairs)),
    }


def _dated_by_document(gold: dict) -> dict:
    """The labels with the convention of extraction since issue 16: a claim whose sentence gives no
    date stands as of the document's date (labels written before it leave all three dates empty)."""
    if gold.get("report_date") and not any(gold.get(n) for n in DATES):
        return dict(gold, as_of=gold["report_date"])
    return gold


def measure_real(root: Path) -> tuple[dict, dict, list, list]:
    """Figures of one real-reporting set, per part: whole-claim F1, figure found F1 and the
    accuracy of attribution, metric, value and dates among found figures."""
    items, present, missing = run_real(root)
    results = {}
    for split in ("heldout", "dev"):
        gold, pred = items[split]["gold"], items[split]["pred"]
        table, _ = score(gold, pred)
        results[split] = {"gold": len(gold), "proposed": len(pred), "whole_claim_f1": round(table["whole claim"][2], 3),
                          "found_f1": round(table["claim found"][2], 3), **accuracy_among_found(gold, pred)}
    return results, items, present, missing


def main_real(args) -> int:
    print("Claims from real reporting — rules vs. hand labels")
    print("command: python benchmarks/claims.py --real")
    everything = {}
    for name, root in REAL_SETS.items():
        if args.set and name not in args.set:
            continue
        results, items, present, missing = measure_real(root)
        everything[name] = results
        print(f"\n== {root.relative_to(ROOT)}: documents measured {len(present)}; "
              f"not found here (text under other terms, see its README): {len(missing)}")
        if missing:
            print("  missing: " + ", ".join(missing))
        for split in [s for s in ("heldout", "dev") if not args.split or s in args.split]:
            r = results[split]
            title = "held-out (FROZEN)" if split == "heldout" else "dev"
            print(f"{title}: {r['gold']} gold claims, {r['proposed']} proposed")
            print(f"  whole-claim F1 {r['whole_claim_f1']:.3f}   figure found F1 {r['found_f1']:.3f} ({r['found']} of {r['of']})")
            print(f"  among found: attribution {r['attribution']}  metric {r['metric']}  value {r['value']}  "
                  f"dates {r['dates']} (of {r['dated']} dated)  dates of all found {r['dates_all']} "
                  f"(undated labels read as of the document's date)")
            if args.by_doc:
                gold, pred = items[split]["gold"], items[split]["pred"]
                for doc in sorted({row["doc"] for row in gold}):
                    g = [x for x in gold if x["doc"] == doc]
                    p = [x for x in pred if x["doc"] == doc]
                    print(f"    {doc:<34} whole claim F1 {score(g, p)[0]['whole claim'][2]:.3f} ({len(g)} gold)")
        if args.errors in ("dev", "heldout"):
            print(f"\nmismatches ({args.errors}):")
            for line in errors(items[args.errors]["gold"], items[args.errors]["pred"]):
                print("  " + line)
    if args.json:
        print(json.dumps(everything))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", choices=tuple(SPLITS), help="list the mismatches of one part")
    parser.add_argument("--split", choices=tuple(SPLITS), action="append", help="only these parts (repeatable)")
    parser.add_argument("--json", action="store_true", help="one JSON object on the last line")
    parser.add_argument("--by-doc", action="store_true", help="whole-claim figures per document too")
    parser.add_argument("--real", action="store_true", help="the real-reporting sets (tests/data/claims_open, claims_real)")
    parser.add_argument("--set", choices=tuple(REAL_SETS), action="append", help="with --real: only these sets")
    args = parser.parse_args(argv)
    if args.real:
        return main_real(args)
    items, seconds, characters = run()
    results = {}
    shown = args.split or list(SPLITS)
    for split in shown:
        table, _ = score(items[split]["gold"], items[split]["pred"])
        results[split] = {"gold": len(items[split]["gold"]), "proposed": len(items[split]["pred"]),
                          "fields": {k: dict(zip(("precision", "recall", "f1"), (round(x, 3) for x in v), strict=True))
                                     for k, v in table.items()}}
    print("Claims from report text — rules vs. hand-labelled gold set (tests/data/claims_gold)")
    print("command: python benchmarks/claims.py")
    print(f"read {characters:,} characters in {seconds:.2f} s")
    for split in shown:
        title, r = SPLITS[split], results[split]
        print(f"\n{title}: {r['gold']} gold claims, {r['proposed']} proposed")
        print(f"  {'field':<14}{'precision':>10}{'recall':>9}{'F1':>7}")
        for name, v in r["fields"].items():
            print(f"  {name:<14}{v['precision']:>10.3f}{v['recall']:>9.3f}{v['f1']:>7.3f}")
        if args.by_doc:
            for doc in sorted({row["doc"] for row in items[split]["gold"]}):
                gold = [g for g in items[split]["gold"] if g["doc"] == doc]
                pred = [p for p in items[split]["pred"] if p["doc"] == doc]
                p, rc, f = score(gold, pred)[0]["whole claim"]
                print(f"    {doc:<34} whole claim P {p:.3f} R {rc:.3f} F1 {f:.3f} ({len(gold)} gold)")
    if args.errors:
        print(f"\nmismatches ({args.errors}):")
        for line in errors(items[args.errors]["gold"], items[args.errors]["pred"]):
            print("  " + line)
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
