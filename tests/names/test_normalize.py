"""Character folding: each rule of sabt.names._script with a hand-written example."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sabt.names import detect_script, fold_digits, normalize_persian

ZWNJ = "\u200c"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("علي", "علی"),  # Arabic yeh
        ("مصطفى", "مصطفی"),  # alef maksura
        ("كريمي", "کریمی"),  # Arabic kaf
        ("فاطمة", "فاطمه"),  # teh marbuta
        ("خانۀ", "خانه"),  # heh with hamza
        ("أحمد", "احمد"),  # alef with hamza above
        ("إبراهيم", "ابراهیم"),  # alef with hamza below
        ("رضائي", "رضایی"),  # yeh with hamza
        ("مؤمن", "مومن"),  # waw with hamza
        ("مُحَمَّد", "محمد"),  # diacritics
        ("مـحـمـد", "محمد"),  # tatweel
        ("\u200fمحمد\u200e", "محمد"),  # bidi marks
        ("  محمد   رضا ", "محمد رضا"),  # spaces
        ("۱۴۰۴/۱۰/۱۸", "1404/10/18"),  # Persian digits
        ("٤٥٦", "456"),  # Arabic-Indic digits
        (f"علی{ZWNJ}{ZWNJ}زاده", f"علی{ZWNJ}زاده"),  # ZWNJ runs collapse, ZWNJ kept
        (f"علی {ZWNJ}زاده", "علی زاده"),  # ZWNJ next to a space dropped
        ("آرش", "آرش"),  # alef madda kept
        ("ﻣﺤﻤﺪ", "محمد"),  # presentation forms
        ("Mohammad  Reza", "Mohammad Reza"),
        ("", ""),
    ],
)
def test_normalize_persian(raw, expected):
    assert normalize_persian(raw) == expected


def test_fold_digits_leaves_everything_else():
    assert fold_digits("سن ۲۵ / ٢٥ years") == "سن 25 / 25 years"


@given(st.text())
@settings(max_examples=400)
def test_normalize_is_idempotent_and_total(text):
    once = normalize_persian(text)
    assert isinstance(once, str)
    assert normalize_persian(once) == once


@given(st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF) | st.sampled_from(" \u200c\u200fabc")))
@settings(max_examples=400)
def test_normalize_is_idempotent_on_arabic_block(text):
    once = normalize_persian(text)
    assert normalize_persian(once) == once


@pytest.mark.parametrize(
    "text, script",
    [
        ("محمد رضایی", "persian"),
        ("محمد", "persian"),  # letters common to both: Persian by default
        ("علي كريمي", "arabic"),
        ("فاطمة", "arabic"),
        ("Mohammad Rezaei", "latin"),
        ("Zadé", "latin"),
        ("Ali علی", "mixed"),
        ("1404/10/18", "unknown"),
        ("", "unknown"),
    ],
)
def test_detect_script(text, script):
    assert detect_script(text) == script
