"""Multiple systems estimation: the uncounted, with honest uncertainty.

From the pattern of who appears on which lists, estimate how many people appear on none:
log-linear models (Rcapture-compatible), the Bayesian latent-class model LCMCR, and
Bayesian model averaging over decomposable graphs (dga); per stratum and summed.

>>> from sabt.estimate import read_counts, estimate        # doctest: +SKIP
>>> result = estimate(read_counts("kosovo.csv"), method="lcmcr", seed=1)  # doctest: +SKIP
>>> print(result.describe())                               # doctest: +SKIP
"""

from sabt._lazy import lazy_exports

_EXPORTS = {
    "METHODS": "._api", "estimate": "._api",
    "CaptureTable": "._data", "CountsRefused": "._data", "check_counts": "._data", "read_counts": "._data",
    "EstimateResult": ".result", "StratifiedResult": ".result", "chart_data": ".result",
    "capture_frame_from_case": ".strata", "estimate_strata": ".strata",
    "EstimateOutcome": ".run", "EstimateRefused": ".run", "estimate_case": ".run",
}
__all__ = ["CaptureTable", "CountsRefused", "EstimateOutcome", "EstimateRefused", "EstimateResult", "METHODS",
           "StratifiedResult", "capture_frame_from_case", "chart_data", "check_counts", "estimate", "estimate_case",
           "estimate_strata", "read_counts"]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

from sabt._lazy import callable_package  # noqa: E402 - after the exports it serves

callable_package(__name__, "estimate")  # `import sabt; sabt.estimate(case)` is the notebook verb
