"""A payment batch as a background job (``linghuo.background``): resumable, see ``batches``."""

from __future__ import annotations

import contextlib

from django.conf import settings
from django_tasks import task

from linghuo.background import Job, job_start
from linghuo.payments.batches import batch_execute, batch_interrupt
from linghuo.payments.models import PaymentBatch


@task()
def payment_batch_run(batch_id: int) -> None:
    """Build a batch; stopped half-way it is marked interrupted, and running it again finishes it."""
    batch = PaymentBatch.objects.get(pk=batch_id)
    try:
        with contextlib.suppress(Exception):  # recorded on the batch as failed, with its message
            batch_execute(batch)
    except BaseException:
        batch_interrupt(batch)
        raise


BATCH = Job(task=payment_batch_run, model=PaymentBatch, interrupt=batch_interrupt)


def batch_start(batch: PaymentBatch) -> None:
    """Build a created batch on the queue (in the caller under ``LINGHUO_PAYMENTS_IN_BACKGROUND = False``)."""
    job_start(BATCH, batch.pk, in_background=getattr(settings, "LINGHUO_PAYMENTS_IN_BACKGROUND", True))
