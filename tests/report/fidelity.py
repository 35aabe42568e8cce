"""Check a rendered report against the sources' own words, independently of the report code.

Every element of the report that names the claim behind it (``data-claim="key"``) shows that
claim's figure in a ``num`` cell or span. Each number there must be written in the claim's
verbatim quote: digits folded (Persian and Arabic-Indic digits, ``,`` and ``٬`` separators),
number words read ("five", "a dozen", "12 thousand"). A vague figure ("thousands") must be a
word of the quote. A month- or year-dated claim or incident must not be shown with a day.
An incident's count cell may hold no number outside an element naming its claim.

Nothing here imports sabt's formatter: the expected values come from the quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import readback as rb

DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a dozen": 12, "a hundred": 100, "a thousand": 1000, "dozen": 12,
}
SCALES = {"thousand": 1_000, "million": 1_000_000}
VAGUE = {"dozens", "scores", "hundreds", "thousands", "several", "a few", "tens of thousands",
         "hundreds of thousands", "several hundred", "several thousand"}
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December"
          "|ژانویه|فوریه|مارس|آوریل|مه|ژوئن|ژوئیه|اوت|سپتامبر|اکتبر|نوامبر|دسامبر")
DAY_OF_MONTH = re.compile(rf"\b\d{{1,2}}(?:–\d{{1,2}})?\s+(?:{MONTHS})\b")


def fold(text: str) -> str:
    return (text or "").translate(DIGITS).replace("٬", ",")


def numbers_written(text: str) -> set[int]:
    """Every number a text writes, in digits or words ("12 thousand" → 12000, "five" → 5)."""
    text = fold(text).lower()
    found: set[int] = set()
    for m in re.finditer(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(thousand|million))?", text):
        value = float(m.group(1).replace(",", ""))
        found.add(int(value))
        if m.group(2):
            found.add(int(round(value * SCALES[m.group(2)])))
    for word, value in WORDS.items():
        if re.search(rf"\b{word}\b", text):
            found.add(value)
    return found


def numbers_shown(text: str) -> list[int]:
    """The numbers a rendered figure shows (digits of either script, separators folded)."""
    return [int(n.replace(",", "")) for n in re.findall(r"\d{1,3}(?:,\d{3})+|\d+", fold(text))]


@dataclass
class Result:
    checked: int = 0                       # numbers compared with a quote
    problems: list[str] = field(default_factory=list)


def _num_parts(element) -> list:
    return [el for el in element.iter() if "num" in (el.get("class") or "").split()]


def check(html_root, claims: dict, incidents: dict, lang: str = "en") -> Result:
    """``claims``: key → object with ``quote``, ``date_precision``; ``incidents``: key → object
    with ``date_precision`` and ``title``. Returns the numbers checked and the problems found."""
    result = Result()
    for element in html_root.iter():
        key = element.get("data-claim")
        if key is None or key not in claims:
            continue
        claim = claims[key]
        written = numbers_written(claim.quote or "")
        for part in _num_parts(element):
            shown = rb.text(part)
            for number in numbers_shown(shown):
                result.checked += 1
                if number not in written:
                    result.problems.append(f"{key}: {number:,} shown ({shown!r}) is not in its quote")
            if lang == "en" and not numbers_shown(shown):
                words = [w for w in VAGUE if re.search(rf"\b{w}\b", shown.lower())]
                if words and not any(w in (claim.quote or "").lower() for w in words):
                    result.problems.append(f"{key}: {shown!r} is not a word of its quote")
        if (claim.date_precision or "day") != "day":
            for cell in rb.cells(element) if element.tag.endswith("tr") else [element]:
                if "quote" in (cell.get("class") or "").split():
                    continue  # the source's own words may name any day
                text = rb.text(cell)
                if DAY_OF_MONTH.search(text) and not _num_parts(cell):
                    result.problems.append(f"{key}: dated to the {claim.date_precision}, shown as {text!r}")
    for row in html_root.iter():
        key = row.get("data-incident")
        if key is None or key not in incidents:
            continue
        incident = incidents[key]
        cells = rb.cells(row)
        if (incident.date_precision or "day") != "day" and cells and DAY_OF_MONTH.search(rb.text(cells[0])):
            result.problems.append(f"incident {key}: dated to the {incident.date_precision}, "
                                   f"shown as {rb.text(cells[0])!r}")
        for cell in cells[4:5]:  # the count: each number inside the element naming its claim
            bare = [n for part in _num_parts(cell) if not _inside_claim(part, cell)
                    for n in numbers_shown(rb.text(part))]
            for number in bare:
                result.checked += 1
                result.problems.append(f"incident {key}: {number:,} shown with no source named")
    for title in html_root.iter():
        if not title.tag.endswith("title"):
            continue
        text = rb.text(title)
        for key, incident in incidents.items():
            if (incident.date_precision or "day") != "day" and incident.title and text.startswith(incident.title) \
                    and DAY_OF_MONTH.search(text[len(incident.title):]):
                result.problems.append(f"incident {key}: dated to the {incident.date_precision}, "
                                       f"drawn as {text!r}")
    return result


def _inside_claim(part, cell) -> bool:
    """Whether a ``num`` element sits inside an element naming its claim, within ``cell``."""
    for el in cell.iter():
        if el.get("data-claim") and any(p is part for p in el.iter()):
            return True
    return False
