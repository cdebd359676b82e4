"""What-if runs: counts and spending before and after, gains and losses, and the three outputs."""

from __future__ import annotations

import io
import json
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from linghuo.cli import cli
from linghuo.policy.parameters import load
from linghuo.screening import simulation_report
from linghuo.screening.errors import ScreeningError
from linghuo.screening.results import screen_frame
from linghuo.screening.simulation import parse_parameter_overrides, simulate_frames, simulate_parquet
from tests.screening.conftest import ON

# 最低工资: Lianyungang's divisions are in tiers 2 and 3; raising both makes some incomes fall short.
HIGHER_MINIMUM_WAGE = {"minimum_wage.monthly[2]": "3500", "minimum_wage.monthly[3]": "3500"}
RATIO_TWO_THIRDS = {"social_insurance_subsidy.ratio_above_minimum_base[default]": "2/3"}


def _by_measure(result: pl.DataFrame, code: str) -> dict[str, int]:
    row = result.filter(pl.col("measure") == code).row(0, named=True)
    return {k: v for k, v in row.items() if k != "measure"}


def test_it_counts_the_people_who_lose_when_the_minimum_wage_rises(population: Path) -> None:
    result = simulate_parquet(population, on=ON, overrides=HIGHER_MINIMUM_WAGE)
    facts = pl.read_parquet(population)
    before = screen_frame(facts, on=ON)["new_urban_employment_eligible"]
    after = screen_frame(facts, on=ON, params=load(overrides=HIGHER_MINIMUM_WAGE))[
        "new_urban_employment_eligible"
    ]
    got = _by_measure(result.by_measure, "new_urban_employment")
    assert got["eligible_before"] == before.sum()
    assert got["eligible_after"] == after.sum()
    assert got["lost"] == (before & ~after).sum() > 0
    assert got["gained"] == 0  # a higher threshold qualifies nobody new
    assert "new_urban_employment" in result.changed_measures


def test_it_sums_spending_before_and_after_a_higher_ratio(population: Path) -> None:
    result = simulate_parquet(population, on=ON, overrides=RATIO_TWO_THIRDS)
    facts = pl.read_parquet(population)
    before = screen_frame(facts, on=ON)["social_insurance_subsidy_amount_fen"].sum()
    after = screen_frame(facts, on=ON, params=load(overrides=RATIO_TWO_THIRDS))[
        "social_insurance_subsidy_amount_fen"
    ].sum()
    got = _by_measure(result.by_measure, "social_insurance_subsidy")
    assert (got["spending_before_fen"], got["spending_after_fen"]) == (before, after)
    assert after > before
    assert result.changed_measures == ("social_insurance_subsidy",)


def test_it_breaks_down_by_district_and_month(population: Path) -> None:
    result = simulate_parquet(population, on=ON, overrides=RATIO_TWO_THIRDS, months=3)
    facts = pl.read_parquet(population)
    district = facts.select(pl.coalesce("work_division", "hukou_division")).to_series()
    by_district = result.by_district.filter(pl.col("measure") == "new_urban_employment")
    assert set(by_district["district"]) == set(district.fill_null("未知"))
    assert (
        by_district["eligible_before"].sum()
        == _by_measure(result.by_measure, "new_urban_employment")["eligible_before"]
    )
    assert result.by_month["date"].unique().sort().to_list() == [ON, ON.replace(month=4), ON.replace(month=5)]


def test_it_refuses_an_unknown_parameter_in_chinese() -> None:
    with pytest.raises(ScreeningError, match="没有参数"):
        parse_parameter_overrides(["social_insurance_subsidy.no_such=1"])


def test_it_refuses_a_ratio_outside_what_the_policy_allows() -> None:
    # 十二: "不低于1/2，不高于2/3"
    with pytest.raises(ScreeningError, match="超出政策允许范围"):
        parse_parameter_overrides(["social_insurance_subsidy.ratio_on_minimum_base[default]=3/4"])


def test_it_writes_json_with_every_table(population: Path) -> None:
    result = simulate_parquet(population, on=ON, overrides=RATIO_TWO_THIRDS)
    document = json.loads(simulation_report.as_json(result))
    assert document["persons"] == 3_000
    assert {"by_measure", "by_district", "by_month"} <= set(document)
    assert document["overrides"] == RATIO_TWO_THIRDS


def test_it_keeps_excel_cells_from_starting_a_formula() -> None:
    facts = pl.DataFrame({"person_id": ["a"], "work_division": ["=HYPERLINK(1)"]})
    result = simulate_frames(lambda: [facts], on=ON, overrides=RATIO_TWO_THIRDS)
    book = load_workbook(io.BytesIO(simulation_report.as_excel(result)))
    cells = [c.value for row in book["按措施和区划"].iter_rows() for c in row]
    assert "'=HYPERLINK(1)" in cells
    assert "=HYPERLINK(1)" not in cells


def test_it_prints_a_table_from_the_command_line(population: Path, tmp_path: Path) -> None:
    args = ["simulate", "--input", str(population), "--on", "2024-03-01"]
    result = CliRunner().invoke(
        cli, [*args, "--set", "social_insurance_subsidy.ratio_above_minimum_base[default]=2/3"]
    )
    assert result.exit_code == 0, result.output
    assert "调整后支出（元）" in result.output
    out = tmp_path / "what-if.xlsx"
    excel = CliRunner().invoke(
        cli, [*args, "--set", "minimum_wage.monthly[2]=3000", "--format", "excel", "--out", str(out)]
    )
    assert excel.exit_code == 0, excel.output
    assert "按措施" in load_workbook(out).sheetnames


def test_it_explains_a_refused_value_on_the_command_line(population: Path) -> None:
    args = [
        "simulate",
        "--input",
        str(population),
        "--set",
        "social_insurance_subsidy.ratio_on_minimum_base[default]=1/3",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "超出政策允许范围" in result.output
