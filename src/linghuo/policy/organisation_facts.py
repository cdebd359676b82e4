"""The facts the rules engine reads about an organisation: names, types, defaults and validation.

The organisation measures (``kind="organisation"``: clauses 五, 七, 九, 十一, 十三) read one flat record per
organisation (a JSON object online, a row in batch), as of an evaluation date, as the person measures read
:mod:`linghuo.policy.facts`. A fact left out, or null, takes its default: booleans false, counts 0, dates,
years and codes null. These names are not yet in ``policy-catalog.md``; they are fixed here:

=====================================  =====================================================================
fact                                   meaning
=====================================  =====================================================================
``organisation_id``                    any string key
``uscc``                               统一社会信用代码 (optional; 18 characters, check character verified)
``kind``                               ``employer``, ``platform``, ``training_provider``, ``hr_agency`` or
                                       ``incubator`` (as the registry's organisations)
``division``                           6-digit division code where the organisation is
``city_level_incubator_selected_year`` the year the base was selected as a city-level entrepreneurship
                                       incubation base (市级创业孵化基地), or null (五)
``part_time_workers``                  part-time workers (非全日制从业人员) it employs (十一)
``part_time_workers_injury_insured``   of them, those for whom it pays the work-injury premium itself
                                       (another employer's premium does not count); at most the above (十一)
``construction_project``               the record is a construction project (工程建设项目) (十一)
``employs_migrant_workers``            the project employs migrant workers (农民工) (十一)
``project_started_on``                 the date work started on the project, or null (十一)
``project_injury_insured_on``          the date the project was insured against work injury, or null (十一)
``in_occupational_injury_pilot``       an internet platform within the occupational-injury protection pilot
                                       (平台灵活就业人员职业伤害保障试点) (十一)
``takes_part_in_pilot``                it takes part in the pilot as required (十一)
``approved_training_provider``         a college, training institution or new-form enterprise whose
                                       training projects are within the government's training subsidy (七)
``trainees_eligible``                  trainees from the groups of clause 九 it has trained (九)
``hrss_reviewed``                      the training passed the HRSS department's review (九)
``serves_flexible_workers``            provides flexible workers with job-search, recruitment, training or
                                       HR outsourcing services (十三)
=====================================  =====================================================================

>>> try:
...     validate_organisation_facts({"organisation_id": "o1", "uscc": "91320700MA1MXXXX0X"})
... except FactsError as e:
...     print(e.errors[0].message_zh)
统一社会信用代码校验码错误
>>> validate_organisation_facts({"organisation_id": "o1"})["part_time_workers"]
0
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import uscc as stdnum_uscc

from linghuo.policy.expressions import Facts
from linghuo.policy.facts import FactError, FactsError, division_error

OrganisationKind = Literal["text", "uscc", "division", "enum", "bool", "date", "count", "year"]

ORGANISATION_KINDS = ("employer", "platform", "training_provider", "hr_agency", "incubator")


@dataclass(frozen=True, slots=True)
class OrganisationFact:
    name: str
    kind: OrganisationKind
    label_zh: str
    choices: tuple[str, ...] = ()

    @property
    def default(self) -> object:
        """False for booleans, 0 for counts, null otherwise."""
        if self.kind == "bool":
            return False
        if self.kind == "count":
            return 0
        return None

    @property
    def dtype(self) -> pl.DataType:
        return _DTYPES[self.kind] if self.kind != "enum" else pl.Enum(list(self.choices))


_DTYPES: dict[str, pl.DataType] = {
    "text": pl.String(),
    "uscc": pl.String(),
    "division": pl.String(),
    "bool": pl.Boolean(),
    "date": pl.Date(),
    "count": pl.Int32(),
    "year": pl.Int32(),
}


def _o(name: str, kind: OrganisationKind, label_zh: str, choices: tuple[str, ...] = ()) -> OrganisationFact:
    return OrganisationFact(name, kind, label_zh, choices)


ORGANISATION_FACTS: tuple[OrganisationFact, ...] = (
    _o("organisation_id", "text", "单位编号"),
    _o("uscc", "uscc", "统一社会信用代码"),
    _o("kind", "enum", "单位类型", ORGANISATION_KINDS),
    _o("division", "division", "所在地区划代码"),
    _o("city_level_incubator_selected_year", "year", "遴选认定为市级创业孵化基地的年度"),
    _o("part_time_workers", "count", "非全日制从业人员人数"),
    _o("part_time_workers_injury_insured", "count", "本单位为其缴纳工伤保险费的非全日制从业人员人数"),
    _o("construction_project", "bool", "工程建设项目"),
    _o("employs_migrant_workers", "bool", "使用农民工"),
    _o("project_started_on", "date", "项目开工日期"),
    _o("project_injury_insured_on", "date", "项目参加工伤保险日期"),
    _o("in_occupational_injury_pilot", "bool", "纳入平台灵活就业人员职业伤害保障试点"),
    _o("takes_part_in_pilot", "bool", "已按规定参加职业伤害保障试点"),
    _o("approved_training_provider", "bool", "培训项目纳入政府培训补贴范围"),
    _o("trainees_eligible", "count", "培训的符合条件人员人数"),
    _o("hrss_reviewed", "bool", "培训经人力资源社会保障部门审核"),
    _o("serves_flexible_workers", "bool", "为灵活就业人员提供专业化人力资源服务"),
)
ORGANISATION_FACTS_BY_NAME: dict[str, OrganisationFact] = {f.name: f for f in ORGANISATION_FACTS}
ORGANISATION_FACT_NAMES: tuple[str, ...] = tuple(ORGANISATION_FACTS_BY_NAME)
ORGANISATION_SCHEMA: dict[str, pl.DataType] = {f.name: f.dtype for f in ORGANISATION_FACTS}


class OrganisationFacts(Facts):
    """The organisation facts as columns: ``f.part_time_workers`` is ``pl.col("part_time_workers")``.

    What an organisation measure's functions receive as ``f``; a person's fact is not there.
    """

    def __getattr__(self, name: str) -> pl.Expr:
        if name in ORGANISATION_FACT_NAMES:
            return pl.col(name)
        raise AttributeError(f"没有单位事实 {name!r} / no organisation fact {name!r}")


class _InvalidError(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def validate_organisation_facts(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one organisation's facts and return them complete, typed, with defaults filled in.

    Raises :class:`~linghuo.policy.facts.FactsError` listing every bad fact (unknown names included).
    """
    errors: list[FactError] = [
        FactError(str(name), "未知的单位事实名称", "unknown organisation fact name")
        for name in raw
        if name not in ORGANISATION_FACTS_BY_NAME
    ]
    facts: dict[str, Any] = {}
    for fact in ORGANISATION_FACTS:
        value = raw.get(fact.name)
        if value is None:
            facts[fact.name] = fact.default
            continue
        try:
            facts[fact.name] = _PARSERS[fact.kind](fact, value)
        except _InvalidError as e:
            errors.append(FactError(fact.name, e.zh, e.en))
            facts[fact.name] = fact.default
    if not errors and facts["part_time_workers_injury_insured"] > facts["part_time_workers"]:
        errors.append(
            FactError(
                "part_time_workers_injury_insured",
                "不能多于非全日制从业人员人数",
                "cannot exceed part_time_workers",
            )
        )
    if errors:
        raise FactsError(errors)
    return facts


