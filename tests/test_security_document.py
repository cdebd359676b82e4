"""SECURITY.md stays true: every test it cites as proof exists, and every setting it names is read."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = (ROOT / "SECURITY.md").read_text(encoding="utf-8")


def test_it_cites_tests_that_exist() -> None:
    cited = sorted(set(re.findall(r"`(tests/[\w/]+\.py)`", DOCUMENT)))
    assert len(cited) >= 10
    assert [path for path in cited if not (ROOT / path).is_file()] == []


def test_it_names_settings_the_platform_reads() -> None:
    settings = (ROOT / "src/linghuo/config/settings.py").read_text(encoding="utf-8")
    named = sorted(set(re.findall(r"`(LINGHUO_[A-Z_]+)`", DOCUMENT)))
    assert "LINGHUO_FIELD_KEY_PREVIOUS" in named

    def read(name: str) -> bool:  # a secret X may come from the file named in X_FILE
        base = name.removesuffix("_FILE")
        return f'"{name}"' in settings or f'"{base}"' in settings

    assert [name for name in named if not read(name)] == []
