"""Two app servers, two outbox workers, one PostgreSQL, one Redis: does Showcase hold together?

Creates a fresh PostgreSQL database (migrated with ``flask db upgrade``), starts two gunicorn
instances and two ``flask outbox work`` workers on it, a real SMTP server (aiosmtpd) in this
process, and runs the scenarios in ``SCENARIOS`` against both servers at once:

- booth applications sent to both servers together: the shared rate limit lets exactly as many
  through as one server would;
- every confirmation link clicked on both servers at the same moment: each application is
  confirmed once and its "received" email queued once;
- approvals of many applications for few booths, from both servers at once: never two exhibitors
  on one booth;
- registrations into a category of three seats sent to both servers at once, then every
  confirmation link clicked on both servers at once: exactly three confirmed, the rest waitlisted;
- failed sign-ins alternating between the servers: one shared limit.

Then every queued email must have reached the SMTP server exactly once. Prints figures, exits 1 on
the first failed check, and removes its processes and the database in every case.

    .venv/bin/python scripts/two_servers_check.py \\
        --database-url postgresql://postgres@127.0.0.1:5432/postgres --redis-url redis://127.0.0.1:6379/15

A new scenario (e.g. registrations) is one function ``def scenario(ctx: Context) -> dict`` that
raises ``CheckFailed`` and returns its figures, plus one entry in ``SCENARIOS``.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.stack import Mailbox as StackMailbox  # noqa: E402
from scripts.stack import Stack, StackFailed  # noqa: E402

EVENT = "wscs2027"
APPLY_LIMIT = 20  # booths/views.py: "20 per hour" on POST
LOGIN_LIMIT = 10  # accounts/views.py: "10 per minute" on POST


class CheckFailed(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


# A small browser ------------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Answer:
    status: int
    body: str
    location: str = ""


class Browser:
    """One visitor: its own cookies, no redirects followed."""

    def __init__(self, cookies: http.cookiejar.CookieJar | None = None) -> None:
        self.cookies = cookies if cookies is not None else http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def open(self, url: str, data: dict | None = None) -> Answer:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers={"Accept-Language": "en"})
        try:
            with self.opener.open(request, timeout=30) as response:
                return Answer(response.status, response.read().decode(), "")
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read().decode(), error.headers.get("Location", ""))

    def token(self, url: str, name: str = "csrf_token") -> str:
        page = self.open(url)
        match = re.search(rf'name="{name}" type="hidden" value="([^"]+)"', page.body)
        check(match is not None, f"no form token on {url} ({page.status})")
        return match.group(1)


# The SMTP server ------------------------------------------------------------------------------


class Mailbox(StackMailbox):
    def links(self, fragment: str) -> list[str]:
        found = []
        with self.lock:
            for message in self.messages:
                body = message.get_body(preferencelist=("plain",)).get_content()
                found += [url for url in re.findall(r"https?://\S+", body) if fragment in url]
        return found


# The world under test -------------------------------------------------------------------------


@dataclass
class Context:
    servers: list[str]
    database_url: str
    mailbox: Mailbox
    public_url: str
    organiser: Browser | None = None
    booth_ids: list[int] = field(default_factory=list)
    city_ids: list[int] = field(default_factory=list)
    figures: dict = field(default_factory=dict)

    def server(self, index: int) -> str:
        return self.servers[index % len(self.servers)]

    def local(self, url: str, index: int) -> str:
        """An emailed link (built from PUBLIC_URL) sent to server ``index``."""
        return self.server(index) + url.removeprefix(self.public_url)


def seed(database_url: str, cities: int, booths: int) -> tuple[list[int], list[int]]:
    from datetime import UTC, date, datetime, timedelta

    from config import DevelopmentConfig
    from showcase import create_app
    from showcase.accounts.services import create_user
    from showcase.booths.services import layout
    from showcase.booths.services.settings import update_settings
    from showcase.core.db import unit_of_work
    from showcase.events.models import CityKind
    from showcase.events.services import create_city, create_event
    from showcase.extensions import db

    app = create_app(DevelopmentConfig, {"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context(), unit_of_work():
        now = datetime.now(UTC)
        event = create_event(
            EVENT,
            name_en="World Smart City Showcase 2027",
            starts_on=date(2027, 1, 26),
            ends_on=date(2027, 1, 28),
            registration_opens_at=now - timedelta(days=1),
            registration_closes_at=now + timedelta(days=30),
        )
        update_settings(event, now - timedelta(days=1), now + timedelta(days=10), 2)
        hall = layout.create_hall(event, code="A", name_en="Hall A", width=40, depth=10)
        booth_ids = [
            layout.create_booth(
                event, code=f"A-{n:02d}", hall=hall, x=1 + 4 * n, y=1, width=3, depth=3
            ).id
            for n in range(booths)
        ]
        city_ids = [
            create_city(
                name_en=f"City {n:02d}",
                country_code="TH",
                kind=CityKind.THAI_MEMBER,
                city_possible_member=True,
            ).id
            for n in range(cities)
        ]
        create_user("organiser@two.example", "organiser", "correct-horse-1", "Organiser")
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return city_ids, booth_ids


def outbox_state(database_url: str) -> Counter:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT status, count(*) FROM outbox_message GROUP BY status")
        )
        state = Counter({status: count for status, count in rows})
    engine.dispose()
    return state


def scalar(database_url: str, sql: str):
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as connection:
        value = connection.execute(text(sql)).scalar()
    engine.dispose()
    return value


def together(calls: list) -> list:
    """Run every call at the same moment (a barrier), one thread each; return the results."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


