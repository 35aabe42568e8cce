"""The example's grades follow GRADING.md's written rules, for every source and every claim.

The expected grade is *read from GRADING.md*: each originator and publisher is assigned the
rule (a phrase of GRADING.md) that describes it, and the grade is the row of GRADING.md's
table that contains that phrase. A grade in the data that differs from the written rule, an
originator no rule covers, or a rule phrase GRADING.md no longer contains, fails the test.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parents[2] / "examples" / "iran-2026"
GRADING = (EXAMPLE / "GRADING.md").read_text("utf-8")
CLAIMS = json.loads((EXAMPLE / "claims.json").read_text("utf-8"))["claims"]
SOURCES = {s["id"]: s for s in json.loads((EXAMPLE / "sources.json").read_text("utf-8"))["sources"]}


def _section(title: str) -> str:
    start = GRADING.index(title)
    end = GRADING.find("\n## ", start + 1)
    return GRADING[start:end if end > 0 else None]


def _table_rows(section: str) -> dict[str, str]:
    """``| A | text |`` rows of a markdown table → ``{"A": "text"}``."""
    rows = {}
    for line in section.splitlines():
        m = re.match(r"\|\s*([A-F1-6])\s*\|\s*(.+?)\s*\|\s*$", line)
        if m:
            rows[m.group(1)] = m.group(2)
    return rows


def _channel_rows() -> dict[str, str]:
    """The publisher grades: the ``A — …`` lines under "Each source's own reliability"."""
    section = _section("Each source's own `reliability`")
    rows, grade = {}, None
    for line in section.splitlines():
        m = re.match(r"([A-F]) — (.*)", line)
        if m:
            grade = m.group(1)
            rows[grade] = m.group(2)
        elif grade and line.strip() and not line.startswith("#"):
            rows[grade] += " " + line.strip()
        if not line.strip():
            grade = None
    return rows


ORIGINATOR_ROWS = _table_rows(_section("## Reliability of a claim"))
CREDIBILITY_ROWS = _table_rows(_section("## Credibility of a claim"))
CHANNEL_ROWS = _channel_rows()

# Originator (``attributed_to``, a regular expression) → the GRADING.md phrase that describes it.
# Order matters: the first match wins. "NO ORIGINATOR" means GRADING.md's paragraph on claims
# with no originator named (the reference's grade; F under the assessment itself).
NO_ORIGINATOR = "NO ORIGINATOR"
ORIGINATOR_RULES: list[tuple[str, str]] = [
    (r"^anonymous author \(the assessment's unsourced opening", "the assessment's own unattributed statements"),
    (r"^the assessment \(no originator named\)$", NO_ORIGINATOR),
    (r"^published statistics \(unnamed in the assessment", NO_ORIGINATOR),
    (r"^Governments of France, the United Kingdom and Germany$", "a government or the UN about its own acts"),
    (r"^Britain, Germany, Iceland, Moldova and North Macedonia$", "a government or the UN about its own acts"),
    (r"^Government of Pakistan$", "a government or the UN about its own acts"),
    (r"^United Nations Security Council$", "a government or the UN about its own acts"),
    (r"^UN Assistant Secretary-General", "the UN's own briefing"),
    (r"^U\.S\. State Department$", "a government department about its own statement"),
    (r"^United States Mission to the United Nations$", "a government department about its own statement"),
    (r"^(Human Rights Activists News Agency \(HRANA\)|Iran Human Rights \(IHRNGO\)|Hengaw"
     r"|Human Rights Watch(; Amnesty International)?)$",
     "established monitoring organisations with named-victim or case-by-case methods"),
    (r"^CBS News \(verified video\)$", "news organisations about what they verified themselves"),
    (r"^(Iran Human Rights Monitor \(Iran HRM\)|Iran International|Fox News|Iraqi Observatory for Human Rights)",
     "monitors and media with a declared political line"),
    (r"^(Office of the Supreme Leader|Office of the Head of the Judiciary|Supreme National Security Council"
     r"|IRGC command in Lorestan province|Iranian prosecutors)$", "statements of public bodies known only through"),
    (r"^(Aban Tribunal|the White House \(Press Secretary\)|the President of the United States)$",
     "the named tribunal (Aban Tribunal) and the White House"),
    (r"^(a regional Iranian official|Iranian state television|Ministry of Foreign Affairs of Iran"
     r"|Office of the Iraqi Prime Minister)", "governments and state media as sources of casualty figures"),
    (r"^(an? |the )?(former Pakistani senator|Canada-based lawyer|expert on Arab affairs|Iranian opposition figure"
     r"|nurse at the hospital|mother of an Iraqi recruit)", "named individuals whose access cannot be judged"),
    (r"anonymous|unnamed|no originator named|^initial reports|^a video posted by|^doctors inside Iran|"
     r"^a 2017 Pakistani intelligence report$", "anonymous or unnamed originators"),
]
# A public body's statement carried by a fitting news reference: B, says the C row.
PUBLIC_BODY_VIA_NEWS = "B when a fitting news reference carries them"

# Publisher → GRADING.md phrase of the channel list.
CHANNEL_RULES: list[tuple[str, str]] = [
    (r"^(UK Government|United Nations)", "a government or the UN publishing its own statement"),
    (r"^(Reuters|CBS News|France 24|Deutsche Welle|Al Jazeera|KSAT \(Associated Press\))",
     "wire services and broadcasters with verification desks"),
    (r"^(Human Rights Watch|Iran Human Rights \(IHRNGO\))", "monitoring NGOs with published methods"),
    (r"^(Iran International|Iran Human Rights Monitor|Fox News|India Today|The Times of Israel|This is Beirut"
     r"|Jamestown|Iran Human Rights Society|Iraqi Observatory|Middle East Center)",
     "outlets and think-tanks with a declared editorial or political line"),
    (r"^Caliber\.az", "aggregators that relay others without attribution"),
    (r"^Wikipedia", "Wikipedia (tertiary, editable)"),
    (r"^unknown \(unsigned assessment\)", "the assessment itself (anonymous author)"),
    (r"\(fictional\)$|^sabt example case", "synthetic data and fictional organisations"),
]


def _grade_of(rows: dict[str, str], phrase: str) -> str:
    found = [g for g, text in rows.items() if phrase in text]
    assert len(found) == 1, f"GRADING.md has the rule {phrase!r} in {found or 'no'} row(s)"
    return found[0]


def _rule(rules: list[tuple[str, str]], text: str) -> str | None:
    for pattern, phrase in rules:
        if re.search(pattern, text):
            return phrase
    return None


def expected_reliability(claim: dict) -> str:
    originator = claim.get("attributed_to") or ""
    phrase = _rule(ORIGINATOR_RULES, originator)
    assert phrase is not None, f"{claim['key']}: no rule of GRADING.md covers the originator {originator!r}"
    if phrase == NO_ORIGINATOR:
        source = SOURCES[claim["source_id"]]
        return "F" if claim["source_id"] == "assessment" else source["reliability"]
    grade = _grade_of(ORIGINATOR_ROWS, phrase)
    if phrase == "statements of public bodies known only through" and SOURCES[claim["source_id"]]["kind"] == "news":
        assert PUBLIC_BODY_VIA_NEWS in ORIGINATOR_ROWS[grade]
        return "B"
    return grade


def test_the_rule_phrases_are_in_grading_md():
    for _, phrase in ORIGINATOR_RULES:
        if phrase != NO_ORIGINATOR:
            _grade_of(ORIGINATOR_ROWS, phrase)
    for _, phrase in CHANNEL_RULES:
        _grade_of(CHANNEL_ROWS, phrase)
    assert "not used" in ORIGINATOR_ROWS["E"] and "not used" in CREDIBILITY_ROWS["5"]


def test_every_claim_reliability_follows_the_originator_rules():
    wrong = []
    for claim in CLAIMS:
        want = expected_reliability(claim)
        if claim["reliability"] != want:
            wrong.append(f"{claim['key']}: {claim.get('attributed_to')!r} graded {claim['reliability']}, "
                         f"GRADING.md gives {want}")
    assert not wrong, "\n".join(wrong)


def test_every_source_reliability_follows_the_channel_rules():
    wrong = []
    for sid, source in SOURCES.items():
        phrase = _rule(CHANNEL_RULES, source["publisher"])
        assert phrase is not None, f"{sid}: no rule of GRADING.md covers the publisher {source['publisher']!r}"
        want = _grade_of(CHANNEL_ROWS, phrase)
        if source["reliability"] != want:
            wrong.append(f"{sid}: {source['publisher']!r} graded {source['reliability']}, GRADING.md gives {want}")
    assert not wrong, "\n".join(wrong)


def _corroborated(claim: dict) -> bool:
    """Another claim of a different originator makes the same assertion (the 1 row's first rule)."""
    by_key = {c["key"]: c for c in CLAIMS}
    others = [by_key[k] for k in claim.get("corroborated_by", ())]
    return any(o.get("attributed_to") != claim.get("attributed_to") for o in others)


def test_credibility_follows_the_written_rules():
    """6 is the unsourced opening and only it; 5 is not used; 1 only for what the 1 row lists."""
    public_acts_row = CREDIBILITY_ROWS["1"]
    wrong = []
    for claim in CLAIMS:
        opening = claim.get("section") == "opening"
        if (claim["credibility"] == 6) != opening:
            wrong.append(f"{claim['key']}: credibility {claim['credibility']}, opening section: {opening}")
        if claim["credibility"] == 5:
            wrong.append(f"{claim['key']}: credibility 5, which GRADING.md does not use")
        if claim["credibility"] == 1 and not _corroborated(claim):
            act = claim.get("public_act")
            if not act or act not in public_acts_row:
                wrong.append(f"{claim['key']}: credibility 1 without a second independent originator "
                             f"(extra.corroborated_by) or a public act the 1 row lists (extra.public_act = {act!r})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("key,grade", [
    ("expert-killed-12000-20000-two-days", "F"),  # a named expert: access cannot be judged
    ("un-security-council-emergency-session", "A"),  # the UN about its own act
    ("killed-hrana-2403-confirmed-16-jan", "B"),
    ("killed-official-5000", "D"),
])
def test_known_cases(key, grade):
    claim = next(c for c in CLAIMS if c["key"] == key)
    assert expected_reliability(claim) == grade
    assert claim["reliability"] == grade
