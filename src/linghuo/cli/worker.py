"""``linghuo worker``: run the background jobs (roster imports, screening runs) from the task queue.

The web processes enqueue jobs on the database queue (``linghuo.background``); any number of workers, on
this machine or others sharing the database, take them one at a time. At start-up, and every so often
after, a worker ends as failed the jobs whose worker stopped (no progress within the lease,
``LINGHUO_JOB_LEASE_SECONDS``). SIGTERM or Ctrl-C lets the job under way finish; a second one stops it at
once (the job then ends as interrupted). A worker also appends an anchor of the audit chain at start-up and
every ``LINGHUO_AUDIT_ANCHOR_MINUTES`` (``linghuo.audit.anchors``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from linghuo.background import Job


def jobs() -> tuple[Job[Any], ...]:
    """Every kind of background job, whose leases a worker keeps."""
    from linghuo.collection.jobs import IMPORT
    from linghuo.insights.jobs import SCREENING
    from linghuo.payments.jobs import BATCH

    return (IMPORT, SCREENING, BATCH)


@click.command("worker")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.05),
    default=1.0,
    show_default=True,
    help="Seconds between two looks at an empty queue.",
)
@click.option("--batch", is_flag=True, help="Run the jobs already queued, then stop.")
@click.option("--max-jobs", type=click.IntRange(min=1), default=None, help="Stop after this many jobs.")
def worker(interval: float, batch: bool, max_jobs: int | None) -> None:
    """后台任务 — run the queued background jobs (imports, screening runs) until stopped."""
    from linghuo.cli.setup import django_setup

    django_setup()
    from django.conf import settings

    from linghuo.audit.services import audit_anchors_start
    from linghuo.background import QueueNotDatabaseError, worker_run

    audit_anchors_start(float(settings.LINGHUO_AUDIT_ANCHOR_MINUTES) * 60)
    try:
        worker_run(jobs(), interval=interval, batch=batch, max_tasks=max_jobs)
    except QueueNotDatabaseError as error:
        raise click.ClickException(f"后台任务需要数据库队列 / {error}") from None
