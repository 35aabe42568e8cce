"""The whole report: the sentence rules of ``_rules.py`` run in order, with what the text so far says.

A sentence alone does not say everything a figure needs. What came before does: who spoke
last ("he said"), whose document "the submission" is, whose voice an interview's "A:" is,
who the report's own author is, what the paragraph is counting, which table a row belongs
to, whether a quotation is still open. This module keeps that memory while it walks the
sentences, and hands each figure to the sentence rules.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sabt.claims.extract._dates import YearContext, find_dates
from sabt.claims.extract._metric_steps import metric_after, metric_before, subset_subject
from sabt.claims.extract._model import ProposedClaim
from sabt.claims.extract._rules import (
    _BODY,
    _FOOTNOTE,
    _ORGANISATION_WORDS,
    _PASSIVE_METRICS,
    _PHONE,
    _TESTIMONY,
    _TIME,
    _URL,
    Origin,
    _canonical,
    _first_cue,
    _subject,
    assign_dates,
    assign_metric,
    choose_origin,
    choose_place,
    find_figures,
    find_origins,
    find_places,
    heading_place,
    lexicon,
    sentence_metric,
    sentences,
)
from sabt.claims.extract._tables import Table, cells, column_metric, read_header

# ---------------------------------------------------------------------------------------
# what the text so far says

def _quote_balance(text: str) -> int:
    """Quotations opened and not closed in ``text`` (curly quotes, or an odd number of straight ones)."""
    return text.count("“") - text.count("”") + text.count('"') % 2


def open_quotation(sentence: str, origins: list[Origin], speaker: str | None) -> str | None:
    """Who speaks the next sentence, when a quotation runs on past this one.

    'The governor said: "Order has been restored. Only 12 people were hurt."' — the second
    sentence has no speaker of its own; it is still the governor's. A closing quote ends it.
    """
    if speaker is not None:
        return speaker if _quote_balance(sentence) <= 0 and not re.search(r"[”\"]", sentence) else None
    for origin in reversed(origins):
        if origin.opens and origin.name and _quote_balance(sentence[origin.verb_end :]) > 0:
            return origin.name
    return None


def remember_speakers(sentence: str, origins: list[Origin], memory: dict) -> None:
    """Keep who spoke, for a later "he said" / "they estimate" / "the group's volunteers".

    A name is an organisation when the lexicon knows it or its own words say so ("the
    volunteer group Names Not Numbers"); otherwise a person or a body of people.
    """
    canonical = {c for _, c, _ in lexicon().organisations}
    for origin in origins:
        if not origin.name or origin.rule.startswith("first person"):
            continue
        raw = sentence[origin.start : origin.end]
        described = re.search(r"\b(?:the|a|an)\s+(?:[\w-]+\s+){0,2}(?:group|organi[sz]ation|network|collective|monitor|ngo)\s+" + re.escape(origin.name) + r"\b", sentence)
        organisation = origin.name in canonical or bool(_ORGANISATION_WORDS.search(origin.name)) or bool(described)
        memory.setdefault("speakers", []).append((origin.name, organisation))
        if organisation and (described or origin.name not in memory["organisations"]) and not _ORGANISATION_WORDS.fullmatch(origin.name):
            memory["organisations"].append(origin.name)
        del raw


_OWN_AUTHOR = re.compile(
    r"\b(?:Issued|Compiled|Published|Prepared|Produced|Written|Maintained)\b[^.\n]{0,60}?\bby\s+(?:the\s+)?"
    r"(?P<who>(?:[A-Z][\w'’-]*\s+(?:(?:of|for|and|in|on)\s+)?){0,7}[A-Z][\w'’-]*)"
)


def own_author(text: str) -> str | None:
    """"Issued 18 February 2026 by the Hormoz Humanitarian Desk" in the first lines: who the report is by."""
    match = _OWN_AUTHOR.search("\n".join(text.splitlines()[:4]))
    return _canonical(match.group("who")) if match else None


def interview_turn(sentence: str, line_start: bool, memory: dict) -> None:
    """Follow "Q:" / "A:" turns: in an answer, "we" is the organisation of the one interviewed.

    That organisation is the one the text last named before its first question ("Our interviewee
    coordinates the volunteers of the X Project").
    """
    if not line_start:
        return
    turn = re.match(r"\s*(Q|A|Question|Answer)\s*:", sentence)
    if turn is None:
        memory["answering"] = None
        return
    if turn.group(1) in ("Q", "Question"):
        if "interviewee" not in memory:
            memory["interviewee"] = (memory.get("organisations") or [None])[-1]
        memory["answering"] = None
    else:
        memory["answering"] = memory.get("interviewee")


_AUTHORED = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Oo]ur)\s+(?P<doc>submission|report|application|complaint|petition|filing|letter|statement|study|"
    r"survey|brief|briefing|communication|dossier|list|database|appeal|tally|count)\s+(?:is|was|has\s+been|had\s+been)\s+"
    r"(?:\w+\s+)?(?:made|submitted|filed|written|published|issued|prepared|compiled|presented|sent|lodged|kept|maintained|"
    r"produced|released)\s+by\s+(?:the\s+)?(?P<who>(?:[A-Z][\w'’-]*\s+(?:(?:of|for|and|in|on)\s+)?){0,7}[A-Z][\w'’-]*)"
)


def remember_authors(sentence: str, memory: dict) -> None:
    """"The submission is made by the Caspian Legal Aid Network": later "according to the submission" is theirs."""
    for match in _AUTHORED.finditer(sentence):
        memory.setdefault("authors", {})[match.group("doc").lower()] = _canonical(match.group("who"))




_ESTIMATES = re.compile(r"\b(?:estimates?|figures?|tolls?|counts?|tall(?:y|ies)|totals?|rang(?:e|es|ing))\b", re.IGNORECASE)
_TOPICS = ("killed", "injured", "arrested", "detained", "disappeared", "executed")


def _header_metric(cell: str) -> str | None:
    """"Killed", "Injured", "Arrests", "Children detained": the metric a table column counts."""
    lex = lexicon()
    if len(cell.split()) > 3 or not re.fullmatch(r"[A-Za-z][\w\s'’-]*", cell.strip()):
        return None
    cue = _first_cue(cell, [(m, p) for m, p in lex.metric_nouns + lex.metric_verbs if m in _PASSIVE_METRICS])
    return _subject(cell, cue[0]) if cue else None


def next_table(sentence: str, figures, table: Table | None, caption: list[Origin]) -> Table | None:
    """The table a line opens (a header) or continues (a row); ``None`` once a line is neither."""
    if not figures:
        metrics = read_header(sentence, _header_metric)
        if metrics:
            named = [o for o in caption if o.name or o.rule.startswith("first person")]
            return Table(metrics, named[-1].name or None if named else None, named[-1].rule if named else "no origin named")
        return None
    if table is not None and len(cells(sentence)) == len(table.metrics) + 1:
        return table
    return None


_PROXY = re.compile(r"\s+(?:(?:unique|named|confirmed|verified|new)\s+)?(?:names|cases|records|entries)\b", re.IGNORECASE)
_COUNT_WORD = re.compile(r"\b(?:figure|number|count|tally|toll|total)\b[^.;]{0,30}$", re.IGNORECASE)


def _last_cue(sentence: str) -> str | None:
    """The metric of the last cue word of a sentence ("how many deaths …" → killed)."""
    lex = lexicon()
    cue = None
    for metric, pattern in lex.metric_verbs + lex.metric_nouns:
        if metric in _TOPICS:
            for match in pattern.finditer(sentence):
                if cue is None or match.start() > cue[1]:
                    cue = (metric, match.start())
    return cue[0] if cue else None


def paragraph_topic(text: str, s_start: int, s_end: int, topic: str | None) -> str | None:
    """The metric a paragraph last spoke of, carried to its next sentences; a blank line ends it.

    "No one knew how many had died. The estimates range from the government's 3,117 to more
    than 30,000": the second sentence counts what the first one spoke of.
    """
    if s_start > 0 and re.search(r"\n\s*\n\s*$", text[:s_start]):
        topic = None
    ends_paragraph = re.match(r"[ \t]*\n\s*\n", text[s_end : s_end + 20]) or s_end >= len(text.rstrip())
    if ends_paragraph:
        return None
    return _last_cue(text[s_start:s_end]) or topic


_SUBSET_WHOLE = {"killed": "killed", "dead": "killed", "injured": "injured", "wounded": "injured",
                 "arrested": "arrested", "detained": "detained", "executed": "executed"}
_INCLUSION = r"\s*(?:[\w-]+\s+){0,2}?[\w-]*,\s*including\s*"
_COMPARED = r"\s*(?:[^\s,;]+\s+){0,12}?[^\s,;]*,?\s*(?:up|down)\s+from\s+"
_COORDINATED = r"\s*(?:[\w-]+\s+){0,4}?(?:,\s*(?:and\s+)?|and\s+)(?:that\s+)?(?:[a-z]+(?:ing|ed)\s+)?(?:(?:an?\s+)?(?:additional|further|another)\s+)?"


@dataclass
class _Reading:
    """What the walk through the report carries from one sentence to the next."""

    line_heading: tuple = (None, None)  # (line start, place)
    section_metric: str | None = None  # the metric a heading line ("Arrests by city:") names, for "Karaj: 1,720" lines
    topic: str | None = None  # the last metric the paragraph spoke of ("no one knew how many had died")
    quoting: str | None = None  # the speaker whose quotation is still open ('He said: "… . More than 40 …"')
    table: Table | None = None  # the table whose rows are being read
    doc_topic: str | None = None  # the last metric the text spoke of, across paragraphs
    line_label: tuple = (None, None)  # (line start, metric) of a line labelled "Deaths: …", "Arrests: …"
    label_metric: str | None = None
    caption: list = field(default_factory=list)  # who the line before named, for a table header after it
    previous_sentence_metric: str | None = None


@dataclass
class _Sentence:
    """One sentence being read: its text, where it is, and what was found in it."""

    text: str
    start: int
    end: int
    dates: list
    figures: list
    origins: list
    places: list = field(default_factory=list)
    list_metric: str | None = None
    heading: str | None = None


def _proper_names(text: str, spans) -> set[str]:
    """Capitalised words inside sentences (not at their start): names the text uses."""
    names = set()
    for s_start, s_end in spans:
        for match in re.finditer(r"(?<=[a-z,;] )[A-Z][a-z][\w'’-]*", text[s_start:s_end]):
            names.add(match.group(0))
    return names


def _masked(sentence: str, dates) -> list[tuple[int, int]]:
    """Spans no figure may come from: dates, phone numbers, times of day, URLs, footnote markers."""
    masked = [(d.start, d.end) for d in dates]
    for pattern in (_PHONE, _TIME, _URL, _FOOTNOTE):
        masked += [(m.start(), m.end()) for m in pattern.finditer(sentence)]
    return masked


def _not_places(sentence: str, origins) -> list[tuple[int, int]]:
    """Spans where a place name is part of who speaks, not where the figure is."""
    blocked = []
    for o in origins:
        text_of = sentence[o.start : o.end]
        if o.rule == "first person: the report itself" or re.fullmatch(r"[A-Z][\w'’-]+(?:\s+[a-z][\w'’-]*)+", text_of):
            continue
        # "Doctors at three hospitals in Rasht", "the governor of Sistan and Baluchestan province": a place
        cut = re.search(r"\s(?:in|at|of)\s+(?:the\s+)?(?=[A-Z])", text_of)
        blocked.append((o.start, o.start + cut.start() if cut else o.end))
    # a place inside an organisation's name ("Kurdistan Human Rights Network") is not the figure's
    blocked += [(m.start(), m.end()) for _, _, p in lexicon().organisations for m in p.finditer(sentence)]
    return blocked


def _read_line(state: _Reading, text: str, here: _Sentence, gazetteer) -> None:
    """Places of a sentence with figures, and what its line's heading or label says."""
    here.places = find_places(here.text, gazetteer, _not_places(here.text, here.origins))
    here.list_metric = sentence_metric(here.text)
    line_start = text.rfind("\n", 0, here.start) + 1
    if line_start == here.start:
        state.line_heading = (line_start, heading_place(here.text, here.places))
        label = re.match(r"\s*(?:\d+\s*/\s*|[-•*]\s*)?([A-Z][\w'’ -]{1,30}):\s", here.text)
        state.line_label = (line_start, _header_metric(label.group(1)) if label else None)
    here.heading = state.line_heading[1] if state.line_heading[0] == line_start == here.start else None
    state.label_metric = state.line_label[1] if state.line_label[0] == line_start else None


def _subset_of(sentence: str, previous_metric: str | None) -> str | None:
    """"Of these, …" / "Of those killed, …": the metric of the whole a subset is taken from."""
    subset = re.match(r"\s*(?:of|among)\s+(?:these|them|those)(?:\s+(?P<whole>killed|dead|injured|wounded|arrested|detained|executed))?\b",
                      sentence, re.IGNORECASE)
    # "Of those killed, 32 were children": the whole the subset is of, when the sentence names it
    return (_SUBSET_WHOLE.get((subset.group("whole") or "").lower()) or previous_metric) if subset else None


def _figure_metric(state: _Reading, here: _Sentence, figure, prev, prev_metric, next_start, subset_of, column):
    """The metric of one figure: the steps of real reporting, the sentence rules, then what the line,
    table, section, paragraph or text around it counts. ``(None, rule)`` when it is not a claim."""
    sentence = here.text
    metric, metric_rule = metric_before(sentence, figure.start, figure.end) or assign_metric(
        sentence, figure, prev, prev_metric, next_start, here.list_metric, subset_of, state.previous_sentence_metric)
    if metric and metric_rule.startswith("subset of the figure before"):
        metric = subset_subject(sentence[figure.end :], metric, _subject)
    if metric is None:
        metric, metric_rule = metric_after(sentence, figure.start, figure.end, _subject) or (None, metric_rule)
    if state.label_metric and (metric is None or metric_rule == "noun after figure (personnel)"):
        metric, metric_rule = state.label_metric, "the label of its line (Deaths: …)"
    if column:
        metric, metric_rule = column, "column of a table whose header names the metric"
    if metric is None and state.section_metric and re.fullmatch(r"\s*[A-Z][\w'’ -]{1,40}:\s*", sentence[: figure.start]) and not sentence[figure.end :].strip(" ."):
        metric, metric_rule = state.section_metric, "line under a heading that names the metric"
    if metric is None and state.topic and _ESTIMATES.search(sentence) and not figure.vague:
        metric, metric_rule = state.topic, "what the paragraph is counting (estimates of …)"
    counted = state.topic or state.doc_topic
    if counted and not figure.vague and (
        (metric is None and (_PROXY.match(sentence[figure.end :]) or _COUNT_WORD.search(sentence[: figure.start])))
        or (metric_rule == "noun after figure (personnel)" and _COUNT_WORD.search(sentence[: figure.start]))
    ):
        # "we have 4,118 names", "their number includes 380 members of the security forces"
        metric, metric_rule = _subject(sentence[figure.end : figure.end + 40], counted), "what the text is counting (names, figure, number)"
    return metric, metric_rule


def _figure_origin(state: _Reading, memory: dict, here: _Sentence, figure, column):
    """Who gives one figure, as far as the sentence and what the text said before tell."""
    attributed_to, origin_rule = choose_origin(here.text, figure, here.origins)
    if attributed_to and memory["self"] and (attributed_to == memory["self"] or memory["self"].endswith(" " + attributed_to)):
        attributed_to, origin_rule = None, "the report's own author"  # "the Desk recorded", in the Desk's report
    if column and state.table.origin_rule:
        attributed_to, origin_rule = state.table.origin, "the caption of the table: " + state.table.origin_rule
    if attributed_to is None and origin_rule.startswith("no origin") and state.quoting:
        attributed_to, origin_rule = state.quoting, "inside the quotation of the speaker before"
    if attributed_to is None and origin_rule.startswith("no origin") and memory.get("answering"):
        attributed_to, origin_rule = memory["answering"], "an answer of the one interviewed"
    return attributed_to, origin_rule


def _shared_with_previous(claims, sentence, prev, figure, place, place_rule, dated, attributed_to, origin_rule):
    """Coordinated figures ("more than 5,000 deaths and 4,000 wounded") share place, dates and source."""
    as_of, start, end, precision = dated
    gap = sentence[prev.end : figure.start] if prev is not None else ""
    if prev is not None and claims and (re.fullmatch(_COORDINATED, gap) or re.fullmatch(_COMPARED, gap)):
        last = claims[-1]
        if last.place is not None and place is None:
            place = (None, None, last.place, last.place_key, "shared")
            place_rule = "shared with the figure before"
        if (as_of, start, end) == (None, None, None) and not re.fullmatch(_COMPARED, gap):
            as_of, start, end, precision = last.as_of, last.period_start, last.period_end, last.date_precision
        if re.fullmatch(_COMPARED, gap) and attributed_to is None:
            attributed_to = last.attributed_to
    if (prev is not None and claims and attributed_to is None and origin_rule.startswith("no origin")
            and re.search(r"(?:,\s*|\s)(?:and|along\s+with|as\s+well\s+as|together\s+with|plus)\s+(?:an?\s+|another\s+|further\s+)?$", gap)
            and not re.search(r"[;:]", gap)):
        # "at least 310 deaths …, according to a tally kept by X, along with more than 4,000 arrests"
        attributed_to, origin_rule = claims[-1].attributed_to, "shared with the figure before"
    return place, place_rule, (as_of, start, end, precision), attributed_to, origin_rule


def _share_back(claims, sentence, prev, figure) -> None:
    """The figure before a coordinated or included one takes its place and dates when it had none."""
    gap = sentence[prev.end : figure.start] if prev is not None else ""
    if prev is None or len(claims) < 2 or not (re.fullmatch(_COORDINATED, gap) or re.fullmatch(_INCLUSION, gap)):
        return
    first, second = claims[-2], claims[-1]
    if (first.place is None and second.place is not None and second.rules["place"] != "shared with the figure before"
            and not re.fullmatch(_INCLUSION, gap)):  # "30 people, including eight in Baghdad": the total is not Baghdad's
        first.place, first.place_key = second.place, second.place_key
        first.rules["place"] = "shared with the figure after"
    if (first.as_of, first.period_start, first.period_end) == (None, None, None):
        first.as_of, first.period_start, first.period_end = second.as_of, second.period_start, second.period_end
        first.date_precision = second.date_precision


def _remember(state: _Reading, memory: dict, text: str, here: _Sentence) -> None:
    """After a sentence: what the next ones need of it (topics, headings, speakers, tables, quotations)."""
    sentence = here.text
    state.topic = paragraph_topic(text, here.start, here.end, state.topic)
    state.doc_topic = _last_cue(sentence) or state.doc_topic
    if sentence.rstrip().endswith(":") and not here.figures:
        state.section_metric = sentence_metric(sentence)
    for spelling, canonical, pattern in lexicon().organisations:
        if pattern.search(sentence):
            memory["organisations"].append(canonical)
    remember_speakers(sentence, here.origins, memory)
    remember_authors(sentence, memory)
    state.table = next_table(sentence, here.figures, state.table, state.caption)
    state.caption = here.origins
    state.quoting = open_quotation(sentence, here.origins, state.quoting)
    listed = [m.span() for _, _, pattern in lexicon().organisations for m in pattern.finditer(sentence)]
    memory["organisations"].extend(  # "the Assistance Association for Political Prisoners" is AAPP, not "Assistance Association"
        m.group(1).strip() for m in _BODY.finditer(sentence) if not any(a < m.end(1) and m.start(1) < b for a, b in listed))


def _read_sentence(state: _Reading, memory: dict, text: str, s_start: int, s_end: int, years, gazetteer) -> _Sentence:
    sentence = text[s_start:s_end]
    years.learn(sentence)
    interview_turn(sentence, text.rfind("\n", 0, s_start) + 1 == s_start, memory)
    dates = find_dates(sentence, years)
    figures = find_figures(sentence, _masked(sentence, dates))
    origins = find_origins(sentence, memory)
    figures = [f for f in figures if not any(o.start <= f.start and f.end <= o.end and o.name for o in origins)]
    here = _Sentence(sentence, s_start, s_end, dates, figures, origins)
    if figures:
        _read_line(state, text, here, gazetteer)
    return here


def extract(text: str, default_year: int | None, report_date: dt.date | None, gazetteer) -> list[ProposedClaim]:
    """Every claim of ``text``: each sentence read in turn, with what the text before it said."""
    lex = lexicon()
    years = YearContext(default_year, report_date)
    spans = sentences(text)
    memory: dict = {"organisations": [], "names": _proper_names(text, spans), "self": own_author(text)}
    state = _Reading()
    claims: list[ProposedClaim] = []
    for s_start, s_end in spans:
        here = _read_sentence(state, memory, text, s_start, s_end, years, gazetteer)
        sentence = here.text
        prev = prev_metric = None
        subset_of = _subset_of(sentence, state.previous_sentence_metric)
        for i, figure in enumerate(here.figures):
            next_start = here.figures[i + 1].start if i + 1 < len(here.figures) else len(sentence)
            if _TESTIMONY.search(sentence):
                continue  # one person's account of their own treatment: not a tally
            column = column_metric(sentence, figure.start, figure.end, state.table)
            metric, metric_rule = _figure_metric(state, here, figure, prev, prev_metric, next_start, subset_of, column)
            if metric is None:
                continue
            attributed_to, origin_rule = _figure_origin(state, memory, here, figure, column)
            place, place_rule = choose_place(sentence, figure, here.places, next_start, 0 if column else prev.end if prev else 0,
                                             here.heading)
            as_of, start, end, precision, date_rule = assign_dates(sentence, figure, here.dates)
            place, place_rule, (as_of, start, end, precision), attributed_to, origin_rule = _shared_with_previous(
                claims, sentence, prev, figure, place, place_rule, (as_of, start, end, precision), attributed_to, origin_rule)
            claims.append(ProposedClaim(
                metric=metric, low=figure.low, best=figure.best, high=figure.high, qualifier=figure.qualifier,
                as_of=as_of, period_start=start, period_end=end, date_precision=precision,
                place=place[2] if place else None, place_key=place[3] if place else None,
                attributed_to=attributed_to,
                quote=sentence, quote_start=s_start, quote_end=s_end,
                value_text=figure.text, value_start=s_start + figure.start, value_end=s_start + figure.end,
                rules={"metric": metric_rule, "attribution": origin_rule, "place": place_rule,
                       "dates": date_rule, "lexicon": lex.version},
            ))
            _share_back(claims, sentence, prev, figure)
            prev, prev_metric = figure, metric
        if prev_metric:
            state.previous_sentence_metric = prev_metric
        _remember(state, memory, text, here)
    return claims
