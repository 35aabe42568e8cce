"""The rules that read quantitative claims out of report prose.

The approach is the classic one of information extraction from news and NGO reports
(rule cascades over a sentence, as in Appelt & Israel's FASTUS and the event-coding
dictionaries of TABARI/PETRARCH): find the figures, throw away those that are not counts
(article and unit numbers, years, ages, durations, money, phone numbers), then give each
remaining figure a metric from the words around it, dates from the date grammar, a place
from the gazetteer and an origin from the organisation lexicon and the reporting verbs.
A figure no metric can be given to is not proposed: precision first, an analyst adds what
the rules miss.

Each step is a small function, so a reviewer's question "why was this read as *detained*?"
is answered by ``ProposedClaim.rules``. This module reads one sentence; ``_document.py`` walks
the whole text and keeps what earlier sentences said; ``_speakers.py`` finds sources by
clause structure; ``_tables.py`` reads plain-text tables.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from sabt.claims.extract._dates import DateMention
from sabt.claims.extract._speakers import (
    agents,
    cited_sources,
    owned_counts,
    possessors,
    pronoun_speaker,
    subjects,
)
from sabt.claims.values import CountProblem, parse_count

# ---------------------------------------------------------------------------------------
# lexicon


@dataclass(frozen=True)
class Lexicon:
    version: str
    organisations: tuple[tuple[str, str, re.Pattern], ...]  # (spelling, canonical, pattern)
    heads: frozenset[str]
    reporting: re.Pattern
    metric_nouns: tuple[tuple[str, re.Pattern], ...]
    metric_verbs: tuple[tuple[str, re.Pattern], ...]
    children: re.Pattern
    security_forces: re.Pattern


def inflections(lemma: str) -> list[str]:
    """"arrest~" → arrest, arrests, arrested, arresting; "detain~", "execute~", "jail~" alike.

    A lexicon entry names a verb once; its regular forms are made here, so a report that
    writes "kills" or "apprehending" where the rules were written from "killed" still reads.
    """
    stem = lemma.rstrip("~")
    if stem.endswith("e"):
        return [stem, stem + "s", stem + "d", stem[:-1] + "ing"]
    if stem.endswith("y") and len(stem) > 2 and stem[-2] not in "aeiou":
        return [stem, stem[:-1] + "ies", stem[:-1] + "ied", stem + "ing"]
    return [stem, stem + "s", stem + "ed", stem + "ing"]


def _words_pattern(words, flags=re.IGNORECASE) -> re.Pattern:
    parts = []
    words = [form for word in words for form in (inflections(word) if word.endswith("~") else [word])]
    for word in sorted(words, key=len, reverse=True):
        escaped = re.escape(word.rstrip("*")).replace(r"\ ", r"\s+")
        parts.append(escaped + (r"\w*" if word.endswith("*") else ""))
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", flags)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = tomllib.loads((Path(__file__).parent / "data" / "lexicon.toml").read_text("utf-8"))
    from sabt.claims.extract._organisations import organisations as known_organisations

    organisations = known_organisations().entries
    nouns, verbs = [], []
    for metric, cues in data["metrics"].items():
        if cues.get("nouns"):
            nouns.append((metric, _words_pattern(cues["nouns"])))
        if cues.get("verbs"):
            verbs.append((metric, _words_pattern(cues["verbs"])))
    return Lexicon(
        version=data["version"],
        organisations=organisations,
        heads=frozenset(data["attribution_heads"]),
        reporting=_words_pattern(data["reporting_verbs"]),
        metric_nouns=tuple(nouns),
        metric_verbs=tuple(verbs),
        children=_words_pattern(data["subjects"]["children"]),
        security_forces=_words_pattern(data["subjects"]["security_forces"]),
    )


# ---------------------------------------------------------------------------------------
# sentences

_ABBREVIATIONS = {
    "u.s", "u.n", "u.k", "dr", "mr", "mrs", "ms", "no", "nos", "st", "e.g", "i.e", "vs", "gen",
    "col", "lt", "maj", "capt", "sgt", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "art", "para", "fig", "approx", "est", "inc", "ltd", "co", "p",
    "pp", "vol", "ed", "al", "etc", "jr", "sr", "prof", "rev", "govt",
}
_BOUNDARY = re.compile(r"[.!?]+(?:\[\d+\])*[\"'”’)\]]*(?:\[\d+\])*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_FOOTNOTE = re.compile(r"\[\d{1,3}\]")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a line break always ends one."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for boundary in _BOUNDARY.finditer(line.group()):
            cut = line.start() + boundary.start()
            before = text[start:cut]
            word = re.search(r"([\w.]+)$", before)
            token = (word.group(1) if word else "").lower().rstrip(".")
            if token in _ABBREVIATIONS or re.fullmatch(r"[a-z]", token) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", token):
                continue
            end = line.start() + boundary.end()
            spans.append((start, _rstrip(text, start, end)))
            start = end
        if start < line.end():
            spans.append((start, _rstrip(text, start, line.end())))
    return [(s, e) for s, e in spans if e > s]


def _rstrip(text, start, end):
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


# ---------------------------------------------------------------------------------------
# figures

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "a dozen": 12, "a hundred": 100, "a thousand": 1000,
}
_WORDNUM = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in _WORD_NUMBERS), key=len, reverse=True))
_VAGUE = r"a\s+dozen|tens\s+of\s+thousands|hundreds\s+of\s+thousands|several\s+hundred|several\s+thousand|dozens|scores|hundreds|thousands"
_SCALE = r"(?:\s+(?:thousand|million)|[KkMm](?![\w-]))?"  # "33K detainees"
# qualifier phrase → the phrase parse_count knows
QUALIFIERS = {
    "at least": "at least", "no fewer than": "at least", "not less than": "at least",
    "a minimum of": "at least", "minimum of": "at least",
    "more than": "more than", "over": "more than", "in excess of": "more than",
    "exceeding": "more than", "exceeded": "more than", "upwards of": "more than",
    "surpassed": "more than", "surpassing": "more than", "surpasses": "more than",
    "past": "more than", "above": "more than", "topped": "more than", "exceed": "more than",
    "exceeds": "more than", "as high as": "up to",
    "approximately": "approximately", "about": "approximately", "around": "approximately",
    "roughly": "approximately", "nearly": "nearly", "almost": "nearly",
    "some": "approximately", "an estimated": "approximately", "estimated": "approximately",
    "circa": "approximately", "close to": "nearly", "approx.": "approximately",
    "up to": "up to", "as many as": "up to", "at most": "up to", "no more than": "up to",
    "not more than": "up to", "fewer than": "fewer than", "less than": "fewer than",
    "exactly": "exactly",
}
_QUAL = "|".join(sorted((re.escape(q).replace(r"\ ", r"\s+") for q in QUALIFIERS), key=len, reverse=True))
_ONE = rf"(?:{_NUM}){_SCALE}|(?:{_WORDNUM})"
FIGURE = re.compile(
    rf"(?<![\w$€£#+/.-])"
    rf"(?:(?P<qual>{_QUAL})\s+(?:another\s+|an?\s+additional\s+|a\s+further\s+)?|(?P<tilde>~)\s*)?"
    rf"(?:"
    rf"(?P<between>between|from)\s+(?P<r1>{_ONE})\s+(?:and|to)\s+(?P<r2>{_ONE})"
    rf"|(?P<a1>{_NUM}){_SCALE}\s*(?:-|–|—|to)\s*(?P<a2>{_NUM}){_SCALE}(?![\w-])"
    rf"|(?P<one>{_ONE})(?P<plus>\+)?"
    rf"|(?P<vague>{_VAGUE})"
    rf")"
    rf"(?:,?\s+and\s+(?:possibly|perhaps|maybe|potentially)\s+as\s+(?:high|many)\s+as\s+(?P<ceiling>{_NUM}){_SCALE})?"
    rf"(?P<orso>\s+or\s+(?:so|thereabouts|more))?",
    re.IGNORECASE,
)

# the word (or two) before a figure that make it a label, not a count
_LABEL_BEFORE = re.compile(
    r"(?:\b(?:articles?|art|resolutions?|no|nos|number|ward|page|pages|p|pp|section|sections|chapter|"
    r"division|brigades?|battalion|regiment|corps|update|bulletin|paragraph|para|rule|protocol|annex|"
    r"table|figure|fig|phase|level|route|highway|building|block|room|cell|unit|platoon|item|case|"
    r"volume|vol|issue|part|step|line|exhibit|appendix|report|code|decree|law|order|ref|reference|"
    r"aged|age|ages|age of|as young as|as old as|under|over the age of|children under|"
    r"tel|phone|fax|hotline|ext|hour|day|week|year|sura|verse|\$|€|£|us\$|usd|one-third of the human rights council's|"
    r"capacity\s+(?:of|for)|sources\s+(?:in|from|across))\.?\s*"
    r"(?:\d+(?:\([a-z0-9]\))?\s*,\s*)*(?:\d+\s*,?\s*(?:and|or|&)\s*)?"
    r"|[#$€£+]\s?)$",
    re.IGNORECASE,
)
_UNIT_AFTER = re.compile(
    r"^(?:%|\s*(?:per\s*cent|percent|percentage)\b|(?:st|nd|rd|th)\b|-?\s*years?-old|-?\s*year\b|-(?:hour|day|week|month|year|minute|member|strong|page|point|km|mile|storey|story)\b"
    r"|\s+(?:hours?|days?|weeks?|months?|years?|decades?|minutes?|seconds?|times|km|kilomet(?:re|er)s?|miles?|metres?|meters?|"
    r"dollars?|euros?|rials?|tomans?|pounds?|billion|buses|vehicles|cars|trucks|calls|hospitals|pages?|"
    r"members\s+of\s+the\s+(?:human\s+rights\s+)?council|of\s+(?:calls|buses|vehicles|dollars|rials|family\s+members|hospitals|messages|videos)|(?:of\s+)?the\s+(?:\d+|thirty-one)\s+provinces?\s+and)\b"
    r"|\s+[a-z]+\s+(?:hospitals|clinics|buses|vehicles|cars|trucks|calls)\b"
    r"|\s*\((?:[a-z]|\d)\)|\(\d)",
    re.IGNORECASE,
)
# a time of day ("15:30 GMT", "9pm"): never a count
_TIME = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?![\d:])(?:\s*(?:GMT|UTC|local\s+time|a\.?m\.?|p\.?m\.?))?|\b\d{1,2}\s?(?:a\.m\.|p\.m\.|am|pm)\b", re.IGNORECASE)
_CONNECTIVITY = re.compile(r"\s*(?:%|per\s*cent|percent)\s+of\s+(?:normal|usual|pre-shutdown|typical|ordinary)\b", re.IGNORECASE)
_PHONE = re.compile(r"\+\d[\d\s().-]{6,}\d|\b\d{3}[\s.-]\d{3}[\s.-]\d{4}\b")
_URL = re.compile(r"\b(?:https?://|www\.)\S+|\S+\.(?:pdf|html?|php|aspx?)\b", re.IGNORECASE)
_GENERIC_VAGUE = re.compile(r"\bby\s+the\s+$", re.IGNORECASE)


def _int(text: str) -> int:
    text = re.sub(r"\s+", " ", text.strip().lower())
    if text in _WORD_NUMBERS:
        return _WORD_NUMBERS[text]
    scale = 1
    for word, factor in (("thousand", 1000), ("million", 1_000_000), ("k", 1000), ("m", 1_000_000)):
        if text.endswith(word) and (len(word) > 1 or text[:-1][-1:].isdigit()):
            text, scale = text[: -len(word)].strip(), factor
            break
    return round(float(text.replace(",", "")) * scale)


@dataclass
class Figure:
    start: int  # relative to the sentence
    end: int
    text: str
    low: int | None
    best: int | None
    high: int | None
    qualifier: str | None
    vague: bool = False


def _read_figure(match: re.Match) -> Figure | None:
    qual = match.group("qual")
    canonical = QUALIFIERS[re.sub(r"\s+", " ", qual.lower())] if qual else None
    if match.group("tilde") or (match.group("orso") and not match.group("orso").strip().endswith("more")):
        canonical = canonical or "approximately"  # "~1,200", "1,900 or so"
    elif match.group("orso"):
        canonical = canonical or "at least"  # "90 or more"
    try:
        if match.group("r1") or match.group("a1"):
            first = _int(match.group("r1") or match.group("a1"))
            second = _int(match.group("r2") or match.group("a2"))
            if first >= second:
                return None
            count = parse_count(f"{first}-{second}")
            low, best, high, qualifier = count.low, count.best, count.high, "range"
        elif match.group("vague"):
            count = parse_count(re.sub(r"\s+", " ", match.group("vague").lower()))
            low, best, high, qualifier = count.low, count.best, count.high, count.qualifier
        else:
            value = _int(match.group("one"))
            if canonical == "exactly":
                canonical = None
            phrase = f"{canonical} {value}" if canonical else f"{value}{'+' if match.group('plus') else ''}"
            count = parse_count(phrase)
            low, best, high, qualifier = count.low, count.best, count.high, count.qualifier
    except (CountProblem, ValueError):
        return None
    if match.group("ceiling"):
        high = _int(match.group("ceiling"))
        if low is not None and high < low:
            return None
    return Figure(match.start(), match.end(), match.group(0), low, best, high, qualifier, bool(match.group("vague")))


def _is_year(match: re.Match) -> bool:
    one = match.group("one")
    if one and re.fullmatch(r"(?:19|20)\d{2}", one) and not match.group("qual"):
        return True
    a1, a2 = match.group("a1"), match.group("a2")
    return bool(a1 and re.fullmatch(r"(?:19|20)\d{2}", a1) and re.fullmatch(r"(?:19|20)?\d{2}", a2 or ""))


_CHANGE_BEFORE = re.compile(
    r"\b(?:increased?|increases|increasing|decreased?|decreases|decreasing|rose|risen|rising|fell|fallen|falling|dropped|"
    r"climbed|grew|grown|jumped|declined?|reduced|doubled|went\s+(?:up|down)|(?:an?\s+)?(?:overall\s+)?(?:increase|decrease|"
    r"rise|fall|drop|decline|jump)\b[^.;]{0,80}?)\s*$",
    re.IGNORECASE,
)


def _is_change(match: re.Match, before: str) -> bool:
    """"increased from 560 to 761", "an increase in deaths …, from 2,666 to 2,798": a change between two
    counts, not a range of one."""
    return bool(match.group("between") and match.group("between").lower() == "from" and not match.group("qual")
                and _CHANGE_BEFORE.search(before + " "))


def _change_figures(match: re.Match) -> list[Figure]:
    """The count before and the count after of a change, each exact, each at its own span."""
    out = []
    for group in ("r1", "r2"):
        try:
            value = _int(match.group(group))
        except ValueError:
            return []
        out.append(Figure(match.start(group), match.end(group), match.group(group), value, value, value, "exact"))
    return out


def find_figures(sentence: str, masked: list[tuple[int, int]]) -> list[Figure]:
    """The counts in a sentence, without labels, years, ages, durations, money, dates."""
    figures = []
    for match in FIGURE.finditer(sentence):
        start, end = match.start(), match.end()
        if any(not (end <= a or start >= b) for a, b in masked):
            # a figure overlapping a date: keep only the part before it ("from 12,000 to ...")
            continue
        if _is_year(match):
            continue
        before = sentence[max(0, start - 40) : start]
        number_start = match.start("r1") if match.group("r1") else start
        if _LABEL_BEFORE.search(sentence[max(0, number_start - 40) : number_start]) and not match.group("qual"):
            continue
        after = sentence[end : end + 40]
        if re.search(r"\d\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?$", before) and not match.group("qual"):
            continue  # "20 of 31 provinces": 31 is the whole, not a count of its own
        if _UNIT_AFTER.match(after) and not _CONNECTIVITY.match(after):
            continue
        if match.group("vague") and _GENERIC_VAGUE.search(before):
            continue
        one = match.group("one") or ""
        if one and re.fullmatch(r"\d+", one) and sentence[:start].strip() == "" and after.startswith("."):
            continue  # "12." numbering a list or reference
        if one and sentence[:start].strip() == "" and re.match(r"(?:/\d*|\)|\.\d)", after):
            continue  # "2/ Deaths: …" (a thread), "3.1 Sources", "4) …": numbering, not a count
        if one and not one[0].isdigit() and re.search(r"\b(?:the|these|those|its|their|both)\s+$", before, re.IGNORECASE):
            continue  # "the two provinces": a reference back, not a count
        listed = figures and re.search(r"(?:,|\band)\s+$", before) and re.match(r"\s+(?:people\s+|person\s+)?(?:in|at)\s+(?:the\s+)?[A-Z]", after)
        if one.lower() in ("one", "a hundred", "a thousand") and not match.group("qual") and not listed:
            continue  # "one of the", "one regional official": not a count ("… three in Basra and one in Al Muthanna" is)
        if _is_change(match, sentence[max(0, start - 120) : start]):
            figures.extend(_change_figures(match))  # "increased from 560 to 761": two figures, before and after
            continue
        figure = _read_figure(match)
        if figure is not None and figure.qualifier == "up to" and re.match(r"up\s+to\b", figure.text, re.IGNORECASE) \
                and re.search(r"\b(?:toll|number|tally|count|total)\b[^.;\d]{0,40}$", before, re.IGNORECASE):
            # "Death toll … up to 30": the toll has risen to 30, not "at most 30"
            figure = Figure(figure.start, figure.end, figure.text, figure.high, figure.high, figure.high, "exact", figure.vague)
        if figure is not None:
            figures.append(figure)
    return figures


# ---------------------------------------------------------------------------------------
# metric

# object and possessive pronouns of one person: the sentence tells one person's own story
_TESTIMONY = re.compile(
    r"(?<![\w-])(?:her|him|me|my)(?![\w-])|\b(?:described|recounted|recalled)\s+being\b"
    r"|\b(?:former\s+detainee|survivor|ex-prisoner)\b[^.]{0,40}\b(?:described|recounted|recalled)\b",  # one person's own account
    re.IGNORECASE,
)
_PEOPLE = re.compile(
    r"(?<![\w-])(?:people|persons|protest[eo]rs|demonstrators|civilians|individuals|men|women|others|"
    r"children|adolescents|minors|teenagers|students|detainees|prisoners|residents|Iranians|citizens|"
    r"Pakistanis|Afghans|Iraqis|victims|cases|of\s+the\s+\w+|of\s+them|of\s+these|were|had|have|has|are|was|remain)(?![\w-])",
    re.IGNORECASE,
)
_NOUN_PRIORITY = (
    "killed", "injured", "arrested", "detained", "disappeared", "executed", "protest_locations",
    "cities", "prisons", "crossing", "deployed", "other",
)
_STRONG_OTHER = re.compile(r"^\W*(?:[\w-]+\s+){0,3}?(?:provinces|confessions|coerced\s+confessions|defendants|police\s+stations|government\s+buildings)\b", re.IGNORECASE)
_PROTEST = re.compile(r"\b(?:protests?|demonstrations?|rall(?:y|ies)|unrest|uprising|gatherings?|crowds?|march(?:es|ing)?|strikes?)\b", re.IGNORECASE)


def _first_cue(text: str, cues, anchored_words: int | None = None) -> tuple[str, int] | None:
    best = None
    for metric, pattern in cues:
        for match in pattern.finditer(text):
            if anchored_words is not None and len(re.findall(r"[\w'-]+", text[: match.start()])) > anchored_words:
                break
            if best is None or match.start() < best[1]:
                best = (metric, match.start())
            break
    return best


def _clause_after(sentence: str, figure: Figure, next_start: int) -> str:
    text = sentence[figure.end : next_start]
    cut = re.search(r"[;:]|,\s+(?:while|whereas|but|and\s+(?:the|a|an|that)|with|as|although)\b|\s\u2014\s|—", text)
    return text[: cut.start()] if cut else text


def _clause_before(sentence: str, figure: Figure, prev_end: int) -> str:
    text = sentence[prev_end : figure.start]
    cuts = list(re.finditer(r"[;:]|\bwhile\b|\bwhereas\b|\bbut\b", text))
    return text[cuts[-1].end() :] if cuts else text


def _subject(text: str, metric: str) -> str:
    lex = lexicon()
    if metric in ("killed",) and lex.security_forces.search(text):
        return "security_forces_killed"
    if lex.children.search(text):
        if metric == "killed":
            return "children_killed"
        if metric in ("arrested", "detained", "disappeared"):
            return "children_arrested"
    return metric


_NP_STOP = re.compile(
    r",(?!\s+(?:(?-i:[A-Z])|and\s))|[;:()\[\]]|\s(?:were|was|had|have|has|are|is|be|been|being|remain\w*|in|at|from|to|on|by|for|with|who|"
    r"which|that|across|during|since|between|inside|into|under|among|through|after|before|while)\b",
    re.IGNORECASE,
)
_PARTICIPLE = re.compile(r"^\s*(?:[\w-]+\s+){0,1}?(?:injured|wounded|arrested|detained|killed)\s+(?:protest[eo]rs|people|men|women|children|civilians|demonstrators|persons|individuals|patients|detainees)\b", re.IGNORECASE)
_SUBSET = re.compile(r"^\s*(?:of\s+(?:the|them|these|those|whom)\b)", re.IGNORECASE)
_OVERRIDES = re.compile(
    r"(?P<executed>\b(?:were|was|have\s+been|has\s+been|had\s+been)\s+(?:\w+\s+)?executed\b)"
    r"|(?P<killed>\b(?:have|has|had)\s+died\b|\bdied\s+in\s+custody\b|\bdied\s+(?:of|from)\s+(?:their\s+|his\s+|her\s+)?(?:injuries|wounds)\b"
    r"|\bamong\s+(?:the\s+)?(?:dead|those\s+killed|fatalities)\b)"
    r"|(?P<death_sentences>\bsentenced\s+to\s+death\b|\bdeath\s+sentences?\b)"
    r"|(?P<other>\b(?:were|was|had\s+been|have\s+been|been)\s+(?:charged|indicted|prosecuted)\b|\bface\s+(?:capital\s+)?charges\b)"
    r"|(?P<disappeared>\bno\s+(?:news|word|information)\s+(?:of|about|on|from)\s+(?:them|their)\b|\bdo\s+not\s+know\s+where\b|\bwhereabouts\s+(?:remain\s+|are\s+)?unknown\b)",
    re.IGNORECASE,
)
_RELEASED = re.compile(r"\b(?:were|was|had\s+been|have\s+been|been)\s+(?:later\s+)?(?:released|freed)\b|\breleased\s+on\s+bail\b", re.IGNORECASE)


_PASSIVE_METRICS = ("killed", "injured", "arrested", "detained", "executed", "disappeared")
_PASSIVE = re.compile(
    r"\b(?:were|was|are|is|have\s+been|has\s+been|had\s+been|being|been)\s+(?:[a-z]+ly\s+|also\s+|later\s+|then\s+)?"
    r"(?P<verb>killed|shot\s+dead|murdered|injured|wounded|arrested|apprehended|detained|imprisoned|jailed|executed|hanged|disappeared|abducted)\b",
    re.IGNORECASE,
)


def _noun_phrase(after: str) -> str:
    stop = _NP_STOP.search(after)
    return after[: stop.start()] if stop else after


@dataclass
class _Clause:
    """One figure in its clause: the words the metric steps read, each computed once when first asked."""

    sentence: str
    figure: Figure
    prev: Figure | None
    prev_metric: str | None
    next_start: int
    sentence_metric: str | None
    subset_of: str | None
    subset_fallback: str | None

    @cached_property
    def lex(self) -> Lexicon:
        return lexicon()

    @cached_property
    def after(self) -> str:
        after = _clause_after(self.sentence, self.figure, self.next_start)
        if self.next_start < len(self.sentence) and re.fullmatch(r"\s*(?:[\w-]+\s+){0,2}?[\w-]*,\s*including\s*",
                                                                 self.sentence[self.figure.end : self.next_start]):
            rest = re.sub(r"^\S+(?:\s+\S+)*?\s*,\s*", "", self.sentence[self.next_start:], count=1)
            after = after + " " + rest[:80]
        return after

    @cached_property
    def own_head(self) -> str:
        """The noun phrase after the figure ("2,403 protester deaths"), or what a predicate names ("19 are children")."""
        head = _noun_phrase(self.after[:60])
        predicate = re.match(r"\s*(?:are|were|is|was)\s+(?:all\s+|also\s+)?", self.after, re.IGNORECASE)
        if predicate and not head.strip() and self.lex.children.match(self.after[predicate.end() :]):
            head = self.after[predicate.end() : predicate.end() + 30]  # "and 19 are children": the predicate names who
        return head

    @cached_property
    def head_and_anchor(self) -> tuple[str, int]:
        if self.next_start < len(self.sentence) and re.fullmatch(
            r"\s*,?\s*(?:and|or|to)\s+(?:(?:likely|possibly|perhaps|probably|maybe|potentially)\s+)?",
            self.sentence[self.figure.end : self.next_start],
        ):
            # "at least 366 and likely more than 400 bodies": coordinated figures share their noun
            return _noun_phrase(self.sentence[self.next_start : self.next_start + 80]), 7
        return self.own_head, 5

    @property
    def head(self) -> str:
        return self.head_and_anchor[0]

    @cached_property
    def before(self) -> str:
        return _clause_before(self.sentence, self.figure, self.prev.end if self.prev else 0)

    @cached_property
    def noun(self):
        head, anchored = self.head_and_anchor
        return _first_cue(head, [(m, p) for m, p in self.lex.metric_nouns if m != "other"], anchored_words=anchored)

    @cached_property
    def verb_before(self) -> str | None:
        """A metric verb just before the figure ("killing at least three"), else a noun ("the deaths of at least 28")."""
        near_before = self.before[-30:]
        found = None
        for metric, pattern in self.lex.metric_verbs:
            for match in pattern.finditer(near_before):
                if re.fullmatch(r"\s*(?:of\s+)?(?:the\s+)?", near_before[match.end() :]):
                    found = metric
        if found is None:
            for metric, pattern in self.lex.metric_nouns:
                if metric in ("killed", "injured", "arrested", "detained", "disappeared", "executed"):
                    for match in pattern.finditer(near_before):
                        if re.fullmatch(r"\s+of\s+(?:the\s+)?", near_before[match.end() :]):
                            found = metric
        return found

    @cached_property
    def verb_after(self):
        return _first_cue(self.after, self.lex.metric_verbs)


def _connectivity_step(c: _Clause):
    if _CONNECTIVITY.match(c.after):
        return "connectivity", "percent of normal (connectivity)"
    return None


def _override_step(c: _Clause):
    override = _OVERRIDES.search(c.after[:90])
    if override is None:
        # whereabouts unknown may be said after a semicolon: "…; they still do not know where they are"
        later = _OVERRIDES.search(c.sentence[c.figure.end : c.figure.end + 220])
        override = later if later and later.group("disappeared") else None
    if override:
        metric = next(name for name, value in override.groupdict().items() if value)
        if metric == "killed":
            metric = _subject(c.after[:40], "killed")
        return metric, f"{metric} ({override.group(0).strip()})"
    return None


def _released_step(c: _Clause):
    return ("other", "released: not a count of the violation") if _RELEASED.search(c.after[:80]) else None


def _subset_predicate_step(c: _Clause):
    if c.subset_of and re.match(r"\s*(?:were|had|have|remain)", c.after):
        verb = _first_cue(c.after, c.lex.metric_verbs)
        metric = verb[0] if verb and verb[0] in ("detained", "arrested", "disappeared", "killed") else c.subset_of
        if c.subset_of.startswith("children_"):
            metric = {"killed": "children_killed"}.get(metric, "children_arrested")
        return metric, "subset of the figure before (of these …)"
    return None


def _subset_or_participle_step(c: _Clause):
    after = c.after
    subset = _SUBSET.match(after)
    if not (subset or _PARTICIPLE.match(after)):
        return None
    # "14 of the wounded were removed …", "11 injured protesters were taken away …": the verb decides
    skip = re.match(r"\s*of\s+(?:the|them|these|those|whom)(?:\s+(?:injured|wounded|arrested|detained|killed|dead))?", after)
    offset = skip.end() if subset and skip else 12
    verb = _first_cue(after[offset:], [(m, p) for m, p in c.lex.metric_verbs if m in ("disappeared", "killed", "executed", "arrested", "detained")])
    if verb and re.search(r"\b(?:were|was|been|are|is|remain\w*|later)\s+(?:\w+\s+){0,2}$", after[offset:][: verb[1]] + " "):
        return _subject(after[:40], verb[0]), f"verb after a subset or participle ({verb[0]})"
    named = re.match(r"\s*of\s+(?:the|those)\s+(detainees|detained|dead|killed|wounded|injured|arrested)\b", after, re.IGNORECASE)
    if subset and named:
        metric = {"detainees": "detained", "detained": "detained", "dead": "killed", "killed": "killed",
                  "wounded": "injured", "injured": "injured", "arrested": "arrested"}[named.group(1).lower()]
        return _subject(after[:40], metric), "subset named by its noun (of the detainees …)"
    if subset and (c.prev_metric or c.subset_of or c.subset_fallback):
        return _subject(after[:40], c.prev_metric or c.subset_of or c.subset_fallback), "subset of the figure before"
    return None


def _part_of_before_step(c: _Clause):
    # "…1,212 people, among them 87 children": a part of the figure before, of the same metric
    if not (c.prev_metric and re.search(r"(?:\bincluding|\bamong\s+(?:them|whom|those)|\bof\s+whom)\s+$", c.before, re.IGNORECASE)):
        return None
    base = {"children_killed": "killed", "security_forces_killed": "killed", "children_arrested": "arrested"}.get(c.prev_metric, c.prev_metric)
    own = _first_cue(c.own_head, [(m, p) for m, p in c.lex.metric_nouns if m != "other"], anchored_words=5)
    verb_here = _first_cue(c.after[:40], [(m, p) for m, p in c.lex.metric_verbs if m in _PASSIVE_METRICS])
    if (not (_STRONG_OTHER.match(c.own_head) or _RELEASED.search(c.after[:80])) and (own is None or own[0] in ("deployed", base))
            and (verb_here is None or verb_here[0] == base)):
        return _subject(c.after[:40], base), "part of the figure before (including …)"
    return None


def _passive_step(c: _Clause):
    # "27 members of its law-enforcement forces were killed": a passive verb of the clause decides
    passive = _PASSIVE.search(c.after[:90])
    if passive and not re.search(r"[,;:]", c.after[: passive.start()]):
        metric = next((m for m, p in c.lex.metric_verbs if m in _PASSIVE_METRICS and p.fullmatch(passive.group("verb"))), "killed")
        return _subject(c.after[: passive.start() + 1], metric), f"passive verb of the clause ({metric})"
    return None


def _words_around_step(c: _Clause):
    """A verb just before the figure, or the noun after it ("killing at least three", "2,403 deaths")."""
    head = c.head
    if _STRONG_OTHER.match(head) or re.match(r"^\W*(?:[\w-]+\s+){0,2}?cases\b", head) and re.search(r"\b(?:tortur|confess|rap(?:e|ed))", c.after):
        return "other", "noun after figure (other)"
    if c.verb_before == "other":
        return "other", "verb before figure (other)"
    if c.verb_before and c.verb_before != "deployed":
        return _subject(head[:40], c.verb_before), f"verb before figure ({c.verb_before})"
    noun = c.noun
    if noun and noun[0] != "deployed":
        metric = noun[0]
        if metric == "cities" and _PROTEST.search(c.sentence[: c.figure.start]) and not re.search(r"\b(?:detain|arrest|kill|execut)", c.sentence[: c.figure.start], re.IGNORECASE):
            metric = "protest_cities"
        if metric == "protest_locations" and not _PROTEST.search(c.sentence):
            return None, "locations without protests"
        return _subject(head[: noun[1] + 25], metric), f"noun after figure ({metric})"
    if c.verb_before == "deployed":
        return "deployed", "verb before figure (deployed)"
    return None


def _verb_after_step(c: _Clause):
    # "N of the wounded were …", "N people were killed": the verb after decides
    verb, noun, head = c.verb_after, c.noun, c.head
    if noun and noun[0] == "deployed" and (verb is None or verb[0] in ("deployed", "other") or verb[1] > noun[1] + 40):
        return "deployed", "noun after figure (personnel)"
    if verb and (_PEOPLE.search(head[: verb[1] + 1]) or verb[1] < 40 or c.figure.vague):
        return _subject(head[: verb[1] + 1] + " " + c.before[-25:], verb[0]), f"verb after figure ({verb[0]})"
    return None


def _noun_before_step(c: _Clause):
    # "the death toll … surpassed 3,000", "the deaths of at least 28"
    cue = None
    for metric, pattern in c.lex.metric_nouns:
        if metric not in _PASSIVE_METRICS:
            continue  # "the number of martyrs among the police and Basij at 61": Basij is who, not what
        for match in pattern.finditer(c.before):
            if cue is None or match.start() > cue[1]:
                cue = (metric, match.start())
    if cue and cue[0] in ("killed", "injured", "arrested", "detained", "executed", "disappeared") and not c.figure.vague:
        # "the number of children killed at 29": who was counted may stand just before the cue
        return _subject(c.before[max(0, cue[1] - 25) :] + c.head[:25], cue[0]), f"noun before figure ({cue[0]})"
    return None


def _like_before_step(c: _Clause):
    # "including 9 children", "an additional 4,382 cases", "233 were": same as the figure before
    if c.prev_metric and re.search(r"(?:including|additional|further|another|of\s+whom|of\s+these|out\s+of)\s*$|,\s*$|,?\s*and\s+(?:between\s+)?$|^\s*to\s+$",
                                   c.before[-25:], re.IGNORECASE):
        return _subject(c.head[:30] if c.head.strip() else c.after[:40], c.prev_metric), "like the figure before"
    if (c.prev_metric and c.prev is not None and re.search(r":\s*$", c.sentence[c.prev.end : c.figure.start])
            and _LISTED_PLACE.match(c.sentence, c.figure.end)):
        return c.prev_metric, "like the figure before (a list by place after a colon)"  # "1,041 wounded: 400 in Baghdad, …"
    if c.prev_metric and re.match(r"\s*(?:cases|were|had|have|of\s+(?:them|these|whom))\b", c.after, re.IGNORECASE):
        return _subject(c.after[:40], c.prev_metric), "like the figure before"
    if re.search(r"\b(?:figure|toll|number|total|count|tally)\b[^,;]{0,25}$", c.before, re.IGNORECASE) and (c.prev_metric or c.subset_fallback):
        return c.prev_metric or c.subset_fallback, "the figure/toll of the figure before"
    return None


def _list_step(c: _Clause):
    # a list "Tehran (18), Alborz (17)" under a heading that names the metric
    if c.sentence_metric and re.match(r"\s*(?:children\s*)?\)", c.after) and c.sentence[max(0, c.figure.start - 1)] == "(":
        return c.sentence_metric, "list under a metric"
    if re.match(r"\s*(?:other\s+)?(?:[\w-]+\s+){0,2}?(?:pilgrims|people|men|women|individuals|protest[eo]rs|cases|detainees|families)\b", c.after, re.IGNORECASE):
        if _first_cue(c.after, [(m, p) for m, p in c.lex.metric_verbs if m == "other"]):
            return "other", "people, other verb"
    if c.figure.vague and c.verb_after is None:
        return None, "vague word without a metric"
    return None


#: the metric steps, in the order they are tried; the first that answers decides
METRIC_STEPS = (
    _connectivity_step, _override_step, _released_step, _subset_predicate_step, _subset_or_participle_step,
    _part_of_before_step, _passive_step, _words_around_step, _verb_after_step, _noun_before_step,
    _like_before_step, _list_step,
)


def assign_metric(sentence: str, figure: Figure, prev: Figure | None, prev_metric: str | None,
                  next_start: int, sentence_metric: str | None, subset_of: str | None = None,
                  subset_fallback: str | None = None) -> tuple[str | None, str]:
    """The metric of a figure and the rule that gave it (``None``: not a claim): the first of
    :data:`METRIC_STEPS` that answers."""
    clause = _Clause(sentence, figure, prev, prev_metric, next_start, sentence_metric, subset_of, subset_fallback)
    for step in METRIC_STEPS:
        answer = step(clause)
        if answer is not None:
            return answer
    return None, "no metric"


def sentence_metric(sentence: str) -> str | None:
    """The metric a list sentence is about ("child arrests by province included: …")."""
    lex = lexicon()
    cue = _first_cue(sentence, [(m, p) for m, p in lex.metric_nouns if m not in ("other", "deployed")])
    if cue is None:
        return None
    return _subject(sentence[max(0, cue[1] - 20) : cue[1] + 20], cue[0])


# ---------------------------------------------------------------------------------------
# attribution

_AUX = r"(?:\s+(?:has|have|had|also|later|then|publicly|separately|subsequently|reportedly|previously))*"
_DETERMINER = re.compile(r"^(?:the|a|an|one|some|several|its|their|his|her)\s+", re.IGNORECASE)
_FUNCTION_WORDS = {
    "that", "and", "while", "but", "with", "as", "by", "from", "in", "to", "which", "who", "whom",
    "when", "where", "after", "before", "if", "because", "since", "than", "on", "at", "into",
}
_NAME_STOP = {
    "With", "Initial", "According", "Meanwhile", "However", "Separately", "Later", "Earlier", "Also",
    "Many", "Some", "Several", "Other", "Others", "Most", "All", "Both", "Each", "Every", "Such",
    "Local", "Official", "Officials", "Reports", "Report", "Sources", "Source", "State", "Previous",
}
_PRONOUNS = {"he", "she", "they", "it", "this", "that", "these", "those", "which", "who"}
# "we", "our": the report itself; "us" is only ever an object ("told us", "joining us"), never the origin
_FIRST_PERSON = re.compile(r"(?<![\w-])(?:we|our|ours)(?![\w-])", re.IGNORECASE)
_COREF = re.compile(r"(?<![\w-])the\s+(group|organi[sz]ation|bureau|collective|monitor|circle|network|agency|centre|center|tribunal|ngo|committee|observatory|coalition|initiative|project|consortium|association|institute|foundation|campaign|alliance|council|union)(?![\w-])", re.IGNORECASE)


# what may stand between a speaker and the reporting verb: ", which cross-checks names, has confirmed",
# ", speaking on condition of anonymity, said", ", which estimated that"
_SPEAKER_TAIL = (
    r"(?:[^,;:.]{{0,50}}|(?:\s*,[^,;:.]{{0,80}}){{1,2}})\s*,\s*(?:(?:has|have|had|also)\s+)*(?:{verbs})"
    r"|\s*,\s*(?:which|who)\s+(?:(?:has|have|had|also)\s+)*(?:{verbs})"
    r"|{aux}\s+(?:{verbs})"
)
_CREDITED_BY = (r"(?:according\s+to|(?:reported|given|cited|published|released|compiled|documented|recorded|claimed|estimated|"
                r"counted|verified|confirmed|logged|tallied|announced|kept|issued|provided|(?:count|tally|estimate|figure|list)s?\s*,?)\s+by)\s+(?:the\s+)?$")


@dataclass
class Origin:
    start: int
    end: int
    name: str
    speaker: bool  # followed by a reporting verb ("said …")
    rule: str
    opens: bool = False  # the reporting verb opens a clause ("said that …", "stated: “…")
    verb_end: int = 0


_DATE_WORD = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|"
                        r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


def _clean_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip(" ,;:.\"'“”‘’()"))
    text = _DETERMINER.sub("", text)
    return text.strip()


def _canonical(name: str) -> str:
    for spelling, canonical, pattern in lexicon().organisations:
        if pattern.fullmatch(name):
            return canonical
    return name


@dataclass
class _OriginSearch:
    """The state of :func:`find_origins` on one sentence: the origins found so far and the spans they take."""

    sentence: str
    memory: dict
    lex: object
    origins: list[Origin] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)

    def add(self, start, end, name, rule, anywhere=False):
        """Record an origin unless its span is taken, or it is only the object of a preposition
        ("confirmed to CNN", "told The Times of Israel") and not followed by a reporting verb."""
        sentence, lex = self.sentence, self.lex
        if any(not (end <= a or start >= b) for a, b in self.taken):
            return
        tail = sentence[end : end + 120]
        speaker = bool(re.match(_AUX + r"\s+(?:" + lex.reporting.pattern + r")|\s*,\s*(?:which|who)\s+(?:(?:has|have|had|also)\s+)*(?:"
                                + lex.reporting.pattern + r")", tail, re.IGNORECASE))
        preceded = sentence[max(0, start - 20) : start].lower()
        if (not speaker and not anywhere and re.search(r"\b(?:to|told|by|with|from|in|on|at|of|for|and)\s+(?:the\s+)?$", preceded)
                and not re.search(_CREDITED_BY, preceded)):
            return
        self.origins.append(Origin(start, end, name, speaker, rule))
        self.taken.append((start, end))


def _lexicon_origins(s: _OriginSearch) -> None:
    """Organisations the versioned list knows, wherever the sentence names them."""
    for spelling, canonical, pattern in s.lex.organisations:
        for match in pattern.finditer(s.sentence):
            s.add(match.start(), match.end(), canonical, "organisation lexicon")


def _according_to_origins(s: _OriginSearch) -> None:
    """"according to local lawyers", "according to the Bureau", "according to information we have received"."""
    sentence, memory, lex = s.sentence, s.memory, s.lex
    for match in re.finditer(r"according\s+to\s+(?P<np>[^,;:()]{2,80}?)(?=\s*(?:[,;:(]|\.(?:\s|$)|$|\bthat\b|\bwho\b|\bwhich\b))", sentence, re.IGNORECASE):
        np_text = match.group("np")
        inside = [(m.start(), canonical) for spelling, canonical, pattern in lex.organisations for m in [pattern.search(np_text)] if m]
        if inside:
            name = min(inside)[1]
        else:
            name = _clean_name(np_text)
            if re.fullmatch(r"(?:(?:published|official|available|latest|new|recent|these|such)\s+)*(?:statistics|figures|data|information|reports|estimates|sources)", name, re.IGNORECASE):
                name = ""  # "according to published statistics": the report's own reading
        relayed = re.search(r"\bfrom\s+(?P<who>(?:[\w'’-]+\s+){0,4}[\w'’-]+)$", np_text)
        if relayed and not inside:
            name = _resolve_coref(_clean_name(relayed.group("who")), memory)  # "information we have received from credible sources"
        elif _FIRST_PERSON.search(np_text):
            name = ""  # "according to information we have received": the report's own reading
        if name.lower() not in _PRONOUNS:
            s.origins[:] = [o for o in s.origins if not (match.start("np") <= o.start < match.end("np"))]
            s.taken[:] = [t for t in s.taken if not (match.start("np") <= t[0] < match.end("np"))]
            s.add(match.start("np"), match.end("np"), _resolve_coref(name, memory) if name else "", "according to")


def _named_source_origins(s: _OriginSearch) -> None:
    """"a regional Iranian official", "Security sources", "hospital staff" + reporting verb."""
    sentence, memory, lex = s.sentence, s.memory, s.lex
    heads = "|".join(sorted(lex.heads, key=len, reverse=True))
    np = re.compile(
        rf"(?P<np>(?:(?:the|a|an|one)\s+)?(?:(?:[A-Z]\.)+-based\s+|[\w'’-]+\s+){{0,4}}?(?:{heads})(?:'s)?(?:\s+inside\s+(?-i:[A-Z])[\w'’-]+)?)(?=(?:\s+(?:of|for|in|at|inside)\s+(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)*)?{_AUX}\s*,?\s+(?:{lex.reporting.pattern}))",
        re.IGNORECASE,
    )
    for match in np.finditer(sentence):
        name = _clean_name(match.group("np"))
        words = name.split()
        # keep the head and at most three words before it, drop leading verbs/prepositions
        cut = [i for i, w in enumerate(words) if w.lower() in _FUNCTION_WORDS or lex.reporting.fullmatch(w)]
        if cut:
            words = words[cut[-1] + 1 :]
        participle = [i for i, w in enumerate(words) if i > 0 and re.fullmatch(r"[a-z]{3,}ing", w)]
        if participle:
            words = words[: participle[0]]  # "a lawyer representing the families": the name ends at the participle
        article = [i for i, w in enumerate(words) if i > 0 and w.lower() in ("the", "a", "an")]
        if article:  # "Rasht alone the Initiative": the noun phrase starts at its article
            words = words[article[-1] :]
            if _COREF.fullmatch(" ".join(words)):
                start = match.start("np") + match.group("np").rfind(" " + words[0] + " ") + 1
                s.add(start, match.end("np"), _resolve_coref(" ".join(words), memory, sentence[:start]), "the group = last organisation named")
                continue
        name = " ".join(words)
        if re.match(r"(?:its|their)\s+(?:own\s+)?(?:researchers|staff|monitors|team|investigators|analysts|lawyers)$", match.group("np").strip(), re.IGNORECASE) and (memory.get("organisations") or _named_bodies(sentence[: match.start()])):
            here = [o.name for o in s.origins if o.end <= match.start() and o.name] + _named_bodies(sentence[: match.start()])
            s.add(match.start("np"), match.end("np"), here[-1] if here else memory["organisations"][-1], "its researchers = last organisation named")
            continue
        if _FIRST_PERSON.search(name):
            s.add(match.start("np"), match.end("np"), "", "first person: the report itself")
            continue
        if name and name.lower() not in _PRONOUNS and len(words) <= 5:
            s.add(match.start("np") + match.group("np").find(words[0]) if words else match.start("np"), match.end("np"), _resolve_coref(name, memory), "named source + reporting verb")


def _article_phrase_origins(s: _OriginSearch) -> None:
    """"A nurse at one hospital said", "Ali al-Bayati, a commission member, said", "a report compiled by X says"."""
    sentence, lex = s.sentence, s.lex
    heads = "|".join(sorted(lex.heads, key=len, reverse=True))
    article_np = re.compile(rf"(?<![\w-])(?P<np>(?:an?|the)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{heads}))(?![\w-])", re.IGNORECASE)
    for match in article_np.finditer(sentence):
        tail = sentence[match.end() : match.end() + 90]
        place_of = re.match(r"\s+((?:at|in|from)\s+(?:one|a|an|the)\s+[a-z][\w-]*)(?=\s*,?\s+(?:" + lex.reporting.pattern + r"))", tail)
        if place_of:  # "A nurse at one hospital said …"
            s.add(match.start("np"), match.end() + place_of.end(1), _clean_name(match.group("np")) + " " + place_of.group(1),
                  "named source + reporting verb")
            continue
        if re.match(_SPEAKER_TAIL.format(verbs=lex.reporting.pattern, aux=_AUX), tail, re.IGNORECASE):
            name = _clean_name(match.group("np"))
            appositive = re.search(r"((?:[A-Z][\w'’-]+\s+){0,3}[A-Z][\w'’-]+),\s*$", sentence[: match.start("np")])
            if (appositive and appositive.group(1).split()[0] not in _NAME_STOP
                    and appositive.group(1).split()[0].lower() not in _FUNCTION_WORDS | {"in", "on", "at", "by", "during"}):
                s.add(appositive.start(1), appositive.end(1), _canonical(appositive.group(1)), "name + title + reporting verb")
                continue
            by = re.match(r"\s+(?:compiled|prepared|published|written|issued|produced)?\s*by\s+(?P<who>(?:[\w'’-]+\s+){0,4}?[\w'’-]+)(?=\s+(?:" + lex.reporting.pattern + r")\b)", tail, re.IGNORECASE)
            if by and re.search(r"\b(?:report|study|survey|list|count|tally)$", name, re.IGNORECASE):
                s.add(match.end() + by.start("who"), match.end() + by.end("who"), _canonical(_clean_name(by.group("who"))), "report compiled by …")
                continue
            if name.lower() not in _PRONOUNS and not _COREF.fullmatch(match.group("np")):
                s.add(match.start("np"), match.end("np"), _canonical(name), "named source + reporting verb")


def _relatives_and_staff_origins(s: _OriginSearch) -> None:
    """"The families of about 90 detainees say …" (the speaker's noun phrase holds the figure);
    "doctors at two hospitals in Rasht said"."""
    sentence, lex = s.sentence, s.lex
    for match in re.finditer(r"(?P<np>(?:[Tt]he\s+)?(?:[Ff]amilies|[Rr]elatives|[Pp]arents|[Mm]others|[Ll]awyers|[Cc]olleagues))\s+of\s+[^,;]{1,40}?(?<!\sbeen)\s+(?:say|said|told|report|reported|says)\b", sentence):
        s.add(match.start("np"), match.end("np"), _clean_name(match.group("np")), "relatives of … say")
    heads_bare = "|".join(sorted(lex.heads, key=len, reverse=True))
    for match in re.finditer(rf"(?<![\w-])(?P<np>(?-i:[A-Z])?(?:{heads_bare})\s+(?:at|in|from)\s+(?:one|a|an|the|two|three|four|five|six|several|\d+)\s+[a-z][\w-]*(?:\s+in\s+(?-i:[A-Z])[\w'’-]+)?)(?=\s+(?:say|says|said|told|report|reported)\b)", sentence, re.IGNORECASE):
        s.add(match.start("np"), match.end("np"), _clean_name(match.group("np")), "named source + reporting verb")


def _person_name_origins(s: _OriginSearch) -> None:
    """A person's name before a reporting verb: "Faisal Raza Abidi stated", "Hashemian assessed"."""
    sentence, memory, lex = s.sentence, s.memory, s.lex
    person = re.compile(rf"(?P<np>(?:[A-Z][\w'’-]+\s+){{0,4}}[A-Z][\w'’-]+){_AUX}\s*,?\s+(?P<verb>{lex.reporting.pattern})")
    for match in person.finditer(sentence):
        name = match.group("np")
        if re.fullmatch(r"(?:estimates|reports|claims|records|counts|notes|finds|states|says|believe)", match.group("verb"), re.IGNORECASE):
            continue  # "With estimates of …": a noun, not a verb, after a capitalised word
        if re.match(r"\s+by\b", sentence[match.end() :]):
            continue  # "Footage verified by our team": a participle; the agent follows "by"
        if match.group("verb").lower() == "according":
            continue  # "…in the main city, Yangon, according to AAPP": the speaker follows "according to"
        words = name.split()
        while words and (words[0].lower() in _PRONOUNS | {"we", "i", "you"} or words[0] in _NAME_STOP or words[0].lower() in ("the", "a", "an", "in", "on", "by", "as", "at", "but", "and")):
            words.pop(0)
        name = " ".join(words)
        if re.search(r"\b(?:in|at|from|of|to|near|across)\s+$", sentence[: match.start("np") + match.group("np").find(words[0]) if words else match.start("np")]):
            continue  # "witnesses in Ilam described": Ilam is a place, not a speaker
        if len(words) == 1 and sentence[: match.start("np") + match.group("np").find(words[0])].strip() == "" and words[0] not in memory.get("names", ()):
            continue  # a capitalised word opening the sentence is not a name by itself
        if name and name.lower() not in _PRONOUNS and not re.fullmatch(r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Iran|Tehran)", name):
            s.add(match.start("np") + match.group("np").find(name), match.end("np"), _canonical(name), "name + reporting verb")


def _the_group_origins(s: _OriginSearch) -> None:
    """"The group said", "According to the Bureau", "the Bureau's count": the last organisation named."""
    sentence, memory, lex = s.sentence, s.memory, s.lex
    for match in _COREF.finditer(sentence):
        name = _resolve_coref(match.group(0), memory, sentence[: match.start()])
        speaks = re.match(_AUX + r"\s+(?:" + lex.reporting.pattern + r")", sentence[match.end() : match.end() + 40], re.IGNORECASE)
        according = re.search(r"according\s+to\s+$", sentence[max(0, match.start() - 15) : match.start()], re.IGNORECASE)
        if name != match.group(0) and (speaks or according):
            s.add(match.start(), match.end(), name, "the group = last organisation named")
    for match in re.finditer(r"(?<![\w-])[Tt]he\s+(?P<head>[A-Z][\w-]+)['’]s\s+(?:own\s+)?(?:count|tally|figures?|estimate|data|records?|list)\b", sentence):
        name = _resolve_coref("the " + match.group("head"), memory)
        if name.lower() != ("the " + match.group("head")).lower():
            s.add(match.start(), match.end(), name, "the group's count = last organisation named")


def _clause_structure_origins(s: _OriginSearch) -> None:
    """By clause structure, whatever the words: possessors, passive agents, subjects, pronouns."""
    sentence, memory = s.sentence, s.memory
    clauses = possessors(sentence) + agents(sentence) + cited_sources(sentence) + pronoun_speaker(sentence, memory) + subjects(sentence)
    for start, end, name, rule in clauses:
        if _FIRST_PERSON.search(name):
            name, rule = "", "first person: the report itself"
        elif not rule.startswith("pronoun"):
            name = _resolve_coref(name, memory)
        s.add(start, end, name, rule, anywhere=rule.startswith(("possessor", "source in", "per X")))
        if rule == "subject of a reporting verb" and s.origins and s.origins[-1].start == start:
            verb = _speakers_verb(sentence, end)
            s.origins[-1].speaker, s.origins[-1].verb_end = True, verb


def _owned_count_origins(s: _OriginSearch) -> None:
    """Counts a body owns ("its tally", "the figures it collected"): the body named before them."""
    sentence, lex = s.sentence, s.lex
    canonical = {c for _, c, _ in lex.organisations}

    def named_before(offset):
        """Bodies the sentence names before ``offset``, in order: lexicon, "the X Network", origins."""
        text = sentence[:offset]
        spans = [(m.start(), c) for _, c, p in lex.organisations for m in [p.search(text)] if m]
        spans += [(m.start(1), m.group(1).strip()) for m in _BODY.finditer(text)]
        spans += [(o.start, o.name) for o in s.origins if o.end <= offset and o.name
                  and (o.name in canonical or o.name[0].isupper() or _ORGANISATION_WORDS.search(o.name))]
        return [name for _, name in sorted(spans)]

    for start, end, name, rule in owned_counts(sentence, named_before, s.memory):
        s.add(start, end, name, rule, anywhere=True)


def _first_person_origins(s: _OriginSearch) -> None:
    """"we", "our": the report itself, or in an interview's answers the interviewee's organisation."""
    for match in _FIRST_PERSON.finditer(s.sentence):
        if s.memory.get("answering"):
            s.add(match.start(), match.end(), s.memory["answering"], "first person of the one interviewed")
            continue
        s.add(match.start(), match.end(), "", "first person: the report itself")


def _mark_speakers(s: _OriginSearch) -> None:
    """Which origins speak (a reporting verb follows), whether their verb opens a clause ("said that",
    "stated: “"), and "Ali al-Bayati, the commission's spokesman, said" → the named person."""
    sentence, lex = s.sentence, s.lex
    for origin in s.origins:
        tail = sentence[origin.end : origin.end + 120]
        verb = re.match(_SPEAKER_TAIL.format(verbs=lex.reporting.pattern, aux=_AUX), tail, re.IGNORECASE)
        origin.speaker = origin.speaker or bool(verb)
        if origin.rule == "subject of a reporting verb" and origin.verb_end > origin.end:
            rest = sentence[origin.verb_end : origin.verb_end + 120]
            origin.opens = bool(re.match(r"\s*(?:(?:to|on)\s+[^,;]{0,40}?\s+|(?:us|me|him|her|them|reporters|journalists)\s*)?(?:that\b|[\"“:])", rest))
            continue
        origin.verb_end = origin.end + (verb.end() if verb else 0)
        lead = re.search(r"((?:[A-Z][\w'’-]+\s+){0,3}[A-Z][\w'’-]+),\s*(?:the\s+|an?\s+)?$", sentence[: origin.start])
        if (lead and origin.rule == "named source + reporting verb" and lead.group(1).split()[0] not in _NAME_STOP
                and not _DATE_WORD.search(lead.group(1))
                and not re.search(r"\b(?:in|at|from|of|to|near|across|inside|outside)\s+$", sentence[: lead.start(1)])
                and lead.group(1).split()[0].lower() not in _FUNCTION_WORDS | {"in", "on", "at", "by", "during"}
                and (re.match(r"(?:the|an?)\s", sentence[origin.start : origin.start + 4], re.IGNORECASE)
                     or re.search(r",\s*(?:the|an?)\s+$", sentence[: origin.start], re.IGNORECASE))):
            origin.name = _canonical(lead.group(1))
            origin.rule = "name + title + reporting verb"
        rest = tail[verb.end() :] if verb else tail
        origin.opens = bool(re.match(r"\s*(?:(?:to|on)\s+[^,;]{0,40}?\s+|(?:us|me|him|her|them|reporters|journalists)\s*)?(?:that\b|[\"“:])", rest))


#: the steps of :func:`find_origins`, in order: an earlier step's span wins over a later one's
ORIGIN_STEPS = (
    _lexicon_origins, _according_to_origins, _named_source_origins, _article_phrase_origins,
    _relatives_and_staff_origins, _person_name_origins, _the_group_origins, _clause_structure_origins,
    _owned_count_origins, _first_person_origins,
)


def find_origins(sentence: str, memory: dict) -> list[Origin]:
    """Who in a sentence could be the origin of a figure, in order: the :data:`ORIGIN_STEPS` in
    turn, then which of them speak."""
    search = _OriginSearch(sentence, memory, lexicon())
    for step in ORIGIN_STEPS:
        step(search)
    _mark_speakers(search)
    search.origins.sort(key=lambda o: o.start)
    return search.origins


_ORGANISATION_WORDS = re.compile(
    r"\b(?:group|organi[sz]ation|network|monitor|centre|center|committee|bureau|collective|observatory|coalition|"
    r"initiative|project|consortium|association|institute|foundation|campaign|alliance|council|union|agency|"
    r"service|ministry|office|tribunal|court|television|media|channels?|news|state|government|authorities)\b",
    re.IGNORECASE,
)


_BODY = re.compile(
    r"(?:The|the)\s+((?:(?:[A-Z][\w'’-]+|for|of|and|in|on)\s+){1,6}(?:Bureau|Collective|Monitor|Circle|Network|Committee|Centre|"
    r"Center|Observatory|Coalition|Group|Organi[sz]ation|Initiative|Project|Consortium|Association|Institute|Foundation|"
    r"Campaign|Alliance|Council|Union))"
)


def _named_bodies(text: str) -> list[str]:
    """"The Persian Rights Consortium": bodies named by a capitalised name ending in a body word."""
    return [m.group(1).strip() for m in _BODY.finditer(text)]


def _speakers_verb(sentence: str, end: int) -> int:
    """Where the reporting verb after a subject ending at ``end`` ends (0: none found)."""
    from sabt.claims.extract._speakers import REPORTING_VERB

    verb = REPORTING_VERB.search(sentence, end)
    return verb.end() if verb and verb.start() - end <= 40 else 0


def _resolve_coref(name: str, memory: dict, before: str = "") -> str:
    """"the group", "the Network", "the submission": the organisation it stands for.

    ``before`` is the sentence up to the mention: a body named earlier in the same sentence
    ("a researcher with the X Initiative, testified that the organisation had …") is nearer
    than any of earlier sentences.
    """
    authored = memory.get("authors", {}).get(_DETERMINER.sub("", name.strip()).lower())
    if authored:
        return authored
    match = _COREF.fullmatch(name.strip()) or re.fullmatch(r"(group|organi[sz]ation|bureau|collective|monitor|circle|network)", name.strip(), re.IGNORECASE)
    if not match:
        return _canonical(name)
    head = match.group(1).lower()
    here = [c for _, c, p in lexicon().organisations if p.search(before)] + _named_bodies(before)
    for earlier in reversed(memory.get("organisations", []) + here):
        if head in ("group", "organisation", "organization", "ngo") or earlier.lower().endswith(head) or head in earlier.lower():
            return earlier
    return name


def choose_origin(sentence: str, figure: Figure, origins: list[Origin]) -> tuple[str | None, str]:
    before = [o for o in origins if o.end <= figure.start]
    after = [o for o in origins if o.start >= figure.end]
    for origin in before:
        if origin.rule.startswith("possessor") and re.fullmatch(r"['’]s\s+", sentence[origin.end : figure.start]):
            return (origin.name or None), origin.rule  # "the government's 3,117"
    for origin in after:
        gap = sentence[figure.end : origin.start]
        if (origin.rule == "source in parentheses" and ";" not in gap) or (origin.rule == "per X (according to)" and not re.search(r"[;]|\d", gap)):
            return (origin.name or None), origin.rule
        if re.search(r"\bto\s+(?:[a-z]+\s+){0,2}\d", gap):
            continue  # "from the government's 3,117 to more than 30,000 claimed by …": the other figure's
        if re.search(r"\beach\s+(?:\w+\s+)?$|\beach\s+\w+\s+by\s+(?:the\s+)?$", gap, re.IGNORECASE):
            continue  # "4,118 names, each confirmed by two independent sources": how, not who
        if re.search(_CREDITED_BY, gap, re.IGNORECASE) or (
            origin.speaker and not origin.opens and re.search(r",\s*(?:the\s+|their\s+|its\s+|his\s+|her\s+)?$", gap) and not re.search(r"[;:]", gap)
        ):
            return (origin.name or None), origin.rule
    before = [o for o in before if not re.match(r"[^,;]{0,25}(?:,\s+(?:as|while|whereas|but|although|after|when)\b|;)", sentence[max(o.end, o.verb_end) : figure.start])]
    if before:
        openers = [o for o in before if o.opens]
        speakers = [o for o in before if o.speaker]
        if openers:
            # a speaker inside another's "said that …" clause is reported speech, not the origin
            last_opener = openers[-1]
            # … unless the one who says it is a role ("the first witness") and the source inside is a name
            generic = last_opener.rule.startswith("pronoun") or bool(re.match(r"[a-z]", last_opener.name or "a"))
            later = [o for o in speakers if o.start > last_opener.end
                     and (o.opens or (generic and o.name and o.name[0].isupper()) or last_opener.rule.startswith("pronoun"))]
            chosen = later[-1] if later else last_opener
        else:
            chosen = speakers[-1] if speakers else before[-1]
        owners = [o for o in before if o.rule.startswith("its/their") and o.start > chosen.start]
        if owners:
            chosen = owners[-1]  # "… and that its own count … stood at 605": whose count it is
        return (chosen.name or None), chosen.rule
    return None, "no origin named: the report itself"


# ---------------------------------------------------------------------------------------
# places

_FOREIGN = {
    "Syria", "Iraq", "Lebanon", "Afghanistan", "Pakistan", "Yemen", "Basra", "Baghdad", "Karachi",
    "Quetta", "Gilgit", "Parachinar", "Diyala", "Maysan", "Wasit", "Aleppo", "Damascus", "Palmyra",
    "Daraa", "Deir ez-Zor", "Najaf", "Karbala",
}
_NOT_PLACES = {
    "The", "A", "An", "In", "On", "At", "By", "Of", "And", "But", "For", "From", "With", "As", "This",
    "That", "These", "Those", "It", "Its", "Their", "His", "Her", "Between", "During", "Since",
    "Security", "Supreme", "Islamic", "Republic", "Revolutionary", "Guard", "Guards", "Human", "Rights",
    "Iranian", "Iraqi", "Afghan", "Pakistani", "Lebanese", "Kurdish", "Arab", "Shia", "Sunni",
    "Within", "While", "Many", "Some", "Several", "According", "Former", "Chief", "President",
    "Minister", "Council", "Court", "Army", "Police", "Force", "Forces", "Center", "Centre", "Hospital",
    "Prison", "University", "Ward", "Article", "Brigade", "Division", "Organization", "Organisation",
    "Mobilization", "Popular", "General", "Grand", "Bazaar", "News", "Agency", "Monitor", "International",
    "Tribunal", "Reform", "Training", "Imam", "Khomeini", "Reza", "Ali", "Hezbollah", "Quds", "Basij",
    "Children", "Adolescents", "Deaths", "Arrests", "Executions", "Protests", "Key", "Context", "Reporting",
    "Update", "Bulletin", "Page", "Contact", "Separately", "See", "We", "Our", "Members", "Most",
    "Across", "Throughout", "Near", "Outside", "Inside", "Around", "Nationwide", "Elsewhere", "Meanwhile",
    "Also", "Under", "Over", "After", "Before", "Until", "Among", "Beyond", "Along", "Families", "Doctors",
}
_PLACE_WORD = r"[A-Z][\w'’-]+"
_PLACE_SPAN = re.compile(
    rf"{_PLACE_WORD}(?:\s+(?:and|ez|el|al|e)\s+{_PLACE_WORD}|\s+{_PLACE_WORD}){{0,3}}(?:\s+(?:[Pp]rovince|[Cc]ity|[Cc]ounty))?"
)


# "22 children, were killed in …": the comma closes an apposition, the clause goes on
_APPOSITION = re.compile(r"^[^,;:]*,\s*(?=(?:were|was|had|have|has|are|is|all|most|both|many|some)\b)")
_EVENT_WORDS = {"War", "Revolution", "Conflict", "Accord", "Accords", "Agreement", "Convention", "Statute", "Crisis", "Massacre", "Protests", "Uprising"}


def find_places(sentence: str, gazetteer, blocked: list[tuple[int, int]]) -> list[tuple[int, int, str, str | None, str]]:
    """(start, end, name, key, kind) of each place named in a sentence; longest spans first.

    Countries are returned too (kind ``country``) so that "Iran and Iraq" is seen as two
    places, but a claim is never given a country (a national figure has no place).
    """
    found = []
    taken = list(blocked)
    for match in _PLACE_SPAN.finditer(sentence):
        words = list(re.finditer(r"[\w'’-]+", match.group(0)))
        while words and words[0].group(0) in _NOT_PLACES:
            words.pop(0)
        if not words:
            continue
        candidates = []
        for i in range(len(words)):
            if words[i].group(0) in _NOT_PLACES or not words[i].group(0)[0].isupper():
                continue
            if i > 0 and words[i - 1].group(0) not in ("and",) and words[i - 1].group(0)[0].isupper():
                continue  # "Hezbollah Pakistan": inside a longer name
            for j in range(len(words), i, -1):
                last = words[j - 1].group(0)
                if not (last[0].isupper() or last.lower() in ("province", "city", "county")):
                    continue
                rest = [w.group(0) for w in words[j:]]
                if rest and rest[0] in _EVENT_WORDS:
                    continue  # "the Iraq War" is not Iraq
                if re.match(r"\s+(?:neighbou?rhood|street|square|avenue|road|boulevard|quarter)\b", match.string[match.start() + words[j - 1].end() :]):
                    continue  # "the Valiasr neighbourhood": a street or quarter, not the gazetteer's place
                candidates.append((match.start() + words[i].start(), match.start() + words[j - 1].end()))
        for start, end in candidates:
            if any(not (end <= a or start >= b) for a, b in taken):
                continue
            text = sentence[start:end]
            if text in _FOREIGN:
                found.append((start, end, text, None, "foreign"))
                taken.append((start, end))
                continue
            if len(text) < 4:
                continue
            place = gazetteer.resolve(text) if gazetteer is not None else None
            if place is None or re.search(r"'s$|’s$", text):
                continue
            found.append((start, end, text, place.key, place.kind))
            taken.append((start, end))
    found.sort(key=lambda p: p[0])
    return found


def heading_place(sentence: str, places):
    """"Shaib (Maysan province): A crossing …" — the place a labelled paragraph is about."""
    colon = sentence.find(":")
    if colon < 0 or colon > 70:
        return None
    for place in places:
        if place[4] != "country" and place[0] < 5 and re.fullmatch(r"[\s\w,()'’-]*", sentence[place[1] : colon]):
            return place
    return None


_LISTED_PLACE = re.compile(
    r"\s+(?:(?:people|persons|protest[eo]rs|demonstrators|civilians|others|deaths|dead|injured|wounded)\s+)?(?:in|at)\s+"
    r"(?P<name>(?:Al\s+|al-)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})(?=\s*(?:,|\band\b|\.|;|$|[\"”]))"
)


def _written_place(sentence: str, figure: Figure, places):
    """"nine people in Dhi Qar" in a list by place: the name right after the figure, as written, when the
    gazetteer does not know it (rather than a neighbouring place it knows)."""
    match = _LISTED_PLACE.match(sentence, figure.end)
    if not match or any(p[0] <= match.start("name") < p[1] for p in places):
        return None
    return (match.start("name"), match.end("name"), match.group("name"), None, "as written")


def choose_place(sentence: str, figure: Figure, places, next_start: int, prev_end: int, heading=None):
    if heading is not None:
        return heading, "place heading the paragraph"
    written = _written_place(sentence, figure, places)
    if written is not None:
        return written, "place named after the figure, as written (not in the gazetteer)"
    if not places:
        return None, "no place named"
    # "Tehran (18)": the place right before the parenthesis
    for place in places:
        if re.fullmatch(r"\s*\(\s*", sentence[place[1] : figure.start]):
            return (place, "place before (N)") if place[4] != "country" else (None, "national figure")
    pool = []
    for place in places:
        if place[0] >= figure.end:
            gap = sentence[figure.end : place[0]]
            gap = _APPOSITION.sub("", gap)
            if place[0] > next_start or len(gap) > 80 or re.search(r"[—;:,]|\s-\s|\(", gap):
                continue  # a place after the next figure, or after a dash or comma, is not this figure's
        elif place[1] < prev_end:
            continue  # a place before the figure before belongs to that one
        pool.append(place)
    if not pool:
        return None, "no place named"
    following = [p for p in pool if p[0] >= figure.end and re.fullmatch(
        r"[^,;]{0,25}\b(?:in|at)\s+(?:the\s+(?:city|province|town|county)\s+of\s+)?", sentence[figure.end : p[0]])]
    chosen = following[0] if following else min(pool, key=lambda p: min(abs(p[0] - figure.end), abs(figure.start - p[1])))
    # several places joined by "and" or commas: a combined figure has no single place
    for other in places:
        if other is chosen:
            continue
        between = sentence[min(chosen[1], other[1]) : max(chosen[0], other[0])]
        if re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)\s*", between):
            return None, "several places"
    if chosen[4] == "country":
        return None, "national figure"
    return chosen, "nearest place in the sentence"


