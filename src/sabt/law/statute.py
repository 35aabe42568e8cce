"""The Rome Statute's Article 7 and the ICC Elements of Crimes, read from versioned data.

No machine-readable form of the Elements exists; sabt keeps one in
``sabt/law/data/rome_statute_art7.toml`` (the four contextual elements and each act of
article 7(1)(a)–(k) with its elements, numbered as the Elements number them, each with its
citation) and the incident-type mapping in ``incident_types.toml``. Both are validated on
load: eleven acts, lettered a–k; elements numbered 1…n with the contextual elements as
n+1 and n+2, as in the Elements; every code a mapping names exists.

    statute = load_statute()
    statute.act("a").name                         # 'Murder'
    statute.element("7-1-a:1").citation           # 'Elements of Crimes, art. 7(1)(a), element 1'
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from sabt.errors import SabtError

LETTERS = "abcdefghijk"
CONTEXTUAL_CODES = ("ctx-attack", "ctx-widespread-systematic", "ctx-policy", "ctx-knowledge")


class StatuteDataError(SabtError):
    """The statute or mapping data file is malformed (a maintainer's error, caught on load)."""


@dataclass(frozen=True)
class Element:
    """One element: ``code`` is ``7-1-a:1`` for an act's element, ``ctx-…`` for a contextual one."""

    code: str
    act_code: str | None
    number: int | None
    kind: str
    text: str
    citation: str
    name: str | None = None
    note: str | None = None
    footnotes: tuple[int, ...] = ()  # the Elements' footnote markers on this element

    @property
    def footnote_citation(self) -> str:
        """``…, element 1, footnotes 25, 26`` — the paragraph and footnotes it comes from."""
        if not self.footnotes:
            return self.citation
        word = "footnote" if len(self.footnotes) == 1 else "footnotes"
        return f"{self.citation}, {word} {', '.join(str(n) for n in self.footnotes)}"

    def to_dict(self) -> dict:
        return {"code": self.code, "act": self.act_code, "number": self.number, "kind": self.kind,
                "name": self.name, "text": self.text, "citation": self.citation, "note": self.note,
                "footnotes": list(self.footnotes)}


@dataclass
class Act:
    """An act of article 7(1); (g) holds its six crimes as ``variants``."""

    code: str
    letter: str | None
    name: str
    article: str
    elements_citation: str
    elements: list[Element] = field(default_factory=list)
    contextual_numbers: tuple[int, int] | None = None
    variants: list[Act] = field(default_factory=list)
    note: str | None = None
    footnotes: tuple[int, ...] = ()  # markers on the crime's title (e.g. 23, 24 on 7(1)(i))

    @property
    def label(self) -> str:
        return f"art. 7(1)({self.letter}) {self.name}" if self.letter else self.name

    def specific_elements(self) -> list[Element]:
        """The act's own elements (for (g): those of all six crimes, in order)."""
        if self.variants:
            return [e for variant in self.variants for e in variant.specific_elements()]
        return list(self.elements)

    def contextual_citations(self) -> list[dict]:
        """Where the contextual elements appear among this act's numbered elements."""
        out = []
        for act in self.variants or [self]:
            attack, knowledge = act.contextual_numbers
            for code in CONTEXTUAL_CODES:
                number = knowledge if code == "ctx-knowledge" else attack
                out.append({"code": code, "act": act.code, "number": number,
                            "citation": f"{act.elements_citation}, element {number}"})
        return out

    def to_dict(self) -> dict:
        return {"code": self.code, "letter": self.letter, "name": self.name, "article": self.article,
                "elements_citation": self.elements_citation, "note": self.note,
                "footnotes": list(self.footnotes),
                "elements": [e.to_dict() for e in self.elements],
                "contextual_numbers": list(self.contextual_numbers) if self.contextual_numbers else None,
                "variants": [v.to_dict() for v in self.variants]}


@dataclass
class Statute:
    meta: dict
    contextual: list[Element]
    acts: list[Act]
    footnotes: dict[int, str] = field(default_factory=dict)  # the Elements' words
    commentary: list[dict] = field(default_factory=list)  # case law etc., never an element's text

    @property
    def version(self) -> str:
        return self.meta["version"]

    def act(self, code: str) -> Act:
        """An act by code (``7-1-a``), letter (``a``), citation (``7(1)(a)``) or name (``murder``)."""
        wanted = normalize_act_code(code)
        for act in self.acts:
            if act.code == wanted or act.name.casefold() == str(code).strip().casefold():
                return act
            for variant in act.variants:
                if variant.code == wanted or variant.name.casefold() == str(code).strip().casefold():
                    return variant
        raise SabtError(f"{code!r} is not an act of article 7(1) (use a–k, 7(1)(a), 7-1-a or the act's name)")

    def element(self, code: str) -> Element:
        for element in self.contextual:
            if element.code == code:
                return element
        for act in self.acts:
            for element in act.specific_elements():
                if element.code == code:
                    return element
        raise SabtError(f"no element {code!r} in the statute data")

    def describe(self) -> str:
        count = sum(len(a.specific_elements()) for a in self.acts)
        return (f"Rome Statute art. 7 (sabt data {self.version}): {len(self.contextual)} contextual elements, "
                f"{len(self.acts)} acts with {count} specific elements. {self.meta['provenance']}")

    def to_dict(self) -> dict:
        return {"meta": self.meta, "contextual": [e.to_dict() for e in self.contextual],
                "acts": [a.to_dict() for a in self.acts],
                "footnotes": {str(n): text for n, text in sorted(self.footnotes.items())},
                "commentary": self.commentary}

    def cited_footnotes(self) -> dict[int, list[str]]:
        """footnote number → the codes of the elements, acts and contextual elements citing it."""
        cited: dict[int, list[str]] = {}
        things = list(self.contextual)
        for act in self.acts:
            for one in [act, *act.variants]:
                things.append(one)
                things.extend(one.elements)
        for thing in things:
            for number in thing.footnotes:
                cited.setdefault(number, []).append(thing.code)
        return cited


def normalize_act_code(code: str) -> str:
    """``a``, ``7(1)(a)``, ``art. 7(1)(g)-1``, ``7-1-a`` → ``7-1-a`` / ``7-1-g-1``."""
    text = str(code).strip().lower().replace("art.", "").replace("article", "").strip()
    match = re.fullmatch(r"(?:7\s*\(\s*1\s*\)\s*)?\(?([a-k])\)?(?:\s*-\s*([1-6]))?", text)
    if match:
        return f"7-1-{match.group(1)}" + (f"-{match.group(2)}" if match.group(2) else "")
    return text


def _footnote_list(raw: dict, where: str) -> tuple[int, ...]:
    numbers = raw.get("footnotes", [])
    if not isinstance(numbers, list) or not all(isinstance(n, int) for n in numbers):
        raise StatuteDataError(f"{where}: footnotes must be a list of footnote numbers")
    return tuple(numbers)


def _element(raw: dict, act_code: str, citation: str, where: str) -> Element:
    for key in ("number", "kind", "text"):
        if key not in raw:
            raise StatuteDataError(f"{where}: element without {key!r}")
    if raw["kind"] not in ("conduct", "circumstance", "mental"):
        raise StatuteDataError(f"{where}: element kind {raw['kind']!r} is not conduct, circumstance or mental")
    return Element(code=f"{act_code}:{raw['number']}", act_code=act_code, number=int(raw["number"]),
                   kind=raw["kind"], text=raw["text"].strip(), citation=f"{citation}, element {raw['number']}",
                   note=raw.get("note"), footnotes=_footnote_list(raw, where))


def _act(raw: dict, where: str, letter: str | None) -> Act:
    act = Act(code=raw["code"], letter=letter, name=raw["name"], article=raw.get("article", ""),
              elements_citation=raw["elements_citation"], note=raw.get("note"),
              footnotes=_footnote_list(raw, where))
    if "variants" in raw:
        act.variants = [_act({**v, "article": act.article}, f"{where} variant {v.get('code')}", None)
                        for v in raw["variants"]]
        return act
    act.elements = [_element(e, act.code, act.elements_citation, f"{where} element {i}")
                    for i, e in enumerate(raw.get("elements", []), 1)]
    numbers = [e.number for e in act.elements]
    if numbers != list(range(1, len(numbers) + 1)):
        raise StatuteDataError(f"{where}: elements are numbered {numbers}, not 1…{len(numbers)}")
    contextual = tuple(raw.get("contextual_numbers", ()))
    if contextual != (len(numbers) + 1, len(numbers) + 2):
        raise StatuteDataError(f"{where}: contextual elements should be numbers {len(numbers) + 1} and "
                               f"{len(numbers) + 2} (the Elements put them last), not {list(contextual)}")
    act.contextual_numbers = contextual
    return act


def _read(name: str, path: str | Path | None) -> dict:
    try:
        if path is not None:
            text = Path(path).read_text(encoding="utf-8")
        else:
            text = resources.files("sabt.law").joinpath("data").joinpath(name).read_text(encoding="utf-8")
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise StatuteDataError(f"{path or name}: not valid TOML ({error})") from None


def load_statute(path: str | Path | None = None) -> Statute:
    """Read and check the statute data (the packaged file unless ``path`` is given)."""
    if path is None:
        return _packaged_statute()
    return _load_statute(_read("rome_statute_art7.toml", path))


@lru_cache(maxsize=1)
def _packaged_statute() -> Statute:
    return _load_statute(_read("rome_statute_art7.toml", None))


def _load_statute(data: dict) -> Statute:
    meta = data.get("meta", {})
    for key in ("version", "provenance"):
        if not meta.get(key):
            raise StatuteDataError(f"statute data: [meta] needs {key!r}")
    contextual = [Element(code=c["code"], act_code=None, number=None, kind=c.get("element_role", "attack"),
                          text=c["text"].strip(), citation=c["citation"], name=c["name"],
                          footnotes=_footnote_list(c, f"contextual {c.get('code')}"))
                  for c in data.get("contextual", [])]
    if tuple(c.code for c in contextual) != CONTEXTUAL_CODES:
        raise StatuteDataError(f"statute data: the contextual elements must be {', '.join(CONTEXTUAL_CODES)}")
    acts = [_act(raw, f"act {raw.get('code')}", raw.get("letter")) for raw in data.get("acts", [])]
    letters = "".join(a.letter or "?" for a in acts)
    if letters != LETTERS:
        raise StatuteDataError(f"statute data: the acts must be 7(1)(a)–(k) in order, found {letters!r}")
    for act in acts:
        if act.code != f"7-1-{act.letter}":
            raise StatuteDataError(f"act {act.code}: code should be 7-1-{act.letter}")
    try:
        footnotes = {int(n): str(text) for n, text in data.get("footnotes", {}).items()}
    except ValueError:
        raise StatuteDataError("statute data: [footnotes] keys must be footnote numbers") from None
    statute = Statute(meta=meta, contextual=contextual, acts=acts, footnotes=footnotes,
                      commentary=list(data.get("commentary", [])))
    cited = statute.cited_footnotes()
    for number, codes in sorted(cited.items()):
        if number not in footnotes:
            raise StatuteDataError(f"{', '.join(codes)}: footnote {number} is not in [footnotes]")
    for number in sorted(set(footnotes) - set(cited)):
        raise StatuteDataError(f"footnote {number} is in [footnotes] but no element or act cites it")
    codes = {c.code for c in contextual} | {e.code for a in acts for e in a.specific_elements()}
    for entry in statute.commentary:
        if entry.get("about") not in codes or not entry.get("citation") or not entry.get("text"):
            raise StatuteDataError(f"commentary about {entry.get('about')!r}: needs a known element, "
                                   "a text and a citation")
    return statute


@dataclass
class TypeMapping:
    """Incident types → candidate acts, the elements each speaks to, and contextual elements."""

    meta: dict
    types: dict[str, dict]
    metrics: dict[str, list[str]]
    aliases: dict[str, str]

    def normalize(self, incident_type: str | None) -> str | None:
        if not incident_type:
            return None
        key = re.sub(r"[\s\-]+", "_", incident_type.strip().lower())
        key = self.aliases.get(key, key)
        return key if key in self.types else None

    def acts_for(self, incident_type: str | None) -> dict[str, list[str]]:
        """act code → element codes an incident of this type speaks to."""
        key = self.normalize(incident_type)
        return dict(self.types[key]["acts"]) if key else {}

    def contextual_for(self, incident_type: str | None) -> list[str]:
        key = self.normalize(incident_type)
        return list(self.types[key].get("contextual", [])) if key else []

    def describe(self, incident_type: str) -> str:
        key = self.normalize(incident_type)
        if key is None:
            return f"{incident_type!r}: no mapping (no candidate acts are proposed)"
        entry = self.types[key]
        return f"{key}: {', '.join(entry['acts']) or 'no act'}; {entry.get('rationale', '')}"


def load_mapping(path: str | Path | None = None, statute: Statute | None = None) -> TypeMapping:
    """Read and check the incident-type mapping against the statute data."""
    statute = statute or load_statute()
    data = _read("incident_types.toml", path)
    element_codes = {e.code for a in statute.acts for e in a.specific_elements()}
    act_codes = {a.code for a in statute.acts}
    types: dict[str, dict] = {}
    for name, raw in data.get("types", {}).items():
        acts: dict[str, list[str]] = {}
        for act_code, elements in raw.get("acts", {}).items():
            if act_code not in act_codes:
                raise StatuteDataError(f"incident type {name!r}: {act_code!r} is not an act of article 7(1)")
            codes = [e if isinstance(e, str) else f"{act_code}:{e}" for e in elements]
            for code in codes:
                if code not in element_codes:
                    raise StatuteDataError(f"incident type {name!r}: no element {code!r}")
            acts[act_code] = codes
        for code in raw.get("contextual", []):
            if code not in CONTEXTUAL_CODES:
                raise StatuteDataError(f"incident type {name!r}: {code!r} is not a contextual element")
        types[name] = {**raw, "acts": acts}
    metrics = data.get("metrics", {})
    for metric, codes in metrics.items():
        for code in codes:
            if code not in CONTEXTUAL_CODES:
                raise StatuteDataError(f"metric {metric!r}: {code!r} is not a contextual element")
    aliases = data.get("aliases", {})
    for alias, target in aliases.items():
        if target not in types:
            raise StatuteDataError(f"alias {alias!r} points at unknown type {target!r}")
    return TypeMapping(meta=data.get("meta", {}), types=types, metrics=metrics, aliases=aliases)
