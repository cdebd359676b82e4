"""The rules engine's facts from the registry: the one place that maps the database to facts.

``person_facts_on(person, on=…)`` gives one person's facts record as of a date (a dict with exactly
the engine's fact names, valid for :func:`linghuo.policy.facts.validate_facts`); ``facts_frame_on``
gives the same records for many people as Polars frames, a chunk at a time, with a fixed number of
queries per chunk (one per table), so the whole registry can be screened. ``person_facts_on`` is
``facts_frame_on`` for one person: the two cannot disagree.

Everything is read **as of the date** ``on``, so a past date gives the facts of that day:

- **The person record**: ``birth_date``, ``sex``, ``hukou_division``, ``hukou_rural``. The ID number is
  not passed (it stays encrypted; the birth date and sex it gives are already in the record).
- **Group memberships and dated facts** (``GroupMembership``, whose kinds are fact names): those that
  hold on ``on`` (``valid_from`` ≤ on ≤ ``valid_until``, open when null); when several of one kind
  hold, the one starting last counts. The value follows the fact's type: a flag is true, a date fact is
  ``valid_from``, a count or amount ``value_number``, a code ``value_text`` (as
  :func:`linghuo.registry.selectors.memberships_on` reads them).
- **The employment registration** in force on ``on`` (registered by then and not ended by then: from the
  day it is ended, ``ended_on``, it no longer counts, so a registration ended today is gone from today's
  facts; the latest when several): the registration ``selectors.active_registration(person, on=on)``
  gives, by the same rule (``selectors.registration_in_force``).
- **Platform rosters** (``RosterEntry``, 十五): the entries that *cover* ``on`` — period no later than
  ``on``'s month and at most ``ROSTER_LOOKBACK_MONTHS - 1`` months before it (a roster is submitted
  after its month, so last month's is the latest one early in a month), started by ``on`` and not
  ended before it. Of these, the person's latest period counts. A worker on several platforms has one
  labour income: ``monthly_income_fen`` is the **sum** of that month's entries; insured when any entry
  says so; the work division and form are those of the entry with the highest income.
- **Work evidence** (``registry.WorkEvidence``: a gig both sides confirmed complete in the market, 十三
  and 十五): the evidence that *covers* ``on`` — ended in ``on``'s month or at most
  ``ROSTER_LOOKBACK_MONTHS - 1`` months before it (like a roster: the work of last month still shows
  early in a month), and started by ``on``. Of these, the **latest covered month** counts: the month
  in which the latest covering evidence ended. ``work_income`` is the **sum** of the incomes of the
  evidence that ended in that month (a gig's pay, stated by the poster and confirmed by the worker, is
  that month's labour income: several gigs ending in one month are one income); the work form and
  division are those of that month's evidence with the highest income (the earliest recorded on a
  tie); ``work_since`` is the earliest start of all the covering evidence. Evidence says nothing of
  social insurance.
- **Contribution records** (``ContributionRecord``, from the social-insurance agency): the **claim
  period** is the calendar year of ``on``, January up to and including ``on``'s month (the way
  subsidies are claimed here: "2024年1–6月实缴"). ``si_paid_fen`` is the pension plus medical premiums
  the person paid for those months; ``si_claim_months`` the months with a payment; ``si_base_is_minimum``
  true when every payment of the period was on the minimum base (false when there is none).

How each fact is chosen where sources overlap:

- ``employment_form``: the registration's form; else the covering roster's; else the covering work
  evidence's (``part_time`` for a gig); else the recorded status (membership ``employment_form``); else
  unknown (null).
- ``monthly_income_fen``: the covering rosters' sum (platform-reported); else the income declared at
  registration; else the work evidence's sum of the latest covered month; else 0. (A registration
  declaring no income, null, gives none: the evidence's then counts.)
- ``social_insurance_enrolled``: a covering roster entry says insured, or a premium was paid for
  ``on``'s month or the month before (the agency's records are evidence of enrolment).
- ``work_division``: the covering roster's; else the covering work evidence's (where the gig was done);
  else the registration's place when registered at the place of work; else the person's recorded place
  of work; else the registration's place (hukou or residence). The recorded place of work is the one
  undated source: it is only a fallback.
- ``flexible_employment_since``: a recorded start (membership of that kind, from evidence); else the
  registration date; else the earliest start of the covering roster entries; else the earliest start of
  the covering work evidence.
- Every other fact (``in_subsidised_training``, ``pension_months_unpaid_2020``,
  ``temporary_assistance_conditions``, ``freelance_professional``, ``meets_title_conditions``, the groups,
  education, business and benefit history) comes from a membership of that kind holding on ``on``, else
  takes the catalogue's default. ``id_number`` is left out (null): birth date and sex come from the record.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

import polars as pl
from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum

from linghuo.collection.models import ContributionRecord, RosterEntry
from linghuo.policy.facts import FACTS, FACTS_BY_NAME, SCHEMA
from linghuo.registry.models import EmploymentRegistration, GroupMembership, Person, PlaceKind, WorkEvidence
from linghuo.registry.selectors import registration_in_force

ROSTER_LOOKBACK_MONTHS = 2  # the month of the date and the one before
# Pension and medical premiums (the subsidy's base, 十二); the agency's records hold only these two.
SUBSIDISED_INSURANCE_TYPES = ("enterprise_pension", "employee_medical")
DEFAULT_CHUNK_SIZE = 50_000
ID_LIST_CHUNK_LIMIT = 30_000  # ids bound as parameters: below SQLite's 32,766

# Facts given by the record, the registration, rosters or contributions rather than by a membership.
_DERIVED = frozenset(
    {
        "person_id",
        "birth_date",
        "sex",
        "hukou_division",
        "hukou_rural",
        "work_division",
        "employment_form",
        "monthly_income_fen",
        "social_insurance_enrolled",
        "si_paid_fen",
        "si_claim_months",
        "si_base_is_minimum",
    }
)
# The facts a membership may give (``employment_form`` only when no registration or roster gives it).
MEMBERSHIP_FACTS: tuple[str, ...] = tuple(
    f.name for f in FACTS if f.name not in _DERIVED or f.name == "employment_form"
)


def person_facts_on(person: Person, *, on: datetime.date) -> dict[str, Any]:
    """The engine's facts record for ``person`` as of ``on`` (every fact name, defaults filled in).

    The same mapping as :func:`facts_frame_on` (it is that function for one person).
    """
    frames = list(facts_frame_on([person.pk], on=on))
    if not frames or frames[0].height == 0:
        raise Person.DoesNotExist(f"未找到人员 {person.pk} / no person {person.pk}")
    row = frames[0].row(0, named=True)
    return {name: row[name] for name in SCHEMA}


def facts_frame_on(
    persons: QuerySet[Person] | Iterable[int],
    *,
    on: datetime.date,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> Iterator[pl.DataFrame]:
    """The facts of many people as of ``on``: Polars frames of at most ``chunk_size`` rows, in
    ascending id order, with exactly the engine's fact columns and types (``policy.facts.SCHEMA``).

    ``persons`` is a queryset of ``Person`` (read in keyset pages of ids) or a collection of ids (read
    ``ID_LIST_CHUNK_LIMIT`` at most per chunk; an unknown id is left out). Each chunk costs six
    queries: persons, memberships, registrations, roster entries, work evidence, contributions
    (aggregated).
    """
    if chunk_size < 1:
        raise ValueError("chunk_size 必须为正数 / chunk_size must be positive")
    if isinstance(persons, QuerySet):
        yield from _queryset_chunks(persons, on=on, chunk_size=chunk_size)
        return
    ids = sorted(set(persons))
    size = min(chunk_size, ID_LIST_CHUNK_LIMIT)
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        people = _person_frame(Person.objects.filter(pk__in=chunk))
        if people.height:
            yield _assemble(people, Q(person_id__in=chunk), on=on)


def _queryset_chunks(
    persons: QuerySet[Person], *, on: datetime.date, chunk_size: int
) -> Iterator[pl.DataFrame]:
    last = 0
    while True:
        page = persons.filter(pk__gt=last).order_by("pk")[:chunk_size]
        people = _person_frame(page)
        if people.height == 0:
            return
        low, high = int(people["pk"][0]), int(people["pk"][-1])
        # the page's id range, not the queryset again: rows of people outside the queryset are read
        # but fall away in the joins (cheaper than a subquery per table when the queryset is dense)
        yield _assemble(people, Q(person_id__gte=low, person_id__lte=high), on=on)
        if people.height < chunk_size:
            return
        last = high


def persons_at_work_on(on: datetime.date) -> QuerySet[Person]:
    """The people with a labour income on ``on``: an employment registration in force, a roster entry
    or work evidence covering the date. Everyone else has ``monthly_income_fen`` 0 (their facts need
    not be read to know that no income threshold is met)."""
    registered = EmploymentRegistration.objects.filter(_registration_in_force(on))
    on_rosters = RosterEntry.objects.filter(_roster_window(on))
    with_evidence = WorkEvidence.objects.filter(_work_evidence_window(on))
    return Person.objects.filter(
        Q(pk__in=registered.values("person_id"))
        | Q(pk__in=on_rosters.values("person_id"))
        | Q(pk__in=with_evidence.values("person_id"))
    )


# --- reading: one query per table, rows straight from the cursor -----------------------------------


def _read(queryset: QuerySet[Any], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Run a ``values_list`` queryset on the cursor (no model instances) into a typed frame."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    frame = pl.DataFrame(rows, schema=list(schema), orient="row", infer_schema_length=None)
    return frame.with_columns(_cast(name, frame.schema[name], dtype) for name, dtype in schema.items())


def _cast(name: str, have: pl.DataType, want: pl.DataType) -> pl.Expr:
    column = pl.col(name)
    if want == pl.Date() and have == pl.String():  # SQLite without a declared type gives text
        return column.str.slice(0, 10).str.to_date("%Y-%m-%d")
    return column.cast(want)


def _person_frame(persons: QuerySet[Person]) -> pl.DataFrame:
    return _read(
        persons.values_list("pk", "birth_date", "sex", "hukou_division", "hukou_rural", "work_division"),
        {
            "pk": pl.Int64(),
            "birth_date": pl.Date(),
            "sex": pl.String(),
            "hukou_division": pl.String(),
            "hukou_rural": pl.Boolean(),
            "recorded_work_division": pl.String(),
        },
    )


def _in_force(on: datetime.date, start: str, end: str) -> Q:
    return Q(**{f"{start}__lte": on}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on}))


def _registration_in_force(on: datetime.date) -> Q:
    """A registration in force on ``on``: the rule of ``selectors.active_registration``
    (``selectors.registration_in_force``), applied to every person of a frame at once."""
    return registration_in_force(on)


def _memberships(scope: Q, on: datetime.date) -> pl.DataFrame:
    rows = GroupMembership.objects.filter(scope, _in_force(on, "valid_from", "valid_until"))
    return _read(
        rows.filter(kind__in=MEMBERSHIP_FACTS).values_list(
            "person_id", "kind", "valid_from", "value_number", "value_text", "pk"
        ),
        {
            "pk": pl.Int64(),
            "kind": pl.String(),
            "valid_from": pl.Date(),
            "value_number": pl.Int64(),
            "value_text": pl.String(),
            "row": pl.Int64(),
        },
    )


def _registrations(scope: Q, on: datetime.date) -> pl.DataFrame:
    rows = EmploymentRegistration.objects.filter(scope, _registration_in_force(on))
    frame = _read(
        rows.values_list(
            "person_id",
            "registered_on",
            "place_kind",
            "place_division",
            "employment_form",
            "monthly_income_fen",
            "pk",
        ),
        {
            "pk": pl.Int64(),
            "registered_on": pl.Date(),
            "place_kind": pl.String(),
            "place_division": pl.String(),
            "registration_form": pl.String(),
            "registration_income": pl.Int64(),
            "row": pl.Int64(),
        },
    )
    return frame.sort("pk", "registered_on", "row").group_by("pk", maintain_order=True).last().drop("row")


def month_start(on: datetime.date, *, back: int = 0) -> datetime.date:
    """The first day of ``on``'s month, or of the month ``back`` months before.

    >>> month_start(datetime.date(2024, 1, 20), back=1)
    datetime.date(2023, 12, 1)
    """
    index = on.year * 12 + on.month - 1 - back
    return datetime.date(index // 12, index % 12 + 1, 1)


def _roster_window(on: datetime.date) -> Q:
    """Roster entries that cover ``on``: started by then, not ended before, of a recent period."""
    recent = Q(period__gte=month_start(on, back=ROSTER_LOOKBACK_MONTHS - 1), period__lte=on)
    return _in_force(on, "start_date", "end_date") & recent


def _rosters(scope: Q, on: datetime.date) -> pl.DataFrame:
    rows = RosterEntry.objects.filter(scope, _roster_window(on))
    frame = _read(
        rows.values_list(
            "person_id",
            "period",
            "employment_form",
            "work_division",
            "monthly_income_fen",
            "social_insurance",
            "start_date",
            "organisation_id",
        ),
        {
            "pk": pl.Int64(),
            "period": pl.Date(),
            "roster_form": pl.String(),
            "roster_division": pl.String(),
            "income": pl.Int64(),
            "insured": pl.Boolean(),
            "start_date": pl.Date(),
            "organisation": pl.Int64(),
        },
    )
    latest = frame.filter(pl.col("period") == pl.col("period").max().over("pk"))
    return (
        latest.sort("pk", "income", "organisation", descending=[False, True, False])
        .group_by("pk", maintain_order=True)
        .agg(
            pl.col("income").sum().alias("roster_income"),
            pl.col("insured").any().alias("roster_insured"),
            pl.col("roster_form").first(),
            pl.col("roster_division").first(),
            pl.col("start_date").min().alias("roster_since"),
        )
    )


def _work_evidence_window(on: datetime.date) -> Q:
    """Work evidence that covers ``on``: ended in ``on``'s month or the lookback's months before it,
    started by ``on``."""
    first = month_start(on, back=ROSTER_LOOKBACK_MONTHS - 1)
    after = month_start(on, back=-1)  # the first day of the month after ``on``'s
    return Q(ended_on__gte=first, ended_on__lt=after, started_on__lte=on)


def _work_evidence(scope: Q, on: datetime.date) -> pl.DataFrame:
    rows = WorkEvidence.objects.filter(scope, _work_evidence_window(on))
    frame = _read(
        rows.values_list(
            "person_id", "ended_on", "employment_form", "work_division", "income_fen", "started_on", "pk"
        ),
        {
            "pk": pl.Int64(),
            "ended_on": pl.Date(),
            "work_form": pl.String(),
            "work_evidence_division": pl.String(),
            "income": pl.Int64(),
            "started_on": pl.Date(),
            "row": pl.Int64(),
        },
    )
    frame = frame.with_columns(
        pl.col("ended_on").dt.truncate("1mo").alias("month"),
        pl.col("started_on").min().over("pk").alias("work_since"),
    )
    latest = frame.filter(pl.col("month") == pl.col("month").max().over("pk"))
    return (
        latest.sort("pk", "income", "row", descending=[False, True, False])
        .group_by("pk", maintain_order=True)
        .agg(
            pl.col("income").sum().alias("work_income"),
            pl.col("work_form").first(),
            pl.col("work_evidence_division").first(),
            pl.col("work_since").first(),
        )
    )


def claim_period(on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The claim period of ``on``: the first days of January and of ``on``'s month, that year.

    >>> claim_period(datetime.date(2026, 11, 20))
    (datetime.date(2026, 1, 1), datetime.date(2026, 11, 1))
    """
    return datetime.date(on.year, 1, 1), month_start(on)


