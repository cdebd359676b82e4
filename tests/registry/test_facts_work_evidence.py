"""A completed gig (``registry.WorkEvidence``, written when both sides confirm it in the market) as
employment and income evidence in the facts (十五), read like a roster: it covers the month it ended and
the month after, from the day it started; a registration or a roster, which say more, come first."""

from __future__ import annotations

import datetime
import random

import polars as pl
import pytest

from linghuo.insights.facts import facts_frame_on, month_start, person_facts_on, persons_at_work_on
from linghuo.registry import services
from linghuo.registry.models import MembershipKind, MembershipSource, Person, WorkEvidence
from tests.registry.facts_helpers import register_on, roster, work_evidence
from tests.registry.helpers import person_in

pytestmark = pytest.mark.django_db

D = datetime.date
HAIZHOU, DONGHAI = "320706", "320722"


def _work(person: Person, on: D) -> tuple[object, ...]:
    facts = person_facts_on(person, on=on)
    return (
        facts["employment_form"],
        facts["monthly_income_fen"],
        facts["work_division"],
        facts["flexible_employment_since"],
    )


def _at_work(on: D) -> set[int]:
    return set(persons_at_work_on(on).values_list("pk", flat=True))


def test_a_gig_alone_is_part_time_work_from_its_start_to_the_end_of_the_month_after_it_ended() -> None:
    person = person_in(HAIZHOU)
    work_evidence(person, started=D(2024, 3, 4), ended=D(2024, 3, 20), income_fen=300_000, division=DONGHAI)
    gig = ("part_time", 300_000, DONGHAI, D(2024, 3, 4))
    assert _work(person, D(2024, 3, 3)) == (None, 0, HAIZHOU, None)  # not started yet
    assert _work(person, D(2024, 3, 4)) == gig  # started, ending later this month
    assert _work(person, D(2024, 3, 31)) == gig
    assert _work(person, D(2024, 4, 30)) == gig  # the month after it ended
    assert _work(person, D(2024, 5, 1)) == (None, 0, HAIZHOU, None)  # two months on: no longer covers
    assert person.pk in _at_work(D(2024, 3, 4))
    assert person.pk in _at_work(D(2024, 4, 30))
    assert person.pk not in _at_work(D(2024, 3, 3))
    assert person.pk not in _at_work(D(2024, 5, 1))


def test_the_income_is_the_sum_of_the_gigs_that_ended_in_the_latest_covered_month() -> None:
    person = person_in(HAIZHOU)
    work_evidence(person, started=D(2024, 2, 26), ended=D(2024, 3, 2), income_fen=80_000)
    work_evidence(person, started=D(2024, 3, 10), ended=D(2024, 3, 12), income_fen=150_000, division=DONGHAI)
    work_evidence(person, started=D(2024, 4, 8), ended=D(2024, 4, 9), income_fen=40_000)
    # March: both March gigs, one income; the division is the better-paid one's
    assert _work(person, D(2024, 3, 31)) == ("part_time", 230_000, DONGHAI, D(2024, 2, 26))
    # on 5 April the April gig has not started: March's still count
    assert _work(person, D(2024, 4, 5)) == ("part_time", 230_000, DONGHAI, D(2024, 2, 26))
    # from its start, April is the latest covered month: its gig alone; the start stays the earliest
    assert _work(person, D(2024, 4, 8)) == ("part_time", 40_000, HAIZHOU, D(2024, 2, 26))
    assert _work(person, D(2024, 5, 20)) == ("part_time", 40_000, HAIZHOU, D(2024, 4, 8))


def test_of_two_gigs_paying_the_same_the_first_recorded_gives_the_division() -> None:
    person = person_in(HAIZHOU)
    work_evidence(person, started=D(2024, 3, 1), ended=D(2024, 3, 2), income_fen=50_000, division=DONGHAI)
    work_evidence(person, started=D(2024, 3, 5), ended=D(2024, 3, 6), income_fen=50_000, division=HAIZHOU)
    assert _work(person, D(2024, 3, 31)) == ("part_time", 100_000, DONGHAI, D(2024, 3, 1))


def test_a_registration_in_force_gives_the_form_and_income_before_a_gig() -> None:
    person = person_in(HAIZHOU)
    register_on(person, D(2024, 2, 1), form="platform", income_fen=350_000, division=HAIZHOU)
    work_evidence(person, started=D(2024, 3, 4), ended=D(2024, 3, 20), income_fen=300_000, division=DONGHAI)
    # the gig's division comes after a roster's only; the registration's form, income and date first
    assert _work(person, D(2024, 3, 31)) == ("platform", 350_000, DONGHAI, D(2024, 2, 1))


