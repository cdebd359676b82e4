"""``/api/v1/screening-runs``: the registry screening runs and their progress (the runs page polls it)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from linghuo.accounts import access
from linghuo.accounts.access import ApiPermission, Permission
from linghuo.api_types import Id
from linghuo.insights import selectors

router = Router(tags=["screening"])
_SEEN = ApiPermission(Permission.ACCOUNT_VIEW_OWN)


def _check(request: HttpRequest) -> None:
    if not access.user_may_view_screening(request.user):
        raise HttpError(403, access.MESSAGE_FORBIDDEN)


@router.get("/screening-runs", auth=_SEEN)
def screening_runs(request: HttpRequest) -> list[dict[str, Any]]:
    """The latest registry screening runs with status and progress (caseworkers, managers, admins)."""
    _check(request)
    return [selectors.run_state(run) for run in selectors.runs_recent()]


@router.get("/screening-runs/{run_id}", auth=_SEEN)
def screening_run(request: HttpRequest, run_id: Id) -> dict[str, Any]:
    """One run's status and progress."""
    _check(request)
    return selectors.run_state(selectors.run_for(run_id))