# Scenarios ------------------------------------------------------------------------------------


def booth_applications(ctx: Context) -> dict:
    """More applications than the hourly limit, split over both servers at the same moment."""
    attempts = APPLY_LIMIT + 6
    calls = []
    for index in range(attempts):
        server = ctx.server(index)
        browser = Browser()
        url = f"{server}/{EVENT}/booths/apply"
        form = {
            "csrf_token": browser.token(url),
            "city": str(ctx.city_ids[index]),
            "contact_name": f"Applicant {index}",
            "contact_email": f"applicant{index}@city.example",
            "contact_phone": "+66 2 123 4567",
            "title_en": f"Smart district {index}",
            "description_en": "Sensors, open data and a city dashboard.",
            "dimensions": "mobility",
            "preferred_zone": "",
            "space_sqm": "9",
            "consent": "y",
        }
        calls.append(lambda browser=browser, url=url, form=form: browser.open(url, form).status)
    started = time.monotonic()
    statuses = Counter(together(calls))
    seconds = time.monotonic() - started
    check(
        statuses == Counter({303: APPLY_LIMIT, 429: attempts - APPLY_LIMIT}),
        f"applications over two servers: expected {APPLY_LIMIT} accepted and the rest 429 "
        f"(one shared limit), got {dict(statuses)}",
    )
    stored = scalar(ctx.database_url, "SELECT count(*) FROM booth_application")
    check(stored == APPLY_LIMIT, f"{stored} applications stored, expected {APPLY_LIMIT}")
    delivered = ctx.mailbox.wait_for(APPLY_LIMIT)
    check(delivered == APPLY_LIMIT, f"{delivered} confirmation emails of {APPLY_LIMIT}")
    return {
        "sent": attempts,
        "accepted": statuses[303],
        "limited": statuses[429],
        "seconds": round(seconds, 2),
    }


def booth_confirmations(ctx: Context) -> dict:
    """Every confirmation link clicked on both servers at the same moment."""
    links = ctx.mailbox.links("/booths/confirm/")
    check(len(links) == APPLY_LIMIT, f"{len(links)} confirmation links, expected {APPLY_LIMIT}")
    before = ctx.mailbox.count()

    def click(url: str):
        return lambda: Browser().open(url).status

    calls = [click(ctx.local(link, side)) for link in links for side in (0, 1)]
    statuses = Counter(together(calls))
    check(statuses == Counter({302: len(calls)}), f"confirmation clicks answered {dict(statuses)}")
    submitted = scalar(
        ctx.database_url, "SELECT count(*) FROM booth_application WHERE state = 'submitted'"
    )
    check(submitted == APPLY_LIMIT, f"{submitted} applications submitted, expected {APPLY_LIMIT}")
    delivered = ctx.mailbox.wait_for(before + APPLY_LIMIT)
    time.sleep(3)  # a duplicate would arrive now
    delivered = ctx.mailbox.count()
    check(
        delivered == before + APPLY_LIMIT,
        f"{delivered - before} 'received' emails for {APPLY_LIMIT} confirmations clicked twice",
    )
    return {"clicks": len(calls), "confirmed": submitted, "received_emails": delivered - before}


