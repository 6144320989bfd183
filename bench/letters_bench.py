"""Visa letters rendered to PDF: how long WeasyPrint takes per letter, English and bilingual.

Builds a temporary SQLite database with one event, its letterhead (with a logo) and ``--count``
issued letters (half of them with a Thai page), then renders every letter's PDF through
``letters.document.letter_pdf`` (the code the download links run) and prints the total time,
letters per second and the per-letter median and 95th percentile, beside the time of the
smallest PDF core/pdf.py can make (one line of text: the ceiling of one render).

    .venv/bin/python bench/letters_bench.py --count 500
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _logo() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (240, 80), (11, 61, 102)).save(out, "PNG")
    return out.getvalue()


def build(app, count: int) -> list[int]:
    from showcase.core.db import unit_of_work
    from showcase.events.services import create_event
    from showcase.extensions import db
    from showcase.letters.demo import LETTERHEAD
    from showcase.letters.models import LetterSettings, LetterState, VisaLetter
    from showcase.letters.services.issuing import letter_number, new_check_code
    from showcase.letters.services.settings import save_settings
    from showcase.registration.services import registrations
    from showcase.registration.services.organiser import save_category

    now = datetime.now(UTC)
    with app.app_context():
        db.create_all()
        with unit_of_work(lock=True):
            event = create_event(
                "bench2027",
                name_en="World Smart City Showcase 2027",
                name_th="มหกรรมเมืองอัจฉริยะโลก 2570",
                starts_on=date(2027, 1, 26),
                ends_on=date(2027, 1, 28),
                venue_en="Queen Sirikit National Convention Center",
                venue_th="ศูนย์การประชุมแห่งชาติสิริกิติ์",
                registration_opens_at=now - timedelta(days=1),
                registration_closes_at=now + timedelta(days=30),
            )
            category = save_category(
                event,
                {
                    "code": "visitor",
                    "name_en": "Visitor",
                    "name_th": "",
                    "capacity": None,
                    "is_open": True,
                },
            )
            save_settings(event, LETTERHEAD, logo=_logo())
        ids = []
        with unit_of_work(lock=True):
            settings = db.session.scalar(db.select(LetterSettings))
            for n in range(count):
                registration, _new = registrations.register(
                    event,
                    {
                        "full_name": f"Delegate {n:04d}",
                        "full_name_th": "",
                        "email": f"delegate{n}@bench.example",
                        "organisation": "City of Gothenburg",
                        "job_title": "Engineer",
                        "city": "other",
                        "other_country": "SE",
                        "other_city": "Gothenburg",
                        "category": str(category.id),
                        "invitation_code": "",
                        "dietary": "",
                        "accessibility": "",
                        "language": "en",
                        "consent": True,
                    },
                )
                settings.last_sequence += 1
                letter = VisaLetter(
                    event=event,
                    registration=registration,
                    state=LetterState.ISSUED,
                    passport_name=f"LINDQVIST ERIK {n:04d}",
                    passport_number=f"AA{n:07d}",
                    birth_date="1981-03-14",
                    nationality="SE",
                    arrives_on=date(2027, 1, 24),
                    departs_on=date(2027, 1, 29),
                    embassy="Royal Thai Embassy, Stockholm",
                    with_thai=n % 2 == 1,
                    number=letter_number(event, settings.last_sequence),
                    check_code=new_check_code(),
                    issued_at=now,
                )
                db.session.add(letter)
                db.session.flush()
                ids.append(letter.id)
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    args = parser.parse_args()

    from config import TestingConfig
    from showcase import create_app

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'letters-bench.db'}"
        app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url})
        ids = build(app, args.count)
        with app.app_context():
            from showcase.core.pdf import render_pdf
            from showcase.extensions import db
            from showcase.letters.document import letter_pdf
            from showcase.letters.models import VisaLetter

            render_pdf("<p>warm-up</p>")
            started = time.perf_counter()
            for _ in range(20):
                render_pdf("<p>Hello</p>")
            ceiling = (time.perf_counter() - started) / 20

            times, sizes = {False: [], True: []}, []
            total_started = time.perf_counter()
            for letter_id in ids:
                letter = db.session.get(VisaLetter, letter_id)
                started = time.perf_counter()
                pdf = letter_pdf(letter)
                times[letter.with_thai].append(time.perf_counter() - started)
                sizes.append(len(pdf))
                db.session.expunge_all()
            total = time.perf_counter() - total_started
            db.session.remove()
            db.engine.dispose()

    every = times[False] + times[True]
    print(f"letters rendered:        {len(every)}")
    print(f"total time:              {total:.1f} s ({len(every) / total:.1f} letters/s)")
    for thai, label in ((False, "English only"), (True, "English + Thai")):
        values = sorted(times[thai])
        if values:
            p95 = values[int(len(values) * 0.95) - 1]
            print(
                f"{label + ':':<24} median {statistics.median(values) * 1000:.0f} ms, "
                f"p95 {p95 * 1000:.0f} ms ({len(values)} letters)"
            )
    print(f"ceiling (one-line PDF):  {ceiling * 1000:.0f} ms")
    print(f"PDF size:                median {statistics.median(sizes) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
