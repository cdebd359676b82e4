"""我的政策: every measure with the engine's decision for the worker, the amount and the reasons."""

from __future__ import annotations

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.test import Client

from linghuo.accounts.models import User
from linghuo.insights import views_policies
from linghuo.policy import engine
from linghuo.policy.parameters import load
from linghuo.registry import commitment, services
from linghuo.registry.models import MembershipKind, MembershipSource, Person
from tests.registry.facts_helpers import contribution, register_on
from tests.registry.helpers import id_number, identity_confirmed, person_in

pytestmark = pytest.mark.django_db

D = datetime.date
ON = D(2024, 6, 15)


@pytest.fixture(autouse=True)
def _evaluated_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views_policies, "today", lambda: ON)


def hard_to_employ_platform_worker(account: User | None, district: str = "320706") -> Person:
    """A certified 就业困难人员 in platform work, pension and medical paid January–March on the minimum
    base, nothing since (so not insured in June)."""
    person = person_in(district, account=account)
    register_on(person, D(2024, 1, 5), division=district)
    services.membership_record(
        actor=None,
        person=person,
        kind=MembershipKind.HARD_TO_EMPLOY_SINCE,
        valid_from=D(2023, 12, 1),
        source=MembershipSource.HRSS_RECORDS,
    )
    for month in (1, 2, 3):
        contribution(person, month=D(2024, month, 1), kind="enterprise_pension", paid_fen=64_000)
        contribution(person, month=D(2024, month, 1), kind="employee_medical", paid_fen=24_000)
    return person


def section(html: str, code: str) -> str:
    start = html.index(f'id="{code}"')
    return html[start : html.index("</section>", start)]


def test_it_shows_the_subsidy_amount_and_its_clause(client: Client, personas: dict[str, User]) -> None:
    hard_to_employ_platform_worker(personas["worker"])
    client.force_login(personas["worker"])
    html = client.get("/registry/my-policies/").content.decode()
    subsidy = section(html, "social_insurance_subsidy")
    # 十二: premiums actually paid 3 × (640 + 240) = 2,640.00 元, ⅔ on the minimum base = 1,760.00 元
    assert "符合" in subsidy
    assert "不符合" not in subsidy
    assert "1,760.00 元" in subsidy
    assert "措施（十二）" in subsidy
    assert "2,640.00元" in subsidy  # the premiums, among the explanation's figures


NOON = datetime.datetime(2024, 6, 15, 12, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))  # ON, at noon


def verdict(html: str, code: str) -> str:
    """``policy-yes`` or ``policy-no``: the class of the measure's card."""
    found = re.search(rf'class="registry-card policy (policy-yes|policy-no)[^"]*" id="{code}"', html)
    return found.group(1)  # type: ignore[union-attr]


def eligible_count(html: str) -> int:
    return int(re.search(r"您可享受 <strong>(\d+)</strong> 项政策", html).group(1))  # type: ignore[union-attr]


def test_ending_the_registration_today_changes_the_page_today(
    client: Client, personas: dict[str, User]
) -> None:
    hard_to_employ_platform_worker(personas["worker"])
    client.force_login(personas["worker"])
    with time_machine.travel(NOON, tick=False):
        before = client.get("/registry/my-policies/").content.decode()
        assert verdict(before, "social_insurance_subsidy") == "policy-yes"
        client.post("/registry/me/end/", {"reason": "入职单位"})
        after = client.get("/registry/my-policies/")
    html = after.content.decode()
    assert verdict(html, "social_insurance_subsidy") == "policy-no"  # not in flexible employment today
    subsidy = section(html, "social_insurance_subsidy")
    failed = re.findall(r'<li class="failed">(.*?)</li>', subsidy, flags=re.S)
    assert any("从事非全日制等灵活就业" in item for item in failed)
    assert eligible_count(html) < eligible_count(before)
    assert "no-store" in after["Cache-Control"]


def test_a_registration_ended_on_the_day_it_was_made_is_gone_from_the_page(
    client: Client, personas: dict[str, User], no_spot_checks: None
) -> None:
    client.force_login(personas["worker"])
    with time_machine.travel(NOON, tick=False):
        client.post(
            "/registry/me/register/",
            {
                "name": "王灵工",
                "id_number": id_number("320706", "19920202", 33),
                "place_kind": "work",
                "place_division": "320706",
                "employment_form": "platform",
                "commitment_version": commitment.COMMITMENT_VERSION,
                "agree": "on",
            },
        )
        identity_confirmed(personas["caseworker_320706"], personas["worker"])
        registered = client.get("/registry/my-policies/").content.decode()
        assert verdict(registered, "employment_registration") == "policy-yes"
        client.post("/registry/me/end/", {"reason": ""})
        ended = client.get("/registry/my-policies/").content.decode()
    assert verdict(ended, "employment_registration") == "policy-no"
    assert eligible_count(ended) < eligible_count(registered)


