"""``linghuo rules coverage``: every clause against its rules, their test cases, and how the rest is
served."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from linghuo.cli.rules import rules
from linghuo.policy import clauses
from linghuo.policy.coverage import CHANNELS, count_test_cases, coverage, write_excel
from linghuo.policy.measures import platform_rules, registry

NUMBERS = [c.number for c in clauses.all_clauses()]


def test_it_lists_every_clause_once_in_the_order_of_the_text() -> None:
    assert [c.number for c in coverage().clauses] == NUMBERS
    assert len(NUMBERS) == 18


@pytest.mark.parametrize("code", sorted({*registry(), *platform_rules()}))
def test_it_lists_every_measure_and_rule_under_its_own_clause(code: str) -> None:
    own = registry()[code].clause if code in registry() else platform_rules()[code].clause
    listed = {i.code: i.cites for i in coverage().clause(own).implementations}
    assert listed.get(code) == "own"


def test_it_lists_a_measure_under_a_clause_one_of_its_conditions_cites() -> None:
    listed = {i.code: i.cites for i in coverage().clause("九").implementations}
    assert listed["training_provider_subsidy"] == "condition"  # own clause 七, conditions cite 九


@pytest.mark.parametrize("number", [c.number for c in coverage().clauses if not c.implementations])
def test_it_says_how_a_clause_without_a_rule_is_served_or_why_not(number: str) -> None:
    c = coverage().clause(number)
    assert c.served_by, number
    assert c.note_zh.strip()
    assert c.note_en.strip()


def test_it_has_no_rule_for_the_clauses_that_create_no_individual_entitlement() -> None:
    report = coverage()
    assert [c.number for c in report.clauses if not c.implementations] == [
        "三",
        "六",
        "八",
        "十",
        "十六",
        "十七",
        "十八",
    ]
    for number in ("十六", "十七", "十八"):
        assert "department_duties" in {s.channel for s in report.clause(number).served_by}


def test_it_marks_what_the_platform_has_not_built_yet_as_planned() -> None:
    report = coverage()
    assert {(s.channel, s.status) for s in report.clause("十").served_by} >= {("complaints", "planned")}
    assert {(s.channel, s.status) for s in report.clause("十三").served_by} >= {("market", "planned")}
    assert {(s.channel, s.status) for s in report.clause("十五").served_by} >= {("registry", "built")}


def test_it_counts_the_test_cases_of_each_rule_from_its_test_file() -> None:
    c = coverage().clause("十三")
    posting = next(i for i in c.implementations if i.code == "posting_minimum_pay")
    assert posting.test_file == "tests/policy/measures/test_posting_minimum_pay.py"
    path = Path(__file__).parent / "measures" / "test_posting_minimum_pay.py"
    assert posting.test_cases == count_test_cases(path)
    assert posting.test_cases is not None
    assert posting.test_cases > 15  # the parametrized cases of both sides of each date count one by one


def test_it_counts_test_functions_and_parametrized_cases(tmp_path: Path) -> None:
    path = tmp_path / "test_x.py"
    path.write_text(
        "import pytest\n"
        "CASES = [1, 2]\n"
        "def test_a(): pass\n"
        "@pytest.mark.parametrize('x', [1, 2, 3])\n"
        "def test_b(x): pass\n"
        "@pytest.mark.parametrize('x', [1, 2])\n"
        "@pytest.mark.parametrize(argnames='y', argvalues=(1, 2))\n"
        "def test_c(x, y): pass\n"
        "@pytest.mark.parametrize('x', CASES)\n"
        "def test_d(x): pass\n"
        "def helper(): pass\n",
        encoding="utf-8",
    )
    assert count_test_cases(path) == 1 + 3 + 4 + 1


def test_it_says_so_when_the_tests_folder_is_absent(tmp_path: Path) -> None:
    report = coverage(tmp_path / "nowhere")
    assert not report.tests_found
    assert "no tests folder" in report.tests_note
    assert report.clause("十二").test_cases is None
    assert all(i.test_cases is None for c in report.clauses for i in c.implementations)


def test_it_counts_no_case_for_a_rule_without_a_test_file(tmp_path: Path) -> None:
    report = coverage(tmp_path)
    assert report.tests_found
    assert report.clause("十二").test_cases == 0


def test_the_cli_prints_a_text_table(tmp_path: Path) -> None:
    result = CliRunner().invoke(rules, ["coverage"])
    assert result.exit_code == 0, result.output
    for number in NUMBERS:
        assert f"（{number}）" in result.output
    assert "posting_minimum_pay" in result.output
    assert "无规则 / no rule" in result.output


def test_the_cli_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "coverage.json"
    result = CliRunner().invoke(rules, ["coverage", "--format", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    assert [c["number"] for c in data["clauses"]] == NUMBERS
    eleven = next(c for c in data["clauses"] if c["number"] == "十一")
    assert "part_time_work_injury_obligation" in {i["code"] for i in eleven["implementations"]}
    assert {s["channel"] for c in data["clauses"] for s in c["served_by"]} <= set(CHANNELS)


def test_the_cli_writes_an_excel_workbook_read_back(tmp_path: Path) -> None:
    out = tmp_path / "coverage.xlsx"
    result = CliRunner().invoke(rules, ["coverage", "--format", "excel", "--out", str(out)])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    by_clause = list(book["条款 clauses"].iter_rows(values_only=True))
    assert len(by_clause) == 1 + 18
    assert [row[0] for row in by_clause[1:]] == [f"（{n}）" for n in NUMBERS]
    codes = {row[1] for row in book["规则 rules"].iter_rows(min_row=2, values_only=True)}
    assert codes >= {*registry(), *platform_rules()}


def test_the_cli_asks_for_a_file_for_excel() -> None:
    result = CliRunner().invoke(rules, ["coverage", "--format", "excel"])
    assert result.exit_code != 0
    assert "--out" in result.output


def test_the_excel_cells_never_start_a_formula(tmp_path: Path) -> None:
    report = coverage()
    first = dataclasses.replace(report.clauses[0], note_zh="=1+1", note_en="-2")
    path = tmp_path / "c.xlsx"
    write_excel(dataclasses.replace(report, clauses=(first, *report.clauses[1:])), path)
    row = next(load_workbook(path)["条款 clauses"].iter_rows(min_row=2, values_only=True))
    assert row[5:7] == ("'=1+1", "'-2")
