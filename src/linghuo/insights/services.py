"""Screening the registry: create a run, execute it chunk by chunk, store what changed.

``screening_run_create`` records a pending run (audited as started); ``screening_run_execute`` snapshots
the registry's facts through ``insights.facts.facts_frame_on``, screens them with
``screening.frames.screen_frames`` (a sample of rows checked against ``evaluate_one``), compares each
person's result with their latest stored one and inserts only the changed ones, updating the run's
progress after every chunk; the finish (or the failure) is audited.

The run's figures (``counts``, ``by_district``) are the benefits' (``screening.benefits``: not the rules
the platform keeps), with the eligible people of a paying benefit who have no amount yet and, per
measure, the unset parameters the amount reads (why they have none).
"""

from __future__ import annotations

import datetime
import enum
import logging
from collections.abc import Callable
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.utils import timezone

from linghuo.accounts.models import User
from linghuo.audit.services import audit_record
from linghuo.collection.bulk import insert_rows
from linghuo.insights.encoding import Legend, UntranslatableError, encode, translate
from linghuo.insights.facts import facts_frame_on
from linghuo.insights.models import RunStatus, ScreeningResult, ScreeningRun
from linghuo.insights.signals import screening_run_finished
from linghuo.policy.engine import rules_version
from linghuo.policy.parameters import load as load_parameters
from linghuo.registry.models import Person
from linghuo.screening.benefits import benefit_codes, paying_codes, unset_parameters
from linghuo.screening.errors import ScreeningError
from linghuo.screening.frames import screen_frames
from linghuo.screening.results import measure_codes
from linghuo.screening.sample import sample_positions

logger = logging.getLogger(__name__)

CHUNK_SIZE = 50_000
SAMPLE_SIZE = 200
UNKNOWN_DISTRICT = "未知"


class InsightsAction(enum.StrEnum):
    """Audit-log actions of screening runs."""

    SCREENING_STARTED = "screening_run_started"
    SCREENING_FINISHED = "screening_run_finished"
    SCREENING_FAILED = "screening_run_failed"


class ScreeningBusyError(Exception):
    """A run is already in progress: one at a time."""

    def __str__(self) -> str:
        return "已有筛查正在进行，请等它完成后再开始 / a screening run is already in progress"


def screening_run_create(*, on: datetime.date, actor: User | None) -> ScreeningRun:
    """Record a pending run of the whole registry as of ``on`` (audited); refuse while one is running."""
    from linghuo.insights.selectors import run_in_progress

    with transaction.atomic():
        if run_in_progress() is not None:
            raise ScreeningBusyError
        params = load_parameters()
        codes = measure_codes()
        legend = Legend.current(codes)
        run = ScreeningRun.objects.create(
            on=on,
            rules_version=rules_version(params),
            parameters_digest=params.digest,
            measures=list(legend.measures),
            conditions=legend.as_json(),
            rows_total=Person.objects.count(),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=InsightsAction.SCREENING_STARTED,
            obj=run,
            changes={"on": on.isoformat(), "rules_version": run.rules_version, "persons": run.rows_total},
        )
    return run


def _districts(low: int, high: int) -> pl.DataFrame:
    rows = Person.objects.filter(pk__gte=low, pk__lte=high).values_list("pk", "district_code")
    frame = pl.DataFrame(list(rows), schema={"person_id": pl.Int64, "district": pl.String}, orient="row")
    return frame.with_columns(
        pl.when(pl.col("district") != "").then(pl.col("district")).otherwise(pl.lit(UNKNOWN_DISTRICT))
    )


def _previous(run: ScreeningRun, low: int, high: int, legend: Legend) -> pl.DataFrame:
    """Each person's latest stored result before ``run`` (ids ``low``..``high``), in ``legend``'s terms."""
    rows = (
        ScreeningResult.objects.filter(person_id__gte=low, person_id__lte=high, run_id__lt=run.pk)
        .order_by()
        .values_list("person_id", "run_id", "eligible", "amounts", "failed")
    )
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    schema = {
        "person_id": pl.Int64,
        "run_id": pl.Int64,
        "prev_eligible": pl.Int64,
        "prev_amounts": pl.String,
        "prev_failed": pl.String,
    }
    frame = pl.DataFrame(fetched, schema=schema, orient="row")
    latest = frame.sort("person_id", "run_id").group_by("person_id", maintain_order=True).last()
    others = [r for r in latest["run_id"].unique().to_list() if _legend_of(r) != legend]
    if not others:
        return latest.drop("run_id")
    return _translated(latest, others, legend).drop("run_id")


