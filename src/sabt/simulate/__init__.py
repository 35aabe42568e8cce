"""Synthetic victim populations and the lists organisations make of them, with a known truth.

``simulate_lists`` draws a population and several lists with heterogeneous capture, list
dependence, each list's own writing style and realistic corruption; ``write_lists`` writes them
as CSV (one Persian list optionally in Windows-1256 or UTF-16) with the truth beside them.
Linkage and estimation are checked against this truth. Every name is synthetic.
"""

from sabt.simulate._generate import LIST_COLUMNS, record_map, simulate_lists
from sabt.simulate._io import write_lists
from sabt.simulate._model import Corruption, ListSpec, default_lists
from sabt.simulate._names import NameBank
from sabt.simulate._spelling import Habit

__all__ = [
    "LIST_COLUMNS",
    "Corruption",
    "Habit",
    "ListSpec",
    "NameBank",
    "default_lists",
    "record_map",
    "simulate_lists",
    "write_lists",
]
