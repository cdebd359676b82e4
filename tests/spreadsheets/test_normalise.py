"""Each normalisation the roster template promises, cell by cell."""

from __future__ import annotations

import datetime as dt

import pytest

from linghuo.spreadsheets import normalise as n
from linghuo.spreadsheets.errors import CellError
from linghuo.spreadsheets.vocabulary import (
    EmploymentForm,
    InsuranceType,
    employment_form_from_text,
    insurance_type_from_text,
)
from tests.spreadsheets.files import id_number, wrong_check


@pytest.mark.parametrize(
    ("given", "fen"),
    [
        ("3,000.00", 300000),
        ("3000", 300000),
        ("￥3,000", 300000),
        ("¥ 3,000.5", 300050),
        ("３，０００．０１", 300001),  # full-width digits, comma and point
        (" 3000元 ", 300000),
        ("0.1", 10),
        ("1,234,567.89", 123456789),
        (3000, 300000),
        (2999.99, 299999),  # a number cell: its shortest decimal form, no float error
        (0.07, 7),
    ],
)
def test_it_reads_amounts_as_exact_fen(given: object, fen: int) -> None:
    assert n.parse_amount_fen(given) == fen  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("3000.001", "两位小数"),
        ("-5", "负数"),
        (-5, "负数"),
        ("30,00", "格式"),
        ("三千", "格式"),
        ("1e3", "格式"),
        (0.001, "两位小数"),
    ],
)
def test_it_rejects_bad_amounts_with_a_reason(given: object, reason: str) -> None:
    with pytest.raises(CellError, match=reason):
        n.parse_amount_fen(given)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "given",
    [
        "2024-03-01",
        "2024/3/1",
        "2024.3.1",
        "2024年3月1日",
        "20240301",
        " ２０２４－０３－０１ ",
        "2024-03-01 00:00:00",
        dt.datetime(2024, 3, 1, 0, 0),
        dt.date(2024, 3, 1),
        45352,  # Excel serial of 2024-03-01
        45352.0,
        "45352",  # a serial exported to CSV from a General-format cell
        20240301,  # typed as a number in Excel
    ],
)
def test_it_reads_every_date_form_as_the_same_day(given: object) -> None:
    assert n.parse_date(given) == dt.date(2024, 3, 1)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("given", "reason"), [("2024-02-30", "有效"), ("1/3/2024", "格式"), ("1900-01-01", "范围")]
)
def test_it_rejects_bad_dates(given: str, reason: str) -> None:
    with pytest.raises(CellError, match=reason):
        n.parse_date(given)


@pytest.mark.parametrize(
    "given", ["2024-03", "2024/3", "2024年3月", "202403", 202403, dt.datetime(2024, 3, 15), "2024-03-01"]
)
def test_it_reads_contribution_months(given: object) -> None:
    assert n.parse_year_month(given) == dt.date(2024, 3, 1)  # type: ignore[arg-type]


def test_it_upper_cases_a_lower_case_check_character() -> None:
    upper = id_number("32070619900101006")
    assert upper.endswith("X")
    assert n.parse_id_number(upper.lower()) == upper
    assert n.parse_id_number(" " + upper[:6] + " " + upper[6:].lower() + "\u3000") == upper


def test_it_reads_full_width_id_digits() -> None:
    number = id_number()
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert n.parse_id_number(full_width) == number


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        (wrong_check(id_number()), "校验位"),
        (id_number("32070619900230123"), "出生日期"),  # 30 February, check character right
        ("320706900101123", "15位"),
        ("3207061990010112", "18位"),
        (3.20706199001011e17, "数字"),  # Excel turned it into a number and lost digits
        (id_number("32070630000101123"), "晚于今天"),
    ],
)
def test_it_rejects_invalid_id_numbers_with_a_precise_reason(given: object, reason: str) -> None:
    with pytest.raises(CellError, match=reason):
        n.parse_id_number(given)  # type: ignore[arg-type]


def test_it_accepts_an_id_number_issued_under_a_retired_county_code() -> None:
    old = id_number("32070519800101123")  # 新浦区, merged into 海州区 in 2014
    assert n.parse_id_number(old) == old


@pytest.mark.parametrize(
    "given", ["13812345678", " 138 1234 5678 ", "138-1234-5678", "+8613812345678", 13812345678]
)
def test_it_reads_mobiles(given: object) -> None:
    assert n.parse_mobile(given) == "13812345678"  # type: ignore[arg-type]


