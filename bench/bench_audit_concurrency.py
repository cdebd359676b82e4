"""Audited writes per second on PostgreSQL with 1, 4 and 16 concurrent writers.

Run: ``python -m bench audit_concurrency [--seconds S]``. Needs ``LINGHUO_TEST_DATABASE_URL`` or
``DATABASE_URL`` naming a PostgreSQL server; the figures are taken in a database of its own
(``linghuo_bench_audit``, created and dropped here) by a child process, whose writers are threads, each
with its own connection. Three patterns, each for a bounded time:

* **single** — a payment-like write: one row inserted and one audit entry, in one transaction;
* **chunk** — a first-time roster import through ``roster_import``: files of 1,000 new people (one
  1,000-row chunk each), so every chunk creates its people and their roster entries;
* **mixed** — W payment writers beside W importers: do payments queue behind import chunks?

Prints writes per second, the ratio to one writer (or, for *mixed*, to the same writers alone) and the
payments' latency, then verifies the audit chain the writers left. Asserts nothing about time.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench.bench_roster_parse import HEADERS, roster_rows

DATABASE = "linghuo_bench_audit"
WRITERS = (1, 4, 16)
ROWS_PER_FILE = 1000


@dataclass
class Figures:
    pattern: str
    writers: int
    seconds: float = 0.0
    writes: int = 0  # audited transactions: payments, or import chunks
    rows: int = 0  # roster rows written by the chunks
    latencies_ms: list[float] = field(default_factory=list)


# --- in the child process ------------------------------------------------------------------------------


def _roster_file(seed: int) -> bytes:
    """A roster of ``ROWS_PER_FILE`` people, all valid (no error report to write), as GB18030 CSV."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADERS)
    for n, row in enumerate(roster_rows(ROWS_PER_FILE, seed=seed)):
        row[2] = f"139{seed % 10_000:04d}{n:04d}"  # roster_rows puts a mistake in 1 % of mobiles
        writer.writerow([c.isoformat() if isinstance(c, dt.date) else c for c in row])
    return text.getvalue().encode("gb18030")


class _Scenario:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.stop = threading.Event()
        self.errors: list[BaseException] = []
        self.lock = threading.Lock()

    def run(self, targets: list[threading.Thread]) -> float:
        started = time.perf_counter()
        for thread in targets:
            thread.start()
        self.stop.wait(self.seconds)
        self.stop.set()
        for thread in targets:
            thread.join()
        if self.errors:
            raise self.errors[0]
        return time.perf_counter() - started


def _payer(scenario: _Scenario, writer: int, figures: Figures) -> None:
    from django.db import connection, connections, transaction

    from linghuo.audit.services import audit_record

    try:
        n = 0
        while not scenario.stop.is_set():
            started = time.perf_counter()
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO bench_payment (writer, amount_fen) VALUES (%s, %s) RETURNING id",
                    [writer, 100_000 + n],
                )
                (payment_id,) = cursor.fetchone()
                audit_record(
                    actor=None,
                    action="bench_payment_made",
                    object_type="bench.payment",
                    object_id=payment_id,
                    changes={"amount_fen": 100_000 + n, "writer": writer},
                )
            elapsed = (time.perf_counter() - started) * 1000
            with scenario.lock:
                figures.writes += 1
                figures.latencies_ms.append(elapsed)
            n += 1
    except BaseException as exc:
        scenario.errors.append(exc)
        scenario.stop.set()
    finally:
        connections.close_all()


