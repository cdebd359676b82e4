"""linghuo.policy is a pure library: importing all of it never imports Django."""

from __future__ import annotations

import subprocess
import sys

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
