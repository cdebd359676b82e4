"""A screening run as a background job (``linghuo.background``), as imports are.

The page answers at once; ``linghuo worker`` runs the screening, which writes its progress to the run row,
which the runs page polls. ``LINGHUO_SCREENING_IN_BACKGROUND = False`` runs it in the request. A run whose
worker stopped shows as interrupted (``selectors.run_stalled``) and is ended as failed by the next worker's
look at the leases. A failure is recorded on the run (and logged) by the service.
"""

from __future__ import annotations

import contextlib

from django.conf import settings
from django_tasks import task

from linghuo.background import Job, job_start
from linghuo.insights.models import ScreeningRun
from linghuo.insights.services import screening_run_execute, screening_run_interrupt


@task()
def screening_run(run_id: int) -> None:
    """Execute a created run; stopped half-way (its worker told to stop at once), it says so."""
    run = ScreeningRun.objects.select_related("created_by").get(pk=run_id)
    try:
        with contextlib.suppress(Exception):  # recorded on the run as failed, with its message
            screening_run_execute(run)
    except BaseException:
        screening_run_interrupt(run)
        raise


SCREENING = Job(task=screening_run, model=ScreeningRun, interrupt=screening_run_interrupt)


def screening_run_start(run: ScreeningRun) -> None:
    """Execute a created run (on the queue unless configured otherwise)."""
    job_start(SCREENING, run.pk, in_background=getattr(settings, "LINGHUO_SCREENING_IN_BACKGROUND", True))
