"""Build ``sources.json`` and ``claims.json`` of the example case from the assessment's text.

Each claim names its quote by a start and an end string; the quote is cut from the report
itself, so it is verbatim by construction, and its character offsets into the report
(``quote_start``/``quote_end``, Python string indices of the UTF-8-decoded file) are recorded.
Grading rules: ``GRADING.md``. Re-run after editing::

    python examples/iran-2026/build_claims.py [path/to/iran-2026-foreign-militias-assessment.txt]

The report has no inline citation markers: a claim is filed under the numbered reference
whose URL, publisher and date fit it (``extra.ref_match`` says how: ``url`` when the URL's
own words name the content, ``publisher`` when only the publisher and date fit), and under
the report itself (source ``assessment``) when no reference fits.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPORT = HERE.parents[2] / "shared" / "sources" / "iran-2026-foreign-militias-assessment.txt"
REPORT_NAME = "iran-2026-foreign-militias-assessment.txt"
CASE_START = "2025-12-28"

# --------------------------------------------------------------------------------------------
# Sources: the report, and the references of its numbered list that claims are filed under.
# (number, publisher, title-ish name from the URL, url, published (from the URL) or None,
#  reliability of the publisher as a channel, kind)
REFS = {
    2: ("Iraqi Observatory for Human Rights", "Report: Iraqi militias enter Iran to assist in the suppression of popular protests",
        "https://www.iraqiobservatory.com/report-iraqi-militias-enter-iran-to-assist-in-the-suppression-of-popular-protests/", None, "C", "report"),
    4: ("Caliber.az", "IRGC Quds Force, allied proxies implicated in lethal January protests in Iran, sources say",
        "https://caliber.az/en/post/irgc-quds-force-allied-proxies-implicated-in-lethal-january-protests-in-iran-sources-say", None, "D", "news"),
    5: ("India Today", "Iran's Supreme Leader crushed protests with 5,000 foreign Shia militias, Iraqi Hezbollah",
        "https://www.indiatoday.in/world/story/ayatollah-khamenei-crushed-iran-protests-5000-foreign-shia-militias-iraqi-hezbollah-2853092-2026-01-17", "2026-01-17", "C", "news"),
    7: ("CBS News", "Iran protest death toll over 12,000, feared higher; video of bodies at morgue",
        "https://www.cbsnews.com/news/iran-protest-death-toll-over-12000-feared-higher-video-bodies-at-morgue/", None, "B", "news"),
    8: ("India Today", "Iran protest: Supreme Leader outsources to Hezbollah, Badr, Iraqi Shia militia on pilgrim visas",
        "https://www.indiatoday.in/world/story/iran-protest-ayatollah-ali-khamenei-outsource-hezbollah-badr-iraqi-shia-militia-from-iran-pilgrim-visa-irgc-basij-2851984-2026-01-14", "2026-01-14", "C", "news"),
    12: ("Iran Human Rights Monitor (Iran HRM)", "Political massacre in Iran: 3,000 protesters killed and the imminent risk of mass executions",
         "https://iran-hrm.com/2026/01/13/political-massacre-in-iran-3000-protesters-killed-and-the-imminent-risk-of-mass-executions/", "2026-01-13", "C", "report"),
    15: ("France 24", "Iran to press capital crime charges for rioters: prosecutors",
         "https://www.france24.com/en/live-news/20260113-iran-to-press-capital-crime-charges-for-rioters-prosecutors", "2026-01-13", "B", "news"),
    16: ("Iran Human Rights Monitor (Iran HRM)", "Systematic repression and enforced disappearances during the January 2026 uprising",
         "https://iran-hrm.com/2026/01/04/systematic-repression-and-enforced-disappearances-during-the-january-2026-uprising/", "2026-01-04", "C", "report"),
    17: ("Al Jazeera", "Iran's judiciary to speed up trials of accused in protests crackdown",
         "https://www.aljazeera.com/news/2026/1/14/irans-judiciary-to-speed-up-trials-of-accused-in-protests-crackdown", "2026-01-14", "B", "news"),
    18: ("France 24", "Security forces attack hospital amid protests in western Iran",
         "https://www.france24.com/en/asia-pacific/20260108-security-forces-attack-hospital-protests-western-iran", "2026-01-08", "B", "news"),
    20: ("Iran Human Rights Society (iranhrs.org)", "Widespread arrest of children and adolescents in Iran protests 2026",
         "https://en.iranhrs.org/widespread-arrest-of-children-and-adolescents-in-iran-protests-2026/", None, "C", "report"),
    21: ("Deutsche Welle", "Hospital attack highlights brutality of Iran clampdown",
         "https://www.dw.com/en/hospital-attack-highlights-brutality-of-iran-clampdown/a-75454581", None, "B", "news"),
    27: ("Wikipedia", "Liwa Fatemiyoun", "https://en.wikipedia.org/wiki/Liwa_Fatemiyoun", None, "F", "web"),
    30: ("Jamestown Foundation", "Pakistan bans Iran-backed Zainebiyoun Brigade amid regional turmoil",
         "https://jamestown.org/pakistan-bans-iran-backed-zainebiyoun-brigade-amid-regional-turmoil/", None, "C", "report"),
    32: ("Wikipedia", "Liwa Zainabiyoun", "https://en.wikipedia.org/wiki/Liwa_Zainabiyoun", None, "F", "web"),
    33: ("Middle East Center (mideastcenter.org)", "Increasing evidence of Iran's role in crackdown on protests in Iraq",
         "https://www.mideastcenter.org/post/increasing-evidence-of-iran-s-role-in-crackdown-on-protests-in-iraq", None, "C", "web"),
    35: ("Fox News", "Iran regime said to unleash Hezbollah, Iraqi militias as uprising spreads",
         "https://www.foxnews.com/world/iran-regime-said-unleash-hezbollah-iraqi-militias-uprising-spreads", None, "C", "news"),
    37: ("Wikipedia", "Kata'ib Hezbollah", "https://en.wikipedia.org/wiki/Kata'ib_Hezbollah", None, "F", "web"),
    48: ("This is Beirut", "Iran: United States accuses regime of using foreign militias",
         "https://thisisbeirut.com.lb/articles/1331882/iran-united-states-accuses-regime-of-using-foreign-militias", None, "C", "news"),
    59: ("Reuters", "Iranian official says verified deaths in Iran protests reach at least 5,000",
         "https://www.reuters.com/business/media-telecom/iranian-official-says-verified-deaths-iran-protests-reaches-least-5000-2026-01-18/", "2026-01-18", "B", "news"),
    62: ("Human Rights Watch", "Iran's internet blackout concealing atrocities",
         "https://www.hrw.org/news/2026/01/12/irans-internet-blackout-concealing-atrocities", "2026-01-12", "B", "report"),
    63: ("Al Jazeera", "UN Security Council holds emergency meeting on deadly protests in Iran",
         "https://www.aljazeera.com/news/2026/1/16/un-security-council-holds-emergency-meeting-on-deadly-protests-in-iran", "2026-01-16", "B", "news"),
    64: ("Iran International", "Iran International, 18 January 2026 (article 202601186040)",
         "https://www.iranintl.com/en/202601186040", "2026-01-18", "C", "news"),
    65: ("The Times of Israel", "Tehran doctors say security forces intentionally firing at protesters' eyes, heads",
         "https://www.timesofisrael.com/tehran-doctors-say-security-forces-intentionally-firing-at-protesters-eyes-heads/", None, "C", "news"),
    74: ("KSAT (Associated Press)", "Activists say Iran has aired at least 97 coerced confessions from protesters, often after torture",
         "https://www.ksat.com/news/world/2026/01/13/activists-say-iran-has-aired-at-least-97-coerced-confessions-from-protesters-often-after-torture/", "2026-01-13", "B", "news"),
    75: ("Iran Human Rights Monitor (Iran HRM)", "50,000 detainees on the brink of execution",
         "https://iran-hrm.com/2026/01/15/50000-detainees-on-the-brink-of-execution/", "2026-01-15", "C", "report"),
    79: ("United Nations", "Security Council live: ambassadors due to meet in emergency session on Iran",
         "https://www.un.org/en/security-council-live-ambassadors-due-meet-emergency-session-iran", None, "A", "statement"),
    84: ("The Times of Israel", "5 countries call for UN Human Rights Council to hold session on 'alarming' Iran violence",
         "https://www.timesofisrael.com/liveblog_entry/5-countries-call-for-un-human-rights-council-to-hold-session-on-alarming-iran-violence/", None, "C", "news"),
    86: ("UK Government (GOV.UK)", "Leaders' declaration of France, the United Kingdom and Germany on the situation in Iran: 9 January 2026",
         "https://www.gov.uk/government/news/leaders-declaration-of-france-the-united-kingdom-and-germany-on-the-situation-in-iran-9-january-2026", "2026-01-09", "A", "statement"),
    94: ("Iran Human Rights (IHRNGO)", "Iran Human Rights, article 8527", "https://iranhr.net/en/articles/8527/", None, "B", "report"),
}
ASSESSMENT = {
    "id": "assessment",
    "name": "The Deployment of Foreign Shia Militias Against Iranian Protesters: A Strategic Analysis of "
            "Transnational Repression and Crimes Against Humanity (Executive Intelligence Assessment)",
    "publisher": "unknown (unsigned assessment)",
    "kind": "report",
    "url": None,
    "language": "en",
    "reliability": "F",
    "notes": f"Text: shared/sources/{REPORT_NAME}. Unsigned; no inline citations, only a numbered list "
             "of 101 URLs at the end. Its first, informal section (before 'EXECUTIVE INTELLIGENCE "
             "ASSESSMENT') gives no sources at all. Grade F: the reliability of its author cannot be judged.",
}


SYNTHETIC_CONNECTIVITY = {
    "id": "synthetic-connectivity",
    "name": "SYNTHETIC national internet reachability series (not a measurement)",
    "publisher": "sabt example case (made up by make_connectivity.py)",
    "kind": "dataset",
    "url": None,
    "language": "en",
    "reliability": "F",
    "notes": "SYNTHETIC. Drawn by hand from what the assessment says (normal; partial disruption on "
             "7 January; near-total blackout from the evening of 8 January; nothing after 18 January). "
             "No measured data was used. See examples/iran-2026/connectivity.README.md.",
}


FICTIONAL_LISTS = [
    ("list-setareh", "Setareh Documentation Collective", "lists/setareh-fa.csv (Persian, Solar Hijri dates, UTF-16)"),
    ("list-kooh", "Kooh Human Rights Monitor", "lists/kooh.csv (Latin transliteration)"),
    ("list-parvaz", "Parvaz Families Network", "lists/parvaz.csv (mixed Persian and Latin rows)"),
    ("list-sahel", "Sahel Victims Registry", "lists/sahel.xlsx (Latin, capitals)"),
]


def source_rows() -> list[dict]:
    rows = [ASSESSMENT, SYNTHETIC_CONNECTIVITY]
    for sid, name, file in FICTIONAL_LISTS:
        rows.append({
            "id": sid, "name": f"{name} (FICTIONAL organisation; SYNTHETIC list)", "publisher": name + " (fictional)",
            "kind": "list", "url": None, "reliability": "F",
            "notes": f"SYNTHETIC victim list of a FICTIONAL organisation, made by make_lists.py with "
                     f"sabt.simulate (seed 2026): {file}. No real person is in it; see lists/README.md.",
        })
    for n, (publisher, name, url, published, reliability, kind) in sorted(REFS.items()):
        rows.append({
            "id": f"ref-{n}", "name": name, "publisher": publisher, "kind": kind, "url": url,
            "language": "en", "published": published, "reliability": reliability,
            "notes": f"Reference {n} of the assessment's numbered reference list. Title paraphrased "
                     "from the URL; page not retrieved for this example.",
        })
    return rows


# --------------------------------------------------------------------------------------------
TEXT: str = ""
CLAIMS: list[dict] = []

OPENING = "anonymous author (the assessment's unsourced opening section)"
UNATTRIBUTED = "the assessment (no originator named)"


def span(start: str, end: str | None = None, after: str | None = None) -> tuple[str, int, int]:
    """The report's text from ``start`` to the end of ``end`` (first match after ``after``)."""
    base = TEXT.index(after) if after else 0
    i = TEXT.index(start, base)
    if after is None and TEXT.count(start) > 1:
        raise SystemExit(f"quote start {start!r} is not unique; give `after`")
    j = i + len(start) if end is None else TEXT.index(end, i) + len(end)
    if j - i > 700:
        raise SystemExit(f"quote from {start!r} is {j - i} characters long")
    return TEXT[i:j], i, j


