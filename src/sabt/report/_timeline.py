"""Figure 1, the escalation timeline: what the sources' own timeline shows.

Three panels on one date axis:

- the internet connectivity series, labelled SYNTHETIC when it is (the example's is), with
  the blackout band taken from the *sourced* internet-shutdown incident — its start (and the
  time of day a claim gives, "evening") and the last date a source still reports it — never
  from the synthetic series;
- the reported death tolls: each running tally at its date, joined per reporter, and each
  figure for a bounded period ("12,000–20,000 on 8–9 January") as a band over that period,
  each labelled with who reports it; low-graded (E/F, 5/6) figures grey and dotted;
- the dated events, one line each; events the sources date only to a month are listed in a
  row of their own spanning the month, never drawn on its first day.

No per-day count is computed: an aggregate record active on every day would dominate it.
"""

from __future__ import annotations

import datetime as dt

from sabt.report._charts import (
    GREY,
    INCIDENT_COLOURS,
    DateScale,
    _date_axis,
    _truncate,
    _value_axis,
    figure_text,
    nice_max,
    timeline_window,
)
from sabt.report._data import MAIN_METRIC, CaseData, ClaimView, is_national
from sabt.report._i18n import Translator
from sabt.report._svg import Box, Svg

EVENING = 0.75  # "the evening of 8 January": drawn from 18:00
REPORTER_COLOURS = ["#1b6ca8", "#d95f02", "#7570b3", "#1b9e77", "#e7298a", "#66a61e", "#a6761d"]


def sourced_blackouts(data: CaseData) -> list[dict]:
    """Internet shutdowns the case records as incidents covering the whole country, with the
    day they start (plus the time of day a linked claim gives) and how long sources report them.

    ``{"start": date, "offset": fraction of the day, "end": date | None (the incident's own end),
    "reported_until": date (the last day a linked claim is dated to), "title": str}``.
    """
    by_id = {c.id: c for c in data.claims}
    out = []
    for inc in data.incidents:
        if inc.type != "internet_shutdown" or inc.start is None or (inc.date_precision or "day") != "day":
            continue
        if inc.end is not None and inc.end <= inc.start:  # a one-day cut (prison lines), not a blackout
            continue
        claims = [by_id[i] for i in inc.claim_ids if i in by_id]
        evening = any(c.extra.get("time_of_day") == "evening" and c.known_day == inc.start for c in claims)
        dates = [c.known_day for c in claims if c.known_day and not c.low_graded]
        out.append({"start": inc.start, "offset": EVENING if evening else 0.0, "end": inc.end,
                    "reported_until": max(dates + [inc.end or inc.start]), "title": inc.title})
    return out


def _tally_marks(data: CaseData, start: dt.date, end: dt.date) -> tuple[list[list[ClaimView]], list[ClaimView]]:
    """Running tallies by reporter (each a list by date) and figures for a bounded period."""
    running: dict[str, list[ClaimView]] = {}
    periods = []
    for c in data.claims_of(MAIN_METRIC):
        if c.value is None or not is_national(data, c) or c.part == "under_investigation":
            continue
        if c.cumulative and c.known_day and start <= c.known_day <= end:
            running.setdefault(c.reporter_key, []).append(c)
        elif (not c.cumulative and c.period_start and c.period_end and (c.date_precision or "day") == "day"
              and start <= c.period_start <= end):
            periods.append(c)
    return [sorted(cs, key=lambda c: c.as_of) for cs in running.values()], periods


def _label(svg: Svg, x: float, y: float, text: str, cls: str, avoid: list[Box]) -> None:
    for dx, dy, anchor in ((7, 4, "left"), (7, -8, "left"), (7, 16, "left"), (-7, 4, "right"),
                           (-7, -8, "right"), (-7, 16, "right"), (7, 28, "left"), (7, -20, "left")):
        box = svg.box(x + dx, y + dy, text, 10, anchor)
        if svg.free(box, pad=1.5, avoid=avoid):
            svg.text(x + dx, y + dy, text, size=10, anchor=anchor, cls=cls, halo=True)
            return


