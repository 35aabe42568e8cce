"""The report's figures, drawn as SVG from the case data.

Each function takes the :class:`~sabt.report._data.CaseData` (or rows computed from it)
and a :class:`~sabt.report._i18n.Translator`, and returns an :class:`~sabt.report._svg.Svg`
whose ``labels`` list holds the box of every label (tests check they do not overlap).
Nothing here invents a figure: a mark is drawn only where the case holds a number.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict

from sabt.report._bidi import FSI, LRI, PDI, RLI, strip_marks
from sabt.report._data import MAIN_METRIC, CaseData, ClaimView, latest_by_source, tallies
from sabt.report._i18n import Translator
from sabt.report._svg import Box, Svg, fmt, spread, text_width

PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C564B",
           "#7F3C8D", "#11A579", "#3969AC", "#F2B701", "#E73F74"]
GREY = "#8a8a8a"
INCIDENT_COLOURS = {
    "killing": "#B2182B", "hospital_raid": "#D6604D", "arrest": "#4393C3",
    "enforced_disappearance": "#2166AC", "torture": "#762A83", "execution": "#40004B",
    "internet_shutdown": "#878787", "deployment": "#E69F00", "directive": "#1B7837",
    "protest": "#5AAE61", "mass_killing": "#67001F", "mass_arrest": "#92C5DE",
    "child_detention": "#4575B4", "coerced_confession": "#9970AB", "death_sentence": "#542788",
    "border_crossing": "#F4A582", "staging": "#B35806", "diplomatic": "#BABABA",
}


def source_colours(data: CaseData) -> dict[str, str]:
    """A stable colour per reporter (see ``ClaimView.reporter_key``), in sorted order."""
    keys = sorted({c.reporter_key for c in data.claims})
    return {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(keys)}


def short_label(text: str, size: float = 11, width: float = 150) -> str:
    """``"Iran Human Rights (IHRNGO)"`` → ``"IHRNGO"``; otherwise truncated to ``width``."""
    m = re.search(r"\(([^()]{2,14})\)\s*$", text)
    if m and m.group(1)[0].isupper() and not m.group(1).lower().startswith("via"):
        return m.group(1)
    return _truncate(text, size, width)


def nice_max(value: float, ticks: int = 6) -> tuple[float, float]:
    """(axis maximum, tick step) for a linear axis from 0: a round step, at most ``ticks`` steps.

    >>> nice_max(30000)
    (30000.0, 5000.0)
    """
    if value <= 0:
        return 1.0, 1.0
    raw = value / ticks
    exp = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * exp >= raw:
            step = m * exp
            break
    top = math.ceil(value / step - 1e-9) * step
    return float(top), float(step)


def _truncate(text: str, size: float, width: float) -> str:
    if text_width(strip_marks(text), size) <= width:
        return text
    while text and text_width(strip_marks(text) + "…", size) > width:
        text = text[:-1]
    opened = sum(text.count(c) for c in (LRI, RLI, FSI)) - text.count(PDI)
    return text.rstrip() + "…" + PDI * max(0, opened)  # a cut isolate is closed (see _bidi)


def figure_text(c: ClaimView, tr: Translator) -> str:
    """The claim's value as its source stated it (``more than 3,000``, ``thousands``), in the
    report's language: :func:`sabt.claims.values.format_count`, the one formatter of values."""
    return tr.count(c.low, c.best, c.high, c.qualifier)


class DateScale:
    def __init__(self, start: dt.date, end: dt.date, x0: float, x1: float):
        self.start, self.end, self.x0, self.x1 = start, end, x0, x1
        self.days = max((end - start).days, 1)

    def __call__(self, day: dt.date | dt.datetime) -> float:
        if isinstance(day, dt.datetime):
            offset = (day - dt.datetime.combine(self.start, dt.time(), day.tzinfo)).total_seconds() / 86400
        else:
            offset = (day - self.start).days
        return self.x0 + (self.x1 - self.x0) * offset / self.days

    @property
    def day_width(self) -> float:
        return (self.x1 - self.x0) / self.days


def _date_axis(svg: Svg, scale: DateScale, y: float, tr: Translator, every: int | None = None,
               centre: bool = False) -> None:
    """Ticks with two lines: Gregorian and Solar Hijri (Solar Hijri first in Persian)."""
    svg.line(scale.x0, y, scale.x1, y, cls="axis")
    span = (scale.end - scale.start).days
    if every is None:
        every = max(1, math.ceil(span / max(1, (scale.x1 - scale.x0) / 70)))
    day = scale.start
    while day <= scale.end:
        x = scale(day) + (scale.day_width / 2 if centre else 0)
        first, second = tr.day_month(day)
        svg.line(x, y, x, y + 4, cls="axis")
        svg.text(x, y + 16, first, size=10.5, anchor="middle", cls="tick")
        svg.text(x, y + 29, second, size=9.5, anchor="middle", cls="tick sub")
        day += dt.timedelta(days=every)


