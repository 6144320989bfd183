"""A small, complete world for the hardening tests: one event with every kind of object that a
route can name in its URL (hall, booth, city, booth applications, an outbox message, a second
user), built through the services.

``url_values(world)`` fills a route's URL arguments from it. A feature whose routes take a new
argument (``registration_id``, ``session_id``, …) adds the object in ``build_world`` and one line
to ``ARGUMENTS``; every generated test (authorisation matrix, headers, CSRF, hostile input) then
reaches its routes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from flask import url_for
from sqlalchemy import select

from showcase.booths.models import BoothApplicationLink
from showcase.booths.services import decisions, layout
from showcase.booths.services.directory import exhibitor_ref
from showcase.core.links import LinkPurpose, mint_link
from showcase.extensions import db
from tests.booths.conftest import add_city, open_applications, png_bytes, submit

EVENT = "wscs2027"


@dataclass
class World:
    event: str = EVENT
    ids: dict[str, object] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)


def build_world(app) -> World:
    from showcase.accounts.services import create_user
    from showcase.core.images import store_image
    from showcase.events.services import create_event
    from showcase.mail.models import OutboxMessage

    world = World()
    with app.app_context():
        now = datetime.now(UTC)
        event = create_event(
            EVENT,
            name_en="World Smart City Showcase 2027",
            name_th="มหกรรมเมืองอัจฉริยะโลก 2570",
            starts_on=date(2027, 1, 26),
            ends_on=date(2027, 1, 28),
            venue_en="Queen Sirikit National Convention Center",
            venue_th="ศูนย์การประชุมแห่งชาติสิริกิติ์",
            contact_email="showcase@depa.example",
            registration_opens_at=now - timedelta(days=1),
            registration_closes_at=now + timedelta(days=30),
            cfp_opens_at=now - timedelta(days=1),
            cfp_closes_at=now + timedelta(days=30),
        )
        open_applications(event, booths_per_city=2)
        hall = layout.create_hall(
            event, code="A", name_en="Hall A", name_th="ฮอลล์ A", width=30, depth=20
        )
        booths = [
            layout.create_booth(
                event, code=f"A-0{n}", hall=hall, x=3 * n, y=2, width=3, depth=3, zone="mobility"
            )
            for n in range(1, 4)
        ]
        khon_kaen = add_city("Khon Kaen", "ขอนแก่น")
        phuket = add_city("Phuket", "ภูเก็ต")
        exhibitor = submit(event, khon_kaen, contact_email="exhibitor@khonkaen.example")
        decisions.approve_application(event, exhibitor.id, booths[0].id, "setup@showcase.example")
        pending = submit(event, phuket, contact_email="pending@phuket.example")
        other = submit(event, phuket, contact_email="other@phuket.example", title_en="Phuket Port")
        world.secrets["pending_manage"] = mint_link(
            BoothApplicationLink(application=pending), LinkPurpose.MANAGE
        )
        world.secrets["other_manage"] = mint_link(
            BoothApplicationLink(application=other), LinkPurpose.MANAGE
        )
        unconfirmed = submit(event, phuket, confirm=False, contact_email="new@phuket.example")
        world.secrets["unconfirmed_confirm"] = mint_link(
            BoothApplicationLink(application=unconfirmed), LinkPurpose.CONFIRM
        )
        target = create_user("target@showcase.example", "checkin", "correct-horse-1", "Target")
        image = store_image(png_bytes(), max_bytes=1_000_000)
        db.session.commit()
        message = db.session.scalar(select(OutboxMessage).order_by(OutboxMessage.id))
        world.ids.update(
            hall_id=hall.id,
            booth_id=booths[2].id,
            city_id=phuket.id,
            application_id=pending.id,
            exhibitor_application_id=exhibitor.id,
            other_application_id=other.id,
            message_id=message.id,
            user_id=target.id,
            image_id=image.uuid,
            ref=exhibitor_ref(exhibitor),
        )
    return world


# URL argument → how to fill it from the world. One line per argument name.
ARGUMENTS = {
    "event": lambda w: w.event,
    "hall_id": lambda w: w.ids["hall_id"],
    "booth_id": lambda w: w.ids["booth_id"],
    "city_id": lambda w: w.ids["city_id"],
    "application_id": lambda w: w.ids["application_id"],
    "message_id": lambda w: w.ids["message_id"],
    "user_id": lambda w: w.ids["user_id"],
    "image_id": lambda w: w.ids["image_id"],
    "ref": lambda w: w.ids["ref"],
    "secret": lambda w: w.secrets["pending_manage"],
    "code": lambda w: "th",
    "filename": lambda w: "css/bootstrap.min.css",
}

# Routes whose secret is a confirmation secret rather than a manage secret.
CONFIRM_ENDPOINTS = {"booths.confirm_application"}


def url_values(world: World, rule) -> dict:
    values = {}
    for argument in rule.arguments:
        if argument not in ARGUMENTS:
            raise AssertionError(
                f"{rule.endpoint}: no value for URL argument <{argument}>; "
                "add it to ARGUMENTS in tests/hardening/world.py"
            )
        values[argument] = ARGUMENTS[argument](world)
    if rule.endpoint in CONFIRM_ENDPOINTS:
        values["secret"] = world.secrets["unconfirmed_confirm"]
    return values


def build_url(app, world: World, rule) -> str:
    with app.test_request_context():
        return url_for(rule.endpoint, **url_values(world, rule))


def unique_email(prefix: str = "someone") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@example.org"
