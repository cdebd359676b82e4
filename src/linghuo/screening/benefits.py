"""Which screened decisions are benefits, and why an eligible person may have no amount yet.

Screening decides every person measure (``screening.results.measure_codes``: the Parquet output keeps
them all), but the summaries people read — a run's figures, the what-if tables and their totals — count
only *benefits* (:attr:`linghuo.policy.engine.Measure.benefit`): the rules the platform keeps (the
statutory retirement date, the minimum wage) are figures other measures read, and the minimum wage's
"amount" is a wage, not money paid. *Spending* is the amounts of the benefits that give one.

An eligible person of a benefit that gives an amount may have none yet: the amount reads a parameter
with no value (an amount the policy papers did not give, ``value: null``, unconfirmed, for the operator
to set), or a fact it is computed from is missing (a loan with no amount requested). Totals leave them
out; :func:`no_amount_reason` says why, next to their count.

>>> benefit_codes(["minimum_wage", "social_insurance_subsidy", "statutory_retirement_date"])
('social_insurance_subsidy',)
>>> paying_codes(["free_premises_priority", "startup_guarantee_loan", "startup_subsidy_once"])
('startup_subsidy_once',)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from linghuo.policy.engine import compiled
from linghuo.policy.measures import registry
from linghuo.policy.parameters import ParameterSet
from linghuo.policy.parameters import load as load_parameters


def benefit_codes(codes: Iterable[str]) -> tuple[str, ...]:
    """``codes`` without the rules the platform keeps, in their order (a code the engine no longer
    knows, from an older run, is kept)."""
    found = registry()
    return tuple(c for c in codes if c not in found or found[c].benefit)


def paying_codes(codes: Iterable[str]) -> tuple[str, ...]:
    """The benefits of ``codes`` whose amount is money paid to the person (those with an amount that is
    spending: a guaranteed loan's amount is lent by a bank, not paid, so it is no spending)."""
    found = registry()
    return tuple(
        c
        for c in benefit_codes(codes)
        if c in found and found[c].amount_build is not None and found[c].amount_is_spending
    )


def unset_parameters(on: dt.date, params: ParameterSet, codes: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """For each paying benefit of ``codes``, the parameters its decision reads on ``on`` that have no
    value then (sorted); the measures without any are left out."""
    paying = paying_codes(codes)
    if not paying:
        return {}
    unset: dict[str, tuple[str, ...]] = {}
    for cm in compiled(on, params, list(paying)).measures:
        names = tuple(
            name
            for name in cm.parameters
            if (dated := params.parameters[name].at(on)) is None or dated.value is None
        )
        if names:
            unset[cm.measure.code] = names
    return unset


def _description(parameters: ParameterSet, name: str, *, english: bool) -> str:
    parameter = parameters.parameters.get(name)
    if parameter is None:
        return ""
    zh, _, en = parameter.description.partition(" / ")
    return (en if english else zh).strip()


def no_amount_reason(
    names: Sequence[str], *, english: bool = False, parameters: ParameterSet | None = None
) -> str:
    """Why eligible people have no amount: the ``names`` of the unset parameters the amount reads, or,
    with none, missing facts. Chinese, or English with ``english``.

    >>> no_amount_reason(["startup_subsidy_once.amount_other_groups"], english=True).split(" (")[0]
    'the parameter startup_subsidy_once.amount_other_groups'
    >>> no_amount_reason(["startup_subsidy_once.amount_other_groups"]).endswith("未确认、尚未设定")
    True
    >>> no_amount_reason([])
    '计算金额所需的个人信息不全'
    """
    if not names:
        return (
            "the personal information the amount is computed from is incomplete"
            if english
            else "计算金额所需的个人信息不全"
        )
    found = parameters if parameters is not None else load_parameters()
    parts = []
    for name in names:
        about = _description(found, name, english=english)
        if english:
            parts.append(f"the parameter {name}{f' ({about})' if about else ''} is unconfirmed and not set")
        else:
            parts.append(f"参数 {name}{f'（{about}）' if about else ''}未确认、尚未设定")
    return ("; " if english else "；").join(parts)
