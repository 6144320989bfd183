"""Alembic environment for Showcase (Flask-Migrate)."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

import showcase.models  # noqa: F401 - registers every table on the metadata
from showcase.core.db import UTCDateTime

config = context.config
# Alembic's own log format, unless the process already logs somewhere (a test run, or an
# application that set up logging): a second root handler would write every line twice.
if config.config_file_name is not None and not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db


def get_engine():
    return target_db.engine


def get_metadata():
    return target_db.metadata


def render_item(type_, obj, autogen_context):
    """Write our column types as plain SQLAlchemy types, so revisions import nothing of ours."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_offline():
    url = get_engine().url.render_as_string(hide_password=False)
    context.configure(
        url=url,
        target_metadata=get_metadata(),
        literal_binds=True,
        render_as_batch=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    conf_args.setdefault("render_item", render_item)
    conf_args.setdefault("render_as_batch", True)
    conf_args.setdefault("compare_type", True)

    connectable = get_engine()
    with connectable.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch migration rebuilds a table (copy, drop, rename). With foreign keys on,
            # SQLite's DROP TABLE deletes the rows that refer to it first (ON DELETE CASCADE
            # would empty their tables) or refuses; SQLite's own advice is to switch them off
            # for the rebuild, which only works outside a transaction, and check afterwards.
            _sqlite_pragma(connection, "PRAGMA foreign_keys=OFF")
        # References that were already broken (rows written while SQLite did not enforce foreign
        # keys) are not the migration's doing; only new ones stop it.
        broken_before = _broken_references(connection) if sqlite else set()
        context.configure(connection=connection, target_metadata=get_metadata(), **conf_args)
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = _broken_references(connection) - broken_before
                if broken:
                    raise RuntimeError(f"the migration broke foreign keys: {sorted(broken)[:5]!r}")
        if sqlite:
            _sqlite_pragma(connection, "PRAGMA foreign_keys=ON")


def _broken_references(connection) -> set[tuple]:
    """SQLite's rows whose foreign key points at no row, as (table, rowid, parent table): the
    key's number is left out, as a rebuilt table may number its keys anew."""
    # On the driver's connection: through SQLAlchemy's, the read would begin the transaction
    # that Alembic's begin_transaction() then takes as someone else's and never commits.
    rows = connection.connection.driver_connection.execute("PRAGMA foreign_key_check")
    return {tuple(row[:3]) for row in rows}


def _sqlite_pragma(connection, statement: str) -> None:
    """Run a PRAGMA on the driver's connection, outside any transaction (sqlite3 autocommit)."""
    connection.connection.driver_connection.execute(statement)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
