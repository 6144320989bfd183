"""The three lost-link forms, timed for an address that has a link to send and one that has not.

A difference between the two would tell a stranger which addresses are registered, have applied
for a booth or are speakers. Builds a database (a temporary SQLite file, or ``--database``
PostgreSQL, where a scratch database is made and dropped) with one address known to all three
forms, starts gunicorn (one worker, rate limits off, no outbox worker), and posts each form
``--rounds`` times per address, alternating, one request at a time. Prints the median and p90 of
the POST alone (the form's GET, which carries the CSRF token, is not timed) for each form and
address, and their difference.

    .venv/bin/python bench/link_resend_bench.py --rounds 200
    .venv/bin/python bench/link_resend_bench.py --database postgresql://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

EVENT = "bench2027"
KNOWN = "somchai@khonkaen.example"
FORMS = {
    "registration": "/register/resend",
    "booth application": "/booths/resend",
    "speaker": "/cfp/link",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def psycopg_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def prepare(database_url: str) -> None:
    """An event where KNOWN has a confirmed registration, a booth application and a proposal."""
    from config import TestingConfig
    from showcase import create_app
    from showcase.booths.services import applications
    from showcase.booths.services.settings import update_settings
    from showcase.core.db import unit_of_work
    from showcase.events.models import CityKind
    from showcase.events.services import create_city, create_event
    from showcase.extensions import db
    from showcase.program.services import proposals
    from showcase.registration.services import organiser, registrations

    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        db.create_all()
        now = datetime.now(UTC)
        event = create_event(
            EVENT,
            name_en="Benchmark Showcase",
            starts_on=date(2027, 1, 26),
            ends_on=date(2027, 1, 28),
            registration_opens_at=now - timedelta(hours=1),
            registration_closes_at=now + timedelta(days=1),
            cfp_opens_at=now - timedelta(hours=1),
            cfp_closes_at=now + timedelta(days=1),
        )
        city = create_city(name_en="Khon Kaen", country_code="TH", kind=CityKind.THAI_MEMBER)
        category = organiser.save_category(event, {"code": "visitor", "name_en": "Visitor"})
        db.session.commit()
        with unit_of_work():
            update_settings(event, now - timedelta(days=1), now + timedelta(days=1), 1)
        registrations.register(
            event,
            {
                "full_name": "Somchai Jaidee",
                "email": KNOWN,
                "city": str(city.id),
                "category": str(category.id),
                "language": "en",
                "consent": True,
            },
        )
        db.session.commit()
        with unit_of_work():
            application = applications.submit_application(
                event,
                city.id,
                {
                    "contact_name": "Somchai Jaidee",
                    "contact_email": KNOWN,
                    "contact_phone": "+66 43 123 456",
                    "organisation": "Khon Kaen City Development",
                    "title_en": "Khon Kaen Light Rail",
                    "description_en": "The city's light rail.",
                    "dimensions": ["mobility"],
                    "preferred_zone": "mobility",
                    "space_sqm": 9,
                    "consent": True,
                },
                language="en",
            )
            applications.mark_confirmed(application)
        proposals.submit_proposal(
            event,
            {
                "name": "Somchai Jaidee",
                "email": KNOWN,
                "title_en": "Light rail for a mid-sized city",
                "abstract_en": "How five municipalities built a light rail together.",
                "session_type": "talk",
                "track": "mobility",
                "language": "en",
                "consent": True,
            },
            "en",
        )
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def start_server(database_url: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "SHOWCASE_CONFIG": "development",
        "DATABASE_URL": database_url,
        "RATELIMIT_ENABLED": "false",
        "MAIL_DELIVERY": "false",
        "LOG_LEVEL": "WARNING",
    }
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    command = [gunicorn, "--bind", f"127.0.0.1:{port}", "--workers", "1", "wsgi:app"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1):  # noqa: S310
                return process, base
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("gunicorn did not start")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def timed_post(opener, url: str, address: str) -> float:
    with opener.open(url, timeout=30) as response:
        page = response.read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"email": address, "csrf_token": token}).encode()
    started = time.perf_counter()
    try:
        with opener.open(url, data=body, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    elapsed = time.perf_counter() - started
    if status not in (302, 303):
        raise SystemExit(f"{url} answered {status}")
    return elapsed * 1000


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", help="a PostgreSQL server URL (default: SQLite)")
    parser.add_argument("--rounds", type=int, default=100, help="posts per form and address")
    args = parser.parse_args()

    scratch = None
    if args.database:
        admin = create_engine(psycopg_url(args.database), isolation_level="AUTOCOMMIT")
        scratch = f"showcase_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{scratch}"'))
        database_url = psycopg_url(args.database).rsplit("/", 1)[0] + f"/{scratch}"
    else:
        directory = tempfile.mkdtemp(prefix="showcase-bench-")
        database_url = f"sqlite:///{directory}/bench.db"
    prepare(database_url)
    process, base = start_server(database_url)
    try:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )
        print(f"{args.rounds} posts per form and address, one at a time, POST only (ms)")
        print(f"{'form':<20}{'address':<10}{'median':>9}{'p90':>9}")
        for name, path in FORMS.items():
            url = f"{base}/{EVENT}{path}"
            timings: dict[str, list[float]] = {"known": [], "unknown": []}
            for _ in range(5):  # warm up
                timed_post(opener, url, f"warm-{uuid.uuid4().hex[:6]}@nowhere.example")
            for number in range(args.rounds):
                timings["known"].append(timed_post(opener, url, KNOWN))
                stranger = f"nobody{number}@nowhere.example"
                timings["unknown"].append(timed_post(opener, url, stranger))
            for label, values in timings.items():
                print(f"{name:<20}{label:<10}{statistics.median(values):>9.2f}{p90(values):>9.2f}")
            difference = statistics.median(timings["known"]) - statistics.median(timings["unknown"])
            print(f"{'':<20}{'known - unknown':<18}{difference:>+.2f} ms (median)")
    finally:
        process.terminate()
        process.wait(timeout=10)
        if scratch:
            with admin.connect() as connection:
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": scratch},
                )
                connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}"'))
            admin.dispose()


if __name__ == "__main__":
    main()