def _value_axis(svg: Svg, x: float, y0: float, y1: float, vmax: float, step: float,
                tr: Translator, grid_to: float | None = None, pct: bool = False) -> None:
    svg.line(x, y0, x, y1, cls="axis")
    v = 0.0
    while v <= vmax + 1e-9:
        y = y1 - (y1 - y0) * v / vmax
        if grid_to is not None:
            svg.line(x, y, grid_to, y, cls="grid")
        svg.text(x - 5, y + 3.5, tr.pct(v) if pct else tr.num(v), size=10, anchor="right", cls="tick")
        v += step


# -- 1. escalation timeline -------------------------------------------------------------------

def timeline_window(data: CaseData) -> tuple[dt.date, dt.date] | None:
    """The case's declared period (case.toml), else from the first recorded event to the end
    of the month of the last one."""
    days = [d for i in data.incidents for d in (i.start, i.end) if d]
    start, end = data.period
    if start and end and end > start:
        return start, end
    if not days:
        return None
    start, last = min(days), max(days)
    next_month = dt.date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    return start, next_month - dt.timedelta(days=1)


# -- 2. deployment estimates by group ------------------------------------------------------

def deployment_rows(data: CaseData) -> list[tuple[str, list[ClaimView]]]:
    groups: dict[str, list[ClaimView]] = defaultdict(list)
    for c in data.claims_of("deployed"):
        if c.group:
            groups[c.group].append(c)
    ordered = sorted(groups.items(), key=lambda kv: (-max((c.top or 0) for c in kv[1]), kv[0]))
    return [(g, sorted(cs, key=lambda c: (c.as_of or dt.date.min, c.id))) for g, cs in ordered]


def _deploy_value(c: ClaimView, tr: Translator) -> str:
    if c.value is None:
        return figure_text(c, tr)
    if c.as_of is None:
        return figure_text(c, tr)
    return f"{figure_text(c, tr)} · {tr.short(c.as_of, c.date_precision)}"


def _hbar_layout(width: float, tr: Translator):
    """Horizontal figure: label column then plot; mirrored in Persian (labels on the right)."""
    label_w = 300
    plot0, plot1 = label_w + 10, width - 110

    def X(x: float) -> float:
        return width - x if tr.rtl else x

    def A(anchor: str) -> str:
        if not tr.rtl or anchor == "middle":
            return anchor
        return "right" if anchor == "left" else "left"

    return label_w, plot0, plot1, X, A


def deployment_chart(data: CaseData, tr: Translator, width: float = 1000) -> Svg | None:
    groups = deployment_rows(data)
    if not groups:
        return None
    colours = source_colours(data)
    label_w, p0, p1, X, A = _hbar_layout(width, tr)
    value_w = max(text_width(_deploy_value(c, tr), 10.5) for _, cs in groups for c in cs)
    p1 = width - value_w - 16
    vmax, step = nice_max(max((c.top or 0) for _, cs in groups for c in cs) or 1)
    sx = lambda v: p0 + (p1 - p0) * v / vmax
    svg = Svg(width, 100, title=tr("fig.deploy.title"), desc=tr("fig.deploy.desc"), rtl=tr.rtl, visual=tr.visual_svg)
    y = 30.0
    svg.text(X(p0), 16, tr("fig.deploy.axis"), size=10.5, anchor=A("left"), cls="tick")
    rows_y0 = y
    for group, claims in groups:
        svg.text(X(4), y + 12, group, size=12.5, weight="bold", anchor=A("left"), cls="group-label")
        y += 20
        for c in claims:
            name = _truncate(c.reporter, 11, label_w - 70)
            svg.text(X(16), y + 12, name, size=11, anchor=A("left"), cls="row-label",
                     title=c.quote or None)
            svg.text(X(label_w), y + 12, tr.code(c.grade), size=10.5, anchor=A("right"), cls="grade-tag")
            colour = GREY if c.low_graded else colours.get(c.reporter_key, GREY)
            if c.value is None:
                svg.text(X(p0 + 4), y + 12, figure_text(c, tr), size=10.5, anchor=A("left"),
                         cls="note-label")
            else:
                if c.is_range:
                    svg.line(X(sx(c.low)), y + 8, X(sx(c.high)), y + 8, stroke=colour, stroke_width=3)
                svg.rect(min(X(p0), X(sx(c.value))), y + 3, abs(sx(c.value) - p0), 10,
                         fill=colour, fill_opacity=0.85 if not c.low_graded else 0.4)
                end = sx(c.top or c.value)
                svg.text(X(end + 6), y + 12, _deploy_value(c, tr), size=10.5, anchor=A("left"),
                         cls="value-label")
            y += 20
        y += 8
    # axis
    v = 0.0
    while v <= vmax + 1e-9:
        svg.line(X(sx(v)), rows_y0, X(sx(v)), y - 6, cls="grid")
        svg.text(X(sx(v)), y + 8, tr.num(v), size=10, anchor="middle", cls="tick")
        v += step
    svg.height = y + 20
    return svg


