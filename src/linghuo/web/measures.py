"""Reads of the policy's measures for the pages: grouped by part, found by number or index, and each
clause's rules as the rules engine defines them (:func:`rule_pages`).

Pure functions over ``linghuo.policy``; the views only call these and render.

>>> [p.number for p in measures_by_part()]
['一', '二', '三', '四', '五', '六']
>>> find_measure("十二").title
'落实灵活就业社保补贴'
>>> find_measure("12").number
'十二'
>>> responsible_departments(find_measure("十五"))
('市人社局', '市统计局', '国调队')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from linghuo import divisions
from linghuo.benefits.applications import APPLICATIONS
from linghuo.benefits.delivery import DELIVERY, OFFERED
from linghuo.benefits.models import EntitlementKind
from linghuo.policy import engine
from linghuo.policy.clauses import Clause, all_clauses, document
from linghuo.policy.dsl import Condition
from linghuo.policy.explain import yuan
from linghuo.policy.measures import platform_rules, registry
from linghuo.policy.parameters import DatedValue, Parameter
from linghuo.policy.parameters import load as load_parameters
from linghuo.site.language import in_active_language, is_english

# "……等按职责分工负责" / "……按职责分工负责": the clause's closing duty sentence.
_DUTY_SUFFIX = re.compile(r"(等)?按职责分工负责$")
# Departments are listed with 、 and the county governments joined with 和各….
_DEPARTMENT_SEPARATOR = re.compile(r"、|和(?=各)")


@dataclass(frozen=True, slots=True)
class Part:
    """One of the policy's six parts, with its measures in the order of the text."""

    number: str
    title: str
    clauses: tuple[Clause, ...]


def measures_by_part() -> tuple[Part, ...]:
    """The 18 measures grouped under their six parts, in the order of the text."""
    parts: dict[str, list[Clause]] = {}
    titles: dict[str, str] = {}
    for c in sorted(all_clauses(), key=lambda c: c.index):
        parts.setdefault(c.part, []).append(c)
        titles[c.part] = c.part_title
    return tuple(Part(number=n, title=titles[n], clauses=tuple(cs)) for n, cs in parts.items())


def find_measure(key: str) -> Clause:
    """The measure numbered ``key`` (一 … 十八) or with index ``key`` (1 … 18); KeyError otherwise."""
    key = key.strip()
    for c in all_clauses():
        if key in (c.number, str(c.index)):
            return c
    raise KeyError(key)


def responsible_departments(clause: Clause) -> tuple[str, ...]:
    """The departments the clause names as responsible, in the order it names them."""
    listed = _DUTY_SUFFIX.sub("", clause.responsibility.strip())
    return tuple(d.strip() for d in _DEPARTMENT_SEPARATOR.split(listed) if d.strip())


# --- a measure's page: its rules as the code defines them ------------------------------------------
#
# Everything below is read from the rules themselves (``linghuo.policy.measures``: each condition's
# label, the parameters the compiled expressions read, with their sources and grades) and from how
# casework delivers each benefit (``linghuo.benefits.delivery``), so the page cannot say other than the
# code does.

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_TIER = re.compile(r"^\d+$")
# The retirement categories (statutory_retirement_date.yaml): keys of its values, and a value of one.
_CATEGORIES = {
    "male": ("男性（原60周岁）", "men (originally 60)"),
    "female_55": ("女性（原55周岁）", "women (originally 55)"),
    "female_50": ("女性（原50周岁）", "women (originally 50)"),
}


def has_chinese(text: str) -> bool:
    """Whether ``text`` holds a Chinese character (so an English page marks it ``lang="zh"``)."""
    return bool(_CJK.search(text))


@dataclass(frozen=True, slots=True)
class ConditionLine:
    """A condition as the rule declares it: a requirement, an exception, or an any-of group."""

    code: str
    label_zh: str
    label_en: str
    clause: str
    exception: bool = False
    members: tuple[ConditionLine, ...] = ()
    failed_label_zh: str = ""
    failed_label_en: str = ""
    outcome: str = "not_eligible"


@dataclass(frozen=True, slots=True)
class ValueLine:
    """One value of a parameter (one key of a keyed one), as people read it."""

    key: str
    text: str

    @property
    def key_chinese(self) -> bool:
        return has_chinese(self.key)

    @property
    def text_chinese(self) -> bool:
        return has_chinese(self.text)


