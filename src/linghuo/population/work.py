"""Work: employment form, place of work, unemployment, labour income, social insurance, pension years."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from linghuo.population import regions
from linghuo.population.draws import NO_DATE, Bools, Floats, Ints, between, categories, chance
from linghuo.population.residents import Residents, Schooling

# The catalogue's employment forms, in this order (the column stores the names).
EMPLOYMENT_FORMS: tuple[str, ...] = (
    "individual_business",
    "part_time",
    "platform",
    "other_flexible",
    "employee",
    "unemployed",
    "student",
)
INDIVIDUAL_BUSINESS, PART_TIME, PLATFORM, OTHER_FLEXIBLE, EMPLOYEE, UNEMPLOYED, STUDENT = range(7)
FLEXIBLE_FORMS = (INDIVIDUAL_BUSINESS, PART_TIME, PLATFORM, OTHER_FLEXIBLE)
OWNER_MIN_AGE = 18.5  # business owners are adults, with a business founded after their 18th birthday

# Employment forms of people not at school, by age band (upper bounds 25, 45, 60, then older), in the
# order of EMPLOYMENT_FORMS without "student". A plausible mix for a demo, not labour-force statistics.
_AGE_BANDS = np.array([25.0, 45.0, 60.0])
_FORMS_BY_BAND = np.array(
    [
        [0.04, 0.12, 0.14, 0.10, 0.35, 0.25],
        [0.12, 0.06, 0.09, 0.08, 0.46, 0.19],
        [0.12, 0.07, 0.05, 0.10, 0.40, 0.26],
        [0.08, 0.08, 0.02, 0.12, 0.12, 0.58],
    ]
)

# Places of work outside the city, for the few who commute or work away (南京 玄武区, 苏州 姑苏区,
# 上海 浦东新区, 临沂 兰山区).
_OUTSIDE_CITY = np.array([320102, 320508, 310115, 371302], dtype=np.int64)

# Monthly labour income by form: (median CNY, spread of the log) — around and above Jiangsu's monthly
# minimum wages (2,010–2,660 CNY), part-timers mostly below them.
_INCOME = {
    EMPLOYEE: (5200.0, 0.40),
    INDIVIDUAL_BUSINESS: (4800.0, 0.60),
    PART_TIME: (1900.0, 0.45),
    PLATFORM: (4200.0, 0.40),
    OTHER_FLEXIBLE: (2700.0, 0.45),
    UNEMPLOYED: (800.0, 0.50),
    STUDENT: (1200.0, 0.50),
}
# Monthly minimum wages of Jiangsu's tiers since 2018 (CNY, parameters.md §1): some flexible workers
# earn exactly one of them, or one fen less, so both sides of each threshold are present.
MINIMUM_WAGES_CNY = np.array([1620, 1830, 2020, 1840, 2070, 2280, 2010, 2260, 2490, 2180, 2430, 2660])
_AT_MINIMUM_WAGE_SHARE = 0.04


@dataclass(frozen=True, slots=True)
class Work:
    """One array per fact; ``unemployed_since`` holds NO_DATE when absent."""

    form: Ints  # index into EMPLOYMENT_FORMS
    flexible: Bools
    work_division: Ints
    registered_unemployed: Bools
    unemployed_since: Ints
    receiving_unemployment_benefit: Bools
    monthly_income_fen: Ints
    social_insurance_enrolled: Bools
    jiangsu_pension_years: Ints


def _forms(rng: np.random.Generator, people: Residents, school: Schooling) -> Ints:
    band = np.searchsorted(_AGE_BANDS, people.age, side="right")
    form = categories(rng, _FORMS_BY_BAND[band])
    form = np.where((form == INDIVIDUAL_BUSINESS) & (people.age < OWNER_MIN_AGE), PART_TIME, form)
    return np.where(school.college_student | school.in_secondary_school, STUDENT, form)


def _work_divisions(rng: np.random.Generator, people: Residents, working: Bools) -> Ints:
    n = working.shape[0]
    city = np.array(regions.CITY_DIVISIONS, dtype=np.int64)
    u = rng.random(n)
    division = np.where(u < 0.11, city[rng.integers(0, city.shape[0], size=n)], people.residence_division)
    division = np.where(u > 0.97, _OUTSIDE_CITY[rng.integers(0, _OUTSIDE_CITY.shape[0], size=n)], division)
    return np.where(working, division, people.residence_division)


def _incomes(rng: np.random.Generator, form: Ints, flexible: Bools) -> Ints:
    n = form.shape[0]
    median = np.array([_INCOME[f][0] for f in range(len(EMPLOYMENT_FORMS))])[form]
    spread = np.array([_INCOME[f][1] for f in range(len(EMPLOYMENT_FORMS))])[form]
    cny: Floats = median * np.exp(spread * rng.standard_normal(n))
    fen = np.floor(cny * 100).astype(np.int64)
    without_income = ((form == UNEMPLOYED) & chance(rng, 0.85, n)) | ((form == STUDENT) & chance(rng, 0.8, n))
    fen = np.where(without_income, 0, fen)
    at_minimum = flexible & chance(rng, _AT_MINIMUM_WAGE_SHARE, n)
    exact = MINIMUM_WAGES_CNY[rng.integers(0, MINIMUM_WAGES_CNY.shape[0], size=n)] * 100
    exact = exact - rng.integers(0, 2, size=n)  # the minimum itself, or one fen below it
    return np.where(at_minimum, exact, fen)


def _pension_years(rng: np.random.Generator, people: Residents, form: Ints, insured: Bools) -> Ints:
    n = form.shape[0]
    career = np.maximum(people.age - 18.0, 0.0)
    years = between(rng, 0, np.maximum(career, 1.0), n)
    years = np.where(insured | (form == EMPLOYEE), years, years // 2)
    # out-of-province hukou (pension route 3, ≥ 10 years): many just below and above the threshold
    near_ten = between(rng, 7, 14, n)
    outsider = ~people.jiangsu_hukou & ~people.hmt_residence_permit & chance(rng, 0.4, n)
    years = np.where(outsider & (career >= 14), near_ten, years)
    return np.where(form == STUDENT, 0, np.minimum(years, 45)).astype(np.int64)


def draw_work(rng: np.random.Generator, people: Residents, school: Schooling, as_of: int) -> Work:
    """Employment form and everything that follows from it."""
    n = people.age.shape[0]
    form = _forms(rng, people, school)
    flexible = np.isin(form, FLEXIBLE_FORMS)
    unemployed = form == UNEMPLOYED
    registered = (unemployed & chance(rng, 0.6, n)) | (flexible & chance(rng, 0.12, n))
    # continuous unemployment: about 40 % a year or longer; never before the 16th birthday
    spell = np.floor(rng.exponential(400.0, n)).astype(np.int64) + 1
    since = np.maximum(as_of - spell, people.birth + int(16 * 365.25))
    since = np.where(flexible, as_of - between(rng, 60, 1500, n), since)  # registered, then found gig work
    unemployed_since = np.where(unemployed | registered, since, NO_DATE)
    benefit = registered & chance(rng, np.where(unemployed, 0.25, 0.06), n)
    insured_p = np.select([form == EMPLOYEE, flexible, unemployed], [0.93, 0.55, 0.15], 0.0)
    insured = chance(rng, insured_p, n)
    return Work(
        form=form,
        flexible=flexible,
        work_division=_work_divisions(rng, people, flexible | (form == EMPLOYEE)),
        registered_unemployed=registered,
        unemployed_since=unemployed_since,
        receiving_unemployment_benefit=benefit,
        monthly_income_fen=_incomes(rng, form, flexible),
        social_insurance_enrolled=insured,
        jiangsu_pension_years=_pension_years(rng, people, form, insured),
    )