def test_it_shows_the_failed_condition_of_a_measure_missed(client: Client, personas: dict[str, User]) -> None:
    hard_to_employ_platform_worker(personas["worker"])
    client.force_login(personas["worker"])
    html = client.get("/registry/my-policies/").content.decode()
    counted = section(html, "new_urban_employment")
    assert "不符合" in counted
    failed = re.findall(r'<li class="failed">(.*?)</li>', counted, flags=re.S)
    assert len(failed) == 1
    assert "依法参加社会保险" in failed[0]
    assert "未满足" in failed[0]
    assert "（十五）" in failed[0]
    assert "劳动收入达到当地最低工资标准" in counted  # met, listed as such
    assert engine.rules_version() in html


def test_it_lists_every_person_measure_once(client: Client, personas: dict[str, User]) -> None:
    from linghuo.policy.measures import registry

    hard_to_employ_platform_worker(personas["worker"])
    client.force_login(personas["worker"])
    html = client.get("/registry/my-policies/").content.decode()
    person_codes = [m.code for m in registry().values() if m.kind == "person"]
    assert sorted(
        re.findall(r'<section class="registry-card policy [^"]*" id="([a-z_0-9]+)"', html)
    ) == sorted(person_codes)


def test_it_warns_of_an_unconfirmed_parameter(client: Client, personas: dict[str, User]) -> None:
    hard_to_employ_platform_worker(personas["worker"])
    client.force_login(personas["worker"])
    html = client.get("/registry/my-policies/").content.decode()
    evaluation = engine.evaluate_one({"person_id": "x"}, on=ON)
    unconfirmed = [d for d in evaluation.decisions if d.unconfirmed_parameters]
    assert unconfirmed, "the catalogue has unconfirmed parameters on this date (parameters.md)"
    shown = [d for d in unconfirmed if f'id="{d.code}"' in html]
    assert shown
    parameters = load()
    for d in shown:
        card = section(html, d.code)
        assert "尚未经确认" in card
        assert parameters[d.unconfirmed_parameters[0]].described[0] in card  # by what it is
        assert d.unconfirmed_parameters[0] not in card  # the parameter's name is for caseworkers


def test_a_caseworker_sees_the_unconfirmed_parameters_by_name(
    client: Client, personas: dict[str, User]
) -> None:
    person = hard_to_employ_platform_worker(None, district="320706")
    client.force_login(personas["caseworker_320706"])
    html = client.get(f"/registry/persons/{person.pk}/policies/").content.decode()
    evaluation = engine.evaluate_one({"person_id": "x"}, on=ON)
    d = next(d for d in evaluation.decisions if d.unconfirmed_parameters and f'id="{d.code}"' in html)
    assert d.unconfirmed_parameters[0] in section(html, d.code)


def test_a_worker_without_a_person_record_is_asked_to_register(
    client: Client, personas: dict[str, User]
) -> None:
    client.force_login(personas["worker"])
    html = client.get("/registry/my-policies/").content.decode()
    assert "请先办理就业登记" in html
    assert 'href="/registry/me/register/"' in html
    assert "policy-yes" not in html
    assert "policy-no" not in html


def test_a_caseworker_sees_a_person_of_their_district(client: Client, personas: dict[str, User]) -> None:
    person = hard_to_employ_platform_worker(None, district="320706")
    client.force_login(personas["caseworker_320706"])
    response = client.get(f"/registry/persons/{person.pk}/policies/")
    assert response.status_code == 200
    assert "1,760.00 元" in section(response.content.decode(), "social_insurance_subsidy")


def test_a_caseworker_of_another_district_gets_not_found(client: Client, personas: dict[str, User]) -> None:
    person = hard_to_employ_platform_worker(None, district="320706")
    client.force_login(personas["caseworker_320722"])
    assert client.get(f"/registry/persons/{person.pk}/policies/").status_code == 404


def test_the_nav_offers_a_worker_their_policies(client: Client, personas: dict[str, User]) -> None:
    client.force_login(personas["worker"])
    html = client.get("/").content.decode()
    assert 'href="/registry/my-policies/"' in html
    assert 'href="/registry/me/"' in html
    assert "/registry/statistics/" not in html


@pytest.mark.parametrize(
    ("persona", "present", "absent"),
    [
        ("caseworker_320706", ["/registry/persons/", "/registry/spot-checks/", "/registry/statistics/"], []),
        ("manager", ["/registry/statistics/new-urban-employment/"], ["/registry/persons/"]),
        ("finance", [], ["/registry/statistics/", "/registry/my-policies/"]),
    ],
)
def test_the_nav_follows_the_role(
    client: Client, personas: dict[str, User], persona: str, present: list[str], absent: list[str]
) -> None:
    client.force_login(personas[persona])
    nav = client.get("/").content.decode().split('<nav class="site-nav"')[1].split("</nav>")[0]
    assert all(f'href="{url}' in nav for url in present)
    assert not any(f'href="{url}' in nav for url in absent)


