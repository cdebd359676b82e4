"""Audited writes per second on PostgreSQL with 1, 4 and 16 concurrent writers.

Run: ``python -m bench audit_concurrency [--seconds S]``. Needs ``LINGHUO_TEST_DATABASE_URL`` or
``DATABASE_URL`` naming a PostgreSQL server; the figures are taken in a database of its own
(``linghuo_bench_audit``, created and dropped here). Payment writers are threads of one process, as in
a web server; importers are one process each, as workers (so no importer waits for another's interpreter
lock); every writer has its own connection. The processes get ready (Django loaded, files generated,
connections open) and then start together. Three patterns, each for a bounded time:

* **single** — a payment-like write: one row inserted and one audit entry, in one transaction;
* **chunk** — a first-time roster import through ``roster_import``: files of 1,000 new people (one
  1,000-row chunk each), so every chunk creates its people and their roster entries;
* **mixed** — W payment writers beside W importers: do payments queue behind import chunks?

Prints writes per second, the ratio to one writer (or, for *mixed*, to the same writers alone), the
payments' latency and, sampled every 20 ms, the share of payment connections waiting for a lock held by
another payment's or by an import's transaction; then verifies the audit chain the writers left.
Asserts nothing about time.
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


class _Window:
    """The measurement: ``seconds`` long, ended early when a writer fails or the files run out."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.go, self.stop = threading.Event(), threading.Event()
        self.errors: list[BaseException] = []
        self.lock = threading.Lock()

    def run(self, threads: list[threading.Thread]) -> float:
        """Start the writers, stop them after ``seconds``: the time until the last has finished."""
        started = time.perf_counter()
        self.go.set()
        self.stop.wait(self.seconds)
        self.stop.set()
        for thread in threads:
            thread.join()
        if self.errors:
            raise self.errors[0]
        return time.perf_counter() - started


def _payer(window: _Window, writer: int, ready: threading.Barrier, figures: Figures) -> None:
    from django.db import connection, connections, transaction

    from linghuo.audit.services import audit_record

    try:
        connection.ensure_connection()
        ready.wait()
        window.go.wait()
        n = 0
        while not window.stop.is_set():
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
            with window.lock:
                figures.writes += 1
                figures.latencies_ms.append(elapsed)
            n += 1
    except BaseException as exc:
        window.errors.append(exc)
        window.stop.set()
        ready.abort()
    finally:
        connections.close_all()


def _importer(
    window: _Window, writer: int, ready: threading.Barrier, files: queue.Queue[bytes], figures: Figures
) -> None:
    from django.db import connections

    from linghuo.collection.services import roster_import
    from linghuo.registry.models import Organisation, OrganisationKind

    try:
        organisation, _ = Organisation.objects.get_or_create(
            uscc=f"91320700MA1{writer:06d}A",
            defaults={"name": f"基准平台{writer}", "kind": OrganisationKind.PLATFORM, "division": "320706"},
        )
        ready.wait()
        window.go.wait()
        month = 0
        while not window.stop.is_set():
            try:
                content = files.get_nowait()
            except queue.Empty:  # the prepared files are used up: the window ends here
                window.stop.set()
                break
            summary = roster_import(
                organisation=organisation,
                period=dt.date(2024 + month // 12, month % 12 + 1, 1),
                source=content,
                filename="名册.csv",
                actor=None,
            )
            month += 1
            with window.lock:
                figures.writes += 1
                figures.rows += summary.created + summary.updated
    except BaseException as exc:
        window.errors.append(exc)
        window.stop.set()
        ready.abort()
    finally:
        connections.close_all()


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linghuo.config.settings")
    import django

    django.setup()


def _prepare() -> None:
    """Create the schema and the payments table."""
    _django()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_payment (id bigserial PRIMARY KEY, writer integer NOT NULL,"
            " amount_fen bigint NOT NULL, made_at timestamptz NOT NULL DEFAULT now())"
        )


def _role(role: str, writers: int, seconds: float, first: int, files_each: int) -> None:
    """Run ``writers`` payers or importers: say ``ready``, wait for ``go`` on stdin, print the figures.

    ``first`` numbers the importers' organisations and seeds their files, so every file is new people."""
    _django()
    window = _Window(seconds)
    figures = Figures("single" if role == "payers" else "chunk", writers)
    ready = threading.Barrier(writers + 1)
    if role == "payers":
        threads = [threading.Thread(target=_payer, args=(window, w, ready, figures)) for w in range(writers)]
    else:
        files: queue.Queue[bytes] = queue.Queue()
        for seed in range(first, first + files_each * writers):
            files.put(_roster_file(seed))
        threads = [
            threading.Thread(target=_importer, args=(window, first + w, ready, files, figures))
            for w in range(writers)
        ]
    for thread in threads:
        thread.start()
    try:
        ready.wait()
    except threading.BrokenBarrierError:
        window.stop.set()
        raise window.errors[0] from None
    print("ready", flush=True)
    sys.stdin.readline()
    figures.seconds = window.run(threads)
    print(json.dumps(asdict(figures)), flush=True)


def _verify() -> None:
    _django()
    from linghuo.audit.services import audit_verify

    print(audit_verify().message())


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
        f" {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'waiting behind: payment':>24} {'import':>7}"
    )
    for row in rows:
        waits = row.pop("waits", None)
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
        behind = (
            f" {waits['bench_payers']:>23.0%} {waits['bench_importers']:>7.0%}" if waits is not None else ""
        )
        print(
            f"{figures.pattern:<14} {figures.writers:>7} {rate:>9,.1f} {ratio:>13} {rows_rate:>8}"
            f" {times:<23}{behind}"
        )


