"""Every email of a delegation, in English and Thai, delivered through a real SMTP server
(aiosmtpd): the coordinator's invitation, request receipt, approval and refusal, a member's
notice and a substitution notice; the links they carry open the right pages."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from showcase.core.db import unit_of_work
from showcase.delegations.models import Delegation
from showcase.delegations.services import delegations, members
from showcase.events.services import find_city, get_event
from showcase.extensions import db
from showcase.registration.models import RegistrationCategory
from tests.delegations.helpers import ORGANISER, coordinator, member_values, person
from tests.helpers import email_html, email_text, links_in

SUBJECTS = {
    "en": {
        "received": "Your delegation request for World Smart City Showcase 2027",
        "approved": "The delegation of Khon Kaen is approved",
        "invitation": "Your city's delegation to World Smart City Showcase 2027",
        "rejected": "Your delegation request for World Smart City Showcase 2027",
        "member": "Your place in the delegation of Khon Kaen to World Smart City Showcase 2027",
        "substituted": (
            "You take a place in the delegation of Khon Kaen to World Smart City Showcase 2027"
        ),
    },
    "th": {
        "received": "คำขอส่งคณะผู้แทนของท่านในงาน มหกรรมเมืองอัจฉริยะโลก 2570",
        "approved": "คณะผู้แทนขอนแก่นได้รับการอนุมัติแล้ว",
        "invitation": "คณะผู้แทนของเมืองท่านในงาน มหกรรมเมืองอัจฉริยะโลก 2570",
        "rejected": "คำขอส่งคณะผู้แทนของท่านในงาน มหกรรมเมืองอัจฉริยะโลก 2570",
        "member": "ตำแหน่งของท่านในคณะผู้แทนขอนแก่น ในงาน มหกรรมเมืองอัจฉริยะโลก 2570",
        "substituted": "ท่านได้รับตำแหน่งในคณะผู้แทนขอนแก่น ในงาน มหกรรมเมืองอัจฉริยะโลก 2570",
    },
}


def subject(message) -> str:
    """The subject as the reader sees it (a long one is folded for SMTP)."""
    return str(message["Subject"]).strip()


def _path(url: str) -> str:
    return urlsplit(url).path


@pytest.mark.parametrize("lang", ["en", "th"])
def test_every_delegation_email_is_delivered_in_its_readers_language(
    mail_app, smtp_server, deliver, client, deleg_event, lang
):
    app = mail_app
    with app.app_context():
        event = get_event(deleg_event)
        vip = db.session.scalar(
            select(RegistrationCategory).where(RegistrationCategory.code == "vip")
        )
        with unit_of_work():
            requested = delegations.request_delegation(
                event, coordinator(find_city("Khon Kaen", "TH"), language=lang)
            )
        with unit_of_work(lock=True):
            delegations.approve(event, requested.id, ORGANISER)
        with unit_of_work():
            delegations.invite(
                event,
                coordinator(find_city("Phuket", "TH"), language=lang),
                ORGANISER,
            )
        with unit_of_work():
            refused = delegations.request_delegation(
                event, coordinator(find_city("Yokohama", "JP"), language=lang)
            )
        with unit_of_work(lock=True):
            delegations.reject(event, refused.id, ORGANISER, "Too late for this year")
        delegation = db.session.get(Delegation, requested.id)
        with unit_of_work():
            members.confirm_privacy(delegation, "coordinator")
        with unit_of_work(lock=True):
            member = members.add_member(
                delegation,
                member_values(vip, "Kanya Srisuk", email="kanya@khonkaen.example", language=lang),
            )
        with unit_of_work(lock=True):
            members.substitute(
                delegation,
                member.id,
                person("Malee Wongsa", email="malee@khonkaen.example", language=lang),
            )
    deliver()
    received = smtp_server.wait_for(7)
    by_recipient = {}
    for message in received:
        by_recipient.setdefault(message["To"].addresses[0].addr_spec, []).append(message)
    words = SUBJECTS[lang]
    assert [subject(m) for m in by_recipient["ir@khonkaen.example"]] == [
        words["received"],
        words["approved"],
    ]
    assert [subject(m) for m in by_recipient["ir@phuket.example"]] == [words["invitation"]]
    assert [subject(m) for m in by_recipient["ir@yokohama.example"]] == [
        words["received"],
        words["rejected"],
    ]
    assert "Too late for this year" in email_text(by_recipient["ir@yokohama.example"][1])
    assert [subject(m) for m in by_recipient["kanya@khonkaen.example"]] == [words["member"]]
    assert [subject(m) for m in by_recipient["malee@khonkaen.example"]] == [words["substituted"]]
    for message in received:
        assert email_text(message).strip() and "<p>" in email_html(message)
    approval_link = links_in(by_recipient["ir@khonkaen.example"][1])[0]
    page = client.get(_path(approval_link))
    assert page.status_code == 200
    shown = page.get_data(as_text=True)
    assert "Malee Wongsa took the place of Kanya Srisuk" in shown
    assert shown.count("Kanya Srisuk") == 1  # only in the history of substitutions
    member_link = links_in(by_recipient["malee@khonkaen.example"][0])[0]
    assert client.get(_path(member_link)).status_code == 200
    secret = _path(member_link).rstrip("/").rsplit("/", 1)[-1]
    assert client.get(f"/{deleg_event}/delegation/{secret}/").status_code == 404
    old_member_link = links_in(by_recipient["kanya@khonkaen.example"][0])[0]
    assert client.get(_path(old_member_link)).status_code == 404
