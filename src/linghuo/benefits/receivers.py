"""Signal receivers of benefits (connected in ``BenefitsConfig.ready``).

- A finished registry screening run makes its offers (insights sends ``screening_run_finished`` and
  never imports benefits).
- A caseworker's record of a person's group membership or dated fact (``GroupMembership`` saved) is a
  change of facts: once the transaction commits, the person's offers are made as of today
  (``services.offers_for_person``). Rosters and contribution records arrive in bulk upserts, which send
  no signal; the next screening run finds those changes.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from linghuo.benefits.services import offers_for_person, offers_from_run
from linghuo.insights.models import ScreeningRun
from linghuo.insights.signals import screening_run_finished
from linghuo.registry.models import GroupMembership, Person


@receiver(screening_run_finished, dispatch_uid="benefits.offers_from_run")
def _offers_from_run(sender: type[ScreeningRun], run: ScreeningRun, **_: Any) -> None:
    offers_from_run(run)


@receiver(post_save, sender=GroupMembership, dispatch_uid="benefits.offers_after_a_membership")
def _offers_after_a_membership(sender: type[GroupMembership], instance: GroupMembership, **_: Any) -> None:
    person_id = instance.person_id

    def offer() -> None:
        person = Person.objects.filter(pk=person_id).first()
        if person is not None:
            offers_for_person(person, on=timezone.localdate())

    # robust: a failure is logged and never undoes the membership the caseworker recorded
    transaction.on_commit(offer, robust=True)