def _text(fact: OrganisationFact, value: object) -> str:
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise _InvalidError("应为文本", "must be a string")
    return str(value).strip()


def _uscc(fact: OrganisationFact, value: object) -> str:
    code = stdnum_uscc.compact(_text(fact, value)).upper()
    try:
        return str(stdnum_uscc.validate(code))
    except stdnum_exceptions.InvalidChecksum:
        raise _InvalidError(
            "统一社会信用代码校验码错误", "wrong check character in the unified social credit code"
        ) from None
    except stdnum_exceptions.ValidationError:
        raise _InvalidError(
            "统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）",
            "a unified social credit code has 18 digits or capitals (not I, O, Z, S, V)",
        ) from None


def _division(fact: OrganisationFact, value: object) -> str:
    code = _text(fact, value)
    problem = division_error(code)
    if problem is not None:
        raise _InvalidError(*problem)
    return code


def _enum(fact: OrganisationFact, value: object) -> str:
    if value not in fact.choices:
        raise _InvalidError(
            f"未知的取值 {value!r}，应为 {'、'.join(fact.choices)} 之一",
            f"unknown value {value!r}, expected one of {', '.join(fact.choices)}",
        )
    return str(value)


def _bool(fact: OrganisationFact, value: object) -> bool:
    if not isinstance(value, bool):
        raise _InvalidError(f"应为 true 或 false，收到 {value!r}", f"must be true or false, got {value!r}")
    return value


def _date(fact: OrganisationFact, value: object) -> dt.date:
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


def _count(fact: OrganisationFact, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _InvalidError("应为整数", "must be an integer")
    if value < 0:
        raise _InvalidError("不能为负数", "cannot be negative")
    return value


def _year(fact: OrganisationFact, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not dt.MINYEAR <= value <= dt.MAXYEAR:
        raise _InvalidError(f"应为公历年份，收到 {value!r}", f"must be a calendar year, got {value!r}")
    return value


_PARSERS: dict[str, Callable[[OrganisationFact, object], object]] = {
    "text": _text,
    "uscc": _uscc,
    "division": _division,
    "enum": _enum,
    "bool": _bool,
    "date": _date,
    "count": _count,
    "year": _year,
}


def organisations_frame(organisations: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    """A frame of already validated organisation facts (outputs of :func:`validate_organisation_facts`)."""
    return pl.DataFrame(
        {name: [facts[name] for facts in organisations] for name in ORGANISATION_FACT_NAMES},
        schema=ORGANISATION_SCHEMA,
    )


def normalise_organisations_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Give a frame of organisation facts every fact column, with its type and default.

    Missing columns are added with their default and nulls take it; values are not validated row by
    row (use :func:`validate_organisation_facts`); a value that cannot be cast raises.

    >>> frame = normalise_organisations_frame(pl.DataFrame({"organisation_id": ["o"]}))
    >>> frame.select("hrss_reviewed", "part_time_workers").row(0)
    (False, 0)
    """
    columns = []
    for fact in ORGANISATION_FACTS:
        present = fact.name in frame.columns
        expr = pl.col(fact.name).cast(fact.dtype) if present else pl.lit(None, fact.dtype)
        if fact.kind == "date" and present and frame.schema[fact.name] == pl.String:
            expr = pl.col(fact.name).str.strptime(pl.Date, "%Y-%m-%d")
        if fact.default is not None:
            expr = expr.fill_null(pl.lit(fact.default, fact.dtype))
        columns.append(expr.alias(fact.name))
    return frame.with_columns(columns)
