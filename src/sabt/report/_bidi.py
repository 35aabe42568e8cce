"""Bidirectional text in the Persian edition: isolates, text in another language, visual order.

Inside the report's strings, a run of text that must keep its own direction is wrapped in a
Unicode isolate (UAX #9): LRI U+2066 … PDI U+2069 for a left-to-right run (a grade code, an
English name), FSI U+2068 … PDI for a run of either direction. Text in another language is
an LRI run that starts with the private marker :data:`FOREIGN`. Then, when the page is written:

- the HTML for browsers (:func:`html_for_browser`) turns each run into an element: text in
  another language into ``<span lang="en" dir="ltr">``, any other run into ``<bdi>`` (or
  ``<bdi dir="ltr">``), so readers, screen readers and the Latin-share check see it as such;
- the HTML for WeasyPrint (:func:`html_for_pdf`) keeps the isolate characters in the text
  (Pango applies them; WeasyPrint ignores ``unicode-bidi`` on elements);
- SVG text keeps the isolates for browsers, and for WeasyPrint's SVG renderer, which has no
  bidi at all, :func:`visual_order` lays each isolate out on its own.

>>> foreign("HRANA")
'\\u2066\\ue000HRANA\\u2069'
>>> html_for_browser("<p>رقم " + foreign("HRANA") + "</p>")
'<p>رقم <span lang="en" dir="ltr">HRANA</span></p>'
"""

from __future__ import annotations

import re

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
FOREIGN = "\ue000"  # private marker: the LRI run it opens is text in another language (English)
MARKS = LRI + RLI + FSI + PDI + FOREIGN
_LATIN = re.compile(r"[A-Za-z]")


def has_latin(text: str) -> bool:
    return bool(_LATIN.search(text))


def foreign(text: str) -> str:
    """English text kept as written, marked as such (a quote, a title, a name with no Persian)."""
    return f"{LRI}{FOREIGN}{text}{PDI}" if text else text


def ltr(text: str) -> str:
    """A left-to-right run that is not language: a code ("F3"), a Latin-digit identifier."""
    return f"{LRI}{text}{PDI}" if text else text


def isolate(text: str) -> str:
    """A run isolated from its neighbours, direction from its first strong letter."""
    return f"{FSI}{text}{PDI}" if text else text


def strip_marks(text: str) -> str:
    return text.translate({ord(c): None for c in MARKS})


# -- HTML ------------------------------------------------------------------------------------

_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_RAW = ("svg", "style", "script", "title", "textarea")
_INNER_RUN = re.compile(f"([{LRI}{FSI}])({FOREIGN}?)([^{MARKS}]*){PDI}")


def _element(match: re.Match) -> str:
    opener, is_foreign, inner = match.groups()
    if is_foreign:
        return f'<span lang="en" dir="ltr">{inner}</span>'
    # a left-to-right run that is not language is a code ("F3", "sabt run"): not translated
    return f'<bdi dir="ltr" translate="no">{inner}</bdi>' if opener == LRI else f"<bdi>{inner}</bdi>"


def _runs_to_elements(text: str) -> str:
    while True:
        new = _INNER_RUN.sub(_element, text)
        if new == text:
            return strip_marks(new)
        text = new


def html_for_browser(html: str) -> str:
    """Marked runs in text become ``<span lang dir>`` / ``<bdi>``; in attributes, SVG, titles
    and styles the private marker goes and the isolate characters stay."""
    return _text_segments(html, _runs_to_elements)


_CODE_RUN = re.compile(f"({LRI}[^{FOREIGN}{MARKS}][^{MARKS}]*{PDI})")


def _code_runs_unbroken(text: str) -> str:
    """A code ("2026-12-1", "F3") stays on one line; its isolate characters stay for Pango."""
    return _CODE_RUN.sub(r'<span class="code-run">\1</span>', text).replace(FOREIGN, "")


def _text_segments(html: str, change) -> str:
    out, raw = [], None
    for part in _TAG_OR_TEXT.split(html):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            tag = name.group(1).lower() if name else ""
            if raw is None and tag in _RAW and not part.startswith("</") and not part.endswith("/>"):
                raw = tag
            elif raw == tag and part.startswith("</"):
                raw = None
            out.append(part.replace(FOREIGN, ""))
        elif raw is None:
            out.append(change(part))
        else:
            out.append(part.replace(FOREIGN, ""))
    return "".join(out)


def html_for_pdf(html: str) -> str:
    """The isolates stay in the text for WeasyPrint (Pango applies them); the marker goes; a
    code is kept on one line."""
    return _text_segments(html, _code_runs_unbroken)


# -- SVG for WeasyPrint: visual order ---------------------------------------------------------

# neutral (bidi class ON) stand-ins for isolates while their surroundings are ordered: an isolate
# counts as a neutral for its neighbours (UAX #9, X5a–X5c)
_STAND_INS = [chr(c) for c in range(0x2600, 0x2614)]


def visual_order(text: str, base: str | None = None) -> str:
    """``text`` shaped and put in visual order, left to right, each isolate ordered on its own."""
    import arabic_reshaper
    from bidi.algorithm import get_display

    text = text.replace(FOREIGN, "")
    outer, runs = _split_isolates(text)
    if base is None:
        base = "R" if first_strong_is_rtl(outer) else "L"
    shown = get_display(arabic_reshaper.reshape(outer), base_dir=base) if outer.strip() else outer
    for stand_in, (opener, inner) in zip(_STAND_INS, runs, strict=False):
        inner_base = "L" if opener == LRI else "R" if opener == RLI else None
        shown = shown.replace(stand_in, visual_order(inner, inner_base), 1)
    return shown


def _split_isolates(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text with each top-level isolate replaced by a stand-in, and the isolates' contents."""
    outer, runs, depth, current, opener = [], [], 0, [], ""
    for ch in text:
        if ch in (LRI, RLI, FSI):
            if depth == 0:
                opener, current = ch, []
            else:
                current.append(ch)
            depth += 1
        elif ch == PDI and depth:
            depth -= 1
            if depth == 0:
                if len(runs) < len(_STAND_INS):
                    outer.append(_STAND_INS[len(runs)])
                    runs.append((opener, "".join(current)))
                else:
                    outer.append("".join(current))
            else:
                current.append(ch)
        elif depth:
            current.append(ch)
        else:
            outer.append(ch)
    if depth:  # an unclosed isolate runs to the end (UAX #9)
        outer.append("".join(current))
    return "".join(outer), runs


def direction(text: object) -> str:
    """``rtl`` or ``ltr`` by the first letter, inside isolates too: the direction a block of
    text is set in, written out (WeasyPrint does not read ``dir="auto"``)."""
    for ch in strip_marks(str(text or "")):
        if _rtl_letter(ch):
            return "rtl"
        if ch.isalpha():
            return "ltr"
    return "auto"


def _rtl_letter(ch: str) -> bool:
    """An Arabic-script letter (not a digit or separator, which take their neighbours' direction)."""
    return (("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufeff")
            and ch.isalpha())


def has_rtl(text: str) -> bool:
    return any(_rtl_letter(ch) for ch in text)


def first_strong_is_rtl(text: str) -> bool:
    """True when the first letter of ``text`` outside isolates is Arabic-script."""
    depth = 0
    for ch in text:
        if ch in (LRI, RLI, FSI):
            depth += 1
        elif ch == PDI:
            depth = max(0, depth - 1)
        elif depth:
            continue
        elif _rtl_letter(ch):
            return True
        elif ch.isalpha():
            return False
    return False
