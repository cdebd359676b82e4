"""Whole-population screening: wall time and peak memory, polars (5,000,000 persons) against the
targets of 20 s and 6 GiB on this machine, and Spark local mode (1,000,000 persons, all cores) beside
the polars engine on the same 1,000,000, with Spark's overhead as a ratio.

Run: ``.venv/bin/python -m bench screening`` (figures only, no pass/fail). Every person measure,
with the failed conditions' codes, Parquet to Parquet; the polars run includes its 200-row sample
check against ``evaluate_one``. Each run is a fresh ``linghuo screen`` child process (start-up
included), measured by a wrapper process: peak memory is the larger of that run's
``getrusage(RUSAGE_CHILDREN).ru_maxrss`` and its process tree's summed RSS sampled every 200 ms.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

POLARS_ROWS = 5_000_000
SPARK_ROWS = 1_000_000
SEED = 2026
ON = "2024-03-01"
TARGET_SECONDS = 20.0
TARGET_GIB = 6.0

_WRAPPER = """
import json, os, resource, subprocess, sys, time

def tree_rss_kib(root):
    parents, rss = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue
        parents[int(entry)] = int(fields.get("PPid", "0").strip())
        rss[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0])
    tree, grew = {root}, True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grew = bool(found)
    return sum(rss.get(pid, 0) for pid in tree)

started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
tree_peak = 0
while child.poll() is None:
    tree_peak = max(tree_peak, tree_rss_kib(child.pid))
    time.sleep(0.2)
seconds = time.perf_counter() - started
if child.returncode:
    sys.exit(f"exit status {child.returncode}: {sys.argv[1:]}")
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_kib": peak, "tree_peak_kib": tree_peak}))
"""


def _linghuo() -> list[str]:
    return [sys.executable, "-c", "from linghuo.cli import main; main()"]


def measure(command: list[str]) -> tuple[float, float]:
    """Run ``command`` under the wrapper: wall seconds and peak resident memory in GiB.

    The memory is the larger of ``RUSAGE_CHILDREN``'s ``ru_maxrss`` (the largest single process
    waited for) and the peak sum over the child's process tree (what counts for Spark: the driver,
    its JVM and the Python workers together).
    """
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *command], check=True, capture_output=True, text=True
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return float(figures["seconds"]), max(figures["peak_kib"], figures["tree_peak_kib"]) / 1024**2


def screen(source: Path, out: Path, engine: str) -> tuple[float, float]:
    """``linghuo screen`` on ``source`` with ``engine``; wall seconds and peak GiB."""
    command = [*_linghuo(), "screen", "--input", str(source), "--output", str(out), "--on", ON]
    return measure([*command, "--engine", engine, "--no-progress"])


def _generate(path: Path, count: int) -> None:
    from linghuo.population import write_persons_parquet

    write_persons_parquet(path, count, SEED)


def _line(label: str, rows: int, seconds: float, gib: float) -> str:
    per_core = rows / seconds / (os.cpu_count() or 1)
    return f"{label:<28} {rows:>10,} {seconds:>8.2f} {rows / seconds:>11,.0f} {per_core:>13,.0f} {gib:>8.2f}"


def main() -> None:
    """Print the polars run against its targets, then Spark and polars side by side."""
    from linghuo.policy.measures import person_measures

    cores = os.cpu_count() or 1
    print(
        f"screening, {len(person_measures())} person measures with failed conditions,"
        f" Parquet → Parquet, {cores} cores"
    )
    print(f"{'run':<28} {'rows':>10} {'seconds':>8} {'rows/s':>11} {'rows/s/core':>13} {'peak GiB':>8}")
    with tempfile.TemporaryDirectory(prefix="bench-screening-") as folder:
        big, small = Path(folder) / "persons-5m.parquet", Path(folder) / "persons-1m.parquet"
        _generate(big, POLARS_ROWS)
        seconds, gib = screen(big, Path(folder) / "out-5m.parquet", "polars")
        print(_line("polars", POLARS_ROWS, seconds, gib))
        print(
            f"  targets {TARGET_SECONDS:.0f} s / {TARGET_GIB:.0f} GiB:"
            f" time {seconds / TARGET_SECONDS:.2f}× target,"
            f" memory {gib / TARGET_GIB:.2f}× target"
        )
        big.unlink()
        _generate(small, SPARK_ROWS)
        polars_seconds, polars_gib = screen(small, Path(folder) / "out-1m.parquet", "polars")
        spark_seconds, spark_gib = screen(small, Path(folder) / "out-spark", "spark")
        print(_line("polars", SPARK_ROWS, polars_seconds, polars_gib))
        print(_line("spark local[*]", SPARK_ROWS, spark_seconds, spark_gib))
        print(
            f"  Spark / polars on {SPARK_ROWS:,}: time {spark_seconds / polars_seconds:.2f}×,"
            f" memory {spark_gib / polars_gib:.2f}×"
        )


if __name__ == "__main__":
    main()
