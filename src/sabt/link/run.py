"""`sabt link`: score pairs, cluster them into persons, and keep what reviewers decided.

Each run records its settings, threshold and outcome (:class:`~sabt.store.models.LinkRun`), the
scored pairs with the fields that drove each score, and each record's person. Person ids are
stable across runs: a new cluster takes the id of the earlier person it shares most records
with, so a new list links to the persons already known, and reviewed decisions (kept apart
from any run) override the model every time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from importlib import metadata

import pandas as pd
from sqlalchemy import bindparam, delete, select, update

from sabt.case import Case
from sabt.errors import SabtError
from sabt.link import clustering
from sabt.link.features import features, load_records
from sabt.link.model import describe, score
from sabt.pprl.importer import is_encoded_case
from sabt.pprl.link import describe as describe_encoded
from sabt.pprl.link import load_encoded, score_encoded
from sabt.settings import LinkOptions
from sabt.store import models
from sabt.store.bulk import bulk_insert


@dataclass
class LinkSummary:
    run_id: int | None = None
    backend: str = "duckdb"
    records: int = 0
    pairs_scored: int = 0
    links: int = 0
    persons: int = 0
    persons_kept: int = 0
    persons_new: int = 0
    refused_links: int = 0
    reviews_applied: int = 0
    threshold: float = clustering.CLUSTER_THRESHOLD
    warnings: list[str] = field(default_factory=list)
    inputs_sha256: str | None = None
    reused: bool = False

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _reviews(case: Case) -> tuple[set, set]:
    with case.session() as session:
        rows = session.execute(select(models.PairReview.record_a, models.PairReview.record_b, models.PairReview.decision)).all()
    accepted = {(min(a, b), max(a, b)) for a, b, d in rows if d == "accept"}
    rejected = {(min(a, b), max(a, b)) for a, b, d in rows if d == "reject"}
    return accepted, rejected


def _drivers(row) -> dict:
    """Each comparison's match weight (log2 Bayes factor, term-frequency adjustment included)."""
    weights = {}
    for column, weight in row.items():
        if not column.startswith("mw_") or column.startswith("mw_tf_adj_") or weight is None or pd.isna(weight):
            continue
        name = column.removeprefix("mw_")
        adjustment = row.get(f"mw_tf_adj_{name}")
        if adjustment is not None and not pd.isna(adjustment):
            weight += adjustment
        weights[name] = round(float(weight), 2)
    return weights


def case_features(case: Case, records: pd.DataFrame | None = None) -> pd.DataFrame:
    """The comparison features of the case's current records (``records`` if already loaded)."""
    return features(load_records(case) if records is None else records, city_keys(case))


def city_keys(case: Case) -> set[str]:
    """The gazetteer's cities: a place field naming one is compared as a city."""
    with case.session() as session:
        return set(session.scalars(select(models.Place.key).where(models.Place.kind == "city")))


