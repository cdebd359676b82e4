"""Whole-population screening: every person measure for every person, in bulk, and what-if runs.

Pure (no Django on the file-based paths). Back-ends: polars on one machine (``run.screen_parquet``,
chunked, resumable) and Apache Spark on a cluster (``spark.screen_parquet_spark``); both evaluate
each batch with the same function (``results.screen_frame``). Any source of facts frames (the
registry's snapshot included) uses ``frames.screen_frames``.
"""
