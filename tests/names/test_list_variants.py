"""How lists of one victim differ (issue 20): compounds, Persian letter confusions, romanisations."""

from sabt.names import matching_form, phonetic_key, split_name
from sabt.names._script import transliteration_key


def test_compound_surnames_fold_with_hyphen_space_or_joined():
    forms = {matching_form(n) for n in ("Pour-Mohammadi", "Pourmohammadi", "Pour Mohammadi", "پورمحمدی",
                                        "پور محمدی", "پور\u200cمحمدی")}
    assert forms == {"pourmohammadi"}
    assert len({matching_form(n) for n in ("Hassan-Zadeh", "Hassanzade", "حسن زاده", "حسن‌زاده")}) == 1


def test_pour_between_given_and_family_name_prefixes_the_family_name():
    assert split_name("علی پور محمدی") == ("علی", "پور محمدی")
    assert matching_form("Ali Pour Mohammadi") == "ali pourmohammadi"
    assert matching_form("محمد رضا پور احمدی") == "mohammadreza pourahmadi"
    assert matching_form("Amir Hassan Pour") == "amir hassanpour"   # last in the name: a suffix


def test_a_persian_letter_confusion_reads_as_the_name_it_sounds_like():
    assert matching_form("مصطفی طاحری") == matching_form("Mostafa Taheri") == "mostafa taheri"
    assert matching_form("علی قلامی") == matching_form("Ali Gholami")


def test_kh_k_and_gh_q_g_meet_in_the_transliteration_key_only():
    persian, latin = phonetic_key("خليل عباسي"), phonetic_key("Kalil Abbasi")
    assert persian != latin                                            # the finer key keeps them apart
    assert [transliteration_key(k) for k in persian.split()] == [transliteration_key(k) for k in latin.split()]
    assert transliteration_key(phonetic_key("Golamreza")) == transliteration_key(phonetic_key("Qolamreza"))
