"""The market's pages (十三 灵活就业信息发布专区, 零工市场), phone-first.

- ``/market/``: anyone searches open postings (any query length: 保洁 is two characters), filters by
  district, trade, pay per hour and date, newest first or nearest (the browser's position when the
  visitor allows it, else their district); a worker sees the gigs recommended to them;
- ``/market/postings/<pk>/``: a posting with everything but its contact, which the poster and a worker
  who has applied see (``services.contact_for``, audited); apply with one tap, report it;
- ``/market/post/``: an organisation member (for their organisation) or a registered worker (as an
  individual) posts a gig, free; the pay floor's refusal shows the engine's explanation and figures;
- ``/market/mine/postings/``, ``/market/mine/applications/``, ``/market/applications/<pk>/``: the way of
  an application — hire or decline, both confirm completion, both rate, or raise a dispute;
- ``/market/profile/``: a worker's trades, districts, days, time slots and expected pay.

Every write is a call of ``linghuo.market.services``; a refusal is its message in the page's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from linghuo import divisions
from linghuo.accounts import access
from linghuo.accounts.access import Permission
from linghuo.accounts.models import User
from linghuo.bilingual import bilingual
from linghuo.market import categories, forms, services
from linghuo.market.errors import MarketError, TooManyError
from linghuo.market.matching import recommend_gigs
from linghuo.market.models import (
    ApplicationStatus,
    GigApplication,
    Posting,
    PostingStatus,
    Rating,
    Side,
    WorkerProfile,
)
from linghuo.market.search import search_postings
from linghuo.registry.selectors import organisations_of_member
from linghuo.site import throttle
from linghuo.site.language import in_active_language, is_english

PER_PAGE = 20
MY_PER_PAGE = 50
RECOMMENDED = 5

ViewFunction = TypeVar("ViewFunction", bound=Callable[..., HttpResponse])


def poster_page(view: ViewFunction) -> ViewFunction:
    """A poster's page: an organisation member or a worker; anonymous → login, anyone else → 403."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_post(request.user):
            return access.forbidden_page(request)
        return view(request, *args, **kwargs)

    return cast(ViewFunction, checked)


def may_post(user: access.AnyUser) -> bool:
    return access.user_has_permission(user, Permission.ORGANISATION_SUBMIT) or access.user_has_permission(
        user, Permission.WORKER_SELF_SERVICE
    )


def refusal(error: MarketError) -> str:
    """A service's refusal as one bilingual message (the page shows its language's half)."""
    return bilingual(error.chinese, error.english)


def _refused(request: HttpRequest, error: MarketError) -> None:
    messages.error(request, refusal(error))


def category_label(code: str) -> str:
    return categories.label(code, "en" if is_english() else "zh")


def _throttled(error: throttle.ThrottledError) -> HttpResponse:
    response = HttpResponse(
        in_active_language(throttle.too_many_requests_message(error.retry_after)),
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(error.retry_after)
    return response


def _too_many(response: HttpResponse, error: MarketError) -> HttpResponse:
    if isinstance(error, TooManyError):
        response.status_code = 429
        response["Retry-After"] = str(error.retry_after)
    return response


# ---- the information zone (anyone) ----------------------------------------------------------------------


def _in_order(ids: list[int]) -> list[Posting]:
    found = Posting.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        return 1


def _recommended(user: access.AnyUser) -> list[dict[str, Any]]:
    """推荐岗位: the gigs matching a worker's profile (``matching.recommend_gigs``), each with its reasons
    (匹配原因); none without a profile."""
    account = access.active_user(user)
    if account is None or not access.user_has_permission(account, Permission.WORKER_SELF_SERVICE):
        return []
    return [
        {"posting": m.posting, "category": category_label(m.posting.category), "reasons": m.reasons}
        for m in recommend_gigs(account, limit=RECOMMENDED)
    ]


def search(request: HttpRequest) -> HttpResponse:
    """零工市场: the search of open postings, with filters, paginated."""
    try:
        throttle.charge(request, int(settings.LINGHUO_THROTTLE_MEASURES_UNITS), scope="market")
    except throttle.ThrottledError as error:
        return _throttled(error)
    form = forms.SearchForm(request.GET)
    valid = form.is_valid()
    data: dict[str, Any] = form.cleaned_data if valid else {}
    number = _page_number(request)
    near = None
    if data.get("order") == "nearest" and data.get("lat") is not None and data.get("lng") is not None:
        near = (float(data["lat"]), float(data["lng"]))
    min_yuan = data.get("min_yuan")
    ids = search_postings(
        data.get("q") or "",
        district=data.get("district") or None,
        category=data.get("category") or None,
        min_hourly_fen=forms.fen(min_yuan) if min_yuan is not None else None,
        on=data.get("on"),
        order="nearest" if near is not None else "newest",
        near=near,
        limit=PER_PAGE + 1,
        offset=(number - 1) * PER_PAGE,
    )
    postings = _in_order(ids[:PER_PAGE])
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "valid": valid,
        "rows": [(p, category_label(p.category)) for p in postings],
        "number": number,
        "has_next": len(ids) > PER_PAGE,
        "page_query": query.urlencode(),
        "counties": divisions.counties(),
        "categories": forms.category_choices(),
        "nearest_without_place": data.get("order") == "nearest" and near is None,
        "recommended": _recommended(request.user) if number == 1 else [],
        "may_post": may_post(request.user),
    }
    return render(request, "market/search.html", context)


