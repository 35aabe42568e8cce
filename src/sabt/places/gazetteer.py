"""The gazetteer: every place sabt knows, and how free text is resolved to one of them.

Data (committed, reviewed, each file with a ``# provenance:`` first line) lives in
``sabt/places/data/``: ``provinces.csv`` (the ISO ↔ GeoNames ↔ Natural Earth ↔ Persian
crosswalk), ``cities.csv`` (a GeoNames extract), ``aliases.csv`` (hand-kept spellings)
and ``crossings.csv`` (border crossings named in the sources).  See ``docs/places.md``.

Resolution, in order (the first step that finds something wins):

1. the whole text, folded (:func:`sabt.places._fold.fold_key`), against codes (``IR-05``,
   ``IR.BK``, ``gn:112931``), names and aliases;
2. a list is split on commas, parentheses, slashes and spaced dashes: ``"Tehran, Tehran"``,
   ``"Karaj (Alborz)"``, ``"Ahvaz - Khuzestan, Iran"``, ``"استان خوزستان، اهواز"``: a part
   that names a province is the hint for the others, and the most specific place any
   part names is the answer (the first on a tie);
3. a qualifier restricts the kind: ``"Kermanshah Province"``, ``"استان کرمانشاه"``,
   ``"Ostan-e Fars"`` → a province; ``"Kermanshah City"``, ``"شهر ایلام"`` → a city;
   ``"… County"``, ``"شهرستان …"`` → a county (none are loaded yet, so these give
   ``None`` rather than a city of the same name);
4. a looser Latin key (w/v, ou/u, doubled letters, gh/q, y/i: ``"Ahwaz"``);
5. a fuzzy match (rapidfuzz ratio ≥ 90 on keys of at least 8 characters, against
   reviewed names only) that must be clearly better than the runner-up — otherwise
   ``None``.  No guess is made below that threshold.

When several places share a spelling: reviewed names and hand aliases before raw
GeoNames alternates (GeoNames lists "Karaj" among the alternates of Qods); then a place
in the hinted province; then a province before a city of the same name (``"Golestan"`` is the province) — except that a province's own
capital wins over it (``"Kermanshah"``, ``"Tehran"`` are the cities; write
``"Kermanshah Province"`` for the province); then the larger population (``"Shiraz"`` is
the city of 1.2 million, not the village in East Azerbaijan).
"""

from __future__ import annotations

import csv
import functools
import io
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from sabt.places._fold import fold_key, loose_key

KINDS = ("country", "province", "county", "city", "crossing")
_KIND_RANK = {"country": 0, "province": 1, "county": 2, "city": 3, "crossing": 4}
_SPECIFICITY = {"country": 0, "province": 1, "county": 2, "city": 3, "crossing": 3}

# tiers of a name: lower wins
_CODE, _NAME, _ALT = 0, 1, 2

_MAX_INPUT = 200  # no place name is longer; longer input is not a place
_FUZZY_CUTOFF = 90.0
_FUZZY_MIN_KEY = 8  # shorter names are too close to each other: Paris/Pardis
_FUZZY_MARGIN = 3.0


