"""Other processes for the background tests: ``linghuo worker`` or ``linghuo serve`` on the test database."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

LINGHUO = str(Path(sys.executable).with_name("linghuo"))
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_database_url() -> str:
    """The database this test runs on, as ``DATABASE_URL`` for another process (SQLite file or PostgreSQL)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = f"{quote(db['USER'])}:{quote(db['PASSWORD'])}@" if db["USER"] else ""
    return f"postgres://{credentials}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def process_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a process working on this test's database, files and keys."""
    return {
        **os.environ,
        "LINGHUO_ENV": "test",
        "LINGHUO_DATA_DIR": str(data_dir),
        "DATABASE_URL": test_database_url(),
        "LINGHUO_TASK_QUEUE": "database",
        "LINGHUO_SECRET_KEY": str(settings.SECRET_KEY),
        "LINGHUO_FIELD_KEY": str(settings.FIELD_ENCRYPTION_KEY),
        "LINGHUO_AUDIT_KEY": str(settings.LINGHUO_AUDIT_KEY),
        **extra,
    }


@contextlib.contextmanager
def running(arguments: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``linghuo ARGUMENTS…``; on leaving, stop it (SIGTERM, then SIGKILL after 15 s)."""
    with open(log, "ab") as out:
        process = subprocess.Popen([LINGHUO, *arguments], env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


def wait_until(condition: Callable[[], bool], *, seconds: float, log: Path) -> None:
    """Poll ``condition`` every 0.1 s for at most ``seconds``; fail with the other process's output."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s; the process said:\n{log.read_text('utf-8', 'replace')}")
