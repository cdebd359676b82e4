"""Running a received upload's import off the request: a background thread per submission.

The page and the API answer at once with the submission; the thread imports chunk by chunk and writes
its progress to the submission row, which the page polls (``status.json``). With the setting
``LINGHUO_IMPORT_IN_BACKGROUND = False`` (tests, single-process tools) the import runs in the request.
A submission left ``running`` by a stopped server shows as interrupted (``selectors.submission_stalled``).
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.db import connection

from linghuo.collection.models import Submission
from linghuo.collection.services import submission_process


def _in_thread(submission_id: int) -> None:
    try:
        submission = Submission.objects.select_related("organisation", "uploaded_by").get(pk=submission_id)
        submission_process(submission)
    finally:
        connection.close()


def submission_start(submission: Submission) -> None:
    """Start the import of a received submission (in the background unless configured otherwise)."""
    if getattr(settings, "LINGHUO_IMPORT_IN_BACKGROUND", True):
        thread = threading.Thread(
            target=_in_thread, args=(submission.pk,), name=f"import-{submission.pk}", daemon=True
        )
        thread.start()
    else:
        submission_process(submission)
