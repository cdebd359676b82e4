"""New urban employment (十五) by district and month, through the rule, reproducible for a past date."""

from __future__ import annotations

import datetime
import io

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook

from linghuo.accounts.models import User
from linghuo.insights import views_policies
from linghuo.insights.statistics import new_urban_employment_counts
from linghuo.policy.engine import PolicyDateError
from linghuo.registry import services
from linghuo.registry.models import MembershipKind, MembershipSource, Person
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
    cells = [cell.split(">", 1)[1].split("<", 1)[0] for cell in row.split("<td")[1:]]
    assert cells == ["0", "2", "2", "2"]  # May, June, entries in all, then the stock on 30 June
    assert "期末符合条件人数（存量）" in html
    assert "2024-06-30" in html


@pytest.mark.usefixtures("_today")
def test_the_page_shows_the_entries_and_the_stock_apart(client: Client, personas: dict[str, User]) -> None:
    reported_every_month_from_january(1)
    reported_every_month_from_january(2)
    client.force_login(personas["manager"])
    html = client.get(URL, {"from": "2024-02", "to": "2024-06"}).content.decode()
    row = html[html.index("海州区") : html.index("</tr>", html.index("海州区"))]
    cells = [cell.split(">", 1)[1].split("<", 1)[0] for cell in row.split("<td")[1:]]
    assert cells == ["0", "0", "0", "0", "0", "0", "2"]  # no entry after January; two in the stock
    assert "城镇新增就业 <strong>0</strong> 人" in html
    assert "截至 2024-06-30 符合条件的灵活就业人员（存量）<strong>2</strong> 人" in html


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
    stock = "期末符合条件人数（存量，2024-06-30）"
    assert rows[0] == ["区县代码", "区县", "2024-05", "2024-06", "合计", stock]
    assert ["320706", "海州区", 0, 2, 2, 2] in rows
    assert ["320722", "东海县", 1, 0, 1, 0] in rows  # D counted in May, gone by the end of June
    assert [None, "合计", 1, 2, 3, 2] in rows
    assert "期末符合条件人数（存量）" in [row[0] for row in rows]
    texts = [v for row in rows for v in row if isinstance(v, str)]
    assert not any(v.startswith(("=", "+", "-", "@")) for v in texts)


# --- the flow: a person counts once per spell of flexible employment; the stock is its own figure -----

YEAR_2024 = [D(2024, m, 1) for m in range(1, 13)]
LATER = D(2025, 1, 15)
PENSION = "enterprise_pension"


def reported_every_month_from_january(sequence: int, *, division: str = HAIZHOU) -> Person:
    """On the platform's roster each month of 2024 from January (started on 5 January), above the
    minimum wage and insured: meeting the rule at every month's end."""
    person = person_in(division, sequence=sequence)
    for month in YEAR_2024:
        roster(person, period=month, income_fen=ABOVE, division=division, start=D(2024, 1, 5))
    return person


def premiums(person: Person, months: list[datetime.date]) -> None:
    for month in months:
        contribution(person, month=month, kind=PENSION, paid_fen=64_000)


def test_it_counts_people_reported_from_january_in_january_only() -> None:
    reported_every_month_from_january(1)
    reported_every_month_from_january(2)
    year = new_urban_employment_counts(months=YEAR_2024, today=LATER)
    assert [year.count(HAIZHOU, m) for m in YEAR_2024] == [2] + [0] * 11
    assert year.total == 2  # two entries, not one per month met
    autumn = new_urban_employment_counts(months=[D(2024, 10, 1), D(2024, 11, 1), D(2024, 12, 1)], today=LATER)
    assert autumn.counts == {}
    assert autumn.totals == {D(2024, 10, 1): 0, D(2024, 11, 1): 0, D(2024, 12, 1): 0}
    assert autumn.total == 0  # they met the rule in January, before the range: not new in the autumn


def test_it_reports_the_stock_at_the_end_of_the_range_as_its_own_figure() -> None:
    reported_every_month_from_january(1)
    reported_every_month_from_january(2)
    reported_every_month_from_january(3, division=DONGHAI)
    autumn = new_urban_employment_counts(months=[D(2024, 10, 1), D(2024, 12, 1)], today=LATER)
    assert autumn.months == (D(2024, 10, 1), D(2024, 11, 1), D(2024, 12, 1))  # every month between
    assert autumn.stock_on == D(2024, 12, 31)
    assert autumn.stock == {HAIZHOU: 2, DONGHAI: 1}
    assert autumn.stock_total == 3
    assert autumn.total == 0
    assert [row[4] for row in autumn.rows() if row[0] in (HAIZHOU, DONGHAI)] == [2, 1]


