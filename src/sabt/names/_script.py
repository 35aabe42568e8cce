"""Character-level folding of names: Persian/Arabic script, Latin spellings, consonant skeletons.

Every rule is listed with an example, in the order it is applied. The rules are pure string
functions; the lexicon-aware parts (which spelling of a *name* is canonical) live in
:mod:`sabt.names._lexicon` and :mod:`sabt.names._analyse`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --------------------------------------------------------------------------------------------
# Persian / Arabic script
# --------------------------------------------------------------------------------------------

DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
"""Persian (U+06F0–U+06F9) and Arabic-Indic (U+0660–U+0669) digits → ASCII: ``۱۴۰۴`` → ``1404``,
``٤٥`` → ``45`` (the Persian and Arabic-Indic 4, 5 and 6 look different; both are read)."""

LETTERS = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh ي → Persian yeh ی:            علي → علی
        "\u0649": "\u06cc",  # alef maksura ى → ی:                      مصطفى → مصطفی
        "\u06d2": "\u06cc",  # yeh barree ے → ی (Urdu keyboards)
        "\u06d0": "\u06cc",  # yeh with two dots below ې → ی
        "\u0643": "\u06a9",  # Arabic kaf ك → keheh ک:                   كريم → کریم
        "\u0629": "\u0647",  # teh marbuta ة → heh ه:                     فاطمة → فاطمه
        "\u06c0": "\u0647",  # heh with yeh above ۀ → ه:                  (ezafe) خانۀ → خانه
        "\u06c1": "\u0647",  # heh goal ہ → ه
        "\u06d5": "\u0647",  # ae ە → ه (Kurdish keyboards)
        "\u0623": "\u0627",  # alef with hamza above أ → ا:                أحمد → احمد
        "\u0625": "\u0627",  # alef with hamza below إ → ا:                إبراهيم → ابراهیم
        "\u0671": "\u0627",  # alef wasla ٱ → ا
        "\u0672": "\u0627",
        "\u0673": "\u0627",
        "\u0624": "\u0648",  # waw with hamza ؤ → و:                       مؤمن → مومن
        "\u0626": "\u06cc",  # yeh with hamza ئ → ی:                       رضائی → رضایی
        "\u0621": None,  # lone hamza ء dropped:                            املاء → املا
        "\u200d": None,  # zero-width joiner dropped (never part of a spelling)
    }
)
"""Letter forms that differ only by keyboard or Arabic/Persian habit (applied after NFKC)."""

DIACRITICS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
"""Harakat, shadda, sukun, superscript alef and Quranic marks: ``مُحَمَّد`` → ``محمد``."""

INVISIBLE = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u0640\u061c]")
"""Bidi marks, BOM, Arabic letter mark and tatweel ـ: ``مـحـمد`` → ``محمد``."""

SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
ZWNJ_RUNS = re.compile("\u200c{2,}")
ZWNJ_LOOSE = re.compile(r"[\s\u200c]*\u200c[\s\u200c]*")

ARABIC_BLOCK = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
PERSIAN_ONLY = set("پچژگکی")  # letters Arabic does not use (after folding, ک and ی are Persian)
ARABIC_ONLY = set("\u0629\u064a\u0643\u0649")  # ة ي ك ى: Arabic spellings a Persian text folds


def fold_digits(text: str) -> str:
    """Persian and Arabic-Indic digits → ASCII digits; everything else untouched.

    >>> fold_digits("۱۴۰۴/۱۰/۱۸")
    '1404/10/18'
    """
    return text.translate(DIGITS)


def normalize_persian(text: str) -> str:
    """Fold Persian and Arabic script to one spelling a reader would accept as the same.

    Steps (each idempotent, applied in this order):

    1. NFKC: Arabic presentation forms become base letters (``ﻣﺤﻤﺪ`` → ``محمد``) and a letter
       plus a combining hamza becomes the precomposed letter.
    2. Bidi marks, BOM and tatweel dropped (``مـحمد`` → ``محمد``).
    3. Diacritics dropped (``مُحَمَّد`` → ``محمد``).
    4. Letter forms folded (see ``LETTERS``): ي ى → ی, ك → ک, ة → ه, ۀ → ه, أ إ ٱ → ا, ؤ → و,
       ئ → ی, lone ء dropped (``علي`` → ``علی``, ``فاطمة`` → ``فاطمه``, ``رضائي`` → ``رضایی``).
    5. Digits to ASCII (``۲۵`` → ``25``).
    6. White space collapsed; a zero-width non-joiner (نیم‌فاصله) is *kept* (it is Persian
       spelling: ``علی‌زاده``) but runs of it collapse and it is dropped next to a space or at
       either end. Alef madda آ is kept (``آرش``); only matching keys fold it to ا.

    Never raises: any ``str`` goes in, a ``str`` comes out; Latin text passes through with only
    NFKC (ligatures, full-width forms), white space and digits folded.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = INVISIBLE.sub("", text)
    text = DIACRITICS.sub("", text)
    text = text.translate(LETTERS).translate(DIGITS)
    text = ZWNJ_RUNS.sub("\u200c", text)
    text = SPACES.sub(" ", text)
    text = ZWNJ_LOOSE.sub(lambda m: " " if " " in m.group(0) else "\u200c", text)
    text = text.strip(" \u200c")
    # NFKC again: folding can leave a sequence that composes differently (idempotence).
    text2 = unicodedata.normalize("NFKC", text)
    if text2 != text:
        return normalize_persian(text2)
    return text


