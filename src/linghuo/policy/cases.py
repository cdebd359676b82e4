"""Rule cases policy staff can read and write: YAML files run against the engine, no Python needed.

Each measure has its cases beside its module, ``policy/measures/<code>.yaml``; ``linghuo rules test
FILE…`` runs any such file (every measure's, without FILE) and prints each disagreement and
``N passed, M failed``. A file is a list of cases::

    - name: 离校未满2年、未就业的毕业生按下限缴费，补贴实际缴费的2/3
      on: 2024-03-01                  # the evaluation date (ISO), from 2021-11-08
      facts:                          # the catalogue's fact names (policy-catalog.md; an
        employment_form: part_time    # organisation measure: policy/organisation_facts.py)
        work_division: "320706"
        college_left_on: 2022-06-30
        si_paid_fen: 150001
        si_base_is_minimum: true
      expect:
        eligible: true                # required
        amount_fen: 100000            # optional, each compared only when written (null: no amount)
        months: 24
        failed: []                    # the conditions not met, exactly (their codes, any order)
        notes: []                     # the notes the decision carries, exactly
      source: 连政办发〔2021〕50号（十二）“按其实际缴纳社会保险费不低于1/2，不高于2/3给予补贴”……

``expect`` may hold ``eligible`` (required), ``status`` (``eligible``, ``not_eligible``, ``closed``,
``not_applicable``), ``amount_fen``, ``amount_min_fen``, ``amount_max_fen`` and ``months`` (integers, or
null for none), ``failed`` (the codes of the top-level conditions not met), ``groups`` (the alternatives
met, as ``group.alternative``), ``notes`` (the notes' codes) and ``figures`` (a mapping of figure codes to
values; only those written are compared). ``linghuo rules show CODE`` lists a measure's condition codes.
``source`` cites the clause text or the parameter's source that gives the expected outcome: the expected
values come from there, never from running the engine.

The measure is the file's name (``social_insurance_subsidy.yaml``); a case may name another with
``measure: <code>``. An organisation measure (``kind="organisation"``) reads organisation facts and is
evaluated as :func:`~linghuo.policy.organisations.evaluate_organisation` does; the others as
:func:`~linghuo.policy.engine.evaluate_one` does.

A file that cannot be read, a case without a name, date or expectation, an unknown measure, fact or
field raises :class:`CaseFileError`, its message in Chinese and English naming the file and the case.

>>> import datetime as dt
>>> case = Case(
...     name="海州区平台从业人员可办理就业登记", measure="employment_registration", on=dt.date(2024, 3, 1),
...     facts={"employment_form": "platform", "work_division": "320706"}, expect={"eligible": True},
...     source="（十五）", file="example.yaml",
... )
>>> run_case(case).passed
True
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from linghuo.policy.decisions import Decision
from linghuo.policy.dsl import Measure
from linghuo.policy.engine import PolicyDateError, evaluate_one
from linghuo.policy.facts import validate_facts
from linghuo.policy.organisation_facts import validate_organisation_facts
from linghuo.policy.organisations import evaluate_organisation
from linghuo.policy.parameters import ParameterSet
from linghuo.policy.schema import FactsError

CASE_KEYS = frozenset({"name", "on", "facts", "expect", "source", "measure"})
REQUIRED_KEYS = ("name", "on", "expect", "source")
NUMBERS = ("amount_fen", "amount_min_fen", "amount_max_fen", "months")
SETS = ("failed", "groups", "notes")
EXPECT_KEYS = frozenset({"eligible", "status", *NUMBERS, *SETS, "figures"})
STATUSES = ("eligible", "not_eligible", "closed", "not_applicable")


class CaseLoader(yaml.SafeLoader):
    """YAML as YAML 1.2 reads booleans: only ``true`` and ``false``, so the key ``on`` stays a word."""


CaseLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
CaseLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class CaseFileError(ValueError):
    """A case file that cannot be run as written (message in Chinese, then English)."""


@dataclass(frozen=True)
class Case:
    """One case: a measure's expected decision for some facts on a date, and where that comes from."""

    name: str
    measure: str
    on: dt.date
    facts: Mapping[str, Any]
    expect: Mapping[str, Any]
    source: str
    file: str


@dataclass(frozen=True)
class Disagreement:
    """A field of the decision that is not what the case expects."""

    field: str
    expected: Any
    got: Any


