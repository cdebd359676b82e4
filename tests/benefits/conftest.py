"""Fixtures of the benefits tests: the screening people (a hard-to-employ platform worker paying her
premiums qualifies for the social-insurance subsidy, 十二), every persona, a worker's own account."""

from __future__ import annotations

import pytest

from linghuo.accounts.models import Role, User
from linghuo.registry.models import Person
from tests.accounts.personas import personas_create
from tests.insights.conftest import _screen_in_the_request, people  # noqa: F401


@pytest.fixture
def personas(db: None) -> dict[str, User]:
    return personas_create()


def own_account(person: Person, mobile: str = "13700000001") -> User:
    """Give ``person`` a worker's account of their own."""
    user = User.objects.create_user(mobile, password="x", name=person.name, role=Role.WORKER)
    Person.objects.filter(pk=person.pk).update(account=user)
    person.refresh_from_db()
    return user
