"""Screening a Parquet file: one row per person, the engine's decisions, defaults for missing facts."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from linghuo.policy.engine import evaluate_one
from linghuo.policy.facts import FACT_NAMES
from linghuo.policy.measures import person_measures
from linghuo.screening.errors import SampleMismatchError
from linghuo.screening.results import result_columns, screen_frame
from linghuo.screening.run import screen_parquet
from linghuo.screening.sample import check_rows
from tests.screening.conftest import ON

CODES = tuple(m.code for m in person_measures())


def test_it_writes_one_row_per_person_in_input_order(population: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    summary = screen_parquet(population, out, on=ON, chunk_rows=700)
    results = pl.read_parquet(out)
    assert summary.rows == 3_000
    assert results.columns == result_columns(CODES)
    assert results["person_id"].to_list() == pl.read_parquet(population)["person_id"].to_list()
    assert not (out.parent / "out.parquet.parts").exists()


def test_it_agrees_with_evaluate_one_on_every_row_of_a_small_file(population: Path, tmp_path: Path) -> None:
    facts = pl.read_parquet(population).head(60)
    small = tmp_path / "small.parquet"
    facts.write_parquet(small)
    results = pl.read_parquet(screen_parquet(small, tmp_path / "o.parquet", on=ON, sample_size=0).output)
    for raw, got in zip(facts.iter_rows(named=True), results.iter_rows(named=True), strict=True):
        person = {k: v for k, v in raw.items() if k in FACT_NAMES and v is not None}
        for decision in evaluate_one(person, on=ON).decisions:
            failed = [c.code for c in decision.conditions if "." not in c.code and not c.passed]
            assert got[f"{decision.code}_eligible"] == decision.eligible
            assert got[f"{decision.code}_amount_fen"] == decision.amount_fen
            assert got[f"{decision.code}_failed"] == ",".join(failed)


def test_it_lists_failed_conditions_by_code_and_none_when_eligible() -> None:
    # 十一: a platform worker in the city, insured, earning at least the minimum wage counts as new
    # urban employment; an employee does not (not flexible work).
    frame = pl.DataFrame(
        {
            "person_id": ["platform", "employee"],
            "employment_form": ["platform", "employee"],
            "work_division": ["320706", "320706"],
            "monthly_income_fen": [300_000, 300_000],
            "social_insurance_enrolled": [True, True],
        }
    )
    out = screen_frame(frame, on=ON, measures=["new_urban_employment"])
    assert out["new_urban_employment_eligible"].to_list() == [True, False]
    assert out["new_urban_employment_failed"].to_list()[0] == ""
    assert "flexible_worker" in out["new_urban_employment_failed"].to_list()[1].split(",")


def test_it_gives_missing_columns_and_nulls_the_catalogue_defaults() -> None:
    explicit = pl.DataFrame(
        {
            "person_id": ["a"],
            "dibao": [False],
            "si_paid_fen": [0],
            "veteran": [False],
            "employment_form": [None],
        },
        schema_overrides={"employment_form": pl.String},
    )
    with_nulls = pl.DataFrame(
        {"person_id": ["a"], "dibao": [None], "si_paid_fen": [None], "veteran": [None]},
        schema={"person_id": pl.String, "dibao": pl.Boolean, "si_paid_fen": pl.Int64, "veteran": pl.Boolean},
    )
    bare = pl.DataFrame({"person_id": ["a"]})
    expected = screen_frame(explicit, on=ON)
    assert screen_frame(with_nulls, on=ON).equals(expected)
    assert screen_frame(bare, on=ON).equals(expected)


def test_it_samples_rows_and_fails_loudly_on_a_mismatch(population: Path) -> None:
    facts = pl.read_parquet(population).head(5)
    results = screen_frame(facts, on=ON)
    assert check_rows(facts, results, codes=CODES, on=ON).checked == 5
    code = CODES[0]
    tampered = results.with_columns(~pl.col(f"{code}_eligible"))
    with pytest.raises(SampleMismatchError, match="抽样核对不一致"):
        check_rows(facts, tampered, codes=CODES, on=ON)


def test_it_reports_the_sample_it_checked(population: Path, tmp_path: Path) -> None:
    summary = screen_parquet(population, tmp_path / "o.parquet", on=ON, sample_size=25)
    assert summary.sample.checked + len(summary.sample.invalid) == 25


def test_it_counts_sampled_rows_whose_facts_are_invalid_and_checks_the_others(population: Path) -> None:
    facts = (
        pl.read_parquet(population)
        .head(4)
        .with_columns(
            si_paid_fen=pl.Series(
                [0, -5, 0, 0], dtype=pl.Int64
            )  # a negative amount: validate_facts refuses it
        )
    )
    results = screen_frame(facts, on=ON)
    report = check_rows(facts, results, codes=CODES, on=ON)
    assert report.checked == 3
    assert [person for person, _ in report.invalid] == [facts["person_id"][1]]
    assert "金额不能为负数" in report.invalid[0][1]
