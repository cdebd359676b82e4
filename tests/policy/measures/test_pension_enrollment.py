"""（十一）灵活就业人员参加企业职工基本养老保险 — cases from the clause text.

"具有江苏户籍和在我省就业并办理港澳台居民居住证的灵活就业人员，以及外省户籍且在江苏省内缴纳企业基本养老
保险满10年的，可在本市就业登记地办理企业职工基本养老保险参保手续。"
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy.deciding import decide, failed

CODE = "pension_enrollment"
FLEXIBLE: dict[str, Any] = {"employment_form": "individual_business", "work_division": "320706"}


def routes(d: Any) -> dict[str, bool]:
    return {c.code.removeprefix("route."): c.passed for c in d.conditions if c.code.startswith("route.")}


@pytest.mark.parametrize("hukou", ["320706", "320102", "321002"])
def test_it_enrols_a_flexible_worker_with_a_jiangsu_hukou(hukou: str) -> None:
    # "具有江苏户籍": any Jiangsu division (32…), not only the city's
    d = decide(CODE, "2024-03-01", **FLEXIBLE, hukou_division=hukou)
    assert d.eligible
    assert routes(d) == {
        "jiangsu_hukou": True,
        "hmt_permit_working_in_jiangsu": False,
        "out_of_province_ten_years": False,
    }


def test_it_enrols_a_holder_of_an_hmt_residence_permit_working_in_jiangsu() -> None:
    d = decide(CODE, "2024-03-01", **FLEXIBLE, hmt_residence_permit=True)
    assert d.eligible
    assert routes(d)["hmt_permit_working_in_jiangsu"]


@pytest.mark.parametrize(("years", "eligible"), [(9, False), (10, True), (11, True)])
def test_it_enrols_an_out_of_province_hukou_from_ten_years_of_jiangsu_contributions(
    years: int, eligible: bool
) -> None:
    # "外省户籍且在江苏省内缴纳企业基本养老保险满10年的"
    d = decide(CODE, "2024-03-01", **FLEXIBLE, hukou_division="110105", jiangsu_pension_years=years)
    assert d.eligible is eligible
    assert routes(d)["out_of_province_ten_years"] is eligible
    assert not routes(d)["jiangsu_hukou"]


def test_it_refuses_an_out_of_province_hukou_without_a_permit_or_years() -> None:
    d = decide(CODE, "2024-03-01", **FLEXIBLE, hukou_division="410102")
    assert not d.eligible
    assert failed(d) == {"route"}


def test_it_refuses_when_no_route_is_known() -> None:
    assert not decide(CODE, "2024-03-01", **FLEXIBLE).eligible


@pytest.mark.parametrize("form", ["employee", "unemployed", "student"])
def test_it_refuses_a_jiangsu_hukou_not_in_flexible_employment(form: str) -> None:
    d = decide(CODE, "2024-03-01", employment_form=form, work_division="320706", hukou_division="320706")
    assert not d.eligible
    assert failed(d) == {"flexible_employment"}


def test_it_refuses_a_flexible_worker_not_registered_in_the_city() -> None:
    # "可在本市就业登记地办理": registered where they work in the city (十五)
    d = decide(
        CODE, "2024-03-01", employment_form="platform", work_division="320102", hukou_division="320706"
    )
    assert not d.eligible
    assert failed(d) == {"works_in_city"}


def test_it_says_to_enrol_at_the_place_of_employment_registration() -> None:
    d = decide(CODE, "2024-03-01", **FLEXIBLE, hukou_division="320706")
    assert "enrol_at_registration_place" in d.notes
    assert "就业登记地" in d.explanation_zh
    assert d.figures["work_division"] == "320706"


def test_it_cites_the_ten_years_from_the_policy_text() -> None:
    d = decide(CODE, "2024-03-01", **FLEXIBLE, hukou_division="110105", jiangsu_pension_years=10)
    assert "pension_enrollment.out_of_province_minimum_years=10" in d.explanation_zh
    assert d.unconfirmed_parameters == ()