# --- the page reads right to the worker --------------------------------------------------------------


def _my_page(client: Client, worker: User) -> str:
    client.force_login(worker)
    return client.get("/registry/my-policies/").content.decode()


def test_the_worker_reads_plain_words_and_the_caseworker_the_parameter_names(
    client: Client, personas: dict[str, User]
) -> None:
    person = hard_to_employ_platform_worker(personas["worker"])
    mine = section(_my_page(client, personas["worker"]), "social_insurance_subsidy")
    assert "statutory_retirement_date." not in mine
    assert "social_insurance_subsidy." not in mine
    assert "连政办发〔2021〕50号（十二）" in mine  # the source, by its title
    client.force_login(personas["caseworker_320706"])
    trace = client.get(f"/registry/persons/{person.pk}/policies/").content.decode()
    assert "statutory_retirement_date.birth_months_per_month_of_delay" in section(
        trace, "social_insurance_subsidy"
    )


def test_the_subsidy_says_the_period_its_amount_is_of(client: Client, personas: dict[str, User]) -> None:
    # claim period: January to the month of the date (2024-06-15), premiums 3 × (640 + 240) paid, ⅔
    hard_to_employ_platform_worker(personas["worker"])
    subsidy = section(_my_page(client, personas["worker"]), "social_insurance_subsidy")
    assert "2024年1–6月实缴社会保险费 2,640.00 元，按 2/3 补贴 1,760.00 元" in subsidy


def test_the_subsidy_period_in_english(client: Client, personas: dict[str, User]) -> None:
    hard_to_employ_platform_worker(personas["worker"])
    client.force_login(personas["worker"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    subsidy = section(client.get("/registry/my-policies/").content.decode(), "social_insurance_subsidy")
    assert "January–June 2024: premiums paid CNY 2,640.00, subsidised at 2/3: CNY 1,760.00" in subsidy


def test_the_subsidy_shows_36_months_and_the_extension_as_a_later_step(
    client: Client, personas: dict[str, User]
) -> None:
    # parameters.md §4: up to 3 years for 就业困难人员, then one extension of up to 1 year
    hard_to_employ_platform_worker(personas["worker"])
    subsidy = section(_my_page(client, personas["worker"]), "social_insurance_subsidy")
    assert re.search(r"<dt>月数（个月）</dt><dd>36</dd>", subsidy)
    assert "月数：48" not in subsidy
    assert "期满后仍未实现稳定就业的，可再一次性延长享受期限，延长期不超过1年，须经办人员确认" in subsidy


def test_someone_already_certified_is_not_told_to_apply_for_certification(
    client: Client, personas: dict[str, User]
) -> None:
    hard_to_employ_platform_worker(personas["worker"])  # certified on 2023-12-01
    card = section(_my_page(client, personas["worker"]), "hard_to_employ_certifiable")
    assert "不适用" in card
    assert "已认定为就业困难人员，无需再申请认定" in card
    assert "可申请认定为就业困难人员：符合" not in card


def test_the_2020_make_up_is_listed_as_closed_in_2026(
    client: Client, personas: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views_policies, "today", lambda: D(2026, 6, 30))
    hard_to_employ_platform_worker(personas["worker"])
    html = _my_page(client, personas["worker"])
    others = html[html.index('class="policy-others"') : html.index("</details>", html.index("policy-others"))]
    closed = html[html.index('class="policy-closed-list"') :]
    assert 'id="pension_arrears_makeup_2020"' not in others
    card = section(closed, "pension_arrears_makeup_2020")
    assert "已截止" in card
    assert "补缴期限已于2021年年底截止" in card


def test_the_laid_off_group_answers_alike_in_five_and_nine(client: Client, personas: dict[str, User]) -> None:
    person = hard_to_employ_platform_worker(personas["worker"])
    services.membership_record(
        actor=None,
        person=person,
        kind=MembershipKind.REGISTERED_UNEMPLOYED,
        valid_from=D(2024, 1, 1),
        source=MembershipSource.HRSS_RECORDS,
    )
    html = _my_page(client, personas["worker"])
    premises = section(html, "free_premises_priority")
    training = section(html, "free_skills_training")

    def member(card: str, label: str) -> str:
        pattern = r'<li class="(met|failed) member">\s*<span class="mark"[^>]*>.</span>\s*'
        pattern += rf'<span class="condition-text"><span class="label">{label}</span>'
        return re.search(pattern, card).group(1)  # type: ignore[union-attr]

    assert member(premises, "下岗失业人员") == member(training, "下岗失业人员和转岗职工") == "met"
