"""What-if runs: the current rules against changed parameters, over a Parquet file of facts.

For each evaluation date, every chunk of the input is evaluated twice: with the current parameters
and with the overrides. Only the measures that read an overridden parameter are evaluated again
(the others cannot change). The comparison is kept as one small table per date, measure and
district: eligible people and spending (the sum of ``amount_fen``) before and after, the eligible
people with no amount yet, and how many people gain or lose eligibility. Only benefits are compared
(:mod:`linghuo.screening.benefits`): the rules the platform keeps (the minimum wage, the retirement
date) are read by the measures, not compared themselves.

*District* is where the person works (``work_division``), else the household registration
(``hukou_division``), else ``未知``. *Month*: ``months=N`` evaluates on the given date and on the
same day of each of the following N-1 months (the last day of a shorter month); the tables by
measure and by district are those of the first date. Spending is the sum of the amounts decided
on that date: what would be paid if every eligible person received the measure's amount once;
it is given only for measures whose amount is a payment to the person (null for the others). The
eligible people whose amount is null (``no_amount_*``: an unset parameter, a missing fact) are not in
it; ``unset_before``/``unset_after`` name the unset parameters each measure's amount reads.
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from linghuo.policy.engine import compiled, evaluate_frame, rules_version
from linghuo.policy.parameters import ParameterError, ParameterSet, load, parse_overrides
from linghuo.screening.benefits import benefit_codes, paying_codes, unset_parameters
from linghuo.screening.errors import ScreeningError
from linghuo.screening.results import measure_codes
from linghuo.screening.run import CHUNK_ROWS, check_date
from linghuo.screening.source import open_facts

UNKNOWN_DISTRICT = "未知"
COUNTS = (
    "eligible_before",
    "eligible_after",
    "spending_before_fen",
    "spending_after_fen",
    "no_amount_before",
    "no_amount_after",
    "gained",
    "lost",
)
PAYING_ONLY = ("spending_before_fen", "spending_after_fen", "no_amount_before", "no_amount_after")


@dataclass(frozen=True)
class Simulation:
    """A what-if comparison; each table has ``COUNTS`` columns (integers; money in fen)."""

    overrides: Mapping[str, str]
    dates: tuple[dt.date, ...]
    rows: int
    rules_before: str
    rules_after: str
    measures: tuple[str, ...]  # the benefits, in catalogue order
    paying_measures: tuple[str, ...]  # the measures whose amount is a payment (spending)
    changed_measures: tuple[str, ...]
    cube: pl.DataFrame  # date, measure, district, COUNTS
    seconds: float
    unset_before: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # measure → parameters
    unset_after: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def by_measure(self) -> pl.DataFrame:
        """On the first date, per measure (catalogue order)."""
        return self._total(self.cube.filter(pl.col("date") == self.dates[0]), ["measure"])

    @property
    def by_district(self) -> pl.DataFrame:
        """On the first date, per measure and district."""
        return self._total(self.cube.filter(pl.col("date") == self.dates[0]), ["measure", "district"])

    @property
    def by_month(self) -> pl.DataFrame:
        """Per evaluation date and measure."""
        return self._total(self.cube, ["date", "measure"])

    def _total(self, cube: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
        order = {code: i for i, code in enumerate(self.measures)}
        rank = pl.col("measure").replace_strict(order, return_dtype=pl.UInt32)
        pays = pl.col("measure").is_in(list(self.paying_measures))
        spending = [pl.when(pays).then(pl.col(c)).alias(c) for c in PAYING_ONLY]
        totals = cube.group_by(keys).agg(pl.col(COUNTS).sum()).with_columns(spending)
        return totals.sort([rank if k == "measure" else k for k in keys])


def parse_parameter_overrides(assignments: Sequence[str]) -> tuple[dict[str, str], ParameterSet]:
    """``--set NAME=VALUE`` assignments to overrides and the changed parameter set (checked).

    >>> overrides, changed = parse_parameter_overrides(["minimum_wage.monthly[1]=2500"])
    >>> overrides
    {'minimum_wage.monthly[1]': '2500'}
    >>> try:
    ...     parse_parameter_overrides(["no_such.parameter=1"])
    ... except ScreeningError as error:
    ...     print(error.zh)
    参数设置无效：没有参数 'no_such.parameter'
    """
    if not assignments:
        raise ScreeningError("请至少用 --set 指定一个参数", "give at least one --set NAME=VALUE")
    try:
        overrides = parse_overrides(list(assignments))
    except ParameterError as error:
        zh, _, en = str(error).partition(" / ")
        raise ScreeningError(f"参数设置无效：{zh}", f"invalid --set: {en or zh}") from None
    return overrides, _changed_parameters(overrides)


def evaluation_dates(on: dt.date, months: int) -> tuple[dt.date, ...]:
    """``on`` and the same day of each following month (clamped), ``months`` dates in all.

    >>> evaluation_dates(dt.date(2024, 1, 31), 3)
    (datetime.date(2024, 1, 31), datetime.date(2024, 2, 29), datetime.date(2024, 3, 31))
    """
    dates = []
    for k in range(months):
        year, month = on.year + (on.month - 1 + k) // 12, (on.month - 1 + k) % 12 + 1
        dates.append(on.replace(year=year, month=month, day=min(on.day, calendar.monthrange(year, month)[1])))
    return tuple(dates)


def paying_measures(codes: Sequence[str]) -> tuple[str, ...]:
    """The measures whose amount is money paid to a person (not a figure such as the minimum wage)."""
    return paying_codes(codes)


def changed_measures(
    on: dt.date, base: ParameterSet, overrides: Mapping[str, str], codes: Sequence[str]
) -> tuple[str, ...]:
    """The measures that read an overridden parameter on ``on`` (the others cannot change)."""
    names = {key.split("[", 1)[0] for key in overrides}
    return tuple(cm.measure.code for cm in compiled(on, base, codes).measures if names & set(cm.parameters))


def _district(columns: Sequence[str]) -> pl.Expr:
    """Where the person works, else the household registration, else 未知 (columns may be absent)."""
    present = [pl.col(c) for c in ("work_division", "hukou_division") if c in columns]
    return pl.coalesce(*present, pl.lit(UNKNOWN_DISTRICT)).alias("district")


def _compare_chunk(
    frame: pl.DataFrame,
    *,
    on: dt.date,
    base: ParameterSet,
    changed: ParameterSet,
    codes: Sequence[str],
    again: Sequence[str],
) -> pl.DataFrame:
    before = evaluate_frame(frame, on=on, params=base, measures=list(codes))
    after = (
        evaluate_frame(frame, on=on, params=changed, measures=list(again))
        if again
        else before.select("person_id")
    )
    district = frame.select(_district(frame.columns))
    pieces = []
    for code in codes:
        source = after if code in again else before
        pieces.append(
            pl.DataFrame(
                {
                    "district": district["district"],
                    "b": before[f"{code}_eligible"],
                    "a": source[f"{code}_eligible"],
                    "ba": before[f"{code}_amount_fen"],
                    "aa": source[f"{code}_amount_fen"],
                }
            )
            .group_by("district")
            .agg(
                eligible_before=pl.col("b").sum().cast(pl.Int64),
                eligible_after=pl.col("a").sum().cast(pl.Int64),
                spending_before_fen=pl.col("ba").sum().cast(pl.Int64),
                spending_after_fen=pl.col("aa").sum().cast(pl.Int64),
                no_amount_before=(pl.col("b") & pl.col("ba").is_null()).sum().cast(pl.Int64),
                no_amount_after=(pl.col("a") & pl.col("aa").is_null()).sum().cast(pl.Int64),
                gained=(~pl.col("b") & pl.col("a")).sum().cast(pl.Int64),
                lost=(pl.col("b") & ~pl.col("a")).sum().cast(pl.Int64),
            )
            .with_columns(measure=pl.lit(code), date=pl.lit(on))
        )
    return pl.concat(pieces)


def simulate_frames(
    open_frames: Callable[[], Iterable[pl.DataFrame]],
    *,
    on: dt.date,
    overrides: Mapping[str, str],
    months: int = 1,
    measures: Sequence[str] | None = None,
) -> Simulation:
    """Compare the current rules with ``overrides``; ``open_frames()`` gives the facts, once per date.

    >>> frames = lambda: [pl.DataFrame({"person_id": ["a"], "si_paid_fen": [120000],
    ...     "employment_form": ["platform"], "work_division": ["320706"], "registered_unemployed": [True],
    ...     "hard_to_employ_since": [dt.date(2023, 1, 1)], "social_insurance_enrolled": [True],
    ...     "si_claim_months": [6]})]
    >>> result = simulate_frames(frames, on=dt.date(2024, 3, 1),
    ...     overrides={"social_insurance_subsidy.ratio_on_minimum_base[default]": "1/2"})
    >>> result.changed_measures
    ('social_insurance_subsidy',)
    """
    started = time.perf_counter()
    check_date(on)
    base = load()
    changed = _changed_parameters(overrides)
    codes = benefit_codes(measure_codes(measures))
    dates = evaluation_dates(on, months)
    parts: list[pl.DataFrame] = []
    rows = 0
    again: tuple[str, ...] = ()
    unset_before: dict[str, tuple[str, ...]] = {}
    unset_after: dict[str, tuple[str, ...]] = {}
    for day in dates:
        again_today = changed_measures(day, base, overrides, codes)
        again = tuple(dict.fromkeys(again + again_today))
        for unset, params in ((unset_before, base), (unset_after, changed)):
            for code, names in unset_parameters(day, params, codes).items():
                unset[code] = tuple(dict.fromkeys(unset.get(code, ()) + names))
        for frame in open_frames():
            parts.append(
                _compare_chunk(frame, on=day, base=base, changed=changed, codes=codes, again=again_today)
            )
            rows += frame.height if day == dates[0] else 0
    keys = ["date", "measure", "district"]
    cube = pl.concat(parts).group_by(keys).agg(pl.col(COUNTS).sum()).sort(keys)
    return Simulation(
        overrides=dict(overrides),
        dates=dates,
        rows=rows,
        rules_before=rules_version(base),
        rules_after=rules_version(changed),
        measures=codes,
        paying_measures=paying_measures(codes),
        changed_measures=again,
        cube=cube,
        seconds=time.perf_counter() - started,
        unset_before=unset_before,
        unset_after=unset_after,
    )


def _changed_parameters(overrides: Mapping[str, str]) -> ParameterSet:
    try:
        return load(overrides=dict(overrides))
    except ParameterError as error:
        zh, _, en = str(error).partition(" / ")
        raise ScreeningError(f"参数设置无效：{zh}", f"invalid --set: {en or zh}") from None


def simulate_parquet(
    source: Path,
    *,
    on: dt.date,
    overrides: Mapping[str, str],
    months: int = 1,
    measures: Sequence[str] | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> Simulation:
    """:func:`simulate_frames` over a Parquet file, read chunk by chunk (the file is checked first)."""
    facts = open_facts(source)
    columns = list(facts.columns)

    def open_frames() -> Iterator[pl.DataFrame]:
        for batch in pq.ParquetFile(source).iter_batches(batch_size=chunk_rows, columns=columns):
            frame = pl.from_arrow(batch)
            assert isinstance(frame, pl.DataFrame)
            yield frame

    return simulate_frames(open_frames, on=on, overrides=overrides, months=months, measures=measures)
