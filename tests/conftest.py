"""Fixtures shared by every test: the app on a fresh SQLite file, the app context (``ctx``), a
real SMTP server, PostgreSQL databases of our own, a live server and a real browser. Helpers that
tests import live in ``tests/helpers.py`` and the object factories in ``tests/factories.py``; no
test imports a ``conftest.py``.

PostgreSQL tests need ``TEST_DATABASE_URL`` (a server URL whose user may create databases, e.g.
``postgresql://postgres@127.0.0.1:5432/postgres``); browser tests need Chromium (``CHROMIUM``, or
``chromium`` on the PATH). Without them those tests skip with the reason, unless
``SHOWCASE_REQUIRE_POSTGRES=1`` or ``SHOWCASE_REQUIRE_BROWSER=1`` (set by ``.ci/run``) make a
missing one an error.
"""

from __future__ import annotations

import contextvars
import fcntl
import os
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine
from werkzeug.serving import make_server

from showcase.extensions import db as _db
from tests import factories
from tests.browser.helpers import TIMEOUT_MS
from tests.helpers import (
    CHROMIUM_ARGS,
    REQUIRE_BROWSER,
    REQUIRE_REDIS,
    ROOT_DIR,
    TEST_REDIS_URL,
    SMTPServer,
    chromium_path,
    closing_when_dropped,
    create_postgres_database,
    drop_postgres_database,
    free_port,
    make_app,
    postgres_database_name,
    postgres_or_skip,
    reuse_compiled_templates,
    reuse_url_builders,
    use_smtp,
    worker_id,
    worker_redis_url,
)

reuse_url_builders()
reuse_compiled_templates()


class TestClient(FlaskClient):
    """The test client; while a test holds the app context (``ctx``), each request runs in a
    context of its own, as a real request does (its own ``g``, its own database session), and
    afterwards the test's session forgets what it had read, so objects the test holds show what
    the request wrote."""

    def open(self, *args, **kwargs):
        if not has_app_context():
            return super().open(*args, **kwargs)
        response = contextvars.Context().run(super().open, *args, **kwargs)
        forget_reads()
        return response


def forget_reads() -> None:
    """End the test session's read-only transaction and expire what it loaded, so that the next
    attribute access reads the database afresh; a session holding unsaved changes is left alone."""
    session = _db.session()
    if session.new or session.dirty or session.deleted:
        return
    if session.in_transaction():
        session.rollback()  # read-only: nothing is lost; it expires what was loaded
    else:
        session.expire_all()


def new_app(database_url: str, **overrides):
    app = make_app(database_url, **overrides)
    app.test_client_class = TestClient
    return app


@pytest.fixture(scope="session")
def empty_schema(tmp_path_factory) -> str:
    """A SQLite file with every table and nothing in them, made once per worker; each test's
    database starts as a copy of it (``create_all`` for every test costs more than a copy)."""
    path = str(tmp_path_factory.mktemp("schema") / "empty.db")
    template = make_app(f"sqlite:///{path}")
    with template.app_context():
        _db.create_all()
        _db.session.remove()
        _db.engine.dispose()
    return path


@dataclass
class DemoDatabase:
    """The demo as `flask showcase demo` loads it into a migrated database: the file's path and
    what the command printed."""

    path: str
    output: str


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> DemoDatabase:
    """`flask db upgrade` and `flask showcase demo` run once per test run into a SQLite file that
    the demo tests copy: loading the whole demo through the services takes seconds, and every demo
    test reads the same result. Under pytest-xdist the first worker to need it builds it (under a
    file lock) in the run's shared temporary folder; the others read it from there."""
    root = tmp_path_factory.getbasetemp()
    if worker_id() != "main":
        root = root.parent  # the folder that every worker's own temporary folder is in
    path, printed = root / "demo.db", root / "demo-output.txt"
    with open(root / "demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not printed.exists():
            template = make_app(f"sqlite:///{path}")
            runner = template.test_cli_runner()
            upgrade = runner.invoke(args=["db", "upgrade"])
            assert upgrade.exit_code == 0, upgrade.output
            result = runner.invoke(args=["showcase", "demo"])
            assert result.exit_code == 0, result.output
            with template.app_context():
                _db.session.remove()
                _db.engine.dispose()
            printed.write_text(result.output)
    return DemoDatabase(path=str(path), output=printed.read_text())


@pytest.fixture
def demo(tmp_path, demo_template) -> Iterator[tuple]:
    """A copy of the loaded demo for this test alone: ``(app, output of the demo command)``."""
    path = tmp_path / "demo.db"
    with sqlite3.connect(demo_template.path) as source, sqlite3.connect(path) as target:
        source.backup(target)
    app = make_app(f"sqlite:///{path}")
    yield app, demo_template.output
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def database_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'showcase-test.db'}"


@pytest.fixture
def app(database_url, empty_schema):
    prefix = "sqlite:///"
    target = database_url[len(prefix) :] if database_url.startswith(prefix) else ""
    if target and target != ":memory:" and not os.path.exists(target):
        shutil.copyfile(empty_schema, target)
    app = new_app(database_url)
    if not target or not os.path.exists(target) or target == ":memory:":
        with app.app_context():
            _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def ctx(app):
    """The app context, pushed for the whole test: factories (``tests/factories.py``) return
    objects that stay usable, and requests made meanwhile run in contexts of their own."""
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# Factories of the older tests (they return acronyms and e-mail addresses; new tests use
# tests/factories.py, whose factories return objects) -------------------------------------------


