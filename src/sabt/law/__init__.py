"""sabt.law — Rome Statute article 7 as data, candidate classifications, the elements matrix.

    from sabt.law import classify, decide, law_matrix, load_statute
    classify(case)                                   # candidates from incident types
    decide(case, "ilam-hospital-2026-01-04", "k", "confirmed", by="analyst-1")
    matrix = law_matrix(case)
    matrix.to_dict(); matrix.to_csv(); matrix.to_markdown()

The statute data (``data/rome_statute_art7.toml``) and the incident-type mapping
(``data/incident_types.toml``) are versioned files; see ``docs/law.md``.
"""

from sabt.law.classify import ClassifySummary, classify, decide
from sabt.law.matrix import STANDARD_OF_PROOF, ActRow, ElementRow, Matrix, law_matrix
from sabt.law.statute import (
    Act,
    Element,
    Statute,
    TypeMapping,
    load_mapping,
    load_statute,
    normalize_act_code,
)

__all__ = [
    "STANDARD_OF_PROOF",
    "Act",
    "ActRow",
    "ClassifySummary",
    "Element",
    "ElementRow",
    "Matrix",
    "Statute",
    "TypeMapping",
    "classify",
    "decide",
    "law_matrix",
    "load_mapping",
    "load_statute",
    "normalize_act_code",
]