# -- 3. the map -------------------------------------------------------------------------------

MAP_W, MAP_H = 800, 720


def _map_base(svg: Svg, fills: dict[str, str] | None = None, lang: str = "en") -> None:
    """Iran's provinces over its neighbours (Iraq, Turkey, …), each neighbour named."""
    from sabt.places import neighbour_features, neighbour_svg_paths, project, province_svg_paths

    for code, d in sorted(neighbour_svg_paths(svg.width, svg.height).items()):
        svg.path(d, cls="neighbour", fill_rule="evenodd")
    for f in neighbour_features():
        props = f["properties"]
        if not props.get("label"):
            continue
        x, y = project(props["label_lon"], props["label_lat"], svg.width, svg.height)
        name = props["name_fa"] if lang == "fa" else props["name_en"]
        box = svg.box(x, y, name, 11, "middle")
        if svg.free(box, pad=2):
            svg.text(x, y, name, size=11, anchor="middle", cls="country-label")
    for code, d in sorted(province_svg_paths(svg.width, svg.height).items()):
        fill = (fills or {}).get(code)
        style = {"style": f"fill:{fill}"} if fill else {}
        svg.path(d, cls="province", fill_rule="evenodd", **style)


def _xy(place, w=MAP_W, h=MAP_H) -> tuple[float, float] | None:
    from sabt.places import project

    if place is None or place.lat is None or place.lon is None:
        return None
    return project(place.lon, place.lat, w, h)


def _place_label(svg: Svg, x: float, y: float, r: float, text: str, size: float,
                 avoid: list[Box], cls: str = "map-label", title: str | None = None) -> Box | None:
    """Put a label beside a point: right, left, above, below, then further out."""
    candidates = []
    for dist in (1.0, 2.2, 3.6, 5.5, 8.0):
        gap = r + 3 * dist
        candidates += [
            (x + gap, y + size * 0.35, "left"), (x - gap, y + size * 0.35, "right"),
            (x, y - gap - 2, "middle"), (x, y + gap + size * 0.8, "middle"),
            (x + gap, y - gap, "left"), (x - gap, y - gap, "right"),
            (x + gap, y + gap + size * 0.6, "left"), (x - gap, y + gap + size * 0.6, "right"),
        ]
    for lx, ly, anchor in candidates:
        box = svg.box(lx, ly, text, size, anchor)
        if svg.free(box, pad=1.5, avoid=avoid):
            return svg.text(lx, ly, text, size=size, anchor=anchor, cls=cls, title=title, halo=True)
    return None


def map_layers(data: CaseData) -> dict:
    """What the deployment map draws, each item traced to claims or deployments."""
    crossings, staging, sent = {}, {}, {}
    for c in data.claims:
        place = data.place(c.place_key)
        if place is None or place.kind in ("country", "province") or place.lat is None:
            continue
        if c.metric == "crossing" or place.kind == "crossing":
            crossings.setdefault(place.key, place)
        elif c.metric == "staging":
            staging.setdefault(place.key, place)
    for d in data.deployments:
        place = data.place(d.place_key)
        if place is None or place.kind == "country" or place.lat is None:
            continue
        if (d.role or "").lower() == "staging":
            staging.setdefault(place.key, place)
        elif place.kind == "crossing":
            crossings.setdefault(place.key, place)
        else:
            sent.setdefault(place.key, place)
    for key in staging:
        sent.pop(key, None)
    # a province is drawn as a destination only when no city in it is one
    city_provinces = {p.province_code for p in sent.values() if p.kind != "province"}
    sent = {k: p for k, p in sent.items() if not (p.kind == "province" and p.key in city_provinces)}
    incidents = [i for i in data.incidents
                 if i.best is not None and i.metric == "killed" and data.place(i.place_key) is not None
                 and data.place(i.place_key).kind not in ("country", "province")
                 and data.place(i.place_key).lat is not None and i.type != "deployment"]
    return {"crossings": list(crossings.values()), "staging": list(staging.values()),
            "sent": list(sent.values()), "incidents": incidents}


