"""Running a screening off the request (``linghuo.background``), as imports do.

The page answers at once; the run writes its progress to the run row, which the runs page polls.
``LINGHUO_SCREENING_IN_BACKGROUND = False`` runs it in the request. A run left ``running`` by a stopped
server shows as interrupted (``selectors.run_stalled``). A failure is recorded on the run (and logged) by
the service.
"""

from __future__ import annotations

import contextlib
import functools

from django.conf import settings

from linghuo.background import job_start
from linghuo.insights.models import ScreeningRun
from linghuo.insights.services import screening_run_execute


def _execute(run_id: int) -> None:
    with contextlib.suppress(Exception):  # recorded on the run as failed, with its message
        screening_run_execute(ScreeningRun.objects.select_related("created_by").get(pk=run_id))


def screening_run_start(run: ScreeningRun) -> None:
    """Execute a created run (in the background unless configured otherwise)."""
    job_start(
        functools.partial(_execute, run.pk),
        name=f"screening-{run.pk}",
        in_background=getattr(settings, "LINGHUO_SCREENING_IN_BACKGROUND", True),
    )
