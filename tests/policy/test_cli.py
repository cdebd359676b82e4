"""``linghuo rules``: evaluate, list, show and params, through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from linghuo.cli.rules import rules

GRADUATE = {
    "person_id": "p1",
    "employment_form": "platform",
    "work_division": "320706",
    "si_paid_fen": 120000,
    "si_base_is_minimum": True,
    "college_left_on": "2022-03-01",
    "dibao": None,
}


def write(tmp_path: Path, data: object) -> str:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_it_evaluates_one_object_in_the_issues_json_shape(tmp_path: Path) -> None:
    result = CliRunner().invoke(rules, ["evaluate", write(tmp_path, GRADUATE), "--on", "2022-06-01"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert set(out) == {"rules_version", "evaluated_on", "results"}
    assert out["evaluated_on"] == "2022-06-01"
    [person] = out["results"]
    assert person["person_id"] == "p1"
    subsidy = next(m for m in person["measures"] if m["code"] == "social_insurance_subsidy")
    assert (subsidy["eligible"], subsidy["amount_fen"], subsidy["months"]) == (True, 80000, 24)
    assert subsidy["amount_min_fen"] is None


def test_it_evaluates_a_list(tmp_path: Path) -> None:
    data = [GRADUATE, {**GRADUATE, "person_id": "p2", "employment_form": "employee"}]
    result = CliRunner().invoke(rules, ["evaluate", write(tmp_path, data), "--on", "2022-06-01"])
    assert [r["person_id"] for r in json.loads(result.output)["results"]] == ["p1", "p2"]


def test_it_applies_a_what_if_override(tmp_path: Path) -> None:
    args = ["evaluate", write(tmp_path, GRADUATE), "--on", "2022-06-01"]
    base = json.loads(CliRunner().invoke(rules, args).output)
    what_if = json.loads(
        CliRunner()
        .invoke(rules, [*args, "--set", "social_insurance_subsidy.ratio_on_minimum_base[default]=1/2"])
        .output
    )
    amount = [
        m["amount_fen"] for m in what_if["results"][0]["measures"] if m["code"] == "social_insurance_subsidy"
    ]
    assert amount == [60000]
    assert what_if["rules_version"] != base["rules_version"]


def test_it_refuses_a_date_before_the_policy(tmp_path: Path) -> None:
    result = CliRunner().invoke(rules, ["evaluate", write(tmp_path, GRADUATE), "--on", "2021-11-07"])
    assert result.exit_code == 1
    assert "早于政策施行日期 2021-11-08" in result.output


def test_it_refuses_bad_facts_naming_the_person(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        rules, ["evaluate", write(tmp_path, {**GRADUATE, "si_paid_fen": -1}), "--on", "2022-06-01"]
    )
    assert result.exit_code == 1
    assert "p1" in result.output
    assert "amount cannot be negative" in result.output


def test_it_prints_text_explanations(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        rules, ["evaluate", write(tmp_path, GRADUATE), "--on", "2022-06-01", "--format", "text"]
    )
    assert "✔ social_insurance_subsidy" in result.output
    assert "金额：800.00元" in result.output


def test_it_lists_the_measures_and_rules() -> None:
    result = CliRunner().invoke(rules, ["list"])
    assert "social_insurance_subsidy" in result.output
    assert "registration_deadline" in result.output


def test_it_shows_a_measure_with_its_clause_conditions_and_sources() -> None:
    result = CliRunner().invoke(rules, ["show", "social_insurance_subsidy", "--on", "2022-06-01"])
    assert result.exit_code == 0, result.output
    assert "落实灵活就业社保补贴" in result.output
    assert "除外 unless receiving_unemployment_benefit" in result.output
    assert "social_insurance_subsidy.ratio_on_minimum_base" in result.output


def test_it_refuses_an_unknown_code() -> None:
    result = CliRunner().invoke(rules, ["show", "nothing"])
    assert result.exit_code == 1
    assert "unknown measure code" in result.output


def test_it_lists_every_parameter_with_dates_sources_and_grades() -> None:
    text = CliRunner().invoke(rules, ["params"]).output
    assert "from 2021-08-01: 1=2280元, 2=2070元, 3=1840元  [A] 苏人社发〔2021〕72号" in text
    data = json.loads(CliRunner().invoke(rules, ["params", "--format", "json"]).output)
    assert data["minimum_wage.tier"]["values"][-1]["confidence"] == "unconfirmed"