_LEGENDS: dict[int, Legend] = {}


def _legend_of(run_id: int) -> Legend:
    if run_id not in _LEGENDS:
        run = ScreeningRun.objects.only("measures", "conditions").get(pk=run_id)
        _LEGENDS[run_id] = Legend.stored(run.measures, run.conditions)
    return _LEGENDS[run_id]


def _translated(latest: pl.DataFrame, run_ids: list[int], legend: Legend) -> pl.DataFrame:
    """Re-encode the rows of runs with another legend (another rules version) in ``legend``."""
    rows = []
    for row in latest.iter_rows(named=True):
        if row["run_id"] in run_ids:
            try:
                bits, amounts, failed = translate(
                    _legend_of(row["run_id"]),
                    legend,
                    eligible=row["prev_eligible"],
                    amounts=row["prev_amounts"],
                    failed=row["prev_failed"],
                )
            except UntranslatableError:
                bits, amounts, failed = row["prev_eligible"], row["prev_amounts"], "\x00"  # never equal
            rows.append({**row, "prev_eligible": bits, "prev_amounts": amounts, "prev_failed": failed})
        else:
            rows.append(row)
    return pl.DataFrame(rows, schema=latest.schema, orient="row")


def _changed_rows(stored: pl.DataFrame, previous: pl.DataFrame) -> pl.DataFrame:
    """The rows that differ from the person's previous result, with the measures newly eligible."""
    joined = stored.join(previous, on="person_id", how="left")
    differs = (
        pl.col("prev_eligible").is_null()
        | (pl.col("eligible") != pl.col("prev_eligible"))
        | (pl.col("amounts") != pl.col("prev_amounts"))
        | (pl.col("failed") != pl.col("prev_failed"))
    )
    newly = pl.col("eligible") & ~pl.col("prev_eligible").fill_null(0)
    return joined.filter(differs).with_columns(newly.alias("newly_eligible"))


def _insert(run: ScreeningRun, changed: pl.DataFrame) -> None:
    columns = ("person_id", "eligible", "newly_eligible", "amounts", "failed")
    rows = [
        {"run_id": run.pk, **dict(zip(columns, values, strict=True))}
        for values in changed.select(columns).iter_rows()
    ]
    insert_rows(ScreeningResult, rows, conflict_fields=("run", "person"))


FIGURES = ("eligible", "amount_fen", "newly_eligible", "no_amount")


