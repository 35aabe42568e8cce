"""A small, synthetic assessment case with the shapes the report draws.

The figures follow the published aggregates quoted in the assessment
(../shared/sources/iran-2026-foreign-militias-assessment.txt), but this is *test
data*: the incidents, their counts per city, the connectivity series and the estimate run
are made up to exercise every section of the report (several sources' tallies over time,
confirmed and under-investigation parts, an official figure, a range, an F6 statement,
deployment estimates per group, incidents in several provinces, a synthetic connectivity
series, child arrests by province, a stored estimate run, legal classifications).

``build_fixture_case(case)`` fills an open, freshly initialised case and returns it.
"""

from __future__ import annotations

import datetime as dt

from sabt.store import models

D = dt.date

SOURCES = [
    # id, name, publisher, kind, reliability, url
    ("hrana", "HRANA running tally", "Human Rights Activists News Agency", "report", "B",
     "https://www.en-hrana.org/"),
    ("ihrngo", "IHRNGO casualty count", "Iran Human Rights", "report", "B", "https://iranhr.net/en/"),
    ("iranhrm", "Iran HRM monthly report", "Iran Human Rights Monitor", "report", "C",
     "https://iran-hrm.com/"),
    ("official", "Statement of a regional official", "Islamic Republic of Iran (official)",
     "statement", "E", None),
    ("iranintl", "Iran International report", "Iran International", "report", "C",
     "https://www.iranintl.com/en"),
    ("cbs", "CBS News: activist groups' count", "CBS News", "report", "B", "https://www.cbsnews.com/"),
    ("doctors", "Doctors' network figure", "Network of doctors (anonymous)", "testimony", "F", None),
    ("assessment", "Executive intelligence assessment (preface)", "Unknown author", "document", "F",
     None),
    ("cnn", "CNN: European military source", "CNN", "report", "B", "https://edition.cnn.com/"),
    ("medialine", "The Media Line: Iraqi security source", "The Media Line", "report", "C",
     "https://themedialine.org/"),
    ("fox", "Fox News report", "Fox News", "report", "C", "https://www.foxnews.com/"),
]

# source, metric, low, best, high, qualifier, as_of, extra, reliability, credibility, status, quote
KILLED = [
    ("hrana", 544, 544, 544, "at least", D(2026, 1, 11), {"part": "confirmed"}, "B", 2, "confirmed",
     "HRANA has confirmed 544 deaths"),
    ("hrana", 1850, 1850, 1850, "at least", D(2026, 1, 14), {"part": "confirmed"}, "B", 2,
     "confirmed", "1,850 deaths confirmed"),
    ("hrana", 2403, 2403, 2403, None, D(2026, 1, 16), {"part": "confirmed"}, "B", 2, "confirmed",
     "HRANA confirmed 2,403 protester deaths"),
    ("hrana", 4382, 4382, 4382, None, D(2026, 1, 16), {"part": "under_investigation"}, "B", 3,
     "under_investigation", "4,382 cases under investigation"),
    ("hrana", 3308, 3308, 3308, None, D(2026, 1, 18), {"part": "confirmed"}, "B", 2, "confirmed",
     "As of January 18, HRANA confirmed 3,308 deaths"),
    ("hrana", 4382, 4382, 4382, None, D(2026, 1, 18), {"part": "under_investigation"}, "B", 3,
     "under_investigation", "with an additional 4,382 cases under investigation"),
    ("ihrngo", 648, 648, None, "at least", D(2026, 1, 12), None, "B", 2, "reported",
     "at least 648 protesters killed"),
    ("ihrngo", 3428, 3428, None, "at least", D(2026, 1, 17), None, "B", 2, "reported",
     "IHRNGO: at least 3,428 killed"),
    ("iranhrm", 3000, 3000, None, "more than", D(2026, 1, 17), None, "C", 3, "reported",
     "more than 3,000 killed"),
    ("official", 5000, 5000, 5000, "approximately", D(2026, 1, 20), {"official": True}, "E", 3,
     "reported", "about 5,000 people, including security forces, were killed"),
    ("iranintl", 12000, 12000, None, "at least", D(2026, 1, 15), None, "C", 3, "reported",
     "at least 12,000 people were killed"),
    ("cbs", 12000, 12000, 20000, "range", D(2026, 1, 14), None, "B", 3, "reported",
     "at least 12,000 and possibly as high as 20,000"),
    ("doctors", 16500, 16500, 16500, None, D(2026, 1, 18), None, "F", 6, "reported",
     "16,500 killed according to doctors"),
    ("assessment", 20000, 20000, 30000, "range", D(2026, 1, 20), None, "F", 6, "reported",
     "Most of the 20,000-30,000 protestors killed were by foreign Shia militia"),
]

