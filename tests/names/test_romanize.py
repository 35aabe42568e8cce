"""Romanisation, matching forms, phonetic keys and name splitting (expected values by hand)."""

import pytest

from sabt.names import lexicon, matching_form, phonetic_key, romanize, split_name


@pytest.mark.parametrize(
    "text, expected",
    [
        ("محمدرضا احمدی", "Mohammadreza Ahmadi"),
        ("محمد رضا احمدی", "Mohammadreza Ahmadi"),
        ("غلامرضا قلی‌زاده", "Gholamreza Gholizadeh"),
        ("حسین رضائي", "Hossein Rezaei"),
        ("فاطمه موسوی", "Fatemeh Mousavi"),
        ("ابوالفضل حسین‌پور", "Abolfazl Hosseinpour"),
        ("خسرو خسروی", "Khosrow Khosravi"),
        ("ژاله نوری", "Jaleh Nouri"),
        ("Muhammad Hussein Rezaee", "Mohammadhossein Rezaei"),
        ("Qolam-Reza Gholi Zadeh", "Gholamreza Gholizadeh"),
        ("Abu al-Fazl Musavi", "Abolfazl Mousavi"),
        ("Seyyed Ali Hosseiny", "Seyed Ali Hosseini"),
    ],
)
def test_romanize(text, expected):
    assert romanize(text) == expected


@pytest.mark.parametrize(
    "variants, form",
    [
        (["Mohammad", "Muhammad", "Mohammed", "Mohamad", "Mohamed", "محمد", "MOHAMMAD"], "mohammad"),
        (["Hossein", "Hosein", "Hussein", "Husain", "Hosseyn", "حسین"], "hossein"),
        (["Mohammad Reza", "Mohammadreza", "Mohammad-Reza", "محمدرضا", "محمد رضا", "محمد‌رضا"], "mohammadreza"),
        (["Alizadeh", "Alizade", "Ali-Zadeh", "Ali Zadeh", "علیزاده", "علی‌زاده", "علی زاده"], "alizadeh"),
        (["Rezaei", "Rezaee", "Rezaie", "Rezayi", "رضایی", "رضائی"], "rezaei"),
        (["Gholamreza", "Qolamreza", "Golamreza", "Gholam Reza", "غلامرضا"], "gholamreza"),
        (["Alipour", "Alipur", "Alipoor", "علی‌پور"], "alipour"),
        (["Khosrow", "Khosro", "Xosrow", "خسرو"], "khosrow"),
        (["Mousavi", "Musavi", "Moosavi", "موسوی"], "mousavi"),
        (["Jafar", "Ja'far", "Jaafar", "جعفر"], "jafar"),
    ],
)
def test_matching_form_folds_variants(variants, form):
    assert {matching_form(v) for v in variants} == {form}


@pytest.mark.parametrize(
    "persian, latin",
    [
        ("محمد حسینی", "Muhammad Husseini"),
        ("کاوسی", "Kavoosi"),  # not in the lexicon: letter rules on both sides
        ("دهقانی", "Dehghani"),
        ("داوود نوروزی", "Dawood Nowruzi"),
        ("یوسف قاسمی", "Yusuf Qasemi"),
        ("سید مهدی خلیلی", "Mehdi Khalili"),  # the title is not part of the key
        ("جهانگیری", "Jahangiri"),  # a consonant then ه: not "jh" (→ j) in the letter rules
        ("سپهری", "Sepehri"),  # not "sph" (→ sf)
        ("اسلامشهری", "Eslamshahri"),  # not "shh" (→ sh)
        ("کاوهی", "Kavehi"),  # Kaveh + i: the h of a part is heard inside the name
        ("فاطمه‌زهرا", "Fatemehzahra"),
        ("مجیدپور", "Maddjidpour"),  # a doubled letter before dj
    ],
)
def test_phonetic_key_agrees_across_scripts(persian, latin):
    assert phonetic_key(persian) == phonetic_key(latin)


def test_matching_form_can_leave_out_titles():
    assert matching_form("Seyed Ali Mousavi") == "seyed ali mousavi"
    assert matching_form("Seyed Ali Mousavi", titles=False) == matching_form("سید علی موسوی", titles=False) == "ali mousavi"
    assert matching_form("Fatemeh Zahrah") == matching_form("Fatemeh Zahra")


def test_phonetic_key_examples():
    assert phonetic_key("Mohammad") == "mhmd"
    assert phonetic_key("Hosseini") == "hsn"
    assert phonetic_key("Ahmadi Ali", sort_tokens=True) == phonetic_key("Ali Ahmadi", sort_tokens=True)


@pytest.mark.parametrize(
    "full, given, family",
    [
        ("Ali Ahmadi", "Ali", "Ahmadi"),
        ("Mohammad Reza Ahmadi", "Mohammad Reza", "Ahmadi"),
        ("محمد رضا احمدی", "محمد رضا", "احمدی"),
        ("Seyed Ali Mousavi", "Seyed Ali", "Mousavi"),
        ("فاطمه سادات حسینی", "فاطمه سادات", "حسینی"),
        ("Ahmadi, Ali", "Ali", "Ahmadi"),
        ("Ahmadi Mohammad", "Mohammad", "Ahmadi"),
        ("Ali Hossein Zadeh", "Ali", "Hossein Zadeh"),
        ("Zahra", "Zahra", ""),
        ("", "", ""),
    ],
)
def test_split_name(full, given, family):
    assert split_name(full) == (given, family)


def test_lexicon_is_versioned_with_provenance_and_consistent():
    lex = lexicon()
    assert lex.version.startswith("sabt names lexicon, version")
    assert lex.provenance.startswith("# provenance:")
    assert len(lex.entries) >= 300
    assert lex.collisions == ()  # no two names share a lookup key
    kinds = {e.kind for e in lex.entries}
    assert {"given", "family", "stem", "prefix", "suffix", "title"} <= kinds
    affixes = {e.latin for e in lex.entries if e.kind in ("suffix", "affix", "prefix")}
    assert {"i", "zadeh", "pour", "nejad", "far", "ian", "lou", "vand", "ollah", "Gholam", "Abdol"} <= affixes
    canonical = [e.latin.lower() for e in lex.entries if e.kind in ("given", "family")]
    assert len(canonical) == len(set(canonical))