# ---------------------------------------------------------------------------------------
# dates


def assign_dates(sentence: str, figure: Figure, dates: list[DateMention]):
    """(as_of, period_start, period_end, precision, rule) for a figure from the sentence's dates."""
    as_of = start = end = None
    precision = None
    rules = []
    used = set()
    for index, mention in enumerate(dates):
        if index in used:
            continue
        if re.match(r"\s*\([A-Z][\w .&-]{1,30}\)\s*[-–—]", sentence[mention.end : mention.end + 40]):
            continue  # a dateline ("AHVAZ, Jan 14 (Newswire) -") dates the report, not the events
        if mention.precision == "year" and re.search(r"\b(?:where|when|which|as\s+in|like)\b[^,.;]{0,30}\bthe\s+$", sentence[max(0, mention.start - 45) : mention.start]):
            continue  # "where the 2019 protests were suppressed": another event's year
        lo, hi = sorted((mention.start, figure.start))
        if re.search(r";|,\s+(?:while|whereas|but|up\s+from|down\s+from|and\s+that)\b|\swhile\s", sentence[lo:hi]):
            continue  # "…, while up to 40 remained in custody as of February 2": another clause's date
        before = sentence[max(0, mention.start - 40) : mention.start].lower()
        nxt = dates[index + 1] if index + 1 < len(dates) else None
        between = sentence[mention.end : nxt.start].strip(" ,").lower() if nxt else None  # "September 20, 2022, and …"
        if nxt and re.search(r"\b(?:from|between)\s+$", before) and between in ("to", "and", "-", "–", "until", "through"):
            start, end, precision = mention.first, nxt.last, mention.precision
            used.add(index + 1)
            rules.append("period from … to …")
        elif re.search(r"\b(?:by|as\s+of|as\s+at|until|till|through|up\s+to|(?:week|month|fortnight|days?)\s+to)\s+(?:the\s+)?(?:end\s+of\s+)?$", before):
            as_of = mention.last
            precision = precision or mention.precision
            rules.append("as of (by …)")
        elif re.search(r"\b(?:said|stated|stating|reported|reporting|reports?|announced|confirmed|told|noted|warned|claimed|statement|update)\s+(?:\w+\s+)?on\s+$", before):
            if mention.start > figure.start:
                continue  # a statement date after the figure belongs to another clause
            as_of = mention.last
            precision = precision or mention.precision
            rules.append("as of (statement date)")
        elif re.search(r"\b(?:since|began\s+on|beginning|starting|started\s+on|began)\s+(?:the\s+)?$", before) or re.search(r"\bbegan\s+(?:in|on)\s+$|\bsince\b[^,;.]{0,50}\bon\s+$", before):
            if start is None and min(abs(mention.start - figure.end), abs(figure.start - mention.end)) <= 80:
                start, precision = mention.first, mention.precision  # not "…, following the deadliest weekend since February"
                rules.append("period since …")
        else:
            fronted = mention.start < 45 and mention.start < figure.start
            if fronted and re.search(r"\b(?:said|stated|told|reported|announced|confirmed|claimed|wrote|declared)\b[^.;]{0,60}?\bthat\b", sentence[mention.end : figure.start]):
                as_of = mention.last
                precision = precision or mention.precision
                rules.append("as of (statement date)")
                continue
            near = abs(mention.start - figure.end) <= 60 or abs(figure.start - mention.end) <= 60
            if not near and mention.start > figure.end and mention.start - figure.end <= 100:
                near = not re.search(r"[,;:—]", _APPOSITION.sub("", sentence[figure.end : mention.start]))
            if start is None and end is None and (fronted or near):
                start, end, precision = mention.first, mention.last, mention.precision
                rules.append("period (on/during …)")
    return as_of, start, end, precision, "; ".join(rules) or "no date"
