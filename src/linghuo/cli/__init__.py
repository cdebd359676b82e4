"""The ``linghuo`` command: one entry point for operators, batch jobs and the README commands.

Commands that need the database set Django up themselves; the rules and the synthetic-population
commands never import Django.
"""

from __future__ import annotations

import os
import sys

import click

from linghuo.cli.setup import django_setup

__all__ = ["cli", "django_setup", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="linghuo")
def cli() -> None:
    """linghuo 灵活就业公共服务平台 — command line."""


@cli.command(
    "manage",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []},
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command (migrate, runserver, check --deploy, …)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linghuo.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["linghuo manage", *args])


def _register() -> None:
    from linghuo.cli import (
        audit,
        contributions,
        decisions,
        demo,
        demo_data,
        keys,
        ledger,
        market,
        payments,
        roster,
        rules,
        screen,
        serve,
        simulate,
        stats,
        worker,
    )

    cli.add_command(audit.audit)
    cli.add_command(contributions.contributions)
    cli.add_command(decisions.decisions)
    cli.add_command(demo.demo)
    cli.add_command(keys.keys)
    cli.add_command(ledger.ledger)
    cli.add_command(market.market)
    cli.add_command(payments.payments)
    cli.add_command(demo_data.demo_data)
    cli.add_command(rules.rules)
    cli.add_command(roster.roster)
    cli.add_command(screen.screen)
    cli.add_command(serve.serve)
    cli.add_command(simulate.simulate)
    cli.add_command(stats.stats)
    cli.add_command(worker.worker)


_register()


def main() -> None:
    sys.exit(cli.main(prog_name="linghuo", standalone_mode=True))
