"""A local Spark session for Splink's Spark backend (the same settings as on DuckDB).

For a case that outgrows one machine, pass a session connected to a cluster instead
(``link_case(case, backend="spark", spark=session)``); locally, this one uses every core.
"""

from __future__ import annotations

import os
import sys
import tempfile


def local_session(cores: str = "*", memory: str = "4g"):
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    checkpoints = tempfile.mkdtemp(prefix="sabt-spark-")
    session = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("sabt-link")
        .config("spark.driver.memory", memory)
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.warehouse.dir", os.path.join(checkpoints, "warehouse"))
        .getOrCreate()
    )
    session.sparkContext.setCheckpointDir(checkpoints)
    session.sparkContext.setLogLevel("ERROR")
    return session