@dataclass(frozen=True, slots=True)
class Place:
    """One place of the gazetteer.

    ``key`` is the stable id stored by the case store: ``"IR"`` (country), ``"IR-23"``
    (province: its ISO 3166-2 code), ``"gn:112931"`` (a GeoNames city),
    ``"crossing:shalamcheh"``.  ``iso_code`` is set only on countries and provinces (their
    own code); ``province_code`` is the ISO code of the province a place lies in (a
    province's own code for a province).  ``aliases`` are reviewed spellings (hand-kept,
    and GeoNames' own name with diacritics); ``alternate_names`` are GeoNames' raw
    alternates (unreviewed: matched, but ranked below every reviewed spelling).
    ``reviewed`` is true when the Persian name was set by hand; ``note`` is a source note
    (border crossings).  ``country`` is the side of the border a crossing's named place is
    on (``"IQ"`` for an Iraqi post such as al-Shaib); ``uncertainty_km`` the radius within
    which an approximate coordinate is believed to lie (``None``: as precise as GeoNames).

    >>> Gazetteer.default().resolve("Ahwaz").name_fa
    'اهواز'
    """

    key: str
    kind: str
    name_en: str
    name_fa: str | None
    iso_code: str | None
    province_code: str | None
    geonames_id: int | None
    parent_key: str | None
    lat: float | None
    lon: float | None
    population: int | None = None
    aliases: tuple[str, ...] = ()
    alternate_names: tuple[str, ...] = field(default=(), compare=False, repr=False)
    reviewed: bool = field(default=False, compare=False)
    note: str = field(default="", compare=False)
    country: str = field(default="IR", compare=False)
    uncertainty_km: float | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        """``"Ahvaz (اهواز)"``: the bilingual label used in reports."""
        return f"{self.name_en} ({self.name_fa})" if self.name_fa else self.name_en


def _read_csv(text: str) -> tuple[str, list[dict[str, str]]]:
    lines = text.splitlines()
    provenance = " ".join(
        line.lstrip("#").strip().removeprefix("provenance:").strip()
        for line in lines
        if line.startswith("#")
    )
    rows = list(
        csv.DictReader(io.StringIO("\n".join(line for line in lines if not line.startswith("#"))))
    )
    return provenance, rows


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip()) if value else ()


def _num(value: str, kind: type = float):
    return kind(value) if value not in ("", None) else None


# qualifiers that restrict the kind ---------------------------------------------------
_QUALIFIERS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"^(?:the\s+)?(?:province\s+of|ostan(?:[\s-]*e)?)\s+(.+)$", re.IGNORECASE),
        "province",
    ),
    (re.compile(r"^(.+?)[\s-]+(?:province|prov\.?|ostan)$", re.IGNORECASE), "province"),
    (re.compile(r"^استان[\s\u200c]*(.+)$"), "province"),
    (re.compile(r"^(?:city\s+of)\s+(.+)$", re.IGNORECASE), "city"),
    (re.compile(r"^(.+?)\s+(?:city|town)$", re.IGNORECASE), "city"),
    (re.compile(r"^شهر[\s\u200c]+(.+)$"), "city"),
    (re.compile(r"^(.+?)\s+(?:county|shahrestan)$", re.IGNORECASE), "county"),
    (re.compile(r"^(?:shahrestan(?:[\s-]*e)?|county\s+of)\s+(.+)$", re.IGNORECASE), "county"),
    (re.compile(r"^شهرستان[\s\u200c]*(.+)$"), "county"),
    (
        re.compile(r"^(.+?)\s+(?:border\s+)?(?:crossing|border\s+post|border)$", re.IGNORECASE),
        "crossing",
    ),
    (re.compile(r"^(?:مرز|گذرگاه|پایانه\s+مرزی)[\s\u200c]+(.+)$"), "crossing"),
]
_LIST_SEPARATORS = re.compile(r"\s*[,،;/|()\[\]]\s*|\s+[-–—]\s+")