def _visible_posting(request: HttpRequest, pk: int) -> Posting:
    """A posting anyone may read; one taken off the market only by its poster and the bureau."""
    posting = Posting.objects.select_related("organisation").filter(pk=pk).first()
    if posting is None:
        raise Http404("未找到该岗位 / no such posting")
    if posting.status == PostingStatus.REMOVED and not (
        posting.poster_id == request.user.pk or access.user_may_work_district(request.user, posting.district)
    ):
        raise Http404("未找到该岗位 / no such posting")
    return posting


def posting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A posting: everything but the contact, which only the poster and an applicant see (audited)."""
    return _posting_page(request, _visible_posting(request, pk))


def _posting_page(request: HttpRequest, posting: Posting, *, status: int = 200) -> HttpResponse:
    user = access.active_user(request.user)
    contact: tuple[str, str] | None = None
    application = None
    if user is not None:
        application = GigApplication.objects.filter(posting=posting, worker=user).first()
        if posting.poster_id == user.pk or (
            application is not None and application.status != ApplicationStatus.WITHDRAWN
        ):
            try:
                contact = services.contact_for(by=user, posting=posting)
            except MarketError:
                contact = None
    context = {
        "posting": posting,
        "category": category_label(posting.category),
        "contact": contact,
        "application": application,
        "is_open": services.is_open(posting),
        "is_poster": user is not None and posting.poster_id == user.pk,
        "may_apply": user is not None
        and access.user_has_permission(user, Permission.WORKER_SELF_SERVICE)
        and posting.poster_id != user.pk
        and application is None,
        "report_form": forms.ReportForm(),
    }
    response = render(request, "market/posting.html", context, status=status)
    if contact is not None:
        add_never_cache_headers(response)  # the contact is personal data: never kept by a cache
    return response


@require_POST
@access.page_requires(Permission.WORKER_SELF_SERVICE)
def posting_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply with one tap (free); the contact opens to the worker."""
    posting = _visible_posting(request, pk)
    try:
        services.apply(
            by=access.request_user(request), posting=posting, message=request.POST.get("message", "")
        )
    except TooManyError as error:
        _refused(request, error)
        return _too_many(_posting_page(request, posting, status=429), error)
    except MarketError as error:
        _refused(request, error)
        return redirect("market:posting", pk=posting.pk)
    messages.success(
        request, bilingual("报名成功，可以联系发布方了。", "Applied: you may now contact the poster.")
    )
    return redirect("market:posting", pk=posting.pk)


