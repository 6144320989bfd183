"""The door under load: badge scans sent to the check-in endpoint through gunicorn on
PostgreSQL, as phones at several gates send them, beside the ceiling of the same machine.

Creates a fresh PostgreSQL database with an event, two main-entrance gates and ``--people``
confirmed registrations (written in bulk: the bench times scanning, not registering), starts
gunicorn with the settings of the other benches (``--workers`` gthread workers × ``--threads``),
signs ``--clients`` phones in as check-in staff and then:

1. paced: the phones together send ``--rate`` scans per second for ``--seconds`` (one scan per
   request, as a phone online does; one badge in ten is shown a second time, as happens at a
   gate) and it reports the rate achieved, p50/p95/p99 latency and errors;
2. flat out: the phones send scans as fast as the server answers for ``--seconds``;
3. the ceiling: a bare Flask app with one view returning "hello", under the same gunicorn
   settings, loaded the same way by the same clients.

At the end it checks that nobody was checked in twice (one admitted scan per person and day).
Drops the database. Needs no internet; rate limits are off (every phone shares one address).

    .venv/bin/python bench/checkin_bench.py \\
        --database postgresql://postgres@127.0.0.1:5432/postgres --rate 20 --seconds 30
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, insert, text  # noqa: E402

SECRET_KEY = "bench-secret-key-" + "x" * 32
PASSWORD = "correct-horse-battery-1"  # noqa: S105 - the bench's own account


def hello_app():
    """The ceiling: a bare Flask app with one view (gunicorn 'bench.checkin_bench:hello_app()')."""
    from flask import Flask

    app = Flask("hello")

    @app.get("/hello")
    def hello():
        return "hello"

    return app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def psycopg_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def prepare(database_url: str, people: int, clients: int) -> tuple[list[int], list[str]]:
    """The event, its gates, the people and the phones' accounts; (gate ids, badge payloads)."""
    from config import TestingConfig
    from showcase import create_app
    from showcase.accounts.services import create_user
    from showcase.checkin.services import gates
    from showcase.core.db import unit_of_work
    from showcase.events.services import create_event
    from showcase.extensions import db
    from showcase.registration.models import Registration, RegistrationState
    from showcase.registration.services import organiser
    from showcase.registration.services.badges import badge_payload

    app = create_app(
        TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": SECRET_KEY}
    )
    with app.app_context():
        db.create_all()
        now = datetime.now(UTC)
        today = now.date()
        event = create_event(
            "bench2027",
            name_en="Benchmark Showcase",
            starts_on=today - timedelta(days=1),
            ends_on=today + timedelta(days=1),
            registration_opens_at=now - timedelta(days=30),
            registration_closes_at=now + timedelta(days=1),
        )
        db.session.commit()
        with unit_of_work(lock=True):
            category = organiser.save_category(
                event, {"code": "delegate", "name_en": "City delegate", "capacity": None}
            )
            made = [
                gates.save_gate(event, {"name_en": f"Gate {n}", "kind": "main"}) for n in (1, 2)
            ]
            for n in range(clients):
                create_user(f"phone{n}@bench.example", "checkin", PASSWORD, name=f"Phone {n}")
        gate_ids = [gate.id for gate in made]
        db.session.execute(
            insert(Registration),
            [
                {
                    "event_id": event.id,
                    "category_id": category.id,
                    "state": RegistrationState.CONFIRMED,
                    "email": f"delegate{n}@bench.example",
                    "full_name": f"Delegate {n}",
                    "full_name_th": f"ผู้แทน {n}",
                    "consent_version": "2026-11",
                    "consent_at": now,
                    "email_confirmed_at": now,
                    "badge_code": uuid.uuid4().hex[:8].upper(),
                    "language": "en",
                }
                for n in range(people)
            ],
        )
        db.session.commit()
        payloads = [badge_payload(r) for r in db.session.scalars(db.select(Registration))]
        db.session.remove()
        db.engine.dispose()
    return gate_ids, payloads


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Phone:
    """A signed-in check-in phone: its cookies and its CSRF token."""

    def __init__(self, base: str, email: str, acronym: str, gate: int):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )
        page = self.get("/manage/login")[1]
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        status = self.post_form(
            "/manage/login", {"csrf_token": token, "email": email, "password": PASSWORD}
        )
        assert status == 303, f"sign-in answered {status}"
        page = self.get(f"/manage/{acronym}/checkin/scan?gate={gate}")[1]
        self.token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
        self.url = f"/manage/{acronym}/checkin/scans"
        self.gate = gate

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post_form(self, path: str, data: dict) -> int:
        body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def scan(self, payload: str) -> tuple[int, str]:
        scan = {
            "scan_id": uuid.uuid4().hex,
            "gate": self.gate,
            "payload": payload,
            "scanned_at": datetime.now(UTC).isoformat(),
        }
        request = urllib.request.Request(  # noqa: S310 - our own server
            self.base + self.url,
            data=json.dumps({"scans": [scan]}).encode(),
            headers={"Content-Type": "application/json", "X-CSRFToken": self.token},
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, json.loads(response.read())["results"][0]["result"]
        except urllib.error.HTTPError as error:
            return error.code, ""


def start_gunicorn(app: str, env: dict, args) -> tuple[subprocess.Popen, str]:
    port = free_port()
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
        app,
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    probe = "/hello" if "hello" in app else "/healthz"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + probe, timeout=1).close()  # noqa: S310
            break
        except OSError:
            time.sleep(0.2)
    return process, base


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def load(work, clients: int, seconds: float, rate: float | None):
    """``clients`` threads call ``work(index)`` for ``seconds``; paced to ``rate`` calls per
    second in all when given, else as fast as answered. (latencies, outcomes, elapsed)."""
    lock = threading.Lock()
    times: list[float] = []
    outcomes: Counter = Counter()
    begun = time.perf_counter()
    end = begun + seconds
    interval = clients / rate if rate else 0.0

    def client(index: int) -> None:
        next_at = begun + (index * interval / clients if rate else 0.0)
        while True:
            now = time.perf_counter()
            if rate:
                if next_at > now:
                    time.sleep(next_at - now)
                next_at += interval
            if time.perf_counter() >= end:
                return
            started = time.perf_counter()
            outcome = work(index)
            elapsed = time.perf_counter() - started
            with lock:
                times.append(elapsed)
                outcomes[outcome] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, outcomes, time.perf_counter() - begun


