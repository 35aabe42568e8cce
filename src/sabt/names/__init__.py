"""Persian, Arabic and Latin name handling: normalise, romanise, key and compare names.

The same victim appears as ``محمدرضا احمدی`` in one list, ``Mohammad Reza Ahmadi`` in a
second and ``Ahmadi, Muhammadreza`` in a third. This package gives all three one *matching
form* (``mohammadreza ahmadi``), one *phonetic key* for blocking (``mhmdrz hmd``) and a
similarity that explains itself::

    >>> from sabt.names import matching_form, phonetic_key, name_similarity
    >>> matching_form("محمدرضا احمدی"), matching_form("Mohammad Reza Ahmadi")
    ('mohammadreza ahmadi', 'mohammadreza ahmadi')
    >>> phonetic_key("محمدرضا احمدی") == phonetic_key("Muhammad-Rida Ahmady")
    True
    >>> name_similarity("Ahmadi, Muhammad-Reza", "محمدرضا احمدی")
    0.99

Layers, each documented rule by rule:

* :mod:`sabt.names._script` — characters: Persian/Arabic letter forms, digits, invisible marks,
  Latin spelling habits (``latin_loose``), consonant skeletons, the fallback letter mapping;
* :mod:`sabt.names._lexicon` — the versioned lexicon (``data/lexicon.csv``) and segmentation of
  a token into known parts;
* :mod:`sabt.names._analyse` — tokens, merges of compound names and affixes;
* :mod:`sabt.names._similarity` — pair scores with reasons.

All functions are pure and memoised per token; see ``benchmarks/names_accuracy.py`` for
accuracy and speed.
"""

from __future__ import annotations

from functools import lru_cache

from sabt.names._analyse import Token, analyse_name
from sabt.names._lexicon import lexicon
from sabt.names._script import detect_script, fold_digits, normalize_persian
from sabt.names._similarity import (
    NameComparison,
    PersonName,
    compare_names,
    compare_persons,
    name_similarity,
)

__all__ = [
    "NameComparison",
    "PersonName",
    "Token",
    "analyse_name",
    "compare_names",
    "compare_persons",
    "detect_script",
    "fold_digits",
    "lexicon",
    "matching_form",
    "name_similarity",
    "normalize_persian",
    "phonetic_key",
    "romanize",
    "search_spellings",
    "split_name",
]


def romanize(text: str) -> str:
    """A name in canonical Latin as lists write it: ``"غلامرضا قلی‌زاده"`` → ``"Gholamreza Gholizadeh"``.

    Persian or Arabic script goes through the lexicon (whole tokens, then known parts) and, for
    tokens it does not know, the rule-based letter mapping (short vowels cannot be recovered:
    ``کاوسی`` → ``Kavsi``). Latin input comes back in the canonical spelling for known names
    (``Muhammad Hussein Rezaee`` → ``Mohammadhossein Rezaei``) and tidied otherwise.
    """
    return " ".join(t.display for t in analyse_name(text or ""))


def matching_form(text: str, *, titles: bool = True) -> str:
    """The canonical Latin matching form: lower case, variants folded, compounds joined.

    ``muhammad``, ``mohammed``, ``mohamad`` and ``محمد`` all give ``mohammad``;
    ``Mohammad Reza``, ``Mohammad-Reza`` and ``محمد رضا`` give ``mohammadreza``. Tokens the
    lexicon does not know come out in their loose spelling (``Kavoosi`` → ``kavusi``).
    ``titles=False`` leaves out Seyed, Sadat, Haji…, which one list writes and another omits.
    """
    return " ".join(t.form for t in analyse_name(text or "") if titles or t.kind != "title")


_ARABIC_LETTERS = str.maketrans({"ی": "ي", "ک": "ك"})


@lru_cache(maxsize=1)
def _spellings_by_form() -> dict[str, frozenset[str]]:
    """Matching form → every spelling the lexicon knows for it, Latin and Persian (and the
    Persian with Arabic yeh and kaf, as Arabic keyboards type them)."""
    found: dict[str, set[str]] = {}
    for entry in lexicon().entries:
        form = matching_form(entry.latin, titles=True)
        if not form or " " in form:
            continue
        spellings = {entry.latin, *entry.variants}
        for persian in entry.persian:
            spellings |= {persian, persian.translate(_ARABIC_LETTERS)}
        found.setdefault(form, set()).update(spellings)
    return {form: frozenset(s) for form, s in found.items()}


def search_spellings(query: str) -> list[frozenset[str]]:
    """What a name search looks for, word by word: each word of ``query`` with the other
    spellings of the same name in both scripts (those with its matching form). ``"Hossein"`` →
    ``[{"Hossein", "Hosein", "Hussein", …, "حسین"}]``; ``"حسین"`` → the same set. A word the
    lexicon does not know stands for itself (a Persian one also for its romanisation). A row
    matches when its name contains one spelling of every word — a substring, so ``"Reza"``
    still finds ``"Rezaei"``."""
    words = []
    for word in normalize_persian(query or "").split():
        spellings = {word}
        form = matching_form(word)
        known = _spellings_by_form().get(form)
        if known:
            spellings |= known
        elif detect_script(word) != "latin" and form:
            spellings.add(form)
        words.append(frozenset(s for s in spellings if s))
    return words


def phonetic_key(text: str, *, sort_tokens: bool = False) -> str:
    """Consonant skeleton per token, for blocking: ``"Hosseini"`` and ``"حسینی"`` → ``"hsn"``.

    Drops vowels and titles; folds gh=q, kh=x, ou=u=oo, ee=i, w=v and doubled letters (see
    :func:`sabt.names._script.skeleton`). ``sort_tokens=True`` sorts the token keys, so a
    given/family swap lands in the same block.
    """
    keys = [t.key for t in analyse_name(text or "") if t.kind != "title" and t.key]
    if sort_tokens:
        keys.sort()
    return " ".join(keys)


def split_name(full: str) -> tuple[str, str]:
    """Split a full name into (given, family), in the script it was written in.

    Compound given names stay whole (``"محمد رضا احمدی"`` → ``("محمد رضا", "احمدی")``), titles
    stay with the given name (``"Seyed Ali Mousavi"`` → ``("Seyed Ali", "Mousavi")``), ``Family,
    Given`` is read by its comma, and a family-name-first order is recognised when the first
    token is a known surname and the last a known given name (``"Ahmadi Mohammad"`` →
    ``("Mohammad", "Ahmadi")``).
    """
    full = (full or "").strip()
    if "," in full or "،" in full:
        family, _, given = full.replace("،", ",").partition(",")
        return normalize_persian(given), normalize_persian(family)
    tokens = analyse_name(full)
    if not tokens:
        return "", ""
    names = [i for i, t in enumerate(tokens) if t.kind != "title"]
    if len(names) <= 1:
        return " ".join(t.raw for t in tokens), ""
    first, last = tokens[names[0]], tokens[names[-1]]
    if first.kind == "family" and last.kind == "given" and len(names) == 2:
        given = [t.raw for i, t in enumerate(tokens) if i != names[0]]
        return " ".join(given), first.raw
    cut = names[0] + 1
    while cut < len(tokens) and tokens[cut].kind == "title":  # "Fatemeh Sadat Ahmadi"
        cut += 1
    return " ".join(t.raw for t in tokens[:cut]), " ".join(t.raw for t in tokens[cut:])
