from __future__ import annotations

import datetime

import polars as pl
import pytest

from linghuo import personal_data
from linghuo.collection.models import ContributionRecord
from linghuo.demo.population_load import POLICY_DATE, demo_registry_load
from linghuo.insights.statistics import months_between, new_urban_employment_counts
from linghuo.population import generate_persons
from linghuo.registry.models import EmploymentRegistration, GroupMembership, Person
from linghuo.registry.selectors import person_employment_form_on, person_memberships_on

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 12, 31)
LOADED_ON = datetime.date(2026, 6, 30)


@pytest.fixture(scope="module")
def population() -> pl.DataFrame:
    return generate_persons(300, seed=11)


def test_it_loads_every_person_once(population: pl.DataFrame) -> None:
    def counts() -> tuple[int, ...]:
        return (
            Person.objects.count(),
            EmploymentRegistration.objects.count(),
            GroupMembership.objects.count(),
            ContributionRecord.objects.count(),
        )

    assert demo_registry_load(persons=population, today=LOADED_ON) == 300
    first = counts()
    assert demo_registry_load(persons=population, today=datetime.date(2026, 9, 1)) == 0
    assert counts() == first


def test_it_registers_exactly_the_flexible_workers(
    population: pl.DataFrame,
) -> None:
    demo_registry_load(persons=population)
    flexible = population.filter(
        pl.col("employment_form").is_in(["individual_business", "part_time", "platform", "other_flexible"])
    )
    registered = set(EmploymentRegistration.objects.values_list("person__id_number_hash", flat=True))
    expected = {personal_data.lookup_hash(n) for n in flexible["id_number"].to_list()}
    assert registered == expected


def test_the_registry_gives_back_each_persons_facts(population: pl.DataFrame) -> None:
    demo_registry_load(persons=population)
    by_hash = {p.id_number_hash: p for p in Person.objects.all()}
    kinds = [
        "registered_unemployed",
        "hard_to_employ_since",
        "veteran",
        "dibao",
        "college_left_on",
        "business_kind",
        "business_employees",
        "jiangsu_pension_years",
        "si_first_approved_on",
    ]
    checked = 0
    for row in population.head(120).iter_rows(named=True):
        person = by_hash[personal_data.lookup_hash(row["id_number"])]
        assert (person.birth_date, person.sex, person.name) == (row["birth_date"], row["sex"], row["name"])
        values = person_memberships_on(person, on=ON).values
        for kind in kinds:
            expected = row[kind] if row[kind] not in (False, 0) else None
            assert values.get(kind) == expected, (row["person_id"], kind)
        form = person_employment_form_on(person, on=ON)
        if form is not None:
            assert form == row["employment_form"]
        checked += 1
    assert checked == 120


def test_undated_facts_hold_from_the_policys_date(population: pl.DataFrame) -> None:
    demo_registry_load(persons=population)
    veteran = GroupMembership.objects.filter(kind="veteran").first()
    assert veteran is not None
    assert veteran.valid_from == POLICY_DATE


def test_the_demo_city_shows_people_entering_flexible_work_month_by_month(population: pl.DataFrame) -> None:
    """Registrations spread up to the day of loading and premiums paid from the registration on: over the
    last year, people newly counted in most months (十五), and most of those in flexible work counted in
    the stock."""
    demo_registry_load(persons=population, today=LOADED_ON)
    months = months_between(datetime.date(2025, 7, 1), LOADED_ON)
    table = new_urban_employment_counts(months=months, today=LOADED_ON)
    with_entries = [m for m in months if table.totals[m] > 0]
    assert len(with_entries) >= len(months) // 2, table.totals
    in_flexible_work = EmploymentRegistration.objects.filter(registered_on__lte=LOADED_ON).count()
    assert table.stock_total > in_flexible_work // 2
    assert table.total < table.stock_total  # a flow over a year, not everyone meeting the rule


def test_registrations_and_premiums_go_up_to_the_day_of_loading(population: pl.DataFrame) -> None:
    demo_registry_load(persons=population, today=LOADED_ON)
    signed = list(EmploymentRegistration.objects.values_list("registered_on", flat=True))
    assert min(signed) >= POLICY_DATE
    assert max(signed) <= LOADED_ON
    assert any(day >= datetime.date(2026, 1, 1) for day in signed)  # people still registering lately
    months = set(ContributionRecord.objects.values_list("month", flat=True))
    assert max(months) == datetime.date(2026, 6, 1)
    paying = EmploymentRegistration.objects.filter(person__contribution_records__isnull=False).distinct()
    for registration in paying[:20]:
        first = registration.person.contribution_records.order_by("month").first()
        assert first is not None
        assert first.month == registration.registered_on.replace(day=1)
