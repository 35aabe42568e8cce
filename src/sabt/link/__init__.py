"""Record linkage: each victim counted once across organisations' lists."""

from sabt._lazy import lazy_exports

_EXPORTS = {"CLUSTER_THRESHOLD": "sabt.link.clustering", "cluster": "sabt.link.clustering",
            "LinkSummary": "sabt.link.run", "link_case": "sabt.link.run"}
__all__ = ["CLUSTER_THRESHOLD", "LinkSummary", "cluster", "link_case"]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

from sabt._lazy import callable_package  # noqa: E402 - after the exports it serves

callable_package(__name__, "link")  # `import sabt; sabt.link(case)` is the notebook verb
