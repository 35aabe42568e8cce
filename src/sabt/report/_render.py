"""Render the assessment: read the case, build the figures, fill the template, write HTML and PDF."""

from __future__ import annotations

import base64
import functools
import re
import time
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from sabt.claims.values import READING_VERSION
from sabt.claims.vocab import CREDIBILITY, RELIABILITY
from sabt.report import _charts as charts
from sabt.report import _timeline as timeline
from sabt.report._bidi import direction, html_for_browser
from sabt.report._bidi import html_for_pdf as pdf_text
from sabt.report._data import MAIN_METRIC, CaseData, conflicts, incident_figures, latest_by_source, read_case, tallies
from sabt.report._i18n import Translator
from sabt.report._names import PersianNames, localise

Progress = Callable[[str, int, int], None]
STEPS = ("read", "summary", "figures", "tables", "html", "pdf")


@dataclass
class ReportResult:
    """What :func:`render_report` wrote, and how long each step took (seconds)."""

    html: Path
    pdf: Path | None
    lang: str
    timings: dict[str, float] = field(default_factory=dict)
    figures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"html": str(self.html), "pdf": str(self.pdf) if self.pdf else None,
                "lang": self.lang, "timings": self.timings, "figures": self.figures,
                "notes": self.notes}


# -- static assets ---------------------------------------------------------------------------

def _static(name: str) -> bytes:
    return (resources.files("sabt.report") / "static" / name).read_bytes()


@functools.lru_cache(maxsize=1)
def font_face_css() -> str:
    """@font-face rules with the vendored Vazirmatn fonts inlined as data: URLs."""
    rules = []
    for weight, name in ((400, "Vazirmatn-Regular.woff2"), (700, "Vazirmatn-Bold.woff2")):
        data = base64.b64encode(_static(f"fonts/{name}")).decode("ascii")
        rules.append(
            "@font-face{font-family:'Vazirmatn';font-style:normal;"
            f"font-weight:{weight};src:url(data:font/woff2;base64,{data}) format('woff2');}}"
        )
    return "\n".join(rules)


