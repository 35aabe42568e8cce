"""Record linkage: each victim counted once across organisations' lists."""

from sabt.link.clustering import CLUSTER_THRESHOLD, cluster
from sabt.link.run import LinkSummary, link_case

__all__ = ["CLUSTER_THRESHOLD", "LinkSummary", "cluster", "link_case"]
