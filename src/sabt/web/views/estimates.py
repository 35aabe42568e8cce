"""An estimate explained in words, in the user's language: what it counts, the total and its
interval rounded one way (:func:`sabt.estimate.result.whole`), the method, and the chosen model
as the lists it lets depend on each other — not ``[35,1,2,4,6,7]``.

Used by the run page (the latest runs and a finished run's outcome) and the assessment page.
Only aggregates: an estimate counts everyone, protected or not (see docs/web.md)."""

from __future__ import annotations

from sqlalchemy import select

from sabt.case import Case
from sabt.estimate.result import model_links, whole
from sabt.store import models
from sabt.web.i18n import Translator
from sabt.web.views import data

INTERVAL_KINDS = ("credible", "confidence", "bootstrap", "pooled")


def count(value, t: Translator) -> str:
    """An estimated count as every estimate view shows it: the nearest whole person."""
    shown = whole(value)
    return t("unbounded") if shown is None else t.num(shown)


def _join(names: list[str], t: Translator) -> str:
    """Names joined in the language's way; in Persian each is a bidi isolate (FSI … PDI), so a
    Latin name does not pull the commas and the next name to its side."""
    if t.dir == "rtl":
        names = [f"\u2068{n}\u2069" for n in names]
    if len(names) <= 1:
        return "".join(names)
    return t("list_separator").join(names[:-1]) + t("list_last_separator") + names[-1]


def _interval_kind(text: str | None) -> str:
    text = (text or "").lower()
    return next((kind for kind in INTERVAL_KINDS if kind in text), "interval")


def explain(case: Case, run: models.EstimateRun, t: Translator) -> dict:
    """The run's numbers (rounded) and sentences for a reader who has never heard of
    multiple systems estimation."""
    r, settings = run.result or {}, run.settings or {}
    lists = list(settings.get("lists") or r.get("lists") or [])
    names = data.source_names(case, lists)
    named = [names.get(x, x) for x in lists]
    estimate, lower, upper = count(r.get("estimate"), t), count(r.get("lower"), t), count(r.get("upper"), t)
    total, observed = whole(r.get("estimate")), r.get("observed")
    missing = total - observed if total is not None and observed is not None else None
    sentences = [t("estimate_counts").format(observed=t.num(r.get("observed")), n=t.num(len(lists)), lists=_join(named, t),
                                             estimate=estimate),
                 t("estimate_interval").format(kind=t("interval." + _interval_kind(r.get("interval"))), lower=lower,
                                               upper=upper, missing=t.num(missing) if missing is not None else "—"),
                 t.label("estimate_method", run.method)]
    groups = model_links(r.get("model"), lists) if run.method == "loglinear" else None
    if groups == []:
        sentences.append(t("estimate_model_independent"))
    elif groups:
        pairs = [_join([names.get(x, x) for x in g], t) for g in groups]
        sentences.append(t("estimate_model_dependent").format(groups="; ".join(pairs)))
    elif run.method in ("lcmcr", "dga"):
        sentences.append(t("estimate_dependence." + run.method))
    scope = [(key, settings.get(key)) for key in ("population", "period", "places") if settings.get(key)]
    if scope:
        sentences.append(t("estimate_scope").format(scope="; ".join(f"{t('scope.' + k)}: {v}" for k, v in scope)))
    else:
        sentences.append(t("estimate_scope_unstated"))
    if settings.get("synthetic"):
        sentences.append(t("estimate_synthetic"))
    return {"id": run.id, "method": t.label("method", run.method), "estimate": estimate, "lower": lower, "upper": upper,
            "sentences": sentences, "stratified": bool(run.strata)}


def recent(case: Case, t: Translator, limit: int = 10) -> list[dict]:
    """The latest estimation runs, each explained, newest first."""
    with case.session() as session:
        runs = session.scalars(select(models.EstimateRun).order_by(models.EstimateRun.id.desc()).limit(limit)).all()
        return [explain(case, run, t) | {"created_at": t.datetime(run.created_at)}
                for run in runs if (run.result or {}).get("estimate") is not None]