@dataclass(frozen=True, slots=True)
class DatedLine:
    start: dt.date
    values: tuple[ValueLine, ...]
    confidence: str
    reference: str
    link: str | None
    note: str

    @property
    def unconfirmed(self) -> bool:
        return self.confidence == "unconfirmed" or any(v.text == "" for v in self.values)

    @property
    def note_chinese(self) -> bool:
        return has_chinese(self.note)


@dataclass(frozen=True, slots=True)
class ParameterLine:
    """A parameter a rule reads: what it is, its value in force on the day (and later ones), its source."""

    name: str
    description_zh: str
    description_en: str
    kind: str
    current: DatedLine | None
    upcoming: tuple[DatedLine, ...]


@dataclass(frozen=True, slots=True)
class Delivery:
    """How the benefit reaches the person: ``offer`` (no application), ``application``, ``periodic`` …"""

    code: str
    text_zh: str
    text_en: str


@dataclass(frozen=True, slots=True)
class RulePage:
    """One rule of a measure's clause, for its page."""

    code: str
    title: str
    title_en: str
    kind: str  # person, organisation, platform (a rule the platform keeps)
    conditions: tuple[ConditionLine, ...]
    gives_amount: bool
    gives_range: bool
    gives_months: bool
    rounding_zh: str
    rounding_en: str
    notes: tuple[tuple[str, str], ...]
    parameters: tuple[ParameterLine, ...]
    delivery: tuple[Delivery, ...]

    @property
    def unconfirmed(self) -> tuple[ParameterLine, ...]:
        return tuple(p for p in self.parameters if p.current is not None and p.current.unconfirmed)


def _condition_line(c: Condition) -> ConditionLine:
    return ConditionLine(
        c.code,
        c.label_zh,
        c.label_en,
        c.clause,
        exception=c.exception,
        members=tuple(_condition_line(m) for m in c.members),
        failed_label_zh=c.failed_label_zh,
        failed_label_en=c.failed_label_en,
        outcome=c.outcome,
    )


def _key_text(keyed_by: str | None, key: str) -> str:
    english = is_english()
    if key == "default":
        return "other districts (default)" if english else "其他地区（默认）"
    if keyed_by == "division":
        return divisions.district_name(key) or key
    if keyed_by == "tier" and _TIER.match(key):
        return f"tier {key}" if english else f"第{key}档"
    if key in _CATEGORIES:
        return _CATEGORIES[key][english]
    return key


def _value_text(kind: str, value: Any) -> str:
    """A parameter's value: money in yuan, a ratio as a fraction, a date as YYYY-MM-DD; "" if not known."""
    if value is None:
        return ""
    if kind == "money":
        return f"CNY {yuan(int(value))}" if is_english() else f"{yuan(int(value))} 元"
    if isinstance(value, dt.date):
        return value.isoformat()
    if kind == "text" and value in _CATEGORIES:
        return _CATEGORIES[value][is_english()]
    return str(value)


def _dated_line(parameter: Parameter, dated: DatedValue) -> DatedLine:
    if isinstance(dated.value, dict):
        values = tuple(
            ValueLine(_key_text(parameter.keyed_by, k), _value_text(parameter.type, v))
            for k, v in dated.value.items()
        )
    else:
        values = (ValueLine("", _value_text(parameter.type, dated.value)),)
    note = in_active_language(dated.note) if dated.note else ""
    return DatedLine(dated.start, values, dated.confidence, dated.reference.title, dated.reference.link, note)


def parameter_line(parameter: Parameter, on: dt.date) -> ParameterLine:
    """A parameter as its page shows it on ``on``: the value in force, and any dated to start later."""
    zh, en = parameter.described
    dated = parameter.at(on)
    return ParameterLine(
        parameter.name,
        zh,
        en,
        parameter.type,
        _dated_line(parameter, dated) if dated is not None else None,
        tuple(_dated_line(parameter, v) for v in parameter.values if v.start > on),
    )