@dataclass(frozen=True)
class CaseResult:
    case: Case
    disagreements: tuple[Disagreement, ...]
    explanation: str  # the decision's plain explanation, to read beside a disagreement

    @property
    def passed(self) -> bool:
        return not self.disagreements


# --- reading -----------------------------------------------------------------------------------------


def measure_case_files() -> list[Path]:
    """Every measure's case file (``policy/measures/<code>.yaml``), in the measures' clause order."""
    from linghuo.policy.measures import __path__ as folders
    from linghuo.policy.measures import registry

    folder = Path(next(iter(folders)))
    return [folder / f"{code}.yaml" for code in registry() if (folder / f"{code}.yaml").is_file()]


def load_cases(path: Path) -> list[Case]:
    """The cases of a file, each checked: its measure, date, facts and expected fields.

    Raises :class:`CaseFileError` on the first problem, naming the file and the case.
    """
    shown = path.name
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=CaseLoader)  # noqa: S506 (a safe loader)
    except OSError as e:
        raise CaseFileError(f"{shown}：无法读取文件（{e.strerror}）/ {shown}: cannot be read") from None
    except yaml.YAMLError as e:
        line, problem = _where(e)
        raise CaseFileError(
            f"{shown}：不是有效的 YAML（{'第' + str(line) + '行：' if line else ''}{problem}）/ "
            f"{shown}: not valid YAML ({'line ' + str(line) + ': ' if line else ''}{problem})"
        ) from None
    except ValueError as e:  # a value YAML reads but cannot build, such as the date 2024-02-30
        raise CaseFileError(
            f"{shown}：不是有效的 YAML（不存在的日期或数值：{e}）/ "
            f"{shown}: not valid YAML (impossible value: {e})"
        ) from None
    if not isinstance(raw, list) or not raw:
        raise CaseFileError(
            f"{shown}：应为用例列表（每项以“- name:”开头）/ "
            f"{shown}: must be a list of cases (each “- name: …”)"
        )
    return [_case(item, index, path) for index, item in enumerate(raw, start=1)]


def _where(error: yaml.YAMLError) -> tuple[int | None, str]:
    """The line (from 1) and the parser's words for a YAML error."""
    mark = getattr(error, "problem_mark", None)
    problem = str(getattr(error, "problem", None) or error)
    return (mark.line + 1 if mark is not None else None), problem


def _case(item: object, index: int, path: Path) -> Case:
    shown = path.name
    if not isinstance(item, dict):
        raise CaseFileError(f"{shown} 第{index}个用例：应为键值对 / {shown} case {index}: must be a mapping")
    label = f"{shown} 第{index}个用例「{item.get('name', '')}」"
    label_en = f"{shown} case {index}"
    unknown = sorted(str(k) for k in item if k not in CASE_KEYS)
    if unknown:
        raise CaseFileError(
            f"{label}：未知的键 {unknown}（可用 {sorted(CASE_KEYS)}）/ {label_en}: unknown keys {unknown}"
        )
    missing = [k for k in REQUIRED_KEYS if item.get(k) in (None, "")]
    if missing:
        raise CaseFileError(f"{label}：缺少 {missing} / {label_en}: missing {missing}")
    code = str(item.get("measure") or path.stem)
    measure = _measure(code, label, label_en)
    on = item["on"]
    if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise CaseFileError(
            f"{label}：on 应为 YYYY-MM-DD 格式的日期，收到 {on!r} / {label_en}: on must be a date YYYY-MM-DD"
        )
    facts = item.get("facts") or {}
    if not isinstance(facts, dict):
        raise CaseFileError(f"{label}：facts 应为键值对 / {label_en}: facts must be a mapping")
    try:
        (validate_organisation_facts if measure.kind == "organisation" else validate_facts)(facts)
    except FactsError as e:
        raise CaseFileError(f"{label}：事实有误 / {label_en}: bad facts: {e}") from None
    expect = item["expect"]
    _check_expect(expect, label, label_en)
    return Case(str(item["name"]), code, on, facts, expect, str(item["source"]), shown)