def _run(env: dict[str, str], *args: str) -> str:
    command = [sys.executable, "-m", "bench.bench_audit_concurrency", *args]
    return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout


class _Sampler(threading.Thread):
    """Every 20 ms, which payment connections wait for a lock, and whose transaction they wait behind.

    A waiter queued behind other waiters is traced along ``pg_blocking_pids`` to the connection that
    holds the lock (its role is its ``application_name``)."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url, self.stop = url, threading.Event()
        self.payers = 0  # payment connections seen, summed over the samples
        self.waiting: dict[str, int] = {"bench_payers": 0, "bench_importers": 0}

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            while not self.stop.wait(0.02):
                rows = connection.execute(
                    "SELECT pid, application_name, wait_event_type, pg_blocking_pids(pid)"
                    " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                ).fetchall()
                self._count({pid: (role, kind, blockers) for pid, role, kind, blockers in rows})

    def _count(self, sessions: dict[int, tuple[str, str | None, list[int]]]) -> None:
        for role, kind, blockers in sessions.values():
            if role != "bench_payers":
                continue
            self.payers += 1
            if kind != "Lock" or not blockers:
                continue
            root, seen = blockers[0], set()
            while root in sessions and sessions[root][2] and root not in seen:
                seen.add(root)
                root = sessions[root][2][0]
            holder = sessions.get(root, ("", None, []))[0]
            if holder in self.waiting:
                self.waiting[holder] += 1


def _scenario(
    env: dict[str, str], pattern: str, writers: int, seconds: float, first: int
) -> tuple[list[Any], _Sampler]:
    """Start the writers' processes, let them get ready, start them together, collect their figures.

    Payments: one process of ``writers`` threads (a web server's). Imports: ``writers`` processes of
    one thread each (workers), so that no importer waits for another's interpreter lock."""
    command = [sys.executable, "-m", "bench.bench_audit_concurrency", f"--seconds={seconds}"]
    roles = []
    if pattern in ("single", "mixed"):
        roles.append(("payers", [f"--writers={writers}"]))
    if pattern in ("chunk", "mixed"):
        files_each = max(6, 48 // writers)  # more than a window needs; they run out only if it is long
        roles += [
            ("importers", [f"--first={first + n * files_each}", f"--files-each={files_each}"])
            for n in range(writers)
        ]
    processes = [
        subprocess.Popen(
            [*command, f"--role={role}", *options],
            env={**env, "DATABASE_URL": f"{env['DATABASE_URL']}?application_name=bench_{role}"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for role, options in roles
    ]
    for process in processes:
        assert process.stdout is not None
        if process.stdout.readline().strip() != "ready":
            process.wait()
            raise RuntimeError(f"a {pattern} writer process failed to start ({process.returncode})")
    sampler = _Sampler(env["DATABASE_URL"])
    sampler.start()
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    figures: dict[str, Figures] = {}
    try:
        for process in processes:
            output, _ = process.communicate()
            if process.returncode:
                raise RuntimeError(f"a writer process failed ({process.returncode})")
            part = Figures(**json.loads(output.strip().splitlines()[-1]))
            whole = figures.setdefault(part.pattern, Figures(part.pattern, writers))
            whole.seconds = max(whole.seconds, part.seconds)
            whole.writes, whole.rows = whole.writes + part.writes, whole.rows + part.rows
            whole.latencies_ms += part.latencies_ms
    finally:
        sampler.stop.set()
        sampler.join()
    return [asdict(f) for f in figures.values()], sampler


def main() -> None:
    """Create the benchmark database, run the patterns in child processes, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=4.0, help="length of each measurement")
    parser.add_argument("--role", choices=["prepare", "payers", "importers", "verify"])
    parser.add_argument("--writers", type=int, default=1)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--files-each", type=int, default=12)
    args, _ = parser.parse_known_args()
    if args.role == "prepare":
        _prepare()
        return
    if args.role == "verify":
        _verify()
        return
    if args.role:
        _role(args.role, args.writers, args.seconds, args.first, args.files_each)
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
            _run(env, "--role=prepare")
            figures: list[Any] = []
            first = 0
            for pattern in ("single", "chunk", "mixed"):
                for writers in WRITERS:
                    first += 1000  # new organisations and new people for every measurement
                    rows, sampler = _scenario(env, pattern, writers, args.seconds, first)
                    for row in rows:
                        if pattern == "mixed":
                            row["pattern"] = f"mixed {row['pattern']}"
                        if row["pattern"].endswith("single"):
                            row["waits"] = {k: v / (sampler.payers or 1) for k, v in sampler.waiting.items()}
                        figures.append(row)
            verified = _run(env, "--role=verify").strip().splitlines()[-1]
    finally:
        _postgres(url, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    print(
        f"PostgreSQL, {args.seconds:g} s per measurement; chunk = an import file of {ROWS_PER_FILE:,}"
        " new people; mixed = W payment writers beside W importers. Waiting behind: the share of payment"
        " connections found waiting for a lock held by a payment's or by an import's transaction"
    )
    _print(figures)
    print(f"audit chain after the run: {verified}")


if __name__ == "__main__":
    main()