DEPLOYED = [
    # source, group, low, best, high, qualifier, as_of, grade, quote
    ("cnn", "Iraqi PMF factions", 800, 800, 800, "approximately", D(2026, 1, 7), ("B", 2),
     "800 Shiite fighters crossed from the Iraqi provinces of Diyala, Maysan, and Basra"),
    ("medialine", "Iraqi PMF factions", 5000, 5000, 5000, "nearly", D(2026, 1, 17), ("C", 3),
     "nearly 5,000 fighters entered Iran"),
    ("fox", "Hezbollah", 850, 850, 850, "roughly", D(2026, 1, 17), ("C", 3),
     "roughly 850 Hezbollah, Iraqi militia, and Quds Force-linked fighters entered Iran"),
    ("iranintl", "Fatemiyoun", None, None, None, "named, no figure", D(2026, 1, 15), ("C", 4),
     "Afghanistan's Fatemiyoun Brigade ... carried out a significant part of the killings"),
    ("iranintl", "Zainebiyoun", None, None, None, "named, no figure", D(2026, 1, 15), ("C", 4),
     "Pakistan's Zainebiyoun Brigade ... carried out a significant part of the killings"),
]

CHILD_ARRESTS = [("IR-17", 46), ("IR-23", 18), ("IR-30", 17), ("IR-02", 12), ("IR-01", 5),
                 ("IR-09", 3), ("IR-03", 3), ("IR-10", 2), ("IR-12", 1), ("IR-05", 1)]

# key, title, type, start, end, place_key, metric, low, best, high
INCIDENTS = [
    ("bazaar", "Protests begin at Tehran's Grand Bazaar", "protest", D(2025, 12, 28), None,
     "gn:112931", None, None, None, None),
    ("tehran-killings", "Mass shootings of protesters in Tehran", "killing", D(2026, 1, 8),
     D(2026, 1, 9), "gn:112931", "killed", 400, 900, 1500),
    ("rasht-killings", "Shootings in Rasht", "killing", D(2026, 1, 9), None, "gn:118743", "killed",
     60, 120, 200),
    ("mashhad-killings", "Shootings in Mashhad", "killing", D(2026, 1, 8), None, "gn:124665",
     "killed", 40, 80, 150),
    ("zahedan-killings", "Shootings in Zahedan", "killing", D(2026, 1, 10), None, "gn:1159301",
     "killed", 20, 35, 60),
    ("kermanshah-killings", "Shootings in Kermanshah", "killing", D(2026, 1, 4), None, "gn:128226",
     "killed", 5, 12, 20),
    ("sanandaj-killings", "Snipers in Sanandaj", "killing", D(2026, 1, 12), None, "gn:117574",
     "killed", 10, 25, 40),
    ("shiraz-hospital", "Raid on a hospital in Shiraz", "hospital_raid", D(2026, 1, 10), None,
     "gn:115019", "arrested", 10, 15, 30),
    ("blackout", "Near-total internet blackout", "internet_shutdown", D(2026, 1, 8),
     D(2026, 1, 24), "IR", None, None, None, None),
    ("prisons-cut", "Telecommunication lines in prisons cut", "internet_shutdown", D(2026, 1, 9),
     None, "IR", None, None, None, None),
    ("shalamcheh-crossing", "Buses of Iraqi men cross at Shalamcheh", "deployment",
     D(2026, 1, 6), D(2026, 1, 11), "crossing:shalamcheh", "deployed", 800, 3000, 3000),
    ("directive", "Directive to deal decisively with 'rioters'", "directive", D(2026, 1, 9), None,
     "gn:112931", None, None, None, None),
    ("yasuj-children", "Adolescents detained in Yasuj", "arrest", D(2026, 1, 10), D(2026, 1, 16),
     "gn:66093", "children_arrested", 81, 81, 81),
    ("executions", "Executions of prisoners during the protests", "execution", D(2026, 1, 5),
     D(2026, 1, 14), "IR", "executed", 52, 52, 52),
]

