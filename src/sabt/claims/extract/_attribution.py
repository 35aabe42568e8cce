"""Who is speaking, across the whole report: the document-level pass over attribution.

The sentence rules (``_rules.py``, ``_speakers.py``) name an origin from one sentence. Real
reporting spreads it over the text: the organisation credited in the headline ("…: Rights
group") or introduced in the first sentence speaks for the paragraphs after it; it is then
"the group", "the Oslo-based organisation", "the commission"; a wire story says who spoke at the
end of the sentence ("…, IHR said on Monday") or relays a party through an outlet ("media
reported, citing the Interior Ministry"); a person is named in full once and then by title or
surname ("The General stated", "Bayati said"). This pass walks the proposed claims in text
order and applies, for each claim, these steps in turn:

1. ``canonical`` — a name or part of one the organisation list knows → its short name;
2. ``referent`` — a descriptor ("the group", "the Oslo-based organisation", "a rights group")
   → the organisation it stands for (named before it; else the one the next lines name);
3. ``person`` — a title or surname → the full name written before it;
4. ``citing`` — "X reported, citing Y" → Y is the origin, X the channel;
5. ``trailing speaker`` — ", the Oslo-based group IHR said on Monday." ending the sentence;
6. ``headline credit`` — a figure in the headline → the headline's credit, else the first
   organisation the body cites;
7. ``continuation`` — a figure with no origin in the sentence right after one whose figures
   had a named origin (a sentence without figures in between keeps it, unless it dates a new
   event or names someone else) → that origin;
8. ``publisher`` — the report's own publisher named in the third person → the report itself;
9. ``headline as body`` — a headline figure equal to a body figure takes the body's dates (and
   its source when the headline names none).

Each step that changes a claim records itself in ``claim.rules["attribution"]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sabt.claims.extract._model import ProposedClaim
from sabt.claims.extract._organisations import Mention, Organisations

_ARTICLE = re.compile(r"^(?:the|a|an|this|that|its|their|one)\s+", re.IGNORECASE)
_DESCRIPTOR = re.compile(
    r"^(?:(?:[\w-]+['’]s)\s+)?(?:(?:[a-z][\w-]*['’]?|[\w.-]+-based)\s+){0,3}?(?:group|organi[sz]ation|watchdog|commission|ngo|body|"
    r"monitor|network|collective|committee|cent(?:re|er)|agency|mission|office)$|^(?:report|review|statement)$",
)
_TITLES = ("General", "Minister", "Commander", "Colonel", "Brigadier", "President", "Prosecutor", "Governor",
           "Spokesman", "Spokesperson", "Director", "Ambassador", "Senator", "Judge")
_REPORTING = r"(?:said|says|say|reported|reports|wrote|writes|added|announced|stated|confirmed|noted|told)"
_TRAILING = re.compile(
    r"[,—–][\"”]?\s+(?P<who>[^,;:\"“”]{2,120}?(?:,[^,;:\"“”]{2,100},)?)\s+" + _REPORTING + r"\b(?P<tail>[^.;\"“”]{0,80})[.\"”]*\s*$",
    re.IGNORECASE,
)
_TRAILING_INVERTED = re.compile(
    r"[,—–][\"”]?\s+(?:said|says|reported|added|according\s+to)\s+(?P<who>(?:the\s+|a\s+|an\s+)?[^,;:\"“”]{2,80}?)\s*[.\"”]*\s*$",
    re.IGNORECASE,
)
# words the sentence rules can take for a speaker that are not one ("Amnesty on Monday said", "so far have confirmed")
_NOT_SPEAKERS = re.compile(
    r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|far|now|today|yesterday|tonight|recently|earlier|later|"
    r"also|then|January|February|March|April|May|June|July|August|September|October|November|December)$",
    re.IGNORECASE,
)
_CITING = re.compile(
    r"(?P<channel>\b[\w'’-]+(?:\s+[\w'’-]+){0,3}?)\s+" + _REPORTING + r",?\s+citing\s+(?:the\s+)?(?P<cited>[^,;]+?)(?=,|\s+that\b|\s*$)",
    re.IGNORECASE,
)
_HEADLINE_CREDIT = (
    re.compile(r":\s*(?P<who>[^:]{2,60}?)\s*$"),
    re.compile(r"^(?P<who>[^:–—]{2,60}?)\s*[:–—]\s"),
    re.compile(r"\b(?:says|say|reports|warns)\s+(?P<who>[^,:]{2,60}?)\s*$", re.IGNORECASE),
    re.compile(r"^(?P<who>[^,:]{2,60}?)\s+(?:says|say|reports)\b", re.IGNORECASE),
)
_NEW_EVENT = re.compile(
    r"\b(?:\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}|"
    r"\b(?:19|20)\d\d\b)",
)


@dataclass
class _Walk:
    """What the walk through the report knows so far."""

    text: str
    orgs: Organisations
    mentions: list[Mention]
    headline_end: int
    publisher: str | None
    current: str | None = None  # who the last sentence with figures quoted
    current_end: int = 0  # where that sentence ended
    credit: str | None = None  # who the headline says the whole text is by ("… review by Viasna HRC")


def _clean(name: str) -> str:
    return _ARTICLE.sub("", name.strip(" ,.;:\"'“”‘’()")).strip()


def headline_end(text: str) -> int:
    """The end of the first line when it is a headline (short, no full stop), else 0."""
    first = text.split("\n", 1)[0]
    stripped = first.strip()
    if "\n" in text and 0 < len(stripped) <= 160 and not re.search(r"[.!?]\s*$", stripped):
        return len(first)
    return 0


def _canonical(walk: _Walk, name: str | None) -> str | None:
    return walk.orgs.canonical(name) if name else None


def _referent(walk: _Walk, name: str, at: int) -> str | None:
    """The organisation a descriptor stands for: named before ``at``, else in the next 400 characters."""
    phrase = _clean(name)
    if at < walk.headline_end or re.match(r"(?:[A-Z]\.)+-based\s", phrase):
        phrase = phrase.lower()  # a headline's "Doctors Committee", a "U.S.-based monitor"
    if not _DESCRIPTOR.fullmatch(phrase) or re.search(r"s$", phrase.split()[-1]) and not phrase.lower().endswith("ss"):
        return None
    described = walk.orgs.described(phrase)
    before = [m for m in walk.mentions if m.end <= at and m.name != walk.publisher]
    if described and any(m.name == described for m in before):
        return described
    if before:
        return before[-1].name
    after = [m for m in walk.mentions if at < m.start <= at + 400]
    return after[0].name if after else None


def _person(walk: _Walk, name: str, at: int) -> str | None:
    """"General" or "Bayati" → the full name written before ``at`` ("Amir Ali Hajizadeh", "Ali Akram al-Bayati")."""
    word = _clean(name)
    if re.fullmatch(r"(?:Mr|Mrs|Ms|Dr)\.?\s+[A-Z][\w'’-]+", word):
        word = word.split()[-1]
    if not re.fullmatch(r"[A-Z][\w'’-]+", word):
        return None
    before = walk.text[:at]
    if word in _TITLES:
        found = list(re.finditer(r"\b" + word + r"\s+((?:[A-Z][\w'’-]+\s+){1,3}[A-Z][\w'’-]+)", before))
    else:
        found = list(re.finditer(r"\b((?:[A-Z][\w'’-]+\s+){1,3}(?:(?:al|el)-)?)" + re.escape(word) + r"\b", before))
        found = [m for m in found if not walk.orgs.find(m.group(0))
                 and m.group(1).split()[0] not in ("The", "A", "An", "This", "That", "Its", "Their", "In", "On", "At")]
        return (found[-1].group(1) + word) if found else None
    return found[-1].group(1) if found else None


def _resolve(walk: _Walk, name: str | None, at: int) -> tuple[str | None, str | None]:
    """A name as the sentence rules gave it → (resolved name, step) or (None, None) when nothing applies."""
    if not name:
        return None, None
    canonical = _canonical(walk, name)
    if canonical:
        return canonical, "canonical"
    referent = _referent(walk, name, at)
    if referent:
        return referent, "referent"
    person = _person(walk, name, at)
    if person:
        return person, "person"
    return None, None


def _not_a_speaker(walk: _Walk, claim: ProposedClaim) -> bool:
    """"Amnesty International on Monday said" → Amnesty International, not "Monday"; "the city of Amol
    recorded the highest number" → a place is where a toll was recorded, not who recorded it."""
    if claim.attributed_to and re.match(r"(?:the\s+)?(?:city|town|village|province|county|district)\s+of\s", claim.attributed_to, re.IGNORECASE):
        claim.attributed_to = None
        return True
    if not claim.attributed_to or not _NOT_SPEAKERS.match(claim.attributed_to.strip()):
        return False
    word = re.escape(claim.attributed_to.strip())
    match = re.search(r"(?P<np>(?:[A-Z][\w'’-]*\s+|the\s+|The\s+)(?:[\w'’-]+\s+){0,5}?)(?:so\s+|on\s+|as\s+of\s+)?" + word + r"\b", claim.quote)
    if not match:
        return False
    np = _clean(match.group("np"))
    named = walk.orgs.find(np)
    claim.attributed_to = named[-1].name if named else (np or None)
    return True


