"""The rules engine, run on a population of 20,000, finds people on both sides of every measure and of
every condition: each person measure has people eligible and people not, each condition fails for
someone, and each alternative of an any-of group holds for someone and fails for someone else.

The measures and their conditions come from the engine's registry, so a measure or a condition added
later that the population cannot exercise fails here until the generator learns the facts it needs (or,
when no population could ever exercise it, until it is listed below with the reason).

The population (reference date 2026-01-01) is evaluated on several dates, because some conditions
depend on the date alone: a window that is open only until a day, a rule in force only until another.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

import polars as pl
import pytest

from linghuo.policy.engine import compiled, evaluate_frame
from linghuo.policy.facts import normalise_frame
from linghuo.policy.measures import person_measures
from tests.population.conftest import REFERENCE_DATE

# Each date and what it exercises that the others do not.
EVALUATION_DATES: dict[datetime.date, str] = {
    REFERENCE_DATE: "the population's own date",
    datetime.date(2021, 12, 15): (
        "the 2020 pension months may still be made up (until 2021-12-31); the youngest residents were "
        "under 16 then, too young to register as unemployed"
    ),
    datetime.date(2028, 1, 1): "the individual-business tax relief has ended (2027-12-31)",
}

# Conditions that fail for nobody, on any date, in any population the generator could make: (measure,
# condition) → why. A stale entry (one that does fail for someone) fails the test as well.
NEVER_FAILS: dict[tuple[str, str], str] = {
    ("statutory_retirement_date", "birth_date_and_sex_known"): (
        "every resident has an ID number, which gives the birth date and the sex, as a register of "
        "residents does; missing facts are input errors, tested with the measure in tests/policy"
    ),
}
# Measures every resident is eligible for, for the same kind of reason.
ALWAYS_ELIGIBLE: dict[str, str] = {
    "statutory_retirement_date": NEVER_FAILS[("statutory_retirement_date", "birth_date_and_sex_known")],
}

MEASURES = person_measures()
CONDITIONS = [(m.code, i, c.code) for m in MEASURES for i, c in enumerate(m.conditions)]
ALTERNATIVES = [(m.code, c.code, a.code) for m in MEASURES for c in m.conditions for a in c.members]


@dataclass(frozen=True)
class Tally:
    """Over every evaluation date: people eligible, people evaluated but not eligible, and how often
    each condition failed and each alternative held."""

    eligible: dict[str, int]
    not_eligible: dict[str, int]
    failed: dict[tuple[str, str], int]
    held: dict[tuple[str, str, str], int]
    evaluated: dict[str, int]  # rows where the measure could be evaluated (its parameters in force)


def _evaluations(people: pl.DataFrame) -> Iterator[tuple[datetime.date, pl.DataFrame, pl.DataFrame]]:
    facts = normalise_frame(people)
    for on in EVALUATION_DATES:
        outputs = evaluate_frame(people, on=on, figures=False)
        # the alternatives of any-of groups are not outputs: read the engine's own staged columns
        staged = compiled(on).run(facts.lazy(), keep=[]).collect()
        yield on, outputs, staged


@pytest.fixture(scope="module")
def tally(people: pl.DataFrame) -> Tally:
    eligible = dict.fromkeys((m.code for m in MEASURES), 0)
    not_eligible = dict(eligible)
    evaluated = dict(eligible)
    failed = {(code, condition): 0 for code, _, condition in CONDITIONS}
    held = dict.fromkeys(ALTERNATIVES, 0)
    for _, outputs, staged in _evaluations(people):
        for m in MEASURES:
            mask = outputs[f"{m.code}_failed"]
            in_force = outputs.filter(mask.is_not_null())
            evaluated[m.code] += in_force.height
            eligible[m.code] += int(in_force[f"{m.code}_eligible"].sum())
            not_eligible[m.code] += in_force.height - int(in_force[f"{m.code}_eligible"].sum())
            if in_force.height == 0:
                continue
            bits = in_force[f"{m.code}_failed"]
            for i, c in enumerate(m.conditions):
                failed[m.code, c.code] += int((bits & (1 << i) != 0).sum())
                for a in c.members:
                    column = f"{m.code}__{c.code}.{a.code}"
                    assert column in staged.columns, f"the engine no longer stages {column}"
                    held[m.code, c.code, a.code] += int(staged[column].sum())
    return Tally(eligible, not_eligible, failed, held, evaluated)


@pytest.mark.parametrize("code", [m.code for m in MEASURES])
def test_it_finds_people_eligible_and_people_not_for_every_measure(tally: Tally, code: str) -> None:
    assert tally.evaluated[code] > 0, f"{code} could not be evaluated on any of {list(EVALUATION_DATES)}"
    assert tally.eligible[code] > 0, f"nobody is eligible for {code}"
    if code in ALWAYS_ELIGIBLE:
        assert tally.not_eligible[code] == 0, f"{code} is listed as always eligible, but is not"
    else:
        assert tally.not_eligible[code] > 0, f"everybody is eligible for {code}"


@pytest.mark.parametrize(("code", "condition"), [(c, k) for c, _, k in CONDITIONS])
def test_it_makes_every_condition_fail_for_someone(tally: Tally, code: str, condition: str) -> None:
    failures = tally.failed[code, condition]
    if (code, condition) in NEVER_FAILS:
        assert failures == 0, f"{code}.{condition} is listed as never failing, but fails for {failures}"
    else:
        assert failures > 0, f"{code}.{condition} fails for nobody on {list(EVALUATION_DATES)}"


@pytest.mark.parametrize(("code", "group", "alternative"), ALTERNATIVES)
def test_it_makes_every_alternative_hold_for_some_and_not_for_others(
    tally: Tally, code: str, group: str, alternative: str
) -> None:
    holds = tally.held[code, group, alternative]
    assert 0 < holds < tally.evaluated[code], f"{code}.{group}.{alternative} holds for {holds}"


def test_it_lists_only_conditions_and_measures_that_exist() -> None:
    conditions = {(code, condition) for code, _, condition in CONDITIONS}
    assert set(NEVER_FAILS) <= conditions
    assert set(ALWAYS_ELIGIBLE) <= {m.code for m in MEASURES}