def detect_script(text: str) -> str:
    """``"persian"``, ``"arabic"``, ``"latin"``, ``"mixed"`` — or ``"unknown"`` with no letters.

    Arabic-script text is ``"arabic"`` only when it uses an Arabic-only letter form (ة ي ك ى)
    and no Persian-only letter (پ چ ژ گ ک ی); text in letters common to both (``محمد``) counts as
    Persian, sabt's default for Iran. Latin plus Arabic-script letters is ``"mixed"``.

    >>> detect_script("محمد رضایی"), detect_script("Mohammad Rezaei"), detect_script("علي")
    ('persian', 'latin', 'arabic')
    """
    arabic_script = latin = False
    persian_only = arabic_only = False
    for ch in text:
        if ARABIC_BLOCK.match(ch):
            if ch.isalpha():
                arabic_script = True
                if ch in PERSIAN_ONLY:
                    persian_only = True
                elif ch in ARABIC_ONLY:
                    arabic_only = True
        elif ch.isalpha() and ("a" <= ch.lower() <= "z" or "LATIN" in unicodedata.name(ch, "")):
            latin = True
    if arabic_script and latin:
        return "mixed"
    if arabic_script:
        return "arabic" if arabic_only and not persian_only else "persian"
    if latin:
        return "latin"
    return "unknown"


def persian_key(token: str) -> str:
    """A Persian token as the lexicon looks it up: normalised, ZWNJ and spaces removed, آ → ا.

    ``"علی‌زاده"``, ``"علی زاده"`` and ``"علیزاده"`` all give ``"علیزاده"``; ``"آرش"`` gives ``"ارش"``.
    """
    text = normalize_persian(token)
    return text.replace("\u200c", "").replace(" ", "").replace("آ", "ا")


# Fallback letter mapping, for Persian tokens the lexicon does not know. Short vowels are not
# written, so the result is a consonant skeleton with the long vowels guessed from ا و ی.
_CONSONANTS = {
    "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh",
    "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s",
    "ض": "z", "ط": "t", "ظ": "z", "غ": "gh", "ف": "f", "ق": "gh", "ک": "k", "گ": "g",
    "ل": "l", "م": "m", "ن": "n",
}
_VOWEL_LETTERS = set("اآو ی")


@lru_cache(maxsize=1 << 16)
def transliterate_letters(key: str) -> str:
    """Rule-based Persian → Latin letter mapping (the fallback behind the lexicon).

    ا آ → a; ع dropped; و → v at the start or next to a vowel letter, else u; ی → y at the start
    or before a vowel letter, else i; ه → eh at the end or within a word after a consonant, else h; the other
    letters by the table above. ``"کاوسی"`` → ``"kavsi"``, ``"موسوی"`` → ``"musavi"``,
    ``"یزد"`` → ``"yzd"``.
    """
    out: list[str] = []
    n = len(key)
    for i, ch in enumerate(key):
        prev = key[i - 1] if i else ""
        nxt = key[i + 1] if i + 1 < n else ""
        if ch in _CONSONANTS:
            if ch == "ح" and out and out[-1][-1:] in ("k", "g", "s", "z"):
                out.append("e")  # س+ح is s-h, not sh: keep the two letters apart
            out.append(_CONSONANTS[ch])
        elif ch in "اآ":
            out.append("a")
        elif ch == "و":
            if i == 0 or prev in "اآ" or nxt in "اآی":
                out.append("v")
            else:
                out.append("u")
        elif ch == "ی":
            if i == 0 or (nxt and nxt in "اآو"):
                out.append("y")
            else:
                out.append("i")
        elif ch == "ه":
            # a consonant then ه inside a word carries a short vowel; without it kh/jh/sh+h/ph read as
            # other letters: جهانگیری → jehangiri (not jhangiri → jangiri), سپهری → sepehri, کهن → kehn
            if i < n - 1 and prev in _CONSONANTS:
                out.append("e")
            if i == n - 1 and prev and prev not in "اآو":
                out.append("eh")
            else:
                out.append("h")
        elif ch == "ع":
            continue
        elif "a" <= ch <= "z":
            out.append(ch)
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Latin spellings
# --------------------------------------------------------------------------------------------

