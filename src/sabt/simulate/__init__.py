"""Synthetic victim populations and the lists organisations make of them, with a known truth.

``simulate_lists`` draws a population and several lists with heterogeneous capture, list
dependence, each list's own writing style and realistic corruption; ``write_lists`` writes them
as CSV (one Persian list optionally in Windows-1256 or UTF-16) with the truth beside them.
Linkage and estimation are checked against this truth. Every name is synthetic.
"""

from sabt._lazy import lazy_exports

_EXPORTS = {"LIST_COLUMNS": "sabt.simulate._generate", "record_map": "sabt.simulate._generate",
            "simulate_lists": "sabt.simulate._generate", "write_lists": "sabt.simulate._io",
            "Corruption": "sabt.simulate._model", "ListSpec": "sabt.simulate._model",
            "default_lists": "sabt.simulate._model", "NameBank": "sabt.simulate._names", "Habit": "sabt.simulate._spelling",
            "simulate_second": "sabt.simulate.second", "write_second": "sabt.simulate.second"}

__all__ = [
    "LIST_COLUMNS",
    "Corruption",
    "Habit",
    "ListSpec",
    "NameBank",
    "default_lists",
    "record_map",
    "simulate_lists",
    "simulate_second",
    "write_lists",
    "write_second",
]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