def report(label: str, times: list[float], outcomes: Counter, elapsed: float) -> None:
    print(
        f"{label:<34}: {len(times)} in {elapsed:.1f} s = {len(times) / elapsed:.1f}/s, "
        f"p50 {pct(times, 0.5):.0f} ms, p95 {pct(times, 0.95):.0f} ms, "
        f"p99 {pct(times, 0.99):.0f} ms; {dict(outcomes)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=8, help="phones scanning at once")
    parser.add_argument("--rate", type=float, default=20.0, help="scans per second, paced run")
    parser.add_argument("--seconds", type=float, default=30.0)
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
    processes = []
    engine = create_engine(database_url)
    try:
        gate_ids, payloads = prepare(database_url, args.people, args.clients)
        env = {
            **os.environ,
            "SHOWCASE_CONFIG": "development",
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET_KEY,
            "MAIL_DELIVERY": "false",
            "RATELIMIT_ENABLED": "false",
            "LOG_LEVEL": "WARNING",
        }
        gunicorn, base = start_gunicorn("wsgi:app", env, args)
        processes.append(gunicorn)
        phones = [
            Phone(base, f"phone{n}@bench.example", "bench2027", gate_ids[n % 2])
            for n in range(args.clients)
        ]
        queue = list(payloads)
        random.Random(7).shuffle(queue)
        shown = []
        lock = threading.Lock()

        def scan(index: int) -> str:
            with lock:
                # One badge in ten is shown again (a second scan the same morning).
                if shown and len(shown) % 10 == 9:
                    payload = random.choice(shown)
                else:
                    payload = queue.pop() if queue else random.choice(shown)
                shown.append(payload)
            status, result = phones[index].scan(payload)
            return result if status == 200 else f"http {status}"

        print(
            f"{args.people} confirmed badges, {args.clients} phones at 2 gates, "
            f"gunicorn {args.workers} workers x {args.threads} threads, PostgreSQL"
        )
        report(
            f"paced at {args.rate:g} scans/s",
            *load(scan, args.clients, args.seconds, args.rate),
        )
        report("flat out", *load(scan, args.clients, args.seconds, None))
        gunicorn.terminate()
        gunicorn.wait(timeout=10)
        processes.remove(gunicorn)
        ceiling, hello_base = start_gunicorn("bench.checkin_bench:hello_app()", env, args)
        processes.append(ceiling)

        def hello(index: int) -> str:
            with urllib.request.urlopen(hello_base + "/hello", timeout=60) as response:  # noqa: S310
                return str(response.status)

        report("ceiling: hello, flat out", *load(hello, args.clients, args.seconds, None))
        with engine.connect() as connection:
            twice = connection.execute(
                text(
                    "SELECT count(*) FROM (SELECT registration_id, entry_day FROM checkin_scan "
                    "WHERE entry_day IS NOT NULL GROUP BY registration_id, entry_day "
                    "HAVING count(*) > 1) AS t"
                )
            ).scalar_one()
            results = dict(
                connection.execute(
                    text("SELECT result, count(*) FROM checkin_scan GROUP BY result")
                ).all()
            )
        print(f"scans recorded: {results}; people checked in twice the same day: {twice}")
        if twice:
            sys.exit(1)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
        engine.dispose()
        from tests.helpers import drop_postgres_database

        drop_postgres_database(admin, name)
        admin.dispose()


if __name__ == "__main__":
    main()