CROSSINGS = ["crossing:shalamcheh", "crossing:chazabeh", "crossing:khosravi", "crossing:mehran"]
STAGING = "gn:144448"  # Ahvaz
SENT_TO = ["gn:112931", "gn:128226", "gn:117574", "gn:130802", "gn:118743", "gn:125446"]


def build_fixture_case(case, *, with_estimate: bool = True, extra_sources=()):
    with case.session() as s:
        for sid, name, publisher, kind, rel, url in list(SOURCES) + list(extra_sources):
            s.add(models.Source(id=sid, name=name, publisher=publisher, kind=kind,
                                reliability=rel, url=url, language="en",
                                published=D(2026, 1, 20)))
        s.flush()
        n = 0

        def claim(**kw):
            nonlocal n
            n += 1
            kw.setdefault("key", f"c{n:03d}")
            c = models.Claim(**kw)
            s.add(c)
            return c

        for (src, low, best, high, qual, as_of, extra, rel, cred, status, quote) in KILLED:
            claim(source_id=src, metric="killed", low=low, best=best, high=high, qualifier=qual,
                  as_of=as_of, period_start=D(2025, 12, 28), period_end=as_of, place_key="IR",
                  reliability=rel, credibility=cred, status=status, quote=quote, extra=extra)
        # a superseded claim the report must not show as current
        claim(source_id="ihrngo", metric="killed", low=600, best=600, qualifier="at least",
              as_of=D(2026, 1, 12), place_key="IR", reliability="B", credibility=2,
              status="reported", quote="at least 600", superseded=True)
        for (src, group, low, best, high, qual, as_of, (rel, cred), quote) in DEPLOYED:
            claim(source_id=src, metric="deployed", low=low, best=best, high=high,
                  qualifier=qual, as_of=as_of, period_start=D(2026, 1, 2), period_end=as_of,
                  reliability=rel, credibility=cred, status="reported", quote=quote,
                  extra={"group": group}, actor_text=group)
        for code, count in CHILD_ARRESTS:
            claim(source_id="iranhrm", metric="children_arrested", low=count, best=count,
                  high=count, as_of=D(2026, 1, 18), period_start=D(2025, 12, 28),
                  period_end=D(2026, 1, 18), place_key=code, reliability="C", credibility=3,
                  status="reported", quote=f"child arrests by province: {count}")
        claim(source_id="hrana", metric="arrested", low=24000, best=24000, qualifier="more than",
              as_of=D(2026, 1, 18), place_key="IR", reliability="B", credibility=2,
              status="reported", quote="HRANA verified over 24,000 arrests by January 18")
        claim(source_id="iranhrm", metric="arrested", low=3000, best=3000, qualifier="more than",
              as_of=D(2026, 1, 17), place_key="IR", reliability="C", credibility=3,
              status="reported", quote="more than 3,000 detained across 195 cities")
        claim(source_id="hrana", metric="executed", low=52, best=52, qualifier="at least",
              as_of=D(2026, 1, 14), period_start=D(2026, 1, 5), period_end=D(2026, 1, 14),
              place_key="IR", reliability="B", credibility=2, status="reported",
              quote="at least 52 executions")
        for key in CROSSINGS:
            claim(source_id="medialine", metric="crossing", place_key=key, as_of=D(2026, 1, 11),
                  reliability="C", credibility=3, status="reported", quote="crossed at " + key)
        claim(source_id="iranintl", metric="staging", place_key=STAGING, as_of=D(2026, 1, 12),
              reliability="C", credibility=3, status="reported",
              quote="gathered at a military base in Ahvaz")
        s.flush()

        pmf = models.Actor(key="pmf", kind="organisation", name="Popular Mobilization Forces",
                           classification="militia", country="IQ")
        s.add(pmf)
        s.flush()
        s.add(models.Deployment(unit_id=pmf.id, place_key=STAGING, role="staging",
                                start_date=D(2026, 1, 6)))
        for key in SENT_TO:
            s.add(models.Deployment(unit_id=pmf.id, place_key=key, role="area of operations",
                                    start_date=D(2026, 1, 8)))

        claims_by_metric = {}
        for c in s.query(models.Claim).all():
            claims_by_metric.setdefault(c.metric, []).append(c)
        for (key, title, typ, start, end, place, metric, low, best, high) in INCIDENTS:
            inc = models.Incident(key=key, title=title, type=typ, start_date=start, end_date=end,
                                  place_key=place, count_metric=metric, count_low=low,
                                  count_best=best, count_high=high, status="reported",
                                  date_precision="day")
            s.add(inc)
            s.flush()
            if typ == "killing":
                s.add(models.LegalClassification(incident_id=inc.id, act_code="7(1)(a)",
                                                 status="candidate"))
        s.add(models.Series(key="connectivity", label="National internet connectivity (synthetic)",
                            unit="percent", synthetic=True, source_id=None))
        s.flush()
        series = s.query(models.Series).filter_by(key="connectivity").one()
        day = dt.datetime(2025, 12, 28, tzinfo=dt.UTC)
        while day < dt.datetime(2026, 2, 1, tzinfo=dt.UTC):
            d = day.date()
            if D(2026, 1, 8) <= d <= D(2026, 1, 20):
                value = 3.0 if d != D(2026, 1, 8) else 40.0
            elif D(2026, 1, 21) <= d <= D(2026, 1, 24):
                value = 25.0
            else:
                value = 97.0
            s.add(models.SeriesPoint(series_id=series.id, at=day, value=value))
            day += dt.timedelta(days=1)
        if with_estimate:
            s.add(models.EstimateRun(method="lcmcr", strata=["province"], settings={"seed": 1},
                                     result=_estimate_result()))
        s.commit()
    return case


def _estimate_result() -> dict:
    def one(observed, est, lo, hi):
        return {"method": "lcmcr", "observed": observed, "estimate": est, "lower": lo,
                "upper": hi, "model": "lcmcr", "diagnostics": {}, "warnings": [],
                "lists": ["list A", "list B", "list C", "list D"], "interval": "credible interval",
                "settings": {}, "unobserved": est - observed}

    strata = {"Tehran": one(812, 1310.0, 1090.0, 1702.0), "Khuzestan": one(240, 455.0, 330.0, 720.0),
              "Kordestan": one(131, 190.0, 150.0, 290.0)}
    total = one(1183, 1955.0, 1690.0, 2410.0)
    chart = [{"stratum": k, "documented": v["observed"], "estimate": v["estimate"],
              "lower": v["lower"], "upper": v["upper"], "estimated": True} for k, v in strata.items()]
    chart.append({"stratum": "total", "documented": 1183, "estimate": 1955.0, "lower": 1690.0,
                  "upper": 2410.0, "estimated": True})
    return {"method": "lcmcr", "by": ["province"], "strata": strata, "total": total,
            "skipped": {}, "warnings": [], "chart": chart}
