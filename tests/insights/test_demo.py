"""``linghuo demo`` screens the registry once a day, so the demo shows screening results."""

from __future__ import annotations

import pytest
from django.utils import timezone

from linghuo.demo import demo_load
from linghuo.insights.models import RunStatus, ScreeningRun
from linghuo.registry.models import Person


@pytest.mark.django_db
def test_the_demo_screens_the_registry_once_a_day() -> None:
    demo_load(persons=40, seed=3)
    demo_load(persons=40, seed=3)
    run = ScreeningRun.objects.get()
    assert (run.on, run.status) == (timezone.localdate(), RunStatus.DONE)
    assert run.rows_done == Person.objects.count() > 40
