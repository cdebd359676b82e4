"""Businesses people run (创业主体), the one-time start-up subsidy, and start-up loan requests."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from linghuo.population.draws import DAYS_PER_YEAR, NO_DATE, Bools, Ints, between, categories, chance
from linghuo.population.residents import Residents, Schooling
from linghuo.population.work import INDIVIDUAL_BUSINESS, OTHER_FLEXIBLE, OWNER_MIN_AGE, PLATFORM, Work

BUSINESS_KINDS: tuple[str, ...] = ("individual_business", "small_enterprise")
_SMALL_ENTERPRISE_SHARE = 0.15
FEN_PER_CNY = 100

# Employees of an individual business: 0, 1, 2, 3–5 or 6–10 (the loan caps change at 3 and at 6).
_EMPLOYEE_BANDS = np.array([[0, 1], [1, 2], [2, 3], [3, 6], [6, 11]])
_EMPLOYEE_BAND_SHARES = np.array([0.35, 0.20, 0.15, 0.20, 0.10])

# Loan requests, CNY: mostly small, some above 300,000 and a few above the 500,000 cap (clause 一).
_LOAN_BANDS_CNY = np.array([[10_000, 100_001], [100_000, 300_001], [300_000, 600_001]])
_LOAN_BAND_SHARES = np.array([0.6, 0.3, 0.1])


@dataclass(frozen=True, slots=True)
class Business:
    """``founded_on`` holds NO_DATE and ``kind`` -1 for people without a business."""

    founded_on: Ints
    kind: Ints  # index into BUSINESS_KINDS, or -1
    non_agricultural: Bools
    employees: Ints
    startup_subsidy_received: Bools
    loan_requested_fen: Ints
    loan_for_tools: Bools


def _founded_on(rng: np.random.Generator, people: Residents, school: Schooling, as_of: int) -> Ints:
    n = people.age.shape[0]
    founded = as_of - between(rng, 30, 3650, n)
    # graduates often start within a few years of leaving (clause 一 counts 2 years from leaving)
    graduate = (school.college_left_on != NO_DATE) & chance(rng, 0.6, n)
    founded = np.where(graduate, school.college_left_on + between(rng, 0, 4 * 365, n), founded)
    founded = np.where(school.college_student, as_of - between(rng, 10, 700, n), founded)
    adult = people.birth + int(np.ceil(18 * DAYS_PER_YEAR))
    return np.clip(founded, adult, as_of - 1)


def _employees(rng: np.random.Generator, small_enterprise: Bools) -> Ints:
    n = small_enterprise.shape[0]
    band = categories(rng, np.broadcast_to(_EMPLOYEE_BAND_SHARES, (n, _EMPLOYEE_BAND_SHARES.shape[0])))
    individual = between(rng, _EMPLOYEE_BANDS[band, 0], _EMPLOYEE_BANDS[band, 1], n)
    return np.where(small_enterprise, between(rng, 3, 41, n), individual)


def _loans(rng: np.random.Generator, owner: Bools, platform: Bools) -> tuple[Ints, Bools]:
    n = owner.shape[0]
    requested = (owner & chance(rng, 0.2, n)) | (platform & ~owner & chance(rng, 0.05, n))
    band = categories(rng, np.broadcast_to(_LOAN_BAND_SHARES, (n, _LOAN_BAND_SHARES.shape[0])))
    cny = between(rng, _LOAN_BANDS_CNY[band, 0], _LOAN_BANDS_CNY[band, 1], n) // 10_000 * 10_000
    amount = np.where(requested, cny * FEN_PER_CNY, 0)
    for_tools = requested & chance(rng, np.where(platform, 0.8, 0.35), n)
    return amount, for_tools


def draw_business(
    rng: np.random.Generator, people: Residents, school: Schooling, work: Work, as_of: int
) -> Business:
    """Who runs a business, since when, what kind, how many employees; subsidies and loans."""
    n = people.age.shape[0]
    side_business = np.isin(work.form, (PLATFORM, OTHER_FLEXIBLE)) & chance(rng, 0.03, n)
    owner = (
        (work.form == INDIVIDUAL_BUSINESS) | (school.college_student & chance(rng, 0.04, n)) | side_business
    )
    owner &= people.age >= OWNER_MIN_AGE
    small = owner & chance(rng, _SMALL_ENTERPRISE_SHARE, n)
    agricultural_p = np.where(people.hukou_rural, 0.25, 0.1)
    loan_fen, for_tools = _loans(rng, owner, work.form == PLATFORM)
    return Business(
        founded_on=np.where(owner, _founded_on(rng, people, school, as_of), NO_DATE),
        kind=np.where(owner, small.astype(np.int64), -1),
        non_agricultural=owner & ~chance(rng, agricultural_p, n),
        employees=np.where(owner, _employees(rng, small), 0),
        startup_subsidy_received=owner & chance(rng, 0.15, n),
        loan_requested_fen=loan_fen,
        loan_for_tools=for_tools,
    )