def _measure(code: str, label: str, label_en: str) -> Measure:
    from linghuo.policy.measures import platform_rules, registry

    if code in registry():
        return registry()[code]
    if code in platform_rules():
        raise CaseFileError(
            f"{label}：{code} 是平台规则（函数），不能用用例文件检验 / "
            f"{label_en}: {code} is a platform rule (a function), not a measure cases can test"
        )
    raise CaseFileError(
        f"{label}：未知的措施代码 {code!r}（文件名应为措施代码，或在用例中写 measure:；"
        "见 linghuo rules list）/ "
        f"{label_en}: unknown measure code {code!r} (name the file by the code, or write measure:)"
    )


def _check_expect(expect: object, label: str, label_en: str) -> None:
    if not isinstance(expect, dict):
        raise CaseFileError(f"{label}：expect 应为键值对 / {label_en}: expect must be a mapping")
    unknown = sorted(str(k) for k in expect if k not in EXPECT_KEYS)
    if unknown:
        raise CaseFileError(
            f"{label}：expect 中未知的字段 {unknown}（可用 {sorted(EXPECT_KEYS)}）/ "
            f"{label_en}: unknown expect fields {unknown}"
        )
    if not isinstance(expect.get("eligible"), bool):
        raise CaseFileError(
            f"{label}：expect.eligible 必填，应为 true 或 false / "
            f"{label_en}: expect.eligible is true or false"
        )
    if "status" in expect and expect["status"] not in STATUSES:
        raise CaseFileError(
            f"{label}：expect.status 应为 {'、'.join(STATUSES)} 之一 / {label_en}: expect.status is one of "
            f"{', '.join(STATUSES)}"
        )
    for key in NUMBERS:
        value = expect.get(key)
        if key in expect and value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise CaseFileError(
                f"{label}：expect.{key} 应为整数（金额以分计）或 null / "
                f"{label_en}: expect.{key} is an integer or null"
            )
    for key in SETS:
        value = expect.get(key)
        if key in expect and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise CaseFileError(
                f"{label}：expect.{key} 应为代码列表 / {label_en}: expect.{key} is a list of codes"
            )
    if "figures" in expect and not isinstance(expect["figures"], dict):
        raise CaseFileError(f"{label}：expect.figures 应为键值对 / {label_en}: expect.figures is a mapping")


# --- running -----------------------------------------------------------------------------------------


def decide(case: Case, params: ParameterSet | None = None) -> Decision:
    """The measure's decision for the case's facts on its date."""
    from linghuo.policy.measures import registry

    try:
        if registry()[case.measure].kind == "organisation":
            facts = {"organisation_id": case.name, **case.facts}
            result = evaluate_organisation(facts, on=case.on, params=params, measures=[case.measure])
            return result.decision(case.measure)
        person = evaluate_one(
            {"person_id": case.name, **case.facts}, on=case.on, params=params, measures=[case.measure]
        )
        return person.decision(case.measure)
    except PolicyDateError as e:
        raise CaseFileError(f"{case.file}「{case.name}」：{e}") from None


def compare(expect: Mapping[str, Any], decision: Decision) -> tuple[Disagreement, ...]:
    """Every field the case writes that the decision does not give as written."""
    got: dict[str, Any] = {
        "eligible": decision.eligible,
        "status": decision.status,
        **{key: getattr(decision, key) for key in NUMBERS},
        "failed": sorted(c.code for c in decision.conditions if not c.passed and "." not in c.code),
        "groups": sorted(c.code for c in decision.conditions if c.passed and "." in c.code),
        "notes": sorted(decision.notes),
    }
    out = []
    for key, expected in expect.items():
        if key == "figures":
            for name, value in expected.items():
                actual = decision.figures.get(name, "（无此数字 no such figure）")
                if actual != value:
                    out.append(Disagreement(f"figures.{name}", value, actual))
            continue
        want = sorted(expected) if key in SETS else expected
        if got[key] != want:
            out.append(Disagreement(key, want, got[key]))
    return tuple(out)


def run_case(case: Case, params: ParameterSet | None = None) -> CaseResult:
    decision = decide(case, params)
    return CaseResult(case, compare(case.expect, decision), decision.plain_zh)


def run_files(paths: Sequence[Path], params: ParameterSet | None = None) -> list[CaseResult]:
    """Every case of every file, in order (all files are read and checked before any case runs)."""
    cases = [case for path in paths for case in load_cases(path)]
    return [run_case(case, params) for case in cases]
