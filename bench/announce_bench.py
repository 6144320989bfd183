"""Queueing an announcement: how long the outbox worker's task takes to turn one announcement to
``--count`` registrants (half in English, half in Thai, each with their own manage link) into
queued outbox messages: the snapshot of the audience and every chunk, rendered and written.

Builds a database with one event and ``--count`` confirmed registrants, writes and schedules the
announcement through the services, then times ``send_due_announcements`` (the code the worker
runs). The target is under 10 seconds for 5,000 people. SQLite in a temporary file always;
PostgreSQL too when ``--postgres URL`` names a server database to use (it is emptied first).

    .venv/bin/python bench/announce_bench.py --count 5000
    .venv/bin/python bench/announce_bench.py --count 5000 --postgres postgresql://postgres@127.0.0.1:5432/announce_bench
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build(app, count: int):
    from sqlalchemy import insert

    from showcase.accounts.services import create_user
    from showcase.announcements.services import sending
    from showcase.core.db import unit_of_work
    from showcase.events.services import create_event
    from showcase.extensions import db
    from showcase.registration.models import Registration, RegistrationState
    from showcase.registration.services.organiser import save_category

    now = datetime.now(UTC)
    with app.app_context():
        db.drop_all()
        db.create_all()
        with unit_of_work(lock=True):
            event = create_event(
                "bench2027",
                name_en="World Smart City Showcase 2027",
                name_th="มหกรรมเมืองอัจฉริยะโลก 2570",
                starts_on=date(2027, 1, 26),
                ends_on=date(2027, 1, 28),
                registration_opens_at=now - timedelta(days=1),
                registration_closes_at=now + timedelta(days=30),
            )
            category = save_category(
                event, {"code": "delegate", "name_en": "City delegate", "is_open": True}
            )
            author = create_user("bench@showcase.example", "organiser", "correct-horse-1", "B")
        rows = [
            {
                "event_id": event.id,
                "category_id": category.id,
                "state": RegistrationState.CONFIRMED,
                "email": f"person{n}@delegates.example",
                "full_name": f"Person {n}",
                "full_name_th": f"บุคคล {n}",
                "language": "th" if n % 2 else "en",
                "consent_version": "2026-11",
                "consent_at": now,
                "badge_code": f"B{n:08d}",
            }
            for n in range(count)
        ]
        with unit_of_work():
            db.session.execute(insert(Registration), rows)
        values = {
            "match": "all",
            "conditions": ["registration_state:confirmed"],
            "subject_en": "News for {name}",
            "body_en": "Dear {name},\n\nYour registration: {manage_link}\n\n- Doors open at 08:00",
            "subject_th": "ข่าวสำหรับ {name}",
            "body_th": "เรียน {name}\n\nการลงทะเบียน: {manage_link}\n\n- เปิดประตู 08:00 น.",
        }
        with unit_of_work():
            sending.save_settings(event, {"approval_threshold": 0, "rate_per_minute": 600})
            announcement = sending.save_draft(event, values, author)
            sending.request_send(event, announcement, author, None)


def measure(url: str, count: int) -> float:
    from sqlalchemy import func, select

    from config import TestingConfig
    from showcase import create_app
    from showcase.announcements.services.sending import send_due_announcements
    from showcase.extensions import db
    from showcase.mail.models import OutboxMessage

    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url})
    build(app, count)
    with app.app_context():
        started = time.perf_counter()
        dealt = send_due_announcements()
        elapsed = time.perf_counter() - started
        queued = db.session.scalar(select(func.count()).select_from(OutboxMessage))
        db.session.remove()
        db.engine.dispose()
    assert dealt == count and queued == count, (dealt, queued)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--postgres", help="a PostgreSQL database URL to use (emptied first)")
    args = parser.parse_args()
    targets = []
    with tempfile.TemporaryDirectory() as folder:
        targets.append(("SQLite", f"sqlite:///{folder}/bench.db"))
        if args.postgres:
            targets.append(("PostgreSQL", args.postgres))
        for name, url in targets:
            elapsed = measure(url, args.count)
            verdict = "under" if elapsed < 10 else "OVER"
            print(
                f"{name}: queued an announcement to {args.count} people in {elapsed:.2f} s "
                f"({args.count / elapsed:.0f} messages/s; {verdict} the 10 s target)"
            )


if __name__ == "__main__":
    main()
