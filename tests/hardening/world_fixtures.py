"""The hardening world as fixtures: one event with every kind of object a route names, built
once per run and copied for each test. The hardening and audit conftests both take them from
here."""

from __future__ import annotations

import copy
import fcntl
import os
import pickle
import shutil
import uuid

import pytest
from sqlalchemy import create_engine

from showcase.extensions import db
from tests.hardening.world import World, build_world
from tests.helpers import (
    create_postgres_database,
    drop_postgres_database,
    make_app,
    postgres_or_skip,
    worker_id,
)


@pytest.fixture(scope="session")
def world_template(tmp_path_factory) -> tuple[str, World]:
    """The hardening world built once per run into a SQLite file that each test copies: most
    hardening tests need the same rich data, and building it through the services takes seconds.
    Under pytest-xdist the first worker to need it builds it (under a file lock) into the run's
    shared temporary folder, and the others read it from there."""
    root = tmp_path_factory.getbasetemp()
    if worker_id() != "main":
        root = root.parent  # the folder that every worker's own temporary folder is in
    path, saved = root / "hardening-world.db", root / "hardening-world.pickle"
    with open(root / "hardening-world.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not saved.exists():
            template = make_app(f"sqlite:///{path}")
            with template.app_context():
                db.create_all()
            world = build_world(template)
            with template.app_context():
                db.session.remove()
                db.engine.dispose()
            saved.write_bytes(pickle.dumps(world))
    return str(path), pickle.loads(saved.read_bytes())  # noqa: S301 - written just above


@pytest.fixture(scope="session")
def postgres_world_template() -> tuple[str, str, World]:
    """The same world in a PostgreSQL database that each PostgreSQL test's database is created
    from (``CREATE DATABASE … TEMPLATE``); built on first use."""
    admin_url = postgres_or_skip()
    name = f"showcase_world_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    create_postgres_database(admin, name)
    template = make_app(admin_url.rsplit("/", 1)[0] + "/" + name)
    with template.app_context():
        db.create_all()
    world = build_world(template)
    with template.app_context():
        db.session.remove()
        db.engine.dispose()
    yield admin_url, name, world
    drop_postgres_database(admin, name)
    admin.dispose()


def _copy_postgres_world(app, request) -> World:
    admin_url, template_name, world = request.getfixturevalue("postgres_world_template")
    with app.app_context():
        db.session.remove()
        target = db.engine.url.database
        db.engine.dispose()
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    drop_postgres_database(admin, target)
    create_postgres_database(admin, target, template=template_name)
    admin.dispose()
    return copy.deepcopy(world)


@pytest.fixture
def world(app, world_template, request) -> World:
    with app.app_context():
        dialect = db.engine.dialect.name
    if dialect == "postgresql":
        return _copy_postgres_world(app, request)
    path, world = world_template
    with app.app_context():
        db.session.remove()
        target = db.engine.url.database
        db.engine.dispose()
    for suffix in ("-wal", "-shm"):
        if os.path.exists(target + suffix):
            os.remove(target + suffix)
    shutil.copyfile(path, target)
    return copy.deepcopy(world)