def _citing(walk: _Walk, claim: ProposedClaim) -> bool:
    match = _CITING.search(claim.quote)
    if not match or match.start("cited") > claim.value_start - claim.quote_start:
        return False
    channel = _clean(match.group("channel"))
    if claim.attributed_to and _clean(claim.attributed_to).lower() not in channel.lower():
        return False
    cited = _clean(match.group("cited"))
    claim.channel = _canonical(walk, channel) or channel
    claim.attributed_to = _canonical(walk, cited) or cited
    return True


def _trailing_speaker(walk: _Walk, claim: ProposedClaim) -> bool:
    """", the Oslo-based group Iran Human Rights (IHR) said on Monday." after the figure."""
    offset = claim.value_end - claim.quote_start
    match = _TRAILING.search(claim.quote, offset)
    if not match:
        inverted = _TRAILING_INVERTED.search(claim.quote, offset)
        if not inverted:
            return False
        who_text = inverted.group("who")
        named = walk.orgs.find(who_text)
        claim.attributed_to = named[0].name if named and _clean(who_text) == named[0].spelling else _clean(who_text)
        return True
    who_text = match.group("who")
    named = walk.orgs.find(who_text)
    at = claim.quote_start + match.start("who")
    who = named[0].name if named else _resolve(walk, who_text, at)[0]
    if not who:
        who = _clean(who_text) if re.match(r"(?:the\s+)?[A-Z]", who_text.strip()) and len(who_text.split()) <= 6 else None
    if not who:
        return False
    claim.attributed_to = who
    verb = claim.quote[match.end("who") : match.start("tail")].strip().lower()
    if verb == "told":
        channel = match.group("tail").strip()
        abbreviation = re.search(r"\(([A-Za-z]{2,8})\)", channel)
        claim.channel = abbreviation.group(1) if abbreviation else _clean(channel)
    return True


