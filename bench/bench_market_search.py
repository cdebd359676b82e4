"""Exact Chinese search of 1,000,000 gig postings (issue 12: p95 at most 20 ms, SQLite and PostgreSQL).

Run: ``python -m bench market_search`` (or ``python -m bench.bench_market_search [--count N]
[--only sqlite|postgresql] [--repeat R]``). Each database
runs in its own child process on a fresh database (PostgreSQL: a database of its own, created and dropped
here, from ``LINGHUO_TEST_DATABASE_URL`` or ``DATABASE_URL``). It loads N synthetic postings
(``market.synthetic.load``: COPY on PostgreSQL, batched inserts on SQLite; the search index kept by its
triggers as it goes), so the load time is the index's build time too, then ANALYZE (PostgreSQL: VACUUM
ANALYZE, which also merges the GIN index's pending entries). It prints the index
size, then, for two-character and four-character queries, newest 20, without and with a district filter,
p50 and p95 of ``search_postings`` over the queries repeated R times (each district in turn), beside the
target: first as each query comes (pages read for the first time since the load), then all again on a
warm cache, as a running server has it. Every answer is
also checked against the same query without the limit's early stop (the first 20 of all matches), so the
figures are of exact answers. Asserts nothing about time.

``--keep DIR`` keeps the SQLite file and the PostgreSQL database (named in the output) for a later
``--reuse DIR``, which skips the load when the database already holds the postings.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench.bench_roster_import import _postgres, _postgres_url, _with_database

TARGET_MS = 20.0
TODAY = datetime.date(2026, 12, 8)
TWO = (
    "保洁",
    "月嫂",
    "家教",
    "护工",
    "日结",
    "司机",
    "采摘",
    "主播",
    "维修",
    "夜班",
    "搬家",
    "保安",
    "普工",
    "文案",
)
FOUR = (
    "保洁阿姨",
    "住家月嫂",
    "水电维修",
    "同城配送",
    "外卖骑手",
    "直播带货",
    "钢琴陪练",
    "蓝莓采摘",
    "冷库分拣",
    "夜班保安",
    "开荒保洁",
    "产后护理",
    "交通补贴",
    "包工作餐",
)
DISTRICTS = ("320706", "320707", "320722", "320723", "320724", "320703", "320771")


def _index_size() -> tuple[int, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_total_relation_size('market_posting_search'),"
                " pg_relation_size('market_posting_search_doc')"
            )
            total, gin = cursor.fetchone()
            return int(total), f"search table with its GIN index (GIN alone {gin / 1e6:,.0f} MB)"
        cursor.execute("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'market_posting_search%'")
        return int(cursor.fetchone()[0]), "FTS5 shadow tables"


def _child(count: int, repeat: int, reuse: bool) -> None:
    """In a fresh process whose environment names the database: migrate, load, measure."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linghuo.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from linghuo.market import synthetic
    from linghuo.market.models import Posting
    from linghuo.market.search import search_postings

    call_command("migrate", verbosity=0, skip_checks=True)
    load_seconds = None
    if not (reuse and Posting.objects.count() >= count):
        started = time.perf_counter()
        synthetic.load(count, seed=12, today=TODAY, chunk=20_000)
        with connection.cursor() as cursor:  # statistics, and the GIN index's pending entries merged
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        load_seconds = time.perf_counter() - started
    size, what = _index_size()
    figures: dict[str, Any] = {
        "vendor": connection.vendor,
        "postings": Posting.objects.count(),
        "load_seconds": load_seconds,
        "index_bytes": size,
        "index_what": what,
        "cases": [],
    }
    for label, words in (("2 characters", TWO), ("4 characters", FOUR)):
        for filtered in (False, True):
            runs = [
                (word, DISTRICTS[(n + round_) % len(DISTRICTS)] if filtered else None)
                for round_ in range(repeat)
                for n, word in enumerate(words)
            ]
            for warm in (False, True):  # first each query on a cold cache, then all of them again
                times: list[float] = []
                found = 0
                for word, district in runs:
                    started = time.perf_counter()
                    ids = search_postings(word, district=district, limit=20, today=TODAY)
                    times.append((time.perf_counter() - started) * 1000)
                    found += len(ids)
                    if not warm:  # exact: the same as the first 20 of a deep page
                        deeper = search_postings(word, district=district, limit=1000, today=TODAY)
                        assert ids == deeper[:20], (word, district)
                times.sort()
                figures["cases"].append(
                    {
                        "case": f"{label}, newest 20"
                        + (", one district" if filtered else "")
                        + (" (warm)" if warm else " (first)"),
                        "p50": statistics.median(times),
                        "p95": times[max(0, round(0.95 * len(times)) - 1)],
                        "queries": len(times),
                        "mean_found": found / len(times),
                    }
                )
    print(json.dumps(figures))


