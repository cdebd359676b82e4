"""What-if run on 1,000,000 persons against the target of 10 s: a higher subsidy ratio (one measure
evaluated again) and a higher minimum wage (several measures read it), each in a fresh child process.

Run: ``.venv/bin/python -m bench simulate`` (figures only, no pass/fail). Wall time includes the
child's start-up, reading the Parquet file, both evaluations and the tables; peak memory is that
child's (a wrapper process reads its ``RUSAGE_CHILDREN``).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from bench.bench_screening import measure

ROWS = 1_000_000
SEED = 2026
ON = "2024-03-01"
TARGET_SECONDS = 10.0
CASES = {
    "ratio 1/2 → 2/3": ["social_insurance_subsidy.ratio_above_minimum_base[default]=2/3"],
    "minimum wage tiers 2, 3 +10%": ["minimum_wage.monthly[2]=2490", "minimum_wage.monthly[3]=2210"],
}


def main() -> None:
    """Print one line per what-if case, then the same over three months."""
    from linghuo.population import write_persons_parquet

    print(
        f"what-if on {ROWS:,} persons, every person measure, {os.cpu_count()} cores,"
        f" target {TARGET_SECONDS:.0f} s"
    )
    print(f"{'case':<32} {'months':>6} {'seconds':>8} {'rows/s':>11} {'peak GiB':>8} {'× target':>8}")
    with tempfile.TemporaryDirectory(prefix="bench-simulate-") as folder:
        source = Path(folder) / "persons.parquet"
        write_persons_parquet(source, ROWS, SEED)
        for months in (1, 3):
            for label, assignments in CASES.items():
                sets = [a for item in assignments for a in ("--set", item)]
                command = [sys.executable, "-c", "from linghuo.cli import main; main()", "simulate"]
                command += [
                    "--input",
                    str(source),
                    "--on",
                    ON,
                    "--months",
                    str(months),
                    *sets,
                    "--format",
                    "json",
                ]
                command += ["--out", str(Path(folder) / "what-if.json")]
                seconds, gib = measure(command)
                print(
                    f"{label:<32} {months:>6} {seconds:>8.2f} {ROWS / seconds:>11,.0f} {gib:>8.2f}"
                    f" {seconds / TARGET_SECONDS:>8.2f}"
                )


if __name__ == "__main__":
    main()
