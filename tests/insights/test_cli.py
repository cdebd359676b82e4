"""``linghuo screen --from-registry``: the registry screened into a stored run, from the command line."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from linghuo.cli import cli
from linghuo.insights.models import RunStatus, ScreeningResult, ScreeningRun
from linghuo.registry.models import Person
from tests.insights.conftest import ON


def screen(*extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, ["screen", "--from-registry", "--on", ON.isoformat(), "--no-progress", *extra]
    )
    return result.exit_code, result.output


@pytest.mark.django_db
def test_it_screens_the_registry_and_stores_the_run(people: dict[str, Person]) -> None:
    code, output = screen()
    assert code == 0, output
    run = ScreeningRun.objects.get()
    assert (run.status, run.on, run.rows_done, run.changed) == (RunStatus.DONE, ON, 4, 4)
    assert ScreeningResult.objects.filter(run=run).count() == 4
    assert "4 人" in output
    assert f"批次 {run.pk}" in output


@pytest.mark.django_db
def test_a_second_run_reports_no_change(people: dict[str, Person]) -> None:
    screen()
    code, output = screen()
    assert code == 0, output
    assert "结果有变化 0 人" in output
    assert ScreeningRun.objects.order_by("-pk").first().changed == 0  # type: ignore[union-attr]


@pytest.mark.django_db
def test_it_refuses_an_input_file_with_the_registry() -> None:
    code, output = screen("--input", "facts.parquet")
    assert code == 2
    assert "--from-registry" in output
    assert not ScreeningRun.objects.exists()


def test_it_still_needs_input_and_output_without_the_registry() -> None:
    result = CliRunner().invoke(cli, ["screen", "--output", "out.parquet"])
    assert result.exit_code == 2
    assert "--input" in result.output
