"""``linghuo screen`` from the command line."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from click.testing import CliRunner

from linghuo.cli import cli


def test_it_screens_a_file_and_says_how_many(population: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    args = ["screen", "--input", str(population), "--output", str(out), "--on", "2024-03-01", "--no-progress"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "已筛查 3,000 人" in result.output
    assert pl.read_parquet(out).height == 3_000


def test_it_explains_a_bad_date_in_chinese(population: Path, tmp_path: Path) -> None:
    args = [
        "screen",
        "--input",
        str(population),
        "--output",
        str(tmp_path / "o.parquet"),
        "--on",
        "2020-01-01",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "早于政策施行日期" in result.output


def test_it_screens_only_the_measures_named(population: Path, tmp_path: Path) -> None:
    out = tmp_path / "four.parquet"
    four = "social_insurance_subsidy,new_urban_employment,pension_enrollment,startup_subsidy_once"
    args = ["screen", "--input", str(population), "--output", str(out), "--on", "2024-03-01"]
    result = CliRunner().invoke(cli, [*args, "--measures", four, "--no-progress"])
    assert result.exit_code == 0, result.output
    columns = pl.read_parquet(out).columns
    assert columns == ["person_id"] + [
        f"{code}_{part}" for code in four.split(",") for part in ("eligible", "amount_fen", "failed")
    ]


def test_it_refuses_an_unknown_measure_code_with_the_valid_ones(population: Path, tmp_path: Path) -> None:
    args = [
        "screen",
        "--input",
        str(population),
        "--output",
        str(tmp_path / "o.parquet"),
        "--on",
        "2024-03-01",
    ]
    result = CliRunner().invoke(cli, [*args, "--measures", "new_urban_employment,no_such_measure"])
    assert result.exit_code == 2
    assert "未知的措施代码：no_such_measure" in result.output
    assert "social_insurance_subsidy" in result.output  # the valid codes are listed
    assert not (tmp_path / "o.parquet").exists()
