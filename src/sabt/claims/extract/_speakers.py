"""Who gives a figure, read from the structure of the clause rather than from a word list.

The organisation lexicon and the attribution heads of ``data/lexicon.toml`` name sources
the rules were written from; unseen reports name theirs in other words ("a hospital worker",
"internet monitors", "the respondent State"). These rules find an origin by its grammatical
role, whatever its words:

* the **subject of a reporting verb**: the noun phrase right before "said", "told",
  "estimates" … back to the clause boundary, with its post-modifiers ("head of the judiciary
  in Tehran province") but not a reduced relative ("a lawyer *representing* …");
* a **pronoun subject** ("he said", "they estimate") is the speaker last named in the text;
* a **passive agent** ("more than 30,000 claimed *by* some opposition channels", "the count,
  *by* the volunteer group Names Not Numbers, stands at …");
* a **possessor** of a count or of the people who made it ("the government's 3,117",
  "Amnesty International's latest count", "the group's volunteers").

Each returns ``(start, end, name, rule)`` spans; ``_rules.find_origins`` adds them after the
lexicon rules, so a span a lexicon rule already took is not read twice.
"""

from __future__ import annotations

import re

# a finite reporting verb (not "report" the noun, not "according")
REPORTING_VERB = re.compile(
    r"(?<![\w-])(?:said|says|say|told|tells|stated|states|reported|reports|estimated|estimates|estimate|"
    r"confirmed|confirms|announced|announces|claimed|claims|believe|believes|believed|counted|counts|"
    r"recorded|records|documented|documents|logged|verified|added|adds|noted|notes|warned|warns|"
    r"acknowledged|alleged|allege|alleges|put|puts|wrote|writes|found|finds|insisted|insists|testified|"
    r"admitted|admits|cited|cites|mentioned|(?:spoken|spoke|speak|speaks)\s+of)(?![\w-])",
    re.IGNORECASE,
)
_AUX = re.compile(r"(?:\s+(?:has|have|had|also|later|then|publicly|separately|now|previously|reportedly|further|did|does|do))+\s*$", re.IGNORECASE)
_CLAUSE_START = re.compile(
    r"(?:^|[,;:(\"“”—]|\s[-–]\s|\b(?:that|and|but|while|whereas|when|after|as|because|although|if|which|who|where|so)\s)\s*(?=[^,;:(\"“”—]*$)",
    re.IGNORECASE,
)
_DETERMINERS = re.compile(r"^(?:the|a|an|one|some|several|many|two|three|its|their|this|these|those)\s+", re.IGNORECASE)
_PRONOUNS = {"he": "person", "she": "person", "they": "any", "it": "organisation"}
_NOT_SUBJECTS = re.compile(
    r"^(?:it|this|that|there|which|who|what|he|she|they|we|i|you|no\s+one|nobody|none|everyone|reports?|"
    r"figures?|estimates?|data|statistics|numbers?|footage|video|videos|images?|evidence|records?)$",
    re.IGNORECASE,
)
# where a figure was read, not who gives it ("Six hospitals in Tehran recorded 217 deaths")
_PLACES_OF_RECORD = re.compile(r"\b(?:hospitals?|morgues?|cemeter(?:y|ies)|clinics?|prisons?|courts?)(?:\s+(?:in|at|of)\s+[\w\s'’-]+)?$", re.IGNORECASE)
_NP_WORD = r"[A-Za-z][\w'’.-]*"
_FUNCTION = re.compile(
    r"^(?:was|were|is|are|be|been|being|had|has|have|not|no|did|do|does|would|could|should|will|may|might|"
    r"then|also|later|now|then|who|which|that|and|or|but|if|so|than|as|to|of|in|on|at|by|for|with|from)$",
    re.IGNORECASE,
)


def _trim_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip(" ,;:.\"'“”‘’()-–"))
    return _DETERMINERS.sub("", text).strip()


def _clause_start(head: str) -> int:
    """Where the clause ending ``head`` starts; "and" between two names ("Sistan and Baluchestan") joins."""
    for boundary in reversed(list(_CLAUSE_START.finditer(head))):
        joined = re.search(r"\b[A-Z][\w'’-]*\s+and\s$", head[: boundary.end()]) and re.match(r"[A-Z]", head[boundary.end() :])
        if not joined:
            return boundary.end()
    return 0


