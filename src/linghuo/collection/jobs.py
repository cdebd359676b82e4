"""A received upload's import as a background job (``linghuo.background``).

The page and the API answer at once with the submission; ``linghuo worker`` runs the import, which writes its
progress chunk by chunk to the submission row, which the page polls (``status.json``).
``LINGHUO_IMPORT_IN_BACKGROUND = False`` runs it in the request. A submission whose worker stopped shows as
interrupted (``selectors.submission_stalled``) and is ended as failed by the next worker's look at the leases.
"""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from linghuo.background import Job, job_start
from linghuo.collection.models import Submission
from linghuo.collection.services import submission_interrupt, submission_process


@task()
def submission_import(submission_id: int) -> None:
    """Import a received submission; stopped half-way (its worker told to stop at once), it says so."""
    submission = Submission.objects.select_related("organisation", "uploaded_by").get(pk=submission_id)
    try:
        submission_process(submission)  # an error ends the submission as failed, with its message
    except BaseException:
        submission_interrupt(submission)
        raise


IMPORT = Job(task=submission_import, model=Submission, interrupt=submission_interrupt)


def submission_start(submission: Submission) -> None:
    """Start the import of a received submission (on the queue unless configured otherwise)."""
    job_start(IMPORT, submission.pk, in_background=getattr(settings, "LINGHUO_IMPORT_IN_BACKGROUND", True))
