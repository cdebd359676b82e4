"""``LINGHUO_TEST_TODAY`` sets the clock of a whole test session (the frozen-date runs of ``make pytest``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import datetime

from django.utils import timezone

TODAY_AT_IMPORT = datetime.date.today()


def test_the_clock_reads_the_frozen_day() -> None:
    assert TODAY_AT_IMPORT == datetime.date(2028, 2, 29)
    assert datetime.date.today() == datetime.date(2028, 2, 29)
    assert timezone.localdate() == datetime.date(2028, 2, 29)
"""


def _run_probe(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    probe = tmp_path / "tests" / "test_probe.py"
    probe.parent.mkdir()
    probe.write_text(PROBE, encoding="utf-8")
    return subprocess.run(  # the suite's own conftest, a probe test outside it
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(ROOT),
            "-c",
            str(ROOT / "pyproject.toml"),
            "--confcutdir",
            str(ROOT),
            "-p",
            "tests.conftest",
            str(probe),
        ],
        cwd=ROOT,
        env={**os.environ, "LINGHUO_ENV": "test", "LINGHUO_DATA_DIR": str(tmp_path / "data"), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_it_sets_the_clock_before_collection_and_for_django(tmp_path: Path) -> None:
    result = _run_probe(tmp_path, LINGHUO_TEST_TODAY="2028-02-29")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_it_refuses_a_day_that_is_not_a_date(tmp_path: Path) -> None:
    result = _run_probe(tmp_path, LINGHUO_TEST_TODAY="2028-02-30")
    assert result.returncode != 0
    assert "is not a date" in result.stdout + result.stderr
