"""``--on`` takes a date written exactly YYYY-MM-DD between 1900 and 2100 on every command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from linghuo.cli import cli
from linghuo.cli.rules import rules

LOOSE = ["20261203", "2026-W49-4", "2026-1-3", "9999-12-31"]


@pytest.mark.parametrize("on", LOOSE)
def test_it_refuses_a_loose_evaluation_date(tmp_path: Path, on: str) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"person_id": "p1"}), encoding="utf-8")
    result = CliRunner().invoke(rules, ["evaluate", str(facts), "--on", on])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output or "超出" in result.output


@pytest.mark.parametrize("on", LOOSE)
def test_it_refuses_a_loose_date_when_showing_a_measure(on: str) -> None:
    result = CliRunner().invoke(rules, ["show", "new_urban_employment", "--on", on])
    assert result.exit_code == 2


@pytest.mark.parametrize("command", ["screen", "simulate"])
def test_the_screening_commands_refuse_a_loose_date(command: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, [command, "--input", str(tmp_path / "x.parquet"), "--on", "20261203"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output
