"""From a written name to tokens with a canonical Latin form, a loose form and a phonetic key.

A name is split into tokens at spaces, hyphens and punctuation (a ZWNJ stays inside its token).
Each token is looked up in the lexicon (whole, then segmented into parts); then tokens are
merged where lists disagree on spacing:

* a free-standing suffix joins the token before it: ``Ali Zadeh`` → ``Alizadeh``,
  ``علی زاده`` → ``علیزاده``, ``Hassan Pour`` → ``Hassanpour``, ``Rouh Allah`` → ``Ruhollah``;
* a free-standing prefix joins the token after it: ``Gholam Reza`` → ``Gholamreza``,
  ``Abdol-Hossein`` → ``Abdolhossein``, ``Pour Mohammadi`` → ``Pourmohammadi`` (also after a
  given name: ``Ali Pour Mohammadi`` → ``Ali Pourmohammadi``);
* Arabic-style ``Abd al-`` / ``Abu al-`` / ``Abdul`` are read as ``Abdol`` / ``Abol``:
  ``Abu al-Fazl`` → ``Abolfazl``;
* two given names in a row form one compound given name: ``Mohammad Reza`` →
  ``Mohammadreza`` (so ``Mohammad Reza``, ``Mohammad-Reza`` and ``Mohammadreza`` agree).

Titles (Seyed, Sadat, Haji) stay separate tokens; comparisons treat them as optional.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sabt.names._lexicon import PREFIX_KINDS, SUFFIX_KINDS, join_latin, lexicon, segment
from sabt.names._script import (
    ARABIC_BLOCK,
    latin_loose,
    normalize_persian,
    persian_key,
    skeleton,
    transliterate_letters,
)


@dataclass(frozen=True, slots=True)
class Token:
    raw: str
    """The token as written (merged tokens keep a space between their parts)."""
    form: str
    """Canonical Latin matching form, lower case (``mohammadreza``)."""
    display: str
    """Canonical Latin as a list would show it (``Mohammadreza``)."""
    loose: str
    """Loose Latin spelling used for fuzzy comparison (``muhamadreza``)."""
    key: str
    """Consonant skeleton (``mhmdrz``)."""
    kind: str
    """given, family, stem, prefix, suffix, affix, title or unknown."""
    known: bool
    persian: bool
    parts: tuple[str, ...]
    """Canonical Latin parts (``("mohammad", "reza")``); one part for an unknown token."""


COMPOUND_LEADERS = frozenset(
    {"mohammad", "ali", "amir", "hossein", "hassan", "abbas", "mehdi", "fatemeh", "mir", "seyed"}
)
"""Given names that begin compound given names (Mohammad Reza, Ali Akbar, Amir Hossein,
Hossein Ali, Fatemeh Zahra); another given name after one of them joins it."""

_DOUBLE = re.compile(r"([a-z])\1+")
_SPLIT = re.compile(r"[\s\-_.,;:/()\[\]\"«»،؛]+")
_ABD_AL = re.compile(r"\b(?:abd|abdu|abde|abdo)\s*[-'’]?\s*[aeiou]?l\s*[-'’ ]\s*", re.IGNORECASE)
_ABU_AL = re.compile(r"\b(?:abu|abo)\s*[-'’]?\s*[aeiou]?l\s*[-'’ ]\s*", re.IGNORECASE)


def _has_arabic(text: str) -> bool:
    return ARABIC_BLOCK.search(text) is not None


def _make(raw: str, parts: list[str], kind: str, known: bool, persian: bool) -> Token:
    form = join_latin(parts)
    # Loose spelling and key per part, then joined: folding rules must not act across a
    # part boundary (Mohammad|hossein has no "dh"). A part's final "eh" is silent only at the
    # end of the name: Fatemeh|zahra and Kaveh|i are written Fatemehzahra and Kavehi.
    part_loose = [latin_loose(p) + ("h" if i < len(parts) - 1 and p.lower().endswith("eh") else "")
                  for i, p in enumerate(parts)]
    loose = _DOUBLE.sub(r"\1", "".join(part_loose))
    key = _DOUBLE.sub(r"\1", "".join(skeleton(p) for p in part_loose))
    return Token(
        raw=raw,
        form=form,
        display=form[:1].upper() + form[1:],
        loose=loose,
        key=key,
        kind=kind,
        known=known,
        persian=persian,
        parts=tuple(p.lower() for p in parts),
    )


def _kind_of(entries) -> str:
    kinds = [e.kind for e in entries]
    if len(kinds) == 1:
        return kinds[0]
    if kinds[-1] in SUFFIX_KINDS and kinds[0] not in SUFFIX_KINDS:
        return "family"
    if kinds[0] in PREFIX_KINDS and entries[0].latin.lower() in ("pour", "mir") and any(
        k == "family" for k in kinds
    ):
        return "family"
    if all(k in ("given", "prefix") for k in kinds):
        return "given"
    return "family" if "family" in kinds else "stem"


SOUND_ALIKE = {"ت": "ط", "ط": "ت", "ح": "ه", "ه": "ح", "س": "صث", "ص": "سث", "ث": "سص", "ز": "ذضظ",
               "ذ": "زضظ", "ض": "زذظ", "ظ": "زذض", "ق": "غ", "غ": "ق"}
"""Persian letters that sound alike and that typists confuse: ط/ت, ح/ه, ص/س/ث, ذ/ز/ض/ظ, ق/غ."""


def _known_up_to_confusion(key: str):
    """The lexicon entry a token not in the lexicon spells with one letter that sounds alike
    written for another (``طاحری`` for ``طاهری``, Taheri), if exactly one entry is reachable so;
    else None (two candidates are not guessed between)."""
    lex = lexicon()
    found = {}
    for i, ch in enumerate(key):
        for other in SOUND_ALIKE.get(ch, ""):
            entry = lex.by_persian.get(key[:i] + other + key[i + 1:])
            if entry is not None:
                found[entry.latin] = entry
    return next(iter(found.values())) if len(found) == 1 else None


@lru_cache(maxsize=1 << 20)
def analyse_token(raw: str) -> Token:
    """One token (no spaces) → its :class:`Token`; memoised, so a million records cost little."""
    lex = lexicon()
    if _has_arabic(raw):
        key = persian_key(raw)
        entry = lex.by_persian.get(key)
        if entry is not None:
            return _make(raw, [entry.latin], entry.kind, True, True)
        parts = segment(key, True)
        if parts:
            return _make(raw, [p.latin for p in parts], _kind_of(parts), True, True)
        entry = _known_up_to_confusion(key)
        if entry is not None:
            return _make(raw, [entry.latin], entry.kind, True, True)
        letters = transliterate_letters(key)
        return _make(raw, [letters or key], "unknown", False, True)
    loose = latin_loose(raw)
    entry = lex.by_latin.get(loose)
    if entry is not None:
        return _make(raw, [entry.latin], entry.kind, True, False)
    parts = segment(loose, False) if len(loose) > 3 else None
    if parts:
        return _make(raw, [p.latin for p in parts], _kind_of(parts), True, False)
    tidy = re.sub(r"[^a-z]", "", raw.lower()) or loose
    token = _make(raw, [tidy], "unknown", False, False)
    return Token(
        raw=raw, form=loose, display=tidy[:1].upper() + tidy[1:], loose=loose, key=token.key,
        kind="unknown", known=False, persian=False, parts=(loose,),
    )


def _join(a: Token, b: Token, kind: str) -> Token:
    """Two adjacent tokens read as one (``Ali`` + ``zadeh``)."""
    glued = analyse_token(a.raw.replace(" ", "") + b.raw.replace(" ", ""))
    if glued.known and glued.kind not in ("unknown",):
        return Token(
            raw=f"{a.raw} {b.raw}", form=glued.form, display=glued.display, loose=glued.loose,
            key=glued.key, kind=kind if glued.kind in ("stem",) else glued.kind,
            known=True, persian=glued.persian, parts=glued.parts,
        )
    made = _make(f"{a.raw} {b.raw}", [*a.parts, *b.parts], kind, a.known and b.known, a.persian)
    if not (a.known and b.known):
        loose = latin_loose(a.loose + b.loose)
        made = Token(
            raw=made.raw, form=a.form + b.form, display=a.display + b.display.lower(),
            loose=loose, key=skeleton(loose), kind=kind, known=False, persian=a.persian,
            parts=made.parts,
        )
    return made


def _same_case(word: str, written: str) -> str:
    if written.isupper():
        return word.upper()
    return word.capitalize() if written[:1].isupper() else word


def _prepare(text: str) -> str:
    text = normalize_persian(text)
    if not _has_arabic(text) or re.search("[A-Za-z]", text):
        text = _ABD_AL.sub(lambda m: _same_case("abdol", m.group(0)), text)
        text = _ABU_AL.sub(lambda m: _same_case("abol", m.group(0)), text)
    return text


def _prefixes_family(before: list[Token], after: list[Token]) -> bool:
    """Pour between a given name and a family name is the family name's prefix: ``Ali Pour
    Mohammadi`` and ``علی پور محمدی`` are Ali Pourmohammadi, not Alipour Mohammadi (lists that
    space compounds write پور محمدی as two words). Last in the name it stays a suffix:
    ``Amir Hassan Pour`` is Amir Hassanpour. (Two given names before it: a compound given name,
    ``Mohammad Reza Pour Ahmadi``.)"""
    named = [t for t in before if t.kind != "title"]
    return (1 <= len(named) <= 2 and all(t.kind == "given" for t in named) and bool(after)
            and after[0].kind not in SUFFIX_KINDS | {"title"})


@lru_cache(maxsize=1 << 18)
def analyse_name(text: str) -> tuple[Token, ...]:
    """A full name → merged tokens (see the module docstring for the merge rules)."""
    raw_tokens = [t for t in _SPLIT.split(_prepare(text)) if t and t != "\u200c"]
    tokens = [analyse_token(t) for t in raw_tokens]
    # pass 1: affixes written apart join their neighbour
    out: list[Token] = []
    pending_prefix: Token | None = None
    for index, tok in enumerate(tokens):
        if pending_prefix is not None:
            tok = _join(pending_prefix, tok, "given" if tok.kind == "given" else tok.kind)
            pending_prefix = None
        if tok.kind in ("prefix",) or (tok.kind == "affix" and (not out or _prefixes_family(out, tokens[index + 1:]))):
            pending_prefix = tok
            continue
        if out and tok.kind in SUFFIX_KINDS and out[-1].kind != "title":
            out[-1] = _join(out[-1], tok, "family")
            continue
        out.append(tok)
    if pending_prefix is not None:
        out.append(pending_prefix)
    # pass 2: a compound given name written in two words (Mohammad Reza) becomes one
    merged: list[Token] = []
    for tok in out:
        if (
            merged
            and tok.kind == "given"
            and merged[-1].kind == "given"
            and len(merged[-1].parts) == 1
            and len(tok.parts) == 1
            and merged[-1].form in COMPOUND_LEADERS
        ):
            merged[-1] = _join(merged[-1], tok, "given")
            continue
        merged.append(tok)
    out = merged
    return tuple(out)
