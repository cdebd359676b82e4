"""Long work off the request, on a queue: Django's tasks framework with its database backend.

**The choice.** ``django-tasks``, the backport of Django 6's ``django.tasks`` to Django 5.2, with
``django-tasks-db``: the queue is a table in the application's own database — SQLite or PostgreSQL alike —
so there is no broker to run, a job outlives the web process that enqueued it, and any number of web
processes and workers share one queue (a worker claims a job under a row lock). On Django 6 the tasks stay
as they are; only the imports change. ``linghuo worker`` runs the queue (``worker_run``). The settings'
``TASKS`` choose the backend (``LINGHUO_TASK_QUEUE``): the database, or under tests ``immediate``, where an
enqueued job runs at once in the caller.

**A job** is a task over one row that keeps the job's state for the pages to poll (a submission, a screening
run): ``status`` pending → running → done | failed, ``started_at``, and ``progress_at`` written chunk by
chunk. ``job_start`` enqueues it when the transaction that wrote the row commits (``transaction.on_commit``),
so that a worker never looks for a row it cannot see yet; with ``in_background=False`` (the command line,
tests) the job runs here and now.

**A killed worker** leaves its job's row ``running``, and the row reports no more progress. That is the
job's lease: a ``running`` row whose last sign of life (``progress_at``, else ``started_at``) is older than
``LINGHUO_JOB_LEASE_SECONDS`` (ten minutes: as long as the pages wait before they call it interrupted) has
lost its worker, and any worker ends it as failed through the job's own ``interrupt`` service, which says so
on the row and in the audit log (``jobs_interrupted_end``: at a worker's start-up and every so often after).
So is a row still ``pending`` whose queue entry was claimed before then (its worker died before the job
began); the queue's own entry of such a job is marked failed too. A job is not retried: half an import or
half a screening run is started again by its user, as the page tells them. The lease must therefore be
longer than the longest pause between two progress reports (one chunk). A worker told to stop (SIGTERM,
Ctrl-C) finishes its job first; told twice, it stops at once and the job ends as interrupted there.

Every kind of job is a ``Job`` listed by ``linghuo.cli.worker.jobs``.
"""

from __future__ import annotations

import datetime
import functools
import logging
import os
import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.conf import settings
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.crypto import get_random_string

if TYPE_CHECKING:
    from django_tasks.base import Task
    from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=models.Model)

# The state values every job row shares (SubmissionStatus, RunStatus).
PENDING, RUNNING = "pending", "running"


class JobInterruptedError(Exception):
    """Recorded on the queue's entry of a job whose worker stopped."""


class QueueNotDatabaseError(Exception):
    """``linghuo worker`` needs the database queue, and the settings chose another."""


@dataclass(frozen=True)
class Job(Generic[M]):
    """A kind of background job: ``task`` takes the primary key of a ``model`` row, which keeps the job's
    status and progress (``status``, ``created_at``, ``started_at``, ``progress_at``); ``interrupt`` ends such
    a row as failed when its worker stopped."""

    task: Task[[int], None]
    model: type[M]
    interrupt: Callable[[M], None]


def job_start(job: Job[Any], pk: int, *, in_background: bool) -> None:
    """Enqueue ``job`` for row ``pk`` once the current transaction commits, or run it here when
    ``in_background`` is false."""
    if not in_background:
        job.task.call(pk)
        return
    transaction.on_commit(functools.partial(job.task.enqueue, pk))


def job_lease() -> datetime.timedelta:
    """How long a running job may go without reporting progress before it counts as lost."""
    return datetime.timedelta(seconds=int(settings.LINGHUO_JOB_LEASE_SECONDS))


def _claimed_before(job: Job[Any], cutoff: datetime.datetime) -> dict[int, DBTaskResult[..., Any]]:
    """The queue's running entries of ``job`` claimed before ``cutoff``, by their row's primary key."""
    from django_tasks_db.models import DBTaskResult

    claimed: dict[int, DBTaskResult[..., Any]] = {}
    entries = DBTaskResult.objects.running().filter(task_path=job.task.module_path, started_at__lt=cutoff)
    for entry in entries:
        args = entry.args_kwargs.get("args") or []
        if args and isinstance(args[0], int):
            claimed[args[0]] = entry
    return claimed


def _lost(job: Job[M], cutoff: datetime.datetime, claimed: Iterable[int]) -> models.QuerySet[M]:
    """Rows of ``job`` whose worker stopped: running without a sign of life since ``cutoff``, or pending
    while their queue entry was claimed before it."""
    rows: models.QuerySet[M] = job.model._default_manager.annotate(
        last_sign_of_life=Coalesce("progress_at", "started_at", "created_at")
    )
    return rows.filter(
        Q(status=RUNNING, last_sign_of_life__lt=cutoff) | Q(status=PENDING, pk__in=list(claimed))
    )


def jobs_interrupted_end(jobs: Iterable[Job[Any]], *, now: datetime.datetime | None = None) -> int:
    """End as failed every job whose worker stopped (see the module), and its queue entry; returns how many
    rows were ended. Each row is checked again under a lock, so two workers never end the same one twice."""
    cutoff = (now or timezone.now()) - job_lease()
    ended = 0
    for job in jobs:
        claimed = _claimed_before(job, cutoff)
        for pk in list(_lost(job, cutoff, claimed).values_list("pk", flat=True)):
            with transaction.atomic():
                row = _lost(job, cutoff, claimed).select_for_update().filter(pk=pk).first()
                if row is not None:
                    job.interrupt(row)
                    ended += 1
        manager = job.model._default_manager
        alive = set(manager.filter(pk__in=list(claimed), status=RUNNING).values_list("pk", flat=True))
        for pk, entry in claimed.items():
            if pk not in alive:
                entry.set_failed(JobInterruptedError(f"{job.task.name}({pk}): its worker stopped"))
    return ended


def worker_id() -> str:
    """This process as the queue records it: host, process id and a random part (under 64 characters)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(8)}"


def _keep_leases(jobs: tuple[Job[Any], ...], stop: threading.Event, every: float) -> None:
    """Every ``every`` seconds, end the jobs whose worker stopped (beside the worker's own loop)."""
    while not stop.wait(every):
        try:
            jobs_interrupted_end(jobs)
        except DatabaseError:  # a busy database: the next round tries again
            logger.warning("could not end interrupted jobs this time", exc_info=True)
        finally:
            connection.close()


def worker_run(
    jobs: Iterable[Job[Any]], *, interval: float = 1.0, batch: bool = False, max_tasks: int | None = None
) -> None:
    """Run the database queue in this process until told to stop (SIGTERM, SIGINT), or, with ``batch``,
    until it is empty; end interrupted jobs at start-up and every quarter lease (0.5 s to 60 s)."""
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.management.commands.db_worker import Worker

    if not isinstance(task_backends["default"], DatabaseBackend):
        raise QueueNotDatabaseError(
            f"the task queue is {settings.LINGHUO_TASK_QUEUE!r}, not 'database' (LINGHUO_TASK_QUEUE)"
        )
    kinds = tuple(jobs)
    jobs_interrupted_end(kinds)
    stop = threading.Event()
    every = min(max(job_lease().total_seconds() / 4, 0.5), 60.0)
    threading.Thread(target=_keep_leases, args=(kinds, stop, every), name="job-leases", daemon=True).start()
    worker = Worker(
        queue_names=["default"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=worker_id(),
        excluded_queue_names=[],
    )
    worker.configure_signals()
    try:
        worker.run()
    finally:
        stop.set()
