"""New urban employment (城镇新增就业, clause 十五): people newly employed, by district and month.

"劳动收入达到当地最低工资标准且依法参加社会保险的，纳入城镇新增就业统计". The rule
``new_urban_employment`` says whether a person meets that condition on a date, over the registry's facts
as of that date (:mod:`linghuo.insights.facts`). The statistic is a **flow** (policy-catalog.md, 十五):
a person counts once, in the month in which they first meet the rule within a spell of flexible
employment, and again only after that spell has ended and a new one begun. The people meeting the rule
on a date are the **stock**, a separate figure.

Exactly:

- A month is looked at on its last day (today for the current month): its *month-end*. The facts are
  those of that day — memberships and registrations by their dates, roster entries by their period.
- A person is *in flexible work* at a month-end when they are at work then (an employment registration
  in force, or a roster entry or work evidence — a gig completed in the market — covering the date,
  :func:`~linghuo.insights.facts.persons_at_work_on`) in a flexible form (``individual_business``,
  ``part_time``, ``platform``, ``other_flexible``).
- The *spell* in progress at a month-end *M* began on the person's ``flexible_employment_since`` as of
  *M* (a recorded start; else the registration's date; else the roster entries' start; else the work
  evidence's). An earlier month-end *E* lies in the same spell when *E* is on or after that start and
  the person was in flexible work at every month-end from *E* to *M*. So a spell ends when the person
  is not in flexible work at a month-end (a registration ended, no roster entry or gig any more), and
  also when a new start is recorded after the last month-end they met the rule (a registration ended
  and a new one made within one month).
- A person is an **entry** (counted) in month *M* when they meet the rule at *M*'s end and met it at
  no earlier month-end of the same spell. A range's total is the number of entries in its months; the
  history before the range is looked at as far as the spell goes back (someone who met the rule in
  January is not new in October), but never before the policy's first month (2021-11): the rule did
  not exist earlier, so a spell older than the policy counts when it first meets the rule under it.
- An entry counts in the district of the person's work division at that month-end (a historical code
  counts as its successor; the city's own code stays the city's). The stock is the people meeting the
  rule at the range's last month-end, by the same district.

Every figure depends only on the facts as of month-ends up to the month's own, so a past month gives
the same figures after later changes (a registration ended later, a roster of a later month). Only a
correction dated back into it (a late roster for its period, a back-dated end) changes it, as it should.

Queries stay bounded: each month of the range reads the people at work then in chunks (a fixed number
of queries per chunk, :func:`~linghuo.insights.facts.facts_frame_on`); the history before the range
reads, month by month backwards, only the people whose first meeting in the range is not yet decided,
and stops when none is left.
"""

from __future__ import annotations

import calendar
import datetime
import io
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

import polars as pl
from django.utils import timezone
from openpyxl import Workbook

from linghuo import divisions
from linghuo.insights.facts import (
    DEFAULT_CHUNK_SIZE,
    ID_LIST_CHUNK_LIMIT,
    facts_frame_on,
    month_start,
    persons_at_work_on,
)
from linghuo.policy import clauses, engine
from linghuo.policy.facts import FLEXIBLE_FORMS
from linghuo.spreadsheets import formula_safe

MEASURE = "new_urban_employment"
MAX_MONTHS = 24
_MONTH = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})")


@dataclass(frozen=True)
class UrbanEmploymentTable:
    """Entries (the flow) by (district code, month's first day), and the stock at the range's end.

    ``counts`` leaves out pairs with no entry; ``totals`` has every month; ``stock`` is the people
    meeting the rule on ``stock_on`` (the last month's end), by district, districts with none left out.
    """

    months: tuple[datetime.date, ...]
    districts: tuple[str, ...]
    counts: dict[tuple[str, datetime.date], int]
    evaluated_on: dict[datetime.date, datetime.date]
    rules_version: str
    totals: dict[datetime.date, int] = field(default_factory=dict)
    stock: dict[str, int] = field(default_factory=dict)
    stock_on: datetime.date | None = None

    def count(self, district: str, month: datetime.date) -> int:
        return self.counts.get((district, month), 0)

    @property
    def total(self) -> int:
        """The entries over the range (not a sum of stocks)."""
        return sum(self.totals.values())

    @property
    def monthly_totals(self) -> list[int]:
        """The entries of each month, in the months' order."""
        return [self.totals.get(m, 0) for m in self.months]

    @property
    def stock_total(self) -> int:
        return sum(self.stock.values())

    def rows(self) -> list[tuple[str, str, list[int], int, int]]:
        """(district code, name, entries per month, entries in all, stock at the end) per district."""
        out = []
        for code in self.districts:
            values = [self.count(code, m) for m in self.months]
            out.append((code, district_name(code), values, sum(values), self.stock.get(code, 0)))
        return out


