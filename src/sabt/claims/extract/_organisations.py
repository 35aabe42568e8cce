"""Organisations that give figures, and the names reports call them by (``data/organisations.toml``).

The list is versioned data. A case extends it with the aliases its reviewers taught it
(``aliases={"the Oslo group": "IHRNGO"}``, from :func:`sabt.claims.extract.case_aliases`):
a correction of who said a figure becomes a spelling the next report is read with.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: str  # canonical
    spelling: str


def _alias_pattern(alias: str, longer: list[str]) -> re.Pattern:
    """A whole-phrase pattern of ``alias`` that does not match the start of a longer alias of another body."""
    case_sensitive = alias.replace(" ", "").isupper() or len(alias) <= 4
    body = re.escape(alias).replace(r"\ ", r"\s+")
    tails = "".join(r"(?!" + re.escape(other[len(alias):]).replace(r"\ ", r"\s+") + r")" for other in longer)
    return re.compile(r"(?<![\w-])" + body + r"(?![\w-])" + tails, 0 if case_sensitive else re.IGNORECASE)


@dataclass(frozen=True)
class Organisations:
    version: str
    entries: tuple[tuple[str, str, re.Pattern], ...]  # (spelling, canonical, pattern), longest spelling first
    descriptors: tuple[tuple[str, re.Pattern], ...]  # (canonical, pattern of "the Oslo-based …")

    @classmethod
    def build(cls, version: str, table: dict[str, list[str]], descriptors: dict[str, list[str]]) -> Organisations:
        spellings = [(alias, name) for name, aliases in table.items() for alias in aliases]
        entries = []
        for alias, name in spellings:
            longer = [other for other, owner in spellings
                      if owner != name and len(other) > len(alias) and other.lower().startswith(alias.lower())]
            entries.append((alias, name, _alias_pattern(alias, longer)))
        entries.sort(key=lambda item: len(item[0]), reverse=True)
        described = tuple((name, re.compile(r"(?<![\w-])" + re.escape(word) + r"(?![\w])", re.IGNORECASE))
                          for name, words in descriptors.items() for word in words)
        return cls(version, tuple(entries), described)

    def with_aliases(self, aliases: dict[str, str] | None) -> Organisations:
        """This list plus a case's own aliases (spelling → canonical name)."""
        if not aliases:
            return self
        table: dict[str, list[str]] = {}
        for spelling, name, _ in self.entries:
            table.setdefault(name, []).append(spelling)
        for spelling, name in aliases.items():
            if spelling.strip() and name.strip() and spelling not in table.get(name, []):
                table.setdefault(name.strip(), []).append(spelling.strip())
        descriptors: dict[str, list[str]] = {}
        for name, pattern in self.descriptors:
            descriptors.setdefault(name, []).append(re.sub(r"\\(.)", r"\1", pattern.pattern[len("(?<![\\w-])"):-len("(?![\\w])")]))
        return Organisations.build(self.version + "+case", table, descriptors)

    def find(self, text: str) -> list[Mention]:
        """Every organisation named in ``text``, longest spelling first, without overlaps, in text order."""
        found: list[Mention] = []
        for spelling, name, pattern in self.entries:
            for match in pattern.finditer(text):
                if not any(match.start() < m.end and m.start < match.end() for m in found):
                    found.append(Mention(match.start(), match.end(), name, spelling))
        return sorted(found, key=lambda m: m.start)

    def canonical(self, name: str | None) -> str | None:
        """The short name of an organisation written out in full or in part ("figures gathered by the IACHR")."""
        if not name:
            return None
        for _, canonical, pattern in self.entries:
            if pattern.fullmatch(name.strip()):
                return canonical
        inside = self.find(name)
        return inside[0].name if len(inside) == 1 else None

    def described(self, phrase: str) -> str | None:
        """The organisation a descriptor in ``phrase`` points at ("the Oslo-based group" → IHRNGO)."""
        phrase = re.sub(r"\b([A-Z])\.", r"\1", phrase) if re.search(r"(?:[A-Z]\.)+-", phrase) else phrase  # "U.S.-based"
        phrase = re.sub(r"\b([a-z])\.(?=[a-z.]*-based)", r"\1", phrase)  # "u.s.-based", lowered
        hits = {name for name, pattern in self.descriptors if pattern.search(phrase)}
        return hits.pop() if len(hits) == 1 else None


@lru_cache(maxsize=1)
def organisations() -> Organisations:
    data = tomllib.loads((Path(__file__).parent / "data" / "organisations.toml").read_text("utf-8"))
    table = {entry["name"]: entry["aliases"] for entry in data["organisation"]}
    descriptors = {entry["name"]: entry.get("descriptors", []) for entry in data["organisation"]}
    return Organisations.build(data["version"], table, descriptors)
