"""Who may act on a registry object: a person's record, an organisation.

Roles, the permission list and a caseworker's districts are every app's and live in
``linghuo.accounts.access``; the checks of a registry object live here, beside its model. Pages and
endpoints fetch an object and check it in one step (``selectors.person_for_caseworker``,
``selectors.organisation_for_member``), which answers the same "not found" for an object that is
missing and for one the user may not see.
"""

from __future__ import annotations

from linghuo.accounts.access import (
    AnyUser,
    Permission,
    active_user,
    user_has_permission,
    user_may_access_district,
    user_may_work_district,
)
from linghuo.accounts.models import Role
from linghuo.registry.models import Organisation, Person


def user_may_act_for_organisation(user: AnyUser | None, organisation: Organisation) -> bool:
    """An organisation member acts for the organisations they belong to, and only those."""
    account = active_user(user)
    if account is None or account.role != Role.ORGANISATION:
        return False
    return account.memberships.filter(organisation=organisation).exists()


def user_may_work_person(user: AnyUser | None, person: Person) -> bool:
    """A caseworker reads and changes a person's registry record only in their districts."""
    return bool(person.district_code) and user_may_work_district(user, person.district_code)


def user_may_view_full_personal_data(user: AnyUser | None, person: Person) -> bool:
    """The full (unmasked) ID and mobile numbers: the person themselves, or a role holding
    ``PERSONAL_DATA_VIEW`` with access to the person's district. Every view is audited by the caller."""
    account = active_user(user)
    if account is None:
        return False
    if person.account_id is not None and person.account_id == account.pk:
        return user_has_permission(account, Permission.WORKER_SELF_SERVICE)
    return (
        user_has_permission(account, Permission.PERSONAL_DATA_VIEW)
        and bool(person.district_code)
        and user_may_access_district(account, person.district_code)
    )
