"""Normalising a list a batch at a time, each distinct value once.

Lists repeat their names, cities, dates and ages a great deal, and sabt's rules for them
(Persian and Arabic letter forms, Solar Hijri dates, the gazetteer) are Python. So each
column keeps a cache from a cell as read to its normalised value (or its problem) across
batches: a value is normalised the first time it is seen and looked up every time after. A
cache that grows past :data:`CACHE_LIMIT` distinct values is emptied, so memory stays bounded
on a list of ten million distinct names.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sabt.ingest.fields import FIELDS, READERS, FieldProblem, make_date_reader
from sabt.ingest.mapping import Mapping
from sabt.text import normalize_text, printable

CACHE_LIMIT = 200_000
UNRESOLVED_LIMIT = 10_000
"""At most this many distinct unresolved places are counted one by one (a list of garbage
places must not grow the summary without bound); the rest are counted together."""


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    reason: str

    def describe(self, file_name: str) -> str:
        where = f"{file_name}: line {self.line}"
        if self.column:
            where += f", column {printable(self.column)!r}"
        return f"{where}: {self.reason}"


class Normaliser:
    """Turns batches of rows (cells in ``header`` order) into normalised columns.

    ``columns`` maps sabt's field names to positions in the header. :meth:`columns_of` gives
    each field's normalised values for a batch and the problems found; :meth:`add_places`
    resolves city and province through the gazetteer for the rows kept."""

    def __init__(self, columns: dict[str, int], header: list[str], mapping: Mapping, calendar: str):
        self.columns, self.header, self.mapping = columns, header, mapping
        self.date_reader = make_date_reader(calendar, mapping.day_first)
        self.caches: dict[str, dict] = defaultdict(dict)
        self.places: dict[tuple, tuple] = {}
        self.unresolved: dict[str, int] = defaultdict(int)
        self.unresolved_others = 0

    def columns_of(self, rows: list[list], lines: list[int]) -> tuple[dict[str, list], list[Problem]]:
        normalised: dict[str, list] = {}
        problems: list[Problem] = []
        for name, position in self.columns.items():
            cells = [row[position] for row in rows]
            cache = self._cache(name, cells)
            values = list(map(cache.__getitem__, cells))
            if FIELDS[name].kind != "place":
                bad = {cell for cell in set(cells) if isinstance(cache[cell], FieldProblem)}
                if bad:
                    header = self.header[position]
                    problems += [Problem(line, header, f"{printable(str(cell), 40)!r}: {cache[cell]}")
                                 for line, cell in zip(lines, cells) if cell in bad]
                    values = [None if isinstance(v, FieldProblem) else v for v in values]
            normalised[name] = values
        problems.sort(key=lambda p: p.line)
        return normalised, problems

    def _cache(self, name: str, cells: list) -> dict:
        """A mapping from every distinct cell of ``cells`` to its value or problem: the column's
        cache, with the cells not seen before normalised and added."""
        cache = self.caches[name]
        new = set(cells).difference(cache)
        if not new:
            return cache
        if len(new) > len(cells) // 2:  # values that rarely repeat (ids, …): not worth keeping
            cache, new = {}, set(cells)
        elif len(cache) + len(new) > CACHE_LIMIT:
            cache.clear()
            new = set(cells)
        spec = FIELDS[name]
        if spec.kind == "place":
            cache.update((cell, normalize_text(str(cell)) or None) for cell in new)
            return cache
        reader = self.date_reader if spec.kind == "date" else READERS[spec.kind]
        values_map = self.mapping.values.get(name, {})
        for cell in new:
            try:
                cache[cell] = reader(values_map.get(str(cell), cell), spec)
            except FieldProblem as problem:
                cache[cell] = problem
        return cache

    def add_places(self, normalised: dict[str, list], size: int, keep: list[int]) -> None:
        """Add ``_place_key``, ``_province_code`` and ``_place_text``, and count the places of
        the kept rows that the gazetteer does not know."""
        cities = normalised.get("city") or [None] * size
        provinces = normalised.get("province") or [None] * size
        pairs = list(zip(cities, provinces))
        resolved = self.places
        new = set(pairs).difference(resolved)
        if len(resolved) + len(new) > CACHE_LIMIT:
            resolved.clear()
            new = set(pairs)
        if new:
            from sabt.places import Gazetteer

            gazetteer = Gazetteer.default()
            for city, province in new:
                key, code, missing = resolve_pair(gazetteer, city, province)
                text = ", ".join(p for p in (city, province) if p) or None
                resolved[(city, province)] = (key, code, text, missing)
        found = list(map(resolved.__getitem__, pairs))
        normalised["_place_key"] = [f[0] for f in found]
        normalised["_province_code"] = [f[1] for f in found]
        normalised["_place_text"] = [f[2] for f in found]
        unknown = {pair for pair in set(pairs) if resolved[pair][3]}
        if unknown:
            kept = pairs if len(keep) == size else [pairs[i] for i in keep]
            for pair, count in Counter(p for p in kept if p in unknown).items():
                for text in resolved[pair][3]:
                    self._count_unresolved(text, count)

    def _count_unresolved(self, text: str, count: int) -> None:
        if text in self.unresolved or len(self.unresolved) < UNRESOLVED_LIMIT:
            self.unresolved[text] += count
        else:
            self.unresolved_others += count

    def unresolved_places(self) -> dict[str, int]:
        """Unresolved places, most frequent first."""
        return dict(sorted(self.unresolved.items(), key=lambda kv: -kv[1]))


def resolve_pair(gazetteer, city: str | None, province: str | None) -> tuple:
    """(place key, province ISO code, [texts the gazetteer does not know]) of a city and province."""
    missing = []
    province_place = gazetteer.resolve(province) if province else None
    if province_place is not None and province_place.kind != "province":
        # a province column holding its capital's name ("Tehran", "تهران") names that province
        province_place = gazetteer.province_of(province_place)
    if province and province_place is None:
        missing.append(province)
    province_code = province_place.iso_code if province_place else None
    city_place = gazetteer.resolve(city, province_hint=province_code) if city else None
    if city and city_place is None:
        missing.append(city)
    if city_place is not None:
        own_province = gazetteer.province_of(city_place)
        code = own_province.iso_code if own_province else province_code
        return city_place.key, code, missing
    if province_place is not None:
        return province_place.key, province_code, missing
    return None, None, missing
