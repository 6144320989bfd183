"""Migrations build the whole schema on an empty database and match the models."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from showcase.extensions import db
from tests.helpers import make_app


def upgrade_and_check(app):
    runner = app.test_cli_runner()
    upgraded = runner.invoke(args=["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    checked = runner.invoke(args=["db", "check"])
    return checked


def expected_tables() -> set[str]:
    return set(db.metadata.tables)


def test_migrations_upgrade_empty_sqlite_and_db_check_finds_nothing(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'migrated.db'}")
    checked = upgrade_and_check(app)
    assert checked.exit_code == 0, checked.output
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert expected_tables() <= tables
    assert "alembic_version" in tables


@pytest.mark.postgres
def test_migrations_upgrade_empty_postgres_and_db_check_finds_nothing(postgres_url):
    app = make_app(postgres_url)
    checked = upgrade_and_check(app)
    assert checked.exit_code == 0, checked.output
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
    assert expected_tables() <= tables


def test_db_check_fails_when_the_schema_lacks_something(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'drifted.db'}")
    assert upgrade_and_check(app).exit_code == 0
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_outbox_message_recipient"))
    checked = app.test_cli_runner().invoke(args=["db", "check"])
    assert checked.exit_code != 0


def test_migrations_downgrade_to_base_and_back(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'roundtrip.db'}")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    down = runner.invoke(args=["db", "downgrade", "base"])
    assert down.exit_code == 0, down.output
    with app.app_context():
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    assert upgrade_and_check(app).exit_code == 0
