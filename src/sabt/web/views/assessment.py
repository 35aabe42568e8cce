"""The assessment as a page: what each source says (latest figure per source and metric, with
its grade and quote), the latest estimate with its interval, incidents by type — aggregates
only, so every role may read it."""

from __future__ import annotations

from sqlalchemy import func, select

from sabt.case import Case
from sabt.claims.vocab import grade
from sabt.store import models
from sabt.web.i18n import Translator
from sabt.web.views import estimates
from sabt.web.views.pages import value_text

MAIN_METRICS = ("killed", "arrested", "detained", "executed", "disappeared", "injured")


def summary(case: Case, t: Translator) -> dict:
    with case.session() as session:
        claims = session.scalars(
            select(models.Claim).where(models.Claim.superseded.is_(False), models.Claim.metric.in_(MAIN_METRICS),
                                       models.Claim.best.is_not(None) | models.Claim.low.is_not(None))
            .order_by(models.Claim.as_of.desc().nulls_last(), models.Claim.id.desc()).limit(5000)).all()
        sources = {s.id: s.name for s in session.scalars(select(models.Source))}
        by_type = session.execute(select(models.Incident.type, func.count()).group_by(models.Incident.type)
                                  .order_by(func.count().desc())).all()
        by_status = session.execute(select(models.Claim.status, func.count()).where(models.Claim.superseded.is_(False))
                                    .group_by(models.Claim.status)).all()
        latest_estimate = session.scalar(select(models.EstimateRun).order_by(models.EstimateRun.id.desc()).limit(1))
    latest = {}
    for c in claims:
        latest.setdefault((c.source_id, c.metric), c)
    rows = sorted(latest.values(), key=lambda c: (MAIN_METRICS.index(c.metric), -(c.best or c.low or 0)))
    tallies = [{"source_id": c.source_id, "source": sources.get(c.source_id, c.source_id), "metric": t.label("metric", c.metric),
                "value": value_text(c.low, c.best, c.high, t, c.qualifier),
                "as_of": t.date(c.as_of, c.date_precision), "grade": grade(c.reliability, c.credibility), "status": t.label("status", c.status),
                "quote": (c.quote or "")[:240]} for c in rows[:60]]
    killed = [c for c in rows if c.metric == "killed"]
    top = max([(c.best or c.low or 0) for c in killed] or [0])
    chart = [{"label": sources.get(c.source_id, c.source_id), "value": c.best or c.low or 0, "max": top or 1,
              "shown": value_text(c.low, c.best, c.high, t, c.qualifier)} for c in killed[:15]]
    estimate = estimates.explain(case, latest_estimate, t) if latest_estimate is not None and (
        latest_estimate.result or {}).get("estimate") is not None else None
    return {"tallies": tallies, "chart": chart, "estimate": estimate,
            "incidents": [(t("type." + k), t.num(n)) for k, n in by_type],
            "statuses": [(t.label("status", s), t.num(n)) for s, n in by_status]}
