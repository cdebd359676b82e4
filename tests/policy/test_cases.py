"""The rule cases in YAML beside each measure: every file runs clean, every measure has some, and the
reader refuses what it cannot run, saying why in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from linghuo.policy import cases
from linghuo.policy.measures import registry

MEASURES = Path(cases.__file__).parent / "measures"


@pytest.mark.parametrize("path", cases.measure_case_files(), ids=lambda p: p.stem)
def test_it_finds_each_measures_cases_agreeing_with_the_engine(path: Path) -> None:
    results = cases.run_files([path])
    wrong = [
        (r.case.name, d.field, d.expected, d.got) for r in results if not r.passed for d in r.disagreements
    ]
    assert wrong == []
    assert results


@pytest.mark.parametrize("code", list(registry()))
def test_it_has_at_least_three_cases_for_every_measure(code: str) -> None:
    path = MEASURES / f"{code}.yaml"
    assert path.is_file(), f"no cases for {code}"
    loaded = cases.load_cases(path)
    assert len(loaded) >= 3
    assert all(c.measure == code and c.source.strip() for c in loaded)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


CASE = """\
- name: 海州区月最低工资
  on: 2024-03-01
  facts: {work_division: "320706"}
  expect: {eligible: true, amount_fen: 226000}
  source: parameters.md §1
"""


def test_it_reads_on_as_the_date_not_as_yes(tmp_path: Path) -> None:
    [case] = cases.load_cases(write(tmp_path, "minimum_wage.yaml", CASE))
    assert (case.measure, case.on.isoformat(), case.facts) == (
        "minimum_wage",
        "2024-03-01",
        {"work_division": "320706"},
    )


def test_it_reports_each_field_that_disagrees(tmp_path: Path) -> None:
    wrong = CASE.replace("amount_fen: 226000", "amount_fen: 207000, months: 3, notes: [x]")
    [result] = cases.run_files([write(tmp_path, "minimum_wage.yaml", wrong)])
    assert [(d.field, d.expected, d.got) for d in result.disagreements] == [
        ("amount_fen", 207000, 226000),
        ("months", 3, None),
        ("notes", ["x"], []),
    ]


def test_it_runs_an_organisation_measure_on_organisation_facts(tmp_path: Path) -> None:
    text = """\
- name: 只为3名中的2名缴费
  measure: part_time_work_injury_obligation
  on: 2024-03-01
  facts: {part_time_workers: 3, part_time_workers_injury_insured: 2}
  expect: {eligible: false, failed: [each_part_time_worker_insured]}
  source: （十一）
"""
    [result] = cases.run_files([write(tmp_path, "mine.yaml", text)])
    assert result.passed


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("minimum_wage.yaml", "- name: x\n  on: [\n", "不是有效的 YAML（第3行"),
        ("minimum_wage.yaml", "name: x\n", "应为用例列表"),
        ("no_such_measure.yaml", CASE, "未知的措施代码 'no_such_measure'"),
        ("registration_deadline.yaml", CASE, "是平台规则"),
        ("minimum_wage.yaml", CASE.replace("work_division", "colour"), "colour：未知的事实名称"),
        (
            "minimum_wage.yaml",
            CASE.replace("amount_fen", "amount_yuan"),
            "expect 中未知的字段 ['amount_yuan']",
        ),
        ("minimum_wage.yaml", CASE.replace("eligible: true, ", ""), "expect.eligible 必填"),
        ("minimum_wage.yaml", CASE.replace("  source: parameters.md §1\n", ""), "缺少 ['source']"),
        ("minimum_wage.yaml", CASE.replace("2024-03-01", "2024-02-30"), "不存在的日期或数值"),
        ("minimum_wage.yaml", CASE.replace("2024-03-01", "next monday"), "on 应为 YYYY-MM-DD"),
    ],
)
def test_it_refuses_a_file_it_cannot_run_saying_why(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    with pytest.raises(cases.CaseFileError, match=message.replace("[", r"\[").replace("(", r"\(")) as raised:
        cases.load_cases(write(tmp_path, name, text))
    assert name in str(raised.value)


def test_it_refuses_a_date_before_the_policy(tmp_path: Path) -> None:
    path = write(tmp_path, "minimum_wage.yaml", CASE.replace("2024-03-01", "2021-11-07"))
    with pytest.raises(cases.CaseFileError, match="早于政策施行日期 2021-11-08"):
        cases.run_files([path])
