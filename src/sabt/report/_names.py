"""Persian names of what the case names in English: organisations, sources, places, units, incidents.

Names are data, never machine-translated. Two reviewed lists are read:

- ``sabt/claims/extract/data/organisations.toml``: each organisation's ``name_fa``, found by any
  of its aliases (in either script) — "Human Rights Activists News Agency (HRANA)" and
  "هرانا" both give the same Persian name;
- the case's own list (case.toml ``[case] names_fa = "names-fa.toml"``, stored by ``sabt run``
  in the case description): ``[names]`` (any name or attribution as the data holds it),
  ``[incidents]`` (incident key → title), ``[sources]`` (source id → title, for sources the
  case itself made: lists, series), ``[case]`` (title, subtitle, description), ``[estimate]``
  and ``[series]``.

What has no Persian name is kept as written and marked as text in its own language
(:func:`sabt.report._bidi.foreign`), so it is read, isolated and counted as such.
:func:`localise` gives the Persian edition a copy of the case's data with every name
replaced; the English edition is never touched.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import re
import tomllib
from importlib import resources

from sabt.report._bidi import foreign, has_latin


@functools.lru_cache(maxsize=1)
def organisation_names() -> dict[str, str]:
    """Every alias of every organisation with a ``name_fa`` (case-folded) → its Persian name."""
    data = tomllib.loads((resources.files("sabt.claims.extract") / "data" / "organisations.toml")
                         .read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for entry in data["organisation"]:
        if entry.get("name_fa"):
            for alias in [entry["name"], *entry.get("aliases", []), entry["name_fa"]]:
                out[_fold(alias)] = entry["name_fa"]
    return out


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


class PersianNames:
    """``names.get("HRANA")`` → the Persian name, or ``None``; ``names.show(text)`` → the
    Persian name, else ``text`` marked as foreign-language text."""

    def __init__(self, table: dict | None = None):
        table = table or {}
        self.case = {_fold(k): v for k, v in (table.get("names") or {}).items()}
        self.incidents = dict(table.get("incidents") or {})
        self.sources = dict(table.get("sources") or {})
        self.texts = {section: dict(table.get(section) or {}) for section in ("case", "estimate", "series")}
        self.missing: set[str] = set()

    def get(self, text: str | None) -> str | None:
        if not text:
            return None
        key = _fold(text)
        return self.case.get(key) or organisation_names().get(key)

    def show(self, text: str | None) -> str | None:
        if text is None or text == "":
            return text
        persian = self.get(text)
        if persian:
            return persian
        if has_latin(text):
            self.missing.add(text)
            return foreign(text)
        return text

    def text(self, section: str, key: str, english: str | None) -> str | None:
        """A case text (title, the estimate's population …) in Persian, else the English marked."""
        persian = self.texts.get(section, {}).get(key)
        if persian:
            return persian
        return self.show(english) if english else english


def localise(data, names: PersianNames):
    """A copy of ``data`` (:class:`sabt.report._data.CaseData`) with its names in Persian."""
    data = copy.copy(data)
    data.claims = [_claim(c, names, data.sources) for c in data.claims]
    data.incidents = [dataclasses.replace(
        i, title=names.incidents.get(i.key or "") or names.show(i.title),
        place_text=_place_text(i, names)) for i in data.incidents]
    data.deployments = [dataclasses.replace(d, unit_name=names.show(d.unit_name), role=names.get(d.role) or d.role,
                                            place_text=_place_text(d, names))
                        for d in data.deployments]
    data.sources = {sid: _source(s, names) for sid, s in data.sources.items()}
    data.series = [dataclasses.replace(s, label=names.texts["series"].get(s.key) or names.show(s.label))
                   for s in data.series]
    description = dict(data.description)
    for key in ("title", "subtitle", "description"):
        if description.get(key):
            description[key] = names.text("case", key, description[key])
    data.description = description
    if data.title:
        data.title = names.text("case", "title", data.title)
    return data


def _place_text(item, names: PersianNames) -> str | None:
    """A place's own text is shown only when the gazetteer has no such place (whose Persian
    name then comes from the gazetteer)."""
    return item.place_text if item.place_key else names.show(item.place_text)


def _claim(c, names: PersianNames, sources: dict):
    source = sources.get(c.source_id)
    # who relays a figure ("via …"): the case's own name for a source it made, else the
    # publisher's Persian name, else the title as written (marked)
    relayed_by = (names.sources.get(c.source_id)
                  or (names.get(source.publisher) if source is not None and source.publisher else None)
                  or names.show(c.source_name))
    extra = dict(c.extra)
    if extra.get("group"):
        extra["group"] = names.show(extra["group"])
    return dataclasses.replace(
        c, attributed_to=names.show(c.attributed_to),
        source_name=relayed_by,
        place_text=_place_text(c, names), quote=foreign(c.quote) if c.quote and has_latin(c.quote) else c.quote,
        extra=extra)


class _SourceView:
    """A source's fields for the page (the ORM row is left as it is)."""

    def __init__(self, source, names: PersianNames):
        for column in ("id", "name", "publisher", "kind", "url", "language", "published", "accessed",
                       "reliability", "snapshot_sha256", "notes"):
            setattr(self, column, getattr(source, column, None))
        made_here = names.sources.get(source.id)
        # a published source's title is quoted as written (marked); one the case made has a Persian name
        self.name = made_here or (foreign(source.name) if source.name and has_latin(source.name) else source.name)
        self.publisher = names.show(source.publisher)


def _source(source, names: PersianNames):
    return _SourceView(source, names)