def link_case(case: Case, options: LinkOptions | None = None, *, progress=None, spark=None, reuse: bool = False,
              **changes) -> LinkSummary:
    """Link the case's records into persons and record the run.

    ``options``: :class:`sabt.settings.LinkOptions` (default: the case's, see
    :meth:`Case.step_options`); single ``changes`` override them (``link_case(case, seed=7)``;
    None changes nothing). With ``reuse``, when the last run had the same inputs (records,
    reviewed decisions, options, versions) nothing is recomputed and its summary is returned
    (``sabt run`` does this unless ``--force``).
    """
    options = (options or case.step_options().link).changed(**changes)
    threshold = options.threshold
    summary = LinkSummary(backend=options.backend, threshold=threshold)
    records = load_records(case)
    summary.records = len(records)
    if len(records) < 2:
        summary.warnings.append("fewer than two records: nothing to link")
        return summary
    encoded = is_encoded_case(case)
    if encoded and options.backend != "duckdb":
        raise SabtError("encoded lists are linked on DuckDB only (the Dice comparison is DuckDB SQL)")
    accepted, rejected = _reviews(case)
    summary.inputs_sha256 = inputs_sha256(records, accepted, rejected, options, city_keys(case))
    if reuse:
        earlier = _last_run(case)
        if earlier is not None and (earlier.summary or {}).get("inputs_sha256") == summary.inputs_sha256:
            known = {f.name for f in fields(LinkSummary)}
            return LinkSummary(**{k: v for k, v in earlier.summary.items() if k in known} | {"reused": True})
    protected = set() if encoded else set(records["id"][records["protected"].fillna(False).astype(bool)].astype(int))
    open_records = records[~records["id"].astype(int).isin(protected)]
    if protected and len(open_records) >= 2:
        # the open records' persons first, from the open records alone, as if no protected record
        # existed: a viewer sees exactly these persons (docs/web.md, "non-interference")
        open_ids = set(open_records["id"].astype(int))
        pairs, frame, model_json = _score(case, summary, open_records, accepted, rejected, options, spark, progress)
        clusters_open = _cluster(open_records, frame, pairs, _only(accepted, open_ids), rejected, threshold,
                                 progress=progress)
        # then the protected records join them (or form persons of their own), scored by a model
        # trained on every record; they may not join or split two open records' persons
        everyone, frame, _ = _score(case, summary, records, accepted, rejected, options, spark, progress)
        touching = everyone[everyone["unique_id_l"].isin(protected) | everyone["unique_id_r"].isin(protected)]
        clusters = _cluster(records, frame, touching, {p for p in accepted if not set(p) <= open_ids}, rejected,
                            threshold, fixed=clusters_open.cluster_of, progress=progress)
        clusters.refused_links = clusters_open.refused_links + clusters.refused_links
        pairs = pd.concat([pairs, touching], ignore_index=True)
    else:
        pairs, frame, model_json = _score(case, summary, records, accepted, rejected, options, spark, progress,
                                          encoded=encoded)
        clusters = _cluster(records, frame, pairs, accepted, rejected, threshold, encoded=encoded, progress=progress)
    summary.pairs_scored = len(pairs)
    summary.refused_links = len(clusters.refused_links)
    summary.reviews_applied = len(accepted) + len(rejected)
    summary.links = int((pairs["match_probability"] >= threshold).sum())
    _stage(progress, "write persons", 0, None)
    _persist(case, summary, records, pairs, clusters, model_json, options,
             describe_encoded() if encoded else describe())
    _stage(progress, "write persons", summary.persons, summary.persons)
    return summary


def _only(pairs: set, ids: set) -> set:
    return {(a, b) for a, b in pairs if a in ids and b in ids}


def _score(case: Case, summary: LinkSummary, records: pd.DataFrame, accepted: set, rejected: set,
           options: LinkOptions, spark, progress, encoded: bool = False) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """Score ``records``' pairs with a model trained on these records alone (the reviews between
    them as labels): (pairs, features, the model's settings)."""
    ids = set(records["id"].astype(int))
    _stage(progress, "read records", 0, len(records))
    if encoded:
        frame = load_encoded(case)
        frame = frame[frame["unique_id"].astype(int).isin(ids)]
    else:
        frame = case_features(case, records)
    _stage(progress, "read records", len(records), len(records))
    accepted, rejected = _only(accepted, ids), _only(rejected, ids)
    labels = None
    if accepted or rejected:
        labels = pd.DataFrame(
            [(a, b, 1.0) for a, b in accepted] + [(a, b, 0.0) for a, b in rejected],
            columns=["unique_id_l", "unique_id_r", "clerical_match_score"],
        )
    if encoded:
        scored = score_encoded(frame, seed=options.seed, labels=labels, progress=progress)
    else:
        scored = score(frame, backend=options.backend, seed=options.seed, labels=labels, spark=spark,
                       progress=progress, blocking=options.blocking)
    summary.warnings.extend(w for w in scored.warnings if w not in summary.warnings)
    return scored.pairs, frame, scored.model_json


def _stage(progress, step: str, done: int, total: int | None) -> None:
    """Report one stage of the run (``total`` None: under way, count not yet known)."""
    if progress:
        progress(step, done, total)


