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
linghuo.policy.facts.FactsError: si_paid_fen：金额不能为负数 / si_paid_fen: an amount cannot be negative
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl
from stdnum.cn import ric

from linghuo import divisions

Kind = Literal["text", "division", "enum", "bool", "date", "count", "money"]

SEXES = ("male", "female")
EMPLOYMENT_FORMS = (
    "individual_business",
    "part_time",
    "platform",
    "other_flexible",
    "employee",
    "unemployed",
    "student",
)
# 灵活就业: the forms of work the policy calls flexible (个体经营、非全日制、新就业形态、其他灵活就业).
FLEXIBLE_FORMS = ("individual_business", "part_time", "platform", "other_flexible")
BUSINESS_KINDS = ("individual_business", "small_enterprise")

# GB/T 2260 province-level prefixes: a sane check for a division code outside the city.
_PROVINCE_RANGES = (range(11, 16), range(21, 24), range(31, 38), range(41, 47), range(50, 55), range(61, 66))
PROVINCE_PREFIXES = frozenset(str(n) for r in _PROVINCE_RANGES for n in r) | {"71", "81", "82"}


@dataclass(frozen=True, slots=True)
class Fact:
    name: str
    kind: Kind
    label_zh: str
    choices: tuple[str, ...] = ()

    @property
    def default(self) -> object:
        """The catalogue's default: false for booleans, 0 for counts and amounts, null otherwise."""
        if self.kind == "bool":
            return False
        if self.kind in ("count", "money"):
            return 0
        return None

    @property
    def dtype(self) -> pl.DataType:
        return _DTYPES[self.kind] if self.kind != "enum" else pl.Enum(list(self.choices))


_DTYPES: dict[str, pl.DataType] = {
    "text": pl.String(),
    "division": pl.String(),
    "bool": pl.Boolean(),
    "date": pl.Date(),
    "count": pl.Int32(),
    "money": pl.Int64(),
}


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
FACTS_BY_NAME: dict[str, Fact] = {f.name: f for f in FACTS}
FACT_NAMES: tuple[str, ...] = tuple(FACTS_BY_NAME)
SCHEMA: dict[str, pl.DataType] = {f.name: f.dtype for f in FACTS}


@dataclass(frozen=True, slots=True)
class FactError:
    fact: str
    message_zh: str
    message_en: str

    def __str__(self) -> str:
        return f"{self.fact}：{self.message_zh} / {self.fact}: {self.message_en}"


