"""The Elements of Crimes data against the Elements themselves: every element cites the
paragraph and the footnotes it comes from, every footnote of Article 7 (6–30) is there in the
Elements' words and on the element the Elements put it on, and case law is commentary.

The expected placements below are written from the Elements of Crimes (ICC, 2011), not read
from sabt's data; see ``[meta] verification`` in the data for what was checked how.
"""

import re

import pytest

from sabt.law import load_statute

#: footnote → where the Elements put its marker (element ``act:number``, or a crime's title)
PLACEMENT = {
    6: "ctx-policy",  # Introduction to art. 7, para. 3
    7: "7-1-a:1", 8: "7-1-b:1", 9: "7-1-b:1", 10: "7-1-b:2", 11: "7-1-c:1",
    12: "7-1-d:1", 13: "7-1-d:1", 14: "7-1-f", 15: "7-1-g-1:1", 16: "7-1-g-1:2",
    17: "7-1-g-2", 18: "7-1-g-2:1", 19: "7-1-g-5:1", 20: "7-1-g-5:2",
    21: "7-1-h:1", 22: "7-1-h:4",
    23: "7-1-i", 24: "7-1-i", 25: "7-1-i:1", 26: "7-1-i:1", 27: "7-1-i:3", 28: "7-1-i:3",
    29: "7-1-j:2", 30: "7-1-k:2",
}


def test_every_footnote_of_article_7_is_on_the_element_the_elements_put_it_on():
    statute = load_statute()
    assert sorted(statute.footnotes) == list(range(6, 31))
    cited = statute.cited_footnotes()
    assert {n: codes for n, codes in cited.items()} == {n: [code] for n, code in PLACEMENT.items()}


def test_every_element_cites_the_paragraph_and_footnotes_it_comes_from():
    statute = load_statute()
    for act in statute.acts:
        for element in act.specific_elements():
            citation = element.footnote_citation
            match = re.fullmatch(
                r"Elements of Crimes, art\. 7\(1\)\([a-k]\)(-[1-6])?, element (\d+)"
                r"(, footnotes? (\d+(, \d+)*))?", citation)
            assert match, citation
            assert int(match.group(2)) == element.number
            named = [int(n) for n in match.group(4).split(", ")] if match.group(4) else []
            assert named == [n for n, code in PLACEMENT.items() if code == element.code]
    for element in statute.contextual:
        assert "Rome Statute art. 7" in element.citation
        assert "Elements of Crimes" in element.citation


@pytest.mark.parametrize("code,cites", [
    ("7-1-h:1", "Elements of Crimes, art. 7(1)(h), element 1, footnote 21"),
    ("7-1-i:1", "Elements of Crimes, art. 7(1)(i), element 1, footnotes 25, 26"),
    ("7-1-i:3", "Elements of Crimes, art. 7(1)(i), element 3, footnotes 27, 28"),
])
def test_the_footnotes_that_were_missing(code, cites):
    assert load_statute().element(code).footnote_citation == cites


def test_enforced_disappearance_carries_its_title_footnotes():
    statute = load_statute()
    act = statute.act("i")
    assert act.footnotes == (23, 24)
    assert "entry into force of the Statute" in statute.footnotes[24]
    assert "elements 7 and 8" in statute.footnotes[24] and act.contextual_numbers == (7, 8)


def test_footnote_26_says_only_what_it_says():
    text = load_statute().footnotes[26]
    assert text == "It is understood that under certain circumstances an arrest or detention may have been lawful."
    assert "at first" not in text


def test_widespread_or_systematic_quotes_the_elements_and_case_law_is_commentary():
    statute = load_statute()
    element = statute.element("ctx-widespread-systematic")
    assert element.text == ("The conduct was committed as part of a widespread or systematic attack "
                            "directed against a civilian population.")
    glosses = ("large in scale", "regular pattern", "organised", "number of victims")
    for one in [*statute.contextual, *(e for a in statute.acts for e in a.specific_elements())]:
        assert not any(g in one.text for g in glosses), one.code
    commentary = [c for c in statute.commentary if c["about"] == "ctx-widespread-systematic"]
    assert commentary and all(c["citation"].startswith("Commentary") for c in commentary)
    assert "ICC-01/09-19" in commentary[0]["citation"]


def test_no_element_text_is_a_paraphrase_marked_as_a_note():
    statute = load_statute()
    for act in statute.acts:
        for one in [act, *act.variants]:
            assert one.note is None or one.note.startswith("sabt:"), one.code
            for element in one.elements:
                assert element.note is None, element.code
