"""Running a received upload's import off the request (``linghuo.background``).

The page and the API answer at once with the submission; the import writes its progress chunk by chunk to
the submission row, which the page polls (``status.json``). ``LINGHUO_IMPORT_IN_BACKGROUND = False`` runs it
in the request. A submission left ``running`` by a stopped server shows as interrupted
(``selectors.submission_stalled``).
"""

from __future__ import annotations

import functools

from django.conf import settings

from linghuo.background import job_start
from linghuo.collection.models import Submission
from linghuo.collection.services import submission_process


def _process(submission_id: int) -> None:
    submission_process(Submission.objects.select_related("organisation", "uploaded_by").get(pk=submission_id))


def submission_start(submission: Submission) -> None:
    """Start the import of a received submission (in the background unless configured otherwise)."""
    job_start(
        functools.partial(_process, submission.pk),
        name=f"import-{submission.pk}",
        in_background=getattr(settings, "LINGHUO_IMPORT_IN_BACKGROUND", True),
    )
