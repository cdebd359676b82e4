"""Unusable input is refused before any work, in Chinese (with English)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from linghuo.screening.errors import ScreeningError
from linghuo.screening.results import screen_frame
from linghuo.screening.run import screen_parquet
from tests.screening.conftest import ON


def test_it_refuses_a_missing_input(tmp_path: Path) -> None:
    with pytest.raises(ScreeningError, match="输入文件不存在"):
        screen_parquet(tmp_path / "none.parquet", tmp_path / "o.parquet", on=ON)


def test_it_refuses_a_file_that_is_not_parquet(tmp_path: Path) -> None:
    source = tmp_path / "persons.parquet"
    source.write_text("person_id\nP1\n", "utf-8")
    with pytest.raises(ScreeningError, match="不是有效的 Parquet 文件"):
        screen_parquet(source, tmp_path / "o.parquet", on=ON)


def test_it_refuses_a_date_before_the_policy(population: Path, tmp_path: Path) -> None:
    with pytest.raises(ScreeningError, match="早于政策施行日期"):
        screen_parquet(population, tmp_path / "o.parquet", on=dt.date(2021, 11, 7))


def test_it_names_a_column_of_the_wrong_type(tmp_path: Path) -> None:
    source = tmp_path / "persons.parquet"
    pl.DataFrame({"person_id": ["a"], "birth_date": ["1980-01-01"], "dibao": [1]}).write_parquet(source)
    with pytest.raises(ScreeningError) as caught:
        screen_parquet(source, tmp_path / "o.parquet", on=ON)
    assert "列 birth_date 的类型" in caught.value.zh
    assert "列 dibao 的类型" in caught.value.zh


def test_it_refuses_an_input_without_person_id(tmp_path: Path) -> None:
    source = tmp_path / "persons.parquet"
    pl.DataFrame({"dibao": [True]}).write_parquet(source)
    with pytest.raises(ScreeningError, match="缺少 person_id"):
        screen_parquet(source, tmp_path / "o.parquet", on=ON)


def test_it_names_an_unknown_employment_form() -> None:
    frame = pl.DataFrame({"person_id": ["a"], "employment_form": ["gig"]})
    with pytest.raises(ScreeningError, match="employment_form 含有未知取值 gig"):
        screen_frame(frame, on=ON)


def test_it_refuses_an_output_folder_that_does_not_exist(population: Path, tmp_path: Path) -> None:
    with pytest.raises(ScreeningError, match="输出目录不存在"):
        screen_parquet(population, tmp_path / "no" / "o.parquet", on=ON)
