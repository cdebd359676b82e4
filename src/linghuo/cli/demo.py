"""``linghuo demo``: load the demo accounts and a small synthetic population (idempotent)."""

from __future__ import annotations

import click

from linghuo.cli.setup import django_setup


@click.command()
@click.option("--persons", default=3000, show_default=True, help="synthetic residents to load")
@click.option("--seed", default=20211108, show_default=True, help="seed of the synthetic population")
def demo(persons: int, seed: int) -> None:
    """加载演示数据 — demo accounts of every role, organisations and a small population."""
    if persons < 0:
        raise click.BadParameter("人数不能为负数 / must not be negative", param_hint="--persons")
    django_setup()
    from linghuo.demo import ACCOUNTS, DEMO_PASSWORD, demo_load

    summary = demo_load(persons=persons, seed=seed)
    click.echo(
        f"演示数据已就绪 / demo data ready: 新建账号 {summary.accounts_created}，新建单位 "
        f"{summary.organisations_created}，新建人员 {summary.persons_created}"
    )
    click.echo("\n演示账号 / demo accounts (密码 password: " + DEMO_PASSWORD + ")")
    for account in ACCOUNTS:
        scope = "、".join(account.districts) if account.districts else ""
        click.echo(f"  {account.role:<13} {account.mobile}  {account.name} {scope}".rstrip())
    click.echo("\n打开 / open http://127.0.0.1:8000")
