"""``flask showcase …``: administration commands. Each failure is one line on the console."""

from __future__ import annotations

import sys

import click
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import DBAPIError

from showcase.core.db import unit_of_work
from showcase.core.errors import DomainError
from showcase.core.roles import Role
from showcase.extensions import db

showcase_cli = AppGroup("showcase", help="Showcase administration.")


def fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def check_database_is_current() -> None:
    """Stop with one line unless the database is reachable and upgraded to the latest migration."""
    config = current_app.extensions["migrate"].migrate.get_config()
    heads = set(ScriptDirectory.from_config(config).get_heads())
    try:
        with db.engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except DBAPIError as error:
        fail(f"cannot reach the database ({error.orig.__class__.__name__}): check DATABASE_URL.")
    if not current:
        fail("the database has no tables yet: run `flask db upgrade` first.")
    if current != heads:
        fail("the database is not at the latest migration: run `flask db upgrade` first.")


@showcase_cli.command("create-user")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice([role.value for role in Role]),
    default=Role.ORGANISER.value,
    show_default=True,
)
@click.option("--name", default="", help="Display name.")
@click.option(
    "--generate-password",
    is_flag=True,
    help="Generate a password and print it instead of asking for one.",
)
def create_user_command(email: str, role: str, name: str, generate_password: bool) -> None:
    """Create an organiser account (asks for a password, or generates one)."""
    from showcase.accounts import services

    check_database_is_current()
    if generate_password or not sys.stdin.isatty():
        password = services.generate_password()
        shown = True
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        shown = False
    try:
        with unit_of_work():
            user = services.create_user(email, role, password, name)
    except DomainError as error:
        fail(str(error.message))
    click.echo(f"Created {user.role.value} account {user.email}.")
    if shown:
        click.echo(f"Password: {password}")


@showcase_cli.command("demo")
@click.option(
    "--live",
    is_flag=True,
    help="Date the event from yesterday to tomorrow, so that it is running today "
    "(now and next, the check-in desk).",
)
def demo_command(live: bool) -> None:
    """Load the demo event (safe to run again: it only adds what is missing)."""
    from showcase.demo import DEMO_PASSWORD, DEMO_USERS, DemoDatedOtherwise, load_demo

    if current_app.config.get("ENV_NAME") == "production":
        fail("the demo publishes a known password and is refused in production.")
    check_database_is_current()
    try:
        result = load_demo(live=live)
    except DemoDatedOtherwise as error:
        fail(str(error))
    for line in result.lines:
        click.echo(line)
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    click.echo("")
    click.echo(f"Public site:    {base}/{result.event.acronym}/")
    click.echo(f"Organiser area: {base}/manage/")
    for email, role, _name in DEMO_USERS:
        click.echo(f"  {role.value:<10} {email}  password: {DEMO_PASSWORD}")


@showcase_cli.command("expire-offers")
def expire_offers_command() -> None:
    """Expire the waiting-list offers whose time is up; each seat passes to the next person
    (the outbox worker does this once a minute by itself)."""
    from showcase.registration.services.offers import expire_due_offers

    check_database_is_current()
    with unit_of_work(lock=True):
        expired = expire_due_offers()
    click.echo(f"Expired offers: {expired}")


@showcase_cli.command("purge")
def purge_command() -> None:
    """Delete the personal data whose retention has ended (every rule: registration answers,
    passport data of visa letters, travel details). Safe to run as often as wanted, e.g. daily
    from cron or a systemd timer (see the README)."""
    from showcase.core.db import utcnow
    from showcase.core.retention import retention_rules

    check_database_is_current()
    now = utcnow()
    for rule in retention_rules():
        with unit_of_work(lock=True):
            purged = rule.purge(now)
        click.echo(f"{rule.name}: {purged} purged")
