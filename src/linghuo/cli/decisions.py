"""``linghuo decisions …``: the stored benefit decisions, and the daily casework housekeeping."""

from __future__ import annotations

import datetime
import json
import sys

import click


@click.group()
def decisions() -> None:
    """待遇决定 — the stored decisions of offers and cases (benefits)."""


@decisions.command("replay")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="only the decisions stored on or after this date (YYYY-MM-DD)",
)
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
def replay(since: datetime.datetime | None, output: str) -> None:
    """Evaluate every stored decision again from its facts snapshot and date with the rules in force,
    print {"checked": N, "differ": M} and each difference with the conditions that changed; exit 1 when
    any differs."""
    from linghuo.cli.setup import django_setup

    django_setup()
    from linghuo.benefits.decisions import replay as replay_decisions

    report = replay_decisions(since=since.date() if since else None)
    if output == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(json.dumps({"checked": report.checked, "differ": report.differ}))
        for d in report.differences:
            changed = ", ".join(f"{c['code']}: {c['stored']} → {c['now']}" for c in d.conditions)
            fields = ", ".join(f"{k}: {v['stored']} → {v['now']}" for k, v in d.fields.items())
            click.echo(
                f"决定 #{d.decision_id} 人员 {d.person_id} {d.measure} {d.on}: "
                + "; ".join(part for part in (changed, fields) if part)
            )
    sys.exit(1 if report.differ else 0)


@decisions.command("daily")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="the day to act as of (YYYY-MM-DD; default: today in Asia/Shanghai)",
)
def daily(today: datetime.datetime | None) -> None:
    """Expire the open offers past their date and escalate to the manager the open cases past their
    deadline in working days (run once a day, e.g. from cron)."""
    from linghuo.cli.setup import django_setup

    django_setup()
    from django.utils import timezone

    from linghuo.benefits.services import cases_escalate_overdue, offers_expire

    day = today.date() if today else timezone.localdate()
    expired = offers_expire(today=day)
    escalated = cases_escalate_overdue(today=day)
    click.echo(
        json.dumps({"today": day.isoformat(), "offers_expired": expired, "cases_escalated": escalated})
    )
