"""``linghuo payments …``: payment batches, the bank payment file and the bank's return file."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import click


@click.group()
def payments() -> None:
    """资金发放 — build payment batches, write bank files, reconcile the bank's return file."""


@payments.command("batch-create")
@click.option("--start", "start", type=click.DateTime(["%Y-%m-%d"]), required=True, help="first day")
@click.option("--end", "end", type=click.DateTime(["%Y-%m-%d"]), required=True, help="last day")
@click.option("--measure", default="", help="one measure's code (default: every measure)")
def batch_create(start: datetime.datetime, end: datetime.datetime, measure: str) -> None:
    """Create a batch of the payments due from START to END and print its number."""
    from linghuo.cli.setup import django_setup

    django_setup()
    from linghuo.payments.batches import batch_create as create
    from linghuo.payments.services import PaymentError

    try:
        batch = create(period_start=start.date(), period_end=end.date(), measure=measure)
    except PaymentError as error:
        raise click.ClickException(str(error)) from None
    click.echo(batch.pk)


@payments.command("batch-run")
@click.argument("batch_id", type=int)
def batch_run(batch_id: int) -> None:
    """Build batch BATCH_ID here and now (run it again after an interruption: it pays only what is left)."""
    from linghuo.cli.setup import django_setup

    django_setup()
    from linghuo.payments.batches import batch_execute
    from linghuo.payments.models import PaymentBatch

    batch = PaymentBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise click.ClickException(f"没有批次 {batch_id} / no batch {batch_id}")
    done = batch_execute(batch)
    click.echo(f"{done.payments_made} payments, {done.refused} refused by a limit")


@payments.command("export")
@click.argument("batch_id", type=int)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export(batch_id: int, out: Path) -> None:
    """Write the payment file of the batch's payments ready to send (docs/bank-files.md)."""
    from linghuo.cli.setup import django_setup

    django_setup()
    from linghuo.payments.bankfiles import file_csv, file_export
    from linghuo.payments.models import PaymentBatch

    batch = PaymentBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise click.ClickException(f"没有批次 {batch_id} / no batch {batch_id}")
    bank_file = file_export(batch)
    if bank_file is None:
        click.echo("没有待发送的支付 / nothing ready to send")
        return
    out.write_text(file_csv(bank_file), encoding="utf-8")
    click.echo(f"{bank_file.name}: {bank_file.line_count} lines, {bank_file.total_fen} fen")


@payments.command("reconcile")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def reconcile(path: Path) -> None:
    """Reconcile the bank's return file PATH line by line; exit 1 when a line could not be matched."""
    from linghuo.cli.setup import django_setup

    django_setup()
    from linghuo.payments.bankfiles import return_reconcile
    from linghuo.payments.services import PaymentError

    try:
        result = return_reconcile(path.read_text(encoding="utf-8"))
    except PaymentError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"paid {result.paid}, failed {result.failed}, answered before {result.already}")
    for problem in result.problems:
        click.echo(problem)
    sys.exit(0 if result.ok else 1)


@payments.command("referrals-export")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--on", "on", type=click.DateTime(["%Y-%m-%d"]), default=None, help="referral date (today)")
def referrals_export(out: Path, on: datetime.datetime | None) -> None:
    """Write the referral file of the guaranteed start-up loans not yet referred (docs/bank-files.md)."""
    from linghuo.cli.setup import django_setup

    django_setup()
    from linghuo.payments.referrals import referral_csv, referral_file_create

    referral_file = referral_file_create(on=on.date() if on else None)
    if referral_file is None:
        click.echo("没有待转介的贷款 / no loan is waiting to be referred")
        return
    out.write_text(referral_csv(referral_file), encoding="utf-8")
    click.echo(f"{referral_file.name}: {referral_file.line_count} lines, {referral_file.total_fen} fen")


@payments.command("referrals-reconcile")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def referrals_reconcile(path: Path) -> None:
    """Reconcile the bank's answer file PATH to the loan referrals; exit 1 when a line was not accepted."""
    from linghuo.cli.setup import django_setup

    django_setup()
    from linghuo.payments.referrals import answers_reconcile
    from linghuo.payments.services import PaymentError

    try:
        result = answers_reconcile(path.read_text(encoding="utf-8"))
    except PaymentError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"lent {result.approved}, refused {result.refused}, answered before {result.already}")
    for problem in result.problems:
        click.echo(problem)
    sys.exit(0 if result.ok else 1)
