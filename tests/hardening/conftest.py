"""Fixtures for the hardening tests."""

from __future__ import annotations

import copy
import fcntl
import os
import pickle
import shutil

import pytest
from hypothesis import HealthCheck, settings

from showcase.extensions import db
from tests.hardening.world import World, build_world
from tests.helpers import make_app, worker_id

# Property tests: few examples per run by default so the suite stays fast; HYPOTHESIS_PROFILE=deep
# throws many more (e.g. before a release).
settings.register_profile(
    "showcase",
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "10")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=False,
)
settings.register_profile(
    "deep",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "showcase"))


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


@pytest.fixture
def world(app, world_template) -> World:
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
