"""The task queue in the web process and the job leases (``linghuo.background``): a job is enqueued once its
row is committed and runs nowhere here; a job whose row reports no progress for the lease (ten minutes)
lost its worker and ends as failed, with its queue entry; a job waiting in the queue is left to wait."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import LazySettings
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from linghuo.background import jobs_interrupted_end
from linghuo.collection import jobs as collection_jobs
from linghuo.collection import services
from linghuo.collection.models import Submission, SubmissionKind, SubmissionStatus
from linghuo.insights import jobs as insights_jobs
from linghuo.insights.models import RunStatus, ScreeningRun
from tests.accounts.personas import employer, personas_create
from tests.background.processes import DATABASE_QUEUE
from tests.collection.files import csv_bytes, roster_row

SHANGHAI = ZoneInfo("Asia/Shanghai")
STARTED = dt.datetime(2024, 4, 1, 9, 0, tzinfo=SHANGHAI)

EVERY_JOB = (collection_jobs.IMPORT, insights_jobs.SCREENING)

CaptureCallbacks = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture(autouse=True)
def _database_queue(settings: LazySettings, tmp_path: Path) -> None:
    settings.TASKS = DATABASE_QUEUE
    settings.DATA_DIR = tmp_path
    settings.LINGHUO_IMPORT_IN_BACKGROUND = True
    settings.LINGHUO_SCREENING_IN_BACKGROUND = True


def _received() -> Submission:
    return services.submission_receive(
        kind=SubmissionKind.ROSTER,
        upload=io.BytesIO(csv_bytes([roster_row(0)])),
        filename="名册.csv",
        actor=personas_create()["organisation"],
        organisation=employer(),
        period=dt.date(2024, 3, 1),
    )


def _running_import(progress_at: dt.datetime) -> Submission:
    submission = _received()
    Submission.objects.filter(pk=submission.pk).update(
        status=SubmissionStatus.RUNNING, started_at=STARTED, progress_at=progress_at
    )
    submission.refresh_from_db()
    return submission


@pytest.mark.django_db
def test_it_enqueues_a_job_when_its_row_is_committed_and_runs_nothing_here(
    django_capture_on_commit_callbacks: CaptureCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        submission = _received()
        collection_jobs.submission_start(submission)
        assert not DBTaskResult.objects.exists()  # not before the row is there for a worker to read

    entry = DBTaskResult.objects.get()
    assert entry.task_path == "linghuo.collection.jobs.submission_import"
    assert entry.args_kwargs["args"] == [submission.pk]
    assert entry.status == "READY"
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.PENDING


@pytest.mark.django_db
def test_it_runs_a_job_in_the_caller_when_not_in_the_background(settings: LazySettings) -> None:
    settings.LINGHUO_IMPORT_IN_BACKGROUND = False
    submission = _received()

    collection_jobs.submission_start(submission)

    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.DONE
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_it_ends_a_running_import_once_it_reported_nothing_for_ten_minutes() -> None:
    submission = _running_import(progress_at=STARTED + dt.timedelta(minutes=5))

    with time_machine.travel(STARTED + dt.timedelta(minutes=14, seconds=59), tick=False):
        assert jobs_interrupted_end(EVERY_JOB) == 0
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.RUNNING

    with time_machine.travel(STARTED + dt.timedelta(minutes=15, seconds=1), tick=False):
        assert jobs_interrupted_end(EVERY_JOB) == 1
        assert jobs_interrupted_end(EVERY_JOB) == 0  # ended once
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.FAILED
    assert submission.failure_message.startswith("导入中断")
    assert submission.stored_path == ""


@pytest.mark.django_db
def test_it_ends_a_screening_run_whose_worker_died_and_its_queue_entry() -> None:
    run = ScreeningRun.objects.create(on=dt.date(2024, 4, 1), status=RunStatus.PENDING)
    with time_machine.travel(STARTED, tick=False):
        insights_jobs.screening_run.enqueue(run.pk)
        entry = DBTaskResult.objects.get()
        entry.claim("another-host:4242:abcdefgh")  # claimed, and its worker died before the run began

    with time_machine.travel(STARTED + dt.timedelta(minutes=9), tick=False):
        assert jobs_interrupted_end(EVERY_JOB) == 0
    with time_machine.travel(STARTED + dt.timedelta(minutes=11), tick=False):
        assert jobs_interrupted_end(EVERY_JOB) == 1

    run.refresh_from_db()
    entry.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.failure_message.startswith("筛查中断")
    assert entry.status == "FAILED"
    assert entry.exception_class_path == "linghuo.background.JobInterruptedError"


@pytest.mark.django_db
def test_it_leaves_a_job_waiting_in_the_queue_to_wait() -> None:
    with time_machine.travel(STARTED, tick=False):
        submission = _received()
        collection_jobs.IMPORT.task.enqueue(submission.pk)

    with time_machine.travel(STARTED + dt.timedelta(days=2), tick=False):
        assert jobs_interrupted_end(EVERY_JOB) == 0

    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.PENDING
    assert DBTaskResult.objects.get().status == "READY"
