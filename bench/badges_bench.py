"""A print run of 3,000 badges: the time of the one request's work (choosing the badges, their QR
codes, one HTML document rendered by WeasyPrint, the print log written) and the PDF's pages.

Builds a temporary SQLite database with an event, twelve cities (Thai and international) and
``--badges`` confirmed registrations with names in both scripts (written in bulk: the bench
times printing, not registering), then runs ``badges.services.printing.print_run`` as the print
page does, once per layout asked for. Prints, per layout: seconds, the CPU seconds of the run
(this process and the rendering processes it starts, one per CPU: on a machine shared with other
work the CPU time divided by the number of CPUs says what an idle machine would take), pages,
badges per second, the PDF's size, and how long the QR codes alone took.

    .venv/bin/python bench/badges_bench.py                    # 3,000 badges, A4 sheets
    .venv/bin/python bench/badges_bench.py --layout a6 --layout cr80 --badges 1000
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST = (
    ("Somchai", "สมชาย"),
    ("Suda", "สุดา"),
    ("Pimchanok", "พิมพ์ชนก"),
    ("Kittisak", "กิตติศักดิ์"),
    ("Teerasak", "ธีระศักดิ์"),
    ("Wichai", "วิชัย"),
)
LAST = (
    ("Jaidee", "ใจดี"),
    ("Srisuk", "ศรีสุข"),
    ("Thongdee", "ทองดี"),
    ("Rattanakul", "รัตนกุล"),
    ("Teecharoen", "ทีฆายุพันธุ์"),
)
CITIES = (
    ("Khon Kaen", "ขอนแก่น", "TH"),
    ("Phuket", "ภูเก็ต", "TH"),
    ("Chiang Mai", "เชียงใหม่", "TH"),
    ("Bangkok", "กรุงเทพมหานคร", "TH"),
    ("Rayong", "ระยอง", "TH"),
    ("Chon Buri", "ชลบุรี", "TH"),
    ("Yokohama", "โยโกฮามา", "JP"),
    ("Singapore", "สิงคโปร์", "SG"),
    ("Łódź", "ลอดซ์", "PL"),
    ("Medellín", "เมเดยิน", "CO"),
    ("Kigali", "คิกาลี", "RW"),
    ("Melbourne", "เมลเบิร์น", "AU"),
)


def prepare(app, badges: int) -> None:
    from showcase.core.db import unit_of_work
    from showcase.core.tokens import random_code
    from showcase.events.models import CityKind
    from showcase.events.services import create_city, create_event
    from showcase.extensions import db
    from showcase.registration.models import Registration, RegistrationState
    from showcase.registration.services import organiser

    with app.app_context():
        db.create_all()
        now = datetime.now(UTC)
        with unit_of_work(lock=True):
            event = create_event(
                "bench2027",
                name_en="World Smart City Showcase 2027",
                name_th="มหกรรมเมืองอัจฉริยะโลก 2570",
                starts_on=date(2027, 1, 26),
                ends_on=date(2027, 1, 28),
                venue_en="Queen Sirikit National Convention Center",
                contact_email="showcase@depa.example",
                registration_opens_at=now - timedelta(days=1),
                registration_closes_at=now + timedelta(days=30),
                cfp_opens_at=now - timedelta(days=1),
                cfp_closes_at=now + timedelta(days=30),
            )
            categories = [
                organiser.save_category(
                    event, {"code": code, "name_en": name, "name_th": name_th, "badge_kind": kind}
                )
                for code, name, name_th, kind in (
                    ("delegate", "City delegate", "ผู้แทนเมือง", "delegate"),
                    ("speaker", "Speaker", "วิทยากร", "speaker"),
                    ("media", "Media", "สื่อมวลชน", "media"),
                )
            ]
            cities = [
                create_city(
                    name_en=name,
                    name_th=name_th,
                    country_code=country,
                    kind=CityKind.THAI_MEMBER if country == "TH" else CityKind.INTERNATIONAL,
                    city_possible_member=True,
                )
                for name, name_th, country in CITIES
            ]
            db.session.flush()
            rows = []
            for number in range(badges):
                first, first_th = FIRST[number % len(FIRST)]
                last, last_th = LAST[(number // len(FIRST)) % len(LAST)]
                rows.append(
                    {
                        "event_id": event.id,
                        "category_id": categories[number % 7 % 3].id,
                        "state": RegistrationState.CONFIRMED,
                        "email": f"person{number}@bench.example",
                        "full_name": f"{first} {last} {number}",
                        "full_name_th": f"{first_th} {last_th}",
                        "organisation": "City Development Office",
                        "job_title": "Director",
                        "city_id": cities[number % len(cities)].id,
                        "consent_version": "2026-11",
                        "consent_at": now,
                        "email_confirmed_at": now,
                        "badge_code": random_code(8),
                        "language": "en",
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            db.session.execute(db.insert(Registration), rows)


def cpu_seconds() -> float:
    """CPU time of this process and of the rendering processes it started and waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--badges", type=int, default=3000)
    parser.add_argument("--layout", action="append", choices=("a6", "a4_sheet", "cr80"))
    args = parser.parse_args()

    from pypdf import PdfReader

    from config import TestingConfig
    from showcase import create_app
    from showcase.badges.models import BadgeLayout
    from showcase.badges.services import printing, selection
    from showcase.badges.sheets import qr_image
    from showcase.core.db import unit_of_work
    from showcase.events.services import get_event
    from showcase.extensions import db
    from showcase.registration.services.badges import badge_payload

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url})
        started = time.perf_counter()
        prepare(app, args.badges)
        seconds = time.perf_counter() - started
        print(f"{args.badges} confirmed registrations written in {seconds:.1f} s")
        with app.test_request_context():
            event = get_event("bench2027")
            rows = selection.badge_rows(event, selection.BadgeFilters())
            started = time.perf_counter()
            for row in rows:
                qr_image(badge_payload(row.registration))
            qr_seconds = time.perf_counter() - started
            db.session.rollback()
            for name in args.layout or ["a4_sheet"]:
                layout = BadgeLayout(name)
                started, cpu = time.perf_counter(), cpu_seconds()
                with unit_of_work():
                    printed = printing.print_run(
                        event, selection.BadgeFilters(), layout, "bench@showcase.example"
                    )
                seconds = time.perf_counter() - started
                cpu = cpu_seconds() - cpu
                pages = len(PdfReader(io.BytesIO(printed.pdf)).pages)
                print(
                    f"{layout.value:>8}: {printed.count} badges in {seconds:.1f} s "
                    f"({printed.count / seconds:.0f} badges/s; {cpu:.1f} s of CPU), {pages} pages, "
                    f"{len(printed.pdf) / 1e6:.1f} MB; QR codes alone {qr_seconds:.1f} s"
                )


if __name__ == "__main__":
    main()
