"""Who may see a submission (a roster or a contribution upload) and its error report.

Roles, the permission list and a caseworker's districts are every app's and live in
``linghuo.accounts.access``; the checks of a submission live here, beside its model. Pages and
endpoints fetch a submission and check it in one step (``selectors.submission_for``), which answers
the same "not found" for a submission that is missing and for one the user may not see.
"""

from __future__ import annotations

from linghuo.accounts.access import (
    AnyUser,
    Permission,
    active_user,
    caseworker_may_access_district,
    user_has_permission,
    user_may_oversee_all_submissions,
    user_may_work_district,
)
from linghuo.collection.models import Submission
from linghuo.registry.access import user_may_act_for_organisation


def user_may_view_submission(user: AnyUser | None, submission: Submission) -> bool:
    """A roster submission: its organisation's members, caseworkers of the organisation's district,
    managers and administrators. A contribution upload: its uploader and administrators."""
    account = active_user(user)
    if account is None:
        return False
    if submission.organisation is None:
        return submission.uploaded_by_id == account.pk or (
            user_may_oversee_all_submissions(account)
            and user_has_permission(account, Permission.CONTRIBUTIONS_IMPORT)
        )
    if user_may_act_for_organisation(account, submission.organisation):
        return True
    if user_may_oversee_all_submissions(account):
        return True
    return user_has_permission(account, Permission.SUBMISSIONS_OVERSEE) and caseworker_may_access_district(
        account, submission.organisation.division
    )


def user_may_download_error_report(user: AnyUser | None, submission: Submission) -> bool:
    """The error report holds rows as uploaded (full ID numbers): a roster's to its organisation's
    members and the caseworkers of its district; a contribution upload's to its uploader and
    administrators."""
    account = active_user(user)
    if account is None:
        return False
    if submission.organisation is None:
        return user_may_view_submission(account, submission)
    return user_may_act_for_organisation(account, submission.organisation) or user_may_work_district(
        account, submission.organisation.division
    )
