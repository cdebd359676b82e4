"""``linghuo rules …``: the rules engine from the command line (pure: no Django)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click

from linghuo.cli.options import ISO_DATE


def _engine() -> Any:
    from linghuo.policy import engine

    return engine


def _params(assignments: tuple[str, ...]) -> Any:
    from linghuo.policy.parameters import ParameterError, load, parse_overrides

    try:
        return load(overrides=parse_overrides(assignments))
    except ParameterError as e:
        raise click.ClickException(str(e)) from None


def _date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    return ISO_DATE.convert(value, None, None)


ON_HELP = "评估日期 / evaluation date, YYYY-MM-DD (default: today)"
SET_HELP = "假设分析：覆盖参数 / what-if: NAME=VALUE or NAME[KEY]=VALUE (repeatable)"


@click.group()
def rules() -> None:
    """规则引擎 — evaluate, list, show and test the policy's measures."""


@rules.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--on", "on_text", metavar="YYYY-MM-DD", help=ON_HELP)
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True)
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE", help=SET_HELP)
def evaluate(file: str, on_text: str | None, fmt: str, assignments: tuple[str, ...]) -> None:
    """Evaluate every measure for the facts in FILE (one JSON object, or a list of them; - for stdin)."""
    from linghuo.policy.facts import FactsError

    engine = _engine()
    on = _date(on_text)
    params = _params(assignments)
    raw = json.loads(click.open_file(file, encoding="utf-8").read())
    people = raw if isinstance(raw, list) else [raw]
    for index, facts in enumerate(people):
        if not isinstance(facts, dict):
            raise click.ClickException(f"第{index + 1}条不是对象 / item {index + 1} is not an object")
    try:
        results = engine.evaluate_many(people, on=on, params=params)
    except (engine.PolicyDateError, FactsError) as e:
        raise click.ClickException(str(e)) from None
    if fmt == "json":
        out = {
            "rules_version": engine.rules_version(params),
            "evaluated_on": on.isoformat(),
            "results": [r.as_dict() for r in results],
        }
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(f"rules_version {engine.rules_version(params)}  evaluated_on {on}")
    for r in results:
        click.echo(f"\n== {r.person_id or '—'}")
        for d in r.decisions:
            mark = "✔" if d.eligible else "✘"
            click.echo(f"{mark} {d.code} （{d.clause}）")
            click.echo(f"  {d.explanation_zh}")
            click.echo(f"  {d.explanation_en}")


@rules.command("list")
def list_() -> None:
    """Every measure and platform rule: code, clause, kind, title."""
    from linghuo.policy.measures import platform_rules, registry

    for m in registry().values():
        click.echo(f"{m.code:36} （{m.clause}）  {m.kind:12} {m.title} / {m.title_en}")
    for r in platform_rules().values():
        click.echo(f"{r.code:36} （{r.clause}）  {r.kind:12} {r.title} / {r.title_en}")


@rules.command()
@click.argument("code")
@click.option("--on", "on_text", metavar="YYYY-MM-DD", help=ON_HELP)
def show(code: str, on_text: str | None) -> None:
    """A measure: its clause text, conditions and parameters with sources."""
    from linghuo.policy import clauses
    from linghuo.policy.measures import platform_rules, registry

    on = _date(on_text)
    engine = _engine()
    if code in registry():
        measure = registry()[code]
        title, clause = f"{measure.title} / {measure.title_en}", measure.clause
        comp = engine.compiled(on, measures=[code]).measures[0]
        parameters: tuple[str, ...] = comp.parameters
        conditions = [
            (
                c.code,
                c.label_zh,
                c.label_en,
                c.exception,
                [(m.code, m.label_zh, m.label_en) for m in c.members],
            )
            for c in measure.conditions
        ]
    elif code in platform_rules():
        rule = platform_rules()[code]
        title, clause, parameters, conditions = (
            f"{rule.title} / {rule.title_en}",
            rule.clause,
            rule.parameters,
            [],
        )
    else:
        raise click.ClickException(
            f"未知的措施代码 {code!r} / unknown measure code {code!r} (see `linghuo rules list`)"
        )
    text = clauses.clause(clause)
    click.echo(f"{code}: {title}")
    click.echo(f"（{text.number}）{text.title}：{text.text}")
    if conditions:
        click.echo("\n条件 / conditions:")
    for c_code, zh, en, exception, members in conditions:
        click.echo(f"  {'除外 unless' if exception else '要求 requires'} {c_code}: {zh} / {en}")
        for m_code, m_zh, m_en in members:
            click.echo(f"      或 or {m_code}: {m_zh} / {m_en}")
    _echo_parameters(parameters, on)


