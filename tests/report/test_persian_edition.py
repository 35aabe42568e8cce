"""The Persian edition of the example's assessment: Persian words, marked English, bidi that holds.

Built once from the example case (``example_case``, the pipeline's own run) and rendered in
Persian, HTML and PDF. Shown to fail before the Persian names and the isolates: the Latin share
was 53–62 %, grades read "F۳" in text and "F3" in charts, and the PDF put 3,308 and 12,000
beside the wrong organisations.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from sabt.report._bidi import LRI, PDI, foreign, ltr, visual_order

from .readback import NS, parse

pytestmark = pytest.mark.slow

URL = re.compile(r"https?://\S+")


@pytest.fixture(scope="module")
def persian(example_case, tmp_path_factory):
    from sabt.report import render_report

    case, _ = example_case
    return render_report(case, tmp_path_factory.mktemp("fa"), lang="fa")


def _letters(root) -> tuple[int, int, list[str]]:
    """Latin and Arabic-script letters in the page's visible text, outside text marked as
    another language (``lang``), codes (``<code>``, ``translate="no"``), URLs, styles, and
    SVG text inside left-to-right isolates (SVG's way of marking the same)."""
    latin = total = 0
    runs: list[str] = []

    def count(text: str | None):
        nonlocal latin, total
        if not text:
            return
        text = URL.sub("", text)
        text = re.sub(f"{LRI}[^{PDI}]*{PDI}", "", text)
        found = re.findall(r"[A-Za-z]", text)
        latin += len(found)
        total += len(found) + len(re.findall(r"[\u0600-\u06FF]", text))
        runs.extend(re.findall(r"[A-Za-z][A-Za-z .'-]+", text))

    def walk(el):
        tag = el.tag.split("}")[-1] if isinstance(el.tag, str) else ""
        skip = (tag in ("style", "script", "code") or el.get("lang") not in (None, "fa")
                or el.get("translate") == "no")
        if not skip:
            count(el.text)
            for child in el:
                walk(child)
        count(el.tail)

    body = root.find(NS + "body")
    count(body.text)
    for child in body:
        walk(child)
    return latin, total, runs


def test_latin_share_outside_marked_text_is_under_5_percent(persian):
    latin, total, runs = _letters(parse(persian.html))
    share = latin / total
    print(f"Latin share of the Persian report: {latin}/{total} = {share:.2%}")
    assert share < 0.05, sorted(set(runs))[:40]


def test_no_message_key_shows(persian):
    from sabt.report._i18n import load_table

    keys = set(load_table("en"))
    html = persian.html.read_text(encoding="utf-8")
    text = re.sub(r"<[^>]*>", " ", html)
    leaked = {word for word in re.findall(r"[a-z_]+(?:\.[a-z_0-9]+)+", text) if word in keys}
    assert not leaked


def test_grades_read_the_same_in_text_and_charts(persian):
    html = persian.html.read_text(encoding="utf-8")
    assert not re.search(r"[A-F][۰-۹]", html), "a grade with a Persian digit"
    assert re.search(r">F3<", html) and re.search(r"F3", html.split("<svg", 1)[1])


def test_english_is_marked_and_nothing_private_leaks(persian):
    html = persian.html.read_text(encoding="utf-8")
    assert '<span lang="en" dir="ltr">' in html  # the quotes, kept as written
    assert "\ue000" not in html


def test_visual_order_keeps_each_isolate_whole():
    text = "گروه " + foreign("Iran International") + " رقم ۳٬۳۰۸ (" + ltr("F3") + ")"
    shown = visual_order(text)
    assert "Iran International" in shown and "(F3) ۳٬۳۰۸" in shown
    assert not any(c in shown for c in "\u2066\u2068\u2069\ue000")


def _normal(text: str) -> str:
    """pdftotext's Persian: no joiners or spaces, so a name is found however lines broke."""
    text = re.sub(r"[\s()\u064b-\u065f\u200c\u200f\u200e\u202a-\u202e\u2066-\u2069]", "", text)
    return text.replace("لا", "ال")  # the lam-alef ligature comes back as alef-lam


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_pdf_reads_each_summary_figure_beside_its_organisation(persian, example_case):
    """Each Summary figure, read back from the PDF's text, is in the same clause as the
    organisation that reports it, and no other organisation's name is in that clause."""
    from sabt.report._charts import figure_text
    from sabt.report._data import latest_by_source, read_case
    from sabt.report._i18n import Translator
    from sabt.report._names import PersianNames, localise

    case, _ = example_case
    data = read_case(case)
    data = localise(data, PersianNames(data.description.get("names_fa")))
    tr = Translator("fa")
    rows = latest_by_source(data)
    from sabt.report._render import summary

    said = " ".join(summary(data, tr))  # the figures the Summary states, each with its reporter
    pairs = [(r["reporter"], figure_text(r["claims"][0], tr)) for r in rows
             if r["confirmed"] is None and r["reporter"] in said]
    names = [_normal(r) for r, _ in pairs]
    raw = subprocess.run(["pdftotext", "-layout", "-l", "3", str(persian.pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    clauses = [_normal(c) for c in re.split(r"[؛.:]\s", " ".join(raw.split()))]
    checked = 0
    for reporter, figure in pairs:
        name, value = _normal(reporter), re.split("تا|؛", _normal(figure))[0]
        if "\u2066" in reporter:  # no Persian name: kept in English
            continue
        found = [c for c in clauses if name in c and value in c]
        assert found, f"{figure} not read beside {reporter}"
        assert all(not any(other in c for other in names if other != name and other not in name)
                   for c in found[:1]), f"{figure} read beside another organisation too"
        checked += 1
    assert checked >= 5, checked


CHROMIUM = "/usr/bin/chromium"


@pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian's chromium is not installed")
def test_on_a_phone_no_figure_scrolls_and_via_stays_on_one_line(persian):
    """At 390 px: no table cell with a figure lies outside the screen (rows are cards), and
    each "(از طریق …)" is on one line."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 390, "height": 800})
        page.goto(persian.html.as_uri())
        outside = page.evaluate("""Array.from(document.querySelectorAll('table.data td.num'))
            .filter(td => td.textContent.trim()).map(td => td.getBoundingClientRect())
            .filter(r => r.left < -1 || r.right > window.innerWidth + 1).length""")
        broken = page.evaluate("""Array.from(document.querySelectorAll('.via'))
            .filter(s => s.getBoundingClientRect().width < window.innerWidth - 40)
            .filter(s => new Set(Array.from(s.getClientRects()).map(r => Math.round(r.bottom))).size > 1)
            .length""")
        browser.close()
    assert outside == 0
    assert broken == 0


def test_a_bad_names_file_is_refused_in_one_line(tmp_path):
    from sabt.errors import SabtError
    from sabt.pipeline import load_case_description

    (tmp_path / "case.toml").write_text('[case]\ntitle = "t"\nnames_fa = "names-fa.toml"\n', encoding="utf-8")
    with pytest.raises(SabtError, match="named in case.toml but missing"):
        load_case_description(tmp_path)
    (tmp_path / "names-fa.toml").write_text('[names]\n"HRANA" = \n', encoding="utf-8")
    with pytest.raises(SabtError, match=r"names-fa\.toml: not valid TOML"):
        load_case_description(tmp_path)
    (tmp_path / "names-fa.toml").write_text('[names]\n"HRANA" = "هرانا"\n', encoding="utf-8")
    assert load_case_description(tmp_path)["case"]["names_fa"]["names"] == {"HRANA": "هرانا"}