class FactsError(ValueError):
    """One or more facts are invalid; ``errors`` lists each with a Chinese and an English message."""

    def __init__(self, errors: list[FactError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


def validate_facts(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one person's facts and return them complete, typed and with defaults filled in.

    Raises :class:`FactsError` listing every bad fact (unknown names included: nothing is dropped
    silently).

    >>> try:
    ...     validate_facts({"employment_form": "gig", "birth_date": "2001-02-29"})
    ... except FactsError as e:
    ...     print([(error.fact, error.message_zh) for error in e.errors][0])
    ('birth_date', "不存在的日期 '2001-02-29'")
    """
    errors: list[FactError] = []
    facts: dict[str, Any] = {}
    for name in raw:
        if name not in FACTS_BY_NAME:
            errors.append(FactError(str(name), "未知的事实名称", "unknown fact name"))
    for fact in FACTS:
        value = raw.get(fact.name)
        if value is None:
            facts[fact.name] = fact.default
            continue
        try:
            facts[fact.name] = _parse(fact, value)
        except _InvalidError as e:
            errors.append(FactError(fact.name, e.zh, e.en))
            facts[fact.name] = fact.default
    if facts["id_number"] is not None and not any(e.fact == "id_number" for e in errors):
        errors.extend(
            _apply_id_number(facts, explicit_birth=raw.get("birth_date"), explicit_sex=raw.get("sex"))
        )
    if errors:
        raise FactsError(errors)
    return facts


class _InvalidError(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def _parse(fact: Fact, value: object) -> object:
    parser = _PARSERS[fact.kind]
    return parser(fact, value)


def _parse_text(fact: Fact, value: object) -> str:
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise _InvalidError("应为文本", "must be a string")
    text = str(value).strip()
    if fact.name == "id_number":
        return _parse_id_number(text)
    return text


def _parse_id_number(text: str) -> str:
    """Check an ID number: 18 characters, check digit (GB 11643), birth date, division code.

    The division is checked as any division code is (:func:`division_error`), not against the code's
    years of existence: a code is that of the place of first issue, not of birth.
    """
    number = ric.compact(text).upper()
    if len(number) != ID_NUMBER_LENGTH or not number[:-1].isdigit():
        raise _InvalidError(
            "身份证号码应为18位（前17位为数字）", "an ID number has 18 characters, 17 digits first"
        )
    if number[-1] != ric.calc_check_digit(number):
        raise _InvalidError("身份证号码校验码错误", "wrong check digit in the ID number")
    try:
        ric.get_birth_date(number)
    except ric.InvalidComponent:
        raise _InvalidError(
            "身份证号码中的出生日期不存在", "impossible birth date in the ID number"
        ) from None
    problem = division_error(number[:6])
    if problem is not None:
        raise _InvalidError(f"身份证号码中的{problem[0]}", f"{problem[1]} in the ID number")
    return str(number)


ID_NUMBER_LENGTH = 18


def division_error(code: str) -> tuple[str, str] | None:
    """Why ``code`` is not a usable 6-digit division code, in Chinese and English; None when it is.

    Inside the city (3207xx) the code must be a current or historical county of ``linghuo.divisions``
    (or the city's own code); elsewhere a known province prefix is required.

    >>> division_error("320706") is None, division_error("110105") is None
    (True, True)
    >>> division_error("320799")
    ('未知的区划代码 320799', 'unknown division code 320799')
    """
    if len(code) != 6 or not code.isdigit():
        return (f"区划代码应为6位数字，收到 {code!r}", f"a division code has 6 digits, got {code!r}")
    in_city_prefix = divisions.CITY_CODE[:4]
    known = divisions.is_in_city(code) if code.startswith(in_city_prefix) else code[:2] in PROVINCE_PREFIXES
    if not known:
        return (f"未知的区划代码 {code}", f"unknown division code {code}")
    return None


def _parse_division(fact: Fact, value: object) -> str:
    code = _parse_text(fact, value)
    problem = division_error(code)
    if problem is not None:
        raise _InvalidError(*problem)
    return code


def _parse_enum(fact: Fact, value: object) -> str:
    if value not in fact.choices:
        listed_zh, listed_en = "、".join(fact.choices), ", ".join(fact.choices)
        raise _InvalidError(
            f"未知的取值 {value!r}，应为 {listed_zh} 之一",
            f"unknown value {value!r}, expected one of {listed_en}",
        )
    return str(value)


def _parse_bool(fact: Fact, value: object) -> bool:
    if not isinstance(value, bool):
        raise _InvalidError(f"应为 true 或 false，收到 {value!r}", f"must be true or false, got {value!r}")
    return value


def _parse_date(fact: Fact, value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        raise _InvalidError("应为日期而不是时间", "must be a date, not a timestamp")
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise _InvalidError("应为 YYYY-MM-DD 格式的日期", "must be a date as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _InvalidError(
            f"不存在的日期 {value!r}", f"impossible date {value!r} (expected YYYY-MM-DD)"
        ) from None


def _parse_integer(fact: Fact, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        what = ("金额应为整数（分）", "an amount must be an integer number of fen")
        raise _InvalidError(*(what if fact.kind == "money" else ("应为整数", "must be an integer")))
    if value < 0:
        if fact.kind == "money":
            raise _InvalidError("金额不能为负数", "an amount cannot be negative")
        raise _InvalidError("不能为负数", "cannot be negative")
    maximum = MAXIMA.get(fact.name)
    if maximum is not None and value > maximum:
        raise _InvalidError(f"不能大于 {maximum}", f"cannot exceed {maximum}")
    return value


# Counts with a natural ceiling (months of one year).
MAXIMA: dict[str, int] = {"pension_months_unpaid_2020": 12}


_PARSERS: dict[str, Any] = {
    "text": _parse_text,
    "division": _parse_division,
    "enum": _parse_enum,
    "bool": _parse_bool,
    "date": _parse_date,
    "count": _parse_integer,
    "money": _parse_integer,
}


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
    columns = []
    for fact in FACTS:
        expr = pl.col(fact.name).cast(fact.dtype) if fact.name in frame.columns else pl.lit(None, fact.dtype)
        if fact.kind == "date" and frame.schema.get(fact.name) == pl.String:
            expr = pl.col(fact.name).str.strptime(pl.Date, "%Y-%m-%d")
        if fact.default is not None:
            expr = expr.fill_null(pl.lit(fact.default, fact.dtype))
        columns.append(expr.alias(fact.name))
    out = frame.with_columns(columns)
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
    return pl.DataFrame({name: [facts[name] for facts in people] for name in FACT_NAMES}, schema=SCHEMA)


def one_row_frame(facts: Mapping[str, Any]) -> pl.DataFrame:
    """A one-row frame of already validated facts (the output of :func:`validate_facts`)."""
    return facts_frame([facts])