@pytest.mark.parametrize("given", ["1381234567", "23812345678", "1201234567a"])
def test_it_rejects_bad_mobiles(given: str) -> None:
    with pytest.raises(CellError, match="手机号"):
        n.parse_mobile(given)


@pytest.mark.parametrize(
    ("given", "current"),
    [
        ("320706", "320706"),
        ("３２０７２２", "320722"),
        (320703, "320703"),
        ("320705", "320706"),  # 新浦区 → 海州区 (parameters.md §2)
        ("320721", "320707"),  # 赣榆县 → 赣榆区
        ("320822", "320724"),  # 灌南县's pre-1996 code
        ("320771000000", "320771"),
    ],
)
def test_it_maps_division_codes_to_current_counties(given: object, current: str) -> None:
    assert n.parse_county_code(given) == current  # type: ignore[arg-type]


@pytest.mark.parametrize(("given", "reason"), [("320700", "市"), ("320102", "连云港"), ("3207", "6位")])
def test_it_rejects_codes_outside_the_citys_counties(given: str, reason: str) -> None:
    with pytest.raises(CellError, match=reason):
        n.parse_county_code(given)


@pytest.mark.parametrize("given", ["是", "Y", "y", "yes", "1", 1, "TRUE", "true", True, " 是 "])
def test_it_reads_yes(given: object) -> None:
    assert n.parse_yes_no(given) is True  # type: ignore[arg-type]


@pytest.mark.parametrize("given", ["否", "N", "no", "0", 0, "FALSE", False])
def test_it_reads_no(given: object) -> None:
    assert n.parse_yes_no(given) is False  # type: ignore[arg-type]


def test_it_rejects_other_yes_no_answers() -> None:
    with pytest.raises(CellError, match=r"是.*否"):
        n.parse_yes_no("可能")


@pytest.mark.parametrize(
    ("given", "form"),
    [
        ("individual_business", EmploymentForm.INDIVIDUAL_BUSINESS),
        ("个体经营", EmploymentForm.INDIVIDUAL_BUSINESS),
        ("个体工商户", EmploymentForm.INDIVIDUAL_BUSINESS),
        ("非全日制", EmploymentForm.PART_TIME),
        ("PART_TIME", EmploymentForm.PART_TIME),
        ("平台就业/新就业形态", EmploymentForm.PLATFORM),
        ("平台就业／新就业形态", EmploymentForm.PLATFORM),
        ("新就业形态", EmploymentForm.PLATFORM),
        ("其他灵活就业", EmploymentForm.OTHER_FLEXIBLE),
        ("单位就业", EmploymentForm.EMPLOYEE),
        ("失业", EmploymentForm.UNEMPLOYED),
        ("在校学生", EmploymentForm.STUDENT),
        (" student ", EmploymentForm.STUDENT),
    ],
)
def test_it_reads_employment_forms_by_code_or_name(given: str, form: EmploymentForm) -> None:
    assert employment_form_from_text(given) is form


def test_it_names_the_accepted_employment_forms_when_unknown() -> None:
    with pytest.raises(CellError, match=r"个体经营.*在校学生"):
        employment_form_from_text("退休")


@pytest.mark.parametrize(
    ("given", "kind"),
    [
        ("企业职工基本养老保险", InsuranceType.ENTERPRISE_PENSION),
        ("养老", InsuranceType.ENTERPRISE_PENSION),
        ("职工基本医疗保险", InsuranceType.EMPLOYEE_MEDICAL),
        ("医疗", InsuranceType.EMPLOYEE_MEDICAL),
    ],
)
def test_it_reads_insurance_types(given: str, kind: InsuranceType) -> None:
    assert insurance_type_from_text(given) is kind


@pytest.mark.parametrize(
    ("given", "name"), [("  张 三 ", "张三"), ("阿卜杜 · 热合曼", "阿卜杜·热合曼"), ("李　雷", "李雷")]
)
def test_it_removes_stray_spaces_from_names(given: str, name: str) -> None:
    assert n.parse_name(given) == name


def test_it_rejects_a_name_holding_digits() -> None:
    with pytest.raises(CellError, match="数字"):
        n.parse_name(id_number())
