"""The outbox worker when the database or the worker itself goes away in the middle of a batch.

What SMTP accepted is recorded as sent once the database is back; what was never handed to SMTP
goes back to the queue; only a message handed over by a worker that then died is held as
'uncertain' for an organiser, who sees it plainly on the outbox page and decides.
Delivery is counted at a real SMTP server (aiosmtpd), by Message-ID.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from sqlalchemy import select

from showcase.core.db import utcnow
from showcase.extensions import db
from showcase.mail.models import OutboxMessage, OutboxStatus
from showcase.mail.services import queue_email
from showcase.mail.worker import release_stale_claims
from tests.helpers import ROOT_DIR, free_port, make_app, use_smtp

S = OutboxStatus


def queue_messages(app, count: int) -> dict[int, str]:
    """Queue ``count`` messages; returns their Message-IDs by outbox id."""
    with app.app_context():
        rows = [
            queue_email(
                "mail/test_message",
                f"delegate{number:03d}@city.example",
                language="th" if number % 2 else "en",
                context={"recipient": f"delegate{number:03d}@city.example"},
            )
            for number in range(count)
        ]
        db.session.commit()
        ids = {row.id: f"<{row.uuid}@showcase.test>" for row in rows}
        db.session.remove()
        db.engine.dispose()
        return ids


def statuses(app) -> Counter:
    with app.app_context():
        counted = Counter(db.session.scalars(select(OutboxMessage.status)))
        db.session.remove()
        db.engine.dispose()
        return counted


class ScriptedSMTP:
    """aiosmtpd that counts what it receives and runs ``on_message(n)`` before answering the
    n-th message (1-based), while the client waits for the answer."""

    def __init__(self, on_message=None) -> None:
        self.port = free_port()
        self.received: list = []
        self.on_message = on_message
        self.lock = threading.Lock()
        self.controller = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        server = self

        class Handler:
            async def handle_DATA(self, smtp_server, session, envelope):
                with server.lock:
                    server.received.append(
                        message_from_bytes(envelope.original_content, policy=policy.default)
                    )
                    number = len(server.received)
                if server.on_message is not None:
                    await server.on_message(number)
                return "250 Message accepted for delivery"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()

    def message_ids(self) -> Counter:
        with self.lock:
            return Counter(message["Message-ID"] for message in self.received)

    def wait_for(self, count: int, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.received) < count:
            time.sleep(0.05)
        return len(self.received)


def start_worker(database_url: str, smtp_port: int, once: bool = False) -> subprocess.Popen:
    command = [os.path.join(os.path.dirname(sys.executable), "flask"), "--app", "wsgi"]
    command += ["outbox", "work", *(["--once"] if once else [])]
    return subprocess.Popen(
        command,
        cwd=ROOT_DIR,
        env={
            **os.environ,
            "SHOWCASE_CONFIG": "development",
            "DATABASE_URL": database_url,
            "DATABASE_CONNECT_TIMEOUT": "1",
            "MAIL_DELIVERY": "true",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(smtp_port),
            "MAIL_DEFAULT_SENDER": "Showcase <showcase@showcase.test>",
            "OUTBOX_POLL_SECONDS": "1",
            "PUBLIC_URL": "http://showcase.test",
            "LOG_LEVEL": "INFO",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop_worker(worker: subprocess.Popen) -> str:
    if worker.poll() is None:
        worker.terminate()
    try:
        _out, err = worker.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        worker.kill()
        _out, err = worker.communicate()
    return err


def test_a_dead_workers_claims_go_back_to_the_queue_unless_handed_to_smtp(app):
    ids = list(queue_messages(app, 3))
    now = utcnow()
    with app.app_context():
        never_handed, handed, recent = (db.session.get(OutboxMessage, i) for i in ids)
        for row in (never_handed, handed, recent):
            row.status, row.claimed_by = S.SENDING, "dead-worker"
            row.claimed_at = now - timedelta(hours=1)
        handed.handed_at = now - timedelta(minutes=59)
        recent.claimed_at = recent.handed_at = now - timedelta(minutes=1)
        db.session.commit()

        assert release_stale_claims() == 2

        db.session.expire_all()
        assert never_handed.status == S.QUEUED and never_handed.claimed_by == ""
        assert handed.status == S.UNCERTAIN
        assert "may or may not have left" in handed.last_error
        assert recent.status == S.SENDING  # its worker may still be waiting for SMTP's answer


def test_a_worker_killed_while_smtp_holds_a_message_leaves_only_that_one_for_an_organiser(
    app, database_url, client, login
):
    held = threading.Event()
    release = threading.Event()

    async def hold_the_third(number: int) -> None:
        if number == 3:
            held.set()
            while not release.is_set():
                await asyncio.sleep(0.05)

    smtp = ScriptedSMTP(hold_the_third)
    smtp.start()
    expected = queue_messages(app, 8)
    worker = start_worker(database_url, smtp.port)
    try:
        assert held.wait(30), stop_worker(worker)
        worker.send_signal(signal.SIGKILL)  # between handing message 3 over and SMTP's answer
        worker.communicate(timeout=10)
        release.set()

        assert statuses(app) == {S.SENT: 2, S.SENDING: 6}
        with app.app_context():
            release_stale_claims(now=utcnow() + timedelta(minutes=16))
        assert statuses(app) == {S.SENT: 2, S.UNCERTAIN: 1, S.QUEUED: 5}

        use_smtp(app, smtp.port)
        from showcase.mail.worker import work

        with app.app_context():
            assert work(once=True).sent == 5
        smtp.wait_for(8, timeout=10)
        assert smtp.message_ids() == Counter(expected.values())  # each exactly once
    finally:
        release.set()
        stop_worker(worker)
        smtp.stop()

    # The organiser sees it plainly and decides.
    login("organiser")
    outbox = client.get("/manage/outbox/").get_data(as_text=True)
    assert "1 message may or may not have been sent" in outbox
    listed = client.get("/manage/outbox/", query_string={"status": "uncertain"}).text
    with app.app_context():
        uncertain = db.session.scalar(
            select(OutboxMessage).where(OutboxMessage.status == S.UNCERTAIN)
        )
        uncertain_id, recipient = uncertain.id, uncertain.recipient
    assert recipient == "delegate002@city.example"
    assert recipient in listed and "delegate001@city.example" not in listed
    page = client.get(f"/manage/outbox/{uncertain_id}").get_data(as_text=True)
    assert '<span class="badge status-uncertain">Delivery uncertain</span>' in page
    assert expected[uncertain_id].replace("<", "&lt;").replace(">", "&gt;") in page
    assert f'action="/manage/outbox/{uncertain_id}/mark-sent"' in page
    assert f'action="/manage/outbox/{uncertain_id}/retry"' in page
    assert client.post(f"/manage/outbox/{uncertain_id}/mark-sent").status_code == 303
    assert statuses(app) == {S.SENT: 8}
    assert "may or may not have been sent" not in client.get("/manage/outbox/").text


def test_the_uncertain_notice_in_thai(app, client, login):
    [message_id] = queue_messages(app, 1)
    with app.app_context():
        row = db.session.get(OutboxMessage, message_id)
        row.status, row.handed_at = S.UNCERTAIN, utcnow()
        db.session.commit()
    login("organiser")
    client.set_cookie("showcase_lang", "th")
    page = client.get(f"/manage/outbox/{message_id}").get_data(as_text=True)
    assert "ไม่แน่ชัดว่าส่งถึงหรือไม่" in page
    assert client.post(f"/manage/outbox/{message_id}/retry").status_code == 303
    assert statuses(app) == {S.QUEUED: 1}


@pytest.fixture
def own_postgres():
    from tests.hardening.own_postgres import own_postgres_or_skip

    server = own_postgres_or_skip(free_port())
    yield server
    server.cleanup()


@pytest.mark.postgres
@pytest.mark.slow
def test_database_stopped_mid_batch_every_message_is_delivered_exactly_once(own_postgres):
    setup = make_app(own_postgres.url)
    with setup.app_context():
        db.create_all()
    expected = queue_messages(setup, 60)
    restarted = threading.Event()

    def restart_later() -> None:
        time.sleep(3)
        own_postgres.start()
        restarted.set()

    async def stop_the_database_at_the_seventh(number: int) -> None:
        # PostgreSQL stops after the seventh message reached SMTP and before the worker hears
        # the answer: the worker cannot write down that it was sent, nor hand over the rest.
        if number == 7:
            own_postgres.stop()
            threading.Thread(target=restart_later, daemon=True).start()

    smtp = ScriptedSMTP(stop_the_database_at_the_seventh)
    smtp.start()
    worker = start_worker(own_postgres.url, smtp.port)
    try:
        arrived = smtp.wait_for(60, timeout=90)
        assert restarted.is_set()
        time.sleep(2)  # anything sent twice would arrive now
        assert arrived == 60, f"{arrived} of 60 arrived; outbox: {statuses(setup)}"
        assert smtp.message_ids() == Counter(expected.values())
        assert statuses(setup) == {S.SENT: 60}
        with setup.app_context():
            attempts = set(db.session.scalars(select(OutboxMessage.attempts)))
            db.session.remove()
            db.engine.dispose()
        assert attempts == {1}
    finally:
        err = stop_worker(worker)
        smtp.stop()
    assert worker.returncode == 0, err
    assert "outbox worker cannot reach the database" in err
    assert "gave 13 unsent message(s) back to the queue" in err
