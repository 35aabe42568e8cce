"""Name-pair similarity: positives, hard negatives, order swaps, father's name."""

import pytest

from sabt.names import PersonName, compare_names, compare_persons, name_similarity

THRESHOLD = 0.85


@pytest.mark.parametrize(
    "a, b",
    [
        ("Mohammad Ahmadi", "محمد احمدی"),
        ("Mohammad Reza Ahmadi", "محمدرضا احمدی"),
        ("Ahmadi, Mohammad-Reza", "Mohammadreza Ahmadi"),
        ("حسین قلی‌زاده", "Hussein Gholizade"),
        ("Zahra Hosseini", "Hosseini Zahra"),
        ("Mohammad Ahmdi", "Mohammad Ahmadi"),  # typo
        ("علی کاوسی", "Ali Kavoosi"),  # outside the lexicon
        ("Seyed Mehdi Mousavi", "Mehdi Musavi"),  # title on one side
        ("فاطمة رضائي", "Fatemeh Rezaei"),  # Arabic letter forms
    ],
)
def test_same_person(a, b):
    assert name_similarity(a, b) >= THRESHOLD
    assert name_similarity(b, a) >= THRESHOLD


@pytest.mark.parametrize(
    "a, b",
    [
        ("Mohammad Ahmadi", "Mahmoud Ahmadi"),
        ("Hasan Karimi", "Hossein Karimi"),
        ("Mohammad Karimi", "Mohammad Kazemi"),
        ("Ali Hosseini", "Ali Hosseinzadeh"),
        ("Reza Ahmadi", "Rezaei Ahmad"),
        ("محمد احمدی", "محمود احمدی"),
        ("Zahra Mousavi", "Zohreh Mousavi"),
        ("Ali Ahmadi", "Maryam Karimi"),
    ],
)
def test_different_person(a, b):
    assert name_similarity(a, b) < THRESHOLD


def test_identical_and_swapped_scores():
    assert name_similarity("Ali Ahmadi", "Ali Ahmadi") == 1.0
    swapped = compare_names("Ali Ahmadi", "Ahmadi Ali")
    assert 0.95 <= swapped.score < 1.0
    assert "order swapped" in swapped.reason


def test_reason_names_the_difference():
    c = compare_names("Mohammad Ahmadi", "Mahmoud Ahmadi")
    assert "Mohammad" in c.reason and "Mahmoud" in c.reason


def test_empty_names_score_zero():
    assert name_similarity("", "Ali") == 0.0
    assert name_similarity("", "") == 0.0


def test_father_name_is_its_own_field():
    a = PersonName("Ali", "Ahmadi", "Hassan")
    same = PersonName("علی", "احمدی", "حسن")
    other_father = PersonName("Ali", "Ahmadi", "Hossein")
    no_father = PersonName("Ali", "Ahmadi", "")
    assert compare_persons(a, same).score == 1.0
    assert compare_persons(a, other_father).score < compare_persons(a, same).score
    assert compare_persons(a, other_father).score < THRESHOLD
    assert compare_persons(a, no_father).score == 1.0
    assert compare_persons(PersonName("Ahmadi", "Ali"), PersonName("Ali", "Ahmadi")).score >= 0.95


def test_scores_stay_in_range():
    names = ["Ali", "محمد رضا", "Gholam", "zadeh", "A B C D E F G H", "---", "۱۲۳", "Ali Ali Ali"]
    for a in names:
        for b in names:
            assert 0.0 <= name_similarity(a, b) <= 1.0


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sabt.names import matching_form, phonetic_key, romanize, split_name  # noqa: E402

NAMEISH = st.text(
    alphabet=st.sampled_from(list("abdehikmnorsuz -',") + list("محمدرضاعلیحسنزادهپورکيةئ\u200c")),
    max_size=30,
)


@given(NAMEISH, NAMEISH)
@settings(max_examples=300, deadline=None)
def test_functions_are_total_on_arbitrary_names(a, b):
    score = name_similarity(a, b)
    assert 0.0 <= score <= 1.0
    for f in (romanize, matching_form, phonetic_key):
        assert isinstance(f(a), str)
    given_, family = split_name(a)
    assert isinstance(given_, str) and isinstance(family, str)


@given(NAMEISH)
@settings(max_examples=200, deadline=None)
def test_a_name_matches_itself(a):
    if matching_form(a).strip():
        assert name_similarity(a, a) >= 0.98