def delivery_of(code: str, kind: str) -> tuple[Delivery, ...]:
    """How a benefit is delivered (``linghuo.benefits.delivery``, ``linghuo.benefits.applications``)."""
    if kind == "platform":
        return (
            Delivery(
                "rule",
                "平台规则：用于计算其他措施和核验岗位，不单独发放待遇。",
                "A rule the platform keeps: other measures read it; nothing is paid under it.",
            ),
        )
    out: list[Delivery] = []
    if code in OFFERED:
        out.append(
            Delivery(
                "offer",
                "无需申请：平台比对登记、名册和缴费信息，符合条件的人会在“我的待遇”中收到邀约，接受即可。",
                "No application needed: the platform compares the registry, rosters and contribution "
                "records, and a person who qualifies receives an offer under My benefits to accept.",
            )
        )
    if code in APPLICATIONS:
        out.append(
            Delivery(
                "application",
                "也可以登录后在“申请补贴”中在线申请，并上传所需材料。",
                "You may also apply online under Apply for a subsidy once signed in, with the evidence it "
                "asks for.",
            )
        )
    kinds = {
        EntitlementKind.PERIODIC: (
            "periodic",
            "审核通过后，按缴费记录逐期计算，按期发放至本人银行账户，直至享受期满。",
            "Once approved, paid period by period from the contribution records into the person's bank "
            "account until the period ends.",
        ),
        EntitlementKind.ONE_OFF: (
            "one_off",
            "审核通过并经公示后，一次性发放至银行账户。",
            "Once approved and published, paid once into the bank account.",
        ),
        EntitlementKind.REFERRAL: (
            "referral",
            "审核通过后转介合作银行办理贷款，贷款金额以审核决定为上限。",
            "Once approved, referred to a partner bank for the loan, up to the amount decided.",
        ),
    }
    if code in DELIVERY:
        if kind == "organisation":
            out.append(
                Delivery(
                    "organisation_offer",
                    "经办人员记录认定后，平台向单位发出邀约，单位经办人接受后发放至单位账户。",
                    "Once a caseworker records the selection, the organisation receives an offer; a member "
                    "accepts it and the subsidy is paid into the organisation's own account.",
                )
            )
        out.append(Delivery(*kinds[DELIVERY[code]]))
    if not out:
        out.append(
            Delivery(
                "information",
                "平台告知是否符合条件；本项由责任部门按政策办理，暂不在线申请。",
                "The platform tells you whether you qualify; the departments responsible handle it under "
                "the policy, with no online application yet.",
            )
        )
    return tuple(out)


def _own_first(code: str, names: tuple[str, ...]) -> list[str]:
    """The rule's own parameters first, then those of the values it shares (the retirement date …)."""
    return sorted(names, key=lambda n: (not n.startswith(f"{code}."), n))


def rule_pages(clause: Clause, *, on: dt.date) -> tuple[RulePage, ...]:
    """The rules of ``clause`` (its measures, then the platform's plain rules), each as its page shows it
    with the parameters in force on ``on``."""
    codes = [m.code for m in registry().values() if m.clause == clause.number]
    parameters = load_parameters()
    pages: list[RulePage] = []
    read: dict[str, tuple[str, ...]] = {}
    if codes:
        try:
            compiled = engine.compiled(on, measures=codes)
        except engine.PolicyDateError:
            compiled = engine.compiled(document().in_force_from, measures=codes)
        read = {cm.measure.code: cm.parameters for cm in compiled.measures}
    for code in codes:
        m = registry()[code]
        pages.append(
            RulePage(
                code=m.code,
                title=m.title,
                title_en=m.title_en,
                kind=m.kind,
                conditions=tuple(_condition_line(c) for c in m.conditions),
                gives_amount=m.amount_build is not None,
                gives_range=m.amount_min_build is not None or m.amount_max_build is not None,
                gives_months=m.months_build is not None,
                rounding_zh=m.rounding_zh,
                rounding_en=m.rounding_en,
                notes=tuple((n.text_zh, n.text_en) for n in m.notes),
                parameters=tuple(
                    parameter_line(parameters[n], on) for n in _own_first(code, read.get(code, ()))
                ),
                delivery=delivery_of(m.code, m.kind),
            )
        )
    for rule in platform_rules().values():
        if rule.clause == clause.number:
            pages.append(
                RulePage(
                    code=rule.code,
                    title=rule.title,
                    title_en=rule.title_en,
                    kind=rule.kind,
                    conditions=(),
                    gives_amount=False,
                    gives_range=False,
                    gives_months=False,
                    rounding_zh="",
                    rounding_en="",
                    notes=(),
                    parameters=tuple(parameter_line(parameters[n], on) for n in rule.parameters),
                    delivery=delivery_of(rule.code, "platform"),
                )
            )
    return tuple(pages)
