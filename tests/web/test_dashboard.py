"""The manager's dashboard (统计看板): every figure counted by hand from rows made here, narrowed by the
district and the months, each block's Excel read back equal to its table, and the page refused to roles
without the insights permission."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from linghuo.accounts.models import User
from linghuo.benefits import deadlines
from linghuo.benefits.models import Case, CaseOrigin, CaseTransition, Offer, OfferStatus
from linghuo.insights import statistics
from linghuo.market import services
from linghuo.market.models import ApplicationStatus
from linghuo.payments import ledger
from linghuo.payments.models import Posting as LedgerPosting
from linghuo.registry.models import Person
from linghuo.web import dashboard
from tests.accounts.personas import personas_create
from tests.benefits.helpers import open_offer
from tests.insights.conftest import platform_worker
from tests.market.market_helpers import organisation_member, post, worker
from tests.registry.facts_helpers import register_on
from tests.registry.helpers import person_in

pytestmark = pytest.mark.django_db

CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2024, 7, 10)
HAIZHOU, DONGHAI, XINPU = "320706", "320722", "320705"  # 新浦区 (retired in 2014) counts as 海州区
APRIL, MAY, JUNE = dt.date(2024, 4, 1), dt.date(2024, 5, 1), dt.date(2024, 6, 1)
CITY = dashboard.Filters(first=APRIL, last=JUNE)
IN_DONGHAI = dashboard.Filters(first=APRIL, last=JUNE, district=DONGHAI)
MEASURE_A, MEASURE_B = "social_insurance_subsidy", "training_living_allowance"


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=CHINA)


@pytest.fixture(autouse=True)
def today() -> Iterator[None]:
    with time_machine.travel(at(TODAY), tick=False):
        yield


def _registrations() -> None:
    """海州区: 2 in May (one at 新浦区's old code), 1 in March (before the range); 东海县: 1 in June."""
    for n, (day, division) in enumerate(
        [
            (dt.date(2024, 5, 3), HAIZHOU),
            (dt.date(2024, 5, 31), XINPU),
            (dt.date(2024, 3, 20), HAIZHOU),
            (dt.date(2024, 6, 1), DONGHAI),
        ],
        start=11,
    ):
        register_on(person_in(division, sequence=n), day, division=division)


def _offer(person: Person, made: dt.date, status: str, measure: str = MEASURE_A) -> Offer:
    offer = open_offer(person, measure)
    Offer.objects.filter(pk=offer.pk).update(created_at=at(made), status=status)
    return offer


def _offers() -> None:
    """海州区: 3 made in May (2 accepted), 1 in March; 东海县: 2 made in June (1 accepted, 1 declined)."""
    haizhou = [person_in(HAIZHOU, sequence=n) for n in range(21, 25)]
    donghai = [person_in(DONGHAI, sequence=n) for n in range(25, 27)]
    _offer(haizhou[0], dt.date(2024, 5, 2), OfferStatus.ACCEPTED)
    _offer(haizhou[1], dt.date(2024, 5, 20), OfferStatus.ACCEPTED)
    _offer(haizhou[2], dt.date(2024, 5, 31), OfferStatus.OPEN)
    _offer(haizhou[3], dt.date(2024, 3, 31), OfferStatus.ACCEPTED)
    _offer(donghai[0], dt.date(2024, 6, 1), OfferStatus.ACCEPTED)
    _offer(donghai[1], dt.date(2024, 6, 30), OfferStatus.DECLINED)


def _post(key: str, posted: dt.datetime, lines: list[tuple[Any, int]]) -> None:
    with time_machine.travel(posted, tick=False):
        made = ledger.posting_post(key, key, lines)
    assert LedgerPosting.objects.get(pk=made.posting.pk).posted_at == posted


def _spending() -> None:
    """A in 海州区: 1,000.00 in April, 250.50 in May, 300.00 reversed in June (net 950.50); B in 东海县:
    500.00 in June; A in 东海县 80.00 in March (before the range)."""
    clearing = ledger.clearing_account()
    a_haizhou = ledger.budget_account(MEASURE_A, HAIZHOU)
    a_donghai = ledger.budget_account(MEASURE_A, DONGHAI)
    b_donghai = ledger.budget_account(MEASURE_B, DONGHAI)
    _post("t1", at(dt.date(2024, 4, 30), 23), [(a_haizhou, 100_000), (clearing, -100_000)])
    _post("t2", at(dt.date(2024, 5, 1), 0), [(a_haizhou, 25_050), (clearing, -25_050)])
    _post("t3", at(dt.date(2024, 6, 15)), [(a_haizhou, -30_000), (clearing, 30_000)])
    _post("t4", at(dt.date(2024, 6, 15)), [(b_donghai, 50_000), (clearing, -50_000)])
    _post("t5", at(dt.date(2024, 3, 31)), [(a_donghai, 8_000), (clearing, -8_000)])


def _decided(person: Person, submitted: dt.date, decided: dt.date, action: str = "approve") -> Case:
    case = Case.objects.create(
        person=person,
        measure=MEASURE_A,
        origin=CaseOrigin.APPLICATION,
        district=person.district_code,
        submitted_at=at(submitted, 9),
        state="approved" if action == "approve" else "rejected",
        decided_at=at(decided, 16),
    )
    CaseTransition.objects.create(case=case, action="submit", to_state="submitted", at=at(submitted, 9))
    CaseTransition.objects.create(
        case=case, action=action, from_state="prepared", to_state=case.state, at=at(decided, 16)
    )
    return case


MAY_SUBMITTED = dt.date(2024, 5, 6)


def _cases() -> None:
    """海州区: submitted 6 May, one approved on its deadline (in time), one rejected the working day after
    (late) — both decided in May; 东海县: one approved in June in time; one still open (not decided)."""
    due = deadlines.review_due_on(MAY_SUBMITTED)
    assert due.month == 5
    assert deadlines.add_working_days(due, 1).month == 5
    _decided(person_in(HAIZHOU, sequence=31), MAY_SUBMITTED, due)
    _decided(person_in(HAIZHOU, sequence=32), MAY_SUBMITTED, deadlines.add_working_days(due, 1), "reject")
    _decided(person_in(DONGHAI, sequence=33), dt.date(2024, 6, 3), dt.date(2024, 6, 5))
    Case.objects.create(
        person=person_in(DONGHAI, sequence=34),
        measure=MEASURE_A,
        origin=CaseOrigin.APPLICATION,
        district=DONGHAI,
        submitted_at=at(dt.date(2024, 6, 20)),
    )


def _market() -> None:
    """Postings: 2 in 海州区 in May, 1 in 东海县 in June; applications: 2 to the first in May, 1 to the
    东海县 one in June; completed: one of the May applications, in June."""
    poster, _organisation = organisation_member(41)
    workers = [worker(n) for n in (42, 43, 44)]
    postings = []
    for n, (moment, district) in enumerate(
        [(at(dt.date(2024, 5, 6)), HAIZHOU), (at(dt.date(2024, 5, 7)), HAIZHOU), (at(JUNE), DONGHAI)]
    ):
        with time_machine.travel(moment, tick=False):
            day = moment.date()
            postings.append(
                post(
                    poster,
                    _organisation,
                    title=f"家庭保洁{'一二三'[n]}",
                    description=f"第{n + 1}处住宅日常保洁，自带工具优先，按小时计酬。",
                    district=district,
                    starts_on=day + dt.timedelta(days=1),
                    ends_on=day + dt.timedelta(days=3),
                )
            )
    applied = []
    for who, posting, moment in [
        (workers[0], postings[0], at(dt.date(2024, 5, 8))),
        (workers[1], postings[0], at(dt.date(2024, 5, 9))),
        (workers[2], postings[2], at(dt.date(2024, 6, 2))),
    ]:
        with time_machine.travel(moment, tick=False):
            applied.append(services.apply(by=who, posting=posting))
    with time_machine.travel(at(dt.date(2024, 5, 10)), tick=False):
        hired = services.hire(by=poster, application=applied[0])
    with time_machine.travel(at(dt.date(2024, 5, 31), 20), tick=False):
        services.confirm_by_poster(
            by=poster,
            application=hired,
            income_fen=30_000,
            worked_from=dt.date(2024, 5, 7),
            worked_until=dt.date(2024, 5, 9),
        )
    with time_machine.travel(at(dt.date(2024, 6, 3)), tick=False):
        done = services.confirm_by_worker(by=workers[0], application=hired)
    assert done.status == ApplicationStatus.COMPLETED


@pytest.fixture
def data() -> None:
    _registrations()
    _offers()
    _spending()
    _cases()
    _market()


def _column(block: dashboard.Block, index: int) -> list[Any]:
    return [row[index] for row in block.rows]


def test_registrations_are_counted_by_month_and_district(data: None) -> None:
    city = dashboard.registrations(CITY)
    assert city.rows == [("2024-04", 0), ("2024-05", 2), ("2024-06", 1)]
    assert city.total == ("合计", 3)
    assert _column(dashboard.registrations(IN_DONGHAI), 1) == [0, 0, 1]
    haizhou = dashboard.Filters(first=MAY, last=MAY, district=HAIZHOU)
    assert dashboard.registrations(haizhou).rows == [("2024-05", 2)]  # 新浦区's old code counts as 海州区


def test_offers_and_their_take_up(data: None) -> None:
    city = dashboard.offers(CITY)
    assert city.rows == [("2024-04", 0, 0, None), ("2024-05", 3, 2, 2 / 3), ("2024-06", 2, 1, 0.5)]
    assert city.total == ("合计", 5, 3, 3 / 5)
    assert dashboard.offers(IN_DONGHAI).total == ("合计", 2, 1, 0.5)


def test_spending_by_month_measure_and_district_in_fen(data: None) -> None:
    assert dashboard.spending_by_month(CITY).rows == [
        ("2024-04", 100_000),
        ("2024-05", 25_050),
        ("2024-06", -30_000 + 50_000),
    ]
    by_measure = {row[0]: row[1] for row in dashboard.spending_by_measure(CITY).rows}
    assert by_measure == {
        dashboard.measure_title(MEASURE_A): 95_050,
        dashboard.measure_title(MEASURE_B): 50_000,
    }
    assert dashboard.spending_by_district(CITY).rows == [("海州区", 95_050), ("东海县", 50_000)]
    assert dashboard.spending_by_district(CITY).total == ("合计", 145_050)
    # the whole ledger's budget accounts (the spending page) also hold March's 80.00, outside the range
    from linghuo.payments.selectors import spending

    assert spending().total_fen == 145_050 + 8_000
    assert dashboard.spending_by_district(IN_DONGHAI).rows == [("东海县", 50_000)]
    assert dashboard.spending_by_measure(IN_DONGHAI).total == ("合计", 50_000)


def test_cases_decided_within_their_deadline(data: None) -> None:
    city = dashboard.deadlines_met(CITY)
    assert city.rows == [("2024-04", 0, 0, None), ("2024-05", 2, 1, 0.5), ("2024-06", 1, 1, 1.0)]
    assert city.total == ("合计", 3, 2, 2 / 3)
    haizhou = dashboard.deadlines_met(dashboard.Filters(first=APRIL, last=JUNE, district=HAIZHOU))
    assert haizhou.total == ("合计", 2, 1, 0.5)


def test_gig_market_activity(data: None) -> None:
    city = dashboard.market(CITY)
    assert city.rows == [("2024-04", 0, 0, 0), ("2024-05", 2, 2, 0), ("2024-06", 1, 1, 1)]
    donghai = dashboard.market(IN_DONGHAI)
    assert donghai.total == ("合计", 1, 1, 0)  # the completed gig was 海州区's


def test_new_urban_employment_is_the_statistic_by_month() -> None:
    platform_worker(HAIZHOU, 1)  # a June 2024 roster entry over the minimum wage, premiums paid
    platform_worker(DONGHAI, 2, income_fen=100_000, premiums=False)  # 1,000 yuan: under the minimum wage
    city = dashboard.new_urban_employment(CITY, today=TODAY)
    assert city.rows == [("2024-04", 0), ("2024-05", 0), ("2024-06", 1)]
    table = statistics.new_urban_employment_counts(months=CITY.months, today=TODAY)
    assert city.total == ("合计", table.total)
    assert dashboard.new_urban_employment(IN_DONGHAI, today=TODAY).total == ("合计", 0)


def test_the_months_narrow_every_block(data: None) -> None:
    june = dashboard.Filters(first=JUNE, last=JUNE)
    found = {b.key: b for b in dashboard.blocks(june, today=TODAY)}
    assert found["registrations"].rows == [("2024-06", 1)]
    assert found["offers"].rows == [("2024-06", 2, 1, 0.5)]
    assert found["spending_district"].rows == [("海州区", -30_000), ("东海县", 50_000)]
    assert found["deadlines"].rows == [("2024-06", 1, 1, 1.0)]
    assert found["market"].rows == [("2024-06", 1, 1, 1)]


# --- the page -----------------------------------------------------------------------------------------------


@pytest.fixture
def personas() -> dict[str, User]:
    return personas_create()


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_shows_each_block_as_a_chart_and_a_table(data: None, personas: dict[str, User]) -> None:
    response = _client(personas["manager"]).get(
        "/insights/dashboard/", {"start": "2024-04", "end": "2024-06", "district": DONGHAI}
    )
    assert response.status_code == 200
    page = response.content.decode()
    for key in dashboard.BLOCKS:
        assert f'id="chart-{key}"' in page
        assert f'id="table-{key}"' in page
        assert f"format=xlsx&amp;block={key}" in page
    assert 'id="dashboard-data" type="application/json"' in page
    assert "insights/vendor/chart.umd.js" in page
    assert "<script>" not in page
    assert "500.00" in page  # 东海县's spending, in yuan


def test_the_filters_are_checked_with_the_error_next_to_the_field(personas: dict[str, User]) -> None:
    client = _client(personas["manager"])
    cases = [
        ({"start": "2024-06", "end": "2024-04"}, "end-error", "截止月份不能早于起始月份"),
        ({"start": "2021-01", "end": "2024-04"}, "start-error", "起始月份不能早于政策施行的月份"),
        ({"start": "2024-06", "end": "2024-08"}, "end-error", "截止月份不能晚于本月"),
        ({"start": "2022-01", "end": "2024-06"}, "start-error", "一次最多统计 24 个月"),
        ({"start": "2024-13", "end": "2024-06"}, "start-error", "月份应写成 YYYY-MM"),
        (
            {"start": "2024-04", "end": "2024-06", "district": "110101"},
            "district-error",
            "请选择本市的一个区县",
        ),
    ]
    for query, field, message in cases:
        response = client.get("/insights/dashboard/", query)
        assert response.status_code == 400, query
        page = response.content.decode()
        assert f'id="{field}">{message}' in page, query
        assert 'id="dashboard-data"' not in page
    assert client.get("/insights/dashboard/").status_code == 200  # the last twelve months by default


def _read_back(content: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("key", dashboard.BLOCKS)
def test_each_block_downloads_as_excel_equal_to_its_table(
    key: str, data: None, personas: dict[str, User]
) -> None:
    response = _client(personas["manager"]).get(
        "/insights/dashboard/", {"start": "2024-04", "end": "2024-06", "format": "xlsx", "block": key}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"dashboard-{key}-202404-202406.xlsx" in response["Content-Disposition"]
    rows = _read_back(response.content)
    found = dashboard.block(key, CITY, today=TODAY)
    assert rows[0] == tuple(str(c.label) for c in found.columns)
    assert found.total is not None
    table = [*found.rows, found.total]
    assert len(rows) >= len(table) + 1
    for written, row in zip(rows[1:], table, strict=False):
        for value, cell, column in zip(written, row, found.columns, strict=True):
            if column.kind == "yuan":
                assert Decimal(str(value)) == Decimal(int(str(cell))) / 100
            else:
                assert value == cell
    assert rows[len(table) + 2][:2] == ("范围", "全市")


def test_a_money_cell_in_excel_is_yuan_to_the_fen(data: None, personas: dict[str, User]) -> None:
    response = _client(personas["manager"]).get(
        "/insights/dashboard/",
        {"start": "2024-05", "end": "2024-05", "format": "xlsx", "block": "spending_month"},
    )
    rows = _read_back(response.content)
    assert rows[1][0] == "2024-05"
    assert Decimal(str(rows[1][1])) == Decimal("250.50")


def test_an_unknown_block_is_not_found(personas: dict[str, User]) -> None:
    response = _client(personas["manager"]).get(
        "/insights/dashboard/", {"start": "2024-04", "end": "2024-06", "format": "xlsx", "block": "x"}
    )
    assert response.status_code == 404


def test_only_managers_and_administrators_see_the_dashboard(personas: dict[str, User]) -> None:
    for role, user in personas.items():
        status = _client(user).get("/insights/dashboard/").status_code
        assert status == (200 if role in ("manager", "admin") else 403), role
        excel = _client(user).get("/insights/dashboard/", {"format": "xlsx", "block": "registrations"})
        assert excel.status_code == (200 if role in ("manager", "admin") else 403), role
    assert Client().get("/insights/dashboard/").status_code == 302
    assert timezone.localdate() == TODAY


def _queries(filters: dashboard.Filters) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        for key in dashboard.BLOCKS:
            if key != "new_urban_employment":  # counted month by month (statistics.py)
                dashboard.block(key, filters, today=TODAY)
    return len(captured)


def test_the_blocks_read_aggregates_whatever_the_number_of_rows(data: None) -> None:
    before = _queries(CITY)
    for n, person in enumerate(person_in(HAIZHOU, sequence=s) for s in range(51, 61)):
        register_on(person, dt.date(2024, 4, 1 + n), division=HAIZHOU)
        _offer(person, dt.date(2024, 4, 1 + n), OfferStatus.ACCEPTED)
        _decided(person, dt.date(2024, 4, 1 + n), dt.date(2024, 4, 20))
    assert dashboard.registrations(CITY).rows[0] == ("2024-04", 10)
    assert _queries(CITY) == before
    assert before <= 2 * len(dashboard.BLOCKS)
