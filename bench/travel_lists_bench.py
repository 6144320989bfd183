"""The organisers' travel lists, timed with their data at a large event's size.

Builds a temporary SQLite database (or ``--database`` PostgreSQL, where a scratch database is
made and dropped) with ``--people`` confirmed registrations from abroad, each with a travel plan
over five days and three airports and a partner hotel, signs an organiser in and requests each
list ``--rounds`` times in the same process (the Flask test client: no network, no server), one
request at a time. Beside them, in the same run and the same app, the ceiling: a view that
returns "hello". Prints the median and p90 of each, in milliseconds, and the rows each list has.

    .venv/bin/python bench/travel_lists_bench.py --people 2000 --rounds 30
    .venv/bin/python bench/travel_lists_bench.py --database postgresql://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

EVENT = "bench2027"
START = date(2027, 1, 26)
AIRPORTS = ("BKK", "BKK", "BKK", "DMK", "HKT")


def psycopg_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def build(app, people: int) -> None:
    from showcase.accounts.services import create_user
    from showcase.core.db import unit_of_work
    from showcase.events.models import City, CityKind
    from showcase.events.services import create_event
    from showcase.extensions import db
    from showcase.registration.models import Registration, RegistrationState
    from showcase.registration.services import organiser
    from showcase.travel.models import TravelPlan
    from showcase.travel.services.hotels import save_hotel

    rng = random.Random(2027)
    with app.app_context():
        db.create_all()
        now = datetime.now(UTC)
        with unit_of_work(lock=True):
            event = create_event(
                EVENT,
                name_en="Bench Showcase 2027",
                name_th="",
                starts_on=START,
                ends_on=START + timedelta(days=2),
                venue_en="Queen Sirikit National Convention Center",
                venue_th="",
                contact_email="bench@depa.example",
                registration_opens_at=now - timedelta(days=1),
                registration_closes_at=now + timedelta(days=30),
                cfp_opens_at=now - timedelta(days=1),
                cfp_closes_at=now + timedelta(days=30),
            )
            category = organiser.save_category(
                event, {"code": "delegate", "name_en": "Delegate", "name_th": "", "is_open": True}
            )
            city = City(
                name_en="Yokohama",
                name_th="โยโกฮามา",
                country_code="JP",
                kind=CityKind.INTERNATIONAL,
            )
            db.session.add(city)
            hotels = [
                save_hotel(event, {"name_en": f"Partner hotel {n}", "position": n})
                for n in range(5)
            ]
            create_user("bench@showcase.example", "organiser", "correct-horse-1", "Bench")
        # Bench data written straight to the tables: the services would take minutes for this.
        with unit_of_work():
            for n in range(people):
                registration = Registration(
                    event_id=event.id,
                    category_id=category.id,
                    state=RegistrationState.CONFIRMED,
                    email=f"person{n}@bench.example",
                    full_name=f"Person {n:05d}",
                    full_name_th=f"บุคคล {n}",
                    city_id=city.id,
                    consent_version="2026-11",
                    consent_at=now,
                    badge_code=uuid.uuid4().hex[:12],
                )
                db.session.add(registration)
                db.session.flush()
                arrival = START - timedelta(days=rng.choice((2, 1, 1, 0)))
                departure = START + timedelta(days=rng.choice((2, 3, 3, 4)))
                db.session.add(
                    TravelPlan(
                        registration_id=registration.id,
                        arrival_on=arrival,
                        arrival_at=datetime.combine(arrival, datetime.min.time(), UTC)
                        + timedelta(minutes=rng.randrange(0, 1440)),
                        arrival_flight=f"TG{rng.randrange(100, 999)}",
                        arrival_airport=rng.choice(AIRPORTS),
                        arrival_transfer=rng.random() < 0.7,
                        departure_on=departure,
                        departure_flight=f"TG{rng.randrange(100, 999)}",
                        departure_airport=rng.choice(AIRPORTS),
                        departure_transfer=rng.random() < 0.5,
                        hotel_id=rng.choice(hotels).id,
                    )
                )


def timed(client, url: str, rounds: int) -> tuple[float, float, int]:
    times = []
    size = 0
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.get_data())
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1], size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--database", default="")
    args = parser.parse_args()

    from config import TestingConfig
    from showcase import create_app

    scratch = None
    if args.database:
        name = f"showcase_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(psycopg_url(args.database), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        scratch = (admin, name)
        url = psycopg_url(args.database.rsplit("/", 1)[0] + "/" + name)
    else:
        folder = tempfile.mkdtemp(prefix="showcase-travel-bench-")
        url = f"sqlite:///{folder}/bench.db"
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})

    @app.get("/bench-hello")
    def hello():
        return "hello"

    try:
        started = time.perf_counter()
        build(app, args.people)
        took = time.perf_counter() - started
        print(f"{args.people} people's travel built in {took:.1f} s ({url.split(':')[0]})")
        client = app.test_client()
        response = client.post(
            "/manage/login", data={"email": "bench@showcase.example", "password": "correct-horse-1"}
        )
        assert response.status_code == 303
        day = (START - timedelta(days=1)).isoformat()
        pages = {
            "ceiling: hello": "/bench-hello",
            "overview and transfers": f"/manage/{EVENT}/travel/",
            f"arrivals manifest of {day}": f"/manage/{EVENT}/travel/arrivals?day={day}",
            "arrivals manifest, every day": f"/manage/{EVENT}/travel/arrivals",
            "arrivals CSV, every day": f"/manage/{EVENT}/travel/arrivals.csv",
            "who stays where": f"/manage/{EVENT}/travel/hotels",
        }
        print(f"{'page':32} {'median ms':>10} {'p90 ms':>10} {'bytes':>10}")
        for label, page in pages.items():
            median, p90, size = timed(client, page, args.rounds)
            print(f"{label:32} {median:10.1f} {p90:10.1f} {size:10d}")
    finally:
        if scratch is not None:
            with app.app_context():
                from showcase.extensions import db

                db.engine.dispose()
            admin, name = scratch
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
