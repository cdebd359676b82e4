"""The flexible worker's own history: when the flexible work began, subsidised training (九), and
freelance professionals who may apply for a title directly (十三).

Only flexible workers have ``flexible_employment_since``. An individual business's flexible work began on
the day the business was founded; a worker registered as unemployed found the flexible work after
registering. A certified 就业困难人员 was certified before the flexible work began for most, on the very
day for a few, and after it for the others, so both sides of "灵活就业前认定为就业困难人员" (九) are
present, the day itself included.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from linghuo.population.business import Business
from linghuo.population.contributions import Contributions
from linghuo.population.draws import DAYS_PER_YEAR, NO_DATE, Bools, Ints, between, chance
from linghuo.population.residents import Residents, Schooling
from linghuo.population.work import (
    INDIVIDUAL_BUSINESS,
    OTHER_FLEXIBLE,
    PART_TIME,
    PLATFORM,
    UNEMPLOYED,
    Work,
)

_MEAN_SPELL_DAYS = 3 * DAYS_PER_YEAR  # flexible work began on average three years before the date
_FIRST_WORK_AGE = 16
# Certified hard to employ, relative to the start of the flexible work: shares certified the same day,
# and certified before it (the rest were certified after it began).
_CERTIFIED_SAME_DAY, _CERTIFIED_BEFORE = 0.05, 0.55
_LONGEST_GAP_DAYS = 1500

# Subsidised training (九): a few percent of flexible workers and of the unemployed; more among the
# groups the living allowance is for (rural school leavers, certified before the flexible work).
_TRAINING_FLEXIBLE, _TRAINING_UNEMPLOYED, _TRAINING_TARGET = 0.03, 0.04, 0.25

# Freelance professionals (十三): graduates in part-time, platform or other flexible work, a few others;
# meeting the title-review conditions is likelier after five years since leaving college.
_FREELANCE_GRADUATE, _FREELANCE_OTHER = 0.10, 0.01
_TITLE_EXPERIENCED, _TITLE_NEW = 0.6, 0.15
_TITLE_EXPERIENCE_YEARS = 5


@dataclass(frozen=True, slots=True)
class FlexibleWork:
    """``since`` holds NO_DATE for people not in flexible work."""

    since: Ints
    in_subsidised_training: Bools
    freelance_professional: Bools
    meets_title_conditions: Bools


def _since(
    rng: np.random.Generator,
    people: Residents,
    work: Work,
    business: Business,
    si: Contributions,
    *,
    as_of: int,
) -> Ints:
    n = work.form.shape[0]
    since = as_of - np.floor(rng.exponential(_MEAN_SPELL_DAYS, n)).astype(np.int64)
    registered_on = np.where(si.unemployed_since != NO_DATE, si.unemployed_since, as_of)
    after_registering = registered_on + between(rng, 0, as_of - registered_on + 1, n)
    since = np.where(work.flexible & (si.unemployed_since != NO_DATE), after_registering, since)
    certified = work.flexible & (si.hard_to_employ_since != NO_DATE) & (work.form != INDIVIDUAL_BUSINESS)
    hte = np.where(certified, si.hard_to_employ_since, as_of - 1)
    u = rng.random(n)
    after = hte + between(rng, 1, as_of - hte + 1, n)  # up to the date itself
    before = hte - between(rng, 1, _LONGEST_GAP_DAYS, n)
    before = np.where(si.unemployed_since != NO_DATE, np.maximum(before, registered_on), before)
    same_or_after = [u < _CERTIFIED_SAME_DAY, u < _CERTIFIED_SAME_DAY + _CERTIFIED_BEFORE]
    relative = np.select(same_or_after, [hte, after], before)
    since = np.where(certified, relative, since)
    since = np.where(work.form == INDIVIDUAL_BUSINESS, business.founded_on, since)
    since = np.clip(since, people.birth + int(np.ceil(_FIRST_WORK_AGE * DAYS_PER_YEAR)), as_of)
    return np.where(work.flexible, since, NO_DATE)


def _training(
    rng: np.random.Generator,
    people: Residents,
    school: Schooling,
    work: Work,
    si: Contributions,
    *,
    since: Ints,
) -> Bools:
    n = work.form.shape[0]
    hte = si.hard_to_employ_since
    certified_before = (hte != NO_DATE) & (since != NO_DATE) & (hte <= since)
    target = (school.school_leaver_not_continuing & people.hukou_rural) | certified_before
    p = np.select(
        [work.flexible & target, work.flexible, work.form == UNEMPLOYED],
        [_TRAINING_TARGET, _TRAINING_FLEXIBLE, _TRAINING_UNEMPLOYED],
        0.0,
    )
    return chance(rng, p, n)


def _freelance(rng: np.random.Generator, work: Work, left_on: Ints, as_of: int) -> tuple[Bools, Bools]:
    n = work.form.shape[0]
    graduate = left_on != NO_DATE
    employed_kind = np.isin(work.form, (PART_TIME, PLATFORM, OTHER_FLEXIBLE))
    p = np.where(employed_kind & graduate, _FREELANCE_GRADUATE, _FREELANCE_OTHER)
    freelance = work.flexible & (work.form != INDIVIDUAL_BUSINESS) & chance(rng, p, n)
    experienced = graduate & (
        as_of - np.where(graduate, left_on, as_of) >= _TITLE_EXPERIENCE_YEARS * DAYS_PER_YEAR
    )
    title_p = np.where(experienced, _TITLE_EXPERIENCED, _TITLE_NEW)
    return freelance, freelance & chance(rng, title_p, n)


def draw_flexible_work(
    rng: np.random.Generator,
    people: Residents,
    school: Schooling,
    work: Work,
    *,
    business: Business,
    si: Contributions,
    as_of: int,
) -> FlexibleWork:
    """Start of the flexible work, subsidised training, freelance professionals and their titles.

    ``si`` carries the dates as adjusted to the subsidy history (certificate, unemployment, college).
    """
    since = _since(rng, people, work, business, si, as_of=as_of)
    freelance, meets_title = _freelance(rng, work, si.college_left_on, as_of)
    return FlexibleWork(
        since=since,
        in_subsidised_training=_training(rng, people, school, work, si, since=since),
        freelance_professional=freelance,
        meets_title_conditions=meets_title,
    )
