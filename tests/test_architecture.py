"""The modules under src/linghuo import each other in one direction only: no import circle anywhere, between
modules or between packages (layers that only point down)."""

from __future__ import annotations

from pathlib import Path

import linghuo
from tests.policy.import_graph import circles, import_graph, package_graph

SOURCE = Path(linghuo.__file__).parent


def test_it_finds_no_import_circle_between_any_two_modules() -> None:
    graph = import_graph(SOURCE)
    assert "linghuo.cli.setup" in graph["linghuo.cli.demo"]  # the scan reaches every package
    assert circles(graph) == []


def test_it_finds_no_import_circle_between_any_two_packages() -> None:
    packages = package_graph(import_graph(SOURCE), "linghuo")
    assert "linghuo.spreadsheets" in packages["linghuo.collection"]  # the scan sees imports across packages
    assert "linghuo.audit" in packages["linghuo.accounts"]
    assert circles(packages) == []
