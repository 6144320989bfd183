"""Fixtures shared by every test: the app on a fresh SQLite file, a real SMTP server, PostgreSQL
databases of our own, a live server and a real browser.

PostgreSQL tests need ``TEST_DATABASE_URL`` (a server URL whose user may create databases, e.g.
``postgresql://postgres@127.0.0.1:5432/postgres``); browser tests need Chromium (``CHROMIUM`` or
``/usr/bin/chromium``). Without them those tests skip with the reason, unless
``SHOWCASE_REQUIRE_POSTGRES=1`` or ``SHOWCASE_REQUIRE_BROWSER=1`` (set by ``.ci/run``) make a
missing one an error.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from config import TestingConfig
from showcase import create_app
from showcase.extensions import db as _db
from showcase.extensions import mail as _mail

REQUIRE_POSTGRES = os.environ.get("SHOWCASE_REQUIRE_POSTGRES") == "1"
REQUIRE_BROWSER = os.environ.get("SHOWCASE_REQUIRE_BROWSER") == "1"
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_app(database_url: str, **overrides):
    settings = {"SQLALCHEMY_DATABASE_URI": database_url, **overrides}
    return create_app(TestingConfig, settings)


@pytest.fixture
def database_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'showcase-test.db'}"


@pytest.fixture
def app(database_url):
    app = make_app(database_url)
    with app.app_context():
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# Factories ----------------------------------------------------------------------------------


@pytest.fixture
def make_event(app):
    """Create an event through the service; returns its acronym."""
    from datetime import UTC, datetime

    from showcase.events.services import create_event

    def factory(acronym: str = "wscs2027", **values) -> str:
        start = values.pop("starts_on", date(2027, 1, 26))
        now = datetime.now(UTC)
        defaults = {
            "name_en": "World Smart City Showcase 2027",
            "name_th": "มหกรรมเมืองอัจฉริยะโลก 2570",
            "starts_on": start,
            "ends_on": start + timedelta(days=2),
            "venue_en": "Queen Sirikit National Convention Center",
            "venue_th": "ศูนย์การประชุมแห่งชาติสิริกิติ์",
            "contact_email": "showcase@depa.example",
            "registration_opens_at": now - timedelta(days=1),
            "registration_closes_at": now + timedelta(days=30),
            "cfp_opens_at": now - timedelta(days=1),
            "cfp_closes_at": now + timedelta(days=30),
        }
        defaults.update(values)
        with app.app_context():
            event = create_event(acronym, **defaults)
            _db.session.commit()
            return event.acronym

    return factory


@pytest.fixture
def event(make_event) -> str:
    return make_event()


@pytest.fixture
def make_user(app):
    from showcase.accounts.services import create_user

    def factory(role: str = "admin", email: str | None = None, password: str = "correct-horse-1"):
        email = email or f"{role}-{uuid.uuid4().hex[:8]}@showcase.example"
        with app.app_context():
            create_user(email, role, password, name=role.title())
            _db.session.commit()
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
        assert response.status_code == 302, response.get_data(as_text=True)
        return email

    return sign_in


# A real SMTP server -------------------------------------------------------------------------


@dataclass
class SMTPServer:
    """aiosmtpd on a loopback port; ``messages`` holds what it received, parsed."""

    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list = field(default_factory=list)
    controller: object = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        server = self

        class Handler:
            async def handle_DATA(self, smtp_server, session, envelope):
                with server.lock:
                    server.envelopes.append(envelope)
                    server.messages.append(
                        message_from_bytes(envelope.original_content, policy=policy.default)
                    )
                return "250 Message accepted for delivery"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.05)
        return list(self.messages)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    server = SMTPServer(port=free_port())
    server.start()
    yield server
    server.stop()


def use_smtp(app, port: int) -> None:
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DELIVERY=True)
    _mail.init_app(app)


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


def email_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def email_html(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    return part.get_content() if part is not None else ""


def links_in(message: EmailMessage) -> list[str]:
    return re.findall(r"https?://[^\s<>\"]+", email_text(message))


# PostgreSQL ---------------------------------------------------------------------------------


def _postgres_admin_url() -> str | None:
    if not TEST_DATABASE_URL:
        return None
    url = TEST_DATABASE_URL
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    return url


def postgres_or_skip() -> str:
    url = _postgres_admin_url()
    reason = None
    if url is None:
        reason = "TEST_DATABASE_URL is not set"
    else:
        try:
            engine = create_engine(url, connect_args={"connect_timeout": 3})
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            engine.dispose()
        except Exception as error:
            reason = f"PostgreSQL at TEST_DATABASE_URL is not reachable: {error.__class__.__name__}"
    if reason:
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL tests are required here but {reason}")
        pytest.skip(reason)
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty PostgreSQL database of this test's own; dropped afterwards."""
    admin_url = postgres_or_skip()
    name = f"showcase_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    base = admin_url.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with admin.connect() as connection:
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        )
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture
def pg_app(postgres_url):
    app = make_app(postgres_url)
    with app.app_context():
        _db.create_all()
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
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app=app, url=url, server=server, thread=thread)
    server.shutdown()
    thread.join(timeout=5)


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if candidate and os.path.exists(candidate) else None


CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        reason = "Chromium is not installed (apt-get install chromium, or set CHROMIUM)"
        if REQUIRE_BROWSER:
            pytest.fail(f"browser tests are required here but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


# Redis ----------------------------------------------------------------------------------------

REQUIRE_REDIS = os.environ.get("SHOWCASE_REQUIRE_REDIS") == "1"
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


@pytest.fixture
def redis_url() -> str:
    """The Redis named by TEST_REDIS_URL, checked to answer."""
    reason = None
    if not TEST_REDIS_URL:
        reason = "TEST_REDIS_URL is not set"
    else:
        import redis

        try:
            redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2).ping()
        except redis.RedisError as error:
            reason = f"Redis at TEST_REDIS_URL is not reachable: {error.__class__.__name__}"
    if reason:
        if REQUIRE_REDIS:
            pytest.fail(f"Redis tests are required here but {reason}")
        pytest.skip(reason)
    return TEST_REDIS_URL


# Separate app processes (gunicorn) ------------------------------------------------------------

ROOT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


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
        deadline = time.monotonic() + 20
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