def claim(key, metric, q, *, source="assessment", by=UNATTRIBUTED, grade="F3", status="reported",
          value=None, low=None, best=None, high=None, qualifier=None, as_of=None, start=None,
          end=None, place=None, actor=None, subject=None, unit=None, precision=None, **extra):
    quote, i, j = q
    row = {"key": key, "source_id": source, "metric": metric}
    if value is not None:
        row["value"] = value
    for name, v in (("low", low), ("best", best), ("high", high), ("qualifier", qualifier)):
        if v is not None:
            row[name] = v
    row.update({
        "unit": unit, "subject": subject, "as_of": as_of, "period_start": start, "period_end": end,
        "date_precision": precision or ("day" if (as_of or start) else None),
        "place": place, "actor": actor, "attributed_to": by,
        "reliability": grade[0], "credibility": int(grade[1]), "status": status,
        "quote": quote, "quote_start": i, "quote_end": j,
    })
    row = {k: v for k, v in row.items() if v is not None}
    has_count = any(v is not None for v in (value, low, best, high))
    if has_count and place and not extra.get("context") and "scope" not in extra:
        # national: a count for the whole country; local: a count for one place (a morgue,
        # a hospital, a province) — not a national tally, whatever its size
        extra["scope"] = "national" if place == "Iran" else "local"
    if source != "assessment" and "ref_match" not in extra:
        extra["ref_match"] = "url"
    row.update(extra)
    CLAIMS.append(row)


