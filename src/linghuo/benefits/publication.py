"""Publishing an approved subsidy (公示): its disclosure period in Chinese working days.

An entitlement that pays money (one-off or periodic; a loan referral is no payment) is published the day
it is approved (``services._entitlement_create``), for ``casework.disclosure_working_days`` working days
counting the day of publication when it is one (:mod:`linghuo.policy.workdays`); ``ends_on`` is the last
day of the period. Objections to it: :mod:`linghuo.benefits.disclosure`.

>>> import datetime
>>> disclosure_ends_on(datetime.date(2026, 9, 30))  # Wed 30 Sep; 国庆 1–7 Oct off; 8, 9, Sat 10 Oct worked
datetime.date(2026, 10, 12)
"""

from __future__ import annotations

import datetime

from linghuo.audit.services import audit_record
from linghuo.benefits import deadlines
from linghuo.benefits.models import Disclosure, Entitlement, EntitlementKind
from linghuo.policy.workdays import ONE_DAY, add_working_days

DISCLOSED_KINDS = (EntitlementKind.ONE_OFF, EntitlementKind.PERIODIC)
PUBLISHED = "benefits.disclosure_published"


def disclosure_days(on: datetime.date) -> int:
    return deadlines.casework_params(on).integer("casework.disclosure_working_days")


def disclosure_ends_on(published_on: datetime.date) -> datetime.date:
    """The last day of a disclosure published on ``published_on``: the Nth working day counting that
    day itself when it is a working day (published on a holiday, the first working day after it)."""
    return add_working_days(published_on - ONE_DAY, disclosure_days(published_on))


def disclosure_publish(entitlement: Entitlement, *, on: datetime.date) -> Disclosure | None:
    """Publish ``entitlement`` from ``on`` (once: publishing again gives the same disclosure); None for an
    entitlement that pays nothing (a loan referral)."""
    if entitlement.kind not in DISCLOSED_KINDS:
        return None
    disclosure, created = Disclosure.objects.get_or_create(
        entitlement=entitlement, defaults={"published_on": on, "ends_on": disclosure_ends_on(on)}
    )
    if created:
        audit_record(
            actor=None,
            action=PUBLISHED,
            obj=disclosure,
            changes={
                "entitlement": entitlement.pk,
                "published_on": on.isoformat(),
                "ends_on": str(disclosure.ends_on),
            },
        )
    return disclosure
