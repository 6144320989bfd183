"""The hardening tests against the production stack, as a client sees it (issue 11, "how to prove
it stays fixed"): gunicorn with the production settings and the shipped gunicorn.conf.py, an
outbox worker and a real SMTP server, on a PostgreSQL of the test's own that it may stop.
Processes are managed by ``scripts/stack.py`` (shared with ``scripts/two_servers_check.py``).

Over HTTP: the hostile-input table (every form of ``hostile.py`` with the payloads that broke
PostgreSQL, deep JSON, NUL in URLs), the flash-message test, and the stranded-message test
(PostgreSQL stopped while the worker sends: every message delivered exactly once)."""

from __future__ import annotations

import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from scripts.stack import Stack
from showcase.extensions import db
from tests.hardening.hostile import HOSTILE_FORMS, ODD_EMAILS, PAYLOADS, SCRIPT
from tests.hardening.world import build_world
from tests.helpers import free_port, make_app

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

EVIL = '<meta http-equiv=refresh content="0;url=https://evil.example">'
STACK_PAYLOADS = [
    SCRIPT,
    "\x00",
    "Somchai\x00Jaidee",
    "\x00\x01\x02\x1b[31m\x7f",
    "2147483648",
    "9223372036854775808",
    "=?utf-8?q?Evil=0D=0ABcc:_x@evil.example?=",
    "' OR '1'='1'; DROP TABLE city; --",
    "A" * 6000,
    ODD_EMAILS[7],
]
assert all(payload in PAYLOADS + ODD_EMAILS for payload in STACK_PAYLOADS)
TAG = re.compile(r"<[a-zA-Z/!]")
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class HttpAnswer:
    status_code: int
    headers: dict
    data: bytes

    def get_data(self, as_text: bool = False):
        return self.data.decode("utf-8", "replace") if as_text else self.data

    @property
    def mimetype(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip()


class HttpClient:
    """The part of Flask's test client the hardening tables use, over real HTTP. POSTs carry the
    session's CSRF token in the X-CSRFToken header, as the site's own scripts do."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )
        self.token: str | None = None
        self.language = "en"

    def set_cookie(self, name: str, value: str) -> None:
        if name == "showcase_lang":
            self.language = value

    def open(self, path, method="GET", data=None, content_type=None, query_string=None):
        url = self.base + urllib.parse.quote(path, safe="/%?=&:;@")
        if query_string:
            url += "?" + urllib.parse.urlencode(query_string, doseq=True)
        headers = {"Accept-Language": self.language}
        if isinstance(data, dict):
            data = urllib.parse.urlencode(data, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        if content_type:
            headers["Content-Type"] = content_type
        if method == "POST":
            headers["X-CSRFToken"] = self.csrf_token(path)
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with self.opener.open(request, timeout=30) as response:
                return HttpAnswer(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return HttpAnswer(error.code, dict(error.headers), error.read())

    def csrf_token(self, path: str) -> str:
        """The session's token, read from the first page that has a form: the one posted to,
        the password form of a signed-in user, the sign-in form (following redirects)."""
        pages = [path.split("?")[0], "/manage/account/password", "/manage/login"]
        while self.token is None and pages:
            answer = self.open(pages.pop(0))
            found = TOKEN.search(answer.get_data(True))
            if found:
                self.token = found.group(1)
            elif answer.status_code in (301, 302, 303) and answer.headers.get("Location"):
                pages.insert(0, urllib.parse.urlsplit(answer.headers["Location"]).path)
        return self.token or ""

    def get(self, path, query_string=None, **kwargs):
        return self.open(path, "GET", query_string=query_string)

    def post(self, path, data=None, content_type=None, json=None, **kwargs):
        if json is not None:
            import json as json_module

            data, content_type = json_module.dumps(json).encode(), "application/json"
        return self.open(path, "POST", data=data, content_type=content_type)

    def sign_in(self, email: str, password: str) -> None:
        answer = self.post("/manage/login", data={"email": email, "password": password})
        assert answer.status_code in (302, 303), answer.get_data(True)[-2000:]
        self.token = None  # signing in starts a new session


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    from tests.hardening.own_postgres import own_postgres_or_skip

    postgres = own_postgres_or_skip(free_port())
    stranding = {"hook": None}

    async def before_answer(number: int) -> None:
        if stranding["hook"] is not None:
            await stranding["hook"](number)

    running = Stack(
        postgres.url.replace("postgresql://", "postgresql+psycopg://"),
        smtp_before_answer=before_answer,
        extra_env={
            # The table sends hundreds of forms from one address in a minute.
            "RATELIMIT_ENABLED": "false",
            "DATABASE_CONNECT_TIMEOUT": "1",
            "LOG_LEVEL": "INFO",
        },
    )
    try:
        running.migrate()
        # The world is written with the servers' key, so that they can read what it encrypts.
        app = make_app(running.database_url, DATA_ENCRYPTION_KEY=running.env["DATA_ENCRYPTION_KEY"])
        world = build_world(app)
        from showcase.accounts.services import create_user

        with app.app_context():
            for role in ("admin", "organiser", "reviewer", "checkin"):
                create_user(f"{role}@stack.example", role, "correct-horse-1", name=role.title())
            db.session.commit()
            db.session.remove()
            db.engine.dispose()
        running.start_smtp()
        running.start_servers(1, gunicorn_workers=2)
        running.start_workers(1)
        running.app, running.world, running.postgres = app, world, postgres
        running.stranding = stranding
        yield running
    finally:
        running.stop()
        postgres.cleanup()


def client_for(stack, role: str | None) -> HttpClient:
    client = HttpClient(stack.servers[0])
    if role:
        client.sign_in(f"{role}@stack.example", "correct-horse-1")
    return client


def test_the_hostile_table_over_http(stack):
    from tests.hardening.test_hostile_input import send

    world = stack.world
    requests = 0
    for form in HOSTILE_FORMS:
        client = client_for(stack, form.role)
        for payload in STACK_PAYLOADS:
            values = dict.fromkeys(form.fields, payload)
            response = send(client, world, form, values)
            body = response.get_data(as_text=True)
            assert response.status_code < 500, (form.name, payload, response.status_code)
            assert "This form has expired" not in body, (form.name, payload[:20], client.token)
            if response.status_code != 414:  # gunicorn's own answer to a URL over 4 KB
                assert response.headers.get("Server") == "Showcase"
            if len(payload) >= 8 and TAG.search(payload):
                assert payload not in body, (form.name, payload)
            requests += 1
    anonymous = client_for(stack, None)
    assert anonymous.get(f"/{world.event}/speakers/%00/").status_code == 404
    assert anonymous.get(f"/manage/{world.event}/booths/2147483648").status_code == 404
    deep = anonymous.post(
        "/manage/login", data=b"[" * 100_000 + b"]" * 100_000, content_type="application/json"
    )
    assert deep.status_code == 400
    large = anonymous.post(
        "/manage/logout",
        data=b"&".join([b"f=1"] * 800_000),
        content_type="application/x-www-form-urlencoded",
    )
    assert large.status_code == 413
    assert requests >= 400


def test_flash_messages_quote_names_as_text_over_http(stack):
    client = client_for(stack, "organiser")
    response = client.post(
        f"/manage/{stack.world.event}/cities/new",
        data={"name_en": EVIL, "country_code": "TH", "kind": "thai_member"},
    )
    assert response.status_code in (302, 303), (response.status_code, alerts(response))
    location = urllib.parse.urlsplit(response.headers["Location"]).path
    body = client.get(location).get_data(as_text=True)
    assert "&lt;meta http-equiv=refresh" in body
    assert "<meta http-equiv=refresh" not in body


def alerts(response) -> list[str]:
    return re.findall(r"(?:alert|invalid-feedback)[^>]*>([^<]+)<", response.get_data(True))


def test_database_stopped_while_the_worker_sends_strands_nothing(stack):
    from showcase.mail.models import OutboxMessage, OutboxStatus
    from tests.mail.test_outbox_outage import queue_messages

    app, postgres = stack.app, stack.postgres
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _unsent(app):
        time.sleep(0.5)  # what the earlier tests queued is sent first
    before = stack.mailbox.count()
    restarted = threading.Event()

    def restart_later() -> None:
        time.sleep(3)
        postgres.start()
        restarted.set()

    async def stop_at_the_seventh(number: int) -> None:
        if number == before + 7:
            postgres.stop()
            threading.Thread(target=restart_later, daemon=True).start()

    stack.stranding["hook"] = stop_at_the_seventh
    try:
        expected = queue_messages(app, 40)
        arrived = stack.mailbox.wait_for(before + 40, timeout=60)
        assert restarted.wait(30)
        time.sleep(2)  # anything sent twice would arrive now
    finally:
        stack.stranding["hook"] = None
    with stack.mailbox.lock:
        ids = Counter(
            message["Message-ID"].split("@")[0] for message in stack.mailbox.messages[before:]
        )
    assert arrived == before + 40
    assert ids == Counter(value.split("@")[0] for value in expected.values())  # each once
    with app.app_context():
        states = Counter(
            db.session.scalars(
                select(OutboxMessage.status).where(OutboxMessage.id.in_(list(expected)))
            )
        )
        db.session.remove()
        db.engine.dispose()
    assert states == {OutboxStatus.SENT: 40}


def _unsent(app) -> int:
    from showcase.mail.models import OutboxMessage, OutboxStatus

    with app.app_context():
        count = len(
            db.session.scalars(
                select(OutboxMessage.id).where(
                    OutboxMessage.status.in_([OutboxStatus.QUEUED, OutboxStatus.SENDING])
                )
            ).all()
        )
        db.session.remove()
        db.engine.dispose()
        return count
