"""No two modules of linghuo.policy import each other, directly or through others."""

from __future__ import annotations

from pathlib import Path

import linghuo.policy
from tests.policy.import_graph import circles, import_graph, package_name, reachable

POLICY_DIR = Path(linghuo.policy.__file__).parent
EVALUATOR = {"linghuo.policy.engine", "linghuo.policy.organisations", "linghuo.policy.cases"}


def _package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "pkg"


def test_it_finds_no_import_circle_among_the_policy_modules() -> None:
    graph = import_graph(POLICY_DIR)
    assert "linghuo.policy.measures.minimum_wage" in graph["linghuo.policy.measures.posting_minimum_pay"]
    assert circles(graph) == []


def test_it_keeps_the_evaluator_out_of_what_the_measure_modules_import() -> None:
    graph = import_graph(POLICY_DIR)
    written = [m for m in graph if m.startswith("linghuo.policy.measures")]
    assert len(written) > 1
    assert {m: sorted(reachable(graph, m) & EVALUATOR) for m in written} == {m: [] for m in written}
    assert "linghuo.policy.dsl" in graph["linghuo.policy.measures.social_insurance_subsidy"]


def test_it_finds_a_circle_closed_by_an_import_inside_a_function(tmp_path: Path) -> None:
    package = _package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg.b import thing\n",
            "pkg/b.py": "thing = 1\n\ndef later() -> None:\n    from pkg import a\n",
            "pkg/c.py": "import pkg.a\n",
        },
    )
    graph = import_graph(package)
    assert graph["pkg.b"] == {"pkg.a"}
    assert circles(graph) == [["pkg.a", "pkg.b"]]


def test_it_follows_relative_imports_and_type_checking_ones(tmp_path: Path) -> None:
    package = _package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/sub/__init__.py": "from . import low\n",
            "pkg/sub/low.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..top import T\n"
            ),
            "pkg/top.py": "from .sub.low import anything\nT = int\n",
        },
    )
    graph = import_graph(package)
    assert package_name(package / "sub") == "pkg.sub"
    assert graph == {
        "pkg": set(),
        "pkg.sub": {"pkg.sub.low"},
        "pkg.sub.low": {"pkg.top"},
        "pkg.top": {"pkg.sub.low"},
    }
    assert circles(graph) == [["pkg.sub.low", "pkg.top"]]


def test_it_names_a_package_by_the_packages_holding_it() -> None:
    assert package_name(POLICY_DIR) == "linghuo.policy"
    assert package_name(POLICY_DIR / "measures") == "linghuo.policy.measures"
