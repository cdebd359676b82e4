"""（十三）优化人力资源服务 and the minimum wage rules — the minimum pay of a gig posting.

（十三）"将灵活就业岗位供求信息纳入公共就业服务范围 …… 开设灵活就业信息发布专区，免费发布岗位供求信息。"
The platform publishes postings for flexible work; it must not publish one that pays less than the
law allows. Part-time work (非全日制用工) is paid by the hour, and its floor is the hourly minimum wage
of the place of work (苏人社发〔2021〕72号 and the later notices, parameters.md §1).

Readings:

- **Place and date**: the district of the posting (its 6-digit division code, a historical one read as
  its successor) and the date the work is done. The minimum wage binds on its own dates (from
  2018-08-01), not from the policy's: a date before 2021-11-08 is answered, not refused.
- **Hourly equivalent** of the pay, by the posting's unit: ``hour`` the pay itself; ``day`` and
  ``total`` the pay divided by the hours of work it covers; ``piece`` the pay per piece times the pieces
  the posting expects, divided by the hours they take. The comparison is exact (a fraction of a fen
  counts); the figure shown is floored to the fen.
- **General rule**: a posting meets the minimum when its hourly equivalent is at least the hourly
  minimum wage. One that does not is refused (or, for a posting already published, flagged): the
  result says which, and by how much it falls short per hour (rounded up to the fen).
- A district with no minimum-wage tier (outside the city, or the city's own code 320700) or a date
  before the first minimum wage is an error that says so; nothing is passed silently.

>>> check = check_posting_pay(Posting("320706", dt.date(2021, 8, 1), pay_fen=2000, unit="hour"))
>>> check.meets_minimum, check.minimum_hourly_fen
(True, 2000)
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from linghuo import divisions
from linghuo.policy.dsl import PlatformRule
from linghuo.policy.explain import yuan
from linghuo.policy.measures import minimum_wage
from linghuo.policy.parameters import ParameterMissingError, ParameterSet
from linghuo.policy.parameters import load as load_parameters

PayUnit = Literal["hour", "day", "piece", "total"]
PAY_UNITS: tuple[PayUnit, ...] = ("hour", "day", "piece", "total")
PARAMETERS = (f"{minimum_wage.P}.tier", f"{minimum_wage.P}.hourly")


class PostingError(ValueError):
    """A posting cannot be checked (missing hours, unknown unit, no minimum wage for its place)."""


@dataclass(frozen=True, slots=True)
class Posting:
    """What the check reads of a gig posting. ``hours``: the hours the pay covers (``day``, ``total``,
    ``piece``); ``pieces``: the pieces expected in those hours (``piece``)."""

    division: str
    work_date: dt.date
    pay_fen: int
    unit: PayUnit
    hours: Fraction | None = None
    pieces: int | None = None


@dataclass(frozen=True, slots=True)
class PostingPayCheck:
    """The outcome: whether the pay meets the hourly minimum, with the figures and their sources."""

    meets_minimum: bool
    hourly_equivalent_fen: int  # floored to the fen
    minimum_hourly_fen: int
    shortfall_per_hour_fen: int  # 0 when met; rounded up to the fen
    tier: int
    references: tuple[str, ...]
    unconfirmed_parameters: tuple[str, ...]
    explanation_zh: str
    explanation_en: str


def hourly_equivalent(posting: Posting) -> Fraction:
    """The pay per hour of work, exactly (in fen).

    >>> hourly_equivalent(Posting("320706", dt.date(2024, 1, 1), 18000, "day", hours=Fraction(15, 2)))
    Fraction(2400, 1)
    """
    if posting.pay_fen < 0:
        raise PostingError("报酬不能为负数 / the pay cannot be negative")
    if posting.unit not in PAY_UNITS:
        raise PostingError(
            f"未知的计酬单位 {posting.unit!r}，应为 {'、'.join(PAY_UNITS)} 之一 / "
            f"unknown pay unit {posting.unit!r}, expected one of {', '.join(PAY_UNITS)}"
        )
    if posting.unit == "hour":
        return Fraction(posting.pay_fen)
    hours = posting.hours
    if hours is None or hours <= 0:
        raise PostingError(
            f"按{posting.unit}计酬的岗位须写明工作小时数（大于0） / "
            f"a posting paid by {posting.unit} must give the hours of work (more than 0)"
        )
    if posting.unit == "piece":
        if posting.pieces is None or posting.pieces <= 0:
            raise PostingError(
                "计件岗位须写明预计件数（大于0） / "
                "a piece-rate posting must give the pieces expected (more than 0)"
            )
        return Fraction(posting.pay_fen * posting.pieces) / Fraction(hours)
    return Fraction(posting.pay_fen) / Fraction(hours)


def check_posting_pay(posting: Posting, params: ParameterSet | None = None) -> PostingPayCheck:
    """Whether a posting's pay meets the part-time hourly minimum wage of its district on its date."""
    parameters = params if params is not None else load_parameters()
    hourly = hourly_equivalent(posting)
    wage = _wage(posting, parameters)
    meets = hourly >= wage.hourly_fen
    shortfall = 0 if meets else math.ceil(wage.hourly_fen - hourly)
    shown = math.floor(hourly)
    references, unconfirmed = _sources(parameters, posting.work_date)
    zh, en = _explain(
        posting,
        meets=meets,
        shown=shown,
        wage=wage,
        shortfall=shortfall,
        references=references,
        unconfirmed=unconfirmed,
    )
    return PostingPayCheck(
        meets, shown, wage.hourly_fen, shortfall, wage.tier, references, unconfirmed, zh, en
    )


