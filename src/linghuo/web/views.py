"""Public pages: the home page listing the 18 measures, one page per measure, and the calculator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from linghuo.policy import engine
from linghuo.policy.clauses import all_clauses
from linghuo.policy.decisions import ConditionOutcome, Decision
from linghuo.policy.dsl import Measure
from linghuo.policy.explain import yuan
from linghuo.policy.facts import FactsError, validate_facts
from linghuo.policy.measures import registry
from linghuo.policy.parameters import load as load_parameters
from linghuo.site import throttle
from linghuo.site.language import chinese_or_english, is_english
from linghuo.web import calculator as calc
from linghuo.web.home import role_home
from linghuo.web.measures import (
    find_measure,
    has_chinese,
    measures_by_part,
    responsible_departments,
    rule_pages,
)

__all__ = ["calculator", "home", "measure"]


def today() -> dt.date:
    """The date the pages show the parameters of (the local date)."""
    return timezone.localdate()


@never_cache
def home(request: HttpRequest) -> HttpResponse:
    """The logged-in user's role home (a few cards: counts and links), then the 18 measures under their
    six parts, each with its full clause text."""
    return render(
        request,
        "web/home.html",
        {
            "role_home": role_home(request.user, today=today()),
            "parts": measures_by_part(),
            "measure_count": len(all_clauses()),
        },
    )


def measure(request: HttpRequest, number: str) -> HttpResponse:
    """One measure's clause, responsible departments and rules; an index 1–18 redirects to its number."""
    try:
        clause = find_measure(number)
    except KeyError:
        message = gettext("没有第（%(number)s）条措施。本政策共有 18 条措施，编号为（一）至（十八）。") % {
            "number": number
        }
        return render(request, "404.html", {"message": message}, status=404)
    if number != clause.number:
        return redirect("web:measure", number=clause.number)
    clauses = all_clauses()
    position = clauses.index(clause)
    on = today()
    return render(
        request,
        "web/measure.html",
        {
            "clause": clause,
            "rule_clause": clause.number,
            "departments": responsible_departments(clause),
            "rules": rule_pages(clause, on=on),
            "on": on,
            "previous": clauses[position - 1] if position > 0 else None,
            "next": clauses[position + 1] if position + 1 < len(clauses) else None,
        },
    )


# --- the public calculator ---------------------------------------------------------------------------
#
# Nothing is stored: the answers so far travel in the form's hidden fields (``a.<fact>``), are checked
# again on every step, and the page is never cached. No login, no session, no audit record: the answers
# are the visitor's own and leave no trace on the server. Each step charges one unit of the visitor's
# rate limit (:mod:`linghuo.site.throttle`, as the public API).

CARRIED = "a."
SHOWN = "shown"


@dataclass(frozen=True)
class ChoiceView:
    value: str
    label: str
    chinese: bool  # a district's name: Chinese on an English page too


@dataclass(frozen=True)
class QuestionView:
    fact: str
    kind: str
    label: str
    hint: str
    choices: tuple[ChoiceView, ...]
    value: str
    error: str
    optional: bool


@dataclass(frozen=True)
class ResultItem:
    """What ``registry/policies/_decision.html`` shows for a decision, plus what failed for certain."""

    measure: Measure
    decision: Decision
    amount_basis: str = ""
    unconfirmed: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    failed: tuple[ConditionOutcome, ...] = ()


def _question_view(q: calc.Question, value: str, error: str) -> QuestionView:
    choices = tuple(
        ChoiceView(c.value, label := chinese_or_english(c.label_zh, c.label_en), has_chinese(label))
        for c in q.choices
    )
    return QuestionView(
        q.fact,
        q.kind,
        chinese_or_english(q.label_zh, q.label_en),
        chinese_or_english(q.hint_zh, q.hint_en),
        choices,
        value,
        error,
        q.optional,
    )


def _error(e: calc.AnswerError) -> str:
    return e.en if is_english() else e.zh


def _carried(answers: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(CARRIED + fact, calc.shown_value(fact, answers[fact])) for fact in calc.asked_facts(answers)]


