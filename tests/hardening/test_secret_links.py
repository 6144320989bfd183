"""Secret links of one record never open another's.

``SECRET_LINK_CASES`` has one entry per kind of secret link. Registration and proposal links add
an entry: a function that makes two records of their own (through the services) and returns each
one's secret and a text only its own page shows, and the endpoints that take the secret.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from flask import url_for

from showcase.booths.models import BoothApplication, BoothApplicationLink
from showcase.core.links import LinkPurpose, mint_link
from showcase.extensions import db


@dataclass
class Holder:
    secret: str
    marker: str  # text that only this holder's page shows


@dataclass
class SecretLinkCase:
    name: str
    endpoints: list[str]  # endpoints (GET) that take ``secret`` and show the holder's page
    make_two: Callable  # (app, world) -> (Holder, Holder), both in world.event
    purpose_confirm_endpoint: str | None = None  # takes a confirmation secret, not a manage one
    argument: str = "secret"  # the URL argument that carries the secret
    confirm_argument: str = "secret"  # the one of ``purpose_confirm_endpoint``


def two_booth_applications(app, world) -> tuple[Holder, Holder]:
    with app.app_context():
        first = db.session.get(BoothApplication, world.ids["application_id"])
        second = db.session.get(BoothApplication, world.ids["other_application_id"])
        assert first.contact_email != second.contact_email
        return (
            Holder(world.secrets["pending_manage"], first.contact_email),
            Holder(world.secrets["other_manage"], second.contact_email),
        )


def two_registrations(app, world) -> tuple[Holder, Holder]:
    return (
        Holder(world.secrets["registration_manage"], "Somchai Jaidee"),
        Holder(world.secrets["other_registration_manage"], "Nok Srisuk"),
    )


def two_speakers(app, world) -> tuple[Holder, Holder]:
    return (
        Holder(world.secrets["speaker_manage"], "Somchai Jaidee"),
        Holder(world.secrets["other_speaker_manage"], "Ana Lim"),
    )


def two_agenda_feeds(app, world) -> tuple[Holder, Holder]:
    """Each registrant starred a different session: the feed lists only its own."""
    return (
        Holder(world.secrets["agenda_feed"], "Opening keynote"),
        Holder(world.secrets["other_agenda_feed"], "Closing panel"),
    )


def two_delegations(app, world) -> tuple[Holder, Holder]:
    return (
        Holder(world.secrets["delegation"], "Teerasak Teecharoen"),
        Holder(world.secrets["other_delegation"], "Arthit Rattanakul"),
    )


SECRET_LINK_CASES = [
    SecretLinkCase(
        name="booth application",
        endpoints=["booths.manage_application", "booths.edit_application"],
        make_two=two_booth_applications,
        purpose_confirm_endpoint="booths.confirm_application",
    ),
    SecretLinkCase(
        name="registration",
        endpoints=[
            "registration.manage",
            "registration.edit",
            "registration.badge",
            "registration.data",
        ],
        make_two=two_registrations,
        purpose_confirm_endpoint="registration.confirm",
        confirm_argument="token",
    ),
    SecretLinkCase(
        name="speaker page",
        endpoints=["program.speaker_home", "program.edit_profile"],
        make_two=two_speakers,
        purpose_confirm_endpoint="program.confirm_proposal",
    ),
    SecretLinkCase(
        name="delegation page",
        endpoints=[
            "delegations.page",
            "delegations.badges",
            "delegations.members_csv",
        ],
        make_two=two_delegations,
    ),
    SecretLinkCase(
        name="personal agenda feed",
        endpoints=["schedule.agenda_feed"],
        make_two=two_agenda_feeds,
        argument="token",
    ),
]


def tampered(secret: str) -> str:
    return secret[:-1] + ("A" if secret[-1] != "A" else "B")


def open_with(client, app, endpoint: str, event: str, secret: str, argument: str = "secret"):
    with app.test_request_context():
        url = url_for(endpoint, event=event, **{argument: secret})
    return client.get(url)


@pytest.mark.parametrize("case", SECRET_LINK_CASES, ids=lambda case: case.name)
def test_each_secret_opens_its_own_record_and_no_other(app, client, world, case):
    first, second = case.make_two(app, world)
    for endpoint in case.endpoints:
        for mine, theirs in ((first, second), (second, first)):
            page = open_with(client, app, endpoint, world.event, mine.secret, case.argument)
            body = page.get_data(as_text=True)
            assert page.status_code == 200, endpoint
            assert mine.marker in body
            assert theirs.marker not in body
            assert page.headers["Cache-Control"] == "no-store"
            assert page.headers["Referrer-Policy"] == "no-referrer"
        for wrong in (
            tampered(first.secret),
            first.secret[:20],
            "x" * 43,
            "",
            "../" + first.secret,
        ):
            if not wrong:
                continue
            page = open_with(client, app, endpoint, world.event, wrong, case.argument)
            assert page.status_code == 404, (endpoint, wrong)
            assert first.marker not in page.get_data(as_text=True)


@pytest.mark.parametrize("case", SECRET_LINK_CASES, ids=lambda case: case.name)
def test_a_secret_does_not_open_the_record_through_another_event(app, client, world, case):
    from showcase.events.services import create_event

    first, _ = case.make_two(app, world)
    with app.app_context():
        create_event(
            "other2028", name_en="Other", starts_on=date(2028, 1, 1), ends_on=date(2028, 1, 2)
        )
        db.session.commit()
    for endpoint in case.endpoints:
        page = open_with(client, app, endpoint, "other2028", first.secret, case.argument)
        assert page.status_code == 404
        assert first.marker not in page.get_data(as_text=True)


def test_a_manage_secret_is_not_a_confirmation_secret_and_back(app, client, world):
    """Secrets are bound to their purpose: a manage link does not confirm, a confirmation link
    does not open the manage page."""
    with app.app_context():
        application = db.session.get(BoothApplication, world.ids["application_id"])
        confirm_secret = mint_link(
            BoothApplicationLink(application=application), LinkPurpose.CONFIRM
        )
        db.session.commit()
    for case in SECRET_LINK_CASES:
        first, _ = case.make_two(app, world)
        if case.purpose_confirm_endpoint:
            page = open_with(
                client,
                app,
                case.purpose_confirm_endpoint,
                world.event,
                first.secret,
                case.confirm_argument,
            )
            assert page.status_code == 404, case.purpose_confirm_endpoint
        for endpoint in case.endpoints:
            page = open_with(client, app, endpoint, world.event, confirm_secret, case.argument)
            assert page.status_code == 404, endpoint
    # A registration's or a proposal's own confirmation secret opens no manage page either.
    for endpoint, secret in (
        ("registration.manage", world.secrets["registration_confirm"]),
        ("program.speaker_home", world.secrets["proposal_confirm"]),
    ):
        assert open_with(client, app, endpoint, world.event, secret).status_code == 404, endpoint
