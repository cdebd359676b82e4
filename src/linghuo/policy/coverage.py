"""The whole policy against the code: for each of the 18 clauses, its rules, their tests, and the rest.

For each clause of 连政办发〔2021〕50号: the measures and platform rules that implement it (a measure's own
clause) or that cite it in a condition; the test cases of ``tests/policy/measures/test_<code>.py`` for
each (test functions, a parametrized one counted once per case); and where the platform serves the clause
beyond its rules, or why nothing can (``coverage.yaml``: channel, built/planned/outside, a note in
Chinese and English). Pure: no Django; the Excel writer imports the spreadsheet escape lazily.

>>> report = coverage()
>>> [c.number for c in report.clauses][:3], len(report.clauses)
(['一', '二', '三'], 18)
>>> [i.code for i in report.clause("十").implementations]
[]
"""

from __future__ import annotations

import ast
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from linghuo.policy import clauses

Status = Literal["built", "planned", "outside"]
STATUSES: dict[str, tuple[str, str]] = {
    "built": ("已建", "built"),
    "planned": ("待建", "planned"),
    "outside": ("平台之外", "outside the platform"),
}
CHANNELS: dict[str, tuple[str, str]] = {
    "registry": ("就业登记", "registry"),
    "collection": ("信息采集", "data collection"),
    "screening": ("全员筛查", "population screening"),
    "market": ("零工市场", "gig market"),
    "training": ("培训", "training"),
    "complaints": ("投诉举报", "complaints"),
    "publicity": ("政策公开", "publicity"),
    "insights": ("数据看板", "dashboards"),
    "department_duties": ("部门职责", "department duties"),
}
# src/linghuo/policy/coverage.py → the repository root, where tests/ sits in a source checkout
_TESTS = Path(__file__).resolve().parents[3] / "tests" / "policy" / "measures"


class CoverageError(ValueError):
    """``coverage.yaml`` is malformed (message in Chinese and English)."""


@dataclass(frozen=True, slots=True)
class Implementation:
    """A measure or platform rule serving a clause: as its own clause (``own``) or in a condition."""

    code: str
    kind: str  # person, organisation, platform
    title: str
    title_en: str
    cites: Literal["own", "condition"]
    test_file: str | None  # relative to the repository, when found
    test_cases: int | None  # None when the tests folder is absent


@dataclass(frozen=True, slots=True)
class Channel:
    channel: str
    status: Status


@dataclass(frozen=True, slots=True)
class ClauseCoverage:
    number: str
    index: int
    title: str
    implementations: tuple[Implementation, ...]
    served_by: tuple[Channel, ...]
    note_zh: str
    note_en: str

    @property
    def test_cases(self) -> int | None:
        """Test cases of the rules citing it as their own clause (None without the tests folder)."""
        counts = [i.test_cases for i in self.implementations if i.cites == "own"]
        if any(c is None for c in counts):
            return None
        return sum(c for c in counts if c is not None)


