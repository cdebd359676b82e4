"""The runs pages (caseworkers see only their districts) and the managers' what-if page."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook

from linghuo.accounts.models import User
from linghuo.insights.models import ScreeningRun
from linghuo.insights.selectors import run_figures
from linghuo.insights.services import screening_run_create, screening_run_execute
from linghuo.policy.engine import yuan
from linghuo.registry.models import Person
from tests.accounts.personas import personas_create
from tests.insights.conftest import ON, found_business, make_hard_to_employ, platform_worker
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


PLATFORM_RULES = ("statutory_retirement_date", "minimum_wage")  # policy-catalog.md: the platform's own rules
STARTUP = "startup_subsidy_once"


def by_measure_table(html: str) -> str:
    return html.split('id="by-measure"', 1)[1].split("</table>", 1)[0]


@pytest.mark.django_db
def test_the_run_page_lists_no_platform_rule_among_the_benefits(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    run = first_run()
    html = login(personas["manager"]).get(f"/insights/screening/{run.pk}/").content.decode()
    for code in PLATFORM_RULES:
        assert f'data-measure="{code}"' not in html
    assert "最低工资标准" not in html
    assert "法定退休日期" not in html
    # 十五: the 2024 monthly minimum wages of the three working in 海州区 (tier 2) and 东海县 (tier 3) are no
    # spending: the only amount of the run is the subsidy of the two hard-to-employ workers
    assert yuan(3 * 226_000 + 201_000) not in html
    assert yuan(2 * (6 * 99_040 * 2 // 3)) in by_measure_table(html)
    figures = run_figures(run, personas["manager"])
    assert not set(PLATFORM_RULES) & {row["code"] for row in figures["by_measure"]}


def startup_cell(html: str) -> str:
    row = html.split(f'data-measure="{STARTUP}">', 1)[1].split("</tr>", 1)[0]
    return row.rsplit("<td", 1)[1]


@pytest.mark.django_db
def test_the_run_page_says_how_many_eligible_people_have_no_amount_yet_and_why(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    # （一）: both registered unemployed founders qualify; the amount for their group is unset
    found_business(people["subsidised"])
    found_business(people["donghai"])
    run = first_run()
    cell = startup_cell(login(personas["manager"]).get(f"/insights/screening/{run.pk}/").content.decode())
    assert "2 人符合条件但金额待定" in cell
    assert "startup_subsidy_once.amount_other_groups" in cell
    assert "未确认" in cell
    donghai = login(personas["caseworker_320722"]).get(f"/insights/screening/{run.pk}/").content.decode()
    assert "1 人符合条件但金额待定" in startup_cell(donghai)
    english = login(personas["manager"])
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    cell = startup_cell(english.get(f"/insights/screening/{run.pk}/").content.decode())
    assert "2 eligible people have no amount yet" in cell
    assert "startup_subsidy_once.amount_other_groups" in cell
    assert "unconfirmed" in cell
    assert "未确认" not in cell


@pytest.mark.django_db
def test_the_what_if_page_lists_no_platform_rule_and_says_which_amounts_are_missing(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    found_business(people["subsidised"])
    html = what_if(login(personas["manager"]), **{"minimum_wage.monthly[2]": "2100"})
    for code in PLATFORM_RULES:
        assert f'data-measure="{code}"' not in html
    assert "最低工资标准" not in html.split('id="what-if-result"', 1)[1]
    row = html.split(f'data-measure="{STARTUP}">', 1)[1].split("</tr>", 1)[0]
    assert row.count("1 人符合条件但金额待定") == 2  # now and after the change
    assert "startup_subsidy_once.amount_other_groups" in row
    # setting the missing amount (a what-if value) pays the founder: nothing left without an amount after
    changed = what_if(login(personas["manager"]), **{"startup_subsidy_once.amount_other_groups": "8000"})
    row = changed.split(f'data-measure="{STARTUP}">', 1)[1].split("</tr>", 1)[0]
    assert row.count("1 人符合条件但金额待定") == 1
    assert yuan(800_000) in row


@pytest.mark.django_db
def test_the_what_if_workbook_names_measures_and_districts_with_codes_beside(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    data = {"on": ON.isoformat(), "months": "1", "district": "", "minimum_wage.monthly[2]": "2100"}
    response = login(personas["manager"]).post("/insights/what-if.xlsx", data)
    book = load_workbook(io.BytesIO(response.content))
    rows = [[c.value for c in row] for row in book["按措施和区划"].iter_rows()]
    assert rows[0][:4] == ["措施", "措施代码", "区划", "区划代码"]
    firsts = [r[:4] for r in rows[1:]]
    assert ["灵活就业社会保险补贴", SUBSIDY, "东海县", "320722"] in firsts
    assert ["纳入城镇新增就业统计", "new_urban_employment", "海州区", "320706"] in firsts
    assert not {"minimum_wage", "statutory_retirement_date"} & {r[1] for r in rows}