def _question_page(
    request: HttpRequest,
    answers: Mapping[str, Any],
    questions: Sequence[calc.Question],
    *,
    open_measures: int,
    typed: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    typed, errors = typed or {}, errors or {}
    views = [_question_view(q, typed.get(q.fact, ""), errors.get(q.fact, "")) for q in questions]
    return render(
        request,
        "web/calculator.html",
        {
            "questions": views,
            "group": len(views) > 1,
            "carried": _carried(answers),
            "shown": ",".join(q.fact for q in questions),
            "answered": len(answers),
            "open_measures": open_measures,
            "errors": bool(errors),
        },
        status=status,
    )


def _amount_basis(decision: Decision) -> str:
    figures = decision.figures
    if decision.amount_fen is None or "premiums_paid" not in figures or "ratio" not in figures:
        return ""
    return gettext("按您填写的实缴社会保险费 %(paid)s 元，按 %(ratio)s 补贴 %(amount)s 元") % {
        "paid": yuan(int(figures["premiums_paid"])),
        "ratio": figures["ratio"],
        "amount": yuan(decision.amount_fen),
    }


def _results(answers: Mapping[str, Any], on: dt.date) -> dict[str, Any]:
    evaluation = engine.evaluate_one(dict(answers), on=on)
    known = registry()
    parameters = load_parameters()
    english = is_english()
    eligible: list[ResultItem] = []
    others: list[ResultItem] = []
    closed: list[ResultItem] = []
    for d in evaluation.decisions:
        m = known[d.code]
        if m.kind != "person":
            continue
        if d.eligible:
            eligible.append(
                ResultItem(
                    m,
                    d,
                    _amount_basis(d),
                    tuple(parameters[n].described[english] for n in d.unconfirmed_parameters),
                    tuple(n.text_en if english else n.text_zh for n in m.notes if n.code in d.notes),
                )
            )
            continue
        certain = set(calc.decided_failures(answers, on=on, code=d.code))
        failed = tuple(c for c in d.conditions if c.code in certain)
        (closed if d.status == "closed" else others).append(ResultItem(m, d, failed=failed))
    eligible.sort(key=lambda item: item.decision.amount_fen is None)  # what pays an amount first
    return {
        "evaluation": evaluation,
        "decisions": eligible,
        "others": others,
        "closed": closed,
        "answers": [
            (
                calc.question(fact),
                text := calc.answer_text(fact, answers[fact], english=english),
                has_chinese(text),
            )
            for fact in calc.asked_facts(answers)
        ],
        "mine": True,
    }


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "web/calculator_refused.html", {"message": message}, status=status)


@never_cache  # the page carries the visitor's answers: never kept by a cache on the way
def calculator(request: HttpRequest) -> HttpResponse:
    """测一测: the questions the measures still need, one step at a time, then every measure's result."""
    on = today()
    if request.method != "POST":
        step = calc.next_step({}, on=on)
        return _question_page(request, {}, step.questions, open_measures=step.open_measures)
    try:
        throttle.charge(request, 1, scope="calculator")
    except throttle.ThrottledError as e:
        response = _refused(request, _throttled(e.retry_after), 429)
        response["Retry-After"] = str(e.retry_after)
        return response
    carried = {k.removeprefix(CARRIED): str(v) for k, v in request.POST.items() if k.startswith(CARRIED)}
    try:
        answers = calc.parse_carried(carried, on=on)
    except calc.AnswerError:
        message = gettext("回答在传递中出错，请重新开始。")
        return _refused(request, message, 400)
    shown = [f for f in request.POST.get(SHOWN, "").split(",") if calc.is_question(f) and f not in answers]
    typed = {f: str(request.POST.get(f, "")) for f in shown}
    errors: dict[str, str] = {}
    for fact in shown:
        try:
            answers[fact] = calc.parse_answer(fact, typed[fact])
        except calc.AnswerError as e:
            errors[fact] = _error(e)
    if not errors:
        errors = _fact_errors(answers, on)
    if errors:
        for fact in shown:
            answers.pop(fact, None)
        step = calc.next_step(answers, on=on)
        questions = [calc.question(f) for f in shown]
        return _question_page(
            request,
            answers,
            questions,
            open_measures=step.open_measures,
            typed=typed,
            errors=errors,
            status=400,
        )
    step = calc.next_step(answers, on=on)
    if step.questions:
        return _question_page(request, answers, step.questions, open_measures=step.open_measures)
    return render(request, "web/calculator_result.html", {**_results(answers, on), "on": on})


def _fact_errors(answers: Mapping[str, Any], on: dt.date) -> dict[str, str]:
    """What the facts' own checks refuse (a birth date in the future, an age over 120)."""
    try:
        validate_facts(dict(answers), on=on)
    except FactsError as e:
        return {err.fact: err.message_en if is_english() else err.message_zh for err in e.errors}
    return {}


def _throttled(retry_after: int) -> str:
    return gettext("请求过于频繁，请在 %(seconds)s 秒后重试。") % {"seconds": retry_after}
