"""The engine in parts: the measures are written in the vocabulary (dsl) and never import the evaluator,
which loads them explicitly, with the values they share; the rules version covers every part."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import linghuo.policy
from linghuo.policy.dsl import Derived
from linghuo.policy.engine import rules_version, source_digest
from linghuo.policy.expressions import Facts
from linghuo.policy.measures import load
from linghuo.policy.parameters import load as load_parameters
from linghuo.policy.parameters import load_folder

POLICY_DIR = Path(linghuo.policy.__file__).parent
EVALUATOR = {"linghuo.policy.engine", "linghuo.policy.organisations", "linghuo.policy.cases"}


def test_it_imports_every_measure_module_without_the_evaluator() -> None:
    script = (
        "import importlib, pkgutil, sys\n"
        "import linghuo.policy.measures as m\n"
        "for info in pkgutil.iter_modules(m.__path__):\n"
        "    importlib.import_module(f'{m.__name__}.{info.name}')\n"
        "m.load()\n"
        "print(sorted(n for n in sys.modules if n.startswith('linghuo.policy')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "linghuo.policy.measures.minimum_wage" in done.stdout
    assert "linghuo.policy.dsl" in done.stdout
    assert not [name for name in EVALUATOR if f"'{name}'" in done.stdout], done.stdout


def test_it_loads_each_shared_value_once_from_the_module_that_defines_it() -> None:
    from linghuo.policy.measures import social_insurance_subsidy, statutory_retirement_date

    derived = load().derived
    by_name = {d.name: d for d in derived}
    assert len(by_name) == len(derived)
    # the retirement date is defined by its rule and imported by the subsidy: loaded once, from its rule
    assert vars(social_insurance_subsidy)["retirement_date"] is statutory_retirement_date.retirement_date
    assert by_name["retirement_date"] is statutory_retirement_date.retirement_date
    assert by_name["retirement_date"].module == statutory_retirement_date.__name__
    assert {"minimum_wage_tier", "minimum_wage_monthly", "minimum_wage_hourly"} <= set(by_name)
    assert all(isinstance(d, Derived) for d in derived)


def test_it_computes_a_shared_value_after_those_it_reads() -> None:
    params = load_parameters().at(dt.date(2024, 3, 1))
    earlier: set[str] = set()
    reads: dict[str, set[str]] = {}
    for value in load().derived:
        roots = set(value.build(Facts(), params).meta.root_names())
        reads[value.name] = {r for r in roots if r.startswith("__")}
        assert reads[value.name] <= earlier, value.name
        earlier.add(f"__{value.name}")
    assert reads["minimum_wage_monthly"] == {"__minimum_wage_tier"}


def test_it_reads_a_shared_value_as_its_column_and_keeps_its_docstring() -> None:
    from linghuo.policy.measures.minimum_wage import tier

    params = load_parameters().at(dt.date(2024, 3, 1))
    params.derived_parameters["minimum_wage_tier"] = frozenset({"minimum_wage.tier"})
    with params.tracking() as used:
        expr = tier(Facts(), params)
    assert expr.meta.output_name() == "__minimum_wage_tier"
    assert used == {"minimum_wage.tier"}
    assert "tier" in (tier.__doc__ or "")


def _copy_policy(tmp_path: Path) -> Path:
    copy = tmp_path / "policy"
    shutil.copytree(POLICY_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_it_changes_the_source_digest_with_every_part_of_the_engine(tmp_path: Path) -> None:
    copy = _copy_policy(tmp_path)
    installed = source_digest(resources.files("linghuo.policy"))
    assert source_digest(copy) == installed
    seen = {installed}
    for part in (
        "dsl.py",
        "explain.py",
        "decisions.py",
        "engine.py",
        "measures/__init__.py",
        "measures/minimum_wage.py",
        "expressions.py",
    ):
        path = copy / part
        path.write_text(path.read_text("utf-8") + "\n# edited\n", encoding="utf-8")
        digest = source_digest(copy)
        assert digest not in seen, part
        seen.add(digest)


def test_it_changes_the_rules_version_with_a_parameter_file(tmp_path: Path) -> None:
    copy = _copy_policy(tmp_path) / "parameters"
    assert rules_version(load_folder(copy)) == rules_version()
    path = copy / "minimum_wage.yaml"
    path.write_text(path.read_text("utf-8").replace("value: {1: 2490,", "value: {1: 2491,", 1), "utf-8")
    assert rules_version(load_folder(copy)) != rules_version()
