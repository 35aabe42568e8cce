"""Controlled vocabularies for claims: metrics, statuses and the Admiralty grading scale."""

METRICS = {
    "killed": "people killed",
    "security_forces_killed": "members of the security forces killed",
    "children_killed": "children killed",
    "injured": "people injured",
    "arrested": "people arrested",
    "detained": "people detained",
    "children_arrested": "children arrested or detained",
    "disappeared": "people forcibly disappeared",
    "executed": "people executed",
    "death_sentences": "death sentences handed down",
    "deployed": "personnel deployed",
    "protest_locations": "protest locations",
    "protest_cities": "cities with protests",
    "protest_provinces": "provinces with protests",
    "coerced_confessions": "coerced confessions broadcast or recorded",
    "scheduled_executions": "executions scheduled or announced",
    "facing_execution": "detainees said to face potential execution",
    "cities": "cities affected",
    "prisons": "prisons",
    "hospital_raid": "hospital raids",
    "internet_shutdown": "internet shutdown",
    "connectivity": "internet connectivity (percent of normal)",
    "directive": "directive or order issued",
    "crossing": "border crossing used",
    "staging": "staging base used",
    "other": "other assertion",
}

STATUSES = ("reported", "under_investigation", "confirmed", "disputed", "refuted")
REVIEW_STATES = ("unreviewed", "accepted", "corrected", "rejected")

RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}


def grade(reliability: str | None, credibility: int | None) -> str:
    """``("B", 2)`` → ``"B2"``; missing parts shown as ``?``."""
    return f"{reliability or '?'}{credibility or '?'}"
