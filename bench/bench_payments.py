"""A batch of 100,000 payments built, exported and reconciled from a return file (issue 11: at most 60 s on
PostgreSQL).

Run: ``DATABASE_URL=postgres://… python -m bench payments`` (or ``python -m bench.bench_payments
--payees N``). The database named is emptied (its ``public`` schema dropped and migrated again): give it
one of its own. It seeds N persons (ID numbers not encrypted: they play no part here), each with
an approved one-off entitlement (九, 培训期间生活费补贴)
and a bank account (encrypted as in production), then times the three steps finance runs: the batch (every
payment, its accrual posting), the payment file (every line, its posting, the CSV with its control line),
and the bank's return file (99 % paid, 1 % failed) reconciled line by line. Prints the figures and
``ledger verify``. Asserts nothing about time.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from zoneinfo import ZoneInfo

TARGET_SECONDS = 60.0
ALLOWANCE = 120000
CHUNK = 10_000


def _reset() -> None:
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    call_command("migrate", verbosity=0)


def _seed(count: int) -> float:
    from django.db import transaction

    from linghuo import personal_data
    from linghuo.benefits.models import Case, CaseOrigin, Entitlement, EntitlementKind
    from linghuo.benefits.workflow import CaseState
    from linghuo.payments.models import BankAccount
    from linghuo.registry.models import Person

    started = time.perf_counter()
    approved = datetime.datetime(2026, 1, 5, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    for first in range(0, count, CHUNK):
        numbers = range(first, min(first + CHUNK, count))
        with transaction.atomic():
            persons = Person.objects.bulk_create(
                Person(
                    name="测试人员",
                    id_number_hash=f"bench-{n}",
                    id_number_encrypted="-",
                    id_number_masked="3207**********0000",
                    birth_date=datetime.date(1988, 8, 8),
                    sex="female",
                    hukou_division="320706",
                    district_code="320706",
                    work_division="320706",
                )
                for n in numbers
            )
            cases = Case.objects.bulk_create(
                Case(
                    person=p,
                    measure="training_living_allowance",
                    origin=CaseOrigin.APPLICATION,
                    district="320706",
                    state=CaseState.APPROVED,
                    submitted_at=approved,
                )
                for p in persons
            )
            Entitlement.objects.bulk_create(
                Entitlement(
                    person=p,
                    measure="training_living_allowance",
                    district="320706",
                    kind=EntitlementKind.ONE_OFF,
                    amount_fen=ALLOWANCE,
                    case=c,
                    approved_at=approved,
                )
                for p, c in zip(persons, cases, strict=True)
            )
            BankAccount.objects.bulk_create(
                BankAccount(
                    person=p,
                    holder_name=p.name,
                    bank_name="工商银行",
                    number_hash=personal_data.lookup_hash(f"62220200{p.pk:011d}"),
                    number_encrypted=personal_data.encrypt(f"62220200{p.pk:011d}"),
                    number_masked=f"6222***********{p.pk % 10000:04d}",
                )
                for p in persons
            )
    return time.perf_counter() - started


def _run(count: int) -> None:
    from linghuo.payments.bankfiles import FAILED, PAID, file_csv, file_export, return_csv, return_reconcile
    from linghuo.payments.batches import batch_create, batch_execute
    from linghuo.payments.ledger import ledger_verify

    _reset()
    seeded = _seed(count)
    print(f"seeded {count:,} payees with entitlements and bank accounts in {seeded:.1f} s", flush=True)

    started = time.perf_counter()
    batch = batch_execute(
        batch_create(period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 1, 31))
    )
    built = time.perf_counter() - started
    print(f"batch built: {batch.payments_made:,} payments in {built:.1f} s", flush=True)

    started = time.perf_counter()
    bank_file = file_export(batch)
    assert bank_file is not None
    text = file_csv(bank_file)
    exported = time.perf_counter() - started
    print(
        f"payment file: {bank_file.line_count:,} lines, {bank_file.total_fen / 100:,.2f} yuan, "
        f"{len(text) / 1e6:.1f} MB in {exported:.1f} s",
        flush=True,
    )

    rows = text.splitlines()[1:-1]
    answers = [
        (
            row.split(",", 1)[0],
            ALLOWANCE,
            FAILED if n % 100 == 0 else PAID,
            "账户已销户" if n % 100 == 0 else "",
        )
        for n, row in enumerate(rows)
    ]
    returned = return_csv(answers)
    started = time.perf_counter()
    result = return_reconcile(returned)
    reconciled = time.perf_counter() - started
    print(
        f"return file: {result.paid:,} paid, {result.failed:,} failed, {len(result.problems)} problems "
        f"in {reconciled:.1f} s"
    )

    total = built + exported + reconciled
    check = ledger_verify()
    print(f"ledger verify: {check.message()} ({check.checked:,} postings)")
    verdict = "met" if total <= TARGET_SECONDS else "MISSED"
    print(f"total {total:.1f} s (target ≤ {TARGET_SECONDS:.0f} s on PostgreSQL): {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench payments")
    parser.add_argument("--payees", type=int, default=100_000)
    args = parser.parse_args(sys.argv[2:] if sys.argv[1:2] == ["payments"] else sys.argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linghuo.config.settings")
    import django

    django.setup()
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    _run(args.payees)


if __name__ == "__main__":
    main()
