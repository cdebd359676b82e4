"""Offers from a registry screening run of 1,000,000 persons (issue 11: at most 60 s on PostgreSQL).

Run: ``python -m bench offers [--persons N] [--only postgresql]``. Each database runs in its own child
process on a fresh database, seeded as ``bench_registry_screening`` seeds it (persons and their group
memberships straight from ``linghuo.population``), every person's identity known from a roster (so that
benefits may flow, ``registry.selectors.benefits_may_flow``). The screening run is timed on its own (the
offers' signal disconnected), then ``benefits.services.offers_from_run`` on that run: each newly eligible
person's decision stored with its facts snapshot and trace, an open offer, and an SMS in the outbox. A
second call on the same run makes no offer (one open offer per entitlement). Prints the figures side by
side with the target; asserts nothing about time.
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

from bench.bench_registry_screening import ON, _seed
from bench.bench_roster_import import _postgres, _postgres_url, _with_database

TARGET_SECONDS = 60.0


def _child(count: int) -> None:
    """In a fresh process whose environment names the database: migrate, seed, screen, make offers."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linghuo.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from linghuo.benefits import receivers
    from linghuo.benefits.models import Decision, Offer, OutboxMessage
    from linghuo.benefits.services import offers_from_run
    from linghuo.insights.services import screening_run_create, screening_run_execute
    from linghuo.insights.signals import screening_run_finished
    from linghuo.registry.models import IdentityVerification, Person

    call_command("migrate", verbosity=0)
    seeded = _seed(count)
    Person.objects.update(
        identity_verification=IdentityVerification.ROSTER, identity_verified_at=timezone.now()
    )
    screening_run_finished.disconnect(dispatch_uid="benefits.offers_from_run")
    started = time.perf_counter()
    run = screening_run_execute(screening_run_create(on=ON, actor=None))
    screened = time.perf_counter() - started
    today = ON + datetime.timedelta(days=1)
    started = time.perf_counter()
    made = offers_from_run(run, today=today)
    offered = time.perf_counter() - started
    started = time.perf_counter()
    again = offers_from_run(run, today=today)
    repeated = time.perf_counter() - started
    assert receivers  # the module whose receiver was disconnected
    print(
        json.dumps(
            {
                "seed_seconds": seeded,
                "screen_seconds": screened,
                "rows": run.rows_done,
                "offers": made,
                "offers_seconds": offered,
                "again": again,
                "again_seconds": repeated,
                "decisions": Decision.objects.count(),
                "open_offers": Offer.objects.count(),
                "outbox": OutboxMessage.objects.count(),
            }
        )
    )


def _run_child(count: int, env: dict[str, str]) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, "-m", "bench.bench_offers", "--child", "--persons", str(count)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


def _print(database: str, r: dict[str, Any]) -> None:
    seconds = float(r["offers_seconds"])
    verdict = "within target" if seconds <= TARGET_SECONDS else "OVER target"
    rate = r["offers"] / seconds if seconds else 0.0
    print(
        f"{database:>10}  persons {r['rows']:,}  seed {r['seed_seconds']:.1f} s"
        f"  screening run {r['screen_seconds']:.1f} s\n"
        f"{'':>10}  offers {r['offers']:,} in {seconds:.1f} s ({rate:,.0f}/s; target {TARGET_SECONDS:.0f} s,"
        f" {seconds / TARGET_SECONDS:.2f}× of it: {verdict})\n"
        f"{'':>10}  the same run again: {r['again']} offers in {r['again_seconds']:.1f} s;"
        f" stored {r['decisions']:,} decisions, {r['open_offers']:,} offers, {r['outbox']:,} SMS"
    )


def main() -> None:
    """Offers from a screening run on SQLite (and PostgreSQL when configured); print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--only", choices=("sqlite", "postgresql"), default=None)
    args, _ = parser.parse_known_args()
    if args.child:
        _child(args.persons)
        return
    with tempfile.TemporaryDirectory(prefix="offers-bench-") as folder:
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
