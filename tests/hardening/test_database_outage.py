"""The database goes away and comes back, under a real gunicorn and a real outbox worker.

The test runs a PostgreSQL of its own, stops it in the middle, and shows: pages answer a clean
503 in the reader's language, /healthz answers 503 at once, the worker waits instead of dying;
after the restart the same app processes answer again without being restarted and every message
queued before the outage is sent exactly once.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from sqlalchemy import func, select

from showcase.extensions import db
from showcase.mail.models import OutboxMessage, OutboxStatus
from tests.hardening.own_postgres import own_postgres_or_skip
from tests.hardening.world import build_world
from tests.helpers import ROOT_DIR, free_port, make_app

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def own_postgres():
    server = own_postgres_or_skip(free_port())
    yield server
    server.cleanup()


def fetch(url: str, language: str = "en", timeout: float = 10) -> tuple[int, str, float]:
    request = urllib.request.Request(url, headers={"Accept-Language": language})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read().decode()
            status = response.status
    except urllib.error.HTTPError as error:
        body = error.read().decode()
        status = error.code
    return status, body, time.monotonic() - started


def queued_count(app) -> int:
    with app.app_context():
        count = db.session.scalar(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.status == OutboxStatus.QUEUED)
        )
        db.session.remove()
        db.engine.dispose()
        return count


def test_pages_and_health_answer_503_while_the_database_is_down_and_recover_after(
    own_postgres, app_process, smtp_server
):
    url = own_postgres.url
    setup = make_app(url)
    with setup.app_context():
        db.create_all()
    world = build_world(setup)
    queued = queued_count(setup)
    assert queued >= 4
    base = app_process({"DATABASE_URL": url, "PUBLIC_URL": "http://showcase.test"})
    home = f"{base}/{world.event}/"
    assert fetch(home)[0] == 200
    assert fetch(base + "/healthz")[0] == 200

    own_postgres.stop()

    status, body, seconds = fetch(base + "/healthz")
    assert status == 503 and '"database":"unreachable"' in body.replace(" ", "")
    assert seconds < 2, f"/healthz took {seconds:.2f} s to say 503"
    status, body, seconds = fetch(home, language="th")
    assert status == 503
    assert "ขณะนี้เว็บไซต์ติดต่อฐานข้อมูลไม่ได้" in body
    assert '<html lang="th">' in body
    assert seconds < 4
    status, body, _ = fetch(home, language="en")
    assert status == 503
    assert "The site cannot reach its database just now." in body
    assert "Traceback" not in body
    status, body, _ = fetch(f"{base}/{world.event}/booths/apply", language="th")
    assert status == 503 and "ไม่พร้อมให้บริการชั่วคราว" in body

    # An outbox worker started while the database is away waits for it instead of stopping.
    worker = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "flask"), "--app", "wsgi", "outbox", "work"],
        cwd=ROOT_DIR,
        env={
            **os.environ,
            "SHOWCASE_CONFIG": "development",
            "DATABASE_URL": url,
            "MAIL_DELIVERY": "true",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(smtp_server.port),
            "OUTBOX_POLL_SECONDS": "1",
            "PUBLIC_URL": "http://showcase.test",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(2.5)
        assert worker.poll() is None, worker.stderr.read()
        assert smtp_server.messages == []

        own_postgres.start()
        restarted = time.monotonic()

        # The same app processes answer again at once: no restart, stale connections replaced.
        status, body, _ = fetch(home)
        assert status == 200, body[:500]
        assert fetch(base + "/healthz")[0] == 200
        assert fetch(home, language="th")[0] == 200

        # Every message queued before the outage arrives, each exactly once.
        messages = smtp_server.wait_for(queued, timeout=20)
        recovered_in = time.monotonic() - restarted
        assert len(messages) == queued, f"{len(messages)} of {queued} after {recovered_in:.1f} s"
        time.sleep(1.5)
        assert len(smtp_server.messages) == queued
        ids = [message["Message-ID"] for message in smtp_server.messages]
        assert len(set(ids)) == queued
        assert queued_count(setup) == 0
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
        worker.stderr.close()
        with setup.app_context():
            db.engine.dispose()
