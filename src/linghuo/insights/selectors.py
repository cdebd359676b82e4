"""Reads of screening runs: the run in progress, a run's state and figures as a user may see them,
people newly eligible in a run, and a person's current result."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import F, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from linghuo.accounts import access
from linghuo.accounts.access import AnyUser
from linghuo.insights.encoding import Decision, Legend, decode, measures_of
from linghuo.insights.models import RunStatus, ScreeningResult, ScreeningRun
from linghuo.registry.models import Person
from linghuo.screening.benefits import benefit_codes

STALL_AFTER = datetime.timedelta(minutes=10)


def run_stalled(run: ScreeningRun, *, now: datetime.datetime | None = None) -> bool:
    """A run that stopped reporting progress (its server was stopped) for longer than ``STALL_AFTER``."""
    if run.is_finished:
        return False
    last = run.progress_at or run.started_at or run.created_at
    return (now or timezone.now()) - last > STALL_AFTER


def run_in_progress() -> ScreeningRun | None:
    """The pending or running run that still reports progress, if any."""
    for run in ScreeningRun.objects.filter(status__in=(RunStatus.PENDING, RunStatus.RUNNING)):
        if not run_stalled(run):
            return run
    return None


def run_for(pk: int) -> ScreeningRun:
    """A run by id, or 404."""
    try:
        return ScreeningRun.objects.get(pk=pk)
    except ScreeningRun.DoesNotExist:
        raise Http404("没有这次筛查 / no such screening run") from None


def runs_recent(limit: int = 50) -> QuerySet[ScreeningRun]:
    """The latest runs, newest first."""
    return ScreeningRun.objects.select_related("created_by").order_by("-pk")[:limit]


def run_state(run: ScreeningRun) -> dict[str, Any]:
    """A run's status and progress, as the status endpoint returns it."""
    stalled = run_stalled(run)
    percent = (
        100
        if run.status == RunStatus.DONE
        else (100 * run.rows_done // run.rows_total if run.rows_total else 0)
    )
    return {
        "id": run.pk,
        "on": run.on.isoformat(),
        "status": RunStatus.FAILED.value if stalled else run.status,
        "status_label": gettext("筛查中断，请重新开始") if stalled else run.get_status_display(),
        "finished": run.is_finished or stalled,
        "rows_total": run.rows_total,
        "rows_done": run.rows_done,
        "percent": min(percent, 100),
        "changed": run.changed,
        "rules_version": run.rules_version,
        "failure_message": run.failure_message,
    }


def run_today_exists(on: datetime.date) -> bool:
    """Whether a run as of ``on`` finished or is under way (the demo screens once a day)."""
    return ScreeningRun.objects.filter(on=on).exclude(status=RunStatus.FAILED).exists()


def visible_districts(user: AnyUser | None) -> frozenset[str] | None:
    """The districts whose screening figures ``user`` sees: all (None) or a caseworker's own."""
    return access.statistics_district_codes(user)


def _figures(code: str, stored: list[int]) -> dict[str, Any]:
    """A measure's stored ``[eligible, amount_fen, newly_eligible, no_amount]`` (older runs: no
    ``no_amount``) as a row."""
    eligible, amount, newly, *rest = stored
    return {
        "code": code,
        "eligible": eligible,
        "amount_fen": amount,
        "newly_eligible": newly,
        "no_amount": rest[0] if rest else 0,
    }


def run_figures(run: ScreeningRun, user: AnyUser | None) -> dict[str, Any]:
    """A run's figures of the benefits as ``user`` may see them: by measure (summed over their districts)
    and by district. A row counts the eligible people whose amount is not known yet (``no_amount``),
    with the unset parameters it reads (``unset_parameters``)."""
    districts = visible_districts(user)
    shown = {d: v for d, v in run.by_district.items() if districts is None or d in districts}
    codes = benefit_codes(run.measures)
    by_measure = []
    for code in codes:
        rows = [_figures(code, v[code]) for v in shown.values() if code in v]
        row = {k: sum(r[k] for r in rows) for k in ("eligible", "amount_fen", "newly_eligible", "no_amount")}
        unset = run.counts.get(code, {}).get("unset_parameters", [])
        by_measure.append({"code": code, **row, "unset_parameters": unset})
    by_district = [
        {
            "district": district,
            "measures": [
                {**_figures(code, v[code]), "unset_parameters": by_measure[i]["unset_parameters"]}
                for i, code in enumerate(codes)
                if code in v and v[code][0]
            ],
        }
        for district, v in sorted(shown.items())
    ]
    return {"by_measure": by_measure, "by_district": by_district, "all_districts": districts is None}


def _benefit_mask(run: ScreeningRun) -> int:
    """The bits of a run's masks that are benefits (not the rules the platform keeps)."""
    benefits = set(benefit_codes(run.measures))
    return sum(1 << i for i, code in enumerate(run.measures) if code in benefits)


def newly_eligible_for(run: ScreeningRun, user: AnyUser | None) -> QuerySet[ScreeningResult]:
    """The people of the user's districts newly eligible for a benefit in ``run`` (caseworkers only)."""
    districts = access.caseworker_district_codes(user)
    return (
        ScreeningResult.objects.filter(run=run, person__district_code__in=districts)
        .alias(benefits_newly=F("newly_eligible").bitand(_benefit_mask(run)))
        .filter(benefits_newly__gt=0)
        .select_related("person")
        .order_by("person_id")
    )


def result_measures(run: ScreeningRun, mask: int) -> list[str]:
    """The benefits' codes of a mask stored by ``run`` (not the rules the platform keeps)."""
    return list(benefit_codes(measures_of(mask, Legend.stored(run.measures, run.conditions))))


def current_result(person: Person) -> tuple[ScreeningRun, dict[str, Decision]] | None:
    """A person's current screening result: their latest stored one, decoded; None when never screened."""
    row = ScreeningResult.objects.filter(person=person).select_related("run").order_by("-run_id").first()
    if row is None:
        return None
    legend = Legend.stored(row.run.measures, row.run.conditions)
    return row.run, decode(legend, eligible=row.eligible, amounts=row.amounts, failed=row.failed)
