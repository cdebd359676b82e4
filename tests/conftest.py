"""Shared fixtures: fast password hashing, PostgreSQL/browser requirements."""

from __future__ import annotations

import os

import pytest
from django.conf import LazySettings


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: LazySettings) -> None:
    # Argon2 is deliberately slow; tests that check the production hasher ask for it explicitly.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def require_all() -> bool:
    """When LINGHUO_REQUIRE_ALL=1 (CI), a missing PostgreSQL or browser is a failure, never a skip."""
    return os.environ.get("LINGHUO_REQUIRE_ALL") == "1"
