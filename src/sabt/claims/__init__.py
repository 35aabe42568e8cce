"""Claims: what each source asserts, graded, never overwritten."""

from sabt.claims.importer import ClaimsSummary, import_claims
from sabt.claims.values import Count, parse_count

__all__ = ["ClaimsSummary", "Count", "import_claims", "parse_count"]
