"""Group memberships, 就业困难人员 certification, public-welfare posts, intentions.

Certification follows 苏人社规〔2020〕2号 (parameters.md §5): only a registered unemployed person in at
least one of its categories is certified here; a flexible worker may still hold a certificate obtained
while registered unemployed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from linghuo.population.draws import DAYS_PER_YEAR, NO_DATE, Bools, Ints, between, chance
from linghuo.population.residents import Residents, Schooling
from linghuo.population.work import EMPLOYEE, OTHER_FLEXIBLE, STUDENT, UNEMPLOYED, Work

GROUP_FACTS: tuple[str, ...] = (
    "veteran",
    "disabled",
    "dibao",
    "low_income_rural_household",
    "rural_transfer_worker",
    "laid_off_or_transferred",
    "land_expropriated_farmer",
    "zero_employment_household",
    "special_hardship_worker_family",
    "entitled_group_family",
)


@dataclass(frozen=True, slots=True)
class Groups:
    """Memberships by fact name, and the facts that depend on them."""

    member: dict[str, Bools]
    hard_to_employ_since: Ints  # NO_DATE when not certified
    public_welfare_post: Bools
    entrepreneurial_intent: Bools
    employed_since_leaving_college: Bools


def _memberships(rng: np.random.Generator, people: Residents, work: Work) -> dict[str, Bools]:
    n = people.age.shape[0]
    unemployed = work.form == UNEMPLOYED
    working = work.flexible | (work.form == EMPLOYEE)
    rural = people.hukou_rural
    adult = people.age >= 20
    disabled = chance(rng, np.where(unemployed, 0.06, 0.03), n)
    return {
        "veteran": adult & chance(rng, np.where(people.male, 0.05, 0.004), n),
        "disabled": disabled,
        "dibao": chance(rng, np.where(disabled, 0.15, np.where(unemployed, 0.06, 0.02)), n),
        "low_income_rural_household": rural & chance(rng, 0.05, n),
        "rural_transfer_worker": rural & working & (people.age < 60) & chance(rng, 0.35, n),
        "laid_off_or_transferred": (people.age >= 30) & chance(rng, np.where(unemployed, 0.15, 0.04), n),
        "land_expropriated_farmer": rural & chance(rng, 0.04, n),
        "zero_employment_household": chance(rng, np.where(unemployed, 0.04, 0.003), n),
        "special_hardship_worker_family": chance(rng, np.where(unemployed, 0.03, 0.01), n),
        "entitled_group_family": chance(rng, 0.015, n),
    }


def hardship_category(people: Residents, work: Work, member: dict[str, Bools], as_of: int) -> Bools:
    """In at least one category of 苏人社规〔2020〕2号 (low-income households, age, family hardship,
    disability, zero-employment family, a year or more unemployed, land lost, entitled family, veteran)."""
    older = np.where(people.male, people.age >= 50, people.age >= 40)
    long_unemployed = (work.unemployed_since != NO_DATE) & (as_of - work.unemployed_since >= 365)
    categories: Bools = older | long_unemployed
    for fact in GROUP_FACTS:
        if fact not in {"rural_transfer_worker", "laid_off_or_transferred"}:
            categories = categories | member[fact]
    return categories


def _certified_on(
    rng: np.random.Generator, people: Residents, work: Work, member: dict[str, Bools], as_of: int
) -> Ints:
    n = people.age.shape[0]
    eligible = hardship_category(people, work, member, as_of)
    certified = eligible & work.registered_unemployed & chance(rng, 0.5, n)
    # flexible workers certified while registered unemployed earlier ("plausible ones")
    certified |= eligible & work.flexible & ~work.registered_unemployed & chance(rng, 0.1, n)
    after_registration = work.unemployed_since + between(rng, 30, 720, n)
    earlier = as_of - between(rng, 180, 2500, n)
    on = np.where(work.unemployed_since != NO_DATE, after_registration, earlier)
    on = np.clip(on, people.birth + int(np.ceil(16 * DAYS_PER_YEAR)), as_of - 1)
    return np.where(certified, on, NO_DATE)


def draw_groups(
    rng: np.random.Generator, people: Residents, school: Schooling, work: Work, as_of: int
) -> Groups:
    """Memberships first, then what depends on them."""
    n = people.age.shape[0]
    member = _memberships(rng, people, work)
    certified_on = _certified_on(rng, people, work, member, as_of)
    hard = certified_on != NO_DATE
    post_p = np.where(hard & np.isin(work.form, (EMPLOYEE, OTHER_FLEXIBLE)), 0.25, 0.0)
    post_p = np.where(~hard & (member["dibao"] | member["disabled"]), 0.02, post_p)
    intent_p = np.where(work.flexible | (work.form == UNEMPLOYED), 0.25, 0.06)
    intent_p = np.where(work.form == STUDENT, 0.10, intent_p)
    graduate = school.college_left_on != NO_DATE
    employed_p = np.select(
        [work.form == EMPLOYEE, work.flexible, work.form == UNEMPLOYED], [1.0, 0.4, 0.3], 0.0
    )
    return Groups(
        member=member,
        hard_to_employ_since=certified_on,
        public_welfare_post=chance(rng, post_p, n),
        entrepreneurial_intent=chance(rng, intent_p, n),
        employed_since_leaving_college=graduate & chance(rng, employed_p, n),
    )
