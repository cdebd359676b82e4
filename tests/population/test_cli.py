"""``linghuo demo-data persons``: writes the file, and refuses bad input in Chinese without leaving a
partial file behind."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from linghuo.cli import cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["demo-data", "persons", *args])
    return result.exit_code, result.output


def test_it_writes_the_requested_number_of_residents(tmp_path: Path) -> None:
    out = tmp_path / "people.parquet"
    code, output = run("--count", "2500", "--out", str(out), "--seed", "4")
    assert code == 0, output
    assert "已写入 2,500 人" in output
    people = pl.read_parquet(out)
    assert people.height == 2500
    assert people.equals(pl.read_parquet(out))


def test_it_refuses_a_count_of_zero_in_chinese(tmp_path: Path) -> None:
    code, output = run("--count", "0", "--out", str(tmp_path / "x.parquet"))
    assert code == 2
    assert "人数必须为正整数" in output
    assert list(tmp_path.iterdir()) == []


def test_it_refuses_a_negative_count(tmp_path: Path) -> None:
    code, output = run("--count", "-5", "--out", str(tmp_path / "x.parquet"))
    assert code == 2
    assert "人数必须为正整数" in output


def test_it_refuses_a_missing_directory_in_chinese(tmp_path: Path) -> None:
    code, output = run("--count", "10", "--out", str(tmp_path / "missing" / "x.parquet"))
    assert code == 2
    assert "输出目录不存在" in output


def test_it_refuses_a_directory_as_output(tmp_path: Path) -> None:
    code, output = run("--count", "10", "--out", str(tmp_path))
    assert code == 2
    assert "输出路径是一个目录" in output


def test_it_reports_a_write_failure_in_chinese_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", fail)  # the last step: the file is complete but cannot be put in place
    code, output = run("--count", "10", "--out", str(tmp_path / "x.parquet"))
    assert code == 1
    assert "无法写入" in output
    assert list(tmp_path.iterdir()) == []