def _echo_parameters(names: tuple[str, ...] | list[str], on: dt.date | None) -> None:
    from linghuo.policy.parameters import load, show_value

    params = load()
    if names:
        click.echo(f"\n参数 / parameters{f' ({on})' if on else ''}:")
    for name in names:
        parameter = params[name]
        click.echo(f"  {name}: {parameter.description}")
        for v in parameter.values:
            current = on is not None and parameter.at(on) is v
            click.echo(
                f"    {'*' if current else ' '} from {v.start}: {show_value(parameter, v.value)}"
                f"  [{v.confidence}] {v.reference}{f'  — {v.note}' if v.note else ''}"
            )


@rules.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def params(fmt: str) -> None:
    """Every parameter with its values, dates, source and grade."""
    from linghuo.policy.parameters import load, show_value

    parameters = load().parameters
    if fmt == "text":
        _echo_parameters(sorted(parameters), None)
        return
    out = {
        name: {
            "description": p.description,
            "type": p.type,
            "keyed_by": p.keyed_by,
            "values": [
                {
                    "from": v.start.isoformat(),
                    "value": show_value(p, v.value),
                    "confidence": v.confidence,
                    "reference": {"title": v.reference.title, "link": v.reference.link},
                    "note": v.note,
                }
                for v in p.values
            ],
        }
        for name, p in sorted(parameters.items())
    }
    click.echo(json.dumps(out, ensure_ascii=False, indent=2))


@rules.command("test")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
def test_cases(files: tuple[str, ...]) -> None:
    """Run YAML rule cases (FILE…; default: every measure's cases): each disagreement, then the tally.

    A case file is a list of cases (name, on, facts, expect, source): see linghuo.policy.cases.
    """
    from pathlib import Path

    from linghuo.policy import cases

    paths = [Path(f) for f in files] if files else cases.measure_case_files()
    try:
        results = cases.run_files(paths)
    except cases.CaseFileError as e:
        raise click.ClickException(str(e)) from None
    failed = [r for r in results if not r.passed]
    for r in failed:
        click.echo(f"✘ {r.case.file}「{r.case.name}」（{r.case.measure}，{r.case.on}）")
        for d in r.disagreements:
            click.echo(f"    {d.field}: 期望 expected {_shown(d.expected)}，实际 got {_shown(d.got)}")
        click.echo(f"    依据 source: {r.case.source}")
        click.echo(f"    决定 decision: {r.explanation}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if failed:
        raise SystemExit(1)


def _shown(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


@rules.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "excel"]), default="text", show_default=True
)
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="写入文件 / write to FILE")
def coverage(fmt: str, out: str | None) -> None:
    """Each of the 18 clauses: its rules, their test cases, and how the platform serves the rest."""
    from pathlib import Path

    from linghuo.policy import coverage as policy_coverage

    report = policy_coverage.coverage()
    if fmt == "excel":
        if out is None:
            raise click.UsageError("Excel 格式须指定 --out 文件 / --format excel needs --out FILE")
        policy_coverage.write_excel(report, Path(out))
        click.echo(out)
        return
    text = policy_coverage.as_json(report) if fmt == "json" else policy_coverage.as_text(report)
    if out is None:
        click.echo(text)
    else:
        Path(out).write_text(text + "\n", encoding="utf-8")
        click.echo(out)