class _Tally:
    """Counts and amounts of the benefits by measure and district, added up chunk by chunk.

    ``codes`` are the run's measures (the bit order of ``newly_eligible``); only the benefits among
    them are counted, and ``no_amount`` only for those that give an amount."""

    def __init__(self, codes: tuple[str, ...]) -> None:
        self.bits = {code: i for i, code in enumerate(codes)}
        self.codes = benefit_codes(codes)
        self.paying = frozenset(paying_codes(codes))
        self.parts: list[pl.DataFrame] = []

    def add(self, results: pl.DataFrame, districts: pl.DataFrame, changed: pl.DataFrame) -> None:
        frame = results.with_columns(pl.col("person_id").cast(pl.Int64)).join(
            districts, on="person_id", how="left"
        )
        frame = frame.join(changed.select("person_id", "newly_eligible"), on="person_id", how="left")
        frame = frame.with_columns(pl.col("district").fill_null(UNKNOWN_DISTRICT))
        for code in self.codes:
            eligible = pl.col(f"{code}_eligible")
            newly = (pl.col("newly_eligible").fill_null(0) // (1 << self.bits[code])) % 2 == 1
            no_amount = eligible & pl.col(f"{code}_amount_fen").is_null() & pl.lit(code in self.paying)
            self.parts.append(
                frame.group_by("district").agg(
                    pl.lit(code).alias("measure"),
                    eligible.sum().cast(pl.Int64).alias("eligible"),
                    pl.when(eligible)
                    .then(pl.col(f"{code}_amount_fen"))
                    .sum()
                    .cast(pl.Int64)
                    .alias("amount_fen"),
                    newly.sum().cast(pl.Int64).alias("newly_eligible"),
                    no_amount.sum().cast(pl.Int64).alias("no_amount"),
                )
            )

    def totals(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """``counts`` (by measure) and ``by_district`` as the run stores them."""
        if not self.parts:
            return {c: dict.fromkeys(FIGURES, 0) for c in self.codes}, {}
        cube = pl.concat(self.parts).group_by("district", "measure").agg(pl.col(FIGURES).sum())
        counts: dict[str, Any] = {}
        for code in self.codes:
            rows = cube.filter(pl.col("measure") == code)
            counts[code] = {k: int(rows[k].sum()) for k in FIGURES}
        by_district: dict[str, Any] = {}
        for row in cube.sort("district").iter_rows(named=True):
            by_district.setdefault(row["district"], {})[row["measure"]] = [row[k] for k in FIGURES]
        return counts, by_district


def screening_run_execute(
    run: ScreeningRun,
    *,
    chunk_size: int = CHUNK_SIZE,
    sample_size: int = SAMPLE_SIZE,
    on_rows: Callable[[int], object] | None = None,
) -> ScreeningRun:
    """Screen the registry for ``run``, storing changed results chunk by chunk; mark it done or failed.

    ``on_rows(n)`` is called after each chunk with the rows it held (a progress bar).
    """
    legend = Legend.stored(run.measures, run.conditions)
    _LEGENDS.clear()
    now = timezone.now()
    ScreeningRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=now, progress_at=now)
    run.refresh_from_db()
    tally = _Tally(legend.measures)
    try:
        params = load_parameters()
        if params.digest != run.parameters_digest:
            raise ScreeningError(
                "参数在创建批次后已变更，请重新开始筛查", "the parameters changed since the run was created"
            )
        frames = facts_frame_on(Person.objects.all(), on=run.on, chunk_size=chunk_size)
        sample = sample_positions(run.rows_total, sample_size)
        for chunk in screen_frames(frames, on=run.on, params=params, measures=legend.measures, sample=sample):
            _store_chunk(run, chunk.results, legend, tally, checked=chunk.sample.checked)
            if on_rows is not None:
                on_rows(chunk.results.height)
    except Exception as error:
        _fail(run, error)
        raise
    counts, by_district = tally.totals()
    for code, names in unset_parameters(run.on, params, legend.measures).items():
        counts[code]["unset_parameters"] = list(names)
    ScreeningRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, counts=counts, by_district=by_district, finished_at=timezone.now()
    )
    run.refresh_from_db()
    audit_record(
        actor=run.created_by,
        action=InsightsAction.SCREENING_FINISHED,
        obj=run,
        changes={"persons": run.rows_done, "changed": run.changed, "sample_checked": run.sample_checked},
    )
    screening_run_finished.send(sender=ScreeningRun, run=run)  # benefits makes its offers
    return run


def _store_chunk(
    run: ScreeningRun, results: pl.DataFrame, legend: Legend, tally: _Tally, *, checked: int
) -> None:
    stored = encode(results, legend)
    low, high = int(stored["person_id"].min()), int(stored["person_id"].max())  # type: ignore[arg-type]
    changed = _changed_rows(stored, _previous(run, low, high, legend))
    tally.add(results, _districts(low, high), changed)
    with transaction.atomic():
        _insert(run, changed)
        run.rows_done += results.height
        run.changed += changed.height
        run.sample_checked += checked
        run.progress_at = timezone.now()
        run.save(update_fields=["rows_done", "changed", "sample_checked", "progress_at"])


def screening_run_interrupt(run: ScreeningRun) -> None:
    """End as failed a run whose worker stopped (``linghuo.background``: its lease ran out)."""
    message = str(
        ScreeningError(
            "筛查中断：执行它的进程已停止，请重新开始",
            "the run was interrupted: its worker stopped; start it again",
        )
    )
    logger.warning("screening run %s ended as interrupted: its worker stopped", run.pk)
    ScreeningRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FAILED, failure_message=message, finished_at=timezone.now()
    )
    audit_record(
        actor=run.created_by,
        action=InsightsAction.SCREENING_FAILED,
        obj=run,
        changes={"persons": run.rows_done, "failure": message[:200]},
    )


def _fail(run: ScreeningRun, error: Exception) -> None:
    logger.exception("screening run %s failed", run.pk)
    message = str(error) or type(error).__name__
    ScreeningRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FAILED, failure_message=message[:2000], finished_at=timezone.now()
    )
    audit_record(
        actor=run.created_by,
        action=InsightsAction.SCREENING_FAILED,
        obj=run,
        changes={"persons": run.rows_done, "failure": message[:200]},
    )