def _subject_before(sentence: str, verb_start: int) -> tuple[int, int, str] | None:
    """The noun phrase subject of the verb at ``verb_start``: (start, end, cleaned text)."""
    head = sentence[:verb_start]
    aux = _AUX.search(head)
    if aux:
        head = head[: aux.start()]
    head = head.rstrip()
    if head.endswith(","):
        # "Hengaw, the Kurdish rights group, reports": skip one apposition or participle phrase
        inner = head[:-1]
        comma = inner.rfind(",")
        if comma >= 0 and re.match(r"\s*(?:the|an?|speaking|citing|quoting|who|which|based|writing|in|on|at|after|"
                                   r"during|according|with|through|via|like|including|however|meanwhile|too|also)\b", inner[comma + 1 :], re.IGNORECASE):
            head = inner[:comma]
        else:
            return None  # "… were killed, doctors said" is read by the lexicon rules
    start = _clause_start(head)
    phrase = head[start:]
    inner = list(REPORTING_VERB.finditer(phrase))
    if inner:
        phrase, start = phrase[inner[-1].end() :], start + inner[-1].end()  # "…, said the government had acknowledged"
    relative = re.search(r"\s(?:we|i|they|you)\s", phrase, re.IGNORECASE)
    if relative and relative.start() > 0:
        phrase = phrase[: relative.start()]  # "Lawyers we work with estimate": a relative clause, not the name
    # a reduced relative or participle ends the name: "a lawyer representing detained students"
    words = list(re.finditer(_NP_WORD, phrase))
    if not words or any(ch.isdigit() for ch in phrase):
        return None
    cut = next((w for w in words[1:] if re.fullmatch(r"[a-z]\w+ing", w.group(0)) and w.group(0) not in ("king",)), None)
    if cut is not None:
        phrase = phrase[: cut.start()]
        words = list(re.finditer(_NP_WORD, phrase))
    if not words or len(words) > 8 or _FUNCTION.match(words[-1].group(0)) or _FUNCTION.match(words[0].group(0)):
        return None
    if re.search(r"\b(?:was|were|is|are|had|has|have|been|not)\b", phrase, re.IGNORECASE):
        return None  # a verb inside: not a noun phrase
    if re.search(r"\b(?:no|not|none|nor|never)\b", phrase, re.IGNORECASE):
        return None  # "a figure no independent body has verified": a denial has no source
    text = _trim_name(phrase)
    if not text or _NOT_SUBJECTS.match(text) or _PLACES_OF_RECORD.search(text):
        return None
    first = next((w for w in words if not _DETERMINERS.match(w.group(0) + " ")), words[0])
    return start + first.start(), start + words[-1].end(), text


# forms that are also plural nouns ("initial reports on …", "death toll estimates ranging …"):
# a verb only when a complement follows
_NOUN_TOO = re.compile(r"(?:reports|estimates|claims|counts|records|documents|notes|finds|states|puts|put|estimate|allege|believe)", re.IGNORECASE)
_COMPLEMENT = re.compile(
    r"\s+(?:that\b|the\b|a\b|an\b|at\s+least\b|more\s+than\b|over\b|some\b|about\b|around\b|nearly\b|almost\b|"
    r"up\s+to\b|between\b|as\s+many\b|dozens\b|hundreds\b|thousands\b|\d)",
    re.IGNORECASE,
)


def is_finite_verb(sentence: str, verb: re.Match) -> bool:
    """A reporting verb, not the noun of the same spelling and not an infinitive or participle."""
    if re.match(r"\s+by\b", sentence[verb.end() :]):
        return False  # "footage verified by our team": a participle, the agent follows
    if re.search(r"\b(?:to|the|a|an|its|their|his|her|of|whose|new|latest|official|initial|these|those)\s*$", sentence[: verb.start()], re.IGNORECASE):
        return False
    return not _NOUN_TOO.fullmatch(verb.group(0)) or bool(_COMPLEMENT.match(sentence[verb.end() :]))


def subjects(sentence: str) -> list[tuple[int, int, str, str]]:
    """The subject of every reporting verb of a sentence (pronouns are left to ``pronoun_speaker``)."""
    found = []
    for verb in REPORTING_VERB.finditer(sentence):
        if not is_finite_verb(sentence, verb):
            continue
        subject = _subject_before(sentence, verb.start())
        if subject is not None:
            found.append((*subject, "subject of a reporting verb"))
    return found


_AGENT_VERBS = (
    r"claimed|estimated|reported|counted|verified|documented|recorded|compiled|given|cited|published|"
    r"released|confirmed|logged|tallied|announced|put\s+forward|kept|gathered|collected|issued|provided"
)
_COUNT_NOUNS = r"counts?|tall(?:y|ies)|estimates?|figures?|lists?|records?|database|toll|numbers?|data|statistics|account|reckoning|calculations?"
_AGENT = re.compile(
    rf"(?:(?:{_AGENT_VERBS})|(?:{_COUNT_NOUNS})\s*,?)\s+by\s+(?P<np>(?:[\w'’-]+\s+){{0,6}}?[\w'’-]+?)(?=\s*(?:[,;:.()]|$|\s(?:as\s+of|on|in|since|from|until|and|stands?|shows?|puts?|reached|was|were|is|are|of|at)\b))",
    re.IGNORECASE,
)


