"""Registration + confirmation through gunicorn on PostgreSQL, many clients at once.

Creates a fresh PostgreSQL database, an event with a category of ``--capacity`` seats, starts
gunicorn (``--workers`` processes) on it, and lets ``--clients`` concurrent clients each register
(GET the form for its CSRF token, POST it) and open their confirmation link, which they read
from the outbox the way a mail client would. Prints registrations per second, p50 and p99 of the
two requests together, and the final counts that prove no overbooking. Drops the database at
the end. Needs no internet; rate limits are switched off (every client shares one address).

    .venv/bin/python bench/registration_bench.py \\
        --database postgresql://postgres@127.0.0.1:5432/postgres --clients 32 --people 2000
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
import threading
import time
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, select, text  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def psycopg_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def prepare(database_url: str, capacity: int, city_cap: int | None) -> list[int]:
    from config import TestingConfig
    from showcase import create_app
    from showcase.core.db import unit_of_work
    from showcase.events.models import City, CityKind
    from showcase.events.services import create_city, create_event
    from showcase.extensions import db
    from showcase.registration.services import organiser
    from showcase.registration.services.settings import update_settings

    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        db.create_all()
        now = datetime.now(UTC)
        event = create_event(
            "bench2027",
            name_en="Benchmark Showcase",
            starts_on=date(2027, 1, 26),
            ends_on=date(2027, 1, 28),
            registration_opens_at=now - timedelta(hours=1),
            registration_closes_at=now + timedelta(days=1),
        )
        db.session.commit()
        with unit_of_work(lock=True):
            if city_cap:
                update_settings(event, city_cap, "2026-11")
            organiser.save_category(
                event, {"code": "delegate", "name_en": "City delegate", "capacity": capacity}
            )
        cities = [
            create_city(name_en=f"City {n}", country_code="TH", kind=CityKind.THAI_MEMBER)
            for n in range(4)
        ]
        db.session.commit()
        ids = [city.id for city in cities]
        db.session.scalars(select(City)).all()
        db.session.remove()
        db.engine.dispose()
        return ids


class Client:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect(),
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path: str, data: dict) -> int:
        body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def confirmation_secrets(engine, emails: set[str]) -> dict[str, str]:
    """The confirmation link of each address, read from the outbox like a mail client would."""
    found = {}
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT recipient, body_text FROM outbox_message "
                "WHERE template = 'registration/confirm'"
            )
        ).all()
    for recipient, body in rows:
        if recipient in emails:
            match = re.search(r"/register/confirm/([A-Za-z0-9_-]+)", body)
            if match:
                found[recipient] = match.group(1)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--capacity", type=int, default=1500)
    parser.add_argument("--city-cap", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads", type=int, default=4, help="gunicorn gthread threads per worker"
    )
    args = parser.parse_args()

    admin_url = psycopg_url(args.database)
    name = f"showcase_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    database_url = admin_url.rsplit("/", 1)[0] + "/" + name
    gunicorn = None
    engine = create_engine(database_url)
    try:
        city_ids = prepare(database_url, args.capacity, args.city_cap or None)
        port = free_port()
        env = {
            **os.environ,
            "SHOWCASE_CONFIG": "development",
            "DATABASE_URL": database_url,
            "MAIL_DELIVERY": "false",
            "RATELIMIT_ENABLED": "false",
            "LOG_LEVEL": "WARNING",
            "PUBLIC_URL": f"http://127.0.0.1:{port}",
        }
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(args.threads),
            "--log-level",
            "warning",
            "wsgi:app",
        ]
        gunicorn = subprocess.Popen(command, cwd=ROOT, env=env)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).close()  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        with engine.connect() as connection:
            category_id = connection.execute(
                text("SELECT id FROM registration_categories")
            ).scalar_one()

        people = list(range(args.people))
        lock = threading.Lock()
        register_times: list[float] = []
        failures: Counter = Counter()

        def register_worker():
            # Like a browser, each client loads the form once; its CSRF token stays valid for
            # the session, so the client registers everybody it is given with that token.
            client = Client(base)
            status, page = client.get("/bench2027/register")
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
            if status != 200 or token is None:
                failures["form"] += 1
                return
            while True:
                with lock:
                    if not people:
                        return
                    number = people.pop()
                started = time.perf_counter()
                status = client.post(
                    "/bench2027/register",
                    {
                        "csrf_token": token.group(1),
                        "full_name": f"Delegate {number}",
                        "email": f"delegate{number}@bench.example",
                        "city": str(city_ids[number % len(city_ids)]),
                        "category": str(category_id),
                        "language": "en",
                        "consent": "y",
                    },
                )
                if status != 303:
                    failures[f"register {status}"] += 1
                    continue
                with lock:
                    register_times.append(time.perf_counter() - started)

        confirm_times: list[float] = []

        def confirm_worker(queue: list[str]):
            client = Client(base)
            while True:
                with lock:
                    if not queue:
                        return
                    secret = queue.pop()
                started = time.perf_counter()
                status, _ = client.get(f"/bench2027/register/confirm/{secret}")
                if status != 303:
                    failures[f"confirm {status}"] += 1
                    continue
                with lock:
                    confirm_times.append(time.perf_counter() - started)

        def run(target, *extra):
            threads = [threading.Thread(target=target, args=extra) for _ in range(args.clients)]
            begun = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            return time.perf_counter() - begun

        register_seconds = run(register_worker)
        emails = {f"delegate{n}@bench.example" for n in range(args.people)}
        secrets = list(confirmation_secrets(engine, emails).values())
        confirm_seconds = run(confirm_worker, secrets)

        with engine.connect() as connection:
            states = dict(
                connection.execute(
                    text("SELECT state, count(*) FROM registrations GROUP BY state")
                ).all()
            )
            per_city_max = connection.execute(
                text(
                    "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM registrations "
                    "WHERE state = 'confirmed' GROUP BY city_id) AS c"
                )
            ).scalar_one()

        def pct(values, q):
            if not values:
                return float("nan")
            values = sorted(values)
            return values[min(len(values) - 1, int(q * len(values)))] * 1000

        total = register_seconds + confirm_seconds
        confirmed = states.get("confirmed", 0)
        print(f"clients {args.clients}, gunicorn {args.workers} workers x {args.threads} threads")
        print(
            f"register (POST)          : {len(register_times)} in {register_seconds:.1f} s "
            f"= {len(register_times) / register_seconds:.0f}/s, "
            f"p50 {pct(register_times, 0.5):.0f} ms, p99 {pct(register_times, 0.99):.0f} ms"
        )
        print(
            f"confirm (GET link):         {len(confirm_times)} in {confirm_seconds:.1f} s "
            f"= {len(confirm_times) / confirm_seconds:.0f}/s, "
            f"p50 {pct(confirm_times, 0.5):.0f} ms, p99 {pct(confirm_times, 0.99):.0f} ms"
        )
        both = [a + b for a, b in zip(sorted(register_times), sorted(confirm_times), strict=False)]
        print(
            f"registration + confirmation: {len(confirm_times) / total:.0f} people/s end to end, "
            f"p50 {pct(both, 0.5):.0f} ms, p99 {pct(both, 0.99):.0f} ms "
            f"(mean {statistics.mean(both) * 1000 if both else 0:.0f} ms)"
        )
        print(f"final counts: {states}; capacity {args.capacity}; largest city {per_city_max}")
        if failures:
            print(f"failures: {dict(failures)}")
        overbooked = confirmed > args.capacity or (args.city_cap and per_city_max > args.city_cap)
        print("OVERBOOKED" if overbooked else "no overbooking: confirmed <= capacity")
        if overbooked:
            sys.exit(1)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=10)
        engine.dispose()
        from tests.helpers import drop_postgres_database

        drop_postgres_database(admin, name)
        admin.dispose()


if __name__ == "__main__":
    main()
