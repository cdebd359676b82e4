"""Importing a 100,000-row platform roster into the database, then importing it again (nothing changes).

Run: ``python -m bench.bench_roster_import [--rows N]``. Prints seconds and rows per second for SQLite and,
when ``LINGHUO_TEST_DATABASE_URL`` or ``DATABASE_URL`` names a PostgreSQL server, for PostgreSQL (in a
temporary database created and dropped here), side by side with the targets of issue 4 (30 s on SQLite,
20 s on PostgreSQL). Each database runs in its own child process (Django's settings choose the database
at start-up). The rows are the parsing benchmark's (``bench_roster_parse``): realistic, 1 % with a mistake,
every person new to the registry on the first import. Asserts nothing about time.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.bench_roster_parse import as_shared_strings, write_csv, write_xlsx
from linghuo.spreadsheets import ROSTER, iter_chunks, open_table

TARGETS = {"sqlite": 30.0, "postgresql": 20.0}
USCC = "91320700MA1XXXXX0A"


def _child(files: list[Path]) -> None:
    """In a fresh process whose environment names the database: migrate, then import each file twice."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linghuo.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from linghuo.collection.services import roster_import
    from linghuo.registry.models import Organisation, OrganisationKind

    call_command("migrate", verbosity=0)
    organisation, _ = Organisation.objects.get_or_create(
        uscc=USCC, defaults={"name": "基准测试平台", "kind": OrganisationKind.PLATFORM, "division": "320706"}
    )
    results = []
    for month, path in enumerate(files, start=3):
        for run in ("first", "again"):
            started = time.perf_counter()
            summary = roster_import(
                organisation=organisation,
                period=datetime.date(2024, month, 1),
                source=path,
                filename=path.name,
                actor=None,
            )
            seconds = time.perf_counter() - started
            results.append({"file": path.suffix, "run": run, "seconds": seconds, **summary.as_dict()})
    print(json.dumps(results))


def _read_only(path: Path) -> float:
    """Seconds to read and validate every row of ``path`` without writing anything."""
    started = time.perf_counter()
    with open_table(path, ROSTER.columns) as table:
        for _chunk in iter_chunks(table, ROSTER, chunk_size=1000):
            pass
    return time.perf_counter() - started


def _run_child(files: list[Path], env: dict[str, str]) -> list[dict[str, object]]:
    output = subprocess.run(
        [sys.executable, "-m", "bench.bench_roster_import", "--child", *map(str, files)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows: list[dict[str, object]] = json.loads(output.strip().splitlines()[-1])
    return rows


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


def _print(database: str, rows: list[dict[str, object]], count: int) -> None:
    target = TARGETS[database]
    for row in rows:
        seconds = float(str(row["seconds"]))
        verdict = "within target" if seconds <= target else "OVER target"
        print(
            f"{database:>10} {row['file']!s:>6} {row['run']!s:>6} {seconds:>8.2f} {count / seconds:>9,.0f}"
            f" {target:>7.0f} s  {verdict:<13} accepted {row['accepted']}, unchanged {row['unchanged']},"
            f" rejected {row['rejected']}"
        )


def main() -> None:
    """Generate the files, import them on SQLite (and PostgreSQL when configured), print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child", nargs="*", type=Path)
    args, _ = parser.parse_known_args()
    if args.child:
        _child(args.child)
        return
    count = args.rows
    with tempfile.TemporaryDirectory(prefix="roster-import-bench-") as folder:
        inline, xlsx, gb_csv = (
            Path(folder) / "inline.xlsx",
            Path(folder) / "名册.xlsx",
            Path(folder) / "名册.csv",
        )
        print(f"generating {count:,} roster rows (.xlsx as Excel writes it, and .csv in GB18030)")
        write_xlsx(inline, count)
        as_shared_strings(inline, xlsx)
        write_csv(gb_csv, count)
        files = [xlsx, gb_csv]
        print(f"{'database':>10} {'file':>6} {'run':>6} {'seconds':>8} {'rows/s':>9} {'target':>9}")
        for path in files:
            seconds = _read_only(path)
            print(
                f"{'(none)':>10} {path.suffix:>6} {'read':>6} {seconds:>8.2f} {count / seconds:>9,.0f}"
                "   reading and validating only, no database"
            )
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
        env["LINGHUO_DATA_DIR"] = str(Path(folder) / "sqlite")
        env.setdefault("LINGHUO_ENV", "test")
        _print("sqlite", _run_child(files, env), count)
        url = _postgres_url()
        if url is None:
            print("PostgreSQL: not measured (set LINGHUO_TEST_DATABASE_URL or DATABASE_URL)")
            return
        name = f"linghuo_bench_{uuid.uuid4().hex[:8]}"
        _postgres(url, f'CREATE DATABASE "{name}"')
        try:
            env = {
                **env,
                "DATABASE_URL": _with_database(url, name),
                "LINGHUO_DATA_DIR": str(Path(folder) / "pg"),
            }
            _print("postgresql", _run_child(files, env), count)
        finally:
            _postgres(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
