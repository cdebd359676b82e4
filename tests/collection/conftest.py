from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import LazySettings

from linghuo.accounts.models import User
from linghuo.registry.models import Organisation, OrganisationKind
from tests.accounts.personas import employer, personas_create


@pytest.fixture(autouse=True)
def _imports_in_the_request(settings: LazySettings, tmp_path: Path) -> None:
    """Imports run in the request (no thread) and write their files under the test's own folder."""
    settings.LINGHUO_IMPORT_IN_BACKGROUND = False
    settings.DATA_DIR = tmp_path


@pytest.fixture
def personas(db: None) -> dict[str, User]:
    """One account per role; the organisation persona is a member of ``employer()`` (in 320706)."""
    return personas_create()


@pytest.fixture
def organisation(db: None) -> Organisation:
    return employer()


@pytest.fixture
def other_organisation(db: None) -> Organisation:
    return Organisation.objects.create(
        uscc="91320722MA1YYYYY0B", name="东海县外卖平台", kind=OrganisationKind.PLATFORM, division="320722"
    )
