"""Individual social-insurance contributions and the social-insurance subsidy already received (十二).

Only flexible workers insured as individuals have ``si_*`` facts; everyone else keeps the defaults
(0, false, null). Subsidy history exists only for people in one of the subsidy's target groups
(certified 就业困难人员, or graduates not employed since leaving college), and it is made consistent
with their dates: the first approval comes after certification (or after leaving college), and the
months received fit between the first approval and the reference date.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from linghuo.population.draws import DAYS_PER_MONTH, DAYS_PER_YEAR, NO_DATE, Bools, Ints, between, chance
from linghuo.population.groups import Groups
from linghuo.population.residents import Residents, Schooling
from linghuo.population.work import Work

# Monthly contribution bases (CNY) for 2025: lower 4,952 and upper 24,762 (parameters.md §3, grade C).
# Premiums: pension 20 % plus an assumed 8 % for medical insurance (Lianyungang's flexible workers' medical
# rate is unconfirmed): figures for plausible synthetic amounts only, never used as rules.
_BASE_LOWER_FEN, _BASE_UPPER_FEN = 495_200, 2_476_200
_PREMIUM_RATE_PERCENT = 28
_CLAIM_MONTHS = np.array([1, 3, 6, 12])
_CLAIM_MONTH_SHARES = np.array([0.1, 0.3, 0.2, 0.4])
_MINIMUM_BASE_SHARE = 0.7
_NOTHING_PAID_SHARE = 0.03


@dataclass(frozen=True, slots=True)
class Contributions:
    """The ``si_*`` facts, and the dates adjusted to fit the subsidy history."""

    si_paid_fen: Ints
    si_claim_months: Ints
    si_base_is_minimum: Bools
    si_subsidy_months_used: Ints
    si_extension_used: Bools
    si_first_approved_on: Ints  # NO_DATE when never approved
    hard_to_employ_since: Ints
    unemployed_since: Ints
    college_left_on: Ints


def _premiums(rng: np.random.Generator, contributor: Bools) -> tuple[Ints, Ints, Bools]:
    n = contributor.shape[0]
    months = _CLAIM_MONTHS[rng.choice(_CLAIM_MONTHS.shape[0], size=n, p=_CLAIM_MONTH_SHARES)]
    minimum = chance(rng, _MINIMUM_BASE_SHARE, n)
    base = np.where(minimum, _BASE_LOWER_FEN, between(rng, _BASE_LOWER_FEN + 100, _BASE_UPPER_FEN + 1, n))
    paid = months * base * _PREMIUM_RATE_PERCENT // 100
    paid = np.where(chance(rng, _NOTHING_PAID_SHARE, n), 0, paid)
    return np.where(contributor, paid, 0), np.where(contributor, months, 0), contributor & minimum


def draw_contributions(
    rng: np.random.Generator, people: Residents, school: Schooling, work: Work, groups: Groups, *, as_of: int
) -> Contributions:
    """Premiums paid in the claim period and the subsidy history of the target groups."""
    n = people.age.shape[0]
    contributor = work.flexible & work.social_insurance_enrolled
    paid, claim_months, minimum = _premiums(rng, contributor)
    hard = groups.hard_to_employ_since != NO_DATE
    graduate = (school.college_left_on != NO_DATE) & ~groups.employed_since_leaving_college
    recipient = contributor & (hard | graduate) & chance(rng, 0.7, n)
    # months received: up to 60 for the hard-to-employ (36 + a 12-month extension, more to retirement),
    # up to 30 for graduates; never more than the months since age 17 (resp. 20) allow
    room = np.floor((people.age - np.where(hard, 17.0, 20.0)) * 12).astype(np.int64) - 4
    months_used = np.clip(
        np.where(hard, between(rng, 0, 61, n), between(rng, 0, 31, n)), 0, np.maximum(room, 0)
    )
    months_used = np.where(recipient, months_used, 0)
    elapsed = np.floor((months_used + between(rng, 0, 4, n)) * DAYS_PER_MONTH).astype(np.int64) + 1
    first = np.where(recipient, as_of - elapsed, NO_DATE)
    # the certificate (or the leaving date) precedes the first approval
    hte = groups.hard_to_employ_since
    move = recipient & hard & (hte > first)
    hte = np.where(move, first - between(rng, 0, 181, n), hte)
    unemployed_since = work.unemployed_since
    unemployed_since = np.where(
        move & (unemployed_since != NO_DATE) & (unemployed_since > hte),
        hte - between(rng, 30, 366, n),
        unemployed_since,
    )
    left = school.college_left_on
    move_left = recipient & ~hard & (left > first)
    earliest_left = people.birth + int(np.ceil(19 * DAYS_PER_YEAR))
    left = np.where(move_left, np.maximum(first - between(rng, 0, 201, n), earliest_left), left)
    return Contributions(
        si_paid_fen=paid,
        si_claim_months=claim_months,
        si_base_is_minimum=minimum,
        si_subsidy_months_used=months_used,
        si_extension_used=recipient & hard & chance(rng, 0.15, n),
        si_first_approved_on=first,
        hard_to_employ_since=hte,
        unemployed_since=unemployed_since,
        college_left_on=left,
    )
