"""``linghuo worker``: a job enqueued by this (web) process is done by the worker process, and a job whose
worker was killed ends as failed rather than running for ever."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.conf import LazySettings
from django_tasks_db.models import DBTaskResult

from linghuo.cli import cli
from linghuo.collection import jobs, services
from linghuo.collection.models import RosterEntry, Submission, SubmissionKind, SubmissionStatus
from tests.accounts.personas import employer, personas_create
from tests.background.processes import DATABASE_QUEUE, process_env, running, wait_until
from tests.collection.files import csv_bytes, roster_row

# The worker process sees only committed rows.
on_committed_rows = pytest.mark.django_db(transaction=True)


def _received_roster(settings: LazySettings, tmp_path: Path, rows: int) -> Submission:
    settings.DATA_DIR = tmp_path
    settings.TASKS = DATABASE_QUEUE
    settings.LINGHUO_IMPORT_IN_BACKGROUND = True
    return services.submission_receive(
        kind=SubmissionKind.ROSTER,
        upload=io.BytesIO(csv_bytes([roster_row(i) for i in range(rows)])),
        filename="三月名册.csv",
        actor=personas_create()["organisation"],
        organisation=employer(),
        period=dt.date(2024, 3, 1),
    )


def _status(submission: Submission) -> str:
    return str(Submission.objects.values_list("status", flat=True).get(pk=submission.pk))


def _worker_pid(entry: DBTaskResult[..., Any]) -> int:
    entry.refresh_from_db()
    return int(entry.worker_ids[-1].split(":")[-2])  # host:pid:random


@on_committed_rows
def test_it_has_a_job_enqueued_here_done_by_the_worker_process(
    settings: LazySettings, tmp_path: Path
) -> None:
    submission = _received_roster(settings, tmp_path, rows=3)

    jobs.submission_start(submission)
    entry = DBTaskResult.objects.get()
    assert (entry.status, _status(submission)) == ("READY", SubmissionStatus.PENDING)  # queued, not run here

    log = tmp_path / "worker.log"
    with running(["worker", "--interval", "0.1"], process_env(tmp_path), log) as worker:
        wait_until(lambda: _status(submission) == SubmissionStatus.DONE, seconds=60, log=log)
        wait_until(lambda: DBTaskResult.objects.get().status == "SUCCESSFUL", seconds=30, log=log)

    submission.refresh_from_db()
    assert (submission.accepted, submission.rejected) == (3, 0)
    assert RosterEntry.objects.filter(submission=submission).count() == 3
    assert _worker_pid(entry) == worker.pid != os.getpid()


@on_committed_rows
def test_it_ends_as_failed_a_job_whose_worker_was_killed(settings: LazySettings, tmp_path: Path) -> None:
    submission = _received_roster(settings, tmp_path, rows=3)
    # The kept upload becomes a pipe nobody writes to: the import is under way, waiting, when killed.
    upload = tmp_path / submission.stored_path
    upload.unlink()
    os.mkfifo(upload)
    jobs.submission_start(submission)

    log = tmp_path / "worker.log"
    with running(["worker", "--interval", "0.1"], process_env(tmp_path), log) as first:
        wait_until(lambda: _status(submission) == SubmissionStatus.RUNNING, seconds=60, log=log)
        first.kill()
        first.wait(timeout=15)
    entry = DBTaskResult.objects.get()
    assert (entry.status, _status(submission)) == ("RUNNING", SubmissionStatus.RUNNING)
    assert _worker_pid(entry) == first.pid

    # The next worker (a one-second lease here, ten minutes by default) finds the job lost and ends it.
    with running(["worker"], process_env(tmp_path, LINGHUO_JOB_LEASE_SECONDS="1"), log):
        wait_until(lambda: _status(submission) == SubmissionStatus.FAILED, seconds=60, log=log)
        wait_until(lambda: DBTaskResult.objects.get().status == "FAILED", seconds=30, log=log)

    submission.refresh_from_db()
    assert submission.failure_message.startswith("导入中断")
    assert submission.finished_at is not None
    assert not upload.exists()
    assert "JobInterruptedError" in DBTaskResult.objects.get().exception_class_path


def test_it_refuses_to_run_without_the_database_queue() -> None:
    result = CliRunner().invoke(cli, ["worker", "--batch"])  # the tests' queue is "immediate"

    assert result.exit_code == 1
    assert "LINGHUO_TASK_QUEUE" in result.output