def test_a_registration_declaring_no_income_leaves_the_gigs() -> None:
    person = person_in(HAIZHOU)
    register_on(person, D(2024, 2, 1), form="individual_business", income_fen=None)
    work_evidence(person, started=D(2024, 3, 4), ended=D(2024, 3, 20), income_fen=300_000)
    assert _work(person, D(2024, 3, 31)) == ("individual_business", 300_000, HAIZHOU, D(2024, 2, 1))


def test_a_covering_roster_gives_form_income_division_and_start_before_a_gig() -> None:
    person = person_in(HAIZHOU)
    roster(person, period=D(2024, 3, 1), income_fen=410_000, form="platform", start=D(2023, 6, 1))
    work_evidence(person, started=D(2024, 3, 4), ended=D(2024, 3, 20), income_fen=300_000, division=DONGHAI)
    assert _work(person, D(2024, 3, 31)) == ("platform", 410_000, HAIZHOU, D(2023, 6, 1))
    # in May March's roster no longer covers the date, nor does the gig
    assert _work(person, D(2024, 5, 1)) == (None, 0, HAIZHOU, None)


def test_the_gigs_form_comes_before_the_recorded_status() -> None:
    person = person_in(HAIZHOU)
    services.membership_record(
        actor=None,
        person=person,
        kind=MembershipKind.EMPLOYMENT_FORM,
        valid_from=D(2020, 1, 1),
        source=MembershipSource.CASEWORKER_ENTRY,
        value_text="unemployed",
    )
    work_evidence(person, started=D(2024, 3, 4), ended=D(2024, 3, 20), income_fen=300_000)
    assert person_facts_on(person, on=D(2024, 3, 31))["employment_form"] == "part_time"
    assert person_facts_on(person, on=D(2024, 5, 1))["employment_form"] == "unemployed"


# --- the frame, one person at a time and the rule written out agree ---------------------------------


def _expected(
    evidence: list[WorkEvidence], registered: tuple[str, int | None, D] | None, on: D
) -> tuple[str | None, int, D | None, bool]:
    """The rule of the module's docstring, written out for one person with work evidence and perhaps a
    registration (no roster): (form, income, since, at work)."""
    first, after = month_start(on, back=1), month_start(on, back=-1)
    covering = [e for e in evidence if first <= e.ended_on < after and e.started_on <= on]
    latest = max((month_start(e.ended_on) for e in covering), default=None)
    month = [e for e in covering if month_start(e.ended_on) == latest]
    best = sorted(month, key=lambda e: (-e.income_fen, e.pk))
    work_form = best[0].employment_form if best else None
    work_income = sum(e.income_fen for e in month) if month else None
    work_since = min((e.started_on for e in covering), default=None)
    if registered is not None:
        form, income, day = registered
        return form, income if income is not None else (work_income or 0), day, True
    return work_form, work_income or 0, work_since, bool(covering)


def test_the_frame_agrees_with_one_person_at_a_time_and_with_the_rule() -> None:
    rng = random.Random(15)
    people: dict[int, tuple[Person, list[WorkEvidence], tuple[str, int | None, D] | None]] = {}
    for n in range(14):
        person = person_in(HAIZHOU if n % 2 else DONGHAI, sequence=n + 1)
        evidence = []
        for _ in range(rng.randrange(0, 4)):
            started = D(2024, 1, 1) + datetime.timedelta(days=rng.randrange(0, 150))
            ended = started + datetime.timedelta(days=rng.randrange(0, 40))
            income = rng.choice([0, 20_000, 150_000, 150_000, 260_000])
            evidence.append(work_evidence(person, started=started, ended=ended, income_fen=income))
        registered = None
        if n % 5 == 0:
            income_fen = None if n % 2 else 330_000
            register_on(person, D(2024, 3, 15), form="other_flexible", income_fen=income_fen)
            registered = ("other_flexible", income_fen, D(2024, 3, 15))
        people[person.pk] = (person, evidence, registered)
    days = [D(2024, 1, 1), D(2024, 2, 29), D(2024, 3, 14), D(2024, 3, 15), D(2024, 4, 1), D(2024, 5, 31)]
    days += [D(2024, 6, 30), D(2024, 7, 1), D(2024, 8, 31)]
    for on in days:
        frames = list(facts_frame_on(Person.objects.all(), on=on, chunk_size=4))
        rows = pl.concat(frames).to_dicts()
        at_work = _at_work(on)
        for row in rows:
            person, evidence, registered = people[int(row["person_id"])]
            assert row == person_facts_on(person, on=on)
            registration = registered if registered is not None and registered[2] <= on else None
            form, income, since, working = _expected(evidence, registration, on)
            got = (row["employment_form"], row["monthly_income_fen"], row["flexible_employment_since"])
            assert got == (form, income, since), (person.pk, on)
            assert (person.pk in at_work) == working, (person.pk, on)
