"""What-if runs: counts and spending before and after, gains and losses, and the three outputs."""

from __future__ import annotations

import datetime as dt
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


PLATFORM_RULES = {"statutory_retirement_date", "minimum_wage"}  # policy-catalog.md: rules the platform keeps
STARTUP = "startup_subsidy_once"
OTHER_GROUPS_AMOUNT = "startup_subsidy_once.amount_other_groups"


def test_it_leaves_the_platform_rules_out_of_the_tables_and_the_spending(population: Path) -> None:
    # 十五: the minimum wage is the threshold new urban employment reads, not money paid to anyone
    result = simulate_parquet(population, on=ON, overrides=HIGHER_MINIMUM_WAGE, months=2)
    for table in (result.by_measure, result.by_district, result.by_month):
        assert not PLATFORM_RULES & set(table["measure"])
    assert not PLATFORM_RULES & set(result.changed_measures)
    assert "new_urban_employment" in result.changed_measures  # it reads the minimum wage
    document = json.loads(simulation_report.as_json(result))
    assert not PLATFORM_RULES & {row["measure"] for row in document["by_measure"]}
    book = load_workbook(io.BytesIO(simulation_report.as_excel(result)))
    cells = {c.value for row in book["按措施"].iter_rows() for c in row}
    assert not {"最低工资标准", "法定退休日期", *PLATFORM_RULES} & cells


def startup_founders() -> pl.DataFrame:
    """Three veterans running a business since 2023 (（一）'退役军人', the other groups' amount not found)
    and a graduate whose business, founded two months after leaving college, employs one other person
    and has operated over 6 months (（一）, the students' and graduates' 5,000 yuan)."""
    return pl.DataFrame(
        {
            "person_id": ["v1", "v2", "v3", "g1"],
            "work_division": ["320706", "320706", "320722", "320706"],
            "veteran": [True, True, True, False],
            "college_left_on": [None, None, None, dt.date(2023, 7, 1)],
            "business_founded_on": [dt.date(2023, 5, 1)] * 3 + [dt.date(2023, 9, 1)],
            "business_employees": [0, 0, 0, 1],
        }
    )


def test_it_counts_the_eligible_people_without_an_amount_and_says_why() -> None:
    # （一）: the amount for veterans, farmers and the unemployed was not found; it is unset, so three of
    # the four eligible founders have no amount and the total is the graduate's 5,000 yuan only
    result = simulate_frames(
        lambda: [startup_founders()], on=ON, overrides={OTHER_GROUPS_AMOUNT: "8000"}, months=2
    )
    got = _by_measure(result.by_measure, STARTUP)
    assert (got["eligible_before"], got["spending_before_fen"], got["no_amount_before"]) == (4, 500_000, 3)
    # a what-if that sets the missing amount pays everyone
    assert (got["eligible_after"], got["spending_after_fen"], got["no_amount_after"]) == (
        4,
        500_000 + 3 * 800_000,
        0,
    )
    assert result.unset_before[STARTUP] == (OTHER_GROUPS_AMOUNT,)
    assert STARTUP not in result.unset_after
    assert result.by_month.filter(pl.col("measure") == STARTUP)["no_amount_before"].to_list() == [3, 3]
    by_district = result.by_district.filter(pl.col("measure") == STARTUP).sort("district")
    assert by_district["no_amount_before"].to_list() == [2, 1]
    document = json.loads(simulation_report.as_json(result))
    reason = document["no_amount_reasons"][STARTUP]
    assert OTHER_GROUPS_AMOUNT in reason["zh"]
    assert "未确认" in reason["zh"]
    assert OTHER_GROUPS_AMOUNT in reason["en"]
    assert "unconfirmed" in reason["en"]
    assert "3 人符合条件但金额待定" in simulation_report.as_table(result)


def test_a_measure_that_gives_no_money_has_no_amount_to_wait_for() -> None:
    result = simulate_frames(lambda: [startup_founders()], on=ON, overrides={OTHER_GROUPS_AMOUNT: "8000"})
    premises = _by_measure(result.by_measure, "free_premises_priority")  # a priority, not money
    assert premises["no_amount_before"] is None
    assert premises["spending_before_fen"] is None


def test_the_workbook_names_measures_and_districts_with_their_codes_beside() -> None:
    result = simulate_frames(lambda: [startup_founders()], on=ON, overrides={OTHER_GROUPS_AMOUNT: "8000"})
    book = load_workbook(io.BytesIO(simulation_report.as_excel(result)))
    rows = [[c.value for c in row] for row in book["按措施和区划"].iter_rows()]
    header = rows[0]
    assert header[:4] == ["措施", "措施代码", "区划", "区划代码"]
    assert ["一次性创业补贴", STARTUP, "东海县", "320722"] in [r[:4] for r in rows[1:]]
    by_measure = [[c.value for c in row] for row in book["按措施"].iter_rows()]
    assert by_measure[0][:2] == ["措施", "措施代码"]
    startup = next(r for r in by_measure if r[1] == STARTUP)
    assert startup[0] == "一次性创业补贴"
    reason = startup[by_measure[0].index("金额待定原因")]
    assert isinstance(reason, str)
    assert OTHER_GROUPS_AMOUNT in reason
    about = {row[0].value: str(row[1].value) for row in book["说明"].iter_rows()}
    assert "一次性创业补贴" in about["受影响措施"]


def test_a_guaranteed_loan_is_lent_not_spent() -> None:
    # （一）"富民创业担保贷款及贴息": the bank lends the amount under the guarantee; it is no public spending
    founders = startup_founders().with_columns(
        employment_form=pl.lit("platform"), loan_for_tools=pl.lit(True), loan_requested_fen=pl.lit(10_000_000)
    )
    result = simulate_frames(lambda: [founders], on=ON, overrides={OTHER_GROUPS_AMOUNT: "8000"})
    loan = _by_measure(result.by_measure, "startup_guarantee_loan")
    assert loan["eligible_before"] == 4
    assert loan["spending_before_fen"] is None
    assert loan["no_amount_before"] is None