def _contributions(scope: Q, on: datetime.date) -> pl.DataFrame:
    year_start = claim_period(on)[0]
    recent = month_start(on, back=1)
    in_period = Q(month__gte=year_start, paid_fen__gt=0)
    rows = (
        ContributionRecord.objects.filter(
            scope,
            insurance_type__in=SUBSIDISED_INSURANCE_TYPES,
            month__gte=min(year_start, recent),
            month__lte=on,
        )
        .order_by()
        .values("person_id")
        .annotate(
            paid=Sum("paid_fen", filter=in_period),
            months=Count("month", distinct=True, filter=in_period),
            above_minimum=Count("pk", filter=in_period & Q(minimum_base=False)),
            recent=Count("pk", filter=Q(month__gte=recent, paid_fen__gt=0)),
        )
        .values_list("person_id", "paid", "months", "above_minimum", "recent")
    )
    return _read(
        rows,
        {
            "pk": pl.Int64(),
            "si_paid": pl.Int64(),
            "si_months": pl.Int64(),
            "si_above_minimum": pl.Int64(),
            "si_recent": pl.Int64(),
        },
    )


# --- assembling: one row per person, exactly the engine's facts ------------------------------------


def _membership_value(kind: str) -> pl.Expr:
    fact = FACTS_BY_NAME[kind]
    if fact.kind == "bool":
        return pl.lit(True)
    if fact.kind == "date":
        return pl.col("valid_from")
    if fact.kind in ("count", "money"):
        return pl.col("value_number")
    return pl.when(pl.col("value_text") != "").then(pl.col("value_text"))