def booth_approvals(ctx: Context) -> dict:
    """Four applications for each booth, approved from both servers at the same moment."""
    organiser = Browser()
    token = organiser.token(f"{ctx.server(0)}/manage/login")
    answer = organiser.open(
        f"{ctx.server(0)}/manage/login",
        {"csrf_token": token, "email": "organiser@two.example", "password": "correct-horse-1"},
    )
    check(answer.status == 303, f"organiser sign-in answered {answer.status}")
    ctx.organiser = organiser
    application_ids = [
        row
        for row in _ids(
            ctx.database_url,
            "SELECT id FROM booth_application WHERE state = 'submitted' ORDER BY id",
        )
    ][: 4 * len(ctx.booth_ids)]
    calls = []
    for index, application_id in enumerate(application_ids):
        # The organiser's one session cookie works on both servers (signed, no server state).
        browser = Browser(organiser.cookies)
        page = f"{ctx.server(index)}/manage/{EVENT}/booths/applications/{application_id}"
        form = {
            "approve-csrf_token": browser.token(page, "approve-csrf_token"),
            "approve-booth": str(ctx.booth_ids[index % len(ctx.booth_ids)]),
            "approve-note": "",
        }
        calls.append(lambda b=browser, url=page + "/approve", form=form: b.open(url, form).status)
    before = ctx.mailbox.count()
    statuses = Counter(together(calls))
    booths = len(ctx.booth_ids)
    check(
        statuses[303] == booths and statuses[409] == len(calls) - booths,
        f"approvals: expected {booths} × 303 and the rest 409, got {dict(statuses)}",
    )
    holders = _ids(
        ctx.database_url,
        "SELECT count(*) FROM booth_application WHERE state = 'approved' GROUP BY booth_id",
    )
    check(holders == [1] * booths, f"exhibitors per booth: {holders}")
    delivered = ctx.mailbox.wait_for(before + booths)
    time.sleep(2)
    delivered = ctx.mailbox.count()
    check(delivered == before + booths, f"{delivered - before} approval emails for {booths}")
    return {"approvals_tried": len(calls), "approved": statuses[303], "conflicts": statuses[409]}


def login_limit(ctx: Context) -> dict:
    """Failed sign-ins alternating between the servers share one limit (the organiser's
    sign-in above already used one)."""
    statuses = []
    for index in range(LOGIN_LIMIT + 2):
        browser = Browser()
        url = f"{ctx.server(index)}/manage/login"
        form = {
            "csrf_token": browser.token(url),
            # A different account each time: the waits per account (accounts/throttle.py) stay
            # out, and only the limit per address is at work.
            "email": f"nobody{index}@two.example",
            "password": "x" * 12,
        }
        statuses.append(browser.open(url, form).status)
    expected = [401] * (LOGIN_LIMIT - 1) + [429] * 3
    check(statuses == expected, f"failed sign-ins over two servers answered {statuses}")
    return {"attempts": len(statuses), "refused_by_limit": statuses.count(429)}


REGISTRANTS = 12  # under the registration form's "20 per hour"
SEATS = 3