_APOSTROPHES = re.compile("[\u0027\u2018\u2019\u02bc\u02bf\u02be\u0060\u00b4]")
_NOT_LETTER = re.compile("[^a-z]")
_LOOSE_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        # (pattern, replacement) — example
        (r"([b-df-hj-np-tv-z])\1+", r"\1"),  # Maddjid → madjid (doubled consonants first, so the rules below see them)
        (r"dj", "j"),  # Djavad → javad
        (r"tch", "ch"),  # Tchehreh → chehreh
        (r"zh|jh", "j"),  # Zhaleh → jaleh, Nezhad → nejad, Nejhad → nejad
        (r"x", "kh"),  # Xosrow → khosrow (kh/x)
        (r"q", "gh"),  # Qasem → ghasem, Qolam → gholam (gh/q: غ and ق)
        (r"w", "v"),  # Dawood → davood (w/v)
        (r"ph", "f"),  # Mostapha → mostafa
        (r"ou|oo|uu", "u"),  # Mousavi, Moosavi → musavi (ou/oo/u)
        (r"o", "u"),  # Hossein → hussein, Mohammad → muhammad (o/u: unwritten short vowel)
        (r"ee", "i"),  # Ameer → amir (ee/i)
        (r"iy(?=[aeiu])", "i"),  # Mahdiyeh → mahdieh
        (r"ey|ay(?![aeiu])", lambda m: m.group(0)[0] + "i"),  # Heydar → heidar, Hayder → haider
        (r"eh$", "e"),  # Zadeh → zade, Fatemeh → fateme (final silent h)
        (r"(?<=[a-z]{3})ah$", "a"),  # Zahrah → zahra (a final h some lists add after a)
        (r"(?<=a)(?:ei|ie|yi|ii)$", "i"),  # Rezaei, Rezaie, Rezayi → rezai (but Marzie stays)
        (r"(?<=[a-z]{3})y$", "i"),  # Ahmady → ahmadi
        (r"aei", "ai"),  # Rezaeian → rezaian
        (r"([a-z])\1+", r"\1"),  # Hassan → hasan, Abbas → abas (doubled letters single)
    )
)


@lru_cache(maxsize=1 << 18)
def latin_loose(token: str) -> str:
    """A Latin token folded so that the usual transliteration variants coincide.

    Lower case, accents and apostrophes dropped (``Zadé`` → ``zade``, ``Ja'far`` → ``jafar``), then
    the rules in ``_LOOSE_RULES`` in order. The result is a *lookup* spelling, not one to show.
    Vowels other than o/u stay apart (``Mohammed`` → ``muhamed``, ``Muhammad`` → ``muhamad``):
    such variants are listed in the lexicon, because e/a and e/i differences also separate
    different names (Hamed / Hamid).

    >>> latin_loose("Hosseinzadeh"), latin_loose("Husseinzade")
    ('huseinzade', 'huseinzade')
    """
    text = unicodedata.normalize("NFKD", token.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text)
    text = _NOT_LETTER.sub("", text)
    for pattern, replacement in _LOOSE_RULES:
        text = pattern.sub(replacement, text)
    return text


_SKELETON_DIGRAPHS = (("kh", "x"), ("gh", "q"), ("sh", "S"), ("ch", "C"), ("zh", "j"))
_VOWELS = re.compile("[aeiou]")
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 18)
def skeleton(loose: str) -> str:
    """Consonant skeleton of a loose Latin token: the phonetic key for blocking.

    kh → x, gh → q, sh → S, ch → C; vowels dropped; y dropped except at the start (it is often
    a written vowel: Rezayi); doubled letters single. ``muhamad`` → ``mhmd``,
    ``husein`` → ``hsn``, ``khusravi`` → ``xsrv``, ``yusef`` → ``ysf``.
    """
    text = loose
    for digraph, letter in _SKELETON_DIGRAPHS:
        text = text.replace(digraph, letter)
    if not text:
        return ""
    head, tail = text[0], text[1:]
    if head in "aeiou":
        head = ""
    tail = _VOWELS.sub("", tail).replace("y", "")
    return _DOUBLE.sub(r"\1", head + tail)


_TRANSLITERATION_FOLD = str.maketrans({"x": "k", "q": "g"})


def transliteration_key(key: str) -> str:
    """A phonetic key with the letters lists romanise two ways folded: kh → k (``Kalil`` for
    خلیل), gh / q → g (``Golamreza``). Coarser than the key, so a comparison level of its own,
    below the keys' exact agreement: Karimi and Khorrami stay apart only in the finer key.

    >>> transliteration_key("xll"), transliteration_key("qlmrz")
    ('kll', 'glmrz')
    """
    return key.translate(_TRANSLITERATION_FOLD)
