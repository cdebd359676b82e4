"""就业困难人员 (苏人社规〔2020〕2号): registered unemployed and in one of the categories."""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy.deciding import decide, failed

CODE = "hard_to_employ_certifiable"
UNEMPLOYED: dict[str, Any] = {"registered_unemployed": True, "birth_date": "1990-06-01", "sex": "male"}


@pytest.mark.parametrize(("on", "eligible"), [("2022-02-28", False), ("2022-03-01", True)])
def test_it_counts_a_woman_from_her_40th_birthday(on: str, eligible: bool) -> None:
    d = decide(CODE, on, registered_unemployed=True, birth_date="1982-03-01", sex="female")
    assert d.eligible is eligible


@pytest.mark.parametrize(("on", "eligible"), [("2022-02-28", False), ("2022-03-01", True)])
def test_it_counts_a_man_from_his_50th_birthday(on: str, eligible: bool) -> None:
    d = decide(CODE, on, registered_unemployed=True, birth_date="1972-03-01", sex="male")
    assert d.eligible is eligible


def test_it_does_not_count_a_man_at_40() -> None:
    assert failed(
        decide(CODE, "2022-03-01", registered_unemployed=True, birth_date="1982-03-01", sex="male")
    ) == {"category"}


@pytest.mark.parametrize(("since", "eligible"), [("2021-03-01", True), ("2021-03-02", False)])
def test_it_counts_a_year_of_continuous_unemployment(since: str, eligible: bool) -> None:
    assert decide(CODE, "2022-03-01", **UNEMPLOYED, unemployed_since=since).eligible is eligible


@pytest.mark.parametrize(
    "group",
    [
        "dibao",
        "special_hardship_worker_family",
        "disabled",
        "zero_employment_household",
        "land_expropriated_farmer",
        "entitled_group_family",
        "veteran",
        "low_income_rural_household",
    ],
)
def test_it_counts_each_listed_group(group: str) -> None:
    membership: dict[str, Any] = {group: True}
    d = decide(CODE, "2022-03-01", **UNEMPLOYED, **membership)
    assert d.eligible
    assert sum(c.passed for c in d.conditions if c.code.startswith("category.")) == 1


def test_it_requires_unemployment_registration() -> None:
    assert failed(
        decide(CODE, "2022-03-01", **{**UNEMPLOYED, "registered_unemployed": False}, dibao=True)
    ) == {"registered_unemployed"}


@pytest.mark.parametrize(("birth", "eligible"), [("2006-03-01", True), ("2006-03-02", False)])
def test_it_opens_registration_at_16(birth: str, eligible: bool) -> None:
    d = decide(CODE, "2022-03-01", registered_unemployed=True, birth_date=birth, sex="male", dibao=True)
    assert d.eligible is eligible


def test_someone_already_certified_is_not_told_to_apply() -> None:
    # certified 就业困难人员 since 2024: there is no certification left to apply for
    d = decide(CODE, "2026-06-30", **UNEMPLOYED, dibao=True, hard_to_employ_since="2024-03-01")
    assert not d.eligible
    assert d.status == "not_applicable"
    assert failed(d) == {"already_certified"}
    assert "已认定为就业困难人员，无需再申请认定" in d.plain_zh
    assert "可申请认定为就业困难人员：不适用" in d.plain_zh
    assert "already certified" in d.plain_en


@pytest.mark.parametrize(("since", "eligible"), [("2026-06-30", False), ("2026-07-01", True)])
def test_a_certification_counts_from_its_date(since: str, eligible: bool) -> None:
    d = decide(CODE, "2026-06-30", **UNEMPLOYED, dibao=True, hard_to_employ_since=since)
    assert d.eligible is eligible
    assert d.status == ("eligible" if eligible else "not_applicable")
