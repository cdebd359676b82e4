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

import enum
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import polars as pl

from linghuo.policy.expressions import Facts
from linghuo.policy.schema import Fact, FactError, FactsError, FactTable

OrganisationKind = Literal["text", "uscc", "division", "enum", "bool", "date", "count", "year"]


class OrganisationType(enum.StrEnum):
    """The values of the ``kind`` fact (as the registry's organisations); rules compare with a member."""

    EMPLOYER = "employer"
    PLATFORM = "platform"
    TRAINING_PROVIDER = "training_provider"
    HR_AGENCY = "hr_agency"
    INCUBATOR = "incubator"


ORGANISATION_KINDS = tuple(t.value for t in OrganisationType)

OrganisationFact = Fact


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
_TABLE = FactTable(ORGANISATION_FACTS, unknown=("未知的单位事实名称", "unknown organisation fact name"))
ORGANISATION_FACTS_BY_NAME: dict[str, OrganisationFact] = _TABLE.by_name
ORGANISATION_FACT_NAMES: tuple[str, ...] = _TABLE.names
ORGANISATION_SCHEMA: dict[str, pl.DataType] = _TABLE.schema


class OrganisationFacts(Facts):
    """The organisation facts as columns: ``f.part_time_workers`` is ``pl.col("part_time_workers")``.

    What an organisation measure's functions receive as ``f``; a person's fact is not there.
    """

    def __getattr__(self, name: str) -> pl.Expr:
        if name in ORGANISATION_FACT_NAMES:
            return pl.col(name)
        raise AttributeError(f"没有单位事实 {name!r} / no organisation fact {name!r}")


def validate_organisation_facts(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one organisation's facts and return them complete, typed, with defaults filled in.

    Raises :class:`~linghuo.policy.facts.FactsError` listing every bad fact (unknown names included).
    """
    facts, errors = _TABLE.parse(raw)
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


def organisations_frame(organisations: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    """A frame of already validated organisation facts (outputs of :func:`validate_organisation_facts`)."""
    return _TABLE.frame(organisations)


def normalise_organisations_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Give a frame of organisation facts every fact column, with its type and default.

    Missing columns are added with their default and nulls take it; values are not validated row by
    row (use :func:`validate_organisation_facts`); a value that cannot be cast raises.

    >>> frame = normalise_organisations_frame(pl.DataFrame({"organisation_id": ["o"]}))
    >>> frame.select("hrss_reviewed", "part_time_workers").row(0)
    (False, 0)
    """
    return _TABLE.normalise(frame)