@dataclass(frozen=True, slots=True)
class CoverageReport:
    policy: str
    clauses: tuple[ClauseCoverage, ...]
    tests_found: bool
    tests_note: str

    def clause(self, number: str) -> ClauseCoverage:
        for c in self.clauses:
            if c.number == number:
                return c
        raise KeyError(number)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``linghuo rules coverage --format json``."""
        return {
            "policy": self.policy,
            "tests_found": self.tests_found,
            "tests_note": self.tests_note,
            "clauses": [
                {**asdict(c), "test_cases": c.test_cases, "served_by": [asdict(s) for s in c.served_by]}
                for c in self.clauses
            ],
        }


@cache
def served_by() -> dict[str, tuple[tuple[Channel, ...], str, str]]:
    """``coverage.yaml``: clause number → (channels, note_zh, note_en), checked."""
    raw = yaml.safe_load(resources.files("linghuo.policy").joinpath("coverage.yaml").read_text("utf-8"))
    numbers = {c.number for c in clauses.all_clauses()}
    out = {}
    for number, entry in (raw or {}).items():
        if number not in numbers:
            raise CoverageError(f"coverage.yaml：没有第（{number}）条 / coverage.yaml: no clause {number!r}")
        out[str(number)] = (_channels(number, entry), str(entry["note_zh"]), str(entry["note_en"]))
    return out


def _channels(number: str, entry: Mapping[str, Any]) -> tuple[Channel, ...]:
    channels = []
    for item in entry.get("served_by") or []:
        if item.get("channel") not in CHANNELS or item.get("status") not in STATUSES:
            raise CoverageError(
                f"coverage.yaml 第（{number}）条：未知的渠道或状态 {item} / "
                f"coverage.yaml clause {number}: unknown channel or status {item}"
            )
        channels.append(Channel(item["channel"], item["status"]))
    return tuple(channels)


def count_test_cases(path: Path) -> int:
    """Test functions in a test file, a parametrized one counted once per case (cases written as a
    list or tuple; stacked parametrizations multiply; cases built otherwise count as one)."""
    tree = ast.parse(path.read_text("utf-8"))
    total = 0
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
            cases = 1
            for decorator in node.decorator_list:
                cases *= _parametrized_cases(decorator)
            total += cases
    return total


def _parametrized_cases(decorator: ast.expr) -> int:
    if not (isinstance(decorator, ast.Call) and ast.unparse(decorator.func).endswith("mark.parametrize")):
        return 1
    values = decorator.args[1] if len(decorator.args) > 1 else None
    for keyword in decorator.keywords:
        if keyword.arg == "argvalues":
            values = keyword.value
    if isinstance(values, ast.List | ast.Tuple):
        return len(values.elts)
    return 1


def coverage(tests_dir: Path | None = None) -> CoverageReport:
    """Every clause with its rules, their test cases and its ``coverage.yaml`` entry.

    ``tests_dir`` is the folder of ``test_<code>.py`` files (default: ``tests/policy/measures`` of the
    source checkout); when it does not exist (an installed package), counts are None and the report
    says so.
    """
    from linghuo.policy.measures import platform_rules, registry

    folder = tests_dir if tests_dir is not None else _TESTS
    found = folder.is_dir()
    rules: list[tuple[str, str, str, str, str, set[str]]] = [
        (m.code, m.kind, m.title, m.title_en, m.clause, _condition_clauses(m)) for m in registry().values()
    ]
    rules += [(r.code, r.kind, r.title, r.title_en, r.clause, set()) for r in platform_rules().values()]
    entries = served_by()
    out = []
    for c in clauses.all_clauses():
        implementations = [
            _implementation(
                code,
                kind,
                title,
                title_en,
                cites="own" if own == c.number else "condition",
                folder=folder,
                found=found,
            )
            for code, kind, title, title_en, own, cited in rules
            if own == c.number or c.number in cited
        ]
        channels, note_zh, note_en = entries.get(c.number, ((), "", ""))
        out.append(
            ClauseCoverage(c.number, c.index, c.title, tuple(implementations), channels, note_zh, note_en)
        )
    note = (
        f"测试用例取自 {_shown(folder)} / test cases counted in {_shown(folder)}"
        if found
        else f"未找到测试目录 {folder}（已安装的包不含测试）/ no tests folder at {folder} "
        "(an installed package carries no tests)"
    )
    return CoverageReport(clauses.document().number, tuple(out), found, note)


def _shown(folder: Path) -> str:
    """The last parts of a path (``tests/policy/measures``), not where the checkout sits."""
    return "/".join(folder.parts[-3:])


def _condition_clauses(measure: Any) -> set[str]:
    cited = set()
    for condition in measure.conditions:
        cited.add(condition.clause)
        cited.update(m.clause for m in condition.members)
    return cited - {measure.clause}


def _implementation(
    code: str, kind: str, title: str, title_en: str, *, cites: Any, folder: Path, found: bool
) -> Implementation:
    path = folder / f"test_{code}.py"
    if not found:
        return Implementation(code, kind, title, title_en, cites, None, None)
    if not path.is_file():
        return Implementation(code, kind, title, title_en, cites, None, 0)
    shown = f"{_shown(folder)}/{path.name}"
    return Implementation(code, kind, title, title_en, cites, shown, count_test_cases(path))


# --- outputs ---------------------------------------------------------------------------------------


def _channels_text(c: ClauseCoverage, lang: int) -> str:
    if lang == 0:
        return "；".join(f"{CHANNELS[s.channel][0]}（{STATUSES[s.status][0]}）" for s in c.served_by)
    return "; ".join(f"{CHANNELS[s.channel][1]} ({STATUSES[s.status][1]})" for s in c.served_by)


def _rules_text(c: ClauseCoverage) -> str:
    parts = []
    for i in c.implementations:
        cases = "—" if i.test_cases is None else str(i.test_cases)
        via = "" if i.cites == "own" else "，条件引用 cited by a condition"
        parts.append(f"{i.code} [{i.kind}] ({cases}{via})")
    return "; ".join(parts)


def as_text(report: CoverageReport) -> str:
    """A plain-text table: one block per clause."""
    lines = [f"{report.policy}：18条措施的规则覆盖 / rule coverage of the 18 clauses", report.tests_note, ""]
    for c in report.clauses:
        cases = "—" if c.test_cases is None else str(c.test_cases)
        lines.append(
            f"（{c.number}）{c.title}  规则 rules: {len(c.implementations)}  测试用例 test cases: {cases}"
        )
        lines.extend(f"    {rule}" for rule in _rules_text(c).split("; ") if rule)
        if not c.implementations:
            lines.append("    无规则 / no rule")
        if c.served_by:
            lines.append(f"    平台 platform: {_channels_text(c, 0)} / {_channels_text(c, 1)}")
        if c.note_zh:
            lines.append(f"    {c.note_zh}")
            lines.append(f"    {c.note_en}")
        lines.append("")
    return "\n".join(lines)


def as_json(report: CoverageReport) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2)


CLAUSE_COLUMNS = (
    "条款 clause",
    "标题 title",
    "规则 rules",
    "测试用例 test cases",
    "平台承担 served by",
    "说明 note",
    "note (English)",
)
RULE_COLUMNS = (
    "条款 clause",
    "代码 code",
    "种类 kind",
    "名称 title",
    "title",
    "引用 cites",
    "测试文件 test file",
    "测试用例 test cases",
)


def write_excel(report: CoverageReport, path: Path) -> None:
    """The report as an Excel workbook: one sheet by clause, one by rule; every text cell escaped so that
    none can start a formula."""
    from openpyxl import Workbook

    from linghuo.spreadsheets.spreadsheet_safety import formula_safe

    workbook = Workbook()
    by_clause = workbook.active
    assert by_clause is not None
    by_clause.title = "条款 clauses"
    by_clause.append(CLAUSE_COLUMNS)
    for c in report.clauses:
        row: list[Any] = [
            f"（{c.number}）",
            c.title,
            _rules_text(c) or "无规则 / no rule",
            c.test_cases,
            f"{_channels_text(c, 0)} / {_channels_text(c, 1)}" if c.served_by else "",
            c.note_zh,
            c.note_en,
        ]
        by_clause.append([formula_safe(v) for v in row])
    by_rule = workbook.create_sheet("规则 rules")
    by_rule.append(RULE_COLUMNS)
    for c in report.clauses:
        for i in c.implementations:
            values: list[Any] = [
                f"（{c.number}）",
                i.code,
                i.kind,
                i.title,
                i.title_en,
                i.cites,
                i.test_file,
                i.test_cases,
            ]
            by_rule.append([formula_safe(v) for v in values])
    workbook.create_sheet("说明 notes").append([formula_safe(report.tests_note)])
    workbook.save(path)
