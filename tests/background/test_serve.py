"""``linghuo serve``: the platform on gunicorn with several worker processes, answering on loopback."""

from __future__ import annotations

import json
import socket
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from linghuo.cli import cli
from linghuo.cli.serve import default_workers
from tests.background.processes import running, wait_until


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def _health(port: int) -> dict[str, object] | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=5) as response:
            return dict(json.load(response))
    except OSError:
        return None


def test_it_describes_its_options_with_a_worker_count_from_the_cpus() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])

    assert result.exit_code == 0
    assert "--workers" in result.output
    assert "--bind" in result.output
    assert "127.0.0.1:8000" in result.output
    assert default_workers() >= 3  # two per CPU and one more


def test_it_answers_a_request_on_several_gunicorn_workers_and_stops(tmp_path: Path) -> None:
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {"PATH": "/usr/bin:/bin", "LINGHUO_ENV": "test", "LINGHUO_DATA_DIR": str(tmp_path)}

    with running(["serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"], env, log) as server:
        wait_until(lambda: _health(port) is not None, seconds=60, log=log)
        assert (_health(port) or {}).get("status") == "ok"
        assert len(_children(server.pid)) == 2
    assert server.returncode == 0
    assert "Booting worker" in log.read_text("utf-8")
