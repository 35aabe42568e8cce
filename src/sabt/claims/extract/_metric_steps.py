"""Metric steps written from real reporting, as tables where they are tables.

``_rules.assign_metric`` reads the metric from the words around one figure. Real wire and NGO
texts add ways it does not know; each is a named step here, tried in order by
:func:`metric_before` (steps that must win over the general rules) and :func:`metric_after`
(steps for a figure the general rules gave no metric):

* ``vocabulary`` — what the noun right after a figure counts, when it is not a violation of
  the lexicon's kinds ("641 protest-related incidents", "900 criminal cases", "1,000 testimonies",
  "dozens more summoned", "507 persons deprived of liberty");
* ``count subject`` — "the number of victims … who died … has reached 30" counts what its
  subject names;
* ``shared predicate`` — "at least 342 people including 43 children and 26 women have been
  killed": every figure of the list is the subject of the one verb at its end;
* ``noun of`` — "the detention of over 8,600 others", "the injury of 13 protesters".
"""

from __future__ import annotations

import re

# (pattern read on the words right after the figure, metric) — first match wins
VOCABULARY: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), metric) for pattern, metric in (
        (r"^\s*(?:[\w-]+\s+){0,2}?incidents\b", "other"),
        (r"^\s*(?:criminal|court|judicial|legal)\s+cases\b", "other"),
        (r"^\s*(?:[\w-]+\s+){0,1}?testimonies\b", "other"),
        (r"^\s*(?:more\s+|others?\s+|people\s+|persons\s+)?(?:were\s+|had\s+been\s+|have\s+been\s+)?summoned\b", "other"),
        (r"^\s*(?:persons|people|individuals|protesters)\s+(?:were\s+)?deprived\s+of\s+(?:their\s+)?liberty\b", "detained"),
        (r"^\s*(?:[\w-]+\s+){0,2}?(?:remain|remained|are\s+still|were\s+still)\s+(?:in\s+detention|detained|in\s+custody)\b", "detained"),
    )
)

# "113,218 of the people arrested … are still forcibly disappeared": the predicate, not the participle
_PREDICATE_OVER_PARTICIPLE = re.compile(
    r"^\s*of\s+the\s+(?:people|persons|individuals|detainees|protesters)\s+[a-z]+ed\b[^.;]{0,120}?\b(?:are|were|remain(?:ed)?|is)\s+"
    r"(?:still\s+)?(?:forcibly\s+)?(?P<verb>disappeared|missing|detained|in\s+detention|dead|killed)\b",
    re.IGNORECASE,
)
_PREDICATE_METRIC = {"disappeared": "disappeared", "missing": "disappeared", "detained": "detained",
                     "in detention": "detained", "dead": "killed", "killed": "killed"}
# "continued to detain civic activists …, including more than 3,000 persons …, at least 300 members"
_VERB_BEFORE_LIST = re.compile(
    r"\b(?P<verb>detain|arrest|kill|execut|imprison|abduct|disappear)\w*\b[^.;]{0,100}?,\s*including\s+(?:[^.;]{0,160}?,\s*(?:and\s+)?)?$",
    re.IGNORECASE,
)
_LIST_VERB_METRIC = {"detain": "detained", "imprison": "detained", "arrest": "arrested", "kill": "killed",
                     "execut": "executed", "abduct": "disappeared", "disappear": "disappeared"}
