"""The facts the rules engine reads about a person: names, types, defaults and validation.

One flat record per person (a JSON object online, a row in batch), as of an evaluation date.
The names are those of ``policy-catalog.md`` (§ Facts). A fact left out, or null, takes its default:
booleans false, counts and amounts 0, dates and codes null. An ID number supplies the birth date
and the sex when they are absent; when they are given and disagree with it, that is an error.

>>> facts = validate_facts({"person_id": "p1", "id_number": "11010519491231002X"})
>>> facts["birth_date"], facts["sex"], facts["registered_unemployed"]
(datetime.date(1949, 12, 31), 'female', False)
>>> validate_facts({"si_paid_fen": -1})
Traceback (most recent call last):
...
linghuo.policy.schema.FactsError: si_paid_fen：金额不能为负数 / si_paid_fen: an amount cannot be negative
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import polars as pl
from stdnum.cn import ric

from linghuo.dates import MAX_AGE, age_on, birth_date_error
from linghuo.policy.schema import (
    PROVINCE_PREFIXES,
    Fact,
    FactError,
    FactsError,
    FactTable,
    InvalidValueError,
    date_in_range,
    division_error,
    parse_text,
)

__all__ = [
    "BUSINESS_KINDS",
    "EMPLOYMENT_FORMS",
    "FACTS",
    "FACTS_BY_NAME",
    "FACT_NAMES",
    "FLEXIBLE_FORMS",
    "ID_NUMBER_LENGTH",
    "MAXIMA",
    "MAX_AGE",
    "PROVINCE_PREFIXES",
    "SCHEMA",
    "SEXES",
    "BusinessKind",
    "EmploymentForm",
    "Fact",
    "FactError",
    "FactsError",
    "Kind",
    "Sex",
    "age_on",
    "birth_date_error",
    "birth_date_on_errors",
    "division_error",
    "facts_frame",
    "normalise_frame",
    "one_row_frame",
    "sex_from_id_number",
    "validate_facts",
]

Kind = Literal["text", "division", "enum", "bool", "date", "count", "money"]


class Sex(enum.StrEnum):
    """The values of the ``sex`` fact; a rule compares with a member, never with a string."""

    MALE = "male"
    FEMALE = "female"


class EmploymentForm(enum.StrEnum):
    """The values of the ``employment_form`` fact."""

    INDIVIDUAL_BUSINESS = "individual_business"
    PART_TIME = "part_time"
    PLATFORM = "platform"
    OTHER_FLEXIBLE = "other_flexible"
    EMPLOYEE = "employee"
    UNEMPLOYED = "unemployed"
    STUDENT = "student"


class BusinessKind(enum.StrEnum):
    """The values of the ``business_kind`` fact."""

    INDIVIDUAL_BUSINESS = "individual_business"
    SMALL_ENTERPRISE = "small_enterprise"


SEXES = tuple(s.value for s in Sex)
EMPLOYMENT_FORMS = tuple(e.value for e in EmploymentForm)
# 灵活就业: the forms of work the policy calls flexible (个体经营、非全日制、新就业形态、其他灵活就业).
FLEXIBLE_FORMS = tuple(
    e.value
    for e in (
        EmploymentForm.INDIVIDUAL_BUSINESS,
        EmploymentForm.PART_TIME,
        EmploymentForm.PLATFORM,
        EmploymentForm.OTHER_FLEXIBLE,
    )
)
BUSINESS_KINDS = tuple(b.value for b in BusinessKind)


def _f(name: str, kind: Kind, label_zh: str, choices: tuple[str, ...] = ()) -> Fact:
    return Fact(name, kind, label_zh, choices)


FACTS: tuple[Fact, ...] = (
    _f("person_id", "text", "人员编号"),
    _f("id_number", "text", "公民身份号码"),
    _f("birth_date", "date", "出生日期"),
    _f("sex", "enum", "性别", SEXES),
    _f("hukou_division", "division", "户籍地区划代码"),
    _f("hukou_rural", "bool", "农业户籍"),
    _f("hmt_residence_permit", "bool", "持港澳台居民居住证"),
    _f("jiangsu_pension_years", "count", "在江苏缴纳企业养老保险年限"),
    _f("work_division", "division", "就业地区划代码"),
    _f("employment_form", "enum", "就业形式", EMPLOYMENT_FORMS),
    _f("registered_unemployed", "bool", "城镇登记失业人员"),
    _f("hard_to_employ_since", "date", "认定为就业困难人员的日期"),
    _f("veteran", "bool", "退役军人"),
    _f("disabled", "bool", "残疾人"),
    _f("dibao", "bool", "低保对象"),
    _f("low_income_rural_household", "bool", "建档立卡低收入农户"),
    _f("rural_transfer_worker", "bool", "农村转移就业劳动者"),
    _f("laid_off_or_transferred", "bool", "下岗失业或转岗职工"),
    _f("land_expropriated_farmer", "bool", "被征地农民"),
    _f("zero_employment_household", "bool", "零就业家庭或零转移家庭"),
    _f("special_hardship_worker_family", "bool", "特困职工家庭"),
    _f("entitled_group_family", "bool", "优抚对象家庭"),
    _f("unemployed_since", "date", "连续失业起始日期"),
    _f("college_student", "bool", "普通高校在校生"),
    _f("college_left_on", "date", "离校（毕业）日期"),
    _f("employed_since_leaving_college", "bool", "离校后曾就业"),
    _f("school_leaver_not_continuing", "bool", "未继续升学的初高中毕业生"),
    _f("entrepreneurial_intent", "bool", "有创业意愿"),
    _f("public_welfare_post", "bool", "在公益性岗位"),
    _f("business_founded_on", "date", "创业主体成立日期"),
    _f("business_kind", "enum", "创业主体类型", BUSINESS_KINDS),
    _f("business_non_agricultural", "bool", "从事非农产业"),
    _f("business_employees", "count", "创业主体吸纳就业人数"),
    _f("startup_subsidy_received", "bool", "已领取一次性创业补贴"),
    _f("loan_requested_fen", "money", "申请贷款金额（分）"),
    _f("loan_for_tools", "bool", "贷款用于购置生产经营必需工具"),
    _f("monthly_income_fen", "money", "月劳动收入（分）"),
    _f("social_insurance_enrolled", "bool", "依法参加社会保险"),
    _f("receiving_unemployment_benefit", "bool", "正在领取失业保险金"),
    _f("si_paid_fen", "money", "申报期内实际缴纳的养老和医疗保险费（分）"),
    _f("si_claim_months", "count", "申报期月数"),
    _f("si_base_is_minimum", "bool", "按当年缴费基数下限缴费"),
    _f("si_subsidy_months_used", "count", "已享受社保补贴月数"),
    _f("si_extension_used", "bool", "已用过一次性延长"),
    _f("si_first_approved_on", "date", "本轮社保补贴首次核准日期"),
    _f("flexible_employment_since", "date", "开始从事（本次）灵活就业的日期"),
    _f("in_subsidised_training", "bool", "正在参加经人社部门审核的补贴性职业培训"),
    _f("pension_months_unpaid_2020", "count", "2020年因缴费困难未缴养老保险费的月数"),
    _f("temporary_assistance_conditions", "bool", "家庭符合临时救助条件"),
    _f("freelance_professional", "bool", "自由职业专业技术人员"),
    _f("meets_title_conditions", "bool", "符合本市职称评审条件"),
)


def validate_facts(raw: Mapping[str, Any], *, on: dt.date | None = None) -> dict[str, Any]:
    """Validate one person's facts and return them complete, typed and with defaults filled in.

    Raises :class:`FactsError` listing every bad fact (unknown names included: nothing is dropped
    silently). With ``on`` (the evaluation date), the birth date — given, or read from the ID
    number — must give an age of 0 to :data:`MAX_AGE` on that day.

    >>> try:
    ...     validate_facts({"employment_form": "gig", "birth_date": "2001-02-29"})
    ... except FactsError as e:
    ...     print([(error.fact, error.message_zh) for error in e.errors][0])
    ('birth_date', "不存在的日期 '2001-02-29'")
    """
    facts, errors = _TABLE.parse(raw)
    if facts["id_number"] is not None and not any(e.fact == "id_number" for e in errors):
        errors.extend(
            _apply_id_number(facts, explicit_birth=raw.get("birth_date"), explicit_sex=raw.get("sex"))
        )
    if on is not None and facts["birth_date"] is not None and not any(e.fact == "birth_date" for e in errors):
        errors.extend(_birth_on(facts, on, from_id=raw.get("birth_date") is None))
    if errors:
        raise FactsError(errors)
    return facts


def _birth_on(facts: Mapping[str, Any], on: dt.date, *, from_id: bool) -> list[FactError]:
    problem = birth_date_error(facts["birth_date"], on)
    if problem is None:
        return []
    return [FactError("id_number" if from_id and facts["id_number"] is not None else "birth_date", *problem)]


def birth_date_on_errors(raw: Mapping[str, Any], on: dt.date) -> list[FactError]:
    """The error of a birth date (given, or read from a valid ID number) that is no living person's on
    ``on`` (after it, or an age over :data:`MAX_AGE`); empty when it is one or is absent or invalid (which
    :func:`validate_facts` reports). Cheaper than validating every fact, for callers that do that later.

    >>> [e.message_en for e in birth_date_on_errors({"birth_date": "2090-01-01"}, dt.date(2026, 12, 3))]
    ['birth date 2090-01-01 is after 2026-12-03']
    """
    given = {name: raw.get(name) for name in ("id_number", "birth_date")}
    facts, errors = _BIRTH_TABLE.parse(given)
    if errors:
        return []
    if facts["birth_date"] is None and facts["id_number"] is not None:
        facts["birth_date"] = ric.get_birth_date(facts["id_number"])
    if facts["birth_date"] is None:
        return []
    return _birth_on(facts, on, from_id=given["birth_date"] is None)


def _parse_id_number(fact: Fact, value: object) -> str:
    """Check an ID number: 18 characters, check digit (GB 11643), birth date, division code.

    The division is checked as any division code is (:func:`division_error`), not against the code's
    years of existence: a code is that of the place of first issue, not of birth.
    """
    number = ric.compact(parse_text(fact, value)).upper()
    if len(number) != ID_NUMBER_LENGTH or not number[:-1].isdigit():
        raise InvalidValueError(
            "身份证号码应为18位（前17位为数字）", "an ID number has 18 characters, 17 digits first"
        )
    if number[-1] != ric.calc_check_digit(number):
        raise InvalidValueError("身份证号码校验码错误", "wrong check digit in the ID number")
    try:
        birth = ric.get_birth_date(number)
    except ric.InvalidComponent:
        raise InvalidValueError(
            "身份证号码中的出生日期不存在", "impossible birth date in the ID number"
        ) from None
    try:
        date_in_range(birth)
    except InvalidValueError as e:
        raise InvalidValueError(
            f"身份证号码中的出生日期：{e.zh}", f"birth date in the ID number: {e.en}"
        ) from None
    problem = division_error(number[:6])
    if problem is not None:
        raise InvalidValueError(f"身份证号码中的{problem[0]}", f"{problem[1]} in the ID number")
    return str(number)


ID_NUMBER_LENGTH = 18

# Counts with a natural ceiling (months of one year).
MAXIMA: dict[str, int] = {"pension_months_unpaid_2020": 12}

_TABLE = FactTable(
    FACTS,
    unknown=("未知的事实名称", "unknown fact name"),
    parsers={"id_number": _parse_id_number},
    maxima=MAXIMA,
)
_BIRTH_TABLE = FactTable(
    (f for f in FACTS if f.name in ("id_number", "birth_date")),
    unknown=("未知的事实名称", "unknown fact name"),
    parsers={"id_number": _parse_id_number},
)
FACTS_BY_NAME: dict[str, Fact] = _TABLE.by_name
FACT_NAMES: tuple[str, ...] = _TABLE.names
SCHEMA: dict[str, pl.DataType] = _TABLE.schema


def sex_from_id_number(id_number: str) -> str:
    """The sex an ID number records: its 17th digit is odd for men, even for women."""
    return "male" if int(id_number[16]) % 2 else "female"


def _apply_id_number(
    facts: dict[str, Any], *, explicit_birth: object, explicit_sex: object
) -> list[FactError]:
    number: str = facts["id_number"]
    errors: list[FactError] = []
    birth = ric.get_birth_date(number)
    sex = sex_from_id_number(number)
    if explicit_birth is None:
        facts["birth_date"] = birth
    elif facts["birth_date"] is not None and facts["birth_date"] != birth:
        errors.append(
            FactError(
                "birth_date",
                f"与身份证号码中的出生日期 {birth} 不一致",
                f"disagrees with the birth date {birth} in the ID number",
            )
        )
    if explicit_sex is None:
        facts["sex"] = sex
    elif facts["sex"] is not None and facts["sex"] != sex:
        errors.append(
            FactError(
                "sex", f"与身份证号码中的性别 {sex} 不一致", f"disagrees with the sex {sex} in the ID number"
            )
        )
    return errors


def normalise_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Give a frame of facts every fact column, with the catalogue's types and defaults.

    Missing columns are added with their default, nulls take the default, birth date and sex are
    read from ``id_number`` where absent. Other columns are kept as they are. Values are not
    validated row by row (use :func:`validate_facts` for that); a value that cannot be cast raises.

    >>> normalise_frame(pl.DataFrame({"person_id": ["a"]})).select("dibao", "si_paid_fen").row(0)
    (False, 0)
    """
    out = _TABLE.normalise(frame)
    idn = pl.col("id_number")
    from_id_birth = idn.str.slice(6, 8).str.strptime(pl.Date, "%Y%m%d", strict=False)
    from_id_sex = (
        pl.when(idn.str.slice(16, 1).cast(pl.Int32, strict=False) % 2 == 1)
        .then(pl.lit("male"))
        .when(idn.str.slice(16, 1).str.contains(r"^\d$"))
        .then(pl.lit("female"))
        .cast(SCHEMA["sex"])
    )
    return out.with_columns(
        pl.col("birth_date").fill_null(from_id_birth), pl.col("sex").fill_null(from_id_sex)
    )


def facts_frame(people: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    """A frame of already validated facts (outputs of :func:`validate_facts`), one row each."""
    return _TABLE.frame(people)


def one_row_frame(facts: Mapping[str, Any]) -> pl.DataFrame:
    """A one-row frame of already validated facts (the output of :func:`validate_facts`)."""
    return facts_frame([facts])