def _person_of(walk: _Walk, claim: ProposedClaim) -> bool:
    """"Ali al-Bayati of the IHCHR said": the person who speaks, not the body they speak for."""
    if not claim.attributed_to:
        return False
    for mention in walk.orgs.find(claim.quote):
        if mention.name != claim.attributed_to:
            continue
        before = claim.quote[: mention.start]
        person = re.search(r"(?<![\w-])((?:[A-Z][\w'’-]+\s+){1,3}(?:(?:al|el)-)?[A-Z][\w'’-]+)\s+(?:of|from)\s+(?:the\s+)?$", before)
        if person and not walk.orgs.find(person.group(1)) and person.group(1).split()[0] not in ("The", "A", "An"):
            claim.attributed_to = person.group(1)
            return True
    return False


def _document_credit(walk: _Walk) -> str | None:
    """"Analytical review by Viasna HRC" in the headline: who the whole text speaks for."""
    match = re.search(r"\b(?:review|report|statement|briefing|analysis|update)\s+by\s+(?P<who>.+)$", walk.text[: walk.headline_end], re.IGNORECASE)
    if not match:
        return None
    named = walk.orgs.find(match.group("who"))
    return named[0].name if named else None


def _headline_credit(walk: _Walk, claim: ProposedClaim) -> str | None:
    headline = walk.text[: walk.headline_end]
    for pattern in _HEADLINE_CREDIT:
        match = pattern.search(headline)
        if not match:
            continue
        who = match.group("who")
        named = walk.orgs.find(who)
        if named:
            return named[0].name
        if _DESCRIPTOR.fullmatch(_clean(who).lower()) or re.search(r"\b(?:rights|commission|group|watchdog|monitor)\b", who, re.IGNORECASE):
            body = [m for m in walk.mentions if m.start >= walk.headline_end]
            return body[0].name if body else None
    return None