def test_a_person_counts_again_in_a_new_spell() -> None:
    """C's registration ends on 20 April and a new one begins on 3 July: two spells, two entries.
    D's ends on 5 March and D registers again on 20 March: no month's end falls between the two, but
    the spell recorded at March's end began on the 20th, after D last met the rule (February)."""
    c = person_in(HAIZHOU, sequence=1)
    end_on(register_on(c, D(2024, 1, 10), income_fen=ABOVE, division=HAIZHOU), D(2024, 4, 20))
    register_on(c, D(2024, 7, 3), income_fen=ABOVE, division=HAIZHOU)
    d = person_in(DONGHAI, sequence=2)
    end_on(register_on(d, D(2024, 1, 10), income_fen=ABOVE, division=DONGHAI), D(2024, 3, 5))
    register_on(d, D(2024, 3, 20), income_fen=ABOVE, division=DONGHAI)
    for person in (c, d):
        premiums(person, YEAR_2024[:9])
    months = YEAR_2024[:9]
    table = new_urban_employment_counts(months=months, today=LATER)
    assert [table.count(HAIZHOU, m) for m in months] == [1, 0, 0, 0, 0, 0, 1, 0, 0]
    assert [table.count(DONGHAI, m) for m in months] == [1, 0, 1, 0, 0, 0, 0, 0, 0]
    assert table.total == 4
    assert table.stock == {HAIZHOU: 1, DONGHAI: 1}


def test_someone_meeting_the_rule_late_in_a_spell_counts_in_that_month() -> None:
    """Registered in January above the minimum wage, insured only from June (premiums paid from June)."""
    person = person_in(HAIZHOU, sequence=1)
    register_on(person, D(2024, 1, 10), income_fen=ABOVE, division=HAIZHOU)
    premiums(person, YEAR_2024[5:9])
    months = YEAR_2024[:9]
    table = new_urban_employment_counts(months=months, today=LATER)
    assert [table.count(HAIZHOU, m) for m in months] == [0, 0, 0, 0, 0, 1, 0, 0, 0]
    summer = new_urban_employment_counts(months=YEAR_2024[5:9], today=LATER)
    assert summer.totals[JUNE] == 1
    later = new_urban_employment_counts(months=YEAR_2024[6:9], today=LATER)
    assert later.total == 0  # met in June, before the range
    assert later.stock == {HAIZHOU: 1}


def test_the_flow_of_past_months_is_reproduced_after_later_changes() -> None:
    c = person_in(HAIZHOU, sequence=1)
    registration = register_on(c, D(2024, 1, 10), income_fen=ABOVE, division=HAIZHOU)
    premiums(c, YEAR_2024[:9])
    e = person_in(DONGHAI, sequence=2)
    register_on(e, D(2024, 1, 10), income_fen=ABOVE, division=DONGHAI)
    premiums(e, YEAR_2024[5:9])
    months = YEAR_2024[3:9]
    before = new_urban_employment_counts(months=months, today=D(2024, 10, 2))
    end_on(registration, D(2024, 10, 5))
    register_on(c, D(2024, 11, 2), income_fen=ABOVE, division=HAIZHOU)
    premiums(c, YEAR_2024[9:12])
    roster(e, period=D(2024, 10, 1), income_fen=BELOW, division=DONGHAI, start=D(2024, 10, 1))
    after = new_urban_employment_counts(months=months, today=LATER)
    assert (after.counts, after.total, after.stock) == (before.counts, before.total, before.stock)
    assert before.counts == {(DONGHAI, JUNE): 1}
    assert before.stock == {HAIZHOU: 1, DONGHAI: 1}
    autumn = new_urban_employment_counts(months=YEAR_2024[9:12], today=LATER)
    assert autumn.counts == {(HAIZHOU, D(2024, 11, 1)): 1}  # C's second spell; E below it in October


@pytest.mark.usefixtures("_today")
def test_the_page_labels_the_stock_in_english(client: Client, personas: dict[str, User]) -> None:
    population()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(personas["manager"])
    html = client.get(URL, {"from": "2024-05", "to": "2024-06"}).content.decode()
    assert "New urban employment from 2024-05 to 2024-06: <strong>3</strong> people." in html
    assert "Meeting the condition at the end (stock)" in html
    assert "on 2024-06-30 (the stock): <strong>2</strong>" in html