def build() -> None:
    # ---- The informal opening (before "EXECUTIVE INTELLIGENCE ASSESSMENT"): all F6 ---------
    op = {"source": "assessment", "by": OPENING, "grade": "F6", "section": "opening", "unsourced": True}
    claim("opening-irgc-290000", "other", span("Also, the 290,000 IRGC live in Iran", "with their families."),
          value="290,000", subject="IRGC personnel living in Iran", place="Iran", **op)
    q = span("So what you do as a mullah is", "precisely what happened after 8th January.")
    claim("opening-internet-shutdown-after-8-jan", "internet_shutdown", q, start="2026-01-08", place="Iran", **op)
    claim("opening-foreign-fighters-after-8-jan", "deployed", q, start="2026-01-08", place="Iran",
          subject="foreign fighters brought in", **op)
    claim("opening-killed-20000-30000", "killed",
          span("Most of the 20,000-30,000 protestors killed", "trained in foreign lands."),
          value="20,000-30,000", start="2026-01-08", place="Iran", actor="foreign Shia militias",
          subject="protesters killed, most by foreign Shia militia", **op)
    claim("opening-militias-pmf", "deployed",
          span("The militias primarily belong to the Iraqi Popular Mobilization Forces", "(IRGC)."),
          actor="Iraqi Popular Mobilization Forces", place="Iran", group="Iraqi PMF", **op)
    claim("opening-arabic-speaking-militias", "deployed",
          span("The reliance on foreign, non-Persian speaking militias (who speak Arabic)",
               "compared to local security forces."),
          place="Iran", subject="Arabic-speaking foreign militias", **op)

    # ---- Executive summary ------------------------------------------------------------------
    claim("summary-deployed-iraqi-5000", "deployed",
          span("Between January 2-18, 2026, approximately 5,000 Iraqi militia fighters", "religious pilgrimages."),
          value="approximately 5,000", start="2026-01-02", end="2026-01-18", place="Iran",
          subject="Iraqi militia fighters (with Fatemiyoun, Zainebiyoun and Hezbollah contingents)",
          group="Iraqi PMF", grade="F3", figure=2)
    claim("summary-killed-12000-20000-jan-8-9", "killed",
          span("On January 8-9, 2026, an estimated 12,000-20,000 protesters were killed",
               "from international scrutiny."),
          value="12,000-20,000", start="2026-01-08", end="2026-01-09", place="Iran", grade="F3", figure=1)
    claim("summary-deployed-thousands", "deployed",
          span("has deployed thousands of foreign Shia militia fighters from Iraq, Afghanistan, Pakistan, and Lebanon"),
          value="thousands", place="Iran", subject="foreign Shia militia fighters from Iraq, Afghanistan, Pakistan and Lebanon",
          grade="F3")
    claim("summary-disappeared-thousands", "disappeared",
          span("enforced disappearances of thousands, including hundreds of children"),
          value="thousands", place="Iran", grade="F3")
    claim("summary-children-disappeared-hundreds", "disappeared",
          span("enforced disappearances of thousands, including hundreds of children"),
          value="hundreds", subject="children forcibly disappeared", place="Iran", grade="F3")

    # ---- I. Strategic context -----------------------------------------------------------------
    q = span("The protests that began on December 28, 2025, in Tehran's Grand Bazaar", "by mid-January.",
             after="The Manpower Crisis")
    claim("protests-began-28-dec-grand-bazaar", "other", q, as_of="2025-12-28", place="Tehran",
          subject="protests began in Tehran's Grand Bazaar", grade="F1",
          public_act="the start of protests on 28 December",
          note="The start date is repeated in the conclusion and matches every other source in the report.")
    claim("protests-locations-585", "protest_locations", q, value="at least 585", as_of="2026-01-15",
          precision="month", place="Iran", grade="F3", date_note="'by mid-January'")
    claim("protests-cities-186", "protest_cities", q, value="186", as_of="2026-01-15", precision="month",
          place="Iran", grade="F3", date_note="'by mid-January'")
    claim("protests-provinces-31", "other", q, value="31", subject="provinces with protests (all 31)",
          as_of="2026-01-15", precision="month", place="Iran", grade="F3", missing_metric="protest_provinces")
    claim("security-forces-refused-orders-hengaw", "other",
          span("The Kurdish rights group Hengaw documented instances of Iranian forces declining to shoot demonstrators"),
          by="Hengaw", grade="B3", place="Iran", subject="security personnel declining to fire on protesters")
    claim("european-assessment-fraternisation", "deployed",
          span("A European military assessment seen by CNN characterized the deployment", "and the demonstrators\"."),
          by="a European military assessment (anonymous; seen by CNN)", grade="F3", place="Iran", via="CNN")
    claim("expert-killed-12000-20000-two-days", "killed",
          span("the fact that between 12,000 and 20,000 people were killed within two days shows these groups were deployed specifically to kill.",
               after="The foreign militias brought capabilities"),
          value="12,000-20,000", start="2026-01-08", end="2026-01-09", place="Iran",
          by="an expert on Arab affairs interviewed by Iran International", grade="F3", via="Iran International")

    # ---- Context: the militias' record (not about January 2026; metric 'other', context=true) ----
    ctx = {"context": True}
    q = span("Between 2013 and 2019, over 50,000 Fatemiyoun militants fought in Syria",
             "over 5,000 deaths and 4,000 wounded.")
    claim("context-fatemiyoun-syria-fighters-50000", "other", q, value="over 50,000", start="2013-01-01",
          end="2019-12-31", precision="year", subject="Fatemiyoun fighters who fought in Syria 2013–2019",
          source="ref-27", grade="F3", group="Fatemiyoun", context_metric="deployed", **ctx)
    claim("context-fatemiyoun-syria-deaths-5000", "other", q, value="over 5,000", start="2013-01-01",
          end="2019-12-31", precision="year", subject="Fatemiyoun fighters killed in Syria 2013–2019",
          source="ref-27", grade="F3", group="Fatemiyoun", context_metric="killed", **ctx)
    claim("context-fatemiyoun-syria-wounded-4000", "other", q, value="4,000", start="2013-01-01",
          end="2019-12-31", precision="year", subject="Fatemiyoun fighters wounded in Syria 2013–2019",
          source="ref-27", grade="F3", group="Fatemiyoun", context_metric="injured", **ctx)
    claim("context-fatemiyoun-strength-10000-20000", "other",
          span("The group grew from its initial contingent of 22 volunteers",
               "approximately 10,000-20,000 fighters."),
          value="10,000-20,000", subject="Fatemiyoun strength (division-strength force)", source="ref-27",
          grade="F3", group="Fatemiyoun", context_metric="deployed", initial_volunteers=22, **ctx)
    claim("context-fatemiyoun-salary-500-700", "other",
          span("Iran offered recruits monthly salaries of $500-700"),
          value="500-700", unit="USD per month", subject="monthly salary offered to Fatemiyoun recruits",
          source="ref-27", grade="F3", group="Fatemiyoun", **ctx)
    claim("context-kataib-hezbollah-10000", "other",
          span("growing to approximately 10,000 fighters across PMF brigades 45, 46, and 47",
               "plus an additional 2,500 fighters deployed to Syria."),
          value="approximately 10,000", subject="Kataib Hezbollah fighters across PMF brigades 45, 46 and 47",
          source="ref-37", grade="F3", group="Kataib Hezbollah", context_metric="deployed", **ctx)
    claim("context-kataib-hezbollah-syria-2500", "other",
          span("growing to approximately 10,000 fighters across PMF brigades 45, 46, and 47",
               "plus an additional 2,500 fighters deployed to Syria."),
          value="2,500", subject="Kataib Hezbollah fighters deployed to Syria", source="ref-37", grade="F3",
          group="Kataib Hezbollah", context_metric="deployed", **ctx)
    claim("context-zainebiyoun-40000-233", "other",
          span("out of 40,000 Hezbollah and Zainebiyoun fighters who reached the Middle East, 233 were Pakistanis from Parachinar."),
          value="233", subject="Pakistanis from Parachinar among 40,000 Hezbollah and Zainebiyoun fighters",
          by="a former Pakistani senator", source="ref-32", grade="F4", group="Zainebiyoun",
          total_fighters=40000, **ctx)
    claim("context-zainebiyoun-pilgrims-4000", "other",
          span("a 2017 Pakistani intelligence report revealing that 4,000 Shia pilgrims",
               "never returned to Pakistan."),
          value="4,000", start="2016-11-01", end="2017-06-30", precision="month",
          subject="Shia pilgrims from Pakistan who travelled to Iran and never returned",
          by="a 2017 Pakistani intelligence report", source="ref-32", grade="F3", group="Zainebiyoun", **ctx)
    claim("context-zainebiyoun-recruits-1600", "other",
          span("In just six months during 2018, the brigade recruited more than 1,600 Pakistani fighters."),
          value="more than 1,600", start="2018-01-01", end="2018-12-31", precision="year",
          subject="Pakistani fighters recruited by Zainebiyoun in six months of 2018", source="ref-32",
          grade="F3", group="Zainebiyoun", context_metric="deployed", **ctx)
    claim("context-zainebiyoun-banned-2024-04-11", "other",
          span("Pakistan banned the Zainebiyoun Brigade and designated it as a terrorist group on April 11, 2024"),
          as_of="2024-04-11", subject="Pakistan bans Zainebiyoun and designates it a terrorist group",
          by="Government of Pakistan", source="ref-30", grade="A1", group="Zainebiyoun",
          public_act="Pakistan's ban on Zainebiyoun", **ctx)
    claim("context-iraq-2019-death-toll-past-100", "other",
          span("the death toll in Iraq soared past 100"),
          value="more than 100", start="2019-10-01", precision="month",
          subject="protesters killed in Iraq, October 2019", source="ref-33", grade="C3",
          context_metric="killed", **ctx)
    claim("context-iraq-2019-killed-200", "other",
          span("The 2019 Iraqi protests ultimately killed at least 200 demonstrators"),
          value="at least 200", start="2019-10-01", end="2019-12-31", precision="year",
          subject="demonstrators killed in Iraq's 2019 protests", source="ref-33", grade="C3",
          context_metric="killed", **ctx)

    # ---- II. Iraqi PMF deployment ----------------------------------------------------------
    claim("deployed-iraqi-initial-800", "deployed",
          span("Initial reports on January 6-7, 2026, indicated that approximately 800 Iraqi fighters had entered Iran."),
          value="approximately 800", as_of="2026-01-07", start="2026-01-06", end="2026-01-07", place="Iran",
          subject="Iraqi fighters entered Iran", by="initial reports (unnamed)", grade="F3",
          group="Iraqi PMF", figure=2)
    claim("deployed-800-diyala-maysan-basra", "deployed",
          span("A European military source confirmed to CNN that 800 Shiite fighters crossed",
               "\"under the pretence of religious pilgrimages\"."),
          value="800", place="Iran", subject="Shiite fighters crossed from Diyala, Maysan and Basra (Iraq)",
          by="a European military source (anonymous; via CNN)", grade="F3", via="CNN", group="Iraqi PMF",
          origin="Diyala, Maysan and Basra provinces (Iraq)", figure=2)
    claim("deployed-nearly-5000-shaib-zurbatiya", "deployed",
          span("Yet an Iraqi security source provided a dramatically higher estimate",
               "Zurbatiya in Wasit province."),
          value="nearly 5,000", place="Iran", subject="fighters entered Iran through Shaib and Zurbatiya",
          by="an Iraqi security source (anonymous)", source="ref-5", grade="F3", group="Iraqi PMF", figure=2,
          crossings=["Shaib", "Zurbatiya"])
    claim("deployed-hezbollah-crossed", "deployed",
          span("Members of Lebanese Hezbollah reportedly crossed into Iran alongside Iraqi militia fighters"),
          place="Iran", subject="Lebanese Hezbollah members crossed into Iran", grade="F3", group="Hezbollah")
    claim("deployed-850-fox-news", "deployed",
          span("Fox News confirmed that roughly 850 Hezbollah, Iraqi militia, and Quds Force-linked fighters entered Iran",
               "verifying the movement."),
          value="roughly 850", place="Iran", subject="Hezbollah, Iraqi militia and Quds Force-linked fighters",
          by="Fox News", source="ref-35", grade="C3", group="Hezbollah + Iraqi militias + Quds Force-linked (one joint figure)",
          figure=2)
    claim("deployed-fatemiyoun-jan-8-9", "deployed",
          span("Afghanistan's Fatemiyoun Brigade (Liwa Fatemiyoun) played a documented role in the January 8-9, 2026, killings",
               "according to intelligence obtained by Iran International."),
          start="2026-01-08", end="2026-01-09", place="Iran", by="Iran International (intelligence sources)",
          source="ref-4", grade="C3", group="Fatemiyoun", via="Caliber.az")
    claim("deployed-zainebiyoun-january", "deployed",
          span("Despite Pakistan's ban, Zainebiyoun fighters participated in the January 2026 crackdown"),
          as_of="2026-01", precision="month", place="Iran", grade="F3", group="Zainebiyoun")
    claim("us-state-department-hezbollah-iraqi", "deployed",
          span("The U.S. State Department expressed alarm at reports that the Iranian regime deployed",
               "\"yet another profound betrayal of the Iranian people\"."),
          place="Iran", by="U.S. State Department", source="ref-48", grade="B3",
          subject="Hezbollah and Iraqi militants deployed (reports of, as relayed by the State Department)")
    claim("quds-force-central-role-jan-8-9", "killed",
          span("\"the Revolutionary Guards' Quds Force and its allied proxy forces in the region played a central role in the killing of Iranian protesters on January 8 and 9\""),
          start="2026-01-08", end="2026-01-09", place="Iran", actor="IRGC Quds Force and allied proxy forces",
          by="Iran International (intelligence sources)", source="ref-4", grade="C3", via="Caliber.az")

    # ---- Border crossings --------------------------------------------------------------------
    cr = {"grade": "F3"}
    claim("crossings-at-least-five", "crossing",
          span("Iraqi militia fighters entered Iran through at least five confirmed border crossings",
               "holy Shia sites."),
          value="at least 5", unit="crossings", place="Iran", **cr)
    claim("crossing-shalamcheh-primary", "crossing",
          span("Shalamcheh (Basra-Khuzestan border): The primary crossing point",
               "Iran's Khuzestan province."),
          place="Shalamcheh", **cr)
    claim("crossing-shalamcheh-60-buses", "crossing",
          span("An Iraqi Interior Ministry employee working at Shalamcheh reported that more than 60 buses",
               "by the evening of January 11."),
          value="more than 60", unit="buses", as_of="2026-01-11", place="Shalamcheh",
          by="an Iraqi Interior Ministry employee at Shalamcheh (anonymous)", grade="F3", bus_capacity=50)
    claim("crossing-shalamcheh-convoys-60-buses", "crossing",
          span("The fighters traveled in organized convoys, with at least 60 buses documented at Shalamcheh alone."),
          value="at least 60", unit="buses", place="Shalamcheh", **cr)
    claim("crossing-chazabeh", "crossing",
          span("Chazabeh/Chazzabeh: A secondary crossing point between Iraq and Khuzestan province."),
          place="Chazabeh", **cr)
    claim("crossing-khosravi", "crossing",
          span("Khosravi: Located on the Kermanshah-Ilam provincial border with Iraq", "into western Iran."),
          place="Khosravi", **cr)
    claim("crossing-shaib", "crossing",
          span("Shaib (Maysan province): A crossing in Maysan province used by nearly 5,000 fighters",
               "according to Iraqi security sources."),
          place="Shaib", by="Iraqi security sources (anonymous)", source="ref-5", grade="F3",
          fighters="nearly 5,000")
    claim("crossing-zurbatiya", "crossing",
          span("Zurbatiya (Wasit province): Another entry point in Wasit province."), place="Zurbatiya", **cr)
    claim("crossing-pilgrimage-cover-mashhad", "crossing",
          span("The fighters entered Iran under the pretense of undertaking religious pilgrimage to the Imam Reza shrine in Mashhad",
               "one of Shia Islam's holiest sites."),
          place="Iran", source="ref-8", grade="C3", ref_match="url", pretext_destination="Mashhad")
    claim("crossing-vehicles-interior-ministry-camp", "crossing",
          span("showed military vehicles bearing Iraqi government license plates",
               "departing from an Iraqi Interior Ministry camp."),
          by="a video posted by a commander of the Imam Ali Brigades", grade="F4",
          note="The assessment: independent confirmation that these vehicles reached Iran is unavailable.")
    claim("iraqi-government-denial", "other",
          span("publicly denied the reports as \"misleading,\"",
               "to deceive international and regional public opinion\"."),
          by="Office of the Iraqi Prime Minister (its security advisor)", grade="D4",
          subject="denial of reports of Iraqi militia deployment to Iran", denies="deployed")
    claim("monthly-payment-600", "other",
          span("With monthly payments of approximately $600, the regime purchased the services of thousands"),
          value="approximately 600", unit="USD per month", subject="monthly payment per foreign fighter",
          grade="F3")

    # ---- Staging at Ahvaz and deployment to cities ------------------------------------------
    claim("staging-ahvaz-hub", "staging",
          span("This central staging point served as the coordination hub where foreign fighters received assignments",
               "operational zones throughout Iran."),
          place="Ahvaz", grade="F3", base_linked_to="Office of the Supreme Leader", figure=3)
    claim("staging-ahvaz-caption", "staging",
          span("Geographic distribution of foreign Shia militia deployments across Iran, with Ahvaz serving as the central staging base",
               "Tehran, and Kurdish regions"),
          place="Ahvaz", grade="F3", figure=3, note="caption of the assessment's map figure")
    claim("staging-ahvaz-emptied", "staging",
          span("the Ahvaz base was emptied of Iranian soldiers days before the militia influx to accommodate the foreign forces."),
          place="Ahvaz", by="a Canada-based lawyer", grade="F3")
    claim("staging-ahvaz-to-west", "deployed",
          span("Positioning foreign fighters in Ahvaz allowed rapid deployment to both Khuzestan itself",
               "some of the deadliest crackdown operations."),
          place="Khuzestan", grade="F3", from_place="Ahvaz", to=["Khuzestan", "Kermanshah", "Lorestan", "Ilam"])
    claim("staging-ahvaz-dispatched", "deployed",
          span("From the Ahvaz staging base, foreign militia fighters were",
               "the violent crackdown on demonstrations\"."),
          place="Iran", grade="F3", from_place="Ahvaz", figure=3)
    claim("deployed-tehran", "deployed",
          span("Tehran: The capital witnessed significant militia presence", "Tehran Bazaar and multiple districts."),
          place="Tehran", grade="F3", from_place="Ahvaz")
    claim("deployed-hamedan", "deployed",
          span("Hamedan: Western Iran saw confirmed militia deployment according to European military assessment."),
          place="Hamedan", by="a European military assessment (anonymous; via CNN)", grade="F3",
          from_place="Ahvaz", via="CNN")
    claim("deployed-kermanshah-irgc-29th-division", "deployed",
          span("The 29th Nabi Akram Operational Division, part of the IRGC Ground Forces, deployed to suppress protests in Kermanshah City on January 8."),
          as_of="2026-01-08", place="Kermanshah City", actor="IRGC Ground Forces, 29th Nabi Akram Operational Division",
          grade="F3", note="An Iranian (IRGC) unit, not a foreign militia.")
    claim("deployed-lorestan-ilam-priority", "deployed",
          span("The provinces' Lur minority population and geographic proximity to Iraq made them priorities for foreign militia deployment."),
          place="Lorestan", grade="F4", also_place="Ilam Province",
          note="An inference of the assessment, not a report of a deployment.")
    claim("deployed-marvdasht", "deployed",
          span("Marvdasht (Fars Province): Iranian activists confirmed Arabic-speaking personnel participated"),
          place="Marvdasht", by="Iranian activists (unnamed)", grade="F3", from_place="Ahvaz")
    claim("deployed-ahvaz-iraqi-accents", "deployed",
          span("Ahvaz and broader Khuzestan Province: Eyewitnesses reported individuals speaking Arabic with Iraqi accents"),
          place="Ahvaz", by="eyewitnesses (unnamed)", grade="F3")
    claim("deployed-kurdish-regions-caption", "deployed",
          span("before fighters were dispatched to western provinces, Tehran, and Kurdish regions"),
          place="Kurdistan", grade="F3", figure=3, note="caption of the assessment's map figure; 'Kurdish regions'")
    claim("deployed-arabic-dialects-iraqi-observatory", "deployed",
          span("The Iraqi Observatory for Human Rights and Freedoms reported that Iranian activists inside Iran confirmed the presence of security personnel speaking Arabic"),
          place="Iran", by="Iraqi Observatory for Human Rights and Freedoms (citing Iranian activists)",
          source="ref-2", grade="C3")
    claim("deployed-guarding-headquarters", "deployed",
          span("\"for more than a week, Iraqi militias have been involved in suppressing the demonstrations",
               "guard official or military headquarters\"."),
          place="Iran", by="an Iranian opposition figure", grade="F3", group="Iraqi PMF")

    # ---- Other places: Shiraz, Kurdish regions, Lorestan/Ilam --------------------------------
    claim("shiraz-hospital-surgeons-jan-8", "other",
          span("The city experienced crisis-mode conditions in hospitals", "injured protesters on January 8."),
          as_of="2026-01-08", place="Shiraz", subject="hospital without enough surgeons for injured protesters",
          grade="F3")
    claim("shiraz-security-funeral", "security_forces_killed",
          span("State television broadcast images of a significant funeral gathering in Shiraz for security personnel."),
          place="Shiraz", by="Iranian state television", grade="D3")
    claim("kurdish-regions-highest-casualties", "killed",
          span("A regional Iranian official quoted by Reuters stated that some of the most intense confrontations",
               "violence historically escalates during unrest periods."),
          place="Kurdistan", by="a regional Iranian official (via Reuters)", source="ref-59", grade="D3",
          official=True, ref_match="publisher")
    claim("lorestan-ilam-deadliest-hrw-amnesty", "killed",
          span("Lorestan and Ilam Provinces: These western provinces witnessed the deadliest repressions according to Human Rights Watch and Amnesty International."),
          place="Lorestan", by="Human Rights Watch; Amnesty International", grade="B2", also_place="Ilam Province")

    # ---- Directives ------------------------------------------------------------------------
    claim("killed-28-by-3-jan", "killed",
          span("On January 3, 2026, following the deaths of at least 28 protesters"),
          value="at least 28", as_of="2026-01-03", start=CASE_START, end="2026-01-03", place="Iran",
          grade="F3", figure=1)
    claim("directive-3-jan-supreme-leader", "directive",
          span("stated that \"rioters should be dealt with decisively\"", after="On January 3, 2026, following"),
          as_of="2026-01-03", place="Iran", by="Office of the Supreme Leader", grade="C2",
          directive="rioters should be dealt with decisively")
    claim("directive-3-jan-irgc-lorestan", "directive",
          span("the IRGC command in Lorestan province announced that the period of \"tolerance\" had ended",
               "without mercy\"."),
          as_of="2026-01-03", place="Lorestan", by="IRGC command in Lorestan province", grade="C2")
    claim("directive-judiciary-harshest-punishments", "directive",
          span("ordered judges to \"issue deterrent sentences and the harshest punishments with maximum decisiveness, without observing any legal leniency\". This judicial directive",
               "authorized summary punishment."),
          start="2026-01-03", place="Iran", by="Office of the Head of the Judiciary", grade="C2",
          date_note="'immediately following' the directive of 3 January; exact day not given")
    claim("directive-9-jan-snsc", "directive",
          span("On January 9, the Supreme National Security Council issued a statement declaring",
               "show no tolerance whatsoever toward saboteurs\"."),
          as_of="2026-01-09", place="Iran", by="Supreme National Security Council", grade="C2")
    claim("directive-moharebeh-prosecutors", "directive",
          span("Iranian authorities announced intentions to bring capital charges of \"moharebeh\"",
               "will soon be brought before the court\"."),
          as_of="2026-01-13", place="Iran", by="Iranian prosecutors", source="ref-15", grade="B2",
          date_note="date of the reference; the assessment gives none")
    claim("directive-judiciary-expedite-trials", "directive",
          span("ordered judges to expedite trials and show \"no leniency\" to protesters, effectively suspending fair trial guarantees."),
          as_of="2026-01-14", place="Iran", by="Office of the Head of the Judiciary", source="ref-17", grade="B2",
          date_note="date of the reference; the assessment gives none")
    claim("directive-mass-and-rapid-death-sentences", "directive",
          span("The Chief of the Judiciary's explicit order for \"mass and rapid\" processing of death sentences",
               "\"an explicit order for summary executions\"."),
          as_of="2026-01-15", place="Iran", by="Iran Human Rights Monitor (Iran HRM), characterising the Office of the Head of the Judiciary",
          source="ref-75", grade="C3", ref_match="publisher")

    # ---- IV. The blackout -------------------------------------------------------------------
    claim("internet-blackout-evening-8-jan", "internet_shutdown",
          span("On the evening of January 8, 2026, Iranian authorities imposed a near-total internet blackout across the country",
               "from international observers."),
          as_of="2026-01-08", start="2026-01-08", place="Iran", source="ref-62", grade="B1",
          ref_match="url", time_of_day="evening", public_act="the blackout from the evening of 8 January",
          note="Corroborated in the report by Human Rights Watch and statements at the UN Security Council.")
    claim("internet-blackout-kill-zone", "internet_shutdown",
          span("what human rights organizations characterized as a \"kill zone\"", "to guarantee impunity\"."),
          start="2026-01-08", place="Iran", by="human rights organisations (unnamed)", grade="F3")
    claim("internet-shutdown-hrw-hampered", "internet_shutdown",
          span("Human Rights Watch emphasizing that \"the ongoing internet shutdown has severely hampered efforts",
               "other violations\"."),
          as_of="2026-01-12", place="Iran", by="Human Rights Watch", source="ref-62", grade="B1",
          corroborated_by=["internet-blackout-un-security-council"],
          date_note="date of the reference")
    claim("turmoil-8-jan-un", "killed",
          span("\"popular protests\" rapidly escalated into widespread turmoil on January 8, leading to \"considerable loss of life\""),
          as_of="2026-01-08", place="Iran", by="UN Assistant Secretary-General (briefing the Security Council)",
          source="ref-79", grade="A2", ref_match="publisher")
    claim("prison-telecom-severed-9-jan", "internet_shutdown",
          span("Iranian authorities also severed telecommunication lines in prisons nationwide on January 9"),
          as_of="2026-01-09", place="Iran", subject="telecommunication lines in prisons", grade="F3")
    claim("internet-went-down-wednesday", "internet_shutdown",
          span("We lost contact with him on Wednesday after the internet went down"),
          as_of="2026-01-07", place="Iran", by="the mother of an Iraqi recruit (via The Media Line)", grade="F3",
          date_note="'Wednesday' after 'Tuesday, January 6': 7 January 2026")
    claim("internet-blackout-un-security-council", "internet_shutdown",
          span("emphasizing that the ongoing internet blackout hampered assessment of the true scope of authorities' response."),
          as_of="2026-01-15", place="Iran", by="United States Mission to the United Nations", source="ref-63",
          grade="B2", ref_match="url")

    # ---- Death tolls --------------------------------------------------------------------------
    claim("killed-iran-international-12000-jan-8-9", "killed",
          span("Iran International's multi-stage investigation", "at least 12,000 civilians were killed during January 8-9."),
          value="at least 12,000", start="2026-01-08", end="2026-01-09", place="Iran", by="Iran International",
          grade="C3", figure=1,
          candidate_refs=[3, 22, 45, 52, 64, 67, 72, 98, 100],
          ref_note="Several Iran International references; which one carries this figure cannot be told from the assessment.")
    claim("killed-cbs-activists-12000-20000", "killed",
          span("CBS News reported that activist groups working to compile the full death toll",
               "possibly as high as 20,000."),
          low=12000, high=20000, qualifier="at least; possibly as high as", place="Iran",
          start=CASE_START, by="activist groups (unnamed), via CBS News", source="ref-7", grade="F3", via="CBS News",
          figure=1)
    q = span("The Human Rights Activists News Agency (HRANA) confirmed 2,403 protester deaths by January 16",
             "4,382 cases still under investigation.")
    claim("killed-hrana-2403-confirmed-16-jan", "killed", q, low=2403, best=2403, qualifier="confirmed",
          as_of="2026-01-16", start=CASE_START, end="2026-01-16", place="Iran", subject="protester deaths",
          by="Human Rights Activists News Agency (HRANA)", grade="B2", status="confirmed", part="confirmed",
          figure=1, candidate_refs=[6, 58, 91, 95])
    claim("killed-hrana-4382-under-investigation-16-jan", "killed", q, best=4382, qualifier="under investigation",
          as_of="2026-01-16", start=CASE_START, end="2026-01-16", place="Iran",
          subject="further deaths under investigation", by="Human Rights Activists News Agency (HRANA)",
          grade="B3", status="under_investigation", part="under_investigation", figure=1)
    q = span("As of January 18, HRANA confirmed 3,308 deaths with an additional 4,382 cases under investigation.")
    claim("killed-hrana-3308-confirmed-18-jan", "killed", q, low=3308, best=3308, qualifier="confirmed",
          as_of="2026-01-18", start=CASE_START, end="2026-01-18", place="Iran", subject="deaths",
          by="Human Rights Activists News Agency (HRANA)", grade="B2", status="confirmed", part="confirmed",
          figure=1)
    claim("killed-hrana-4382-under-investigation-18-jan", "killed", q, best=4382, qualifier="under investigation",
          as_of="2026-01-18", start=CASE_START, end="2026-01-18", place="Iran",
          subject="further deaths under investigation", by="Human Rights Activists News Agency (HRANA)",
          grade="B3", status="under_investigation", part="under_investigation", figure=1,
          note="The assessment gives the same 4,382 under investigation on 16 and 18 January.")
    claim("killed-iran-hrm-3000-11-jan", "killed",
          span("Iran HRM (Iran Human Rights Monitor) documentation from hospitals, cemeteries, and credible sources in 195 cities",
               "surpassed 3,000."),
          value="more than 3,000", as_of="2026-01-11", start=CASE_START, end="2026-01-11", place="Iran",
          by="Iran Human Rights Monitor (Iran HRM)", source="ref-12", grade="C2", status="confirmed",
          cities=195, figure=1)
    claim("killed-doctors-16500", "killed",
          span("By January 18, a report compiled by doctors inside Iran estimated that at least 16,500 protesters had been killed"),
          value="at least 16,500", as_of="2026-01-18", start=CASE_START, end="2026-01-18", place="Iran",
          by="doctors inside Iran (a report compiled by them)", source="ref-64", grade="F3",
          ref_match="publisher", figure=1)
    claim("injured-doctors-330000", "injured",
          span("By January 18, a report compiled by doctors inside Iran estimated that at least 16,500 protesters had been killed and approximately 330,000 injured."),
          value="approximately 330,000", as_of="2026-01-18", start=CASE_START, end="2026-01-18", place="Iran",
          by="doctors inside Iran (a report compiled by them)", source="ref-64", grade="F3", ref_match="publisher")
    q = span("A regional Iranian official confirmed to Reuters that the government had verified at least 5,000 fatalities",
             "including around 500 security force members.")
    claim("killed-official-5000", "killed", q, value="at least 5,000", as_of="2026-01-18", start=CASE_START,
          end="2026-01-18", place="Iran", by="a regional Iranian official (via Reuters)", source="ref-59",
          grade="D3", official=True, originator_says="verified", figure=1)
    claim("killed-official-security-forces-500", "security_forces_killed", q, value="around 500",
          as_of="2026-01-18", start=CASE_START, end="2026-01-18", place="Iran",
          by="a regional Iranian official (via Reuters)", source="ref-59", grade="D3", official=True,
          originator_says="verified")
    claim("killed-ihrngo-3428-to-12-jan", "killed",
          span("Iran Human Rights (IHRNGO) documented 3,428 total protester deaths from December 28 to January 12, most under age 30."),
          low=3428, best=3428, qualifier="documented", as_of="2026-01-12", start=CASE_START, end="2026-01-12",
          place="Iran", by="Iran Human Rights (IHRNGO)", source="ref-94", grade="B2", status="confirmed",
          ref_match="publisher", figure=1, most_under_30=True)
    claim("killed-hr-orgs-12000-20000", "killed",
          span("human rights organizations with sources inside Iran provided estimates ranging from 12,000 to 20,000 killed"),
          value="12,000-20,000", place="Iran", by="human rights organisations with sources inside Iran (unnamed)",
          grade="F3")
    claim("killed-tehran-six-hospitals-217-jan-8", "killed",
          span("Six hospitals in Tehran recorded 217 deaths of protesters on January 8"),
          value="217", as_of="2026-01-08", start="2026-01-08", end="2026-01-08", place="Tehran",
          by="records of six Tehran hospitals (as reported; no originator named)", grade="F3", hospitals=6)
    claim("killed-cbs-morgue-366", "killed",
          span("CBS News verified video footage showing at least 366 and likely more than 400 bodies piled at a morgue in a Tehran suburb."),
          low=366, qualifier="at least; likely more than 400", place="Tehran Province",
          by="CBS News (verified video)", source="ref-7", grade="B2", status="confirmed", likely="more than 400",
          subject="bodies at a morgue in a Tehran suburb")
    claim("killed-karaj-finishing-shots", "killed",
          span("Witnesses in Karaj reported that security forces shot wounded protesters who could not move",
               "at those left behind in hospitals."),
          place="Karaj", by="witnesses in Karaj (unnamed)", grade="F3",
          subject="wounded protesters shot in and around hospitals")
    claim("killed-malekshahi-basij-base", "killed",
          span("security forces shot at peaceful protesters outside a Basij base in nearby Malekshahi, killing at least three instantly"),
          low=3, best=3, qualifier="at least", end="2026-01-04", precision="day", place="Malekshahi, Ilam Province",
          grade="F3", date_note="no date given: before the hospital siege that began 3–4 January")
    claim("injured-eyes-tehran-hundreds", "injured",
          span("Tehran doctors told The Times of Israel that security forces were",
               "with hundreds of eye injuries documented at hospitals in the capital."),
          value="hundreds", place="Tehran", subject="eye injuries", by="Tehran doctors (unnamed), via The Times of Israel",
          source="ref-65", grade="F3")

    # ---- Hospital raids -----------------------------------------------------------------------
    claim("hospital-raid-ilam-imam-khomeini", "hospital_raid",
          span("Iranian security forces, including IRGC special units, laid siege to Imam Khomeini Hospital for over 24 hours beginning January 3-4."),
          as_of="2026-01-04", start="2026-01-03", end="2026-01-04", place="Imam Khomeini Hospital, Ilam",
          source="ref-18", grade="B2", actor="IRGC special units")
    claim("hospital-raid-ilam-4-jan-siege", "hospital_raid",
          span("The January 4, 2026, siege of Imam Khomeini Hospital in Ilam",
               "to arrest injured protesters"),
          as_of="2026-01-04", place="Imam Khomeini Hospital, Ilam", source="ref-21", grade="B2",
          actor="IRGC forces", ref_match="publisher")
    claim("hospital-raid-ilam-11-taken", "disappeared",
          span("Within minutes, 11 injured protesters were taken away by the IRGC to undisclosed locations"),
          value="11", as_of="2026-01-04", place="Imam Khomeini Hospital, Ilam", actor="IRGC",
          subject="injured protesters taken from hospital to undisclosed locations",
          by="a nurse at the hospital", source="ref-18", grade="F2", ref_match="publisher")
    claim("hospital-raid-ilam-5-restrained", "detained",
          span("while five others remained in critical care, restrained to their beds."),
          value="5", as_of="2026-01-04", place="Imam Khomeini Hospital, Ilam",
          subject="injured protesters restrained to beds in critical care", by="a nurse at the hospital",
          source="ref-18", grade="F2", ref_match="publisher")
    claim("hospital-raid-karaj", "hospital_raid",
          span("Karaj Hospitals (January 2026): Armed security forces surrounded hospitals in Karaj after deadly clashes",
               "shooting wounded protesters who could not move."),
          as_of="2026-01", precision="month", place="Karaj", by="witnesses and medical workers (unnamed)",
          grade="F3")
    claim("hospital-raid-tehran", "hospital_raid",
          span("Security forces occasionally entered medical centers to arrest injured protesters",
               "exposed outdoor locations."),
          place="Tehran", grade="F3")
    claim("hospital-threats-tehran-private", "hospital_raid",
          span("\"security forces were visiting the many private hospitals across Tehran",
               "sustained in the protests\"."),
          place="Tehran", by="a source inside Iran (anonymous), via CBS News", source="ref-7", grade="F3",
          subject="threats to hospital staff to hand over patients' names and addresses")

    # ---- Arrests, children, disappearances ---------------------------------------------------
    claim("detained-18000-mid-january", "detained",
          span("By mid-January 2026, human rights organizations estimated over 18,000 detainees",
               "due to the information blackout."),
          value="over 18,000", as_of="2026-01-15", precision="month", start=CASE_START, place="Iran",
          by="human rights organisations (unnamed); relayed to the UN Security Council", grade="F3",
          date_note="'by mid-January'", relayed_by="UN Assistant Secretary-General (ref. 79)")
    claim("arrested-hrana-24000-18-jan", "arrested",
          span("HRANA verified over 24,000 arrests by January 18."),
          value="over 24,000", as_of="2026-01-18", start=CASE_START, end="2026-01-18", place="Iran",
          by="Human Rights Activists News Agency (HRANA)", grade="B2", status="confirmed")
    claim("detained-iran-hrm-3000-195-cities", "detained",
          span("Iran HRM documented more than 3,000 detained across 195 cities",
               "in conditions of enforced disappearance."),
          value="more than 3,000", as_of="2026-01-13", start=CASE_START, place="Iran",
          by="Iran Human Rights Monitor (Iran HRM)", source="ref-12", grade="C2", status="confirmed", cities=195,
          ref_match="publisher", date_note="date of the reference")
    claim("detained-facing-execution-50000", "facing_execution",
          span("the number of detainees facing potential execution had reached 50,000 across 144 cities."),
          value="50,000", as_of="2026-01-15", place="Iran", subject="detainees facing potential execution",
          not_metric="detained",  # a count of people at risk of execution, not of people detained
          by="Iran Human Rights Monitor (Iran HRM)", source="ref-75", grade="C4", cities=144,
          note="Twice HRANA's 24,000 arrests of 18 January; graded doubtful.")
    claim("children-arrested-hundreds-as-young-as-14", "children_arrested",
          span("Security forces arbitrarily arrested thousands of protesters, including hundreds of children as young as 14"),
          value="hundreds", place="Iran", grade="F3", youngest_age=14)
    claim("arrested-thousands", "arrested",
          span("Security forces arbitrarily arrested thousands of protesters, including hundreds of children as young as 14"),
          value="thousands", place="Iran", grade="F3")
    child = {"by": "published statistics (unnamed in the assessment; ref. 20)", "source": "ref-20", "grade": "C3",
             "ref_match": "url"}
    # The Yasuj paragraph names no originator (the "published statistics" are the next
    # paragraph's, which give 46 for the province): the assessment's own statement.
    yasuj = {"candidate_refs": [20], "grade": "F3"}
    claim("children-arrested-kohgiluyeh-81", "children_arrested",
          span("The province of Kohgiluyeh and Boyer-Ahmad, particularly the city of Yasuj, recorded the highest number of child arrests",
               "with at least 81 adolescents detained."),
          value="at least 81", place="Kohgiluyeh and Boyer-Ahmad", **yasuj,
          note="The province list of the next paragraph ('published statistics') gives 46 for the same province.")
    claim("children-yasuj-reform-centre-70", "children_arrested",
          span("Of these, 70 were transferred to the Yasuj Reform and Training Center"),
          value="70", place="Yasuj", subject="children transferred to the Yasuj Reform and Training Center",
          part_of="children-arrested-kohgiluyeh-81", **yasuj)
    claim("children-security-detention-11", "children_arrested",
          span("while 11 were held in security detention centers without transparent information about their status."),
          value="11", place="Kohgiluyeh and Boyer-Ahmad",
          subject="children held in security detention centres without information on their status",
          part_of="children-arrested-kohgiluyeh-81", **yasuj)
    q = span("According to published statistics, child arrests by province included:",
             "Kerman, Hamadan, and Qom.")
    for province, place, value in [
        ("Kohgiluyeh and Boyer-Ahmad", "Kohgiluyeh and Boyer-Ahmad", "46"), ("Tehran", "Tehran Province", "18"),
        ("Alborz", "Alborz", "17"), ("Mazandaran", "Mazandaran", "12"), ("Gilan", "Gilan", "5"),
        ("Razavi Khorasan", "Razavi Khorasan", "3"), ("East Azerbaijan", "East Azerbaijan", "3"),
        ("Isfahan", "Isfahan Province", "1-2"), ("Kurdistan", "Kurdistan", "1-2"),
        ("Kermanshah", "Kermanshah Province", "1-2"), ("Khuzestan", "Khuzestan", "1-2"), ("Fars", "Fars", "1-2"),
        ("Kerman", "Kerman Province", "1-2"), ("Hamadan", "Hamadan Province", "1-2"), ("Qom", "Qom Province", "1-2"),
    ]:
        slug = province.lower().replace(" and ", "-").replace(" ", "-")
        claim(f"children-arrested-province-{slug}", "children_arrested", q, value=value, place=place,
              subject=f"children arrested in {province} province", province=province, **child)
    claim("detained-izeh-to-ahvaz", "detained",
          span("Dozens of young detainees from Izeh were transferred to prisons in Ahvaz under heavy security"),
          value="dozens", place="Izeh", subject="young detainees from Izeh transferred to prisons in Ahvaz",
          source="ref-16", grade="C3", ref_match="publisher", to_place="Ahvaz")
    claim("disappeared-secret-centres-ward-240", "disappeared",
          span("Many detainees, instead of being transferred to official prisons, were taken to secret IRGC detention centers and Ward 240 of Evin Prison"),
          place="Evin Prison, Tehran", actor="IRGC", source="ref-16", grade="C3", ref_match="publisher")

    # ---- Confessions and executions ---------------------------------------------------------
    claim("confessions-aired-97", "other",
          span("Iranian state media aired at least 97 coerced confessions from protesters since demonstrations began on December 28",
               "Human Rights Activists News Agency."),
          value="at least 97", start=CASE_START, as_of="2026-01-13", place="Iran", subject="coerced confessions aired on state media",
          by="Human Rights Activists News Agency (HRANA)", source="ref-74", grade="B2",
          missing_metric="coerced_confessions", date_note="date of the reference")
    claim("confessions-minors-5-jan", "other",
          span("On January 5, 2026, Tasnim News (affiliated with the IRGC) aired \"confessions\" of an 18-year-old woman and 16-year-old girl",
               "\"leading riots\"."),
          as_of="2026-01-05", place="Iran", subject="forced confessions of an 18-year-old woman and a 16-year-old girl aired",
          grade="F2", missing_metric="coerced_confessions")
    q = span("Between January 5-14, 2026, Iran carried out at least 52 executions", "across multiple provinces.")
    claim("executed-52-jan-5-14", "executed", q, value="at least 52", start="2026-01-05", end="2026-01-14",
          as_of="2026-01-14", place="Iran", subject="prisoners with prior non-political convictions",
          by="Human Rights Activists News Agency (HRANA)", grade="B2",
          note="Executions of prisoners convicted of murder and drug offences, not of protesters.",
          attribution_note="The assessment names HRANA in the next sentence (the 42 prisons).")
    claim("executions-prisons-42", "prisons", q, value="at least 42", start="2026-01-05", end="2026-01-14",
          as_of="2026-01-14", place="Iran", subject="prisons where the 52 executions took place",
          by="Human Rights Activists News Agency (HRANA)", grade="B2")
    claim("executions-halted-800-white-house", "other",
          span("Tehran had halted 800 executions slated for January"),
          value="800", subject="executions slated for January said to be halted", place="Iran",
          by="the White House (Press Secretary)", grade="C4", status="disputed",
          note="The assessment: the claim could not be independently verified and contradicted evidence of ongoing repression.")
    claim("no-plan-to-execute-foreign-minister", "other",
          span("told Fox News that Tehran had \"no plan to execute protesters\"",
               "capital charges and expedited trials."),
          subject="statement that there is no plan to execute protesters", place="Iran",
          by="Ministry of Foreign Affairs of Iran (the minister)", grade="D4", status="disputed", official=True)
    claim("children-risk-of-execution-hundreds", "other",
          span("Iran HRM warned that hundreds of children and adolescents were at \"imminent risk of execution\""),
          value="hundreds", subject="children and adolescents at imminent risk of execution", place="Iran",
          by="Iran Human Rights Monitor (Iran HRM)", grade="C3")
    claim("context-executions-2022-twelve", "other",
          span("twelve individuals were executed following similar charges."),
          best=12, low=12, high=12, qualifier="exact", start="2022-09-01", end="2023-12-31", precision="year",
          subject="people executed after the 2022–2023 'Woman, Life, Freedom' protests", grade="F2",
          context=True, context_metric="executed")
    claim("context-november-2019-1500", "other",
          span("its November 2019 massacre of 1,500 protesters"),
          value="1,500", start="2019-11-01", end="2019-11-30", precision="month",
          subject="protesters killed in November 2019 (Aban)", grade="F3", context=True, context_metric="killed")
    q = span("At least 1,500 people died, with 7,000 detentions")
    claim("context-aban-tribunal-1500-died", "other", q, value="at least 1,500", start="2019-11-01",
          end="2019-11-30", precision="month", subject="people killed in November 2019 (Aban Tribunal findings)",
          by="Aban Tribunal", grade="C2", context=True, context_metric="killed")
    claim("context-aban-tribunal-7000-detentions", "other", q, value="7,000", start="2019-11-01",
          end="2019-11-30", precision="month", subject="detentions in November 2019 (Aban Tribunal findings)",
          by="Aban Tribunal", grade="C2", context=True, context_metric="detained")
    claim("context-aban-tribunal-20-provinces", "other",
          span("arbitrary detentions and killings recorded in at least 20 of 31 provinces"),
          value="at least 20", start="2019-11-01", end="2019-11-30", precision="month",
          subject="provinces with arbitrary detentions and killings in November 2019", by="Aban Tribunal",
          grade="C2", context=True)

    # ---- International response ----------------------------------------------------------
    claim("un-security-council-emergency-session", "other",
          span("On January 15-16, 2026, the UN Security Council convened an emergency session",
               "at the request of the United States."),
          start="2026-01-15", end="2026-01-16", subject="UN Security Council emergency session on Iran",
          by="United Nations Security Council", source="ref-63", grade="A1", ref_match="url",
          public_act="the UNSC session")
    claim("hrc-special-session-request-16-jan", "other",
          span("On January 16, Britain, Germany, Iceland, Moldova, and North Macedonia submitted a formal letter",
               "requesting an emergency session"),
          as_of="2026-01-16", subject="five states request a Human Rights Council special session",
          by="Britain, Germany, Iceland, Moldova and North Macedonia", source="ref-84", grade="A1",
          public_act="the request of five states for a Human Rights Council session")
    claim("e3-leaders-declaration-9-jan", "other",
          span("France, the United Kingdom, and Germany issued a joint leaders' declaration on January 9, 2026",
               "strongly condemning the killing of protesters."),
          as_of="2026-01-09", subject="E3 leaders' declaration condemning the killing of protesters",
          by="Governments of France, the United Kingdom and Germany", source="ref-86", grade="A1",
          public_act="the E3 declaration")
    claim("us-tariff-25-percent", "other",
          span("also announced a 25% import tariff on countries conducting business with Iran"),
          value="25", unit="percent", subject="US import tariff on countries doing business with Iran",
          by="the President of the United States", grade="C2")


def main(report: Path = REPORT) -> None:
    global TEXT
    TEXT = report.read_text(encoding="utf-8")
    build()
    keys = [c["key"] for c in CLAIMS]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise SystemExit(f"duplicate keys: {sorted(duplicates)}")
    (HERE / "sources.json").write_text(
        json.dumps({"sources": source_rows()}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (HERE / "claims.json").write_text(
        json.dumps({"claims": CLAIMS}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(source_rows())} sources, {len(CLAIMS)} claims")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPORT)
