"""Closed vocabularies of the upload templates: employment forms and insurance types.

Each accepts its code (as in the policy catalogue) and the Chinese names people actually write.

>>> employment_form_from_text("平台就业/新就业形态")
<EmploymentForm.PLATFORM: 'platform'>
>>> employment_form_from_text("Part-Time")
<EmploymentForm.PART_TIME: 'part_time'>
>>> insurance_type_from_text("养老")
<InsuranceType.ENTERPRISE_PENSION: 'enterprise_pension'>
"""

from __future__ import annotations

from enum import StrEnum

from linghuo.spreadsheets.errors import CellError
from linghuo.spreadsheets.text import to_half_width


class EmploymentForm(StrEnum):
    """The catalogue's employment forms (facts field ``employment_form``)."""

    INDIVIDUAL_BUSINESS = "individual_business"
    PART_TIME = "part_time"
    PLATFORM = "platform"
    OTHER_FLEXIBLE = "other_flexible"
    EMPLOYEE = "employee"
    UNEMPLOYED = "unemployed"
    STUDENT = "student"

    @property
    def label(self) -> str:
        return EMPLOYMENT_FORM_NAMES[self][0]


# The first name is the label used in templates; the others are accepted synonyms.
EMPLOYMENT_FORM_NAMES: dict[EmploymentForm, tuple[str, ...]] = {
    EmploymentForm.INDIVIDUAL_BUSINESS: ("个体经营", "个体工商户", "个体户", "个体"),
    EmploymentForm.PART_TIME: ("非全日制", "非全日制用工", "非全日制就业", "兼职", "小时工"),
    EmploymentForm.PLATFORM: (
        "平台就业/新就业形态",
        "平台就业",
        "新就业形态",
        "新就业形态就业",
        "新就业形态劳动者",
        "互联网平台就业",
        "平台",
    ),
    EmploymentForm.OTHER_FLEXIBLE: ("其他灵活就业", "灵活就业", "其他"),
    EmploymentForm.EMPLOYEE: ("单位就业", "单位", "全日制就业", "全日制用工"),
    EmploymentForm.UNEMPLOYED: ("失业", "失业人员", "未就业"),
    EmploymentForm.STUDENT: ("在校学生", "在校生", "学生"),
}


class InsuranceType(StrEnum):
    """The two insurance types of the agency's contribution records."""

    ENTERPRISE_PENSION = "enterprise_pension"
    EMPLOYEE_MEDICAL = "employee_medical"

    @property
    def label(self) -> str:
        return INSURANCE_TYPE_NAMES[self][0]


# 110 and 310 are the national 险种 codes used in the agencies' exports.
INSURANCE_TYPE_NAMES: dict[InsuranceType, tuple[str, ...]] = {
    InsuranceType.ENTERPRISE_PENSION: (
        "企业职工基本养老保险",
        "养老",
        "养老保险",
        "基本养老保险",
        "企业养老保险",
        "职工养老保险",
        "企业职工养老保险",
        "110",
    ),
    InsuranceType.EMPLOYEE_MEDICAL: (
        "职工基本医疗保险",
        "医疗",
        "医疗保险",
        "基本医疗保险",
        "职工医疗保险",
        "城镇职工基本医疗保险",
        "职工医保",
        "医保",
        "310",
    ),
}


def _key(text: str) -> str:
    return "".join(to_half_width(text).split()).lower().replace("-", "_")


_EMPLOYMENT_LOOKUP = {
    _key(name): form for form, names in EMPLOYMENT_FORM_NAMES.items() for name in (form.value, *names)
}
_INSURANCE_LOOKUP = {
    _key(name): kind for kind, names in INSURANCE_TYPE_NAMES.items() for name in (kind.value, *names)
}


def employment_form_from_text(text: str) -> EmploymentForm:
    """The employment form a code or Chinese name stands for; ``CellError`` when none."""
    try:
        return _EMPLOYMENT_LOOKUP[_key(text)]
    except KeyError:
        accepted = "、".join(f"{f.label}（{f.value}）" for f in EmploymentForm)
        raise CellError(f"无法识别的从业形态，可填写：{accepted}") from None


def insurance_type_from_text(text: str) -> InsuranceType:
    """The insurance type a code or Chinese name stands for; ``CellError`` when none."""
    try:
        return _INSURANCE_LOOKUP[_key(text)]
    except KeyError:
        raise CellError(
            "无法识别的险种，可填写：企业职工基本养老保险（养老）、职工基本医疗保险（医疗）"
        ) from None