def _importer(scenario: _Scenario, writer: int, files: queue.Queue[bytes], figures: Figures) -> None:
    from django.db import connections

    from linghuo.collection.services import roster_import
    from linghuo.registry.models import Organisation, OrganisationKind

    try:
        organisation, _ = Organisation.objects.get_or_create(
            uscc=f"91320700MA1XXX{writer:03d}A",
            defaults={"name": f"基准平台{writer}", "kind": OrganisationKind.PLATFORM, "division": "320706"},
        )
        month = 0
        while not scenario.stop.is_set():
            try:
                content = files.get_nowait()
            except queue.Empty:  # the prepared files are used up: the window ends here
                scenario.stop.set()
                break
            summary = roster_import(
                organisation=organisation,
                period=dt.date(2024 + month // 12, month % 12 + 1, 1),
                source=content,
                filename="名册.csv",
                actor=None,
            )
            month += 1
            with scenario.lock:
                figures.writes += 1
                figures.rows += summary.created + summary.updated
    except BaseException as exc:
        scenario.errors.append(exc)
        scenario.stop.set()
    finally:
        connections.close_all()


def _files(count: int, first_seed: int) -> queue.Queue[bytes]:
    files: queue.Queue[bytes] = queue.Queue()
    for seed in range(first_seed, first_seed + count):
        files.put(_roster_file(seed))
    return files


def _measure(pattern: str, writers: int, seconds: float, seeds: list[int]) -> list[Figures]:
    """Run one pattern with ``writers`` writers (and as many importers beside them for *mixed*)."""
    scenario = _Scenario(seconds)
    payments, chunks = Figures("single", writers), Figures("chunk", writers)
    threads: list[threading.Thread] = []
    if pattern in ("single", "mixed"):
        threads += [threading.Thread(target=_payer, args=(scenario, w, payments)) for w in range(writers)]
    if pattern in ("chunk", "mixed"):
        files = _files(max(12, writers * 6), seeds[0])
        seeds[0] += files.qsize()
        offset = 100 if pattern == "mixed" else 0
        threads += [
            threading.Thread(target=_importer, args=(scenario, offset + w, files, chunks))
            for w in range(writers)
        ]
    elapsed = scenario.run(threads)
    out = []
    for figures in (payments, chunks):
        if figures.writes:
            figures.seconds = elapsed
            figures.pattern = f"mixed {figures.pattern}" if pattern == "mixed" else figures.pattern
            out.append(figures)
    return out


def _child(seconds: float) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linghuo.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from linghuo.audit.models import AuditEntry
    from linghuo.audit.services import audit_verify

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_payment (id bigserial PRIMARY KEY, writer integer NOT NULL,"
            " amount_fen bigint NOT NULL, made_at timestamptz NOT NULL DEFAULT now())"
        )
    connection.close()
    seeds = [1]
    results: list[Figures] = []
    for pattern in ("single", "chunk", "mixed"):
        for writers in WRITERS:
            results += _measure(pattern, writers, seconds, seeds)
    verification = audit_verify()
    print(
        json.dumps(
            {
                "figures": [asdict(f) for f in results],
                "entries": AuditEntry.objects.count(),
                "verified": verification.ok,
                "message": verification.message(),
            }
        )
    )


# --- in the parent -------------------------------------------------------------------------------------


def _postgres_url() -> str | None:
    url = os.environ.get("LINGHUO_TEST_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _postgres(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql.encode())


def _percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def _print(rows: list[dict[str, Any]]) -> None:
    alone: dict[tuple[str, int], float] = {}
    print(
        f"{'pattern':<14} {'writers':>7} {'writes/s':>9} {'ratio':>13} {'rows/s':>8}"
        f" {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}"
    )
    for row in rows:
        figures = Figures(**row)
        rate = figures.writes / figures.seconds
        kind = figures.pattern.removeprefix("mixed ")
        if figures.pattern.startswith("mixed"):
            base = alone.get((kind, figures.writers))
            ratio = f"{rate / base:.2f}× alone" if base else ""
        else:
            alone[(kind, figures.writers)] = rate
            ratio = f"{rate / alone[(kind, 1)]:.2f}× of 1"
        rows_rate = f"{figures.rows / figures.seconds:,.0f}" if figures.rows else ""
        latency = figures.latencies_ms
        times = (
            f"{statistics.median(latency):>7.1f} {_percentile(latency, 0.95):>7.1f} {max(latency):>7.1f}"
            if latency
            else ""
        )
        print(f"{figures.pattern:<14} {figures.writers:>7} {rate:>9,.1f} {ratio:>13} {rows_rate:>8} {times}")


def main() -> None:
    """Create the benchmark database, run the patterns in a child process, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=4.0, help="length of each measurement")
    parser.add_argument("--child", action="store_true")
    args, _ = parser.parse_known_args()
    if args.child:
        _child(args.seconds)
        return
    url = _postgres_url()
    if url is None:
        print("PostgreSQL: not measured (set LINGHUO_TEST_DATABASE_URL or DATABASE_URL)")
        return
    _postgres(url, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    _postgres(url, f'CREATE DATABASE "{DATABASE}"')
    try:
        with tempfile.TemporaryDirectory(prefix="audit-bench-") as folder:
            env = {
                **os.environ,
                "DATABASE_URL": _with_database(url, DATABASE),
                "LINGHUO_DATA_DIR": str(Path(folder)),
                "LINGHUO_AUDIT_DATABASE_GUARD": "1",  # the triggers as in production
            }
            env.setdefault("LINGHUO_ENV", "test")
            output = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "bench.bench_audit_concurrency",
                    "--child",
                    "--seconds",
                    str(args.seconds),
                ],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
    finally:
        _postgres(url, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    result = json.loads(output.strip().splitlines()[-1])
    print(
        f"PostgreSQL, {args.seconds:g} s per measurement; chunk = an import file of {ROWS_PER_FILE:,}"
        " new people; mixed = W payment writers beside W importers"
    )
    _print(result["figures"])
    print(f"audit chain after the run: {result['message']}")


if __name__ == "__main__":
    main()
