"""Write ``connectivity.csv``: a SYNTHETIC hourly national internet reachability series for Iran.

NOT A MEASUREMENT. No IODA, Cloudflare or other data was read to make it. It is drawn by hand
from what the assessment says, so that the example report can show how a connectivity series
sits next to the claims; replace it with a real IODA export before drawing any conclusion.

The shape, and the claim behind each part (keys in ``claims.json``):

- 26 Dec 2025 – 6 Jan 2026: normal (100 % ± noise, with a day/night cycle in the Google
  signal). The assessment reports no disruption before 7 January.
- 7 Jan, from 12:00 UTC: a partial disruption (about 70 % reachability) — one account says
  contact was lost "on Wednesday after the internet went down" (``internet-went-down-wednesday``,
  graded F3).
- 8 Jan, from 16:00 UTC (19:30 in Tehran, "the evening of January 8"): near-total blackout,
  about 5–15 % of normal (``internet-blackout-evening-8-jan``, B1); "ongoing" on 12 January
  (``internet-shutdown-hrw-hampered``) and at the Security Council on 15–16 January
  (``internet-blackout-un-security-council``).
- after 18 Jan 23:00 UTC: empty cells (gaps). The assessment's last date is 18 January and it
  describes no restoration; the series does not invent one.

Columns, in the form IODA exports (see :mod:`sabt.claims.series`): ``timestamp`` (Unix epoch
seconds, UTC), ``value`` (= the active-probing signal, used as national reachability in % of
normal), and the three IODA-like signals normalised to % of their pre-protest median: ``bgp``
(visible /24 prefixes; falls least, routes stay announced in a shutdown), ``active_probing``
(/24 blocks answering probes) and ``google`` (Google traffic; falls most).

    python examples/iran-2026/make_connectivity.py     # deterministic: seed 2026
"""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path

START = dt.datetime(2025, 12, 26, tzinfo=dt.UTC)
END = dt.datetime(2026, 1, 31, 23, tzinfo=dt.UTC)
PARTIAL = dt.datetime(2026, 1, 7, 12, tzinfo=dt.UTC)
BLACKOUT = dt.datetime(2026, 1, 8, 16, tzinfo=dt.UTC)
HORIZON = dt.datetime(2026, 1, 18, 23, tzinfo=dt.UTC)  # the assessment's last date
TEHRAN = dt.timedelta(hours=3, minutes=30)

HEADER = """\
# SYNTHETIC DATA - NOT A MEASUREMENT. Made by make_connectivity.py (seed 2026) from what the
# assessment says, to illustrate the example report. No IODA or other measured data was used.
# Hourly, 2025-12-26 00:00 UTC to 2026-01-31 23:00 UTC. Normal until 7 Jan; partial disruption
# from 7 Jan 12:00 UTC; near-total blackout from 8 Jan 16:00 UTC (evening in Tehran); gaps after
# 18 Jan 23:00 UTC because the assessment describes nothing later. See connectivity.README.md.
# value = active_probing; all signals in % of normal.
"""


def levels(at: dt.datetime) -> tuple[float, float, float]:
    """Target (bgp, active_probing, google) in % of normal at an hour, before noise."""
    local_hour = (at + TEHRAN).hour
    diurnal = 1 + 0.25 * math.sin((local_hour - 9) / 24 * 2 * math.pi)  # Google: busy by day
    if at < PARTIAL:
        return 100.0, 100.0, 100.0 * diurnal
    if at < BLACKOUT:
        return 96.0, 72.0, 55.0 * diurnal
    hours = (at - BLACKOUT).total_seconds() / 3600
    settle = math.exp(-hours / 3)  # falls over the first few hours
    return 40 + 55 * settle, 9 + 60 * settle, 4 + 50 * settle * diurnal


def rows(seed: int = 2026):
    rng = random.Random(seed)
    at = START
    while at <= END:
        if at > HORIZON:
            yield int(at.timestamp()), None, None, None, None
        else:
            bgp, probing, google = levels(at)
            bgp = max(0.0, bgp + rng.gauss(0, 1.0))
            probing = max(0.0, probing + rng.gauss(0, 1.5 if at < BLACKOUT else 1.0))
            google = max(0.0, google + rng.gauss(0, 3.0 if at < BLACKOUT else 0.8))
            yield int(at.timestamp()), round(probing, 1), round(bgp, 1), round(probing, 1), round(google, 1)
        at += dt.timedelta(hours=1)


def main(path: Path | None = None) -> None:
    path = path or Path(__file__).with_name("connectivity.csv")
    lines = [HEADER.rstrip("\n"), "timestamp,value,bgp,active_probing,google"]
    for row in rows():
        lines.append(",".join("" if v is None else str(v) for v in row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 2} hours written to {path.name}")


if __name__ == "__main__":
    main()