def add_small_category(database_url: str) -> int:
    from config import DevelopmentConfig
    from showcase import create_app
    from showcase.core.db import unit_of_work
    from showcase.events.services import get_event
    from showcase.extensions import db
    from showcase.registration.services import organiser

    app = create_app(DevelopmentConfig, {"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        with unit_of_work(lock=True):
            category = organiser.save_category(
                get_event(EVENT),
                {
                    "code": "delegate",
                    "name_en": "City delegate",
                    "capacity": SEATS,
                    "is_open": True,
                },
            )
            category_id = category.id
        db.session.remove()
        db.engine.dispose()
    return category_id


def registrations(ctx: Context) -> dict:
    """Registrations (the event's only ones) for a category of three seats sent to both servers
    at the same moment, then every confirmation link clicked on both servers at the same moment:
    exactly three confirmed, the rest on the waiting list, each registrant gets each email once."""
    category_id = add_small_category(ctx.database_url)
    before = ctx.mailbox.count()
    calls = []
    for index in range(REGISTRANTS):
        server = ctx.server(index)
        browser = Browser()
        url = f"{server}/{EVENT}/register"
        form = {
            "csrf_token": browser.token(url),
            "full_name": f"Registrant {index}",
            "email": f"registrant{index}@city.example",
            "city": str(ctx.city_ids[index]),
            "category": str(category_id),
            "language": "en",
            "consent": "y",
        }
        calls.append(lambda browser=browser, url=url, form=form: browser.open(url, form).status)
    statuses = Counter(together(calls))
    check(statuses == Counter({303: REGISTRANTS}), f"registrations answered {dict(statuses)}")
    delivered = ctx.mailbox.wait_for(before + REGISTRANTS)
    check(
        delivered == before + REGISTRANTS,
        f"{delivered - before} confirmation emails for {REGISTRANTS} registrations",
    )
    links = ctx.mailbox.links("/register/confirm/")
    check(len(links) == REGISTRANTS, f"{len(links)} confirmation links, expected {REGISTRANTS}")

    def click(url: str):
        return lambda: Browser().open(url).status

    clicks = [click(ctx.local(link, side)) for link in links for side in (0, 1)]
    answers = Counter(together(clicks))
    check(
        all(status in (302, 303) for status in answers), f"confirmation clicks answered {answers}"
    )
    states = Counter(
        dict(
            _rows(
                ctx.database_url,
                "SELECT state, count(*) FROM registrations GROUP BY state",
            )
        )
    )
    expected = Counter({"confirmed": SEATS, "waitlisted": REGISTRANTS - SEATS})
    check(states == expected, f"registrations after the clicks: {dict(states)}, not {expected}")
    ctx.mailbox.wait_for(before + 2 * REGISTRANTS)
    time.sleep(3)  # a duplicate would arrive now
    with ctx.mailbox.lock:
        recipients = Counter(str(message["To"]) for message in ctx.mailbox.messages[before:])
    check(
        sorted(recipients.values()) == [2] * REGISTRANTS and len(recipients) == REGISTRANTS,
        f"emails per registrant (confirm link + outcome expected): {dict(recipients)}",
    )
    return {
        "registrations": REGISTRANTS,
        "clicks": len(clicks),
        "confirmed": states["confirmed"],
        "waitlisted": states["waitlisted"],
        "emails": sum(recipients.values()),
    }


def _rows(database_url: str, sql: str) -> list:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(text(sql))]
    engine.dispose()
    return rows


def _ids(database_url: str, sql: str) -> list:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as connection:
        values = [row[0] for row in connection.execute(text(sql))]
    engine.dispose()
    return values


SCENARIOS = [booth_applications, booth_confirmations, booth_approvals, registrations, login_limit]


# Running it -----------------------------------------------------------------------------------


def run(admin_url: str, redis_url: str) -> int:
    from sqlalchemy import create_engine, text

    from config import normalise_database_url

    admin_url = normalise_database_url(admin_url)
    name = f"showcase_two_{uuid.uuid4().hex[:10]}"
    database_url = admin_url.rsplit("/", 1)[0] + "/" + name
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    stack = None
    started = time.monotonic()
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        public_url = "http://showcase.example"
        mailbox = Mailbox()
        stack = Stack(
            database_url,
            redis_url=redis_url,
            public_url=public_url,
            mailbox=mailbox,
            # The storms come from one address; the visitors' shared POST limit would stop them.
            extra_env={"UNAUTHENTICATED_POSTS_PER_ADDRESS": "100000 per minute"},
        )
        stack.migrate()
        city_ids, booth_ids = seed(database_url, cities=APPLY_LIMIT + 6, booths=3)
        stack.start_smtp()
        stack.start_servers(2, gunicorn_workers=3)
        stack.start_workers(2)
        servers = stack.servers
        print(f"two servers {servers[0]} {servers[1]}, two outbox workers, database {name}")
        ctx = Context(
            servers, database_url, mailbox, public_url, city_ids=city_ids, booth_ids=booth_ids
        )
        for scenario in SCENARIOS:
            began = time.monotonic()
            figures = scenario(ctx)
            print(f"  {scenario.__name__}: ok {figures} ({time.monotonic() - began:.1f} s)")
        # Everything queued was sent, each message exactly once.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            state = outbox_state(database_url)
            if not state.get("queued") and not state.get("sending"):
                break
            time.sleep(0.2)
        state = outbox_state(database_url)
        check(set(state) == {"sent"}, f"outbox not all sent: {dict(state)}")
        time.sleep(1)
        ids = Counter(message["Message-ID"] for message in mailbox.messages)
        pairs = Counter(
            (str(message["To"]), str(message["Subject"])) for message in mailbox.messages
        )
        check(max(ids.values()) == 1, "a Message-ID arrived twice")
        check(
            max(pairs.values()) == 1, f"duplicate emails: {[p for p, n in pairs.items() if n > 1]}"
        )
        check(
            len(mailbox.messages) == state["sent"],
            f"SMTP received {len(mailbox.messages)} messages, the outbox sent {state['sent']}",
        )
        print(
            f"  emails: {state['sent']} queued and sent, {len(mailbox.messages)} received, "
            "no duplicate"
        )
        print(f"ALL CHECKS PASSED in {time.monotonic() - started:.1f} s")
        return 0
    except (CheckFailed, StackFailed) as failure:
        print(f"CHECK FAILED: {failure}")
        return 1
    finally:
        if stack is not None:
            stack.stop()
        with admin.connect() as connection:
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        help="a PostgreSQL server URL whose user may create databases",
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    )
    arguments = parser.parse_args()
    return run(arguments.database_url, arguments.redis_url)


if __name__ == "__main__":
    sys.exit(main())
