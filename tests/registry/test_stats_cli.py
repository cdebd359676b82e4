"""``linghuo stats new-employment``: entries by district and month, their total, the stock apart."""

from __future__ import annotations

import datetime
import json
import zoneinfo

import pytest
import time_machine
from click.testing import CliRunner

from linghuo.cli import cli
from linghuo.insights import statistics
from tests.registry.facts_helpers import contribution, register_on, roster
from tests.registry.helpers import person_in

D = datetime.date
HAIZHOU, DONGHAI = "320706", "320722"
ABOVE = 300_000  # 3,000 元: above every tier of the city's monthly minimum wage (苏政发〔2021〕)
NOW = datetime.datetime(2025, 1, 15, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def _run(*args: str) -> tuple[int, str, str]:
    with time_machine.travel(NOW, tick=False):
        result = CliRunner().invoke(cli, ["stats", "new-employment", *args])
    return result.exit_code, result.stdout, result.stderr


def _people() -> None:
    """Two people on a platform's roster every month of 2024 (Haizhou, from January); one registered in
    Donghai in January and insured from March (premiums paid from March)."""
    for sequence in (1, 2):
        person = person_in(HAIZHOU, sequence=sequence)
        for month in range(1, 13):
            roster(person, period=D(2024, month, 1), income_fen=ABOVE, division=HAIZHOU, start=D(2024, 1, 5))
    late = person_in(DONGHAI, sequence=3)
    register_on(late, D(2024, 1, 10), income_fen=ABOVE, division=DONGHAI)
    for month in range(3, 13):
        contribution(late, month=D(2024, month, 1), kind="enterprise_pension", paid_fen=64_000)


@pytest.mark.django_db
def test_it_prints_the_entries_by_district_and_month_the_total_and_the_stock_as_json() -> None:
    _people()
    code, out, _ = _run("--from", "2024-01", "--to", "2024-04", "--format", "json")
    assert code == 0
    table = json.loads(out)
    months = ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert table["months"] == months
    assert set(table["counts"]) == set(statistics.all_districts())  # every district, every month
    assert table["counts"][HAIZHOU] == dict(zip(months, [2, 0, 0, 0], strict=True))
    assert table["counts"][DONGHAI] == dict(zip(months, [0, 0, 1, 0], strict=True))
    assert table["total"] == 3  # entries: the two in January, the late one in March — not 2 × 4 + 2
    assert table["by_month"] == dict(zip(months, [2, 0, 1, 0], strict=True))
    assert table["stock"]["on"] == "2024-04-30"
    assert table["stock"]["total"] == 3
    assert table["stock"]["by_district"][HAIZHOU] == 2
    assert table["stock"]["by_district"][DONGHAI] == 1
    assert table["evaluated_on"]["2024-04"] == "2024-04-30"


@pytest.mark.django_db
def test_a_range_after_the_first_meeting_has_no_entries_but_the_stock() -> None:
    _people()
    code, out, _ = _run("--from", "2024-10", "--to", "2024-12", "--format", "json")
    table = json.loads(out)
    assert (code, table["total"], table["stock"]["total"]) == (0, 0, 3)


@pytest.mark.django_db
def test_it_prints_a_table_with_the_stock_labelled() -> None:
    _people()
    code, out, _ = _run("--from", "2024-01", "--to", "2024-02")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split("\t") == ["区县代码", "区县", "2024-01", "2024-02", "合计", "期末存量"]
    assert "\t".join([HAIZHOU, "海州区", "2", "0", "2", "2"]) in lines
    # on 29 February: the two on the roster; the late one is not insured before March
    assert any(line.startswith("期末符合条件人数（存量）") and line.endswith(": 2") for line in lines)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("2024/01", "2024-03", "月份「2024/01」格式不对"),
        ("2024-01", "2024-13", "月份「2024-13」格式不对"),
        ("2024-06", "2024-01", "起始月份 2024-06 晚于截止月份 2024-01"),
        ("2024-12", "2025-02", "不能统计未来的月份"),
        ("2021-09", "2021-12", "早于政策施行日期 2021-11-08"),
        ("2022-01", "2024-12", "一次最多统计24个月"),
    ],
)
def test_it_refuses_a_bad_range_with_a_message_in_chinese(first: str, last: str, message: str) -> None:
    code, out, err = _run("--from", first, "--to", last, "--format", "json")
    assert code != 0
    assert out == ""
    assert message in err


def test_it_asks_for_both_months() -> None:
    code, _, err = _run("--from", "2024-01")
    assert code != 0
    assert "--to" in err
