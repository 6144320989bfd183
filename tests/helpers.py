"""Helpers every test package may import (fixtures live in ``conftest.py`` modules, which tests
never import): the app factory, loopback ports, a real SMTP server, email parts, and the checks
that PostgreSQL, Redis and Chromium are there.

Under pytest-xdist each worker (``PYTEST_XDIST_WORKER`` = ``gw0``, ``gw1``, …) gets resources of
its own: ports from a block of its own below the kernel's ephemeral range (so neither another worker
nor an outgoing connection takes a port between ``free_port()`` and the bind), PostgreSQL database
names that carry the worker's id, and a Redis database number of its own.
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
import zxingcpp
from flask import Flask
from jinja2 import BytecodeCache
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import create_engine, text

from config import TestingConfig
from showcase import create_app
from showcase.extensions import mail as _mail

REQUIRE_POSTGRES = os.environ.get("SHOWCASE_REQUIRE_POSTGRES") == "1"
REQUIRE_BROWSER = os.environ.get("SHOWCASE_REQUIRE_BROWSER") == "1"
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")

REQUIRE_REDIS = os.environ.get("SHOWCASE_REQUIRE_REDIS") == "1"
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "")

ROOT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# Parallel workers -----------------------------------------------------------------------------


def worker_id() -> str:
    """``gw0``, ``gw1``, … under pytest-xdist; ``main`` when the tests run in one process."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def worker_number() -> int:
    """0 for a run without xdist, 1 for ``gw0``, 2 for ``gw1``, …"""
    name = worker_id()
    return int(name[2:]) + 1 if name.startswith("gw") and name[2:].isdigit() else 0


# Each process takes ports from a block of its own in 20000–32767, below Linux's ephemeral range
# (32768–60999), starting at a random place in the block so that two separate runs rarely meet.
_PORT_BASE = 20000
_PORT_BLOCK = 500
_port_lock = threading.Lock()
_next_port = random.randrange(_PORT_BLOCK)


def free_port() -> int:
    """A loopback TCP port nobody listens on now, from this worker's own block."""
    global _next_port
    start = _PORT_BASE + (worker_number() % 25) * _PORT_BLOCK
    with _port_lock:
        for _ in range(_PORT_BLOCK):
            port = start + _next_port % _PORT_BLOCK
            _next_port += 1
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    raise RuntimeError(f"no free port in {start}–{start + _PORT_BLOCK - 1}")


def make_app(database_url: str, **overrides):
    settings = {"SQLALCHEMY_DATABASE_URI": database_url, **overrides}
    return create_app(TestingConfig, settings)


# A real SMTP server ---------------------------------------------------------------------------


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


def use_smtp(app, port: int) -> None:
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DELIVERY=True)
    _mail.init_app(app)


def email_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def email_html(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    return part.get_content() if part is not None else ""


def links_in(message: EmailMessage) -> list[str]:
    return re.findall(r"https?://[^\s<>\"]+", email_text(message))


# PostgreSQL -----------------------------------------------------------------------------------


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


def postgres_database_name(prefix: str = "showcase_test") -> str:
    """A new database name that carries the xdist worker's id (for a reader of pg_stat_activity)
    and a random part (two runs, or two tests of one worker, never share one)."""
    return f"{prefix}_{worker_id()}_{uuid.uuid4().hex[:12]}"


def create_postgres_database(admin, name: str, template: str | None = None) -> None:
    """A database for tests: commits need not wait for the disk (a crash of the test server
    loses nothing anyone keeps), which saves most of the time PostgreSQL tests spend waiting."""
    with admin.connect() as connection:
        copy = f' TEMPLATE "{template}"' if template else ""
        connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
        connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit TO off'))


def drop_postgres_database(admin, name: str) -> None:
    with admin.connect() as connection:
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        )
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))


# Redis ----------------------------------------------------------------------------------------


def worker_redis_url(url: str) -> str:
    """``url`` with a database number of this worker's own: the number in ``url`` for a run
    without xdist and for ``gw0``, one less for ``gw1``, and so on (Redis has databases 0–15)."""
    match = re.fullmatch(r"(redis://[^/]*)(?:/(\d+))?", url)
    if match is None:
        return url
    base = int(match.group(2) or 0)
    number = (base - max(worker_number() - 1, 0)) % 16
    return f"{match.group(1)}/{number}"


# Chromium -------------------------------------------------------------------------------------


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM") or shutil.which("chromium")
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