def _first_cited(claims: list[ProposedClaim], walk: _Walk) -> str | None:
    """The first origin the body names for a figure: whom the headline summarises."""
    for claim in claims:
        if claim.quote_start >= walk.headline_end and claim.attributed_to:
            return claim.attributed_to
    return None


def _set(claim: ProposedClaim, name: str | None, step: str) -> None:
    if name != claim.attributed_to or step in ("canonical",):
        claim.rules["attribution"] = f"{claim.rules.get('attribution', '')}; document: {step}".lstrip("; ")
    claim.attributed_to = name


def _breaks_chain(walk: _Walk, start: int) -> bool:
    """Between the last quoted sentence and ``start``: a sentence that dates a new event or names another body."""
    between = walk.text[walk.current_end : start]
    if not between.strip():
        return False
    named = {m.name for m in walk.orgs.find(between)}
    return bool(_NEW_EVENT.search(between)) or bool(named - {walk.current})


_CONTINUING = re.compile(
    r"^\s*(?:[\"“]|(?:the\s+)?(?:number|majority|rest|remainder|toll|tally|figure)\s+of\b|of\s+(?:those|them|these|the\s+dead|the\s+victims)\b)",
    re.IGNORECASE,
)


def _continues(walk: _Walk, claim: ProposedClaim) -> bool:
    """Whether a sentence without an origin goes on with the last speaker's figures.

    Only when it says so: a quotation that opens with no speaker of its own, or a sentence about
    the same count ("The number of …", "The majority of those injured …", "Of those …"). A plain
    statement after a sourced one is the report's own (NGO reports cite others, then count).
    """
    return bool(_CONTINUING.match(claim.quote))


def _sentence_groups(claims: list[ProposedClaim]) -> list[list[ProposedClaim]]:
    """The claims of each sentence, sentences in text order."""
    by_sentence: dict[int, list[ProposedClaim]] = {}
    for claim in claims:
        by_sentence.setdefault(claim.quote_start, []).append(claim)
    return [by_sentence[start] for start in sorted(by_sentence)]


def _walk_sentence(walk: _Walk, group: list[ProposedClaim], body_first: str | None) -> None:
    """The steps for the claims of one sentence; then what the next sentence may continue."""
    if walk.current and _breaks_chain(walk, group[0].quote_start):
        walk.current = None
    for i, claim in enumerate(group):
        if i and claim.attributed_to is None and claim.rules.get("attribution", "").startswith("shared with the figure before"):
            _set(claim, group[i - 1].attributed_to, "shared with the figure before")
            continue
        _attribute_one(walk, claim, body_first)
    named = [c.attributed_to for c in group if c.attributed_to]
    walk.current = named[-1] if named else None  # "Of these" refers to the figure just before
    walk.current_end = group[0].quote_end