@require_POST
@access.page_requires(Permission.ACCOUNT_VIEW_OWN)
def posting_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Report a posting (举报) to the bureau, once per person."""
    posting = _visible_posting(request, pk)
    form = forms.ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, bilingual("请选择举报原因", "choose a reason for the report"))
        return redirect("market:posting", pk=posting.pk)
    try:
        services.report(
            by=access.request_user(request),
            posting=posting,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
    except MarketError as error:
        _refused(request, error)
    else:
        messages.success(
            request, bilingual("已收到举报，人社部门会核查。", "Reported: the bureau will check it.")
        )
    return redirect("market:posting", pk=posting.pk)


@require_POST
@poster_page
def posting_close(request: HttpRequest, pk: int) -> HttpResponse:
    posting = Posting.objects.filter(pk=pk, poster=access.request_user(request)).first()
    if posting is None:
        raise Http404("未找到该岗位 / no such posting")
    try:
        services.posting_close(by=access.request_user(request), posting=posting)
    except MarketError as error:
        _refused(request, error)
    else:
        messages.success(request, bilingual("岗位已关闭。", "The posting is closed."))
    return redirect("market:my_postings")


# ---- posting (organisations, registered workers) --------------------------------------------------------


def _organisations(user: User) -> list[tuple[int, str]]:
    return [(o.pk, o.name) for o in organisations_of_member(user)]


@poster_page
def posting_new(request: HttpRequest) -> HttpResponse:
    """发布岗位: every field of a posting; refusals (the pay floor with its figures, banned words,
    duplicates, the rate limit) shown above the form."""
    user = access.request_user(request)
    organisations = _organisations(user)
    today = timezone.localdate()
    context: dict[str, Any] = {"organisations": organisations, "counties": divisions.counties()}
    if request.method != "POST":
        initial = {**forms.default_dates(today), "headcount": 1, "pay_unit": "hour"}
        if organisations:
            initial["organisation"] = str(organisations[0][0])
        context["form"] = forms.PostingForm(initial=initial, organisations=organisations)
        return render(request, "market/posting_form.html", context)
    form = forms.PostingForm(request.POST, organisations=organisations)
    context["form"] = form
    if not form.is_valid():
        return render(request, "market/posting_form.html", context, status=422)
    try:
        posting = services.posting_create(by=user, data=form.posting_input())
    except services.PayFloorError as error:
        context["floor"] = error.check
        return render(request, "market/posting_form.html", context, status=422)
    except MarketError as error:
        context["refusal"] = refusal(error)
        return _too_many(render(request, "market/posting_form.html", context, status=422), error)
    messages.success(request, bilingual("岗位已发布（免费）。", "The posting is published, free of charge."))
    return redirect("market:posting", pk=posting.pk)


@poster_page
def my_postings(request: HttpRequest) -> HttpResponse:
    """我的岗位: my postings, newest first, each with its applications and what may be done with them."""
    user = access.request_user(request)
    applications = GigApplication.objects.select_related("person").order_by("pk")
    postings = (
        Posting.objects.filter(poster=user)
        .prefetch_related(Prefetch("applications", queryset=applications))
        .order_by("-pk")[:MY_PER_PAGE]
    )
    rows = [(p, category_label(p.category), services.is_open(p)) for p in postings]
    return render(request, "market/my_postings.html", {"rows": rows})


# ---- the worker -----------------------------------------------------------------------------------------


@access.page_requires(Permission.WORKER_SELF_SERVICE)
def my_applications(request: HttpRequest) -> HttpResponse:
    """我的报名: my applications with their status, newest first."""
    user = access.request_user(request)
    applications = (
        GigApplication.objects.filter(worker=user).select_related("posting").order_by("-pk")[:MY_PER_PAGE]
    )
    rows = [(a, category_label(a.posting.category)) for a in applications]
    return render(request, "market/my_applications.html", {"rows": rows})


def _profile_initial(profile: WorkerProfile | None) -> dict[str, Any]:
    if profile is None:
        return {}
    slots = [slot for slot in profile.time_slots.split(",") if slot]
    expected = profile.expected_hourly_fen
    return {
        "trades": profile.trades,
        "districts": profile.districts,
        "days": [str(day) for day in profile.days],
        "slots": slots,
        "skills": profile.skills,
        "expected_yuan": f"{expected // 100}.{expected % 100:02d}" if expected else None,
    }


@access.page_requires(Permission.WORKER_SELF_SERVICE)
def profile(request: HttpRequest) -> HttpResponse:
    """求职意向: trades as checkboxes, districts, days, time slots and expected pay per hour."""
    user = access.request_user(request)
    existing = WorkerProfile.objects.filter(account=user).first()
    context: dict[str, Any] = {
        "counties": divisions.counties(),
        "categories": forms.category_choices(),
        "weekdays": forms.WEEKDAYS,
        "slots": forms.SLOTS,
        "saved": existing is not None,
    }
    if request.method != "POST":
        context["form"] = forms.ProfileForm(initial=_profile_initial(existing))
        return render(request, "market/profile.html", context)
    form = forms.ProfileForm(request.POST)
    context["form"] = form
    if not form.is_valid():
        return render(request, "market/profile.html", context, status=422)
    data = form.cleaned_data
    try:
        services.profile_save(
            by=user,
            trades=data["trades"],
            districts=data["districts"],
            days=data["days"],
            skills=data["skills"],
            time_slots=",".join(data["slots"]),
            expected_hourly_fen=forms.fen(data["expected_yuan"]),
        )
    except MarketError as error:
        context["refusal"] = refusal(error)
        return render(request, "market/profile.html", context, status=422)
    messages.success(request, bilingual("求职意向已保存。", "Your profile is saved."))
    return redirect("market:profile")


# ---- one application, for its two sides ---------------------------------------------------------------


def _side_of(user: User, application: GigApplication) -> str:
    if application.worker_id == user.pk:
        return Side.WORKER
    if application.posting.poster_id == user.pk:
        return Side.POSTER
    raise Http404("未找到该报名 / no such application")


def _application(request: HttpRequest, pk: int) -> tuple[GigApplication, str]:
    """An application of the user's (as its worker or its posting's poster); 404 for anyone else."""
    application = GigApplication.objects.select_related("posting", "person").filter(pk=pk).first()
    if application is None:
        raise Http404("未找到该报名 / no such application")
    return application, _side_of(access.request_user(request), application)


@access.page_requires(Permission.ACCOUNT_VIEW_OWN)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An application's way: its status, both confirmations, the pay stated, ratings, disputes."""
    application, side = _application(request, pk)
    status = application.status
    rated = set(Rating.objects.filter(application=application).values_list("side", flat=True))
    context = {
        "application": application,
        "posting": application.posting,
        "category": category_label(application.posting.category),
        "side": side,
        "is_poster": side == Side.POSTER,
        "may_decide": side == Side.POSTER and status == ApplicationStatus.APPLIED,
        "may_withdraw": side == Side.WORKER and status == ApplicationStatus.APPLIED,
        "poster_may_confirm": side == Side.POSTER
        and status == ApplicationStatus.HIRED
        and application.poster_confirmed_at is None,
        "worker_may_confirm": side == Side.WORKER
        and status == ApplicationStatus.HIRED
        and application.poster_confirmed_at is not None
        and application.worker_confirmed_at is None,
        "worker_waits": side == Side.WORKER
        and status == ApplicationStatus.HIRED
        and application.poster_confirmed_at is None,
        "may_rate": status == ApplicationStatus.COMPLETED and side not in rated,
        "may_dispute": status
        in (ApplicationStatus.HIRED, ApplicationStatus.COMPLETED, ApplicationStatus.DISPUTED),
        "ratings": list(application.ratings.order_by("pk")),
        "disputes": list(application.disputes.order_by("pk")),
        "confirm_form": forms.ConfirmForm(
            initial={"worked_from": application.posting.starts_on, "worked_until": _until(application)}
        ),
    }
    return render(request, "market/application.html", context)


