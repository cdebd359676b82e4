"""``linghuo serve``: the platform in production, on gunicorn with several worker processes.

The web processes only answer requests: long work goes on the task queue, which ``linghuo worker`` runs
beside them. Static files are served by WhiteNoise from ``LINGHUO_STATIC_ROOT`` (run ``linghuo manage
collectstatic`` first); put an HTTPS proxy in front (``LINGHUO_ENV=production`` expects one).
"""

from __future__ import annotations

import os
import sys

import click


def default_workers() -> int:
    """Gunicorn's rule of thumb: two processes per CPU, and one more."""
    return 2 * (os.cpu_count() or 1) + 1


@click.command("serve")
@click.option("--bind", default="127.0.0.1:8000", show_default=True, help="Address and port to listen on.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=default_workers,
    show_default="2 × CPUs + 1",
    help="Web worker processes.",
)
@click.option(
    "--timeout",
    type=click.IntRange(min=1),
    default=60,
    show_default=True,
    help="Seconds a request may take before its worker process is restarted.",
)
def serve(bind: str, workers: int, timeout: int) -> None:
    """网站服务 — serve the platform on gunicorn with several worker processes (production)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linghuo.config.settings")
    arguments = [
        sys.executable,
        "-m",
        "gunicorn",
        "linghuo.config.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        "--no-control-socket",  # one path per user: a second server would take it
    ]
    sys.stdout.flush()
    os.execv(sys.executable, arguments)  # noqa: S606 - gunicorn takes over this process (signals, exit code)