def district_name(code: str) -> str:
    """A district's Chinese name (``320706`` → ``海州区``; the city's code → ``市本级``)."""
    return divisions.district_name(code) or code


def month_end(month: datetime.date, *, today: datetime.date | None = None) -> datetime.date:
    """The date a month is counted on: its last day, or today for the current month.

    >>> month_end(datetime.date(2024, 2, 1), today=datetime.date(2025, 1, 1))
    datetime.date(2024, 2, 29)
    >>> month_end(datetime.date(2024, 2, 1), today=datetime.date(2024, 2, 10))
    datetime.date(2024, 2, 10)
    """
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    return min(last, today or timezone.localdate())


def all_districts() -> tuple[str, ...]:
    """The city's current counties, then the city's own code (work recorded city-wide)."""
    return (*(c.code for c in divisions.counties()), divisions.CITY_CODE)


def _county(code: str | None) -> str | None:
    if code is None or not divisions.is_in_city(code):
        return None
    return code if code == divisions.CITY_CODE else divisions.current_county_code(code)


# The people in flexible work at a month-end: their district (None outside the city), whether the rule
# holds for them, and the start of the spell in progress.
_OBSERVED: dict[str, pl.DataType] = {
    "person": pl.Int64(),
    "district": pl.String(),
    "met": pl.Boolean(),
    "since": pl.Date(),
}


def _policy_first_month() -> datetime.date:
    return month_start(clauses.document().in_force_from)


def _observed(frames: Iterable[pl.DataFrame], on: datetime.date) -> pl.DataFrame:
    """Of the facts ``frames`` (as of ``on``), the people in a flexible form, as ``_OBSERVED`` rows (the
    spell's start is ``on`` itself when none is recorded)."""
    parts = []
    for facts in frames:
        flexible = facts.filter(pl.col("employment_form").cast(pl.String).is_in(FLEXIBLE_FORMS))
        if flexible.height == 0:
            continue
        decided = engine.evaluate_frame(flexible, on=on, measures=[MEASURE])
        parts.append(
            flexible.select(
                "person_id",
                pl.col("work_division").cast(pl.String).alias("division"),
                pl.col("flexible_employment_since").fill_null(pl.lit(on)).alias("since"),
            ).join(
                decided.select("person_id", pl.col(f"{MEASURE}_eligible").fill_null(False).alias("met")),
                on="person_id",
            )
        )
    if not parts:
        return pl.DataFrame(schema=_OBSERVED)
    frame = pl.concat(parts)
    counties = {code: _county(code) for code in frame["division"].drop_nulls().unique().to_list()}
    return frame.select(
        pl.col("person_id").cast(pl.Int64).alias("person"),
        pl.col("division").replace_strict(counties, default=None, return_dtype=pl.String).alias("district"),
        "met",
        pl.col("since").cast(pl.Date),
    )


def _observe_all(on: datetime.date, *, chunk_size: int) -> pl.DataFrame:
    """Everyone in flexible work on ``on`` (``_OBSERVED`` rows)."""
    return _observed(facts_frame_on(persons_at_work_on(on), on=on, chunk_size=chunk_size), on)


def _observe_some(people: Sequence[int], on: datetime.date, *, chunk_size: int) -> pl.DataFrame:
    """Those of ``people`` in flexible work on ``on`` (``_OBSERVED`` rows)."""

    def frames() -> Iterable[pl.DataFrame]:
        for start in range(0, len(people), ID_LIST_CHUNK_LIMIT):
            chunk = people[start : start + ID_LIST_CHUNK_LIMIT]
            at_work = persons_at_work_on(on).filter(pk__in=chunk).values_list("pk", flat=True)
            yield from facts_frame_on(list(at_work), on=on, chunk_size=chunk_size)

    return _observed(frames(), on)


def _by_district(rows: pl.DataFrame) -> dict[str, int]:
    counted = rows.drop_nulls("district").group_by("district").len()
    return {str(district): int(number) for district, number in counted.iter_rows()}