# "the number of <…> has reached": what the subject of a count names → the metric
_COUNT_SUBJECT = re.compile(
    r"\b(?:number|toll|tally|count|total)\s+of\s+(?P<np>[^;:]{2,160}?)\s+(?:has\s+|have\s+|had\s+)?"
    r"(?:reached|rose\s+to|risen\s+to|climbed\s+to|increased\s+to|jumped\s+to|stood\s+at|stands\s+at|is|was)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_SUBJECT_CUES: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), metric) for pattern, metric in (
        (r"\b(?:died|dead|deaths?|killed|killings|fatalities|martyrs)\b", "killed"),
        (r"\b(?:injur\w*|wounded)\b", "injured"),
        (r"\b(?:arrest\w*)\b", "arrested"),
        (r"\b(?:detain\w*|detention)\b", "detained"),
        (r"\b(?:executions?|executed)\b", "executed"),
    )
)
# a verb ending a list of figures: "… have been killed", "… were arrested"
_LIST_VERB = re.compile(
    r"^(?P<list>(?:[\s,]|\b(?:people|persons|protesters|demonstrators|civilians|individuals|children|minors|women|men|"
    r"including|and|at\s+least|more\s+than|over|some|about|around|\d[\d,]*|[a-z]+teen|twenty|thirty|forty|fifty)\b)*?)"
    r"\b(?:have|has|had|were|was)\s+(?:also\s+)?(?:been\s+)?(?P<verb>killed|died|arrested|detained|executed|injured|wounded)\b",
    re.IGNORECASE,
)
_NOUN_OF = re.compile(
    r"\b(?P<noun>detention|detentions|injury|injuries|arrests?|killings?|deaths?|executions?)\s+of\s+(?:(?:the|some|at\s+least|over|more\s+than|nearly|around|about)\s+)*$",
    re.IGNORECASE,
)
_NOUN_METRIC = {"detention": "detained", "detentions": "detained", "injury": "injured", "injuries": "injured",
                "arrest": "arrested", "arrests": "arrested", "killing": "killed", "killings": "killed",
                "death": "killed", "deaths": "killed", "execution": "executed", "executions": "executed"}
_VERB_METRIC = {"killed": "killed", "died": "killed", "arrested": "arrested", "detained": "detained",
                "executed": "executed", "injured": "injured", "wounded": "injured"}


def vocabulary(after: str) -> str | None:
    for pattern, metric in VOCABULARY:
        if pattern.match(after):
            return metric
    return None


def count_subject(before: str) -> str | None:
    match = _COUNT_SUBJECT.search(before)
    if not match:
        return None
    for pattern, metric in _SUBJECT_CUES:
        if pattern.search(match.group("np")):
            return metric
    return None


def shared_predicate(after: str) -> str | None:
    match = _LIST_VERB.match(after)
    return _VERB_METRIC[match.group("verb").lower()] if match else None


def noun_of(before: str) -> str | None:
    match = _NOUN_OF.search(before)
    return _NOUN_METRIC[match.group("noun").lower()] if match else None


def metric_before(sentence: str, start: int, end: int) -> tuple[str, str] | None:
    """A metric that wins over the general rules, with its rule name; ``None`` when no step applies."""
    predicate = _PREDICATE_OVER_PARTICIPLE.match(sentence[end : end + 200])
    if predicate:
        return _PREDICATE_METRIC[re.sub(r"\s+", " ", predicate.group("verb").lower())], "the predicate, not the participle (… of the people arrested are disappeared)"
    after = sentence[end : end + 80]
    metric = vocabulary(after)
    if metric:
        return metric, f"vocabulary of real reporting ({after.strip().split(',')[0][:30]})"
    metric = count_subject(sentence[:start])
    if metric:
        return metric, "what the count's subject names (the number of … has reached)"
    return None


def metric_after(sentence: str, start: int, end: int, subject) -> tuple[str, str] | None:
    """A metric for a figure the general rules left without one; ``subject(text, metric)`` adds
    children / security forces as the words right after the figure say."""
    after = sentence[end : end + 160]
    metric = shared_predicate(after)
    if metric:
        head = re.split(r",|\bincluding\b", after, maxsplit=1)[0]
        return subject(head[:40], metric), "the verb at the end of its list (… including … have been killed)"
    metric = noun_of(sentence[:start])
    if metric:
        return subject(after[:40], metric), "the noun before it (the detention of …)"
    listed = _VERB_BEFORE_LIST.search(sentence[:start])
    if listed:
        return subject(after[:40], _LIST_VERB_METRIC[listed.group("verb").lower()]), "the verb before its list (detained …, including …)"
    return None


def subset_subject(after: str, metric: str, subject) -> str:
    """"Of those, 60 were minors": a subset named by its predicate is a subset of children, or of forces."""
    match = re.match(r"\s*(?:were|are|was|had\s+been)\s+(?:all\s+|also\s+)?(?P<np>[\w\s-]{2,40})", after, re.IGNORECASE)
    return subject(match.group("np"), metric) if match else metric
