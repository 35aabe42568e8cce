"""Multiple systems estimation: the uncounted, with honest uncertainty.

From the pattern of who appears on which lists, estimate how many people appear on none:
log-linear models (Rcapture-compatible), the Bayesian latent-class model LCMCR, and
Bayesian model averaging over decomposable graphs (dga); per stratum and summed.

>>> from sabt.estimate import read_counts, estimate        # doctest: +SKIP
>>> result = estimate(read_counts("kosovo.csv"), method="lcmcr", seed=1)  # doctest: +SKIP
>>> print(result.describe())                               # doctest: +SKIP
"""

from ._api import METHODS, estimate
from ._data import CaptureTable, CountsRefused, check_counts, read_counts
from .result import EstimateResult, StratifiedResult, chart_data
from .strata import capture_frame_from_case, estimate_strata

__all__ = [
    "METHODS", "CaptureTable", "CountsRefused", "EstimateResult", "StratifiedResult",
    "capture_frame_from_case", "chart_data", "check_counts", "estimate", "estimate_strata",
    "read_counts",
]
