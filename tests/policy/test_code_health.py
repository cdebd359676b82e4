"""What a review would otherwise have to remember: clauses cited, sources given, no literals in rules."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from linghuo.policy import clauses
from linghuo.policy.measures import platform_rules, registry
from linghuo.policy.parameters import CONFIDENCES, load

MEASURES_DIR = Path(importlib.import_module("linghuo.policy.measures").__file__ or "").parent
CLAUSE_NUMBERS = {c.number for c in clauses.all_clauses()}


def test_it_has_the_measures_of_this_step() -> None:
    assert {
        "social_insurance_subsidy",
        "new_urban_employment",
        "employment_registration",
        "hard_to_employ_certifiable",
        "minimum_wage",
        "statutory_retirement_date",
    } <= set(registry())
    assert "registration_deadline" in platform_rules()


@pytest.mark.parametrize("code", sorted(registry()))
def test_it_cites_an_existing_clause_for_every_measure_and_condition(code: str) -> None:
    measure = registry()[code]
    assert measure.clause in CLAUSE_NUMBERS
    for condition in measure.conditions:
        assert condition.clause in CLAUSE_NUMBERS, condition.code
        assert condition.label_zh, condition.code
        assert condition.label_en, condition.code
        for member in condition.members:
            assert member.clause in CLAUSE_NUMBERS, member.code


@pytest.mark.parametrize("code", sorted(platform_rules()))
def test_it_cites_an_existing_clause_for_every_platform_rule(code: str) -> None:
    assert platform_rules()[code].clause in CLAUSE_NUMBERS


@pytest.mark.parametrize("name", sorted(load().parameters))
def test_it_gives_every_parameter_value_a_reference_and_a_grade(name: str) -> None:
    parameter = load()[name]
    assert parameter.description
    for value in parameter.values:
        assert value.reference.title.strip()
        assert value.confidence in CONFIDENCES


@pytest.mark.parametrize("name", sorted(load().parameters))
def test_it_names_every_parameter_after_a_measure_or_rule(name: str) -> None:
    assert name.split(".", 1)[0] in {*registry(), *platform_rules(), *_catalogue_codes()}


def _catalogue_codes() -> set[str]:
    # parameters prepared for measures of the catalogue not written yet
    return {"startup_guarantee_loan", "incubator_construction_subsidy", "contribution_base_range"}


DATE_CONSTRUCTORS = {"date", "datetime", "fromisoformat", "strptime"}


def _literal_problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float) and node.value not in (0, 1):
            problems.append(f"{path.name}:{node.lineno}: literal {node.value!r}")
        if isinstance(node, ast.Call):
            func = node.func
            name = (
                func.attr
                if isinstance(func, ast.Attribute)
                else func.id
                if isinstance(func, ast.Name)
                else ""
            )
            if name in DATE_CONSTRUCTORS:
                problems.append(f"{path.name}:{node.lineno}: date constructed in a rule")
    return problems


@pytest.mark.parametrize("path", sorted(MEASURES_DIR.glob("*.py")), ids=lambda p: p.name)
def test_it_keeps_money_and_dates_out_of_measure_modules(path: Path) -> None:
    assert _literal_problems(path) == []


def test_the_literal_scan_catches_an_amount_and_a_date(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import datetime as dt\nX = 50000\nY = dt.date(2021, 11, 8)\n", encoding="utf-8")
    assert len(_literal_problems(bad)) == 5  # 50000, the date call, and its three numbers


def _is_cast(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "cast"


def _enum_text_problems(path: Path) -> list[str]:
    """Comparisons of a fact cast to text with a string written out: a misspelt value would match nothing."""
    problems = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            texts = [s for s in sides if isinstance(s, ast.Constant) and isinstance(s.value, str)]
            if texts and any(_is_cast(s) for s in sides):
                problems.append(f"{path.name}:{node.lineno}: compares with {texts[0].value!r}")
    return problems


RULE_MODULES = sorted([*MEASURES_DIR.glob("*.py"), MEASURES_DIR.parent / "expressions.py"])


@pytest.mark.parametrize("path", RULE_MODULES, ids=lambda p: p.name)
def test_it_compares_enum_facts_with_the_enums_members(path: Path) -> None:
    assert _enum_text_problems(path) == []


def test_the_enum_scan_catches_a_value_written_out(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        'ok = f.sex.cast(pl.String) == Sex.MALE\nbad = f.sex.cast(pl.String) == "male"\n', encoding="utf-8"
    )
    assert _enum_text_problems(bad) == ["bad.py:2: compares with 'male'"]
