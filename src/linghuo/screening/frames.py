"""Screen an iterator of facts frames: results frame by frame, with the sample check on each.

This is the one entry point every screening source uses (a Parquet file, the registry's facts
snapshot): give it frames of facts and the positions to sample, get result frames back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass

import polars as pl

from linghuo.policy.parameters import ParameterSet
from linghuo.screening.results import measure_codes, screen_frame
from linghuo.screening.sample import SampleReport, check_rows


@dataclass(frozen=True)
class ScreenedChunk:
    """The results of one frame, where it starts in the whole input, and its sample check."""

    offset: int
    results: pl.DataFrame
    sample: SampleReport


def screen_chunk(
    facts: pl.DataFrame,
    *,
    offset: int,
    on: dt.date,
    params: ParameterSet | None = None,
    measures: Sequence[str] | None = None,
    sample: Collection[int] = (),
) -> ScreenedChunk:
    """Screen one frame whose first row is row ``offset`` of the input; check the sampled rows in it."""
    codes = measure_codes(measures)
    results = screen_frame(facts, on=on, params=params, measures=codes)
    local = sorted(p - offset for p in sample if offset <= p < offset + facts.height)
    report = SampleReport()
    if local:
        index = pl.Series(local, dtype=pl.UInt32)
        report = check_rows(facts[index], results[index], codes=codes, on=on, params=params)
    return ScreenedChunk(offset, results, report)


def screen_frames(
    frames: Iterable[pl.DataFrame],
    *,
    on: dt.date,
    params: ParameterSet | None = None,
    measures: Sequence[str] | None = None,
    sample: Collection[int] = (),
) -> Iterator[ScreenedChunk]:
    """Screen each frame of facts in turn; ``sample`` holds row positions over the whole stream.

    >>> import datetime as dt
    >>> frames = [pl.DataFrame({"person_id": ["a", "b"]}), pl.DataFrame({"person_id": ["c"]})]
    >>> chunks = list(screen_frames(frames, on=dt.date(2024, 3, 1), sample={0, 2}))
    >>> [c.results.height for c in chunks], sum(c.sample.checked for c in chunks)
    ([2, 1], 2)
    """
    offset = 0
    for frame in frames:
        yield screen_chunk(frame, offset=offset, on=on, params=params, measures=measures, sample=sample)
        offset += frame.height