def stock_on(on: datetime.date, *, chunk_size: int = DEFAULT_CHUNK_SIZE) -> dict[str, int]:
    """The stock: how many people meet the rule on ``on``, by district (districts with none left out).

    Raises :class:`~linghuo.policy.engine.PolicyDateError` for a date before the policy.
    """
    engine.check_evaluation_date(on)
    return _by_district(_observe_all(on, chunk_size=chunk_size).filter("met"))


def _entries(
    months: Sequence[datetime.date], *, today: datetime.date, chunk_size: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The entries of consecutive ``months`` (rows of month, district), and who is in flexible work at
    the last month's end (``_OBSERVED`` rows: the stock is those who meet the rule).

    Month by month, each person in flexible work carries the last month-end they met the rule in the
    run of month-ends they have been in flexible work (``last_met``), and whether that run's start is
    known (``known``: false while it may reach back before the range). A person meeting the rule is an
    entry when the run holds no meeting on or after the spell's start; when the run reaches back before
    the range, the history decides (:func:`_entries_by_history`).
    """
    state: pl.DataFrame | None = None  # the people in flexible work at the previous month-end
    entries: list[pl.DataFrame] = []
    undecided: list[pl.DataFrame] = []
    observed = pl.DataFrame(schema=_OBSERVED)
    for month in months:
        on = month_end(month, today=today)
        observed = _observe_all(on, chunk_size=chunk_size)
        if state is None:
            run = observed.with_columns(last_met=pl.lit(None, pl.Date()), known=pl.lit(False))
        else:  # someone not in flexible work at the previous month-end starts a new run, known
            run = observed.join(state, on="person", how="left").with_columns(pl.col("known").fill_null(True))
        met = run.filter("met")
        first_in_spell = pl.col("last_met").is_null() | (pl.col("last_met") < pl.col("since"))
        entries.append(
            met.filter(pl.col("known") & first_in_spell).select(pl.lit(month).alias("month"), "district")
        )
        undecided.append(
            met.filter(~pl.col("known")).select("person", pl.lit(month).alias("month"), "district", "since")
        )
        state = run.select(
            "person",
            pl.when("met").then(pl.lit(on)).otherwise(pl.col("last_met")).alias("last_met"),
            (pl.col("known") | pl.col("met")).alias("known"),
        )
    entries.append(_entries_by_history(pl.concat(undecided), months[0], today=today, chunk_size=chunk_size))
    return pl.concat(entries), observed


def _entries_by_history(
    undecided: pl.DataFrame, first: datetime.date, *, today: datetime.date, chunk_size: int
) -> pl.DataFrame:
    """Of ``undecided`` (person, month, district, since: meeting the rule in the range for the first
    time, in flexible work at every month-end from the range's first to then), the entries: walking
    back from the month before ``first``, a month-end before the spell's start or one out of flexible
    work ends the spell (an entry); one meeting the rule makes it no entry. At most one row a person.
    """
    entries = []
    month = month_start(first, back=1)
    earliest = _policy_first_month()
    while undecided.height and month >= earliest:
        on = month_end(month, today=today)
        before_spell = pl.col("since") > on
        entries.append(undecided.filter(before_spell))
        undecided = undecided.filter(~before_spell)
        observed = _observe_some(undecided["person"].to_list(), on, chunk_size=chunk_size)
        entries.append(undecided.join(observed, on="person", how="anti"))
        undecided = undecided.join(observed.filter(~pl.col("met")), on="person", how="semi")
        month = month_start(month, back=1)
    entries.append(undecided)  # the policy's first month reached: the rule did not exist before it
    return pl.concat(entries).select("month", "district")


def new_urban_employment_counts(
    *,
    months: Sequence[datetime.date],
    districts: Collection[str] | None = None,
    today: datetime.date | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> UrbanEmploymentTable:
    """New urban employment (entries) by district and month, and the stock at the last month's end.

    The table has every month from the earliest to the latest of ``months`` (any dates in them; at most
    ``MAX_MONTHS``, none after today's month), each as of :func:`month_end`; ``districts`` limits it to
    those county codes (a caseworker's), all by default. Raises :class:`ValueError` for too many or
    future months, :class:`~linghuo.policy.engine.PolicyDateError` for a month before the policy.
    """
    day = today or timezone.localdate()
    shown = tuple(d for d in all_districts() if districts is None or d in districts)
    if not months:
        return UrbanEmploymentTable((), shown, {}, {}, engine.rules_version())
    span = tuple(months_between(min(months), max(months)))
    if len(span) > MAX_MONTHS:
        raise ValueError(
            f"一次最多统计{MAX_MONTHS}个月（所选 {len(span)} 个月） / "
            f"at most {MAX_MONTHS} months at a time ({len(span)} asked)"
        )
    if span[-1] > month_start(day):
        raise ValueError(
            f"不能统计未来的月份（{span[-1]:%Y-%m} 晚于本月） / "
            f"a month in the future cannot be counted ({span[-1]:%Y-%m})"
        )
    evaluated = {m: month_end(m, today=day) for m in span}
    engine.check_evaluation_date(evaluated[span[0]])
    entries, last = _entries(span, today=day, chunk_size=chunk_size)
    counted = entries.filter(pl.col("district").is_in(shown)).group_by("month", "district").len()
    counts = {(str(d), m): int(n) for m, d, n in counted.iter_rows()}
    totals = {m: sum(counts.get((d, m), 0) for d in shown) for m in span}
    stock = {d: n for d, n in _by_district(last.filter("met")).items() if d in shown}
    return UrbanEmploymentTable(
        span, shown, counts, evaluated, engine.rules_version(), totals, stock, evaluated[span[-1]]
    )


def month_parse(text: str) -> datetime.date:
    """A month written ``YYYY-MM``, as its first day (:class:`ValueError` in Chinese and English).

    >>> month_parse(" 2024-03 ")
    datetime.date(2024, 3, 1)
    """
    written = text.strip()
    match = _MONTH.fullmatch(written)
    if match is None or not 1 <= int(match["m"]) <= 12:
        raise ValueError(
            f"月份「{written}」格式不对，应写成 YYYY-MM（如 2024-03） / "
            f"a month is written YYYY-MM (e.g. 2024-03), not {written!r}"
        )
    return datetime.date(int(match["y"]), int(match["m"]), 1)


def month_range(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The months from ``first`` to ``last`` (:func:`months_between`), refusing a first after the last."""
    if month_start(first) > month_start(last):
        raise ValueError(
            f"起始月份 {first:%Y-%m} 晚于截止月份 {last:%Y-%m} / "
            f"the first month {first:%Y-%m} is after the last {last:%Y-%m}"
        )
    return months_between(first, last)


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first days of the months from ``first``'s to ``last``'s, both included.

    >>> months_between(datetime.date(2023, 11, 5), datetime.date(2024, 1, 1))
    [datetime.date(2023, 11, 1), datetime.date(2023, 12, 1), datetime.date(2024, 1, 1)]
    """
    out = []
    month = month_start(first)
    while month <= last:
        out.append(month)
        month = month_start(month.replace(day=28) + datetime.timedelta(days=4))
    return out


STOCK_LABEL = "期末符合条件人数（存量）"
FLOW_DEFINITION = (
    "措施（十五）：灵活就业人员劳动收入达到当地最低工资标准且依法参加社会保险的，纳入城镇新增就业统计。"
    "每人在一段灵活就业期间内只在首次符合条件的月份计一次；该段就业结束、再次开始灵活就业后可再计。"
    "合计为所选月份内的新增人数之和。"
)
STOCK_DEFINITION = "截止月份月末（本月为今天）正在灵活就业且符合上述条件的人数，是存量，不是新增就业人数。"


def stock_header(table: UrbanEmploymentTable) -> str:
    """The stock column's heading, with its date: ``期末符合条件人数（存量，2024-06-30）``."""
    return f"{STOCK_LABEL[:-1]}，{table.stock_on}）"


def table_xlsx(table: UrbanEmploymentTable) -> bytes:
    """The table as an Excel workbook (every text cell formula-safe): entries by district and month,
    their totals, and the stock at the end of the range in a column of its own, labelled so."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "城镇新增就业"
    header = ["区县代码", "区县", *(f"{m:%Y-%m}" for m in table.months), "合计", stock_header(table)]
    sheet.append([formula_safe(h) for h in header])
    for code, name, values, total, stock in table.rows():
        sheet.append([formula_safe(code), formula_safe(name), *values, total, stock])
    sheet.append(["", "合计", *(table.totals[m] for m in table.months), table.total, table.stock_total])
    sheet.append([])
    sheet.append([formula_safe("统计口径"), formula_safe(FLOW_DEFINITION)])
    sheet.append([formula_safe(STOCK_LABEL), formula_safe(STOCK_DEFINITION)])
    dates = "；".join(f"{m:%Y-%m} 按 {on} 的登记信息" for m, on in table.evaluated_on.items())
    sheet.append([formula_safe("统计日期"), formula_safe(dates)])
    sheet.append([formula_safe("规则版本"), formula_safe(table.rules_version)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
