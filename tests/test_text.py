from hypothesis import given
from hypothesis import strategies as st

from sabt.text import fold_digits, normalize_text, printable


def test_digits_and_arabic_forms_fold():
    assert fold_digits("۱۴۰۴/١٠/۱۸") == "1404/10/18"
    assert normalize_text(" كريمي\u200f ـ ") == "کریمی"
    assert normalize_text("غلام\u200cرضا") == "غلام\u200cرضا"


def test_printable_escapes_control_characters_and_bounds_length():
    assert printable("a\x1b[31mb") == "a\\x1b[31mb"
    assert len(printable("x" * 500, 50)) == 50


@given(st.text())
def test_normalize_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
