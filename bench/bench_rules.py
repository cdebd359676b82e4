"""Rules engine throughput: the whole catalogue on a synthetic population, and one person's latency.

``python -m bench.bench_rules [ROWS]`` prints persons per second for ``evaluate_frame`` (Parquet in,
Parquet out), the peak resident memory of that run (measured in a fresh subprocess), and the p50/p99
latency of ``evaluate_one`` in process, by the plain-Python path (the default for one person) and
by Polars on a one-row frame, side by side (``python -m bench.bench_rules latency`` prints only
that). The population is simple random facts made here with numpy.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

ON = dt.date(2025, 6, 1)
DEFAULT_ROWS = 1_000_000
DIVISIONS = ["320703", "320706", "320707", "320722", "320723", "320724", "320771", "110105"]
FORMS = [
    "individual_business",
    "part_time",
    "platform",
    "other_flexible",
    "employee",
    "unemployed",
    "student",
]
BOOLEANS = [
    "registered_unemployed",
    "veteran",
    "disabled",
    "dibao",
    "low_income_rural_household",
    "land_expropriated_farmer",
    "zero_employment_household",
    "special_hardship_worker_family",
    "entitled_group_family",
    "employed_since_leaving_college",
    "social_insurance_enrolled",
    "receiving_unemployment_benefit",
    "si_base_is_minimum",
    "si_extension_used",
    "entrepreneurial_intent",
    "hukou_rural",
]


def _dates(rng: np.random.Generator, n: int, start: str, end: str, null_share: float) -> pl.Series:
    """Random dates between ``start`` and ``end``, a ``null_share`` of them null."""
    lo, hi = np.datetime64(start, "D").astype(int), np.datetime64(end, "D").astype(int)
    days = pl.Series(rng.integers(lo, hi, n)).cast(pl.Int32).cast(pl.Date)
    missing = pl.Series(rng.random(n) < null_share)
    return pl.select(pl.when(missing).then(None).otherwise(days)).to_series()


def population(n: int, seed: int = 7) -> pl.DataFrame:
    """``n`` persons of random facts (not realistic shares: every branch of every rule gets rows)."""
    rng = np.random.default_rng(seed)
    columns: dict[str, object] = {
        "person_id": pl.Series(np.arange(n)).cast(pl.String),
        "birth_date": _dates(rng, n, "1958-01-01", "2006-12-31", 0.0),
        "sex": rng.choice(["male", "female"], n),
        "employment_form": rng.choice(FORMS, n),
        "work_division": rng.choice(DIVISIONS, n),
        "hukou_division": rng.choice(DIVISIONS, n),
        "hard_to_employ_since": _dates(rng, n, "2019-01-01", "2025-05-31", 0.7),
        "unemployed_since": _dates(rng, n, "2019-01-01", "2025-05-31", 0.6),
        "college_left_on": _dates(rng, n, "2020-01-01", "2025-05-31", 0.6),
        "si_first_approved_on": _dates(rng, n, "2019-01-01", "2025-05-31", 0.5),
        "monthly_income_fen": rng.integers(0, 800_000, n),
        "si_paid_fen": rng.integers(0, 2_000_000, n),
        "si_claim_months": rng.integers(0, 13, n),
        "si_subsidy_months_used": rng.integers(0, 60, n),
    }
    for name in BOOLEANS:
        columns[name] = rng.random(n) < 0.3
    return pl.DataFrame(columns)


def run_frame(rows: int) -> dict[str, float]:
    """Evaluate ``rows`` persons from Parquet to Parquet; in a fresh process for the memory figure."""
    from linghuo.policy.engine import compiled, evaluate_frame

    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "facts.parquet", Path(folder) / "decisions.parquet"
        population(rows).write_parquet(source)
        compiled(ON)  # compile outside the timing, as a long-running service would
        start = time.perf_counter()
        out = evaluate_frame(pl.read_parquet(source), on=ON)
        out.write_parquet(target)
        seconds = time.perf_counter() - start
        eligible = {c: int(out[c].sum()) for c in out.columns if c.endswith("_eligible")}
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "rows": rows,
        "seconds": seconds,
        "peak_mib": peak_kib / 1024,
        "columns": len(out.columns),
        **eligible,
    }


def one_person_latency(samples: int = 500, *, path: str = "scalar") -> tuple[float, float, float]:
    """p50 and p99 wall-clock and p50 CPU time of ``evaluate_one`` (ms) over varied persons.

    ``path`` is ``"scalar"`` (stages 0 and 1 read in plain Python, the default for one person) or
    ``"polars"`` (the same expressions on a one-row frame).
    """
    from linghuo.policy import engine

    scalar_rows = 0 if path == "polars" else max(engine.SCALAR_ROWS, 1)
    people = population(samples, seed=11).to_dicts()
    for facts in people[:50]:
        engine.evaluate_one(facts, on=ON, scalar_rows=scalar_rows)
    wall, cpu = [], []
    for facts in people:
        start, start_cpu = time.perf_counter(), time.process_time()
        engine.evaluate_one(facts, on=ON, scalar_rows=scalar_rows)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return float(np.percentile(wall, 50)), float(np.percentile(wall, 99)), float(np.percentile(cpu, 50))


def print_one_person_latency() -> None:
    """One person's latency by both paths, side by side, with the ratio."""
    from linghuo.policy.engine import compiled

    fallbacks = compiled(ON).scalar.fallbacks
    by_polars = one_person_latency(path="polars")
    by_python = one_person_latency(path="scalar")
    print("evaluate_one (whole catalogue, one person, in process), ms:")
    print(f"  {'':28}{'p50':>8}{'p99':>8}{'CPU p50':>9}")
    print(f"  {'Polars, one-row frame':28}" + "".join(f"{v:>8.2f}" for v in by_polars))
    print(f"  {'scalar (plain Python)':28}" + "".join(f"{v:>8.2f}" for v in by_python))
    print(
        f"  Polars / scalar: p50 ×{by_polars[0] / by_python[0]:.1f}, p99 ×{by_polars[1] / by_python[1]:.1f}"
        f"; expressions left to Polars: {len(fallbacks)} {sorted(fallbacks)}"
    )


def batch_latency(batch: int = 100, batches: int = 20) -> float:
    """Wall-clock ms per person of ``evaluate_many`` on batches of ``batch`` persons."""
    from linghuo.policy.engine import evaluate_many

    people = population(batch * batches, seed=13).to_dicts()
    evaluate_many(people[:batch], on=ON)
    start = time.perf_counter()
    for i in range(batches):
        evaluate_many(people[i * batch : (i + 1) * batch], on=ON)
    return (time.perf_counter() - start) * 1000 / (batch * batches)


def main(rows: int = DEFAULT_ROWS) -> None:
    """Print the figures: frame throughput and peak memory (subprocess), one person's latency."""
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import json; from bench.bench_rules import run_frame; print(json.dumps(run_frame({rows})))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    measures = [c.removesuffix("_eligible") for c in figures if c.endswith("_eligible")]
    print(f"evaluate_frame: {rows:,} persons × {len(measures)} measures on {ON} (Parquet in, Parquet out)")
    print(f"  {figures['seconds']:.2f} s  → {rows / figures['seconds']:,.0f} persons/s")
    print(f"  peak resident memory {figures['peak_mib']:,.0f} MiB (whole subprocess, generation included)")
    print(f"  output columns {figures['columns']}")
    print_one_person_latency()
    print(f"evaluate_many, batches of 100: {batch_latency():.3f} ms per person (decisions and explanations)")


if __name__ == "__main__":
    if sys.argv[1:] == ["latency"]:
        print_one_person_latency()
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_ROWS)
