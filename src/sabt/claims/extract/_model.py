"""The proposed claim: what the extractor read, before an analyst has looked at it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

EXPORT_FIELDS = (
    "metric", "low", "best", "high", "qualifier", "as_of", "period_start", "period_end",
    "place", "attributed_to", "quote",
)
OFFSET_FIELDS = ("quote_start", "quote_end", "value_start", "value_end")


def _iso(value):
    return value.isoformat() if isinstance(value, dt.date) else value


@dataclass
class ProposedClaim:
    """One quantitative claim read from report text, with where it was read.

    ``quote`` is the sentence the claim was read from, exactly as in the text
    (``text[quote_start:quote_end] == quote``); ``value_text`` is the figure itself
    (``text[value_start:value_end]``). ``attributed_to`` is ``None`` when the report itself
    gives the figure. ``rules`` names the rules that decided each field, for the reviewer.

    >>> from sabt.claims.extract import extract_claims
    >>> claim = extract_claims("HRANA confirmed 2,403 deaths by January 16.", default_year=2026)[0]
    >>> claim.metric, claim.low, claim.attributed_to, claim.as_of.isoformat()
    ('killed', 2403, 'HRANA', '2026-01-16')
    """

    metric: str
    low: int | None
    best: int | None
    high: int | None
    qualifier: str | None
    as_of: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    date_precision: str | None = None
    place: str | None = None
    place_key: str | None = None
    attributed_to: str | None = None
    channel: str | None = None  # the outlet that relayed the origin's figure ("media reported, citing …")
    quote: str = ""
    quote_start: int = 0
    quote_end: int = 0
    value_text: str = ""
    value_start: int = 0
    value_end: int = 0
    rules: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The export fields (as ``sabt export claims`` writes them) plus the offsets."""
        out = {name: _iso(getattr(self, name)) for name in EXPORT_FIELDS}
        out.update({name: getattr(self, name) for name in OFFSET_FIELDS})
        return out
