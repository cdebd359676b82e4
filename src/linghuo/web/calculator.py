"""The public calculator: a short questionnaire whose questions follow from the facts the measures read.

Nothing here is stored: the answers travel in the form (hidden fields) and the result is computed from
them on each step. The questions are the facts the person measures read (:mod:`linghuo.policy.facts`),
found in the measures' own expressions (their column names, through the values derived from several
facts such as the retirement date), and asked in the order of :data:`QUESTIONS`.

After each answer every measure is looked at part by part — each of its conditions, its amount, range,
months and notes: a part whose facts are all answered has its value; a part whose unanswered facts all
have a few possible answers (yes/no, a choice, a district) is evaluated with every combination of them,
and has a value when they all agree. A measure is settled when one of its conditions fails whatever the
rest, or when all its parts have a value. Only facts that an unsettled measure still reads are asked;
a question whose answer can no longer change any result is not asked. The policy library has no
"unknown" value of its own, so this reading of the expressions lives here, on the web side.

>>> import datetime as dt
>>> step = next_step({}, on=dt.date(2026, 6, 15))
>>> [q.fact for q in step.questions]
['employment_form']
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import polars as pl

from linghuo import dates, divisions
from linghuo.policy import engine
from linghuo.policy.dsl import Measure
from linghuo.policy.explain import yuan
from linghuo.policy.facts import FACTS_BY_NAME, FactsError, facts_frame, validate_facts
from linghuo.policy.measures import person_measures

__all__ = [
    "NEVER_ASKED",
    "QUESTIONS",
    "AnswerError",
    "Choice",
    "Question",
    "Step",
    "answer_text",
    "asked_facts",
    "decided_failures",
    "facts_read",
    "is_question",
    "next_step",
    "parse_answer",
    "parse_carried",
    "question",
    "shown_value",
]

# Combinations of unanswered answers tried for one part, at most; beyond it the part stays open.
MAX_COMBINATIONS = 512
# The largest amount a person may type, in yuan (a loan, a year's premiums).
MAX_YUAN = Decimal(100_000_000)
OUTSIDE_CITY_IN_JIANGSU = "320100"  # 南京市: any Jiangsu code outside the city answers "elsewhere in Jiangsu"
OUTSIDE_JIANGSU = "110000"  # 北京市: any code outside Jiangsu answers "outside Jiangsu"


@dataclass(frozen=True)
class Choice:
    value: str  # "" for none
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class Question:
    """One fact to ask: its words, and for a choice its options. ``group``: yes/no facts asked together."""

    fact: str
    label_zh: str
    label_en: str
    hint_zh: str = ""
    hint_en: str = ""
    choices: tuple[Choice, ...] = ()
    group: str = ""
    optional: bool = False  # a date left blank means "not so" (not certified, no business…)

    @property
    def kind(self) -> str:
        return FACTS_BY_NAME[self.fact].kind

    @property
    def finite(self) -> tuple[Any, ...] | None:
        """Every answer it can have, where they are few (yes/no, a choice); None for a date or a number."""
        if self.kind == "bool":
            return (False, True)
        if self.choices:
            return tuple(c.value or None for c in self.choices)
        return None


def _divisions(outside_zh: str, outside_en: str) -> tuple[Choice, ...]:
    counties = tuple(Choice(c.code, c.name, c.name) for c in divisions.counties())
    return (
        *counties,
        Choice(OUTSIDE_CITY_IN_JIANGSU, "江苏省内其他城市", "elsewhere in Jiangsu"),
        Choice(OUTSIDE_JIANGSU, outside_zh, outside_en),
    )


_NONE = "（没有请留空）"
_NONE_EN = "(leave blank if none)"

QUESTIONS: tuple[Question, ...] = (
    Question(
        "employment_form",
        "您目前的就业状况",
        "What is your work now?",
        choices=(
            Choice("individual_business", "个体经营（个体工商户等）", "self-employed (own business)"),
            Choice("part_time", "非全日制就业（小时工等）", "part-time work (paid by the hour)"),
            Choice("platform", "平台接单（外卖、网约车、快递等）", "platform work (delivery, ride-hailing…)"),
            Choice("other_flexible", "其他灵活就业", "other flexible work"),
            Choice("employee", "在单位全日制工作", "a full-time employee"),
            Choice("unemployed", "目前没有工作", "not working now"),
            Choice("student", "在校学生", "a student"),
        ),
    ),
    Question(
        "work_division",
        "您在哪里工作（或打算在哪里工作）",
        "Where do (or will) you work?",
        choices=_divisions("江苏省外", "outside Jiangsu"),
    ),
    Question("birth_date", "您的出生日期", "Your date of birth"),
    Question(
        "sex",
        "您的性别",
        "Your sex",
        choices=(Choice("female", "女", "female"), Choice("male", "男", "male")),
    ),
    Question(
        "hukou_division",
        "您的户籍所在地",
        "Where is your household registration (hukou)?",
        choices=_divisions("江苏省外", "outside Jiangsu"),
    ),
    *(
        Question(fact, zh, en, group="status")
        for fact, zh, en in (
            ("registered_unemployed", "已办理城镇失业登记", "registered as unemployed"),
            ("receiving_unemployment_benefit", "正在领取失业保险金", "drawing unemployment benefit now"),
            ("veteran", "退役军人", "a veteran"),
            ("disabled", "残疾人", "a person with a disability"),
            ("dibao", "低保对象", "receiving the minimum living allowance (dibao)"),
            ("low_income_rural_household", "建档立卡低收入农户", "a registered low-income rural household"),
            ("hukou_rural", "农业户籍", "a rural household registration"),
            ("rural_transfer_worker", "农村转移就业劳动者（进城务工）", "a rural worker who moved into work"),
            ("laid_off_or_transferred", "下岗失业或转岗职工", "laid off, or moved off a post"),
            ("land_expropriated_farmer", "被征地农民", "a farmer whose land was expropriated"),
            ("zero_employment_household", "零就业家庭或零转移家庭", "a household where nobody works"),
            ("special_hardship_worker_family", "特困职工家庭", "a worker's family in special hardship"),
            ("entitled_group_family", "优抚对象家庭", "a family of an entitled group (优抚对象)"),
            (
                "temporary_assistance_conditions",
                "家庭符合临时救助条件",
                "the household meets the conditions for temporary assistance",
            ),
            (
                "hmt_residence_permit",
                "持港澳台居民居住证",
                "holding a residence permit for Hong Kong, Macao or Taiwan residents",
            ),
        )
    ),
    Question(
        "hard_to_employ_since",
        "您被认定为就业困难人员的日期",
        "When were you certified as hard to employ?",
        "未认定请留空",
        "leave blank if you are not certified",
        optional=True,
    ),
    Question(
        "unemployed_since",
        "您连续失业的起始日期",
        "Since when have you been out of work without a break?",
        "目前不是失业状态请留空",
        "leave blank if you are not out of work",
        optional=True,
    ),
    Question(
        "college_left_on",
        "您从高校毕业（离校）的日期",
        "When did you leave college (graduate)?",
        "不是高校毕业生请留空",
        "leave blank if you have not graduated from college",
        optional=True,
    ),
    *(
        Question(fact, zh, en, group="study")
        for fact, zh, en in (
            ("college_student", "普通高校在校生", "a college student now"),
            (
                "employed_since_leaving_college",
                "离校后曾经就业",
                "employed since leaving college",
            ),
            (
                "school_leaver_not_continuing",
                "初中或高中毕业后未继续升学",
                "left junior or senior high school without going on",
            ),
        )
    ),
    *(
        Question(fact, zh, en, group="work")
        for fact, zh, en in (
            ("social_insurance_enrolled", "已依法参加社会保险", "enrolled in social insurance"),
            ("public_welfare_post", "在公益性岗位工作", "working in a public-welfare post"),
            (
                "in_subsidised_training",
                "正在参加经人社部门审核的补贴性职业培训",
                "in vocational training the HRSS bureau subsidises",
            ),
            ("entrepreneurial_intent", "有创业意愿", "wishing to start a business"),
            ("freelance_professional", "自由职业的专业技术人员", "a freelance professional"),
            (
                "meets_title_conditions",
                "符合本市职称评审条件",
                "meeting the city's conditions for a professional title",
            ),
        )
    ),
    Question(
        "flexible_employment_since",
        "您开始（本次）灵活就业的日期",
        "When did you start this flexible work?",
        "不清楚或尚未开始请留空",
        "leave blank if not started",
        optional=True,
    ),
    Question("monthly_income_fen", "您每月的劳动收入（元）", "Your monthly earnings (yuan)"),
    Question(
        "business_kind",
        "您创办的经营主体",
        "The business you run",
        choices=(
            Choice("", "没有", "none"),
            Choice("individual_business", "个体工商户", "an individual business"),
            Choice("small_enterprise", "小微企业", "a small or micro enterprise"),
        ),
    ),
    Question(
        "business_founded_on",
        "经营主体（营业执照）的成立日期",
        "When was the business founded (licence date)?",
        "没有经营主体请留空",
        "leave blank if you have no business",
        optional=True,
    ),
    *(
        Question(fact, zh, en, group="business")
        for fact, zh, en in (
            ("business_non_agricultural", "经营主体从事非农产业", "the business is not in agriculture"),
            (
                "startup_subsidy_received",
                "已领取过一次性创业补贴",
                "start-up subsidy already received",
            ),
            ("loan_for_tools", "贷款用于购置生产经营必需的工具", "a loan for tools the business needs"),
        )
    ),
    Question("business_employees", "经营主体吸纳就业的人数", "People the business employs"),
    Question(
        "loan_requested_fen",
        "您想申请的创业担保贷款金额（元）",
        "The start-up loan you would ask for (yuan)",
        "不申请填 0",
        "0 if none",
    ),
    Question(
        "si_paid_fen",
        "今年申报期内您实际缴纳的养老和医疗保险费（元）",
        "Pension and medical premiums you paid in this year's claim period (yuan)",
        "没有缴纳填 0",
        "0 if none",
    ),
    *(
        Question(fact, zh, en, group="insurance")
        for fact, zh, en in (
            ("si_base_is_minimum", "按当年缴费基数下限缴费", "paying on the year's minimum base"),
            (
                "si_extension_used",
                "已用过社保补贴的一次性延长",
                "the one-time extension already used",
            ),
        )
    ),
    Question(
        "si_subsidy_months_used",
        "您已享受灵活就业社保补贴的月数",
        "Months of the social-insurance subsidy you have had",
        "没有享受过填 0",
        "0 if none",
    ),
    Question(
        "si_first_approved_on",
        "本轮社保补贴首次核准的日期",
        "When was the subsidy first approved (this time)?",
        "尚未享受请留空",
        "leave blank if never approved",
        optional=True,
    ),
    Question(
        "jiangsu_pension_years",
        "您在江苏缴纳企业职工养老保险的年数",
        "Years of enterprise pension contributions in Jiangsu",
        "没有填 0",
        "0 if none",
    ),
    Question(
        "pension_months_unpaid_2020",
        "2020年因缴费困难未缴养老保险费的月数",
        "Months of 2020 you could not pay pension premiums",
        "没有填 0",
        "0 if none",
    ),
)
_BY_FACT = {q.fact: q for q in QUESTIONS}


class AnswerError(ValueError):
    """An answer that is not one (a bad date, a negative amount); messages in Chinese and English."""

    def __init__(self, fact: str, zh: str, en: str) -> None:
        super().__init__(f"{fact}: {zh} / {en}")
        self.fact, self.zh, self.en = fact, zh, en


# --- the parts of each measure and the facts they read -------------------------------------------


@dataclass(frozen=True)
class Part:
    """A condition of a measure (passes or not) or a value it gives (amount, months, a note)."""

    measure: str
    column: str  # the engine's column of this part
    expr: pl.Expr
    facts: frozenset[str]
    condition: str = ""  # the condition's code; empty for a value


@dataclass(frozen=True)
class Plan:
    on: dt.date
    compiled: engine.Compiled
    parts: tuple[Part, ...]

    def of(self, code: str) -> tuple[Part, ...]:
        return tuple(p for p in self.parts if p.measure == code)


def _shown_measures() -> tuple[Measure, ...]:
    """The measures about a person's own benefits (the platform's rules are figures they read)."""
    return tuple(m for m in person_measures() if m.kind == "person")


@lru_cache(maxsize=8)
def plan(on: dt.date) -> Plan:
    """Every part of every person measure as compiled for ``on``, with the facts it reads."""
    comp = engine.compiled(on)
    derived = {name: frozenset(expr.meta.root_names()) for name, expr in comp.stage0.items()}

    def facts_of(names: Iterable[str]) -> frozenset[str]:
        out: set[str] = set()
        for name in names:
            out |= facts_of(derived[name]) if name in derived else {name}
        return frozenset(out)

    shown = {m.code for m in _shown_measures()}
    parts: list[Part] = []
    for cm in comp.measures:
        code = cm.measure.code
        if code not in shown:
            continue
        conditions = {f"{code}__{c.code}": c.code for c in cm.conditions}
        values = ("amount_fen", "amount_min_fen", "amount_max_fen", "months")
        for column, expr in cm.stage1.items():
            part = column.removeprefix(f"{code}__")
            if column in conditions or part in values or part.startswith("note"):
                facts = facts_of(expr.meta.root_names())
                parts.append(Part(code, column, expr, facts, conditions.get(column, "")))
    return Plan(on, comp, tuple(parts))


def facts_read(on: dt.date) -> frozenset[str]:
    """Every fact some person measure reads on ``on`` (what the calculator may ask)."""
    return frozenset().union(*(p.facts for p in plan(on).parts))


# --- what the answers settle ---------------------------------------------------------------------

_OPEN = object()  # a part whose value still depends on unanswered facts


# Never asked, never accepted: an identity is not needed to know what one may qualify for.
NEVER_ASKED = frozenset({"person_id", "id_number"})


def is_question(fact: str) -> bool:
    """Whether ``fact`` is one the calculator may ask (a fact of the catalogue, not an identity)."""
    return fact in FACTS_BY_NAME and fact not in NEVER_ASKED


def question(fact: str) -> Question:
    """The question asking ``fact`` (a fact without words of its own here is asked by its label)."""
    return _question(fact)


def _question(fact: str) -> Question:
    found = _BY_FACT.get(fact)
    if found is not None:
        return found
    label = FACTS_BY_NAME[fact].label_zh
    return Question(fact, label, fact.replace("_", " "), optional=FACTS_BY_NAME[fact].kind == "date")


def _frame_values(p: Plan, rows: Sequence[Mapping[str, Any]], expr: pl.Expr) -> list[Any]:
    frame = facts_frame(rows).lazy()
    for name, derived in p.compiled.stage0.items():
        frame = frame.with_columns(derived.alias(name))
    values: list[Any] = frame.select(expr.alias("value")).collect()["value"].to_list()
    return values


@dataclass
class Reading:
    """The value of each part under the answers so far (``_OPEN`` where it still depends on more)."""

    plan: Plan
    answers: Mapping[str, Any]
    values: dict[str, Any] = field(default_factory=dict)

    def value(self, part: Part) -> Any:
        if part.column not in self.values:
            self.values[part.column] = self._value(part)
        return self.values[part.column]

    def _value(self, part: Part) -> Any:
        unknown = sorted(part.facts - set(self.answers))
        if not unknown:
            return self.known[part.column]
        domains = [_question(f).finite for f in unknown]
        if any(d is None for d in domains):
            return _OPEN
        finite = [d for d in domains if d is not None]
        if _count(finite) > MAX_COMBINATIONS:
            return _OPEN
        base = self.base
        rows = [{**base, **dict(zip(unknown, combo, strict=True))} for combo in itertools.product(*finite)]
        seen = set(_frame_values(self.plan, rows, part.expr))
        return seen.pop() if len(seen) == 1 else _OPEN

    @property
    def base(self) -> dict[str, Any]:
        if "__base" not in self.values:
            self.values["__base"] = validate_facts(dict(self.answers))
        base: dict[str, Any] = self.values["__base"]
        return base

    @property
    def known(self) -> Mapping[str, Any]:
        if "__known" not in self.values:
            self.values["__known"] = self.plan.compiled.scalar.run([self.base])[0]
        known: Mapping[str, Any] = self.values["__known"]
        return known

    def settled(self, code: str) -> bool:
        parts = self.plan.of(code)
        if any(p.condition and self.value(p) is False for p in parts):
            return True
        return all(self.value(p) is not _OPEN for p in parts)

    def needed(self) -> set[str]:
        """The unanswered facts some unsettled measure still reads."""
        out: set[str] = set()
        for m in _shown_measures():
            if self.settled(m.code):
                continue
            for p in self.plan.of(m.code):
                if self.value(p) is _OPEN:
                    out |= p.facts - set(self.answers)
        return out


def _count(domains: Sequence[Sequence[Any]]) -> int:
    n = 1
    for d in domains:
        n *= len(d)
    return n


@dataclass(frozen=True)
class Step:
    """What to ask next (empty when every result is settled) and how many measures are still open."""

    questions: tuple[Question, ...]
    open_measures: int


def next_step(answers: Mapping[str, Any], *, on: dt.date) -> Step:
    """The next question (or yes/no questions asked together) the answers still need."""
    reading = Reading(plan(on), answers)
    needed = reading.needed()
    open_count = sum(1 for m in _shown_measures() if not reading.settled(m.code))
    order = [*QUESTIONS, *(_question(f) for f in sorted(needed - set(_BY_FACT)))]
    for q in order:
        if q.fact in needed:
            group = [g for g in order if q.group and g.group == q.group and g.fact in needed]
            return Step(tuple(group) if group else (q,), open_count)
    return Step((), open_count)


def decided_failures(answers: Mapping[str, Any], *, on: dt.date, code: str) -> tuple[str, ...]:
    """The conditions of measure ``code`` that the answers make fail whatever else is answered."""
    reading = Reading(plan(on), answers)
    return tuple(p.condition for p in plan(on).of(code) if p.condition and reading.value(p) is False)


def asked_facts(answers: Mapping[str, Any]) -> tuple[str, ...]:
    """The facts answered, in the order of the questionnaire."""
    order = [q.fact for q in QUESTIONS] + sorted(set(answers) - set(_BY_FACT))
    return tuple(f for f in order if f in answers)


# --- answers as typed and as carried -------------------------------------------------------------


def parse_answer(fact: str, raw: str) -> Any:
    """One answer as typed (amounts in yuan → fen) to the fact's value; :class:`AnswerError` if it is none."""
    q = _question(fact)
    text = raw.strip()
    if q.kind == "bool":
        return text in ("1", "true", "on", "yes")
    if q.choices:
        if text not in {c.value for c in q.choices}:
            raise AnswerError(fact, "请选择一项", "please choose one")
        return text or None
    if q.kind == "date":
        return _date(q, text)
    if q.kind == "money":
        return _fen(fact, text)
    if q.kind == "count":
        if not text.isdigit():
            raise AnswerError(fact, "请填写0或正整数", "please enter 0 or a whole number")
        return int(text)
    return text or None