def _wage(posting: Posting, parameters: ParameterSet) -> minimum_wage.MinimumWage:
    division = posting.division
    try:
        divisions.current_county_code(division)
        return minimum_wage.minimum_wage_on(division, posting.work_date, parameters)
    except KeyError:
        raise PostingError(
            f"区划 {division} 没有最低工资档次，请填写岗位所在的区县 / "
            f"division {division} has no minimum-wage tier: give the posting's district"
        ) from None
    except ParameterMissingError:
        raise PostingError(
            f"{posting.work_date} 没有适用的最低工资标准 / no minimum wage applies on {posting.work_date}"
        ) from None


def _sources(parameters: ParameterSet, on: dt.date) -> tuple[tuple[str, ...], tuple[str, ...]]:
    references, unconfirmed = [], []
    for name in PARAMETERS:
        dated = parameters[name].at(on)
        if dated is None:
            continue
        references.append(f"{name}: {dated.reference} ({dated.confidence})")
        if dated.confidence == "unconfirmed":
            unconfirmed.append(name)
    return tuple(references), tuple(unconfirmed)


def _explain(
    posting: Posting,
    *,
    meets: bool,
    shown: int,
    wage: minimum_wage.MinimumWage,
    shortfall: int,
    references: tuple[str, ...],
    unconfirmed: tuple[str, ...],
) -> tuple[str, str]:
    zh = (
        f"岗位报酬折合每小时{yuan(shown)}元（向下取整到分），"
        f"{posting.division} 在 {posting.work_date} 适用第{wage.tier}档"
        f"非全日制用工小时最低工资{yuan(wage.hourly_fen)}元："
        + (
            "不低于最低工资，可以发布。"
            if meets
            else f"低于最低工资（每小时差{yuan(shortfall)}元），不予发布或予以标记。"
        )
        + f"依据：{'；'.join(references)}。"
    )
    en = (
        f"The pay is CNY {yuan(shown)} an hour (floored to the fen); the part-time hourly minimum wage of "
        f"{posting.division} on {posting.work_date} (tier {wage.tier}) is CNY {yuan(wage.hourly_fen)}: "
        + (
            "at least the minimum, may be published."
            if meets
            else f"below the minimum by CNY {yuan(shortfall)} an hour: refused, or flagged if published."
        )
        + f" Sources: {'; '.join(references)}."
    )
    if unconfirmed:
        zh += f"注意：以下参数未经确认：{'、'.join(unconfirmed)}。"
        en += f" Warning: unconfirmed parameters: {', '.join(unconfirmed)}."
    return zh, en


rule = PlatformRule(
    "posting_minimum_pay",
    clause="十三",
    title="零工岗位报酬不低于小时最低工资",
    title_en="Minimum pay of a gig posting",
    compute=check_posting_pay,
    parameters=PARAMETERS,
)
