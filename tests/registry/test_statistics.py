"""New urban employment (十五) by district and month, through the rule, reproducible for a past date."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from linghuo.accounts.models import User
from linghuo.policy.engine import PolicyDateError
from linghuo.registry import services, views_policies
from linghuo.registry.models import MembershipKind, MembershipSource, Person
from linghuo.registry.statistics import new_urban_employment_counts
from tests.registry.facts_helpers import contribution, end_on, platform, register_on, roster
from tests.registry.helpers import person_in

pytestmark = pytest.mark.django_db

D = datetime.date
MAY, JUNE, JULY = D(2024, 5, 1), D(2024, 6, 1), D(2024, 7, 1)
TODAY = D(2024, 7, 20)
HAIZHOU, DONGHAI = "320706", "320722"
# 苏政发〔2021〕: the lowest monthly minimum wage of the city from 2021-08-01 is 1,840 元 (third tier),
# the highest 2,280 元; 3,000 元 meets every tier, 1,000 元 none.
ABOVE, BELOW = 300_000, 100_000


def population() -> dict[str, Person]:
    """A (Haizhou): platform roster in June, insured. B (Donghai): June roster below the minimum wage.
    C (Haizhou): registered, income declared, premiums paid in June. D (Donghai): on May's roster only.
    E (Haizhou): insured roster in June but not in flexible work (an employee)."""
    people = {
        key: person_in(HAIZHOU if key in "ACE" else DONGHAI, sequence=n + 1) for n, key in enumerate("ABCDE")
    }
    roster(people["A"], period=JUNE, income_fen=ABOVE, division=HAIZHOU)
    roster(people["B"], period=JUNE, income_fen=BELOW, division=DONGHAI)
    register_on(people["C"], D(2024, 3, 1), income_fen=ABOVE, division=HAIZHOU)
    contribution(people["C"], month=JUNE, kind="enterprise_pension", paid_fen=64_000)
    roster(people["D"], period=MAY, income_fen=ABOVE, division=DONGHAI, end=D(2024, 6, 15))
    roster(people["E"], period=JUNE, income_fen=ABOVE, division=HAIZHOU, form="employee")
    return people


def test_it_counts_by_district_and_month_through_the_rule() -> None:
    population()
    table = new_urban_employment_counts(months=[MAY, JUNE], today=TODAY)
    assert table.count(HAIZHOU, JUNE) == 2  # A and C
    assert table.count(DONGHAI, JUNE) == 0  # B below the minimum wage, D left on 15 June
    assert table.count(DONGHAI, MAY) == 1  # D on 31 May
    assert table.count(HAIZHOU, MAY) == 0  # C paid no premium in April or May
    assert table.evaluated_on == {MAY: D(2024, 5, 31), JUNE: D(2024, 6, 30)}
    assert table.totals == {MAY: 1, JUNE: 2}


def test_a_past_month_is_reproduced_after_later_changes() -> None:
    people = population()
    before = new_urban_employment_counts(months=[MAY, JUNE], today=TODAY)
    registration = people["C"].registrations.get()
    end_on(registration, D(2024, 7, 5))
    roster(people["A"], period=JULY, income_fen=BELOW, insured=False, division=HAIZHOU)
    roster(people["B"], period=JULY, income_fen=ABOVE, division=DONGHAI, organisation=platform(2))
    register_on(people["E"], D(2024, 7, 10), income_fen=ABOVE, division=HAIZHOU)
    services.membership_record(
        actor=None,
        person=people["A"],
        kind=MembershipKind.RECEIVING_UNEMPLOYMENT_BENEFIT,
        valid_from=D(2024, 7, 1),
        source=MembershipSource.HRSS_RECORDS,
    )
    after = new_urban_employment_counts(months=[MAY, JUNE], today=D(2024, 8, 20))
    assert after.counts == before.counts
    july = new_urban_employment_counts(months=[JULY], today=D(2024, 8, 20))
    # A below the minimum wage, C's registration ended; E now registered in platform work, insured
    assert july.count(HAIZHOU, JULY) == 1
    assert july.count(DONGHAI, JULY) == 1  # B now above it


def test_it_limits_the_table_to_the_districts_asked() -> None:
    population()
    table = new_urban_employment_counts(months=[MAY, JUNE], districts={DONGHAI}, today=TODAY)
    assert table.districts == (DONGHAI,)
    assert table.totals == {MAY: 1, JUNE: 0}


def test_it_refuses_a_month_before_the_policy() -> None:
    with pytest.raises(PolicyDateError, match="2021-11-08"):
        new_urban_employment_counts(months=[D(2021, 10, 1)], today=TODAY)


def test_it_refuses_a_month_in_the_future() -> None:
    with pytest.raises(ValueError, match="未来"):
        new_urban_employment_counts(months=[D(2024, 8, 1)], today=TODAY)


@pytest.fixture
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views_policies, "today", lambda: TODAY)


URL = "/registry/statistics/new-urban-employment/"


@pytest.mark.usefixtures("_today")
def test_a_manager_sees_every_district(client: Client, personas: dict[str, User]) -> None:
    population()
    client.force_login(personas["manager"])
    html = client.get(URL, {"from": "2024-05", "to": "2024-06"}).content.decode()
    assert "海州区" in html
    assert "东海县" in html
    assert "灌云县" in html
    row = html[html.index("海州区") : html.index("</tr>", html.index("海州区"))]
    assert list(row.split("<td>")[1:]) == ["0</td>", "2</td>", "2</td>"]


@pytest.mark.usefixtures("_today")
def test_a_caseworker_sees_only_their_districts(client: Client, personas: dict[str, User]) -> None:
    population()
    client.force_login(personas["caseworker_320722"])
    html = client.get(URL, {"from": "2024-05", "to": "2024-06"}).content.decode()
    assert "东海县" in html
    assert "海州区" not in html.split("<table")[1]


@pytest.mark.usefixtures("_today")
def test_a_month_before_the_policy_is_refused_with_a_message(
    client: Client, personas: dict[str, User]
) -> None:
    client.force_login(personas["manager"])
    response = client.get(URL, {"from": "2021-09", "to": "2021-12"})
    assert response.status_code == 400
    assert "早于政策施行日期" in response.content.decode()


@pytest.mark.usefixtures("_today")
def test_the_excel_export_has_the_counts_and_no_formula(client: Client, personas: dict[str, User]) -> None:
    population()
    client.force_login(personas["manager"])
    response = client.get(
        "/registry/statistics/new-urban-employment.xlsx", {"from": "2024-05", "to": "2024-06"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["区县代码", "区县", "2024-05", "2024-06", "合计"]
    assert ["320706", "海州区", 0, 2, 2] in rows
    assert ["320722", "东海县", 1, 0, 1] in rows
    texts = [v for row in rows for v in row if isinstance(v, str)]
    assert not any(v.startswith(("=", "+", "-", "@")) for v in texts)
