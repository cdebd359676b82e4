from __future__ import annotations

import pytest
from django.conf import LazySettings

from linghuo.accounts.models import User
from tests.accounts.personas import personas_create


@pytest.fixture
def personas(db: None) -> dict[str, User]:
    """One account per role (plus caseworkers of 320706 and 320722), keyed by persona name."""
    return personas_create()


@pytest.fixture
def no_spot_checks(settings: LazySettings) -> None:
    settings.LINGHUO_SPOT_CHECK_SHARE = 0.0