def _cluster(records: pd.DataFrame, frame: pd.DataFrame, pairs: pd.DataFrame, accepted: set, rejected: set,
             threshold: float, fixed: dict[int, int] | None = None, encoded: bool = False, progress=None):
    _stage(progress, "cluster pairs", 0, len(pairs))
    clusters = _cluster_pairs(records, frame, pairs, accepted, rejected, threshold, fixed, encoded)
    _stage(progress, "cluster pairs", len(pairs), len(pairs))
    return clusters


def _cluster_pairs(records: pd.DataFrame, frame: pd.DataFrame, pairs: pd.DataFrame, accepted: set, rejected: set,
                   threshold: float, fixed: dict[int, int] | None, encoded: bool):
    pair_list = [
        (int(a), int(b), float(p))
        for a, b, p in zip(pairs["unique_id_l"], pairs["unique_id_r"], pairs["match_probability"])
    ]
    deaths = dict(zip(records["id"].astype(int), records["date_of_death"]))
    deaths = {k: (v if isinstance(v, dt.date) else None) for k, v in deaths.items()}
    features_by_id = frame.set_index("unique_id")
    return clustering.cluster(
        [int(i) for i in records["id"]], pair_list, accepted, rejected, deaths, threshold=threshold,
        sexes=_by_record(features_by_id["sex"]),
        birth_years={k: int(v) for k, v in _by_record(features_by_id["birth_year_est"]).items() if v is not None}
        if not encoded else None,
        sources=_by_record(features_by_id["source_dataset"]),
        fathers=_by_record(features_by_id["father_key"]) if not encoded else None, fixed=fixed,
    )