def _membership_columns(memberships: pl.DataFrame) -> list[pl.DataFrame]:
    """One wide frame per value type (flags, dates, numbers, codes): a column per kind that holds."""
    wide = []
    kinds_by_type: dict[str, list[str]] = {}
    for name in MEMBERSHIP_FACTS:
        kinds_by_type.setdefault(str(FACTS_BY_NAME[name].dtype.base_type()), []).append(name)
    for kinds in kinds_by_type.values():
        rows = memberships.filter(pl.col("kind").is_in(kinds))
        if rows.height == 0:
            continue
        value = pl.coalesce(*(pl.when(pl.col("kind") == k).then(_membership_value(k)) for k in kinds)).alias(
            "value"
        )
        rows = (
            rows.with_columns(value)
            .drop_nulls("value")
            .sort("pk", "kind", "valid_from", "row")
            .group_by("pk", "kind", maintain_order=True)
            .last()
        )
        if rows.height:
            wide.append(rows.pivot(on="kind", index="pk", values="value"))
    return wide


def _blank_null(column: str) -> pl.Expr:
    return pl.when(pl.col(column) != "").then(pl.col(column))


def _assemble(people: pl.DataFrame, scope: Q, *, on: datetime.date) -> pl.DataFrame:
    frame = people
    for part in (
        *_membership_columns(_memberships(scope, on)),
        _registrations(scope, on),
        _rosters(scope, on),
        _work_evidence(scope, on),
        _contributions(scope, on),
    ):
        frame = frame.join(part, on="pk", how="left")
    present = set(frame.columns)

    def column(name: str) -> pl.Expr:
        return pl.col(name) if name in present else pl.lit(None)

    derived: dict[str, pl.Expr] = {
        "person_id": pl.col("pk").cast(pl.String),
        "id_number": pl.lit(None),
        "birth_date": pl.col("birth_date"),
        "sex": pl.col("sex"),
        "hukou_division": _blank_null("hukou_division"),
        "hukou_rural": pl.col("hukou_rural"),
        "employment_form": pl.coalesce(
            pl.col("registration_form"),
            pl.col("roster_form"),
            pl.col("work_form"),
            column("employment_form"),
        ),
        "monthly_income_fen": pl.coalesce(
            pl.col("roster_income"), pl.col("registration_income"), pl.col("work_income")
        ),
        "social_insurance_enrolled": pl.col("roster_insured").fill_null(False)
        | (pl.col("si_recent").fill_null(0) > 0),
        "work_division": pl.coalesce(
            pl.col("roster_division"),
            _blank_null("work_evidence_division"),
            pl.when(pl.col("place_kind") == PlaceKind.WORK.value).then(pl.col("place_division")),
            _blank_null("recorded_work_division"),
            pl.col("place_division"),
        ),
        "si_paid_fen": pl.col("si_paid"),
        "si_claim_months": pl.col("si_months"),
        "si_base_is_minimum": (pl.col("si_months").fill_null(0) > 0) & (pl.col("si_above_minimum") == 0),
        "flexible_employment_since": pl.coalesce(
            column("flexible_employment_since"),
            pl.col("registered_on"),
            pl.col("roster_since"),
            pl.col("work_since"),
        ),
    }
    columns = []
    for fact in FACTS:
        expr = derived.get(fact.name, column(fact.name)).cast(fact.dtype)
        if fact.default is not None:
            expr = expr.fill_null(pl.lit(fact.default, fact.dtype))
        columns.append(expr.alias(fact.name))
    return frame.select(columns)
