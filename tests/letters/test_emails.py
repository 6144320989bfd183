"""The emails of the approval queue, delivered through a real SMTP server (aiosmtpd) in the
reader's language: the request received, the letter issued with a link that downloads the PDF,
the letter not issued with the organisers' reason; for a delegation's member without an address
they go to the coordinator, whose link opens the member's letter."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from showcase.core.db import unit_of_work
from showcase.letters.services import issuing
from tests import factories
from tests.delegations.helpers import approved_delegation, member_values
from tests.helpers import email_html, email_text, links_in
from tests.letters.helpers import ORGANISER, delegate, delegation_category, pdf_text, request_letter

SUBJECTS = {
    "en": {
        "received": "Your request for a visa invitation letter is received",
        "issued": "Your visa invitation letter WSCS2027-0001 is ready",
        "rejected": "Your visa invitation letter could not be issued",
    },
    "th": {
        "received": "ได้รับคำขอหนังสือเชิญเพื่อขอวีซ่าของท่านแล้ว",
        "issued": "หนังสือเชิญเพื่อขอวีซ่าเลขที่ WSCS2027-0001 ของท่านพร้อมแล้ว",
        "rejected": "ไม่สามารถออกหนังสือเชิญเพื่อขอวีซ่าของท่านได้",
    },
}


def subject(message) -> str:
    return " ".join(str(message["Subject"]).split())


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.mark.parametrize("lang", ["en", "th"])
def test_approval_queue_emails_reach_the_delegate_in_their_language(
    ctx, mail_app, smtp_server, deliver, client, lang
):
    event = factories.event()
    erik = delegate(event, language=lang)
    ana = delegate(event, language=lang, email="ana.silva@porto.example")
    approved = request_letter(erik)
    refused = request_letter(ana, passport_name="SILVA ANA", nationality="PT")
    with unit_of_work(lock=True):
        issuing.issue(approved.id, ORGANISER)
    with unit_of_work(lock=True):
        issuing.reject(refused.id, ORGANISER, "The passport expires before the event")
    deliver()

    received = smtp_server.wait_for(6)
    words = SUBJECTS[lang]
    to_erik = [m for m in received if m["To"].addresses[0].addr_spec == erik.email]
    to_ana = [m for m in received if m["To"].addresses[0].addr_spec == ana.email]
    assert [subject(m) for m in to_erik][-2:] == [words["received"], words["issued"]]
    assert [subject(m) for m in to_ana][-2:] == [words["received"], words["rejected"]]
    assert "The passport expires before the event" in email_text(to_ana[-1])
    for message in to_erik[-2:] + to_ana[-2:]:
        assert "<p>" in email_html(message)
        assert "AA1234567" not in email_text(message) + email_html(message)
    if lang == "th":
        assert "24 มกราคม 2570" in email_text(to_erik[-2])
    download = next(link for link in links_in(to_erik[-1]) if link.endswith("visa-letter.pdf"))
    response = client.get(path_of(download))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "WSCS2027-0001" in pdf_text(response.data)[0]


def test_a_members_letter_emails_go_to_the_coordinator(ctx, mail_app, smtp_server, deliver, client):
    event = factories.event()
    city = factories.city("Yokohama", "โยโกฮามา", "JP")
    category = delegation_category(event)
    delegation = approved_delegation(event, city, language="th")
    from showcase.delegations.models import Delegation
    from showcase.delegations.services import members
    from showcase.extensions import db

    with unit_of_work(lock=True):
        mayor = members.add_member(
            db.session.get(Delegation, delegation.id),
            member_values(category, "Takeharu Yamanaka", language="en"),
        )
    letter = request_letter(
        mayor, by="coordinator", passport_name="YAMANAKA TAKEHARU", nationality="JP"
    )
    with unit_of_work(lock=True):
        issuing.issue(letter.id, ORGANISER)
    deliver()

    received = [m for m in smtp_server.wait_for(3) if "หนังสือเชิญ" in subject(m)]
    assert [m["To"].addresses[0].addr_spec for m in received] == [
        "ir@yokohama.example",
        "ir@yokohama.example",
    ]
    assert subject(received[-1]) == SUBJECTS["th"]["issued"]
    download = next(link for link in links_in(received[-1]) if link.endswith("visa-letter.pdf"))
    response = client.get(path_of(download))
    assert response.status_code == 200
    assert "YAMANAKA TAKEHARU" in pdf_text(response.data)[0]