def deployment_map(data: CaseData, tr: Translator) -> Svg:
    svg = Svg(MAP_W, MAP_H, title=tr("fig.map.title"), desc=tr("fig.map.desc"), rtl=tr.rtl, visual=tr.visual_svg,
              css_class="chart map")
    svg.defs.append('<marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" '
                    'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
                    '<path d="M0 0 L10 5 L0 10 z" class="arrowhead"/></marker>')
    _map_base(svg, lang=tr.lang)
    layers = map_layers(data)
    lang = tr.lang
    marks: list[Box] = []
    # one metric in the sized layer: people killed (area proportional to the figure)
    incidents = sorted(layers["incidents"], key=lambda i: -(i.best or 0))
    biggest = max((i.best or 0 for i in incidents), default=1) or 1
    for inc in incidents:
        x, y = _xy(data.place(inc.place_key))
        r = 3 + 22 * math.sqrt((inc.best or 0) / biggest)
        svg.circle(x, y, r, cls="incident-dot", title=f"{inc.title}: {tr.num(inc.best)}")
        marks.append(Box(x - 2, y - 2, x + 2, y + 2))
    # arrows from staging bases to the cities units were sent to
    for base in layers["staging"]:
        bx, by = _xy(base)
        for city in layers["sent"]:
            xy = _xy(city)
            if xy is None:
                continue
            cx, cy = xy
            mx, my = (bx + cx) / 2, (by + cy) / 2
            dx, dy = cx - bx, cy - by
            length = math.hypot(dx, dy) or 1
            bend = 0.18 * length
            qx, qy = mx - dy / length * bend, my + dx / length * bend
            # stop the arrow short of the city dot
            ex, ey = cx - dx / length * 6, cy - dy / length * 6
            svg.path(f"M{fmt(bx)} {fmt(by)} Q{fmt(qx)} {fmt(qy)} {fmt(ex)} {fmt(ey)}",
                     cls="route", marker_end="url(#arrowhead)")
            marks.extend(_curve_boxes((bx, by), (qx, qy), (ex, ey)))
    # crossings, staging bases, destination cities
    approximate = False
    for place in layers["crossings"]:
        x, y = _xy(place)
        km = _uncertainty_km(place)
        approximate = approximate or km is not None
        title = place.name(lang) + (f" ({tr('fig.map.approximate', km=tr.num(km))})" if km else "")
        svg.marker("square", x, y, 4, cls="crossing-mark approx" if km else "crossing-mark", title=title)
        marks.append(Box(x - 5, y - 5, x + 5, y + 5))
    for place in layers["staging"]:
        x, y = _xy(place)
        svg.marker("star", x, y, 6, cls="staging-mark", title=place.name(lang))
        marks.append(Box(x - 9, y - 9, x + 9, y + 9))
    for place in layers["sent"]:
        xy = _xy(place)
        if xy:
            svg.circle(*xy, 3.5, cls="city-dot", title=place.name(lang))
            marks.append(Box(xy[0] - 4, xy[1] - 4, xy[0] + 4, xy[1] + 4))
    # labels, most important first
    for place in layers["staging"]:
        x, y = _xy(place)
        _place_label(svg, x, y, 9, tr("fig.map.staging", place=place.name(lang)), 12.5, marks,
                     cls="map-label strong")
    for place in layers["sent"]:
        xy = _xy(place)
        if xy:
            _place_label(svg, *xy, 4, place.name(lang), 11.5, marks)
    for place in layers["crossings"]:
        x, y = _xy(place)
        _place_label(svg, x, y, 5, _crossing_label(place, tr), 10.5, marks, cls="map-label crossing")
    for inc in incidents:
        place = data.place(inc.place_key)
        if place.key in {p.key for p in layers["sent"] + layers["staging"]}:
            continue
        x, y = _xy(place)
        r = 3 + 22 * math.sqrt((inc.best or 0) / biggest)
        _place_label(svg, x, y, min(r, 8), place.name(lang), 11, marks)
    # legend (bottom-left, in the Arabian Sea corner of the box)
    lx, ly = 14, MAP_H - 144
    svg.rect(lx - 6, ly - 16, 280, 146, cls="legend-box")
    items = [("star", tr("fig.map.legend_staging")), ("square", tr("fig.map.legend_crossing")),
             ("city", tr("fig.map.legend_sent")), ("incident", tr("fig.map.legend_incident"))]
    if approximate:
        items.insert(2, ("approx", tr("fig.map.legend_approximate")))
        if all(_uncertainty_km(p) is not None for p in layers["crossings"]):
            items.pop(1)  # every crossing is approximate: no solid square on the map
    for k, (kind, label) in enumerate(items):
        yy = ly + k * 22
        if kind == "star":
            svg.marker("star", lx + 8, yy, 5, cls="staging-mark")
        elif kind == "square":
            svg.marker("square", lx + 8, yy, 4, cls="crossing-mark")
        elif kind == "approx":
            svg.marker("square", lx + 8, yy, 4, cls="crossing-mark approx")
        elif kind == "city":
            svg.path(f"M{lx} {yy} L{lx + 14} {yy}", cls="route", marker_end="url(#arrowhead)")
        else:
            svg.circle(lx + 8, yy, 7, cls="incident-dot")
        svg.text(lx + 24, yy + 4, label, size=11, cls="legend")
    svg.text(lx, ly + 22 * len(items) + 4, tr("fig.map.legend_size", value=tr.num(biggest)), size=10,
             cls="legend sub")
    return svg