def _run_child(count: int, repeat: int, env: dict[str, str]) -> dict[str, Any]:
    arguments = ["--child", "--count", str(count), "--repeat", str(repeat)]
    output = subprocess.run(
        [sys.executable, "-m", "bench.bench_market_search", *arguments],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


def _print(r: dict[str, Any]) -> None:
    database = r["vendor"]
    load = r["load_seconds"]
    built = (
        f"load and index build {load:.0f} s ({r['postings'] / load:,.0f} postings/s)" if load else "reused"
    )
    print(
        f"{database:>10}  postings {r['postings']:,}; {built};"
        f" index {r['index_bytes'] / 1e6:,.0f} MB ({r['index_what']})"
    )
    for case in r["cases"]:
        verdict = "within target" if case["p95"] <= TARGET_MS else "OVER target"
        print(
            f"{'':>10}  {case['case']:<38} p50 {case['p50']:7.2f} ms  p95 {case['p95']:7.2f} ms"
            f"  ({case['p95'] / TARGET_MS:.2f}× of {TARGET_MS:.0f} ms: {verdict});"
            f" {case['queries']} queries, {case['mean_found']:.1f} found each"
        )


def main() -> None:
    """Search 1,000,000 postings on SQLite (and PostgreSQL when configured); print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=("sqlite", "postgresql"), default=None)
    parser.add_argument("--keep", type=Path, default=None, help="keep the databases here (SQLite file)")
    parser.add_argument("--reuse", type=Path, default=None, help="reuse the databases kept with --keep")
    parser.add_argument("--child", action="store_true")
    args, _ = parser.parse_known_args()
    if args.child:
        _child(args.count, args.repeat, reuse=bool(os.environ.get("LINGHUO_BENCH_REUSE")))
        return
    kept = args.reuse or args.keep
    with tempfile.TemporaryDirectory(prefix="market-search-bench-") as scratch:
        folder = kept if kept is not None else Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.setdefault("LINGHUO_ENV", "test")
        if args.reuse is not None:
            env["LINGHUO_BENCH_REUSE"] = "1"
        print(f"{args.count:,} synthetic postings; target p95 ≤ {TARGET_MS:.0f} ms", flush=True)
        if args.only != "postgresql":
            env["LINGHUO_DATA_DIR"] = str(folder / "sqlite")
            _print(_run_child(args.count, args.repeat, env))
        if args.only == "sqlite":
            return
        url = _postgres_url()
        if url is None:
            print("PostgreSQL: not measured (set LINGHUO_TEST_DATABASE_URL or DATABASE_URL)")
            return
        name_file = folder / "postgresql-name"
        if args.reuse is not None and name_file.exists():
            name = name_file.read_text().strip()
        else:
            name = f"linghuo_bench_{uuid.uuid4().hex[:8]}"
            _postgres(url, f'CREATE DATABASE "{name}"')
            if kept is not None:
                name_file.write_text(name)
        try:
            env = {**env, "DATABASE_URL": _with_database(url, name), "LINGHUO_DATA_DIR": str(folder / "pg")}
            _print(_run_child(args.count, args.repeat, env))
        finally:
            if kept is None:
                _postgres(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            else:
                print(f"PostgreSQL database kept: {name}")


if __name__ == "__main__":
    main()
