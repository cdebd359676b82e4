"""``linghuo rules test FILE…``: YAML rule cases from the command line, through click's runner."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from linghuo.cli.rules import rules
from linghuo.policy import cases

# 苏人社发〔2021〕72号: 海州区 (tier 2) 2070 CNY a month from 2021-08-01; 2260 from 2024-01-01.
RIGHT = """\
- name: 海州区2024年月最低工资2260元
  on: 2024-03-01
  facts: {work_division: "320706"}
  expect: {eligible: true, amount_fen: 226000}
  source: parameters.md §1
"""
WRONG = """\
- name: 故意写错的用例
  on: 2024-03-01
  facts: {work_division: "320706"}
  expect: {eligible: true, amount_fen: 207000}
  source: 2021年的标准（已被2024年标准取代）
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_it_prints_the_tally_and_exits_0_when_every_case_agrees(tmp_path: Path) -> None:
    result = CliRunner().invoke(rules, ["test", write(tmp_path, "minimum_wage.yaml", RIGHT)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["1 passed, 0 failed"]


def test_it_prints_each_disagreement_and_exits_1(tmp_path: Path) -> None:
    text = RIGHT + "\n" + WRONG
    result = CliRunner().invoke(rules, ["test", write(tmp_path, "minimum_wage.yaml", text)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "故意写错的用例" in lines[0]
    assert "amount_fen: 期望 expected 207000，实际 got 226000" in lines[1]
    assert "海州区2024年月最低工资2260元" not in result.output
    assert lines[-1] == "1 passed, 1 failed"


def test_it_runs_several_files(tmp_path: Path) -> None:
    files = [
        write(tmp_path, "minimum_wage.yaml", RIGHT),
        write(tmp_path, "other.yaml", RIGHT.replace("  on:", "  measure: minimum_wage\n  on:")),
    ]
    result = CliRunner().invoke(rules, ["test", *files])
    assert result.output.splitlines()[-1] == "2 passed, 0 failed"


def test_it_says_in_chinese_which_file_is_not_valid_yaml(tmp_path: Path) -> None:
    result = CliRunner().invoke(rules, ["test", write(tmp_path, "minimum_wage.yaml", "- name: x\n  on: [\n")])
    assert result.exit_code == 1
    assert "minimum_wage.yaml：不是有效的 YAML（第3行" in result.output
    assert "passed" not in result.output


def test_it_names_an_unknown_fact_and_its_case(tmp_path: Path) -> None:
    path = write(tmp_path, "minimum_wage.yaml", RIGHT.replace("work_division", "work_district"))
    result = CliRunner().invoke(rules, ["test", path])
    assert result.exit_code == 1
    assert "第1个用例「海州区2024年月最低工资2260元」" in result.output
    assert "work_district：未知的事实名称" in result.output


def test_it_runs_every_measures_cases_without_a_file() -> None:
    total = sum(len(cases.load_cases(p)) for p in cases.measure_case_files())
    result = CliRunner().invoke(rules, ["test"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"{total} passed, 0 failed"]
    assert total >= 3 * len(cases.measure_case_files())
