"""The runs pages (caseworkers see only their districts) and the managers' what-if page."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from linghuo.accounts.models import User
from linghuo.insights.models import ScreeningRun
from linghuo.insights.services import screening_run_create, screening_run_execute
from linghuo.policy.engine import yuan
from linghuo.registry.models import Person
from tests.accounts.personas import personas_create
from tests.insights.conftest import ON, make_hard_to_employ, platform_worker
from tests.registry.facts_helpers import contribution

SUBSIDY = "social_insurance_subsidy"


@pytest.fixture
def personas(db: None) -> dict[str, User]:
    return personas_create()


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def first_run() -> ScreeningRun:
    return screening_run_execute(screening_run_create(on=ON, actor=None))


@pytest.mark.django_db
def test_a_caseworker_sees_only_their_districts_figures_and_people(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    run = first_run()
    html = login(personas["caseworker_320722"]).get(f"/insights/screening/{run.pk}/").content.decode()
    assert 'data-district="320722"' in html
    assert 'data-district="320706"' not in html
    assert f"/registry/persons/{people['donghai'].pk}/policies/" in html
    assert f"/registry/persons/{people['subsidised'].pk}/policies/" not in html
    haizhou = login(personas["caseworker_320706"]).get(f"/insights/screening/{run.pk}/").content.decode()
    assert f"/registry/persons/{people['subsidised'].pk}/policies/" in haizhou
    assert f"/registry/persons/{people['donghai'].pk}/policies/" not in haizhou


@pytest.mark.django_db
def test_a_caseworker_sees_only_the_people_newly_eligible_in_a_later_run(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    first_run()
    make_hard_to_employ(people["candidate"])
    second = first_run()
    html = login(personas["caseworker_320706"]).get(f"/insights/screening/{second.pk}/").content.decode()
    assert f"/registry/persons/{people['candidate'].pk}/policies/" in html
    assert f"/registry/persons/{people['subsidised'].pk}/policies/" not in html  # eligible already


@pytest.mark.django_db
def test_a_manager_starts_a_run_and_sees_it_listed_with_its_progress(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    client = login(personas["manager"])
    response = client.post("/insights/screening/start/")
    assert response.status_code == 302
    run = ScreeningRun.objects.get()
    assert run.created_by == personas["manager"]
    states = login(personas["caseworker_320706"]).get("/api/v1/screening-runs").json()
    assert [(s["id"], s["status"], s["rows_done"], s["percent"]) for s in states] == [
        (run.pk, "done", 4, 100)
    ]
    assert 'value="100"' in client.get("/insights/screening/").content.decode()


@pytest.mark.django_db
def test_a_caseworker_may_not_start_a_run(people: dict[str, Person], personas: dict[str, User]) -> None:
    assert login(personas["caseworker_320706"]).post("/insights/screening/start/").status_code == 403
    assert not ScreeningRun.objects.exists()


def what_if(client: Client, **changes: str) -> str:
    data = {"on": ON.isoformat(), "months": "1", "district": "", **changes}
    return client.post("/insights/what-if/", data).content.decode()


@pytest.mark.django_db
def test_the_what_if_page_lists_the_parameters_with_their_current_values(personas: dict[str, User]) -> None:
    html = login(personas["manager"]).get("/insights/what-if/").content.decode()
    assert 'name="social_insurance_subsidy.ratio_on_minimum_base[default]" value="2/3"' in html


@pytest.mark.django_db
def test_the_what_if_page_refuses_a_ratio_outside_the_policy_range(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    # 十二: "不低于1/2，不高于2/3" — 3/4 is outside what the policy allows
    html = what_if(
        login(personas["manager"]), **{"social_insurance_subsidy.ratio_on_minimum_base[default]": "3/4"}
    )
    assert 'id="what-if-error"' in html
    assert "参数设置无效" in html
    assert 'id="what-if-result"' not in html


def measure_row(html: str, code: str) -> dict[str, str]:
    """The cells of a measure's row in the what-if table by measure, by column class or position."""
    row = html.split(f'data-measure="{code}">', 1)[1].split("</tr>", 1)[0]
    cells = [c.split(">", 1)[1].split("<", 1)[0] for c in row.split("<td")[1:]]
    names = ("eligible_before", "eligible_after", "gained", "lost", "spending_before", "spending_after")
    return dict(zip(names, cells, strict=True))


@pytest.mark.django_db
def test_the_what_if_page_shows_more_spending_for_a_raised_ratio(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    above = platform_worker("320706", 5, premiums=False)
    make_hard_to_employ(above)
    for month in range(1, 7):
        contribution(
            above, month=dt.date(2024, month, 1), kind="enterprise_pension", paid_fen=120_000, minimum=False
        )
    # 十二: premiums above the minimum base are subsidised at 1/2 now; raised to 2/3 (within 1/2–2/3):
    # 6 × 1,200 yuan × 1/2 = 3,600 yuan becomes 4,800 yuan; the two on the minimum base stay at 2/3
    html = what_if(
        login(personas["manager"]), **{"social_insurance_subsidy.ratio_above_minimum_base[default]": "2/3"}
    )
    on_minimum = 2 * (6 * 99_040 * 2 // 3)
    row = measure_row(html, SUBSIDY)
    assert row["spending_before"] == yuan(on_minimum + 360_000)
    assert row["spending_after"] == yuan(on_minimum + 480_000)
    assert (row["eligible_before"], row["eligible_after"]) == ("3", "3")


@pytest.mark.django_db
def test_the_what_if_page_shows_people_gaining_for_a_lowered_minimum_wage(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    # 十五: new urban employment counts an income of at least the minimum wage; 2,200 yuan gains when the
    # minimum wage of tier 2 (海州区) is lowered from 2,260 to 2,100 yuan
    html = what_if(login(personas["manager"]), **{"minimum_wage.monthly[2]": "2100"})
    row = measure_row(html, "new_urban_employment")
    assert (row["gained"], row["lost"]) == ("1", "0")
    assert int(row["eligible_after"]) == int(row["eligible_before"]) + 1


@pytest.mark.django_db
def test_the_what_if_workbook_downloads(people: dict[str, Person], personas: dict[str, User]) -> None:
    data = {
        "on": ON.isoformat(),
        "months": "2",
        "district": "320706",
        "social_insurance_subsidy.ratio_on_minimum_base[default]": "1/2",
    }
    response = login(personas["manager"]).post("/insights/what-if.xlsx", data)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert "说明" in book.sheetnames
    assert len(book.sheetnames) == 4


@pytest.mark.django_db
def test_a_caseworker_may_not_run_what_if(personas: dict[str, User]) -> None:
    assert login(personas["caseworker_320706"]).get("/insights/what-if/").status_code == 403


@pytest.mark.django_db
def test_the_what_if_page_asks_for_a_change_when_none_was_made(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    html = what_if(login(personas["manager"]), **{"minimum_wage.monthly[2]": "2260"})  # the value in force
    assert "请至少修改一个参数的值" in html
