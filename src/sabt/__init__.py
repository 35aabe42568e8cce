"""sabt — the record: accountability documentation for mass human-rights violations.

The notebook verbs (each returns a pandas DataFrame) are those of the command line:
``open_case``, ``init_case``, ``import_list``, ``import_claims``, ``link``, ``estimate``,
``table``, ``stats``, ``report``.
"""

from sabt._lazy import lazy_exports

__version__ = "0.1.0"
__all__ = ["estimate", "import_claims", "import_list", "init_case", "link", "open_case", "report", "stats", "table"]
__getattr__, __dir__ = lazy_exports(__name__, dict.fromkeys(__all__, "sabt.api"))
