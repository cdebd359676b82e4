"""Who the residents are: age, sex, township of residence, household registration, school.

All ages are counted on the reference date (``as_of``): residents are 16 to 75 years old.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from linghuo.population import regions
from linghuo.population.draws import (
    DAYS_PER_YEAR,
    NO_DATE,
    Bools,
    Floats,
    Ints,
    between,
    chance,
)

MIN_AGE, MAX_AGE = 16, 75
_MALE_SHARE = 0.51

# Relative weight of each single year of age (a simple shape, not census data): fewer teenagers in the
# labour force, fewer people over 60, fewer still over 65.
_AGE_WEIGHTS = np.array(
    [0.8 if a < 20 else 1.0 if a < 60 else 0.8 if a < 65 else 0.4 for a in range(MIN_AGE, MAX_AGE + 1)],
    dtype=np.float64,
)
_HMT_AGES = (18, 26)  # see regions.py: the validator dates the permit area codes from 1997/1999

# Origin of household registration among residents.
_SHARE_OTHER_CITY_COUNTY = 0.08  # hukou in another county of the city
_SHARE_OTHER_JIANGSU = 0.06
_SHARE_OTHER_PROVINCE = 0.06
_SHARE_HMT = 0.003

# Rural household registration by kind of place.
_RURAL_URBAN_STREET, _RURAL_TOWN = 0.15, 0.65
_RURAL_OTHER_JIANGSU, _RURAL_OTHER_PROVINCE = 0.5, 0.6


@dataclass(frozen=True, slots=True)
class Residents:
    """One array per fact, one row per person."""

    birth: Ints  # day number
    age: Floats  # years on the reference date
    male: Bools
    township: Ints  # index into regions.township_table()
    residence_division: Ints  # 6-digit code of the county of residence
    hukou: Ints  # index into regions.HUKOU
    hukou_division: Ints
    hukou_rural: Bools
    hmt_residence_permit: Bools
    local_hukou: Bools  # hukou in the city
    jiangsu_hukou: Bools
    id_area_code: Ints


def _birth_days(rng: np.random.Generator, n: int, as_of: int, hmt: Bools) -> Ints:
    ages = rng.choice(np.arange(MIN_AGE, MAX_AGE + 1), size=n, p=_AGE_WEIGHTS / _AGE_WEIGHTS.sum())
    ages = np.where(hmt, rng.integers(_HMT_AGES[0], _HMT_AGES[1] + 1, size=n), ages)
    # a uniform day within that year of age; at least MIN_AGE full years old on the reference date
    offset = np.floor((ages + rng.random(n)) * DAYS_PER_YEAR).astype(np.int64)
    return as_of - np.maximum(offset, int(np.ceil(MIN_AGE * DAYS_PER_YEAR)))


def _hukou(rng: np.random.Generator, n: int, residence_division: Ints) -> tuple[Ints, Bools, Bools, Bools]:
    """Index into regions.HUKOU, and whether it is local, other Jiangsu, HMT."""
    local_divisions = regions.HUKOU_DIVISIONS[: regions.LOCAL_RANGE[1]]  # in ascending order
    local_index = np.searchsorted(local_divisions, residence_division).astype(np.int64)
    u = rng.random(n)
    other_province = u < _SHARE_OTHER_PROVINCE
    other_jiangsu = (u >= _SHARE_OTHER_PROVINCE) & (u < _SHARE_OTHER_PROVINCE + _SHARE_OTHER_JIANGSU)
    hmt = (u >= 1 - _SHARE_HMT) & ~other_province & ~other_jiangsu
    moved = chance(rng, _SHARE_OTHER_CITY_COUNTY, n)
    hukou = np.where(moved, rng.integers(*regions.LOCAL_RANGE, size=n), local_index)
    hukou = np.where(other_jiangsu, rng.integers(*regions.OTHER_JIANGSU_RANGE, size=n), hukou)
    province_pick = rng.choice(
        regions.OTHER_PROVINCE_WEIGHTS.shape[0],
        size=n,
        p=regions.OTHER_PROVINCE_WEIGHTS / regions.OTHER_PROVINCE_WEIGHTS.sum(),
    )
    hukou = np.where(other_province, regions.OTHER_PROVINCE_RANGE[0] + province_pick, hukou)
    hukou = np.where(hmt, rng.integers(*regions.HMT_RANGE, size=n), hukou)
    local = ~(other_province | other_jiangsu | hmt)
    return hukou, local, other_jiangsu, hmt


def draw_residents(rng: np.random.Generator, n: int, as_of: int) -> Residents:
    """Age, sex, residence and household registration for ``n`` people."""
    townships, probabilities = regions.township_table()
    township = rng.choice(len(townships), size=n, p=probabilities)
    residence_division = np.array([t.division for t in townships], dtype=np.int64)[township]
    urban = np.array([t.urban for t in townships], dtype=np.bool_)[township]
    hukou, local, other_jiangsu, hmt = _hukou(rng, n, residence_division)
    birth = _birth_days(rng, n, as_of, hmt)
    rural_p = np.where(urban, _RURAL_URBAN_STREET, _RURAL_TOWN)
    rural_p = np.where(other_jiangsu, _RURAL_OTHER_JIANGSU, rural_p)
    rural_p = np.where(~local & ~other_jiangsu, _RURAL_OTHER_PROVINCE, rural_p)
    hukou_rural = chance(rng, rural_p, n) & ~hmt
    birth_year = birth.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    return Residents(
        birth=birth,
        age=(as_of - birth) / DAYS_PER_YEAR,
        male=chance(rng, _MALE_SHARE, n),
        township=township,
        residence_division=residence_division,
        hukou=hukou,
        hukou_division=regions.HUKOU_DIVISIONS[hukou],
        hukou_rural=hukou_rural,
        hmt_residence_permit=hmt,
        local_hukou=local,
        jiangsu_hukou=local | other_jiangsu,
        id_area_code=regions.id_area_codes(rng, hukou, birth_year),
    )


@dataclass(frozen=True, slots=True)
class Schooling:
    """Schooling facts; ``college_left_on`` holds NO_DATE for people who never left a college."""

    college_student: Bools
    in_secondary_school: Bools
    college_left_on: Ints
    school_leaver_not_continuing: Bools


def draw_schooling(rng: np.random.Generator, people: Residents, as_of: int) -> Schooling:
    """College and school: students by age, graduates' leaving dates, school leavers."""
    n, age = people.age.shape[0], people.age
    in_secondary = (age < 18.5) & chance(rng, 0.75, n)
    college_p = np.select([(age >= 18) & (age < 23), (age >= 23) & (age < 25)], [0.45, 0.10], 0.0)
    college_student = ~in_secondary & chance(rng, college_p, n)
    graduate_p = np.select([age < 21, age < 36, age < 46, age < 61], [0.0, 0.45, 0.2, 0.08], 0.0)
    graduate = ~college_student & chance(rng, graduate_p, n)
    left = people.birth + np.floor((21 + 4 * rng.random(n)) * DAYS_PER_YEAR).astype(np.int64)
    # a leaving date that would fall after the reference date moves into the last two years
    left = np.where(left >= as_of, as_of - between(rng, 1, 730, n), left)
    college_left_on = np.where(graduate, left, NO_DATE)
    leaver_p = np.where(people.hmt_residence_permit | (age >= 25), 0.0, 0.55)
    leaver = ~in_secondary & ~college_student & ~graduate & chance(rng, leaver_p, n)
    return Schooling(
        college_student=college_student,
        in_secondary_school=in_secondary,
        college_left_on=college_left_on,
        school_leaver_not_continuing=leaver,
    )
