"""Screening 1,000,000 registry persons into stored results (issue 5: at most 120 s on PostgreSQL).

Run: ``python -m bench.bench_registry_screening [--persons N]``. Each database runs in its own child
process on a fresh database (SQLite in a temporary folder; PostgreSQL, when ``LINGHUO_TEST_DATABASE_URL``
or ``DATABASE_URL`` names a server, in a temporary database created and dropped here). The registry is
filled directly in bulk from ``linghuo.population`` (persons, and a group membership for every flag, date
and employment form a synthetic row holds; ID numbers are not encrypted here: they play no part in
screening). Then it times a first run (every result stored) and a second run on the unchanged registry
(nothing stored), and prints the figures side by side with the target. Asserts nothing about time.
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
from typing import Any

from bench.bench_roster_import import _postgres, _postgres_url, _with_database

TARGET_SECONDS = 120.0
ON = datetime.date(2025, 6, 30)
SEED_CHUNK = 100_000
_DATES = ("hard_to_employ_since", "unemployed_since", "college_left_on", "business_founded_on")
_POLICY_DATE = datetime.date(2021, 11, 8)


def _seed(count: int) -> float:
    """Fill the registry with ``count`` synthetic persons and their memberships; seconds taken."""
    import polars as pl
    from django.db import transaction

    from linghuo.collection.bulk import insert_rows
    from linghuo.population.generator import iter_person_tables
    from linghuo.registry.models import FactValue, GroupMembership, MembershipKind, Person, fact_value_of

    started = time.perf_counter()
    flags = [k for k in MembershipKind.values if fact_value_of(k) == FactValue.FLAG]
    for table in iter_person_tables(count, 20211108, chunk_rows=SEED_CHUNK):
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)
        people = frame.select(
            pl.col("name"),
            ("bench-" + pl.col("person_id")).alias("id_number_hash"),
            pl.lit("-").alias("id_number_encrypted"),
            (pl.col("id_number").str.slice(0, 4) + "**********" + pl.col("id_number").str.slice(14)).alias(
                "id_number_masked"
            ),
            pl.col("birth_date"),
            pl.col("sex"),
            pl.col("hukou_division"),
            pl.col("hukou_rural"),
            pl.col("township_code").fill_null("").alias("residence_township"),
            pl.col("work_division").fill_null(""),
            pl.coalesce(pl.col("work_division"), pl.col("hukou_division")).alias("district_code"),
        )
        with transaction.atomic():  # one transaction per chunk (SQLite commits each row otherwise)
            insert_rows(Person, people.iter_rows(named=True), conflict_fields=("id_number_hash",))
        first = Person.objects.filter(id_number_hash=f"bench-{frame['person_id'][0]}").values_list(
            "pk", flat=True
        )
        ids = pl.int_range(first[0], first[0] + frame.height, eager=True).alias("person_id")
        frame = frame.with_columns(ids.cast(pl.Int64))
        with transaction.atomic():
            _append(GroupMembership, _memberships(frame, flags))
    return time.perf_counter() - started


def _append(model: Any, rows: list[dict[str, Any]]) -> None:
    """Plain INSERTs of ``rows`` (every key a column; the others take their database defaults)."""
    from django.db import connection
    from django.utils import timezone

    if not rows:
        return
    columns = [
        "person_id",
        "kind",
        "valid_from",
        "value_text",
        "source",
        "evidence_reference",
        "evidence_note",
    ]
    now = timezone.now()
    values = [[row.get(c, "") for c in columns] + [now] for row in rows]
    names = ", ".join([*columns, "recorded_at"])
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
        else:
            marks = ", ".join(["%s"] * (len(columns) + 1))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)


def _memberships(frame: Any, flags: list[str]) -> list[dict[str, Any]]:
    import polars as pl

    rows: list[dict[str, Any]] = []
    for kind in (k for k in flags if k in frame.columns):
        held = frame.filter(pl.col(kind).fill_null(False))
        rows += [
            {"person_id": p, "kind": kind, "valid_from": _POLICY_DATE, "source": "demo_population"}
            for p in held["person_id"]
        ]
    for kind in _DATES:
        held = frame.filter(pl.col(kind).is_not_null())
        rows += [
            {"person_id": p, "kind": kind, "valid_from": d, "source": "demo_population"}
            for p, d in held.select("person_id", kind).iter_rows()
        ]
    held = frame.filter(pl.col("employment_form").is_not_null())
    rows += [
        {
            "person_id": p,
            "kind": "employment_form",
            "valid_from": _POLICY_DATE,
            "value_text": f,
            "source": "demo_population",
        }
        for p, f in held.select("person_id", "employment_form").iter_rows()
    ]
    return rows


def _child(count: int) -> None:
    """In a fresh process whose environment names the database: migrate, seed, screen twice."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linghuo.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from linghuo.insights.services import screening_run_create, screening_run_execute
    from linghuo.registry.models import GroupMembership

    call_command("migrate", verbosity=0)
    seeded = _seed(count)
    results: dict[str, Any] = {"seed_seconds": seeded, "memberships": GroupMembership.objects.count()}
    for name in ("first", "again"):
        started = time.perf_counter()
        run = screening_run_execute(screening_run_create(on=ON, actor=None))
        results[name] = {
            "seconds": time.perf_counter() - started,
            "rows": run.rows_done,
            "changed": run.changed,
        }
    print(json.dumps(results))


def _run_child(count: int, env: dict[str, str]) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, "-m", "bench.bench_registry_screening", "--child", "--persons", str(count)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


def _print(database: str, result: dict[str, Any]) -> None:
    print(
        f"{database:>10} {'seed':>6} {result['seed_seconds']:>8.1f}   ({result['memberships']:,} memberships)"
    )
    for name in ("first", "again"):
        row = result[name]
        seconds = float(row["seconds"])
        verdict = "within target" if seconds <= TARGET_SECONDS else "OVER target"
        print(
            f"{database:>10} {name:>6} {seconds:>8.1f} {row['rows'] / seconds:>10,.0f}"
            f" {TARGET_SECONDS:>6.0f} s  {verdict:<13} stored {row['changed']:,} changed results"
        )


def main() -> None:
    """Screen the registry on SQLite (and PostgreSQL when configured); print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--only", choices=("sqlite", "postgresql"), default=None)
    args, _ = parser.parse_known_args()
    if args.child:
        _child(args.persons)
        return
    print(f"{'database':>10} {'run':>6} {'seconds':>8} {'persons/s':>10} {'target':>8}")
    with tempfile.TemporaryDirectory(prefix="registry-screening-bench-") as folder:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.setdefault("LINGHUO_ENV", "test")
        url = _postgres_url()
        if args.only != "postgresql":
            env["LINGHUO_DATA_DIR"] = str(Path(folder) / "sqlite")
            _print("sqlite", _run_child(args.persons, env))
        if args.only == "sqlite":
            return
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
            _print("postgresql", _run_child(args.persons, env))
        finally:
            _postgres(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