def _curve_boxes(p0, p1, p2, step: int = 10) -> list[Box]:
    """Small boxes along a quadratic curve, so labels keep off the arrows."""
    boxes = []
    for k in range(step + 1):
        t = k / step
        x = (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * p1[0] + t * t * p2[0]
        y = (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * p1[1] + t * t * p2[1]
        boxes.append(Box(x - 2.5, y - 2.5, x + 2.5, y + 2.5))
    return boxes


def _uncertainty_km(place) -> float | None:
    """How far an approximate coordinate may be off (the gazetteer's ``uncertainty_km``)."""
    from sabt.places import Gazetteer

    return getattr(Gazetteer.default().get(place.key), "uncertainty_km", None)


def _crossing_label(place, tr: Translator) -> str:
    """"Shalamcheh", "Al-Shaib (Iraq)": the map's legend says what a square is; a crossing
    named for its Iraqi side says so."""
    from sabt.places import Gazetteer

    found = Gazetteer.default().get(place.key)
    name = place.name(tr.lang)
    if tr.lang != "fa":
        name = name.replace(" border crossing", "")
    if getattr(found, "country", "IR") == "IQ":
        name = tr("fig.map.iraqi_side", name=name)
    return name


CHOROPLETH = ["#fde0c5", "#facba6", "#f8b58b", "#f59e72", "#f2855d", "#ef6a4c", "#eb4a40"]


def child_arrests_by_province(data: CaseData, metric: str = "children_arrested") -> dict[str, list[ClaimView]]:
    """Each province's figures; a part of another figure (``extra.part_of``: the 11 of the 81
    held in security detention) is not a figure for the province."""
    out: dict[str, list[ClaimView]] = defaultdict(list)
    for c in data.claims_of(metric):
        if c.extra.get("part_of"):
            continue
        prov = data.place(c.place_key)
        if prov is not None and prov.kind == "province" and c.value is not None:
            out[prov.key].append(c)
    return dict(out)


def child_arrests_map(data: CaseData, tr: Translator) -> Svg | None:
    from sabt.places import project
    from sabt.places.shapes import label_point

    by_prov = child_arrests_by_province(data)
    if not by_prov:
        return None
    # one figure per province: the latest claim (ties: the largest figure)
    figure = {}
    for code, claims in by_prov.items():
        figure[code] = max(claims, key=lambda c: (c.as_of or dt.date.min, c.value or 0))
    top = max(c.value for c in figure.values()) or 1
    fills = {}
    for code, c in figure.items():
        k = min(len(CHOROPLETH) - 1, int(len(CHOROPLETH) * math.log1p(c.value) / math.log1p(top + 0.001)))
        fills[code] = CHOROPLETH[k]
    svg = Svg(MAP_W, MAP_H, title=tr("fig.children.title"), desc=tr("fig.children.desc"),
              rtl=tr.rtl, visual=tr.visual_svg, css_class="chart map")
    _map_base(svg, fills, lang=tr.lang)
    placed = []
    for code, c in sorted(figure.items(), key=lambda kv: -kv[1].value):
        lon, lat = label_point(code)
        x, y = project(lon, lat, MAP_W, MAP_H)
        prov = data.place(code)
        text = f"{prov.name(tr.lang) if prov else code}: {figure_text(c, tr)}"
        box = _place_label(svg, x, y, 0.1, text, 11, [], cls="map-label count",
                           title=f"{c.reporter} — {figure_text(c, tr)} ({tr.date(c.as_of, c.date_precision)})")
        if box is None:  # crowded: the figure alone, as stated
            _place_label(svg, x, y, 0.1, figure_text(c, tr), 11, [], cls="map-label count")
        placed.append(code)
    lx, ly = 14, MAP_H - 70
    svg.rect(lx - 6, ly - 16, 300, 64, cls="legend-box")
    svg.rect(lx, ly - 8, 14, 12, style=f"fill:{CHOROPLETH[-1]}")
    svg.text(lx + 20, ly + 2, tr("fig.children.legend_high", value=tr.num(top)), size=11, cls="legend")
    svg.rect(lx, ly + 14, 14, 12, cls="province")
    svg.text(lx + 20, ly + 24, tr("fig.children.legend_none"), size=11, cls="legend")
    return svg


# -- 4. tallies -------------------------------------------------------------------------------

def _stroke_for(c: ClaimView) -> dict:
    if c.low_graded:
        return {"stroke_dasharray": "2 4", "stroke_width": 1.6}
    if c.reliability == "D" or (c.credibility or 0) >= 4:
        return {"stroke_dasharray": "7 4", "stroke_width": 2}
    return {"stroke_width": 2.4}


def _short_name(data: CaseData, source_id: str) -> str:
    """The publisher when it is short, else the source name, for a chart label."""
    src = data.sources.get(source_id)
    if src is None:
        return source_id
    for name in (src.publisher, src.name):
        if name and len(name) <= 26:
            return name
    return _truncate(src.name, 11, 150)


def tallies_chart(data: CaseData, tr: Translator, metric: str = MAIN_METRIC,
                  width: float = 1000, height: float = 440) -> Svg | None:
    series = tallies(data, metric)
    if not series:
        return None
    colours = source_colours(data)
    official = {sid: cs for sid, cs in series.items() if any(c.official for c in cs)}
    dated = {sid: [c for c in cs if c.known_day and not c.official] for sid, cs in series.items()}
    dated = {sid: cs for sid, cs in dated.items() if cs}
    all_days = [c.as_of for cs in dated.values() for c in cs]
    svg = Svg(width, height, title=tr("fig.tallies.title", metric=tr.term("metric", metric)),
              desc=tr("fig.tallies.desc"), rtl=tr.rtl, visual=tr.visual_svg)
    left, top, bottom = 64, 26, height - 46
    label_x0 = width - 280
    off_w = 90 if official else 0
    plot1 = label_x0 - 20 - off_w
    start = min(all_days) - dt.timedelta(days=1) if all_days else dt.date.today()
    end = max(all_days) + dt.timedelta(days=1) if all_days else start + dt.timedelta(days=2)
    scale = DateScale(start, end, left, plot1)
    stacked_tops = [0]
    shown = list(dated.values()) + [[c for c in cs if c.official] for cs in official.values()]
    for cs in shown:
        by_day = defaultdict(int)
        for c in cs:
            by_day[c.as_of] += c.value or 0
        stacked_tops += list(by_day.values()) + [c.top or 0 for c in cs]
    vmax, step = nice_max(max(stacked_tops))
    sy = lambda v: bottom - (bottom - top) * v / vmax
    _value_axis(svg, left, top, bottom, vmax, step, tr, grid_to=plot1 + off_w)
    _date_axis(svg, scale, bottom, tr, every=max(1, math.ceil(scale.days / 10)))
    svg.text(left, 14, tr("fig.tallies.axis", metric=tr.term("metric", metric)), size=10.5,
             cls="tick")
    ends = []  # (wanted y, label, colour, x of the last mark, low graded)
    for sid, cs in sorted(dated.items()):
        colour = GREY if all(c.low_graded for c in cs) else colours[sid]
        confirmed = [c for c in cs if c.part != "under_investigation"]
        stroke = _stroke_for(cs[-1])
        ranged = [c for c in confirmed if c.is_range]
        if len(ranged) >= 2:
            pts = [(scale(c.as_of), sy(c.high)) for c in ranged]
            pts += [(scale(c.as_of), sy(c.low)) for c in reversed(ranged)]
            svg.polygon(pts, fill=colour, fill_opacity=0.12, stroke="none")
        if len(confirmed) >= 2:
            svg.polyline([(scale(c.as_of), sy(c.value)) for c in confirmed], stroke=colour,
                         **stroke)
        base_at = {c.as_of: c.value for c in confirmed if c.part == "confirmed"}
        for c in cs:
            x = scale(c.as_of)
            tip = f"{c.reporter}: {figure_text(c, tr)} — {tr.date(c.as_of, c.date_precision)} [{c.grade}]"
            if c.part == "under_investigation":
                base = base_at.get(c.as_of, 0)
                svg.rect(x - 4, sy(base + c.value), 8, sy(base) - sy(base + c.value), cls="ui-bar",
                         stroke=colour, title=tip + " — " + tr("part.under_investigation"))
                continue
            if c.is_range:
                svg.line(x, sy(c.low), x, sy(c.high), stroke=colour, stroke_width=2)
                for v in (c.low, c.high):
                    svg.line(x - 5, sy(v), x + 5, sy(v), stroke=colour, stroke_width=2)
            kind = "up" if c.lower_bound else "circle"
            fill = "white" if c.low_graded else colour
            svg.marker(kind, x, sy(c.value), 4.5, title=tip, fill=fill, stroke=colour,
                       stroke_width=1.5)
        last_day = max(c.as_of for c in cs)
        at_last = [c for c in cs if c.as_of == last_day]
        conf = next((c for c in at_last if c.part != "under_investigation"), at_last[0])
        ui = next((c for c in at_last if c.part == "under_investigation"), None)
        name = short_label(conf.reporter)
        text = f"{name}: {figure_text(conf, tr)}"
        if ui is not None:
            text = f"{name}: {tr.num(conf.value)} + {tr.num(ui.value)}"
        text = _truncate(text, 11, 250)
        text += f" ({tr.code(conf.grade)})"
        ends.append((sy(conf.value), text, colour, scale(last_day), conf.low_graded))
    if official:
        ox0, ox1 = plot1 + 10, plot1 + off_w
        svg.rect(ox0, top, ox1 - ox0, bottom - top, cls="official-panel")
        svg.text((ox0 + ox1) / 2, bottom + 16, tr("fig.tallies.official"), size=10.5,
                 anchor="middle", cls="tick")
        for sid, cs in official.items():
            for c in cs:
                if not c.official:
                    continue
                x = (ox0 + ox1) / 2
                if c.is_range:
                    svg.line(x, sy(c.low), x, sy(c.high), stroke="#222", stroke_width=2)
                svg.marker("diamond", x, sy(c.value), 5, cls="official-mark",
                           title=f"{c.reporter}: {figure_text(c, tr)} — {tr.date(c.as_of, c.date_precision)} [{c.grade}]")
                text = f"{tr('fig.tallies.official_short')}: {figure_text(c, tr)} ({tr.code(c.grade)})"
                ends.append((sy(c.value), text, "#222", x, c.low_graded))
    wanted = [e[0] + 4 for e in ends]
    ys = spread(wanted, 15, top + 8, bottom)
    for (yw, text, colour, xm, low), yl in zip(ends, ys):
        svg.line(xm + 6, yw, label_x0 - 4, yl - 4, cls="leader", stroke=colour)
        svg.text(label_x0, yl, text, size=11, cls="end-label" + (" low-graded" if low else ""),
                 fill=colour if not low else None)
    return svg


def _ladder_text(r: dict, tr: Translator) -> str:
    if r["confirmed"] is not None:
        conf, ui = r["confirmed"], r["under_investigation"]
        text = tr("fig.ladder.confirmed", value=tr.num(conf.value))
        if ui is not None:
            text += " + " + tr("fig.ladder.ui", value=tr.num(ui.value))
    else:
        text = figure_text(r["claims"][0], tr)
        if r["official"]:
            text += " · " + tr("fig.tallies.official_short")
    if r["low_graded"]:
        text += " · " + tr("fig.ladder.low_grade", grade=tr.code(r["claims"][0].grade))
    return text


def ladder_chart(data: CaseData, tr: Translator, metric: str = MAIN_METRIC,
                 width: float = 1000) -> Svg | None:
    """Each source's latest figure, smallest to largest, range and parts shown."""
    rows = latest_by_source(data, metric)
    if not rows:
        return None
    colours = source_colours(data)
    label_w, p0, p1, X, A = _hbar_layout(width, tr)
    p1 = width - max(text_width(_ladder_text(r, tr), 10.5) for r in rows) - 20
    vmax, step = nice_max(max(max((c.top or 0) for c in r["claims"]) if not r["confirmed"] else
                              sum(c.value or 0 for c in r["claims"]) for r in rows), ticks=8)
    sx = lambda v: p0 + (p1 - p0) * v / vmax
    row_h = 24
    svg = Svg(width, 60 + row_h * len(rows), title=tr("fig.ladder.title", metric=tr.term("metric", metric)),
              desc=tr("fig.ladder.desc"), rtl=tr.rtl, visual=tr.visual_svg)
    y0 = 24
    v = 0.0
    while v <= vmax + 1e-9:
        svg.line(X(sx(v)), y0 - 4, X(sx(v)), y0 + row_h * len(rows), cls="grid")
        svg.text(X(sx(v)), y0 + row_h * len(rows) + 14, tr.num(v), size=10, anchor="middle", cls="tick")
        v += step
    for k, r in enumerate(rows):
        y = y0 + k * row_h
        claims = r["claims"]
        first = claims[0]
        low = r["low_graded"]
        colour = "#222" if r["official"] else (GREY if low else colours.get(r["source_id"], GREY))
        name = r["reporter"]
        when = tr.short(r["as_of"], r["claims"][0].date_precision) if r["as_of"] else ""
        svg.text(X(4), y + 14, short_label(name, 11, label_w - 110), size=11, anchor=A("left"),
                 cls="row-label" + (" low-graded" if low else ""), title=name)
        svg.text(X(label_w - 40), y + 14, when, size=10, anchor=A("right"), cls="tick")
        svg.text(X(label_w), y + 14, tr.code(first.grade), size=10.5, anchor=A("right"), cls="grade-tag")
        text = _ladder_text(r, tr)
        if r["confirmed"] is not None:
            conf, ui = r["confirmed"], r["under_investigation"]
            svg.rect(min(X(p0), X(sx(conf.value))), y + 5, abs(sx(conf.value) - p0), 12, fill=colour)
            end = sx(conf.value)
            if ui is not None:
                svg.rect(min(X(sx(conf.value)), X(sx(conf.value + ui.value))), y + 5,
                         abs(sx(conf.value + ui.value) - sx(conf.value)), 12, cls="ui-bar", stroke=colour)
                end = sx(conf.value + ui.value)
        else:
            c = claims[0]
            if c.is_range:
                svg.rect(min(X(sx(c.low)), X(sx(c.high))), y + 5, abs(sx(c.high) - sx(c.low)), 12,
                         fill=colour, fill_opacity=0.25, stroke=colour)
            kind = "diamond" if r["official"] else ("up" if c.lower_bound else "circle")
            svg.marker(kind, X(sx(c.value)), y + 11, 5, fill="white" if low else colour,
                       stroke=colour, stroke_width=1.5)
            end = sx(c.top)
        svg.text(X(end + 9), y + 14, text, size=10.5, anchor=A("left"), cls="value-label")
    return svg


# -- 5. multiple systems estimation -------------------------------------------------------------

def estimate_chart(rows: list[dict], tr: Translator, title: str, width: float = 1000,
                   banner: str | None = None) -> Svg | None:
    """Documented (bar) and estimated total (diamond, interval) per row: a stratum, or a method
    when runs are put side by side. ``banner`` is written across the top of the picture (the
    lists are synthetic), so the figure cannot be cut out of the report without it."""
    rows = [r for r in rows if r.get("documented") is not None or r.get("estimate") is not None]
    if not rows:
        return None
    label_w, p0, p1, X, A = _hbar_layout(width, tr)
    label_w, p0 = 180, 200
    p1 = width - 230
    vmax, step = nice_max(max(max(r.get("upper") or 0, r.get("estimate") or 0, r.get("documented") or 0)
                              for r in rows))
    sx = lambda v: p0 + (p1 - p0) * v / vmax
    row_h = 30
    top = 30 if banner else 0
    svg = Svg(width, 70 + top + row_h * len(rows), title=title, desc=tr("fig.mse.desc"), rtl=tr.rtl,
              visual=tr.visual_svg)
    if banner:
        svg.text(X(4), 16, banner, size=13, anchor=A("left"), cls="synthetic-banner", weight="bold")
    y0 = 16 + top
    v = 0.0
    while v <= vmax + 1e-9:
        svg.line(X(sx(v)), y0, X(sx(v)), y0 + row_h * len(rows), cls="grid")
        svg.text(X(sx(v)), y0 + row_h * len(rows) + 14, tr.num(v), size=10, anchor="middle", cls="tick")
        v += step
    for k, r in enumerate(rows):
        y = y0 + k * row_h
        name = tr("fig.mse.total") if r["stratum"] == "total" else str(r["stratum"])
        svg.text(X(4), y + 18, _truncate(name, 11.5, label_w - 10), size=11.5, anchor=A("left"),
                 cls="row-label", weight="bold" if r["stratum"] == "total" else None)
        doc = r.get("documented") or 0
        svg.rect(min(X(p0), X(sx(doc))), y + 6, abs(sx(doc) - p0), 16, cls="documented-bar")
        end = sx(doc)
        text = tr("fig.mse.documented", value=tr.num(doc))
        if r.get("estimate") is not None:
            lo, hi = r.get("lower"), r.get("upper")
            if lo is not None and hi is not None:
                svg.line(X(sx(lo)), y + 14, X(sx(hi)), y + 14, cls="interval")
                for vv in (lo, hi):
                    svg.line(X(sx(vv)), y + 8, X(sx(vv)), y + 20, cls="interval")
                end = max(end, sx(hi))
            svg.marker("diamond", X(sx(r["estimate"])), y + 14, 5, cls="estimate-mark")
            end = max(end, sx(r["estimate"]))
            text += " · " + tr("fig.mse.estimated", value=tr.num(r["estimate"]),
                               low=tr.num(lo), high=tr.num(hi))
        else:
            text += " · " + tr("fig.mse.not_estimated")
        svg.text(X(end + 8), y + 18, text, size=10.5, anchor=A("left"), cls="value-label")
    ly = y0 + row_h * len(rows) + 34
    svg.rect(X(p0) - (14 if tr.rtl else 0), ly - 10, 14, 12, cls="documented-bar")
    svg.text(X(p0 + 20), ly, tr("fig.mse.legend_documented"), size=10.5, anchor=A("left"), cls="legend")
    svg.marker("diamond", X(p0 + 260), ly - 4, 5, cls="estimate-mark")
    svg.text(X(p0 + 272), ly, tr("fig.mse.legend_estimate"), size=10.5, anchor=A("left"), cls="legend")
    return svg