def _same_figure(a: ProposedClaim, b: ProposedClaim) -> bool:
    return a.metric == b.metric and (a.low, a.best, a.high) == (b.low, b.best, b.high)


def _headline_as_body(walk: _Walk, claims: list[ProposedClaim]) -> None:
    """A headline's figure is the body's: "14 Demonstrators Killed in Myanmar Protests" above
    "security forces killed 14 people Monday" takes the body's dates, and its source when it has none."""
    body = [c for c in claims if c.quote_start >= walk.headline_end]
    for claim in claims:
        if claim.quote_start >= walk.headline_end:
            break
        twin = next((c for c in body if _same_figure(claim, c)), None)
        if twin is None:
            continue
        if (claim.as_of, claim.period_start, claim.period_end) == (None, None, None):
            claim.as_of, claim.period_start, claim.period_end = twin.as_of, twin.period_start, twin.period_end
            claim.date_precision = twin.date_precision
            if (twin.as_of, twin.period_start, twin.period_end) != (None, None, None):
                claim.rules["dates"] = "the body's figure the headline gives"
        if claim.attributed_to is None and twin.attributed_to:
            _set(claim, twin.attributed_to, "the body's figure the headline gives")


def attribute(text: str, claims: list[ProposedClaim], orgs: Organisations, publisher: str | None = None) -> list[ProposedClaim]:
    """Apply the document-level steps to ``claims`` (in text order), in place; returns them.

    The body is walked first, then the headline: a headline credit that is a descriptor ("…:
    Rights group", "Monitor: …") is the first origin the body names, as the body resolved it."""
    walk = _Walk(text, orgs, orgs.find(text), headline_end(text), orgs.canonical(publisher) or publisher)
    walk.credit = _document_credit(walk)
    groups = _sentence_groups(claims)
    for group in groups:
        if group[0].quote_start >= walk.headline_end:
            _walk_sentence(walk, group, None)
    body_first = _first_cited(claims, walk)
    walk.current, walk.current_end = None, 0
    for group in groups:
        if group[0].quote_start < walk.headline_end:
            _walk_sentence(walk, group, body_first)
    _headline_as_body(walk, claims)
    for claim in claims:
        if walk.publisher and claim.attributed_to == walk.publisher:
            _set(claim, None, "the publisher itself")
    return claims


def _attribute_one(walk: _Walk, claim: ProposedClaim, body_first: str | None) -> None:
    unnamed = claim.attributed_to is None and claim.rules.get("attribution", "").startswith("no origin")
    if _not_a_speaker(walk, claim):
        _set(claim, claim.attributed_to, "not a speaker (a time word or a place): corrected")
    if claim.attributed_to:
        resolved, step = _resolve(walk, claim.attributed_to, claim.value_start)
        if resolved:
            _set(claim, resolved, step)
    if _person_of(walk, claim):
        _set(claim, claim.attributed_to, "the person who speaks for the body")
    if _citing(walk, claim):
        _set(claim, claim.attributed_to, "citing (the cited party; the outlet is the channel)")
        return
    if not unnamed:
        return
    if _trailing_speaker(walk, claim):
        _person_of(walk, claim)
        _set(claim, claim.attributed_to, "speaker after the clause")
    elif claim.quote_start < walk.headline_end:
        credit = _headline_credit(walk, claim) or body_first
        if credit:
            _set(claim, credit, "headline credit")
    elif walk.current and _continues(walk, claim):
        _set(claim, walk.current, "continues the source of the sentence before")
    elif walk.credit:
        _set(claim, walk.credit, "the text's credit (… by X)")
