"""Registry pages: a worker's own registration, caseworkers' people and spot checks, organisations.

Views are thin: permissions come from ``linghuo.accounts.access``, reads from ``selectors``, writes from
``services``. A caseworker asking for a person or spot check outside their districts gets 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from linghuo.accounts import access
from linghuo.accounts.access import Permission
from linghuo.accounts.models import User
from linghuo.registry import access as registry_access
from linghuo.registry import commitment, selectors, services
from linghuo.registry.forms import (
    EndRegistrationForm,
    IdentityConfirmForm,
    IdentityRejectForm,
    MembershipEndForm,
    MembershipForm,
    RegistrationForm,
    SpotCheckForm,
    yuan_to_fen,
)
from linghuo.registry.identity import IdentityError
from linghuo.registry.models import IdentityClaimStatus, Person, SpotCheckOutcome
from linghuo.registry.services import RevealedPersonalData

PERSONS_PER_PAGE = 50
RevealView = Callable[..., HttpResponse]
SPOT_CHECKS_PER_PAGE = 50
IDENTITY_CHECKS_PER_PAGE = 50


def _page_of(request: HttpRequest, rows: Any, per_page: int) -> Page[Any]:
    """The page of ``rows`` named by ``?page=``: the last page past the end, the first for a non-number."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def _query_without_page(request: HttpRequest) -> str:
    """The request's query string without ``page``, for page links that keep the search."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _add_errors(form: Form, error: ValidationError) -> None:
    """A service's error on the form: a refused identity value under its field when the form has it."""
    if isinstance(error, IdentityError) and error.field in form.fields:
        form.add_error(error.field, error.messages)
        return
    for message in error.messages:
        form.add_error(None, message)


# --- the worker's own registration ------------------------------------------------------------------


def _my_page(request: HttpRequest, user: User, revealed: RevealedPersonalData | None = None) -> HttpResponse:
    claim = selectors.pending_identity_claim(user)
    if claim is not None:  # the same page whether the number was new or had a record (nothing of it shown)
        return render(request, "registry/me.html", {"person": None, "claim": claim})
    person = selectors.person_of_account(user)
    context: dict[str, Any] = {"person": person, "revealed": revealed, "end_form": EndRegistrationForm()}
    if person is None:
        latest = selectors.latest_identity_claim(user)
        context["rejected"] = latest if latest and latest.status == IdentityClaimStatus.REJECTED else None
    if person is not None:
        context["login_mobile_masked"] = selectors.person_login_mobile_masked(person)
        context["active"] = selectors.active_registration(person)
        context["registrations"] = person.registrations.order_by("-signed_at")
        context["memberships"] = selectors.person_memberships(person)
        context["work_evidence"] = selectors.person_work_evidence(person)
    return render(request, "registry/me.html", context)


@access.page_requires(Permission.WORKER_SELF_SERVICE)
def my_registration(request: HttpRequest) -> HttpResponse:
    """我的登记: the worker's data (masked), registration and memberships."""
    return _my_page(request, access.request_user(request))