def agents(sentence: str) -> list[tuple[int, int, str, str]]:
    """Passive agents and "count by X" agents: (start, end, name, rule)."""
    found = []
    for match in _AGENT.finditer(sentence):
        name = _trim_name(match.group("np"))
        # "the volunteer group Names Not Numbers": the name, not its description
        proper = re.search(r"(?:[A-Z][\w'’-]*(?:\s+(?:of|for|and|in|on|Not)\s+|\s+))*[A-Z][\w'’-]*$", name)
        if proper and proper.start() > 0 and re.match(r"(?:[a-z][\w-]*\s+)+$", name[: proper.start()]):
            name = proper.group(0)
        if re.fullmatch(r"[a-z]+(?<!s)", name):
            continue  # "confirmed by name", "by hand", "by force": a bare singular is a manner, not an agent
        if name and not re.search(r"\d", name):
            found.append((match.start("np"), match.end("np"), name, "passive agent (… by X)"))
    return found


_POSSESSOR = re.compile(
    rf"(?P<np>(?:(?:[Tt]he|[Aa]n?)\s+)?(?:[\w-]+\s+){{0,4}}?[\w-]+)['’]s\s+"
    rf"(?P<what>(?:(?:own|latest|last|new|official|final|updated|running|preliminary|provisional|careful)\s+)*"
    rf"(?:{_COUNT_NOUNS}|volunteers|researchers|monitors|staff|team|investigators|documentation|analysis)\b|(?=(?:at\s+least\s+|more\s+than\s+|some\s+|over\s+)?\d))"
)


_PARENTHETICAL = re.compile(r"\((?:sources?|via|per|credit)\s*:\s*(?P<np>[^()]{2,60})\)", re.IGNORECASE)
_PER = re.compile(r"(?<![\w-])per\s+(?P<np>(?!cent\b|capita\b|day\b|week\b|month\b|year\b|hour\b|person\b|head\b)(?:[\w'’-]+\s+){0,4}?[\w'’-]+)(?=\s*(?:[,;:.()]|$))", re.IGNORECASE)


def cited_sources(sentence: str) -> list[tuple[int, int, str, str]]:
    """"(source: two nurses)", "~1,200 across the province per local lawyers": (start, end, name, rule)."""
    found = []
    for match in _PARENTHETICAL.finditer(sentence):
        found.append((match.start("np"), match.end("np"), _trim_name(match.group("np")), "source in parentheses"))
    for match in _PER.finditer(sentence):
        found.append((match.start("np"), match.end("np"), _trim_name(match.group("np")), "per X (according to)"))
    return found


def possessors(sentence: str) -> list[tuple[int, int, str, str]]:
    """"the government's 3,117", "Amnesty International's latest count": (start, end, name, rule)."""
    found = []
    for match in _POSSESSOR.finditer(sentence):
        np_text = match.group("np")
        words = np_text.split()
        # only the noun phrase: drop words before a determiner or a preposition inside the span
        for i in range(len(words) - 1, -1, -1):
            if words[i].lower() in ("the", "a", "an", "from", "to", "of", "by", "in", "at", "with", "and", "that", "on"):
                words = words[i:]
                break
        text = _trim_name(" ".join(words))
        if not text or re.search(r"\d", text) or text.lower() in ("city", "country", "nation", "province", "region", "world", "year", "week", "month", "day"):
            continue
        start = match.start("np") + np_text.find(words[0])
        found.append((start, match.end("np"), text, "possessor of the count (X's …)"))
    return found


_OWNED = re.compile(r"(?<![\w-])(?P<pronoun>its|their)\s+(?:own\s+|latest\s+|last\s+|new\s+)*(?:count|number|figure|tally|estimate|total|data|records?|list)\b", re.IGNORECASE)


def owned_counts(sentence: str, named_before, memory: dict) -> list[tuple[int, int, str, str]]:
    """"its own count", "their number": the first body the sentence names, else the speaker last named.

    ``named_before(offset)`` gives the names the sentence gives before ``offset``, in order.
    """
    found = []
    for match in _OWNED.finditer(sentence):
        names = named_before(match.start())
        if names:
            name = names[0]
        elif memory.get("speakers"):
            name = memory["speakers"][-1][0]
        else:
            continue
        found.append((match.start("pronoun"), match.end("pronoun"), name, f"its/their count = {name}"))
    return found


def pronoun_speaker(sentence: str, memory: dict) -> list[tuple[int, int, str, str]]:
    """"he said", "they estimate": the speaker last named in the text (``memory['speakers']``)."""
    found = []
    for verb in REPORTING_VERB.finditer(sentence):
        if not is_finite_verb(sentence, verb):
            continue
        before = sentence[: verb.start()]
        aux = _AUX.search(before)
        if aux:
            before = before[: aux.start()]
        pronoun = re.search(r"(?<![\w-])(he|she|they|it)\s*$", before, re.IGNORECASE)
        if not pronoun:
            continue
        kind = _PRONOUNS[pronoun.group(1).lower()]
        for name, is_organisation in reversed(memory.get("speakers", [])):
            head = re.split(r"\s+(?:of|for|in|at|from|with|inside)\s+", name)[0].split()[-1]
            plural = head.lower().endswith("s") and not is_organisation
            if kind == "any" or (kind == "organisation" and is_organisation) or (kind == "person" and not is_organisation and not plural):
                found.append((pronoun.start(1), pronoun.end(1), name, f"pronoun '{pronoun.group(1)}' = the speaker last named"))
                break
    return found
