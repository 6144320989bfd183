"""The audit log's cost: the same change with and without its entries, and the audit page over
a large log.

Builds a temporary SQLite database (or uses ``--database-url``, an empty PostgreSQL database),
then

1. imports ``--count`` cities from one CSV file through ``events.services.import_cities_csv``
   (the code the organisers' import runs), once outside the log and once inside ``audited``
   (an entry per city), and prints both times and the difference per row;
2. fills the log to ``--entries`` entries and times the administrators' page (first page of
   the event's entries, with its count) and a filtered page, through the test client.

    .venv/bin/python bench/audit_bench.py --count 1000 --entries 50000
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


def cities_csv(count: int, prefix: str) -> bytes:
    lines = ["name_en,name_th,province_en,province_th,country_code,kind,city_possible_member"]
    lines += [
        f"{prefix} {n},เมือง {n},Province {n},จังหวัด {n},TH,thai_member,no" for n in range(count)
    ]
    return ("\n".join(lines) + "\n").encode()


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=50000)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    import sqlalchemy as sa

    from showcase import create_app
    from showcase.core.audit import AuditAction, AuditEntry, audited
    from showcase.core.db import unit_of_work
    from showcase.events.services import create_event, import_cities_csv
    from showcase.extensions import db
    from tests import factories

    folder = tempfile.mkdtemp()
    url = args.database_url or f"sqlite:///{folder}/audit-bench.db"
    overrides = {"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False}
    app = create_app(overrides={**overrides, "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        with unit_of_work():
            event = create_event(
                "bench2027",
                name_en="World Smart City Showcase 2027",
                starts_on=date(2027, 1, 26),
                ends_on=date(2027, 1, 28),
            )
        plain = timed(lambda: _import(unit_of_work, import_cities_csv, cities_csv(args.count, "A")))
        with audited("bench@showcase.example"):
            logged = timed(
                lambda: _import(unit_of_work, import_cities_csv, cities_csv(args.count, "B"))
            )
        recorded = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
        print(f"import of {args.count} cities: {plain:.2f} s without the log")
        print(f"import of {args.count} cities: {logged:.2f} s with the log ({recorded} entries)")
        print(f"cost of the log: {(logged - plain) / args.count * 1000:.2f} ms per row")

        now = datetime.now(UTC)
        rows = [
            {
                "at": now - timedelta(minutes=n),
                "event_id": event.id if n % 3 else None,
                "user_id": 1,
                "user_email": f"organiser{n % 7}@showcase.example",
                "user_role": "organiser",
                "remote_addr": "10.0.0.1",
                "request_id": f"{n:032x}",
                "action": AuditAction.UPDATE,
                "object_kind": "registrations",
                "object_id": str(n % 5000),
                "object_label": f"Person {n}",
                "changes": {"state": ["confirmed", "cancelled"]},
            }
            for n in range(max(args.entries - recorded, 0))
        ]
        with unit_of_work():
            for start in range(0, len(rows), 5000):
                db.session.execute(sa.insert(AuditEntry.__table__), rows[start : start + 5000])
        factories.user("admin", "bench-admin@showcase.example")
    client = app.test_client()
    signed_in = client.post(
        "/manage/login",
        data={"email": "bench-admin@showcase.example", "password": factories.PASSWORD},
    )
    assert signed_in.status_code == 303, signed_in.status_code
    for label, query in (
        ("first page", {}),
        ("filtered by person and object", {"person": "organiser3", "kind": "registrations"}),
        ("filtered by object id", {"kind": "registrations", "object_id": "42"}),
    ):
        assert client.get("/manage/bench2027/audit/", query_string=query).status_code == 200
        runs = [
            timed(lambda q=query: client.get("/manage/bench2027/audit/", query_string=q))
            for _ in range(5)
        ]
        runs.sort()
        print(f"audit page over {args.entries} entries, {label}: median {runs[2] * 1000:.0f} ms")


def _import(unit_of_work, import_cities_csv, data: bytes) -> None:
    with unit_of_work():
        import_cities_csv(data)


if __name__ == "__main__":
    main()