@functools.lru_cache(maxsize=1)
def article7() -> dict:
    return tomllib.loads((resources.files("sabt.report") / "data" / "article7.toml")
                         .read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=PackageLoader("sabt.report", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["direction"] = direction
    return env


# -- the legal section ---------------------------------------------------------------------------

def legal_rows(data: CaseData, tr: Translator) -> tuple[list[dict], str]:
    """Per incident: candidate Art. 7(1) acts, from the case's own classifications and the mapping.

    Returns (rows, origin) where origin says which mapping was used.
    """
    table = article7()
    acts, types = table["acts"], table["types"]
    rows = []
    for inc in data.incidents:
        recorded = {_article_code(a["act"]): a["status"] for a in inc.acts}
        mapped = list(types.get(inc.type, []))
        codes = list(dict.fromkeys(list(recorded) + mapped))
        rows.append({
            "incident": inc,
            "acts": [{"code": code, "name": acts.get(code, {}).get(tr.lang, acts.get(code, {}).get("en", code)),
                      "status": recorded.get(code), "mapped": code in mapped} for code in codes],
            "context": inc.type in types and not types[inc.type],
            "unmapped": inc.type not in types and not recorded,
        })
    return rows, "report"


def _article_code(code: str) -> str:
    """The law part's act key as the statute writes it: ``7-1-a`` → ``7(1)(a)``; a variant
    (``7-1-g-6``) is its act (``7(1)(g)``). Other codes are returned unchanged."""
    m = re.fullmatch(r"7-1-([a-k])(?:-\d+)?", code.strip())
    return f"7(1)({m.group(1)})" if m else code


def law_matrix_from_sabt_law(case) -> tuple[object | None, str | None]:
    """The actors-and-law part's matrix (``sabt.law.law_matrix``) and, if it failed, why.

    The report does not stop when the law part cannot build its matrix: it says so in the
    legal section and shows the candidate mapping."""
    try:
        from sabt.law import law_matrix  # type: ignore[attr-defined]
    except ImportError:
        return None, None
    try:
        return law_matrix(case), None
    except Exception as error:  # noqa: BLE001 — reported in the legal section
        return None, f"{type(error).__name__}: {error}"


# -- estimates -------------------------------------------------------------------------------

def estimate_views(data: CaseData, tr: Translator) -> list[dict]:
    views = []
    for run in data.estimate_runs:
        result = run.result or {}
        rows = result.get("chart")
        if rows is None and "estimate" in result:
            rows = [{"stratum": "total", "documented": result.get("observed"),
                     "estimate": result.get("estimate"), "lower": result.get("lower"),
                     "upper": result.get("upper"), "estimated": True}]
        text = _describe(result)
        title = tr("fig.mse.title", run=tr.num(run.id), method=tr.term("method", run.method))
        chart = charts.estimate_chart(rows or [], tr, title)
        views.append({"run": run, "rows": rows or [], "describe": text, "chart": chart,
                      "plain": _assumptions_in_words(data, result, tr) if tr.rtl else None,
                      "strata": ", ".join(run.strata or []) or "–"})
    return views


def estimate_section(data: CaseData, tr: Translator, persian: PersianNames | None = None) -> dict | None:
    """The estimation section: what is estimated (population, period, places, as the case
    states it), whether the lists are synthetic, the list-overlap (capture-pattern) table,
    and every method's estimate side by side as a sensitivity check, with one figure."""
    runs = [run for run in data.estimate_runs if (run.result or {}).get("estimate") is not None]
    if not runs:
        return None
    settings = runs[-1].settings or {}
    names = {sid: _list_name(data, sid) for sid in settings.get("lists", [])}
    latest: dict[str, object] = {}
    for run in runs:  # the latest run of each method
        latest[run.method] = run
    rows = []
    for method, run in latest.items():
        result = run.result or {}
        rows.append({"stratum": tr.term("method", method), "method": method, "run": run,
                     "documented": result.get("observed"), "estimate": result.get("estimate"),
                     "lower": result.get("lower"), "upper": result.get("upper"),
                     "describe": _describe(result)})
    synthetic = bool(settings.get("synthetic"))
    title = tr("fig.mse.title_methods") + (" — " + tr("estimates.synthetic_short") if synthetic else "")
    chart = charts.estimate_chart(rows, tr, title, banner=tr("estimates.synthetic_banner") if synthetic else None)
    overlaps = [{"lists": [names.get(s, s) for s in o["lists"]], "count": o["count"]}
                for o in settings.get("overlaps", [])]
    scope = {k: settings.get(k) for k in ("population", "period", "places", "note")}
    if persian is not None:
        scope = {k: persian.text("estimate", k, v) for k, v in scope.items()}
    return {"scope": scope,
            "synthetic": synthetic, "rows": rows, "chart": chart, "overlaps": overlaps,
            "lists": list(names.values())}


def _assumptions_in_words(data: CaseData, result: dict, tr: Translator) -> str | None:
    """The estimate and its assumptions in the report's words, from the stored run (the Persian
    edition; the English one shows the estimator's own ``describe()``). ``None`` for a run
    stored in another shape (a stratified run), which then shows ``describe()``."""
    method, needed = result.get("method"), ("observed", "estimate", "lower", "upper")
    if any(result.get(k) is None for k in needed) or not tr.has(f"estimates.plain.model.{method}"):
        return None
    lists = [_list_name(data, sid) for sid in result.get("lists") or []]
    interval = "credible" if "credible" in (result.get("interval") or "") else "confidence"
    return tr("estimates.plain.text", observed=tr.num(result["observed"]), k=tr.num(len(lists)),
              lists=tr("common.list_sep").join(lists), model=tr(f"estimates.plain.model.{method}"),
              estimate=tr.num(result["estimate"]), interval=tr(f"estimates.plain.interval.{interval}"),
              lower=tr.num(result["lower"]), upper=tr.num(result["upper"]),
              missing=tr.num(result["estimate"] - result["observed"]),
              dependence=tr(f"estimates.plain.dependence.{method}"))


def _list_name(data: CaseData, source_id: str) -> str:
    source = data.sources.get(source_id)
    return (source.publisher or source.name) if source else source_id


def _describe(result: dict) -> str | None:
    """The estimate's own plain-language note (``describe()``), rebuilt from the stored run."""
    try:
        from sabt.estimate import EstimateResult, StratifiedResult

        def one(d: dict) -> EstimateResult:
            fields = {k: d.get(k) for k in ("method", "observed", "estimate", "lower", "upper",
                                            "model", "diagnostics", "warnings", "lists",
                                            "interval", "settings")}
            fields["diagnostics"] = fields["diagnostics"] or {}
            fields["warnings"] = fields["warnings"] or []
            fields["lists"] = fields["lists"] or []
            fields["settings"] = fields["settings"] or {}
            fields["interval"] = fields["interval"] or ""
            return EstimateResult(**fields)

        if "total" in result and "strata" in result:
            return StratifiedResult(method=result.get("method", ""), by=result.get("by") or [],
                                    strata={k: one(v) for k, v in result["strata"].items()},
                                    total=one(result["total"]), skipped=result.get("skipped") or {},
                                    warnings=result.get("warnings") or []).describe()
        if "estimate" in result:
            return one(result).describe()
    except (ImportError, TypeError, ValueError, KeyError, AttributeError):
        return None  # a run stored in another shape: the section says no description is stored
    return None


# -- the summary -------------------------------------------------------------------------------

def summary(data: CaseData, tr: Translator) -> list[str]:
    """Sentences generated from the record: range of tallies, the period, the places."""
    out = []
    latest = latest_by_source(data)
    if latest:
        graded = [r for r in latest if not r["official"] and not r["low_graded"]]
        pool = graded or latest
        lo, hi = pool[0], pool[-1]

        def fig(row):
            parts = [c for c in row["claims"]]
            if row["confirmed"] is not None:
                text = tr("summary.confirmed_fig", value=tr.num(row["confirmed"].value))
                if row["under_investigation"] is not None:
                    text += " " + tr("summary.ui_fig", value=tr.num(row["under_investigation"].value))
                return text
            return charts.figure_text(parts[0], tr)

        def who(row):
            return row["reporter"]

        def when(row):
            if not row["as_of"]:
                return tr("summary.undated")
            return tr("summary.as_of", date=tr.date(row["as_of"], row["claims"][0].date_precision))

        out.append(tr("summary.tallies", n=tr.num(len(latest)), metric=tr.term("metric", MAIN_METRIC),
                      reading=tr.code(READING_VERSION),
                      low=fig(lo), low_source=who(lo), low_date=when(lo),
                      high=fig(hi), high_source=who(hi), high_date=when(hi)))
        for row in latest:
            if row["official"]:
                out.append(tr("summary.official", figure=fig(row), source=who(row), date=when(row)))
        low = [row for row in latest if row["low_graded"] and not row["official"]]
        if low:
            items = tr("common.item_sep").join(
                tr("summary.low_graded_item", source=who(row), figure=fig(row),
                   grade=tr.code(row["claims"][0].grade)) for row in sorted(low, key=lambda r: r["top"]))
            out.append(tr("summary.low_graded", n=tr.num(len(low)), items=items))
    # only dates known to the day: a month-dated event is not "the 1st"
    days = [d for i in data.incidents if i.date_precision == "day" for d in (i.start, i.end) if d]
    days += [c.as_of for c in data.claims_of(MAIN_METRIC) if c.as_of and (c.date_precision or "day") == "day"]
    if days:
        out.append(tr("summary.period", start=tr.date(min(days)), end=tr.date(max(days)),
                      incidents=tr.num(len(data.incidents)), claims=tr.num(len(data.claims)),
                      sources=tr.num(len(data.sources))))
    provinces = Counter()
    cities = set()
    for inc in data.incidents:
        prov = data.province_of(inc.place_key)
        place = data.place(inc.place_key)
        if prov is not None:
            provinces[prov.name(tr.lang)] += 1
        if place is not None and place.kind not in ("country", "province", "crossing"):
            cities.add(place.key)
    if provinces:
        names = tr("common.list_sep").join(
            f"{name} ({tr.num(n)})" for name, n in sorted(provinces.items(), key=lambda kv: (-kv[1], kv[0])))
        out.append(tr("summary.places", provinces=tr.num(len(provinces)), cities=tr.num(len(cities)),
                      names=names))
    groups = charts.deployment_rows(data)
    if groups:
        figures = [c for _, cs in groups for c in cs if c.value is not None]
        text = tr("summary.deployed", groups=tr.num(len(groups)),
                  names=tr("common.list_sep").join(g for g, _ in groups),
                  n=tr.num(len(figures)))
        if figures:
            lo = min(figures, key=lambda c: c.value)
            hi = max(figures, key=lambda c: c.top)
            text += " " + tr("summary.deployed_range", low=charts.figure_text(lo, tr),
                             low_source=lo.reporter,
                             high=charts.figure_text(hi, tr),
                             high_source=hi.reporter)
        out.append(text)
    synthetic = data.estimate_runs and all((r.settings or {}).get("synthetic") for r in data.estimate_runs)
    key = "summary.estimates_synthetic" if synthetic else "summary.estimates"
    out.append(tr(key, n=tr.num(len(data.estimate_runs))) if data.estimate_runs else tr("summary.no_estimates"))
    return out


def methodology(data: CaseData, tr: Translator) -> dict:
    parts = [
        ("sources", len(data.sources)),
        ("claims", len(data.claims)),
        ("superseded", data.superseded_count),
        ("incidents", len(data.incidents)),
        ("deployments", len(data.deployments)),
        ("series", len(data.series)),
        ("estimate_runs", len(data.estimate_runs)),
        ("legal", len(data.legal)),
        ("imports", len(data.imports)),
    ]
    return {
        "reliability": [(k, tr.get(f"reliability.{k}", v)) for k, v in RELIABILITY.items()],
        "credibility": [(k, tr.get(f"credibility.{k}", v)) for k, v in CREDIBILITY.items()],
        "read": [(tr(f"method.read.{k}"), tr.num(n)) for k, n in parts],
        "imports": data.imports,
        "private": _private_linkage(data, tr),
        "pipeline": [st for st in data.pipeline.get("steps", []) if isinstance(st, dict)],
        "synthetic": [s for s in data.series if s.synthetic],
    }


def _private_linkage(data, tr) -> list[str] | None:
    """The fields shared in clear when the case's lists were encoded (None for clear lists)."""
    encoded = [b for b in data.imports if b.file_format == "encoded"]
    if not encoded:
        return None
    shared = sorted({field for b in encoded for field in ((b.mapping or {}).get("shared") or [])})
    return [tr.get(f"method.shared.{field}", field) for field in shared]


# -- the main entry ---------------------------------------------------------------------------

def _open(case):
    if isinstance(case, (str, Path)):
        from sabt.case import Case
        from sabt.settings import Settings

        return Case.open(Settings.for_db(str(case))), True
    return case, False


def render_report(case, out_dir: str | Path, lang: str = "en", progress: Progress | None = None,
                  pdf: bool = True) -> ReportResult:
    """Write ``index.html`` (self-contained) and ``report.pdf`` for a case into ``out_dir``.

    ``case`` is an open :class:`sabt.case.Case` (or a case file path). ``progress``, when
    given, is called as ``progress(step, number, total)`` before each step
    (``read``, ``summary``, ``figures``, ``tables``, ``html``, ``pdf``).

    >>> result = render_report(case, "out/", lang="fa")      # doctest: +SKIP
    >>> result.html, result.pdf                               # doctest: +SKIP
    """
    tr = Translator(lang)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    steps = STEPS if pdf else STEPS[:-1]

    def step(name: str):
        if progress is not None:
            progress(name, steps.index(name) + 1, len(steps))
        return time.perf_counter()

    t = step("read")
    case, opened = _open(case)
    try:
        data = read_case(case)
        law, law_error = law_matrix_from_sabt_law(case)
    finally:
        if opened:
            case.close()
    names = None
    if tr.rtl:  # the Persian edition: names from the reviewed lists, the rest marked as English
        names = PersianNames(data.description.get("names_fa"))
        data = localise(data, names)
    timings["read"] = time.perf_counter() - t

    t = step("summary")
    sentences = summary(data, tr)
    timings["summary"] = time.perf_counter() - t

    t = step("figures")
    figs = build_figures(data, tr)
    estimates = estimate_views(data, tr)
    estimation = estimate_section(data, tr, names)
    timings["figures"] = time.perf_counter() - t

    t = step("tables")
    legal, legal_origin = legal_rows(data, tr)
    if law is not None and not hasattr(law, "acts"):
        law = None
    context = {
        "tr": tr, "lang": lang, "dir": "rtl" if tr.rtl else "ltr", "data": data,
        "title": data.title or tr("report.default_title"),
        "generated": tr.date(data.read_at.date()),
        "summary": sentences, "figs": figs, "fig_numbers": _numbers(figs),
        "tally_rows": [c for cs in tallies(data, every_scope=True).values() for c in cs],
        "undated_tallies": sum(1 for cs in tallies(data).values() for c in cs
                               if c.known_day is None and not c.official),
        "latest": latest_by_source(data),
        "conflicts": conflicts(data),
        "deployment_groups": charts.deployment_rows(data),
        "deployments": data.deployments,
        "map_layers": charts.map_layers(data),
        "children": charts.child_arrests_by_province(data),
        "blackouts": [(b["start"], b["end"], b["title"]) for b in timeline.sourced_blackouts(data)],
        "estimates": estimates, "estimation": estimation, "legal": legal, "legal_origin": legal_origin,
        "law_matrix": law, "law_error": law_error, "acts": article7()["acts"],
        "method": methodology(data, tr),
        "figure_text": lambda c: charts.figure_text(c, tr),
        "incident_figures": lambda i: incident_figures(data, i),
        "font_css": Markup(font_face_css()),
        "css": Markup(_static("report.css").decode("utf-8")),
        "main_metric": MAIN_METRIC,
    }
    timings["tables"] = time.perf_counter() - t

    t = step("html")
    html = label_cells(_env().get_template("report.html.j2").render(**context))
    if tr.rtl:
        html = html_for_browser(html)
    html_path = out / "index.html"
    html_path.write_text(html, encoding="utf-8")
    timings["html"] = time.perf_counter() - t

    pdf_path = None
    if pdf:
        t = step("pdf")
        from weasyprint import HTML

        if tr.rtl:
            # the same content, with chart labels in visual order for WeasyPrint's SVG renderer
            tr_pdf = Translator(lang, visual_svg=True)
            pdf_figs = build_figures(data, tr_pdf)
            pdf_context = dict(context, figs=pdf_figs, estimates=estimate_views(data, tr_pdf),
                               estimation=estimate_section(data, tr_pdf, names))
            html_for_pdf = pdf_text(_env().get_template("report.html.j2").render(**pdf_context))
        else:
            html_for_pdf = html
        pdf_path = out / "report.pdf"
        HTML(string=html_for_pdf, base_url=str(out)).write_pdf(pdf_path)
        timings["pdf"] = time.perf_counter() - t

    notes = [name for name, svg in figs.items() if svg is None]
    return ReportResult(html=html_path, pdf=pdf_path, lang=lang, timings=timings,
                        figures=[n for n, s in figs.items() if s is not None],
                        notes=[f"no data for figure {n}" for n in notes])


_TABLE = re.compile(r"<table class=\"data[^\"]*\"[^>]*>.*?</table>", re.S)
_HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.S)


def label_cells(html: str) -> str:
    """Each body cell of a data table gets its column's name (``data-col``), which the phone
    layout prints before the cell when a row becomes a card."""
    def table(match: re.Match) -> str:
        text = match.group(0)
        head = _HEAD.search(text)
        if head is None:
            return text
        names = [re.sub(r"<[^>]*>", "", th).strip() for th in re.findall(r"<th\b[^>]*>(.*?)</th>", head.group(1), re.S)]
        body_start = head.end()

        def row(m: re.Match) -> str:
            cells = iter(names)
            inner = re.sub(r"<td\b", lambda _: f'<td data-col="{escape(next(cells, ""))}"', m.group(2))
            return m.group(1) + inner + m.group(3)

        return text[:body_start] + _ROW.sub(row, text[body_start:])
    return _TABLE.sub(table, html)


def build_figures(data: CaseData, tr: Translator) -> dict:
    """Every figure of the report, ``None`` where the case holds nothing to draw."""
    return {
        "timeline": timeline.timeline_chart(data, tr),
        "deployments": charts.deployment_chart(data, tr),
        "map": charts.deployment_map(data, tr),
        "children": charts.child_arrests_map(data, tr),
        "ladder": charts.ladder_chart(data, tr),
        "tallies": charts.tallies_chart(data, tr),
    }


def _numbers(figs: dict) -> dict[str, int]:
    """Figure numbers in order of appearance, skipping figures the case has no data for."""
    order = ["timeline", "deployments", "map", "children", "ladder", "tallies"]
    numbers, n = {}, 0
    for name in order:
        if figs.get(name) is not None:
            n += 1
            numbers[name] = n
    numbers["_next"] = n + 1
    return numbers
