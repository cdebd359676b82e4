"""``linghuo roster import`` and ``linghuo contributions import``: a JSON summary, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from linghuo.cli import cli
from linghuo.collection.models import RosterEntry
from linghuo.registry.models import Organisation
from tests.collection.files import CONTRIBUTION_HEADERS, contribution_row, csv_bytes, roster_row, xlsx


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.django_db
def test_it_prints_exactly_the_json_summary(organisation: Organisation, tmp_path: Path) -> None:
    roster = tmp_path / "名册.xlsx"
    roster.write_bytes(xlsx([roster_row(0), roster_row(1, income="?"), roster_row(2)]))
    arguments = ("roster", "import", str(roster), "--organisation", organisation.uscc, "--period", "2024-03")

    code, out, _ = _run(*arguments)
    again_code, again, _ = _run(*arguments)

    summary = json.loads(out)
    assert code == 0
    assert list(summary) == ["accepted", "unchanged", "rejected", "error_report"]
    assert (summary["accepted"], summary["unchanged"], summary["rejected"]) == (2, 0, 1)
    assert Path(summary["error_report"]).is_file()
    assert (again_code, json.loads(again)["accepted"], json.loads(again)["unchanged"]) == (0, 0, 2)
    assert RosterEntry.objects.count() == 2


@pytest.mark.django_db
def test_it_prints_null_when_every_row_is_good(tmp_path: Path) -> None:
    records = tmp_path / "缴费.csv"
    records.write_bytes(csv_bytes([contribution_row(0)], headers=CONTRIBUTION_HEADERS))

    code, out, _ = _run("contributions", "import", str(records))

    assert code == 0
    assert json.loads(out) == {"accepted": 1, "unchanged": 0, "rejected": 0, "error_report": None}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("organisation_code", "period", "exists", "message"),
    [
        ("91320700MA1ZZZZZ0Z", "2024-03", True, "没有统一社会信用代码为"),
        ("91320700MA1XXXXX0A", "2024/03", True, "格式不对"),
        ("91320700MA1XXXXX0A", "2019-12", True, "不在"),
        ("91320700MA1XXXXX0A", "2024-03", False, "文件不存在"),
    ],
)
def test_it_refuses_bad_arguments_in_chinese(
    organisation: Organisation,
    tmp_path: Path,
    organisation_code: str,
    period: str,
    exists: bool,
    message: str,
) -> None:
    roster = tmp_path / "名册.csv"
    if exists:
        roster.write_bytes(csv_bytes([roster_row(0)]))

    code, out, err = _run(
        "roster", "import", str(roster), "--organisation", organisation_code, "--period", period
    )

    assert code != 0
    assert message in err
    assert out == ""
    assert RosterEntry.objects.count() == 0


@pytest.mark.django_db
def test_it_refuses_a_corrupt_file_with_a_non_zero_exit(organisation: Organisation, tmp_path: Path) -> None:
    roster = tmp_path / "名册.xlsx"
    roster.write_bytes(b"not a workbook at all")

    code, _, err = _run(
        "roster", "import", str(roster), "--organisation", organisation.uscc, "--period", "2024-03"
    )

    assert code != 0
    assert "不是有效的 Excel" in err
