"""The published schedule under load: 300 sessions in 10 rooms over 3 days, gunicorn, many clients.

Builds a database (a temporary SQLite file, or ``--database`` PostgreSQL), publishes the schedule,
starts gunicorn with ``--workers`` processes on the real app plus one minimal view
(``/bench/ceiling``, the most a request through this app and server can go), and measures with
``--connections`` concurrent clients requests per second and latency (p50, p99) of:

    /bench/ceiling (the ceiling), /<event>/schedule/, /<event>/schedule.json,
    /<event>/schedule.ics and one session page.

    .venv/bin/python bench/schedule_bench.py --connections 16 --seconds 8

The load comes from ``--processes`` client processes with threads each, on the same machine.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EVENT = "bench2027"
ROOMS = 10
SESSIONS = 300
DAYS = 3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ceiling_app():
    """The real app plus one view that does nothing (``bench.schedule_bench:ceiling_app()``)."""
    from showcase import create_app

    app = create_app()

    @app.get("/bench/ceiling")
    def ceiling():
        return "ok"

    return app


def prepare(database_url: str) -> str:
    """The event, its rooms, speakers and sessions, placed and published; returns a session code."""
    from config import TestingConfig
    from showcase import create_app
    from showcase.events.services import create_event
    from showcase.extensions import db
    from showcase.program.models import (
        ProgramSession,
        Room,
        SessionLanguage,
        SessionState,
        SessionType,
        Speaker,
    )
    from showcase.schedule.models import SchedulePlacement
    from showcase.schedule.services.publishing import publish_release

    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        db.create_all()
        event = create_event(
            EVENT,
            name_en="Benchmark Showcase 2027",
            name_th="มหกรรมทดสอบ 2570",
            starts_on=date(2027, 1, 26),
            ends_on=date(2027, 1, 26) + timedelta(days=DAYS - 1),
        )
        rooms = [
            Room(
                event_id=event.id,
                name_en=f"Room {n + 1}",
                name_th=f"ห้อง {n + 1}",
                capacity=100 + 20 * n,
                position=n,
            )
            for n in range(ROOMS)
        ]
        db.session.add_all(rooms)
        speakers = [
            Speaker(
                event_id=event.id,
                code=f"SP{n:04d}",
                name=f"Speaker {n}",
                name_th=f"วิทยากร {n}",
                email=f"speaker{n}@bench.example",
                language="en",
            )
            for n in range(SESSIONS)
        ]
        db.session.add_all(speakers)
        db.session.flush()
        tz = ZoneInfo(event.timezone)
        tracks = event.tracks
        per_room_day = SESSIONS // (ROOMS * DAYS)
        number = 0
        for day in range(DAYS):
            for room in rooms:
                for slot in range(per_room_day):
                    start = datetime.combine(
                        event.starts_on + timedelta(days=day), clock(9), tzinfo=tz
                    ) + timedelta(minutes=45 * slot)
                    session = ProgramSession(
                        event_id=event.id,
                        code=f"S{number:05d}",
                        title_en=f"Smart city session {number}: lessons from city {number % 27}",
                        title_th=f"หัวข้อเมืองอัจฉริยะ {number}",
                        abstract_en="What the city built, what it learned and what comes next. "
                        * 4,
                        abstract_th="เมืองสร้างอะไร ได้เรียนรู้อะไร และจะทำอะไรต่อ " * 4,
                        session_type=SessionType.TALK if number % 5 else SessionType.PANEL,
                        language=SessionLanguage.EN if number % 3 else SessionLanguage.TH,
                        duration_minutes=40,
                        state=SessionState.CONFIRMED,
                        track=tracks[number % len(tracks)],
                    )
                    session.speakers = [speakers[number], speakers[(number + 7) % SESSIONS]]
                    db.session.add(session)
                    db.session.flush()
                    db.session.add(
                        SchedulePlacement(
                            event_id=event.id,
                            session_id=session.id,
                            room_id=room.id,
                            starts_at=start.astimezone(UTC),
                        )
                    )
                    number += 1
        db.session.commit()
        release = publish_release(event, "1.0", "Benchmark")
        code = release.payload["sessions"][len(release.payload["sessions"]) // 2]["code"]
        db.session.remove()
        db.engine.dispose()
    return code


def start_gunicorn(database_url: str, workers: int) -> tuple[subprocess.Popen, str]:
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
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [
            str(gunicorn),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "bench.schedule_bench:ceiling_app()",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as response:  # noqa: S310
                if response.status == 200:
                    return process, base
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def _client(args) -> list[float]:
    """One client process: ``threads`` connections requesting ``path`` until ``stop_at``."""
    port, path, threads, stop_at = args
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def run():
        mine = []
        connection = None
        while time.time() < stop_at:
            begin = time.perf_counter()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request(
                    "GET", path, headers={"Accept-Language": "en", "Accept-Encoding": "gzip"}
                )
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
                if response.getheader("Connection", "").lower() == "close" or response.will_close:
                    connection.close()
                    connection = None
            except OSError:
                errors[0] += 1
                connection = None
                continue
            mine.append(time.perf_counter() - begin)
        with lock:
            latencies.extend(mine)

    pool = [threading.Thread(target=run) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return [*latencies, -float(errors[0])]


def measure(port: int, path: str, connections: int, processes: int, seconds: float) -> dict:
    threads = max(1, connections // processes)
    stop_at = time.time() + seconds
    with multiprocessing.Pool(processes) as pool:
        results = pool.map(_client, [(port, path, threads, stop_at)] * processes)
    latencies = sorted(x for result in results for x in result if x >= 0)
    errors = int(-sum(x for result in results for x in result if x < 0))
    count = len(latencies)
    return {
        "path": path,
        "requests": count,
        "errors": errors,
        "rps": count / seconds,
        "p50": statistics.median(latencies) * 1000 if latencies else 0,
        "p99": latencies[min(count - 1, int(count * 0.99))] * 1000 if latencies else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", help="PostgreSQL server URL (default: a temporary SQLite)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--processes", type=int, default=4, help="client processes")
    parser.add_argument("--seconds", type=float, default=8.0)
    options = parser.parse_args()
    options.connections = max(options.connections, options.processes)

    workdir = tempfile.mkdtemp(prefix="schedule-bench-")
    database_url = options.database or f"sqlite:///{workdir}/bench.db"
    print(f"Preparing {SESSIONS} sessions in {ROOMS} rooms over {DAYS} days …", flush=True)
    code = prepare(database_url)
    process, base = start_gunicorn(database_url, options.workers)
    port = int(base.rsplit(":", 1)[1])
    paths = [
        "/bench/ceiling",
        f"/{EVENT}/schedule/",
        f"/{EVENT}/schedule.json",
        f"/{EVENT}/schedule.ics",
        f"/{EVENT}/sessions/{code}/",
    ]
    try:
        for path in paths:  # warm every worker's release cache
            for _ in range(options.workers * 4):
                urllib.request.urlopen(base + path, timeout=10).read()  # noqa: S310
        print(
            f"gunicorn {options.workers} workers, {options.connections} connections, "
            f"{options.seconds:g} s per address\n"
        )
        print(
            f"{'address':<34}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'of ceiling':>12}{'errors':>8}"
        )
        ceiling = None
        for path in paths:
            result = measure(port, path, options.connections, options.processes, options.seconds)
            if ceiling is None:
                ceiling = result["rps"]
            share = result["rps"] / ceiling if ceiling else 0
            print(
                f"{path:<34}{result['rps']:>9.0f}{result['p50']:>9.1f}{result['p99']:>9.1f}"
                f"{share:>11.0%}{result['errors']:>8}",
                flush=True,
            )
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