def timeline_chart(data: CaseData, tr: Translator, width: float = 1000) -> Svg | None:
    window = timeline_window(data)
    if window is None:
        return None
    start, end = window
    left, right = 64, 16
    scale = DateScale(start, end + dt.timedelta(days=1), left, width - right)
    svg = Svg(width, 4000, title=tr("fig.timeline.title"), desc=tr("fig.timeline.desc"), rtl=tr.rtl,
              visual=tr.visual_svg)  # tall while drawing (labels must fit inside); cut to size below
    blackouts = sourced_blackouts(data)
    y = 8.0

    def band(top: float, bottom: float, label: bool) -> None:
        for k, b in enumerate(blackouts):
            x0 = scale(b["start"]) + scale.day_width * b["offset"]
            x1 = scale(b["reported_until"] + dt.timedelta(days=1))
            svg.rect(x0, top, x1 - x0, bottom - top, cls="blackout", title=b["title"])
            if b["end"] is None:  # no end date in the sources: the band fades out, dashed
                svg.line(x1, top, x1, bottom, cls="blackout-open")
            if label and k == 0:  # the first blackout is named; the others are shaded alike
                lines = [tr("fig.timeline.blackout_evening" if b["offset"] else "fig.timeline.blackout_from",
                            start=tr.short(b["start"])),
                         tr("fig.timeline.blackout_until", until=tr.short(b["reported_until"]))
                         + ("; " + tr("fig.timeline.blackout_open") if b["end"] is None else "")]
                for k, text in enumerate(lines):
                    anchor = "left" if svg.box(x0 + 4, 0, text, 10).x1 < width - right else "right"
                    svg.text(x0 + 4 if anchor == "left" else width - right - 2, top + 12 + 13 * k, text,
                             size=10, anchor=anchor, cls="blackout-label", halo=True)

    # A: connectivity
    connectivity = next((s for s in data.series if s.points), None)
    if connectivity:
        top, bottom = y + 26, y + 96
        label = tr("fig.timeline.connectivity")
        if connectivity.synthetic:
            label += " — " + tr("fig.timeline.synthetic_series")
        svg.text(left, y + 14, label, size=11.5, weight="bold",
                 cls="panel-title" + (" synthetic" if connectivity.synthetic else ""))
        band(top, bottom, label=False)
        _value_axis(svg, left, top, bottom, 100, 50, tr, grid_to=width - right, pct=True)
        pts = [(scale(at) + scale.day_width / 2, bottom - (bottom - top) * min(max(v, 0), 100) / 100)
               for at, v in connectivity.points if v is not None and start <= at.date() <= end]
        if pts:
            svg.polyline(pts, cls="conn-line synthetic" if connectivity.synthetic else "conn-line")
        y = bottom + 12

    # B: reported death tolls
    running, periods = _tally_marks(data, start, end)
    top, bottom = y + 40, y + 250
    svg.text(left, y + 14, tr("fig.timeline.tolls"), size=11.5, weight="bold", cls="panel-title")
    tops = [c.top or c.value for cs in running for c in cs] + [c.top or c.value for c in periods]
    vmax, step = nice_max(max(tops, default=1))
    sy = lambda v: bottom - (bottom - top) * v / vmax  # noqa: E731
    band(top, bottom, label=True)
    _value_axis(svg, left, top, bottom, vmax, step, tr, grid_to=width - right)
    palette = dict(zip(sorted(cs[0].reporter_key for cs in running), REPORTER_COLOURS * 3))
    marks: list[Box] = []
    for c in sorted(periods, key=lambda c: -(c.top or 0)):
        x0, x1 = scale(c.period_start), scale(c.period_end + dt.timedelta(days=1))
        lo, hi = (c.low, c.high) if c.is_range else (c.value, c.value)
        cls = "period-band low-graded" if c.low_graded else "period-band"
        svg.rect(x0, sy(hi) - (0 if hi != lo else 2), x1 - x0, max(sy(lo) - sy(hi), 4), cls=cls,
                 title=f"{c.reporter}: {figure_text(c, tr)} — {tr.scope(c.as_of, c.period_start, c.period_end)} [{c.grade}]")
        marks.append(Box(x0, sy(hi) - 2, x1, sy(lo) + 2))
    for cs in running:
        colour = GREY if all(c.low_graded for c in cs) else ("#222" if cs[0].official else palette[cs[0].reporter_key])
        pts = [(scale(c.known_day) + scale.day_width / 2, sy(c.value)) for c in cs]
        if len(pts) > 1:
            svg.polyline(pts, stroke=colour, stroke_width=1.6)
        for c, (x, yy) in zip(cs, pts):
            if c.official:
                svg.marker("diamond", x, yy, 5, cls="official-mark")
            else:
                svg.circle(x, yy, 4, fill="#fff" if c.low_graded else colour, stroke=colour, stroke_width=1.5,
                           stroke_dasharray="2 2" if c.low_graded else None,
                           title=f"{c.reporter}: {figure_text(c, tr)} — {tr.date(c.known_day)} [{c.grade}]")
            marks.append(Box(x - 5, yy - 5, x + 5, yy + 5))
    labelled = [(c, scale(c.known_day) + scale.day_width / 2, sy(c.value)) for cs in running for c in cs[-1:]]
    labelled += [(c, scale(c.period_end + dt.timedelta(days=1)), sy(c.top or c.value)) for c in periods]
    for c, x, yy in sorted(labelled, key=lambda t: -(t[0].top or 0)):
        text = f"{_truncate(c.reporter, 10, 210)}: {figure_text(c, tr)} ({tr.code(c.grade)})"
        _label(svg, x, yy, text, "tally-label low-graded" if c.low_graded else "tally-label", marks)
    _date_axis(svg, scale, bottom, tr, centre=True)
    y = bottom + 44

    # C: dated events; month-only dates in a row of their own
    svg.text(left, y + 4, tr("fig.timeline.events"), size=11.5, weight="bold", cls="panel-title")
    y += 12
    row_h = 17
    rows: list[list[Box]] = []
    types = set()
    month_only = [i for i in data.incidents if i.start and i.date_precision == "month"]
    for inc in data.incidents:
        if inc.start is None or inc.date_precision != "day" or not (start <= inc.start <= end):
            continue
        types.add(inc.type)
        x0 = scale(inc.start) + scale.day_width / 2
        x1 = scale(inc.last_day) + scale.day_width / 2
        label = _truncate(inc.title, 10.5, 300)
        lx, anchor = x1 + 7, "left"
        if lx + svg.box(0, 0, label, 10.5).x1 > width - 4:
            lx, anchor = x0 - 7, "right"
        for r, row in enumerate(rows + [[]]):
            ly = y + 12 + r * row_h
            box = svg.box(lx, ly, label, 10.5, anchor)
            seg = Box(x0 - 5, ly - 9, x1 + 5, ly + 3)
            if not any(box.overlaps(b, 3) or seg.overlaps(b, 2) for b in row):
                if r == len(rows):
                    rows.append([])
                rows[r].extend([box, seg])
                break
        colour = INCIDENT_COLOURS.get(inc.type, GREY)
        ym = ly - 3.5
        if x1 > x0:
            svg.line(x0, ym, x1, ym, stroke=colour, stroke_width=4, stroke_linecap="round")
        svg.circle(x0, ym, 4, fill=colour, title=f"{inc.title} — {tr.span(inc.start, inc.end)}")
        svg.text(lx, ly, label, size=10.5, anchor=anchor, cls="event-label",
                 title=f"{inc.title} — {tr.span(inc.start, inc.end)}")
    y += 12 + len(rows) * row_h + 8
    if month_only:
        months = sorted({(i.start.year, i.start.month) for i in month_only})
        for year, month in months:
            first = dt.date(year, month, 1)
            last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
            x0, x1 = scale(max(first, start)), scale(min(last, end) + dt.timedelta(days=1))
            svg.rect(x0, y, x1 - x0, 10, cls="month-span",
                     title=tr("fig.timeline.month_only", month=tr.date(first, "month"), n=tr.num(len(month_only))))
        svg.text(left, y + 26, tr("fig.timeline.month_only", month=tr.date(dt.date(*months[0], 1), "month"),
                                  n=tr.num(len(month_only))), size=10.5, weight="bold", cls="event-label")
        y += 32
        names = [i.title for i in month_only]
        line = ""
        for name in names:
            part = (tr("common.list_sep") if line else "") + name
            if svg.box(0, 0, line + part, 10).x1 > width - right - left:
                svg.text(left, y + 10, line, size=10, cls="event-label month-list")
                y += 15
                line = name
            else:
                line += part
        if line:
            svg.text(left, y + 10, line, size=10, cls="event-label month-list")
            y += 15
        types |= {i.type for i in month_only}
        y += 8
    lx = left
    for t in sorted(types):
        name = tr.term("incident", t)
        w = svg.box(0, 0, name, 10).x1 + 26
        if lx + w > width - right:
            lx = left
            y += 16
        svg.rect(lx, y, 10, 10, fill=INCIDENT_COLOURS.get(t, GREY))
        svg.text(lx + 14, y + 9, name, size=10, cls="legend")
        lx += w
    svg.height = y + 18
    return svg

