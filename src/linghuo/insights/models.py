"""Screening runs over the registry and the results they store.

**How results are stored, and why.** A city registry holds about a million people and the engine
decides about 19 person measures for each. One row per (person, measure) would be ~19 million rows per
full run; one row per person with a JSON document of every measure's decision and failed conditions
would be ~1 KB a row. Instead a result is one row per person holding:

- ``eligible``: a bitmask over the run's measures (bit *i* = ``run.measures[i]``);
- ``newly_eligible``: the measures eligible now but not in the person's previous stored result;
- ``amounts``: a compact JSON object ``{"<measure>": fen}`` of the eligible measures that give an amount
  (``{}`` when none) — in measure order, so equal decisions give equal text;
- ``failed``: each measure's failed conditions as the engine's bitmask over the measure's conditions,
  joined by dots in measure order (``"0.3.0.12…"``; decoded with ``run.conditions``).

That is ~60–120 bytes a row, and comparing two results is comparing three values. **A later run stores
only what changed**: a person's row is written only when it differs from their latest stored result
(earlier run, any rules version: a different legend is translated first), so an unchanged registry
costs nothing to keep; ``run.changed`` counts the rows written. A person's current result is their
latest stored row. Figures for the whole population (counts and amounts by measure and district) are
kept on the run itself, computed while it screens.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from linghuo.registry.models import Person


class RunStatus(models.TextChoices):
    PENDING = "pending", _("等待开始")
    RUNNING = "running", _("筛查中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


def _empty_dict() -> dict[str, Any]:
    return {}


def _empty_list() -> list[Any]:
    return []


class ScreeningRun(models.Model):
    """One screening of the whole registry as of a date (clause 十二)."""

    on = models.DateField("评估日期")
    rules_version = models.CharField("规则版本", max_length=16, blank=True)
    parameters_digest = models.CharField("参数摘要", max_length=64, blank=True)
    measures = models.JSONField("措施（掩码位序）", default=_empty_list)
    conditions = models.JSONField("各措施条件（掩码位序）", default=_empty_dict)
    status = models.CharField("状态", max_length=8, choices=RunStatus.choices, default=RunStatus.PENDING)
    rows_total = models.PositiveIntegerField("应筛查人数", default=0)
    rows_done = models.PositiveIntegerField("已筛查人数", default=0)
    changed = models.PositiveIntegerField("结果有变化人数", default=0)
    sample_checked = models.PositiveIntegerField("抽样逐人核对数", default=0)
    # the benefits' (screening.benefits): {"<measure>": {"eligible": n, "amount_fen": sum,
    # "newly_eligible": n, "no_amount": n, "unset_parameters": [name, …] (when some)}}; older runs: no
    # "no_amount", and the platform's own rules too
    counts = models.JSONField("按措施统计", default=_empty_dict)
    # {"<district>": {"<measure>": [eligible, amount_fen, newly_eligible, no_amount]}}
    by_district = models.JSONField("按区县统计", default=_empty_dict)
    failure_message = models.TextField("失败原因", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    progress_at = models.DateTimeField("最近进度时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "筛查批次"
        verbose_name_plural = "筛查批次"
        ordering: ClassVar[list[str]] = ["-pk"]

    def __str__(self) -> str:
        return f"screening#{self.pk}:{self.on}"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class ScreeningResult(models.Model):
    """A person's screening result, stored by the run that found it changed (see the module)."""

    run = models.ForeignKey(ScreeningRun, on_delete=models.CASCADE, related_name="results")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="screening_results")
    eligible = models.BigIntegerField("符合措施（掩码）", default=0)
    newly_eligible = models.BigIntegerField("新符合措施（掩码）", default=0)
    amounts = models.TextField("金额（分，JSON）", default="{}")
    failed = models.TextField("未满足条件（掩码）", default="")

    class Meta:
        verbose_name = "筛查结果"
        verbose_name_plural = "筛查结果"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["run", "person"], name="insights_result_run_person")
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["person", "run"], name="insights_result_person_run")
        ]

    def __str__(self) -> str:
        return f"result#{self.run_id}:{self.person_id}"