# One app per test, built fast -----------------------------------------------------------------


def reuse_url_builders() -> None:
    """Let every app of the run share Werkzeug's parsed URL rules and compiled URL builders.

    Each test builds its own app, and Werkzeug parses each of the app's ~300 URL rules with
    regular expressions and compiles two small Python functions for each (through ``ast`` and
    ``compile``): most of the tenth of a second that ``create_app`` takes. What a rule's parse
    yields depends only on its text, its domain part, the slash setting and the map's converter
    classes; the builders depend on the rule's text, its parsed parts and the names of its
    defaults (they take the rule itself as an argument). So one parse and one builder per
    distinct rule serve every app. A rule whose default fills a part of its URL has that value
    compiled into its builder and gets a builder of its own.
    """
    from werkzeug.routing.rules import Rule

    if getattr(Rule.compile, "shared", False):
        return
    compile_rule, compile_builder = Rule.compile, Rule._compile_builder
    parsed: dict[tuple, tuple] = {}
    builders: dict[tuple, object] = {}

    def shared_compile(self) -> None:
        host_matching = self.map.host_matching
        domain = (self.host if host_matching else self.subdomain) or ""
        converters = tuple(sorted(self.map.converters.items()))
        key = (self.rule, domain, host_matching, bool(self.merge_slashes), converters)
        found = parsed.get(key)
        if found is None:
            compile_rule(self)
            parsed[key] = (
                tuple(self._parts),
                tuple(self._trace),
                dict(self._converters),
                frozenset(self._converters),
            )
            return
        parts, trace, converters_of_rule, arguments = found
        self._parts, self._trace = list(parts), list(trace)
        self._converters = dict(converters_of_rule)
        self.arguments.update(arguments)
        self._build = self._compile_builder(False).__get__(self, None)
        self._build_unknown = self._compile_builder(True).__get__(self, None)

    def shared_builder(self, append_unknown: bool = True):
        defaults = self.defaults or {}
        if any(is_dynamic and part in defaults for is_dynamic, part in self._trace):
            return compile_builder(self, append_unknown)
        key = (self.rule, tuple(self._trace), tuple(defaults), append_unknown)
        builder = builders.get(key)
        if builder is None:
            builder = builders[key] = compile_builder(self, append_unknown)
        return builder

    shared_compile.shared = True
    Rule.compile = shared_compile
    Rule._compile_builder = shared_builder


class SharedBytecodeCache(BytecodeCache):
    """Jinja's compiled templates kept in memory for the whole run: each test's app has a Jinja
    environment of its own, which would otherwise lex, parse and compile every template it
    renders again. A template whose source changed has another checksum and is compiled anew."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def reuse_compiled_templates() -> None:
    """Give every app of the run one in-memory Jinja bytecode cache (``SharedBytecodeCache``)."""
    if "bytecode_cache" not in Flask.jinja_options:
        Flask.jinja_options = {**Flask.jinja_options, "bytecode_cache": SharedBytecodeCache()}


def closing_when_dropped(app):
    """``app`` for Werkzeug's development server in the browser tests: a response body (a static
    file, say) is closed even when the browser drops the connection half way, as it does when
    a test navigates on before a script has arrived. The server then abandons the body without
    closing it, and the unclosed file's ResourceWarning would fail whichever test runs next."""

    def wsgi(environ, start_response):
        body = app(environ, start_response)

        def closing():
            try:
                yield from body
            finally:
                if hasattr(body, "close"):
                    body.close()

        return closing()

    return wsgi


def pdf_qr_codes(pdf: bytes) -> set[str]:
    """What a barcode reader reads from the QR code images of the PDF (WeasyPrint lists every
    image of the document in each page's resources, so this is the set of them all)."""
    found = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for image in page.images:
            picture = image.image.convert("L")
            picture = picture.resize((picture.width * 8, picture.height * 8), Image.NEAREST)
            found.update(code.text for code in zxingcpp.read_barcodes(picture))
    return found


def run_threads(*calls, timeout: float = 30) -> None:
    """Run each of ``calls`` (functions of no argument) in a thread of its own, all at once, and
    wait for them; a thread still running after ``timeout`` seconds fails the test."""
    import threading

    threads = [threading.Thread(target=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    hung = sum(thread.is_alive() for thread in threads)
    assert hung == 0, f"{hung} of {len(threads)} threads did not finish in {timeout} s"