def inputs_sha256(records: pd.DataFrame, accepted: set, rejected: set, options: LinkOptions,
                  cities: set[str] = frozenset()) -> str:
    """The hash of what a link run depends on: the current records (without their persons),
    the reviewed decisions, the gazetteer's cities, the options and the versions of the code."""
    content = records.drop(columns=["person_id"]).sort_values("id").to_csv(index=False)
    key = json.dumps({"records": hashlib.sha256(content.encode("utf-8")).hexdigest(),
                      "accepted": sorted(accepted), "rejected": sorted(rejected), "cities": sorted(cities),
                      "options": json.loads(json.dumps(asdict(options))), "versions": versions()}, sort_keys=True)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def versions() -> dict[str, str]:
    """The versions of the code a link run depends on."""
    import sabt

    found = {"sabt": sabt.__version__}
    for package in ("splink", "duckdb", "pandas"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:  # pragma: no cover - all are dependencies
            found[package] = "absent"
    return found


def _last_run(case: Case):
    with case.session() as session:
        return session.scalar(select(models.LinkRun).order_by(models.LinkRun.id.desc()).limit(1))


def _persist(case: Case, summary: LinkSummary, records: pd.DataFrame, pairs: pd.DataFrame, clusters, model_json,
             options: LinkOptions, description: str) -> None:
    groups = clusters.groups()
    previous = dict(zip(records["id"].astype(int), records["person_id"]))
    with case.engine.begin() as connection:
        run_id = connection.execute(
            models.LinkRun.__table__.insert().returning(models.LinkRun.id),
            [{"backend": summary.backend, "settings": {"model": model_json, "describe": description,
                                                       "options": json.loads(json.dumps(asdict(options))),
                                                       "versions": versions()},
              "threshold": summary.threshold, "created_at": models._now()}],
        ).scalar_one()
        summary.run_id = run_id
        link_rows = [
            (run_id, int(row["unique_id_l"]), int(row["unique_id_r"]), float(row["match_probability"]),
             float(row["match_weight"]), json.dumps(_drivers(row)))
            for row in pairs.to_dict("records")
        ]
        if link_rows:
            bulk_insert(connection, models.RecordLink.__table__,
                        ("run_id", "record_a", "record_b", "match_probability", "match_weight", "drivers"), link_rows)
        # stable person ids: each earlier person goes to the cluster holding most of its records
        # (of its open records, when it has any: protected records may not move an open person's id)
        shown = _shown_records(records, clusters.cluster_of)
        claims = sorted(
            ((count, person, cluster_id) for cluster_id, members in groups.items()
             for person, count in Counter(previous[m] for m in members if m in shown and pd.notna(previous[m])).items()),
            reverse=True,
        )
        person_of_cluster: dict[int, int] = {}
        used: set[int] = set()
        for count, person, cluster_id in claims:
            if cluster_id not in person_of_cluster and person not in used:
                person_of_cluster[cluster_id] = int(person)
                used.add(int(person))
        summary.persons_kept = len(person_of_cluster)
        persons = _person_values(case, records, clusters.cluster_of, run_id)
        kept = [{**values, "person_id": person_of_cluster[c]} for c, values in persons.items() if c in person_of_cluster]
        new = [c for c in persons if c not in person_of_cluster]
        table = models.Person.__table__
        if kept:
            _say_protection_changes(connection, summary, kept)
            connection.execute(update(table).where(table.c.id == bindparam("person_id")), kept)
        if new:
            now = models._now()
            ids = connection.execute(
                table.insert().returning(table.c.id, sort_by_parameter_order=True),
                [{**persons[c], "created_at": now} for c in new],
            ).scalars().all()
            person_of_cluster.update(zip(new, ids))
            summary.persons_new = len(new)
        assignments = [(person_of_cluster[clusters.cluster_of[r]], r) for r in clusters.cluster_of]
        connection.exec_driver_sql(
            "UPDATE records SET person_id = %s WHERE id = %s" if connection.dialect.name == "postgresql"
            else "UPDATE records SET person_id = ? WHERE id = ?",
            assignments,
        )
        merged = _keep_merged_ids(connection, run_id, previous, shown, clusters.cluster_of, person_of_cluster)
        now_protected = {person_of_cluster[c]: v["protected"] for c, v in persons.items()}
        summary.warnings.extend(
            f"person {old}: merged into person {survivor}, "
            + ("still protected" if now_protected.get(survivor) else "now shown from its open records "
               "(its protected records stay protected)")
            for old, survivor, was_protected in merged if was_protected)
        referenced = select(models.EvidenceLink.target_id).where(models.EvidenceLink.target_table == "person")
        connection.execute(
            delete(models.Person).where(
                models.Person.id.not_in(select(models.Record.person_id).where(models.Record.person_id.is_not(None))),
                models.Person.id.not_in(referenced),
            )
        )
        summary.persons = len(groups)
        connection.execute(update(models.LinkRun).where(models.LinkRun.id == run_id).values(summary=summary.as_dict()))


def _keep_merged_ids(connection, run_id: int, previous: dict, shown: set, cluster_of: dict,
                     person_of_cluster: dict) -> list[tuple[int, int, bool]]:
    """Each earlier person that lost its id in this run (merged into another) is kept as an alias
    of the person that took most of its records, so its id keeps answering (a redirect); aliases
    that pointed at it follow it; an id in use again is no alias. Returns (old id, survivor,
    whether the old person was protected) for each."""
    kept = set(person_of_cluster.values())
    taken: dict[int, Counter] = {}
    for record, person in previous.items():
        if pd.notna(person) and int(person) not in kept:
            weight = 1000 if record in shown else 1          # where its shown records went, first
            taken.setdefault(int(person), Counter())[person_of_cluster[cluster_of[record]]] += weight
    if not taken:
        return []
    was_protected = dict(connection.execute(select(models.Person.id, models.Person.protected)
                                            .where(models.Person.id.in_(list(taken)))).all())
    table = models.PersonAlias.__table__
    connection.execute(delete(table).where(table.c.old_id.in_(list(taken) + list(kept))))
    merged = []
    for old_id, targets in taken.items():
        survivor = targets.most_common(1)[0][0]
        connection.execute(update(table).where(table.c.person_id == old_id).values(person_id=survivor))
        connection.execute(table.insert().values(old_id=old_id, person_id=survivor, link_run_id=run_id,
                                                 was_protected=bool(was_protected.get(old_id))))
        merged.append((old_id, survivor, bool(was_protected.get(old_id))))
    return merged


def _shown_records(records: pd.DataFrame, cluster_of: dict[int, int]) -> set[int]:
    """The records a person's values come from: its open records, or all of them when every one
    is protected. A person's shown values never come from a protected record next to an open one
    (a viewer would learn what the protected record says, and that it exists)."""
    ids = records["id"].astype(int)
    protected = records["protected"].fillna(False).astype(bool)
    cluster = ids.map(cluster_of)
    has_open = set(cluster[~protected.to_numpy()])
    return set(ids[~protected.to_numpy() | ~cluster.isin(has_open).to_numpy()])


def _say_protection_changes(connection, summary: LinkSummary, kept: list[dict]) -> None:
    """A kept person whose protection this run changes is named in the run's warnings (by id)."""
    was = dict(connection.execute(select(models.Person.id, models.Person.protected)
                                  .where(models.Person.id.in_([k["person_id"] for k in kept]))).all())
    for values in kept:
        before = bool(was.get(values["person_id"]))
        if before != values["protected"]:
            summary.warnings.append(
                f"person {values['person_id']}: " + ("now protected (all its records are protected)" if values["protected"]
                                                     else "now shown from its open records (its protected records stay protected)"))


def _person_values(case: Case, records: pd.DataFrame, cluster_of: dict[int, int], run_id: int) -> dict[int, dict]:
    """Each cluster's person row, from its shown records (:func:`_shown_records`): name, place,
    province and status (killed, detained, … as the lists say) from the most complete record (else the first that has them), other fields from the
    first record that has them; protected (identity sealed) when all its records are; flagged when
    the dates of death differ. Vectorised: a million records make hundreds of thousands of persons."""
    frame = records.drop(columns=["person_id"]).copy()
    frame = frame[frame["id"].astype(int).isin(_shown_records(frame, cluster_of))]
    frame["cluster"] = frame["id"].astype(int).map(cluster_of)
    frame["completeness"] = frame.notna().sum(axis=1)
    frame["order"] = range(len(frame))
    first = frame.groupby("cluster", sort=False).first()
    best = frame.sort_values(["cluster", "completeness", "order"], ascending=[True, False, True]).groupby(
        "cluster", sort=False).head(1).set_index("cluster")
    latin = frame[frame["name"].map(lambda n: isinstance(n, str) and n.isascii())].groupby("cluster", sort=False)["name"].first()
    protected = frame["protected"].fillna(False).astype(bool).groupby(frame["cluster"], sort=False).any()
    died = frame.dropna(subset=["date_of_death"]).groupby("cluster", sort=False)["date_of_death"]
    death_range = pd.DataFrame({"low": died.min(), "high": died.max()})
    deaths = {cluster: (low, high) for cluster, low, high in death_range.itertuples() if low != high}
    persons = {}
    chosen_rows = best.reindex(first.index)
    for cluster, earliest, chosen in zip(first.index, first.itertuples(index=False), chosen_rows.itertuples(index=False)):
        values = {
            "link_run_id": run_id, "protected": bool(protected[cluster]),
            "name": _present(chosen.name, earliest.name), "name_latin": latin.get(cluster),
            "father_name": _present(earliest.father_name), "sealed": None, "sex": _present(earliest.sex),
            "age": _whole(_present(earliest.age)), "birth_year": _whole(_present(earliest.birth_year)),
            "date_of_death": _present(earliest.date_of_death), "date_of_arrest": _present(earliest.date_of_arrest),
            "status": _present(chosen.status, earliest.status),
            "place_key": _present(chosen.place_key, earliest.place_key),
            "province_code": _present(chosen.province_code, earliest.province_code),
            "flags": [f"dates of death differ: {deaths[cluster][0]} … {deaths[cluster][1]}"] if cluster in deaths else None,
        }
        if values["protected"]:
            identity = {k: values[k] for k in ("name", "name_latin", "father_name")}
            values["sealed"] = case.key.seal(identity, "persons")
            values["name"] = values["name_latin"] = values["father_name"] = None
        persons[int(cluster)] = values
    return persons


def _by_record(column: pd.Series) -> dict:
    """Record id → value, a missing value as None (pandas 3 reads a missing string as NaN)."""
    return {int(k): (v if pd.notna(v) else None) for k, v in column.items()}


def _present(*values):
    """The first value that is not missing (None, NaN, NaT), else None."""
    return next((v for v in values if pd.notna(v)), None)


def _whole(value) -> int | None:
    return int(value) if value is not None else None