class Gazetteer:
    """Places and a resolver for free-text place names.

    >>> gaz = Gazetteer.default()
    >>> gaz.resolve("Karaj (Alborz)").key
    'gn:128747'
    >>> gaz.resolve("استان كرمانشاه").key
    'IR-05'
    """

    def __init__(self, places: Iterable[Place], provenance: dict[str, str] | None = None):
        self._places: list[Place] = list(places)
        self._by_key: dict[str, Place] = {}
        for place in self._places:
            if place.key in self._by_key:
                raise ValueError(f"duplicate place key {place.key!r}")
            self._by_key[place.key] = place
        self.provenance = dict(provenance or {})
        self._capital_of: dict[str, str] = {}  # city key -> province key
        self._exact: dict[str, list[tuple[int, int]]] = {}
        self._loose: dict[str, list[tuple[int, int]]] | None = None  # built on first use
        self._fuzzy_keys: list[str] = []
        self._fuzzy_index: dict[str, list[int]] = {}
        self._memo: dict[tuple[str, str | None], Place | None] = {}
        self._elsewhere: set[str] = set()  # keys that alone mean a place outside the gazetteer
        self._index()

    # -- loading ---------------------------------------------------------------------
    @classmethod
    def default(cls) -> Gazetteer:
        """The packaged gazetteer (Iran), loaded once per process."""
        return _default()

    @classmethod
    def from_directory(cls, directory: str | Path) -> Gazetteer:
        """Load a folder holding provinces.csv, cities.csv, aliases.csv and crossings.csv."""
        directory = Path(directory)
        return cls._load(lambda name: (directory / name).read_text(encoding="utf-8"))

    @classmethod
    def _load(cls, read) -> Gazetteer:
        provenance: dict[str, str] = {}
        places: list[Place] = []
        prov_note, provinces = _read_csv(read("provinces.csv"))
        provenance["provinces.csv"] = prov_note
        capitals: dict[str, str] = {}
        country = Place(
            key="IR",
            kind="country",
            name_en="Iran",
            name_fa="ایران",
            iso_code="IR",
            province_code=None,
            geonames_id=130758,
            parent_key=None,
            lat=32.0,
            lon=53.0,
            aliases=(
                "Islamic Republic of Iran",
                "Iran (Islamic Republic of)",
                "Persia",
                "IRN",
                "جمهوری اسلامی ایران",
            ),
            reviewed=True,
        )
        places.append(country)
        for row in provinces:
            code = row["iso_code"]
            aliases = (row["name_iso"], row["name_ne"], row["hasc"]) + _split(row["aliases"])
            places.append(
                Place(
                    key=code,
                    kind="province",
                    name_en=row["name_en"],
                    name_fa=row["name_fa"],
                    iso_code=code,
                    province_code=code,
                    geonames_id=_num(row["geonames_id"], int),
                    parent_key="IR",
                    lat=_num(row["lat"]),
                    lon=_num(row["lon"]),
                    aliases=tuple(dict.fromkeys(a for a in aliases if a)),
                    reviewed=True,
                )
            )
            if row.get("capital_geonameid"):
                capitals[f"gn:{row['capital_geonameid']}"] = code

        alias_note, alias_rows = _read_csv(read("aliases.csv"))
        provenance["aliases.csv"] = alias_note
        hand_aliases: dict[str, list[str]] = {}
        for row in alias_rows:
            hand_aliases.setdefault(row["key"], []).append(row["alias"].strip())

        city_note, cities = _read_csv(read("cities.csv"))
        provenance["cities.csv"] = city_note
        for row in cities:
            key = f"gn:{row['geonameid']}"
            hand = tuple(hand_aliases.pop(key, ()))
            names = (row["name_geonames"], row["name_ascii"])
            places.append(
                Place(
                    key=key,
                    kind="city",
                    name_en=row["name_en"],
                    name_fa=row["name_fa"] or None,
                    iso_code=None,
                    province_code=row["province_code"],
                    geonames_id=int(row["geonameid"]),
                    parent_key=row["province_code"],
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                    population=_num(row["population"], int),
                    aliases=tuple(dict.fromkeys(names + hand)),
                    alternate_names=_split(row["aliases_latin"]) + _split(row["aliases_fa"]),
                    reviewed=bool(row["name_fa"]),
                )
            )

        cross_note, crossings = _read_csv(read("crossings.csv"))
        provenance["crossings.csv"] = cross_note
        for row in crossings:
            places.append(
                Place(
                    key=row["key"],
                    kind="crossing",
                    name_en=row["name_en"],
                    name_fa=row["name_fa"] or None,
                    iso_code=None,
                    province_code=row["province_code"],
                    geonames_id=None,
                    parent_key=row["province_code"],
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                    aliases=_split(row["aliases"]) + tuple(hand_aliases.pop(row["key"], ())),
                    reviewed=True,
                    note=row["source_note"],
                    country=row.get("country") or "IR",
                    uncertainty_km=float(row["uncertainty_km"]) if row.get("uncertainty_km") else None,
                )
            )
        if hand_aliases:
            raise ValueError(f"aliases.csv names unknown places: {sorted(hand_aliases)}")
        gaz = cls(places, provenance)
        gaz._capital_of = capitals
        try:
            elsewhere_note, elsewhere = _read_csv(read("elsewhere.csv"))
        except FileNotFoundError:
            elsewhere_note, elsewhere = "", []
        if elsewhere:
            provenance["elsewhere.csv"] = elsewhere_note
            gaz.provenance = provenance
            gaz.set_elsewhere(row["name"] for row in elsewhere)
        return gaz

    # -- indexing --------------------------------------------------------------------
    def _add(self, text: str, idx: int, tier: int) -> None:
        key = fold_key(text)
        if not key:
            return
        entries = self._exact.setdefault(key, [])
        if not any(i == idx for i, _ in entries):
            entries.append((idx, tier))
        else:  # keep the best tier
            entries[:] = [(i, min(t, tier) if i == idx else t) for i, t in entries]
        if tier <= _NAME and len(key) >= _FUZZY_MIN_KEY:
            self._fuzzy_index.setdefault(key, [])
            if idx not in self._fuzzy_index[key]:
                self._fuzzy_index[key].append(idx)

    def _index(self) -> None:
        for idx, place in enumerate(self._places):
            self._add(place.key, idx, _CODE)
            if place.iso_code:
                self._add(place.iso_code, idx, _CODE)
            for name in (place.name_en, place.name_fa):
                if name:
                    self._add(name, idx, _NAME)
            for alias in place.aliases:
                self._add(alias, idx, _NAME)
            for alt in place.alternate_names:
                self._add(alt, idx, _ALT)
        self._fuzzy_keys = list(self._fuzzy_index)

    def _loose_index(self) -> dict[str, list[tuple[int, int]]]:
        if self._loose is None:
            loose: dict[str, dict[int, int]] = {}
            for key, entries in self._exact.items():
                bucket = loose.setdefault(loose_key(key), {})
                for idx, tier in entries:
                    bucket[idx] = min(tier, bucket.get(idx, tier))
            self._loose = {k: list(v.items()) for k, v in loose.items()}
        return self._loose

    def set_elsewhere(self, names: Iterable[str]) -> None:
        """Names that, alone, mean a place outside this gazetteer (``"Iraq"``, ``"Herat"``).

        Such a name resolves only with a province (a hint or a list part), and then only
        to a place in that province.
        """
        keys = {fold_key(n) for n in names} - {""}
        self._elsewhere = keys | {loose_key(k) for k in keys}
        self._memo.clear()

    # -- lookup ----------------------------------------------------------------------
    def get(self, key: str) -> Place | None:
        """The place with this stable key (``"IR-23"``, ``"gn:112931"``), or ``None``."""
        return self._by_key.get(key)

    def __len__(self) -> int:
        return len(self._places)

    def iter_places(self) -> Iterator[Place]:
        """Every place: country, provinces, cities, crossings (to seed a database table)."""
        return iter(self._places)

    def provinces(self) -> list[Place]:
        """The provinces, in ISO code order."""
        return sorted((p for p in self._places if p.kind == "province"), key=lambda p: p.key)

    def province_of(self, place: Place | str) -> Place | None:
        """The province a place lies in (a province is its own); ``None`` for a country."""
        if isinstance(place, str):
            place = self._by_key.get(place) or self.resolve(place)
            if place is None:
                return None
        if place.kind == "province":
            return place
        return self._by_key.get(place.province_code) if place.province_code else None

    def capital_of(self, province: Place | str) -> Place | None:
        """The capital city of a province: ``capital_of("IR-06")`` is Ahvaz."""
        code = province.key if isinstance(province, Place) else province
        for city_key, prov in self._capital_of.items():
            if prov == code:
                return self._by_key.get(city_key)
        return None

    # -- resolution ------------------------------------------------------------------
    def resolve(self, text: object, province_hint: object = None) -> Place | None:
        """The place a free-text name means, or ``None`` if nothing matches well enough.

        ``province_hint`` (an ISO code, a place key or name, or a :class:`Place`) breaks ties
        between places of the same name; it never forces a match in the wrong province
        when the name exists only elsewhere.

        >>> Gazetteer.default().resolve("Tehran, Tehran").key
        'gn:112931'
        >>> Gazetteer.default().resolve("Shiraz", province_hint="IR-03").population
        1995
        >>> Gazetteer.default().resolve("qwertyuiop") is None
        True
        """
        if not isinstance(text, str) or len(text) > _MAX_INPUT:
            return None
        hint = self._hint_code(province_hint)
        memo_key = (text, hint)
        if memo_key in self._memo:
            return self._memo[memo_key]
        try:
            result = self._resolve(text, hint)
        except RecursionError:  # pragma: no cover - defensive, input is bounded
            result = None
        if len(self._memo) > 200_000:
            self._memo.clear()
        self._memo[memo_key] = result
        return result

    def resolve_many(
        self, texts: Iterable[object], province_hint: object = None
    ) -> dict[object, Place | None]:
        """Resolve many names at once: ``{text: Place | None}`` for each distinct text.

        Each distinct text is resolved once (memoised across calls too), so a million
        rows with a few thousand distinct spellings take well under a second.
        """
        out: dict[object, Place | None] = {}
        for text in texts:
            if text in out:
                continue
            try:
                out[text] = self.resolve(text, province_hint)
            except TypeError:  # unhashable
                continue
        return out

    def _hint_code(self, hint: object) -> str | None:
        if hint is None:
            return None
        if isinstance(hint, Place):
            return hint.province_code
        if isinstance(hint, str):
            if hint in self._by_key:
                return self._by_key[hint].province_code
            place = self._resolve(hint, None, kind="province") or self._resolve(hint, None)
            return place.province_code if place else None
        return None

    def _resolve(self, text: str, hint: str | None, kind: str | None = None) -> Place | None:
        if len(text) > _MAX_INPUT:
            return None
        text = text.strip().strip(".").strip()
        if not text:
            return None
        key = fold_key(text)
        if not key:
            return None
        if key in self._elsewhere or loose_key(key) in self._elsewhere:
            if hint is None:
                return None
            entries = self._exact.get(key) or self._loose_index().get(loose_key(key)) or []
            return self._pick(
                [(i, t) for i, t in entries if self._places[i].province_code == hint], hint, kind
            )
        found = self._pick(self._exact.get(key), hint, kind)
        if found:
            return found
        parts = [p for p in _LIST_SEPARATORS.split(text) if p and p.strip()]
        if len(parts) > 1:
            return self._resolve_list(parts, hint, kind)
        for pattern, qualified_kind in _QUALIFIERS:
            if kind and kind != qualified_kind:
                continue
            m = pattern.match(text)
            if m and m.group(1).strip():
                return self._resolve(m.group(1), hint, qualified_kind)
        found = self._pick(self._loose_index().get(loose_key(key)), hint, kind)
        if found:
            return found
        return self._fuzzy(key, hint, kind)

    def _resolve_list(self, parts: list[str], hint: str | None, kind: str | None) -> Place | None:
        # Parts come in either order ("Ahvaz, Khuzestan" and, in Persian habit, "خوزستان،
        # اهواز"): a part naming a province is the hint for the others, and the most
        # specific place any part names is the answer (the first one on a tie).
        parts = parts[:8]
        as_province = [self._resolve(part, None, kind="province") for part in parts]
        best: Place | None = None
        for i, part in enumerate(parts):
            others = [p.key for j, p in enumerate(as_province) if p is not None and j != i]
            place = self._resolve(part, others[0] if others else hint, kind)
            if place is None:
                continue
            if best is None or _SPECIFICITY[place.kind] > _SPECIFICITY[best.kind]:
                best = place
        return best

    def _pick(
        self, entries: list[tuple[int, int]] | None, hint: str | None, kind: str | None
    ) -> Place | None:
        if not entries:
            return None
        cands = [(self._places[i], tier) for i, tier in entries]
        if kind:
            cands = [(p, t) for p, t in cands if p.kind == kind]
            if not cands:
                return None
        best_tier = min(t for _, t in cands)
        cands = [p for p, t in cands if t == best_tier]
        if hint:
            in_hint = [p for p in cands if p.province_code == hint]
            if in_hint:
                cands = in_hint
        if len(cands) == 1:
            return cands[0]
        keys = {p.key for p in cands}
        demoted = {self._capital_of[k] for k in keys if k in self._capital_of}

        def rank(p: Place):
            kind_rank = _KIND_RANK.get(p.kind, 9)
            if p.key in demoted:
                kind_rank = 5
            return (kind_rank, not p.reviewed, -(p.population or 0), p.key)

        return min(cands, key=rank)

    def _fuzzy(self, key: str, hint: str | None, kind: str | None) -> Place | None:
        if len(key) < _FUZZY_MIN_KEY:
            return None
        try:
            from rapidfuzz import fuzz, process
        except ImportError:  # pragma: no cover - rapidfuzz is a dependency of sabt
            return None
        hits = process.extract(
            key,
            self._fuzzy_keys,
            scorer=fuzz.ratio,
            limit=6,
            score_cutoff=_FUZZY_CUTOFF - _FUZZY_MARGIN,
        )
        if not hits or hits[0][1] < _FUZZY_CUTOFF:
            return None
        best_key, best_score = hits[0][0], hits[0][1]
        best = self._pick([(i, _NAME) for i in self._fuzzy_index[best_key]], hint, kind)
        if best is None:
            return None
        for other_key, score, _ in hits[1:]:
            if best_score - score >= _FUZZY_MARGIN:
                break
            other = self._pick([(i, _NAME) for i in self._fuzzy_index[other_key]], hint, kind)
            if (
                other is not None
                and other.key != best.key
                and other.key != (self._capital_of.get(best.key))
                and best.key != self._capital_of.get(other.key)
            ):
                return None  # two different places about as close: no guess
        return best

    # -- self-description ------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        out = {kind: 0 for kind in KINDS}
        for place in self._places:
            out[place.kind] = out.get(place.kind, 0) + 1
        out["aliases"] = sum(len(p.aliases) for p in self._places)
        out["names"] = len(self._exact)
        return out

    def describe(self) -> str:
        """A paragraph for a report's methodology section: what is here and where it came from."""
        c = self.counts()
        lines = [
            (
                f"Gazetteer: {c['country']} country, {c['province']} provinces, {c['city']} cities "
                f"and towns, {c['crossing']} border crossings, {c['county']} counties; "
                f"{c['names']} distinct folded spellings."
            ),
            (
                "Names are matched after folding case, diacritics, Arabic letter forms and "
                "spacing; a fuzzy match is accepted only at a similarity of at least "
                f"{_FUZZY_CUTOFF:.0f}/100 and when no other place is about as close."
            ),
        ]
        for name, note in self.provenance.items():
            lines.append(f"{name}: {note}")
        return "\n".join(lines)


@functools.lru_cache(maxsize=1)
def _default() -> Gazetteer:
    data = resources.files("sabt.places") / "data"
    return Gazetteer._load(lambda name: (data / name).read_text(encoding="utf-8"))


def load_time() -> float:
    """Seconds to load the packaged gazetteer from its files (for benchmarks and tests)."""
    start = time.perf_counter()
    Gazetteer._load(
        lambda name: (resources.files("sabt.places") / "data" / name).read_text(encoding="utf-8")
    )
    return time.perf_counter() - start
