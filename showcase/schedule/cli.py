"""``flask showcase import-schedule EVENT FILE``: bring a schedule over from frab or pretalx."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from showcase.core.db import unit_of_work
from showcase.core.errors import DomainError


@click.command("import-schedule")
@with_appcontext
@click.argument("event")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_schedule_command(event: str, file: Path) -> None:
    """Import a frab/c3voc schedule.json or schedule.xml into EVENT as a draft schedule."""
    from showcase.cli import check_database_is_current, fail
    from showcase.events.services import get_event
    from showcase.schedule.importer import import_schedule, parse

    check_database_is_current()
    found = get_event(event)
    if found is None:
        fail(f"there is no event {event!r}.")
    try:
        with unit_of_work(lock=True):
            result = import_schedule(found, parse(file.read_bytes()))
    except DomainError as error:
        fail(str(error.message))
    click.echo(
        f"Imported into {found.acronym}: {result.sessions} sessions, {result.speakers} speakers, "
        f"{result.rooms} rooms, {result.tracks} tracks. "
        "Check them in the agenda builder, then publish."
    )