@pytest.fixture
def make_event(app):
    """Create an event through the service (``tests.factories.event``); returns its acronym."""

    def factory(acronym: str = "wscs2027", **values) -> str:
        with app.app_context():
            return factories.event(acronym, **values).acronym

    return factory


@pytest.fixture
def event(make_event) -> str:
    return make_event()


@pytest.fixture
def make_user(app):
    """Create a staff account (``tests.factories.user``); returns its email address."""

    def factory(role: str = "admin", email: str | None = None, password: str = factories.PASSWORD):
        email = email or f"{role}-{uuid.uuid4().hex[:8]}@showcase.example"
        with app.app_context():
            factories.user(role, email, password)
        return email

    return factory


@pytest.fixture
def login(client, make_user):
    """Sign the test client in with a new account of ``role``; returns the email."""

    def sign_in(role: str = "admin", target=None) -> str:
        email = make_user(role)
        target = target or client
        response = target.post(
            "/manage/login", data={"email": email, "password": "correct-horse-1"}
        )
        assert response.status_code == 303, response.get_data(as_text=True)
        return email

    return sign_in


# A real SMTP server -------------------------------------------------------------------------


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    server = SMTPServer(port=free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(app, smtp_server):
    use_smtp(app, smtp_server.port)
    return app


@pytest.fixture
def deliver(app):
    """Run the outbox worker once in-process, as `flask outbox work --once` does."""
    from showcase.mail.worker import work

    def run():
        with app.app_context():
            return work(once=True)

    return run


# PostgreSQL ---------------------------------------------------------------------------------


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty PostgreSQL database of this test's own; dropped afterwards."""
    admin_url = postgres_or_skip()
    name = postgres_database_name()
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    create_postgres_database(admin, name)
    yield f"{admin_url.rsplit('/', 1)[0]}/{name}"
    drop_postgres_database(admin, name)
    admin.dispose()


@pytest.fixture(scope="session")
def postgres_schema_template() -> Iterator[str]:
    """A PostgreSQL database with every table and nothing in them, made once per worker; each
    ``pg_app`` database is a copy of it (``CREATE DATABASE … TEMPLATE``), which costs far less
    than creating the tables again."""
    admin_url = postgres_or_skip()
    name = postgres_database_name("showcase_schema")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    create_postgres_database(admin, name)
    template = make_app(f"{admin_url.rsplit('/', 1)[0]}/{name}")
    with template.app_context():
        _db.create_all()
        _db.session.remove()
        _db.engine.dispose()
    yield name
    drop_postgres_database(admin, name)
    admin.dispose()


@pytest.fixture
def postgres_schema_url(postgres_schema_template) -> Iterator[str]:
    """A PostgreSQL database of this test's own with every table, empty; dropped afterwards."""
    admin_url = postgres_or_skip()
    name = postgres_database_name()
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    create_postgres_database(admin, name, template=postgres_schema_template)
    yield f"{admin_url.rsplit('/', 1)[0]}/{name}"
    drop_postgres_database(admin, name)
    admin.dispose()


@pytest.fixture
def pg_app(postgres_schema_url):
    app = new_app(postgres_schema_url)
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


# A live server and a real browser -----------------------------------------------------------


@dataclass
class LiveServer:
    app: object
    url: str
    server: object
    thread: threading.Thread


@pytest.fixture
def live_server(app) -> Iterator[LiveServer]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    app.config["PUBLIC_URL"] = url
    server = make_server("127.0.0.1", port, closing_when_dropped(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app=app, url=url, server=server, thread=thread)
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        reason = "Chromium is not installed (apt-get install chromium, or set CHROMIUM)"
        if REQUIRE_BROWSER:
            pytest.fail(f"browser tests are required here but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


# Redis ----------------------------------------------------------------------------------------


@pytest.fixture
def redis_url() -> str:
    """The Redis named by TEST_REDIS_URL, checked to answer, with a database number of this
    xdist worker's own (see ``tests.helpers.worker_redis_url``)."""
    reason = None
    url = worker_redis_url(TEST_REDIS_URL)
    if not TEST_REDIS_URL:
        reason = "TEST_REDIS_URL is not set"
    else:
        import redis

        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError as error:
            reason = f"Redis at TEST_REDIS_URL is not reachable: {error.__class__.__name__}"
    if reason:
        if REQUIRE_REDIS:
            pytest.fail(f"Redis tests are required here but {reason}")
        pytest.skip(reason)
    return url


# Separate app processes (gunicorn) ------------------------------------------------------------


@pytest.fixture
def app_process():
    """Start the app under gunicorn in its own process with ``env``; returns its base URL.

    The database named in ``env`` gets its tables first. Every process is stopped afterwards.
    """
    import subprocess
    import sys
    import urllib.request

    processes = []

    def start(env: dict, workers: int = 1) -> str:
        database_url = env["DATABASE_URL"]
        prepared = make_app(database_url)
        with prepared.app_context():
            _db.create_all()
            _db.engine.dispose()
        port = free_port()
        full_env = {
            **os.environ,
            "SHOWCASE_CONFIG": "development",
            "MAIL_DELIVERY": "false",
            "RATELIMIT_ENABLED": "true",
            **env,
        }
        command = [
            os.path.join(os.path.dirname(sys.executable), "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "wsgi:app",
        ]
        process = subprocess.Popen(command, cwd=ROOT_DIR, env=full_env)
        processes.append(process)
        url = f"http://127.0.0.1:{port}"
        # Generous: on a loaded machine (parallel workers, other jobs) an app import takes a while.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        return url
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not start on {url}")

    yield start

    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
