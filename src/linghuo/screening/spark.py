"""The same screening on Apache Spark: each Arrow batch goes through ``results.screen_frame``.

``screen_parquet_spark`` reads a Parquet file or folder of facts, maps every Arrow batch with
``DataFrame.mapInArrow`` (Arrow → polars → the engine → Arrow) and writes the results as a Parquet
folder (one part file per Spark partition; Spark's usual output). On a cluster the executors need
the ``linghuo`` package (install it in the executors' Python, or ship it with ``--py-files``); the
evaluation date and the parameter overrides travel with the function, so the results are those of
the polars engine for the same input, row for row.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import polars as pl
import pyarrow as pa

from linghuo.screening.results import measure_codes, result_schema, screen_frame, to_arrow

ARROW_BATCH_ROWS = 100_000

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession


@contextlib.contextmanager
def spark_session(master: str = "local[*]", *, app: str = "linghuo-screen") -> Iterator[SparkSession]:
    """A Spark session with Arrow on, stopped on exit (``master`` as for ``spark-submit``)."""
    import os
    import sys

    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the workers' Python: one with linghuo
    spark = (
        SparkSession.builder.master(master)
        .appName(app)
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        # the engine has a fixed cost per call: hand it large batches (Spark's default is 10,000 rows)
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(ARROW_BATCH_ROWS))
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        yield spark
    finally:
        spark.stop()


class _BatchScreener:
    """The function Spark sends to its executors: picklable, holds only the date, overrides, codes."""

    def __init__(self, on: dt.date, overrides: Mapping[str, str], codes: Sequence[str]) -> None:
        self.on, self.overrides, self.codes = on, dict(overrides), tuple(codes)

    def __call__(self, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        from linghuo.policy.parameters import load

        params = load(overrides=self.overrides or None)
        for batch in batches:
            frame = pl.from_arrow(batch)
            assert isinstance(frame, pl.DataFrame)
            results = screen_frame(frame, on=self.on, params=params, measures=self.codes)
            yield from to_arrow(results, self.codes, large=False).to_batches()


def spark_schema(codes: Sequence[str]) -> Any:
    """The results schema as a Spark ``StructType``."""
    from pyspark.sql.types import BooleanType, LongType, StringType, StructField, StructType

    fields = [StructField("person_id", StringType())]
    for code in codes:
        fields += [
            StructField(f"{code}_eligible", BooleanType()),
            StructField(f"{code}_amount_fen", LongType()),
            StructField(f"{code}_failed", StringType()),
        ]
    return StructType(fields)


def screen_dataframe(
    facts: DataFrame,
    *,
    on: dt.date,
    overrides: Mapping[str, str] | None = None,
    measures: Sequence[str] | None = None,
) -> DataFrame:
    """A Spark DataFrame of facts to a Spark DataFrame of results (lazy, like any transformation)."""
    from linghuo.policy.facts import FACT_NAMES

    codes = measure_codes(measures)
    facts = facts.select([c for c in facts.columns if c in FACT_NAMES])
    return facts.mapInArrow(_BatchScreener(on, overrides or {}, codes), spark_schema(codes))


def screen_parquet_spark(
    spark: SparkSession,
    source: str,
    output: str,
    *,
    on: dt.date,
    overrides: Mapping[str, str] | None = None,
    measures: Sequence[str] | None = None,
    partitions: int | None = None,
) -> int:
    """Screen the Parquet ``source`` into the Parquet folder ``output`` (replaced); returns the rows.

    The input is checked first as for the polars engine; ``partitions`` repartitions the input
    (by default Spark's own split of the files, or one partition per core when that gives fewer).
    Row order is not kept across partitions: join or sort on ``person_id``.
    """
    from linghuo.screening.run import check_date
    from linghuo.screening.source import open_facts

    check_date(on)
    if not source.startswith(("hdfs:", "s3a:", "abfs:", "gs:")):
        from pathlib import Path

        path = Path(source)
        if path.is_file():
            open_facts(path)
    facts = spark.read.parquet(source)
    wanted = partitions or spark.sparkContext.defaultParallelism
    if partitions is not None or facts.rdd.getNumPartitions() < wanted:
        facts = facts.repartition(wanted)  # a small file is one split: spread it over every core
    results = screen_dataframe(facts, on=on, overrides=overrides, measures=measures)
    results.write.mode("overwrite").parquet(output)
    return int(spark.read.parquet(output).count())


def arrow_schema(measures: Sequence[str] | None = None) -> pa.Schema:
    """The Arrow schema of the results Spark writes (as the polars engine's)."""
    return result_schema(measure_codes(measures))
