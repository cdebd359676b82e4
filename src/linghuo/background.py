"""Long work off the request: a daemon thread per job that closes its own database connection.

Imports and screening runs write their progress to their own row, which the pages poll; a job left
``running`` by a stopped server shows as interrupted there. With ``in_background=False`` (tests,
single-process tools) the work runs in the caller.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def job_start(work: Callable[[], None], *, name: str, in_background: bool) -> None:
    """Run ``work`` in a named daemon thread, or here when ``in_background`` is false.

    ``work`` must load what it needs itself (by primary key): the thread has its own connection.
    """
    if not in_background:
        work()
        return

    def in_thread() -> None:
        try:
            work()
        finally:
            connection.close()

    threading.Thread(target=in_thread, name=name, daemon=True).start()
