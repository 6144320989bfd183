"""Outbox workers sharing the work on PostgreSQL (FOR UPDATE SKIP LOCKED)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from showcase.extensions import db
from showcase.mail.models import OutboxMessage, OutboxStatus
from showcase.mail.services import queue_email

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.postgres


def test_two_workers_deliver_each_of_200_messages_exactly_once(
    pg_app, postgres_schema_url, smtp_server
):
    with pg_app.app_context():
        for number in range(200):
            queue_email(
                "mail/test_message",
                f"delegate{number:03d}@city.example",
                language="th" if number % 2 else "en",
                context={"recipient": f"delegate{number:03d}@city.example"},
            )
        db.session.commit()

    env = {
        **os.environ,
        "SHOWCASE_CONFIG": "development",
        "DATABASE_URL": postgres_schema_url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_server.port),
        "MAIL_DELIVERY": "true",
        "MAIL_DEFAULT_SENDER": "Showcase <showcase@showcase.test>",
    }
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "outbox", "work", "--once"]
    workers = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    for worker, (_out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err.decode()

    received = smtp_server.wait_for(200, timeout=10)
    recipients = Counter(
        address for envelope in smtp_server.envelopes for address in envelope.rcpt_tos
    )
    message_ids = Counter(message["Message-ID"] for message in received)
    assert len(received) == 200
    assert len(recipients) == 200 and set(recipients.values()) == {1}
    assert len(message_ids) == 200 and set(message_ids.values()) == {1}
    sent_counts = [int(out.decode().split("sent ")[1].split(",")[0]) for out, _ in outputs]
    assert sum(sent_counts) == 200
    print("messages sent by each worker:", sent_counts)
    with pg_app.app_context():
        statuses = Counter(m.status for m in db.session.scalars(db.select(OutboxMessage)))
    assert statuses == {OutboxStatus.SENT: 200}