def _until(application: GigApplication) -> dt.date:
    return min(application.posting.ends_on, timezone.localdate())


def _hire(request: HttpRequest, user: User, application: GigApplication) -> str:
    services.hire(by=user, application=application)
    return bilingual("已录用。", "Hired.")


def _decline(request: HttpRequest, user: User, application: GigApplication) -> str:
    services.decline(by=user, application=application)
    return bilingual("已标记为未录用。", "Declined.")


def _withdraw(request: HttpRequest, user: User, application: GigApplication) -> str:
    services.withdraw(by=user, application=application)
    return bilingual("已撤回报名。", "Your application is withdrawn.")


def _confirm(request: HttpRequest, user: User, application: GigApplication) -> str:
    if application.posting.poster_id == user.pk:
        form = forms.ConfirmForm(request.POST)
        if not form.is_valid():
            raise MarketError("请填写实付报酬和工作日期", "give the pay paid and the dates worked")
        data = form.cleaned_data
        services.confirm_by_poster(
            by=user,
            application=application,
            income_fen=forms.fen(data["income_yuan"]) or 0,
            worked_from=data["worked_from"],
            worked_until=data["worked_until"],
        )
    else:
        services.confirm_by_worker(by=user, application=application)
    return bilingual("已确认完工。", "Completion confirmed.")


def _rate(request: HttpRequest, user: User, application: GigApplication) -> str:
    form = forms.RateForm(request.POST)
    if not form.is_valid():
        raise MarketError("评分应为1至5分", "the score is 1 to 5")
    services.rate(
        by=user,
        application=application,
        score=form.cleaned_data["score"],
        comment=form.cleaned_data["comment"],
    )
    return bilingual("感谢评价。", "Thank you for rating.")


def _dispute(request: HttpRequest, user: User, application: GigApplication) -> str:
    services.dispute_raise(by=user, application=application, text=request.POST.get("text", ""))
    return bilingual("争议已提交人社部门。", "The dispute is recorded for the bureau.")


ACTIONS: dict[str, Callable[[HttpRequest, User, GigApplication], str]] = {
    "hire": _hire,
    "decline": _decline,
    "withdraw": _withdraw,
    "confirm": _confirm,
    "rate": _rate,
    "dispute": _dispute,
}


@require_POST
@access.page_requires(Permission.ACCOUNT_VIEW_OWN)
def application_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One step of an application (hire, decline, withdraw, confirm, rate, dispute) by one of its sides."""
    step = ACTIONS.get(action)
    if step is None:
        raise Http404("未知的操作 / unknown action")
    application, _ = _application(request, pk)
    try:
        done = step(request, access.request_user(request), application)
    except MarketError as error:
        _refused(request, error)
    else:
        messages.success(request, done)
    back = request.POST.get("next", "")
    if back == "mine":
        return redirect("market:my_postings")
    return redirect("market:application", pk=application.pk)
