"""The pure library — policy, divisions, population, screening, spreadsheets, bilingual — never imports
Django or an app: importing all of linghuo.policy never loads Django, and no import statement in a pure
package (function-level ones included, an AST scan) names Django, a Django add-on or a linghuo module
outside the pure packages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import linghuo
from tests.policy.import_graph import imported_names

SOURCE = Path(linghuo.__file__).parent
PURE = (
    "linghuo.policy",
    "linghuo.divisions",
    "linghuo.population",
    "linghuo.screening",
    "linghuo.spreadsheets",
    "linghuo.bilingual",
    "linghuo.dates",
)
DJANGO = ("django", "ninja", "axes", "whitenoise")

SCRIPT = """
import importlib, pkgutil, sys
import linghuo.policy
for info in pkgutil.walk_packages(linghuo.policy.__path__, "linghuo.policy."):
    importlib.import_module(info.name)
from linghuo.policy.measures import registry
registry()
print(sorted(m for m in sys.modules if m.startswith("linghuo.policy")))
assert "django" not in sys.modules, sorted(m for m in sys.modules if m.startswith("django"))
"""


def test_it_imports_every_policy_module_without_django() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "linghuo.policy.measures.social_insurance_subsidy" in done.stdout
    assert "linghuo.policy.engine" in done.stdout


def _in(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == package or name.startswith(package + ".") for package in packages)


def _forbidden(name: str) -> bool:
    top = name.split(".", maxsplit=1)[0]
    return top.startswith(DJANGO) or (top == "linghuo" and not _in(name, PURE))


def test_it_finds_no_import_of_django_or_an_app_in_the_pure_packages() -> None:
    names = imported_names(SOURCE)
    pure = {module: imported for module, imported in names.items() if _in(module, PURE)}
    assert {package for package in PURE if package in pure} == set(PURE)  # every pure package is scanned
    # A function-level import is seen: the coverage report makes its cells formula-safe inside a function.
    assert "linghuo.spreadsheets.spreadsheet_safety.formula_safe" in pure["linghuo.policy.coverage"]
    found = sorted(
        f"{module} imports {name}"
        for module, imported in pure.items()
        for name in imported
        if _forbidden(name)
    )
    assert found == []
