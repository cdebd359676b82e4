"""Running a screening off the request: a background thread per run, as imports do
(``linghuo.collection.jobs``). The page answers at once; the thread writes its progress to the run row,
which the runs page polls. With ``LINGHUO_SCREENING_IN_BACKGROUND = False`` (tests, single-process tools)
the run executes in the request. A run left ``running`` by a stopped server shows as interrupted
(``selectors.run_stalled``). A failure is recorded on the run (and logged) by the service."""

from __future__ import annotations

import contextlib
import threading

from django.conf import settings
from django.db import connection

from linghuo.insights.models import ScreeningRun
from linghuo.insights.services import screening_run_execute


def _execute(run_id: int) -> None:
    with contextlib.suppress(Exception):  # recorded on the run as failed, with its message
        screening_run_execute(ScreeningRun.objects.select_related("created_by").get(pk=run_id))


def _in_thread(run_id: int) -> None:
    try:
        _execute(run_id)
    finally:
        connection.close()


def screening_run_start(run: ScreeningRun) -> None:
    """Execute a created run (in the background unless configured otherwise)."""
    if getattr(settings, "LINGHUO_SCREENING_IN_BACKGROUND", True):
        threading.Thread(target=_in_thread, args=(run.pk,), name=f"screening-{run.pk}", daemon=True).start()
    else:
        _execute(run.pk)
