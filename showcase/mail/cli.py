"""``flask outbox work``: the worker that sends queued email."""

from __future__ import annotations

import threading

import click
from flask import current_app
from flask.cli import AppGroup

from showcase.mail.worker import install_signal_handlers, work

outbox_cli = AppGroup("outbox", help="Send and inspect queued email.")


@outbox_cli.command("work")
@click.option("--once", is_flag=True, help="Send what is due now, then exit.")
def work_command(once: bool) -> None:
    """Send due messages through SMTP; without --once, keep polling until stopped."""
    deliver = current_app.config["MAIL_DELIVERY"]
    stop = threading.Event()
    if not deliver:
        click.echo(
            "Mail delivery is switched off (MAIL_DELIVERY=false): emails asked for on public "
            "pages are written to the outbox, where they stay queued and readable."
        )
    if not once:
        install_signal_handlers(stop)
        if deliver:
            click.echo(
                f"Outbox worker sending through {current_app.config['MAIL_SERVER']}:"
                f"{current_app.config['MAIL_PORT']}; stop with Ctrl+C."
            )
    report = work(once=once, stop=stop, deliver=deliver)
    click.echo(f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}")


@outbox_cli.command("send-test")
@click.argument("email")
@click.option("--language", type=click.Choice(["en", "th"]), default="en", show_default=True)
def send_test_command(email: str, language: str) -> None:
    """Queue a test message to EMAIL (then run `flask outbox work --once` to send it)."""
    from showcase.core.db import unit_of_work
    from showcase.mail.services import InvalidRecipient, queue_email

    try:
        with unit_of_work():
            message = queue_email(
                "mail/test_message", email, language=language, context={"recipient": email}
            )
    except InvalidRecipient:
        raise click.ClickException(f"{email!r} is not a valid email address.") from None
    click.echo(f"Queued message {message.id} to {message.recipient}.")
