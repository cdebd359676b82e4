"""The explanations of a decision, in Chinese and English: the trace for the API and the caseworker
(:func:`explain`: conditions, figures, parameters with their sources and grades) and the plain words for
the person it is about (:func:`explain_plain`: sources by their titles, no parameter names)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from linghuo import divisions
from linghuo.policy import clauses
from linghuo.policy.decisions import ConditionOutcome, Decision, DecisionStatus
from linghuo.policy.dsl import FigureKind, Measure
from linghuo.policy.parameters import Params, show_value


def yuan(fen: int) -> str:
    """Fen as yuan with two decimals and thousands separators, exactly (integers, no float).

    >>> yuan(123456), yuan(7), yuan(-500000)
    ('1,234.56', '0.07', '-5,000.00')
    """
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def _trace_figure(kind: FigureKind, value: Any, english: bool) -> str:
    """A figure as the trace shows it: amounts in yuan (``元`` in both languages), any other value as is."""
    if value is None:
        return "—"
    if kind == "fen":
        return f"{yuan(int(value))}元"
    return str(value)


_VERDICTS: dict[DecisionStatus, tuple[str, str]] = {
    "eligible": ("符合", "eligible"),
    "not_eligible": ("不符合", "not eligible"),
    "closed": ("已截止", "closed"),
    "not_applicable": ("不适用", "not applicable"),
}


def _plain_figure(kind: FigureKind, value: Any, english: bool) -> str:
    if value is None:
        return "—"
    if kind == "fen":
        return f"CNY {yuan(int(value))}" if english else f"{yuan(int(value))}元"
    if kind == "division":
        return divisions.district_name(str(value)) or str(value)
    return str(value)


def _failed_text(c: ConditionOutcome, english: bool) -> str:
    if english:
        return c.failed_label_en or c.label_en
    return c.failed_label or c.label


def _met_lines(
    met: Sequence[ConditionOutcome], groups: Sequence[ConditionOutcome], zh: list[str], en: list[str]
) -> None:
    """The conditions met and the groups the person belongs to (both explanations)."""
    if met:
        zh.append("已满足：" + "；".join(c.label for c in met) + "。")
        en.append(" Met: " + "; ".join(c.label_en for c in met) + ".")
    if groups:
        zh.append("所属类别：" + "、".join(c.label for c in groups) + "。")
        en.append(" Groups: " + ", ".join(c.label_en for c in groups) + ".")


def _unmet_lines(unmet: Sequence[ConditionOutcome], zh: list[str], en: list[str]) -> None:
    if unmet:
        zh.append("未满足：" + "；".join(c.label for c in unmet) + "。")
        en.append(" Not met: " + "; ".join(c.label_en for c in unmet) + ".")


def _result_lines(
    measure: Measure,
    d: Decision,
    zh: list[str],
    en: list[str],
    *,
    figure_text: Callable[[FigureKind, Any, bool], str],
    month_unit_zh: str,
) -> None:
    """The amount, months, figures and notes of a decision (both explanations; figures as ``figure_text``
    writes them)."""
    if d.amount_fen is not None:
        rounding_zh = f"（{measure.rounding_zh}）" if measure.rounding_zh else ""
        rounding_en = f" ({measure.rounding_en})" if measure.rounding_en else ""
        zh.append(f"金额：{yuan(d.amount_fen)}元{rounding_zh}。")
        en.append(f" Amount: CNY {yuan(d.amount_fen)}{rounding_en}.")
    if d.months is not None:
        zh.append(f"月数：{d.months}{month_unit_zh}。")
        en.append(f" Months: {d.months}.")
    if measure.figures:
        figures = [(f, d.figures[f.code]) for f in measure.figures]
        zh.append(
            "所用数字："
            + "；".join(f"{f.label_zh} {figure_text(f.kind, v, False)}" for f, v in figures)
            + "。"
        )
        en.append(
            " Figures used: "
            + "; ".join(f"{f.label_en} {figure_text(f.kind, v, True)}" for f, v in figures)
            + "."
        )
    for n in measure.notes:
        if n.code in d.notes:
            zh.append(n.text_zh)
            en.append(" " + n.text_en)


def explain_plain(
    measure: Measure, d: Decision, parameter_names: Sequence[str], params: Params
) -> tuple[str, str]:
    """The explanation in plain words, for the person it is about: the verdict, the conditions met and
    failed (a failed condition's own sentence where it has one), the amount, months, figures and notes;
    the rules it rests on named by their titles, and an unconfirmed number by what it is. No parameter
    names or raw values: those stay in :func:`explain` (the API and the caseworker's trace)."""
    top = [c for c in d.conditions if "." not in c.code]
    met = [c for c in top if c.passed]
    failed = [c for c in top if not c.passed]
    groups = [c for c in d.conditions if "." in c.code and c.passed]
    verdict_zh, verdict_en = _VERDICTS[d.status]
    zh = [f"{measure.title}：{verdict_zh}。"]
    en = [f"{measure.title_en}: {verdict_en}."]
    _met_lines(met, groups, zh, en)
    for c in failed:
        if c.failed_label:
            zh.append(_failed_text(c, english=False) + "。")
            en.append(" " + _failed_text(c, english=True) + ".")
    _unmet_lines([c for c in failed if not c.failed_label], zh, en)
    _result_lines(measure, d, zh, en, figure_text=_plain_figure, month_unit_zh="个月")
    sources_zh, sources_en = _plain_sources(d, parameter_names, params)
    return "".join(zh) + sources_zh, "".join(en) + sources_en


def _plain_sources(d: Decision, parameter_names: Sequence[str], params: Params) -> tuple[str, str]:
    """The rules a decision rests on, by their titles; its unconfirmed numbers, by what they are."""
    zh, en = [], []
    titles: list[str] = []
    for name in parameter_names:
        dated = params.parameters[name].at(params.on)
        if dated is not None and dated.reference.title not in titles:
            titles.append(dated.reference.title)
    if titles:
        zh.append("依据：" + "；".join(titles) + "。")
        en.append(" Based on: " + "; ".join(titles) + ".")
    if d.unconfirmed_parameters:
        described = [params.parameters[n].described for n in d.unconfirmed_parameters]
        zh.append("注意：以下数值尚未经确认，结论仅供参考：" + "；".join(z for z, _ in described) + "。")
        en.append(
            " Note: these values are not confirmed yet, so treat the result with care: "
            + "; ".join(e for _, e in described)
            + "."
        )
    return "".join(zh), "".join(en)


def explain(measure: Measure, d: Decision, parameter_names: Sequence[str], params: Params) -> tuple[str, str]:
    """The Chinese and English explanation: verdict, conditions met and failed, figures, sources."""
    top = [c for c in d.conditions if "." not in c.code]
    met = [c for c in top if c.passed]
    failed = [c for c in top if not c.passed]
    groups = [c for c in d.conditions if "." in c.code and c.passed]
    zh = [f"{measure.title}（第（{measure.clause}）条）：{'符合' if d.eligible else '不符合'}。"]
    number = clauses.clause(measure.clause).index
    en = [f"{measure.title_en} (measure {number}): {'eligible' if d.eligible else 'not eligible'}."]
    _met_lines(met, groups, zh, en)
    _unmet_lines(failed, zh, en)
    _result_lines(measure, d, zh, en, figure_text=_trace_figure, month_unit_zh="")
    sources_zh, sources_en = [], []
    for name in parameter_names:
        parameter = params.parameters[name]
        dated = parameter.at(params.on)
        if dated is None:
            continue
        value = show_value(parameter, dated.value)
        sources_zh.append(f"{name}={value}（{dated.reference}，可信度{dated.confidence}）")
        sources_en.append(f"{name}={value} ({dated.reference}, grade {dated.confidence})")
    if sources_zh:
        zh.append("参数来源：" + "；".join(sources_zh) + "。")
        en.append(" Parameters: " + "; ".join(sources_en) + ".")
    if d.unconfirmed_parameters:
        zh.append("注意：以下参数未经确认，结论仅供参考：" + "、".join(d.unconfirmed_parameters) + "。")
        en.append(
            " Warning: unconfirmed parameters, treat the result with care: "
            + ", ".join(d.unconfirmed_parameters)
            + "."
        )
    return "".join(zh), "".join(en)
