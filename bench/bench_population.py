"""Synthetic population generator: rows per second, peak memory and file size for 1,000,000 and
5,000,000 residents written to Parquet, each run in its own child process.

Run: ``.venv/bin/python -m bench.bench_population`` (figures only, no pass/fail).

Peak memory is ``getrusage(RUSAGE_CHILDREN).ru_maxrss``: the largest resident set of any child waited for
so far, so the runs go smallest first and each figure is the peak up to and including that run.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = (1_000_000, 5_000_000)
SEED = 2026

_CHILD = """
import sys
from pathlib import Path
from linghuo.population import write_persons_parquet
write_persons_parquet(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
"""


def run_once(count: int, out: Path) -> tuple[float, int]:
    """Generate ``count`` residents to ``out`` in a child process; wall seconds and peak RSS in KiB."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", _CHILD, str(out), str(count), str(SEED)], check=True)
    seconds = time.perf_counter() - started
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def main() -> None:
    """Print one line per population size."""
    print("synthetic population → Parquet (zstd), one child process per size, wall time incl. start-up")
    print(f"{'rows':>10} {'seconds':>8} {'rows/s':>10} {'peak RSS MiB':>13} {'file MB':>8} {'bytes/row':>9}")
    with tempfile.TemporaryDirectory(prefix="bench-population-") as folder:
        for count in SIZES:
            out = Path(folder) / f"persons-{count}.parquet"
            seconds, peak_kib = run_once(count, out)
            size = out.stat().st_size
            print(
                f"{count:>10,} {seconds:>8.2f} {count / seconds:>10,.0f} {peak_kib / 1024:>13,.0f}"
                f" {size / 1e6:>8.1f} {size / count:>9.1f}"
            )
            out.unlink()


if __name__ == "__main__":
    main()