def _date(q: Question, text: str) -> dt.date | None:
    if not text:
        if q.optional:
            return None
        raise AnswerError(q.fact, "请填写日期", "please enter a date")
    try:
        return dates.parse_iso_date(text)
    except dates.DateInputError as e:
        raise AnswerError(q.fact, e.zh, e.en) from None


def _fen(fact: str, text: str) -> int:
    try:
        yuan = Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        raise AnswerError(
            fact, "请填写金额（元），如 3000 或 3000.50", "enter an amount in yuan, e.g. 3000.50"
        ) from None
    if not yuan.is_finite() or yuan < 0 or yuan > MAX_YUAN:
        raise AnswerError(fact, "金额应为0或正数", "the amount must be 0 or more")
    fen = yuan * 100
    if fen != fen.to_integral_value():
        raise AnswerError(fact, "金额最多精确到分（两位小数）", "at most two decimals (fen)")
    return int(fen)


def shown_value(fact: str, value: Any) -> str:
    """A value as carried in the form: amounts back in yuan, dates as YYYY-MM-DD, yes/no as 1/0."""
    if value is None:
        return ""
    kind = _question(fact).kind
    if kind == "bool":
        return "1" if value else "0"
    if kind == "money":
        whole, cents = divmod(int(value), 100)
        return f"{whole}.{cents:02d}" if cents else str(whole)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def answer_text(fact: str, value: Any, *, english: bool) -> str:
    """An answer as the result page repeats it: yes/no, the option's words, yuan, a date, or "—"."""
    q = _question(fact)
    if q.kind == "bool":
        return ("yes" if value else "no") if english else ("是" if value else "否")
    for c in q.choices:
        if (c.value or None) == value:
            return c.label_en if english else c.label_zh
    if value is None:
        return "—"
    if q.kind == "money":
        return f"CNY {yuan(int(value))}" if english else f"{yuan(int(value))} 元"
    return shown_value(fact, value)


def parse_carried(raw: Mapping[str, str], *, on: dt.date) -> dict[str, Any]:
    """The answers carried in the form's hidden fields, checked again (they came back from the browser)."""
    unknown = sorted(f for f in raw if not is_question(f))
    if unknown:
        raise AnswerError(unknown[0], "不是本测算的问题", "not a question of this calculator")
    answers = {fact: parse_answer(fact, text) for fact, text in raw.items()}
    try:
        validate_facts(answers, on=on)
    except FactsError as e:
        first = e.errors[0]
        raise AnswerError(first.fact, first.message_zh, first.message_en) from None
    return answers
