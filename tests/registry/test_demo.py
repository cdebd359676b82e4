from __future__ import annotations

import datetime

import polars as pl
import pytest

from linghuo import personal_data
from linghuo.population import generate_persons
from linghuo.registry.demo import POLICY_DATE, demo_registry_load
from linghuo.registry.models import EmploymentRegistration, GroupMembership, Person
from linghuo.registry.selectors import person_employment_form_on, person_memberships_on

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 12, 31)


@pytest.fixture(scope="module")
def population() -> pl.DataFrame:
    return generate_persons(300, seed=11)


def test_it_loads_every_person_once(population: pl.DataFrame) -> None:
    assert demo_registry_load(persons=population) == 300
    counts = (Person.objects.count(), EmploymentRegistration.objects.count(), GroupMembership.objects.count())
    assert demo_registry_load(persons=population) == 0
    assert (
        Person.objects.count(),
        EmploymentRegistration.objects.count(),
        GroupMembership.objects.count(),
    ) == counts


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
