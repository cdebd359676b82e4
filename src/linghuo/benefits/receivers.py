"""Signal receivers of benefits (connected in ``BenefitsConfig.ready``): a finished registry screening
run makes its offers (insights sends ``screening_run_finished`` and never imports benefits)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from linghuo.benefits.services import offers_from_run
from linghuo.insights.models import ScreeningRun
from linghuo.insights.signals import screening_run_finished


@receiver(screening_run_finished, dispatch_uid="benefits.offers_from_run")
def _offers_from_run(sender: type[ScreeningRun], run: ScreeningRun, **_: Any) -> None:
    offers_from_run(run)