def _audited_reveal(permission: Permission, purpose: str) -> Callable[[RevealView], RevealView]:
    """A reveal page: never cached (``Cache-Control: no-store``), and a refusal is in the audit log too.

    Anonymous → login; a role without ``permission``, or a person outside the actor's districts (404), is
    refused and recorded; the service records a refusal of its own (the personal-data permission).
    """

    def decorate(view: RevealView) -> RevealView:
        @wraps(view)
        def revealing(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not isinstance(request.user, User) or not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            own = None if "pk" in kwargs else selectors.person_of_account(request.user)
            person_pk = kwargs.get("pk", own.pk if own is not None else "")
            if not access.user_has_permission(request.user, permission):
                services.person_personal_data_reveal_refused(
                    actor=request.user, person_pk=person_pk, purpose=purpose
                )
                response = access.forbidden_page(request)
            else:
                try:
                    response = view(request, *args, **kwargs)
                except Http404:
                    services.person_personal_data_reveal_refused(
                        actor=request.user, person_pk=person_pk, purpose=purpose
                    )
                    raise
            add_never_cache_headers(response)
            return response

        return cast(RevealView, revealing)

    return decorate


@require_POST
@_audited_reveal(Permission.WORKER_SELF_SERVICE, "self")
def my_reveal(request: HttpRequest) -> HttpResponse:
    """The worker's own full ID and mobile numbers, shown once and recorded in the audit log."""
    user = access.request_user(request)
    person = selectors.person_of_account(user)
    if person is None or selectors.pending_identity_claim(user) is not None:
        return redirect("registry:me")
    revealed = services.person_personal_data_reveal(actor=user, person=person, purpose="self")
    return _my_page(request, user, revealed)


@access.page_requires(Permission.WORKER_SELF_SERVICE)
def register(request: HttpRequest) -> HttpResponse:
    """The registration form: place, employment form, optional details, the commitment to sign."""
    user = access.request_user(request)
    person = selectors.person_of_account(user)
    if selectors.pending_identity_claim(user) is not None:
        return redirect("registry:me")
    if person is not None and selectors.active_registration(person) is not None:
        return redirect("registry:me")
    form = RegistrationForm(request.POST or None, needs_identity=person is None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.worker_register(
                account=user,
                name=data.get("name", ""),
                id_number=data.get("id_number", ""),
                place_kind=data["place_kind"],
                place_division=data["place_division"],
                employment_form=data["employment_form"],
                commitment_version=data["commitment_version"],
                monthly_income_fen=yuan_to_fen(data["monthly_income_yuan"]),
                work_township=data["work_township"] or "",
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("registry:me")
    version, text = commitment.commitment_current()
    return render(
        request,
        "registry/register.html",
        {"form": form, "commitment_version": version, "commitment_text": text},
    )


@access.page_requires(Permission.WORKER_SELF_SERVICE)
@require_POST
def my_end(request: HttpRequest) -> HttpResponse:
    """End the worker's active registration (today)."""
    user = access.request_user(request)
    person = selectors.person_of_account(user)
    if selectors.pending_identity_claim(user) is not None:
        return redirect("registry:me")
    active = selectors.active_registration(person) if person is not None else None
    form = EndRegistrationForm(request.POST)
    if active is not None and form.is_valid():
        services.registration_end(actor=user, registration=active, reason=form.cleaned_data["reason"])
    return redirect("registry:me")


# --- caseworkers: people ----------------------------------------------------------------------------


@access.page_requires(Permission.CASE_WORK)
def person_list(request: HttpRequest) -> HttpResponse:
    """People of the caseworker's districts, searched by name or exact ID number."""
    user = access.request_user(request)
    query = request.GET.get("q", "")
    persons = _page_of(request, selectors.persons_for_caseworker(user, query=query), PERSONS_PER_PAGE)
    return render(
        request,
        "registry/person_list.html",
        {
            "persons": persons,
            "page_query": _query_without_page(request),
            "query": query,
            "districts": sorted(access.caseworker_district_codes(user)),
        },
    )


def _person_page(
    request: HttpRequest,
    user: User,
    person: Person,
    *,
    revealed: RevealedPersonalData | None = None,
    membership_form: MembershipForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "identity_claims": selectors.person_identity_claims(person),
            "confirm_form": IdentityConfirmForm(),
            "reject_form": IdentityRejectForm(),
            "revealed": revealed,
            "may_reveal": registry_access.user_may_view_full_personal_data(user, person),
            "login_mobile_masked": selectors.person_login_mobile_masked(person),
            "registrations": person.registrations.select_related("spot_check").order_by("-signed_at"),
            "memberships": selectors.person_memberships(person),
            "work_evidence": selectors.person_work_evidence(person),
            "membership_form": membership_form
            or MembershipForm(initial={"valid_from": timezone.localdate()}),
            "end_form": MembershipEndForm(initial={"valid_until": timezone.localdate()}),
        },
        status=status,
    )


@access.page_requires(Permission.CASE_WORK)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person of the caseworker's districts: details masked, registrations, memberships."""
    user = access.request_user(request)
    return _person_page(request, user, selectors.person_for_caseworker(user, pk))


@require_POST
@_audited_reveal(Permission.CASE_WORK, "case_work")
def person_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a person's full ID and mobile numbers to their district's caseworker (audited)."""
    user = access.request_user(request)
    person = selectors.person_for_caseworker(user, pk)
    revealed = services.person_personal_data_reveal(actor=user, person=person, purpose="case_work")
    return _person_page(request, user, person, revealed=revealed)


@access.page_requires(Permission.CASE_WORK)
def membership_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a group membership with its source and evidence."""
    user = access.request_user(request)
    person = selectors.person_for_caseworker(user, pk)
    form = MembershipForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.membership_record(
                actor=user,
                person=person,
                kind=data["kind"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                value_number=data["value_number"],
                value_text=data["value_text"] or "",
                source=data["source"],
                evidence_reference=data["evidence_reference"],
                evidence_note=data["evidence_note"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("registry:person", pk=person.pk)
    return render(request, "registry/membership_form.html", {"person": person, "form": form})


@access.page_requires(Permission.CASE_WORK)
@require_POST
def membership_end(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    """Close a membership on a date."""
    user = access.request_user(request)
    person = selectors.person_for_caseworker(user, pk)
    membership = get_object_or_404(person.memberships, pk=membership_pk)
    form = MembershipEndForm(request.POST)
    if form.is_valid():
        try:
            services.membership_end(
                actor=user, membership=membership, valid_until=form.cleaned_data["valid_until"]
            )
        except ValidationError as error:
            return _error_page(request, person, error)
    return redirect("registry:person", pk=person.pk)


def _error_page(request: HttpRequest, person: Person, error: ValidationError) -> HttpResponse:
    return render(
        request, "registry/problem.html", {"person": person, "messages_list": error.messages}, status=400
    )


# --- caseworkers: identity checks -------------------------------------------------------------------


@access.page_requires(Permission.CASE_WORK)
def identity_check_list(request: HttpRequest) -> HttpResponse:
    """Workers' claims of ID numbers in the caseworker's districts: pending first (all with ``?all=1``)."""
    user = access.request_user(request)
    show_all = request.GET.get("all") == "1"
    claims = _page_of(
        request,
        selectors.identity_claims_for_caseworker(user, pending_only=not show_all),
        IDENTITY_CHECKS_PER_PAGE,
    )
    return render(
        request,
        "registry/identity_check_list.html",
        {
            "claims": claims,
            "show_all": show_all,
            "page_query": _query_without_page(request),
            "confirm_form": IdentityConfirmForm(),
            "reject_form": IdentityRejectForm(),
        },
    )


def _identity_decision(request: HttpRequest, pk: int, *, confirm: bool) -> HttpResponse:
    user = access.request_user(request)
    claim = selectors.identity_claim_for_caseworker(user, pk)
    form: Form = IdentityConfirmForm(request.POST) if confirm else IdentityRejectForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([m for messages in form.errors.values() for m in messages])
        if confirm:
            services.identity_confirm(actor=user, claim=claim, note=form.cleaned_data["note"])
        else:
            services.identity_reject(actor=user, claim=claim, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        return _error_page(request, claim.person, error)
    back = request.POST.get("back")
    if back == "person":
        return redirect("registry:person", pk=claim.person_id)
    return redirect("registry:identity_checks")


@access.page_requires(Permission.CASE_WORK)
@require_POST
def identity_check_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm a worker's claim of an ID number (the person's identity is then verified)."""
    return _identity_decision(request, pk, confirm=True)


@access.page_requires(Permission.CASE_WORK)
@require_POST
def identity_check_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """Reject a worker's claim of an ID number, with the reason."""
    return _identity_decision(request, pk, confirm=False)


# --- caseworkers: spot checks -----------------------------------------------------------------------


@access.page_requires(Permission.CASE_WORK)
def spot_check_list(request: HttpRequest) -> HttpResponse:
    """Registrations drawn for a spot check in the caseworker's districts, pending first."""
    user = access.request_user(request)
    show_all = request.GET.get("all") == "1"
    checks = _page_of(
        request, selectors.spot_checks_for_caseworker(user, pending_only=not show_all), SPOT_CHECKS_PER_PAGE
    )
    return render(
        request,
        "registry/spot_check_list.html",
        {"checks": checks, "show_all": show_all, "page_query": _query_without_page(request)},
    )


@access.page_requires(Permission.CASE_WORK)
def spot_check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A spot check: the registration and its commitment; record the outcome."""
    user = access.request_user(request)
    check = selectors.spot_check_for_caseworker(user, pk)
    form = SpotCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.spot_check_record(
                actor=user,
                spot_check=check,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("registry:spot_checks")
    return render(
        request,
        "registry/spot_check_detail.html",
        {"check": check, "form": form, "pending": check.outcome == SpotCheckOutcome.PENDING},
    )


# --- organisation members ---------------------------------------------------------------------------


@access.page_requires(Permission.ORGANISATION_VIEW_OWN)
def organisation_list(request: HttpRequest) -> HttpResponse:
    """The organisations the member acts for."""
    user = access.request_user(request)
    return render(
        request, "registry/organisation_list.html", {"organisations": selectors.organisations_of_member(user)}
    )


@access.page_requires(Permission.ORGANISATION_VIEW_OWN)
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the member's organisations with its members (mobiles masked)."""
    user = access.request_user(request)
    organisation = selectors.organisation_for_member(user, pk)
    members = organisation.memberships.select_related("user").order_by("member_role", "user__name")
    return render(
        request, "registry/organisation_detail.html", {"organisation": organisation, "members": members}
    )
