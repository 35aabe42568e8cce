"""Fixtures for the estimation tests: the published data sets and their reference results.

``data/`` is a copy of ../shared/data/mse (capture-pattern tables from the CRAN packages
LCMCR 0.4.14 and SparseMSE 2.0.1, and reference-all.csv with the R packages' results).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def references() -> pd.DataFrame:
    return pd.read_csv(DATA / "reference-all.csv")


