"""A narrow fix for Splink 5.0.0's expectation maximisation.

Splink 5.0.0 validates m/u probabilities against ``M_U_CLAMP_MIN`` (1e-300) when they are set,
but its EM maximisation step can produce a denormal value (e.g. 2.9e-321) for a level that no
match reaches in a training pass, and then fails with ``ValueError``. Splink already clamps
such values to ``M_U_CLAMP_MIN`` wherever it computes Bayes factors; this applies the same clamp
to the values the maximisation step reads, before they are set. Nothing else changes.
"""

from __future__ import annotations

from functools import wraps


def apply() -> None:
    from splink.internals import expectation_maximisation as em
    from splink.internals.comparison_level import M_U_CLAMP_MIN

    if getattr(em.m_u_records_to_lookup_dict, "_sabt_clamped", False):
        return
    original = em.m_u_records_to_lookup_dict

    @wraps(original)
    def clamped(records):
        for record in records:
            for key in ("m_probability", "u_probability"):
                value = record.get(key)
                if isinstance(value, float) and 0 <= value < M_U_CLAMP_MIN:
                    record[key] = M_U_CLAMP_MIN
        return original(records)

    clamped._sabt_clamped = True
    em.m_u_records_to_lookup_dict = clamped
