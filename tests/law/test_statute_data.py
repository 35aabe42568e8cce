"""Invariants of the statute data and the incident-type mapping (hand-kept, versioned files)."""

import pytest

from sabt.errors import SabtError
from sabt.law import load_mapping, load_statute, normalize_act_code
from sabt.law.statute import CONTEXTUAL_CODES, StatuteDataError, _load_statute, _read


def test_eleven_acts_lettered_a_to_k_and_four_contextual_elements():
    statute = load_statute()
    assert [a.letter for a in statute.acts] == list("abcdefghijk")
    assert [c.code for c in statute.contextual] == list(CONTEXTUAL_CODES)
    assert statute.version and "Elements of Crimes" in statute.meta["provenance"]


@pytest.mark.parametrize("code,count,contextual", [
    ("7-1-a", 1, (2, 3)), ("7-1-b", 2, (3, 4)), ("7-1-c", 1, (2, 3)), ("7-1-d", 3, (4, 5)),
    ("7-1-e", 3, (4, 5)), ("7-1-f", 3, (4, 5)), ("7-1-h", 4, (5, 6)), ("7-1-i", 6, (7, 8)),
    ("7-1-j", 5, (6, 7)), ("7-1-k", 3, (4, 5)), ("7-1-g-1", 2, (3, 4)), ("7-1-g-4", 1, (2, 3)),
    ("7-1-g-6", 3, (4, 5)),
])
def test_element_counts_follow_the_elements_of_crimes(code, count, contextual):
    act = load_statute().act(code)
    assert len(act.elements) == count and act.contextual_numbers == contextual


def test_g_has_six_crimes_and_every_element_cites_article_and_number():
    statute = load_statute()
    g = statute.act("g")
    assert [v.code for v in g.variants] == [f"7-1-g-{n}" for n in range(1, 7)]
    for act in statute.acts:
        for element in act.specific_elements():
            assert element.citation.startswith("Elements of Crimes, art. 7(1)(")
            assert element.citation.endswith(f"element {element.number}")
            assert element.text.endswith(".")
    assert statute.element("7-1-a:1").text == "The perpetrator killed one or more persons."
    assert statute.act("a").contextual_citations()[0]["citation"] == "Elements of Crimes, art. 7(1)(a), element 2"


def test_act_codes_are_read_in_every_spelling():
    assert normalize_act_code("a") == "7-1-a"
    assert normalize_act_code("7(1)(k)") == "7-1-k"
    assert normalize_act_code("art. 7(1)(g)-1") == "7-1-g-1"
    statute = load_statute()
    assert statute.act("Murder").code == "7-1-a"
    with pytest.raises(SabtError):
        statute.act("7(1)(z)")


def test_mapping_names_only_real_acts_and_elements():
    mapping = load_mapping()
    assert mapping.acts_for("killing") == {"7-1-a": ["7-1-a:1"], "7-1-b": ["7-1-b:1"], "7-1-h": ["7-1-h:1", "7-1-h:4"]}
    assert mapping.normalize("Hospital raid") == "hospital_raid"
    assert mapping.normalize("massacre") == "mass_killing"
    assert mapping.normalize("picnic") is None
    assert "ctx-policy" in mapping.contextual_for("directive")
    assert mapping.describe("picnic").endswith("no candidate acts are proposed)")


def test_malformed_data_is_caught_on_load():
    data = _read("rome_statute_art7.toml", None)
    data["acts"][0]["contextual_numbers"] = [3, 4]
    with pytest.raises(StatuteDataError, match="contextual elements should be numbers 2 and 3"):
        _load_statute(data)
    data = _read("rome_statute_art7.toml", None)
    data["acts"] = data["acts"][:10]
    with pytest.raises(StatuteDataError, match="7\\(1\\)\\(a\\)–\\(k\\)"):
        _load_statute(data)


def test_bad_mapping_is_caught(tmp_path):
    bad = tmp_path / "m.toml"
    bad.write_text('[meta]\nversion="x"\n[types.killing]\nacts = { "7-1-a" = [2] }\n', encoding="utf-8")
    with pytest.raises(StatuteDataError, match="no element '7-1-a:2'"):
        load_mapping(bad)


def test_the_example_cases_incident_types_are_all_mapped():
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "examples" / "iran-2026" / "incidents.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    incidents = document["incidents"] if isinstance(document, dict) else document
    mapping = load_mapping()
    assert {i["type"] for i in incidents if mapping.normalize(i["type"]) is None} == set()


def test_every_element_is_documented_in_docs_law():
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "law.md").read_text(encoding="utf-8")
    for code in CONTEXTUAL_CODES:
        assert f"`{code}`" in docs
    for name in load_mapping().types:
        assert name in docs, name
