"""``POST /api/v1/eligibility`` and ``GET /api/v1/measures``: the rules engine over HTTP.

Both are public (``access.PUBLIC``): the eligibility endpoint evaluates the facts its caller sends —
nothing is read from the registry — and the measures endpoint lists the policy's measures with their
conditions and parameters. The answer of ``eligibility`` is exactly the JSON of
``linghuo rules evaluate``: ``{"rules_version", "evaluated_on", "results": [{"person_id", "measures"}]}``.

Bad input answers 422 with ``{"detail": "<中文> / <English>", "errors": [{"loc", "message_zh",
"message_en"}]}``: an unknown or invalid fact, a date that is not YYYY-MM-DD, a date before the policy
(2021-11-08), more people in one request than the caller may send (``LINGHUO_API_MAX_PERSONS_ANONYMOUS``,
200, without login; ``LINGHUO_API_MAX_PERSONS``, 1000, logged in).

Both charge the caller's rate limit (:mod:`linghuo.site.throttle`): a person evaluated is a unit, the
measures list ``LINGHUO_THROTTLE_MEASURES_UNITS``; past the budget of the window the answer is 429 with
``Retry-After`` and ``{"detail": "请求过于频繁，请在 N 秒后重试 / Too many requests, retry in N s"}``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from ninja import Field, Router, Schema

from linghuo import dates
from linghuo.accounts import access
from linghuo.api_errors import ErrorOut
from linghuo.policy import engine
from linghuo.policy.facts import FactsError, birth_date_on_errors
from linghuo.policy.measures import registry
from linghuo.policy.parameters import load, show_value
from linghuo.site import throttle

router = Router(tags=["rules"])


def max_persons(request: HttpRequest) -> int:
    """How many people one request may hold: fewer without login (each is work done for anyone)."""
    if throttle.is_authenticated(request):
        return int(settings.LINGHUO_API_MAX_PERSONS)
    return int(settings.LINGHUO_API_MAX_PERSONS_ANONYMOUS)


class EligibilityRequest(Schema):
    facts: Any = Field(
        None,
        description="一个人的事实（对象）或多个人的事实（数组），名称见政策目录 / one facts object or a list",
        examples=[{"person_id": "p1", "employment_form": "platform", "work_division": "320706"}],
    )
    on: Any = Field(None, description="评估日期 YYYY-MM-DD，默认今天 / evaluation date (default: today)")


class ConditionOut(Schema):
    code: str
    label: str
    clause: str
    passed: bool


class DecisionOut(Schema):
    code: str
    clause: str
    eligible: bool
    amount_fen: int | None
    amount_min_fen: int | None
    amount_max_fen: int | None
    months: int | None
    conditions: list[ConditionOut]
    explanation_zh: str
    explanation_en: str
    unconfirmed_parameters: list[str]


class PersonResult(Schema):
    person_id: str | None
    measures: list[DecisionOut]


class EligibilityResponse(Schema):
    rules_version: str
    evaluated_on: dt.date
    results: list[PersonResult]


class ErrorItem(Schema):
    loc: list[str]
    message_zh: str
    message_en: str


class ValidationProblem(Schema):
    detail: str
    errors: list[ErrorItem]


class _RequestError(ValueError):
    def __init__(self, items: list[tuple[list[str], str, str]]) -> None:
        super().__init__(items)
        self.items = items


def _problem(error: _RequestError) -> JsonResponse:
    first = error.items[0]
    detail = f"{first[1]} / {first[2]}" if len(error.items) == 1 else f"{len(error.items)} 处错误 / errors"
    errors = [{"loc": loc, "message_zh": zh, "message_en": en} for loc, zh, en in error.items]
    return JsonResponse(
        {"detail": detail, "errors": errors}, status=422, json_dumps_params={"ensure_ascii": False}
    )


def _date(value: Any) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        on = dates.parse_iso_date(value) if isinstance(value, str) else None
    except dates.DateInputError as e:
        raise _RequestError([(["on"], e.zh, e.en)]) from None
    if on is None:
        raise _RequestError(
            [(["on"], f"日期应为 YYYY-MM-DD，收到 {value!r}", f"on must be YYYY-MM-DD, got {value!r}")]
        )
    try:
        engine.check_evaluation_date(on)
    except engine.PolicyDateError as e:
        zh, _, en = str(e).partition(" / ")
        raise _RequestError([(["on"], zh, en)]) from None
    return on


def _people(facts: Any, most: int) -> list[dict[str, Any]]:
    if facts is None:
        raise _RequestError(
            [(["facts"], "缺少 facts（对象或数组）", "facts is required (an object or a list)")]
        )
    people = facts if isinstance(facts, list) else [facts]
    if not people:
        raise _RequestError([(["facts"], "facts 为空数组", "facts is an empty list")])
    if len(people) > most:
        raise _RequestError([(["facts"], f"一次最多评估{most}人", f"at most {most} people per request")])
    bad = [
        (["facts", str(i)], f"第{i + 1}条不是对象", f"item {i + 1} is not an object")
        for i, item in enumerate(people)
        if not isinstance(item, dict)
    ]
    if bad:
        raise _RequestError(bad)
    return people


def _results(results: list[engine.Evaluation]) -> list[dict[str, Any]]:
    """The ``results`` items; persons alike share decisions (``Compiled.decisions``): each a dict once."""
    shown: dict[int, dict[str, Any]] = {}

    def shape(decision: engine.Decision) -> dict[str, Any]:
        if id(decision) not in shown:
            shown[id(decision)] = decision.as_dict()
        return shown[id(decision)]

    return [{"person_id": r.person_id, "measures": [shape(d) for d in r.decisions]} for r in results]


def _evaluate(request: HttpRequest, payload: EligibilityRequest) -> dict[str, Any]:
    on = _date(payload.on)
    people = _people(payload.facts, max_persons(request))
    throttle.charge(request, len(people))  # a unit a person, before any evaluation
    unborn = [  # a birth date after the evaluation date, or of an age over 120, is no person's
        (
            ["facts", *([str(i)] if isinstance(payload.facts, list) else []), err.fact],
            err.message_zh,
            err.message_en,
        )
        for i, person in enumerate(people)
        for err in birth_date_on_errors(person, on)
    ]
    if unborn:
        raise _RequestError(unborn)
    try:
        if isinstance(payload.facts, list):  # errors name the person: "p2.dibao", "#2.dibao"
            results = engine.evaluate_many(people, on=on)
        else:
            results = [engine.evaluate_one(people[0], on=on)]
    except FactsError as e:
        raise _RequestError(
            [(["facts", err.fact], err.message_zh, err.message_en) for err in e.errors]
        ) from None
    return {
        "rules_version": engine.rules_version(),
        "evaluated_on": on.isoformat(),
        "results": _results(results),
    }


@router.post(
    "/eligibility",
    auth=access.PUBLIC,
    response={200: EligibilityResponse, 422: ValidationProblem, 429: ErrorOut},
    url_name="eligibility",
    summary="Evaluate every measure for the facts given",
)
def eligibility(request: HttpRequest, payload: EligibilityRequest) -> Any:
    """每项措施的结论、条件、金额和说明 / every measure's decision for each person's facts.

    ``facts``: one object or a list of at most 200 (1000 logged in); a fact left out or null takes the
    catalogue's default. ``on``: the evaluation date (default today), not before 2021-11-08. Each person
    counts against the caller's rate limit (429 with ``Retry-After`` past it).
    """
    try:
        # the engine's dicts are the response's shape already: answered as they are, not validated
        # again field by field (for 1000 persons that took longer than the evaluation)
        return JsonResponse(_evaluate(request, payload), json_dumps_params={"ensure_ascii": False})
    except _RequestError as error:
        return _problem(error)
    except throttle.ThrottledError as error:
        return throttle.too_many_requests(error)


class MemberOut(Schema):
    code: str
    label: str
    label_en: str
    clause: str


class MeasureCondition(Schema):
    code: str
    label: str
    label_en: str
    clause: str
    exception: bool
    members: list[MemberOut]


class Reference(Schema):
    title: str
    link: str | None


class ParameterOut(Schema):
    name: str
    description: str
    value: str | None
    effective_from: dt.date | None
    confidence: str | None
    reference: Reference | None


class MeasureOut(Schema):
    code: str
    clause: str
    kind: str
    title: str
    title_en: str
    conditions: list[MeasureCondition]
    parameters: list[ParameterOut]


def _parameter(name: str, on: dt.date) -> dict[str, Any]:
    parameter = load()[name]
    dated = parameter.at(on)
    return {
        "name": name,
        "description": parameter.description,
        "value": show_value(parameter, dated.value) if dated is not None else None,
        "effective_from": dated.start if dated is not None else None,
        "confidence": dated.confidence if dated is not None else None,
        "reference": {"title": dated.reference.title, "link": dated.reference.link}
        if dated is not None
        else None,
    }


@router.get(
    "/measures",
    auth=access.PUBLIC,
    response={200: list[MeasureOut], 422: ValidationProblem, 429: ErrorOut},
    url_name="measures",
    summary="Every measure: clause, conditions, parameters",
)
def measures(request: HttpRequest, on: str | None = None) -> Any:
    """每项措施：条款、条件和参数（按 ``on`` 日期的取值，默认今天）/ every measure with its conditions and
    the parameters in force on ``on``."""
    try:
        day = _date(on)
        throttle.charge(request, int(settings.LINGHUO_THROTTLE_MEASURES_UNITS))
    except _RequestError as error:
        return _problem(error)
    except throttle.ThrottledError as error:
        return throttle.too_many_requests(error)
    compiled = engine.compiled(day, measures=list(registry()))
    return [
        {
            "code": cm.measure.code,
            "clause": cm.measure.clause,
            "kind": cm.measure.kind,
            "title": cm.measure.title,
            "title_en": cm.measure.title_en,
            "conditions": [
                {
                    "code": c.code,
                    "label": c.label_zh,
                    "label_en": c.label_en,
                    "clause": c.clause,
                    "exception": c.exception,
                    "members": [
                        {"code": m.code, "label": m.label_zh, "label_en": m.label_en, "clause": m.clause}
                        for m in c.members
                    ],
                }
                for c in cm.measure.conditions
            ],
            "parameters": [_parameter(name, day) for name in cm.parameters],
        }
        for cm in compiled.measures
    ]
