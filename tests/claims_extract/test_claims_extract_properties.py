"""Properties that hold for any text: no crash, exact offsets, ordered values."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sabt.claims.extract import extract_claims
from sabt.claims.vocab import METRICS

WORDS = st.sampled_from([
    "at least", "more than", "approximately", "up to", "between", "and", "to", "from", "by", "since",
    "January", "December 28", "8-9", "2026", "Article 7", "killed", "arrested", "detained", "people",
    "protesters", "children", "HRANA", "said", "according to", "Tehran", "Ilam", "(", ")", ",", ".", ";",
    "12,000", "20,000", "3", "five", "dozens", "hundreds", "+98 21 5550 1234", "%", "$", "[12]", "\n",
    "the group", "of them", "were", "in", "Province", "۲,۴۰۳", "—", ":",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=40).map(" ".join))
def test_any_text(text):
    for claim in extract_claims(text, default_year=2026):
        assert claim.metric in METRICS
        assert text[claim.quote_start : claim.quote_end] == claim.quote
        assert text[claim.value_start : claim.value_end] == claim.value_text
        assert claim.quote_start <= claim.value_start < claim.value_end <= claim.quote_end
        values = [v for v in (claim.low, claim.best, claim.high) if v is not None]
        # a number, or a vague word with no number invented for it
        assert (values or claim.qualifier.startswith("vague: ")) and all(v >= 0 for v in values)
        if claim.low is not None and claim.high is not None:
            assert claim.low <= claim.high
        if claim.period_start and claim.period_end:
            assert claim.period_start <= claim.period_end
