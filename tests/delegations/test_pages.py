"""The coordinator's pages (the members with their states and badges, all badges on one page,
the member list) and the organisers' pages (the list, a delegation's decisions, the pending
members decided at once, the protocol list, the dashboard), and the delegation's secret links:
tampered, expired and another record's links answer 404 or 410."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from showcase.core.db import unit_of_work
from showcase.core.links import LinkPurpose, mint_link
from showcase.delegations.models import Delegation, DelegationLink
from showcase.events.services import find_city, get_event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationCategory
from tests.delegations.helpers import add, approved_delegation, coordinator, secret_of
from tests.forms import RenderedForm, page_errors


def _category(event, code):
    return db.session.scalar(
        select(RegistrationCategory).where(
            RegistrationCategory.event_id == event.id, RegistrationCategory.code == code
        )
    )


@pytest.fixture
def khon_kaen(app, deleg_event):
    """The approved delegation of Khon Kaen with a head, a VIP, two delegates and a waiting
    one (the City delegate category has three seats), and a pending media member."""
    with app.app_context():
        event = get_event(deleg_event)
        delegation = approved_delegation(event, find_city("Khon Kaen", "TH"))
        delegate, vip, media = (_category(event, c) for c in ("delegate", "vip", "media"))
        add(delegation, delegate, "Wichai Kaewta")
        add(delegation, vip, "Teerasak Teecharoen", honorific="Mayor", is_head=True)
        add(delegation, vip, "Suda Rattanakul", is_vip=True)
        add(delegation, delegate, "Anong Boonmee")
        add(delegation, delegate, "Nok Jaidee")
        add(delegation, delegate, "Arthit Srisuk")
        add(delegation, media, "Pimchanok Thongdee")
        return delegation.id, f"/{deleg_event}/delegation/{secret_of(delegation)}"


def test_delegation_page_shows_each_members_state_and_the_waiting_notice(client, khon_kaen):
    _id, page = khon_kaen
    body = client.get(f"{page}/").get_data(as_text=True)
    assert body.count("Confirmed") >= 5
    assert "On the waiting list" in body
    assert "the members marked “On the waiting list” get a seat" in body
    assert "Awaiting approval" in body


def test_badges_page_shows_every_confirmed_member_head_first_with_colour_bands(client, khon_kaen):
    _id, page = khon_kaen
    response = client.get(f"{page}/badges")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert body.count('class="badge-card') == 5
    assert (
        body.index("Teerasak Teecharoen")
        < body.index("Suda Rattanakul")
        < body.index("Wichai Kaewta")
    )
    assert "badge-kind-vip" in body and "badge-kind-delegate" in body
    assert body.count('class="badge-head"') == 1
    assert "Arthit Srisuk" not in body  # waiting: no badge
    assert "Pimchanok Thongdee" not in body  # awaiting approval: no badge


def test_member_list_csv_has_every_member_with_state_and_badge(client, khon_kaen):
    _id, page = khon_kaen
    response = client.get(f"{page}/members.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert response.headers["Cache-Control"] == "no-store"
    assert rows[0]["full_name"] == "Teerasak Teecharoen"
    assert {row["full_name"]: row["state"] for row in rows}["Arthit Srisuk"] == "waitlisted"
    confirmed = [row for row in rows if row["state"] == "confirmed"]
    assert len(confirmed) == 5 and all(len(row["badge_code"]) == 8 for row in confirmed)


def test_tampered_and_unknown_delegation_links_answer_404(client, khon_kaen):
    _id, page = khon_kaen
    secret = page.rsplit("/", 1)[-1]
    base = page.rsplit("/", 1)[0]
    for wrong in (secret[:-1] + ("A" if secret[-1] != "A" else "B"), secret[:20], "x" * 43):
        assert client.get(f"{base}/{wrong}/").status_code == 404


def test_expired_delegation_link_answers_410(app, client, deleg_event, khon_kaen):
    delegation_id, _page = khon_kaen
    with app.app_context(), unit_of_work():
        secret = mint_link(
            DelegationLink(delegation=db.session.get(Delegation, delegation_id)),
            LinkPurpose.MANAGE,
            lifetime=timedelta(seconds=-1),
        )
    response = client.get(f"/{deleg_event}/delegation/{secret}/")
    assert response.status_code == 410


def test_a_members_manage_link_does_not_open_the_delegation_page(
    app, client, deleg_event, khon_kaen
):
    from tests.registration.helpers import manage_secret

    with app.app_context():
        member = db.session.scalar(select(Registration).where(Registration.is_head))
        secret = manage_secret(member)
    assert client.get(f"/{deleg_event}/registration/{secret}/").status_code == 200
    assert client.get(f"/{deleg_event}/delegation/{secret}/").status_code == 404


def test_organiser_list_shows_city_coordinator_states_and_head(
    client, login, khon_kaen, deleg_event
):
    login("organiser")
    body = client.get(f"/manage/{deleg_event}/delegations/").get_data(as_text=True)
    assert "Khon Kaen" in body and "Ratchanee Phonsri" in body
    assert "Mayor Teerasak Teecharoen" in body
    assert "On the waiting list: 1" in body and "Awaiting approval: 1" in body
    dashboard = client.get(f"/manage/{deleg_event}/").get_data(as_text=True)
    assert "1 delegation, 7 active members." in dashboard


def test_organiser_approves_a_delegations_pending_members_at_once(
    app, client, login, khon_kaen, deleg_event
):
    delegation_id, _page = khon_kaen
    login("organiser")
    detail = f"/manage/{deleg_event}/delegations/{delegation_id}/"
    form = RenderedForm.get(client, detail, form="members/approve")
    response = form.submit()
    assert response.status_code == 303
    with app.app_context():
        member = db.session.scalar(
            select(Registration).where(Registration.full_name == "Pimchanok Thongdee")
        )
        assert member.state.value == "confirmed"


def test_organiser_approves_a_requested_delegation(app, client, login, deleg_event):
    from showcase.delegations.services import delegations

    with app.app_context(), unit_of_work():
        requested = delegations.request_delegation(
            get_event(deleg_event), coordinator(find_city("Phuket", "TH"))
        )
        delegation_id = requested.id
    login("organiser")
    form = RenderedForm.get(
        client, f"/manage/{deleg_event}/delegations/{delegation_id}/", form="/approve"
    )
    response = form.submit()
    assert response.status_code == 303, page_errors(response)
    with app.app_context():
        assert db.session.get(Delegation, delegation_id).state.value == "approved"


def test_protocol_list_puts_the_head_first_and_marks_vips(client, login, khon_kaen, deleg_event):
    login("organiser")
    response = client.get(f"/manage/{deleg_event}/delegations/protocol.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert [(r["order"], r["full_name"], r["head_of_delegation"], r["vip"]) for r in rows[:2]] == [
        ("1", "Teerasak Teecharoen", "Head of delegation", ""),
        ("2", "Suda Rattanakul", "", "VIP"),
    ]
    assert {r["city"] for r in rows} == {"Khon Kaen"}
    assert len(rows) == 7


def test_organiser_invites_a_coordinator_through_the_form(app, client, login, deleg_event):
    login("organiser")
    form = RenderedForm.get(client, f"/manage/{deleg_event}/delegations/invite")
    form.choose("City", "Yokohama").fill("Coordinator's name", "Kenji Sato")
    form.fill("Coordinator's email", "kenji@yokohama.example")
    response = form.submit()
    assert response.status_code == 303, page_errors(response)
    with app.app_context():
        delegation = db.session.scalar(select(Delegation))
        assert (delegation.state.value, delegation.city.name_en) == ("invited", "Yokohama")


def test_organiser_sets_the_substitution_deadline(app, client, login, deleg_event):
    from showcase.delegations.services.settings import substitution_deadline

    login("organiser")
    form = RenderedForm.get(client, f"/manage/{deleg_event}/delegations/settings")
    form.fill("Substitution deadline", "2027-01-20T17:00")
    response = form.submit()
    assert response.status_code == 303, page_errors(response)
    with app.app_context():
        deadline = substitution_deadline(get_event(deleg_event))
        assert deadline.isoformat() == "2027-01-20T10:00:00+00:00"


def test_badges_pdf_has_one_a6_page_per_confirmed_member_in_both_scripts(app, client, deleg_event):
    from pypdf import PdfReader

    with app.app_context():
        event = get_event(deleg_event)
        delegation = approved_delegation(event, find_city("Khon Kaen", "TH"))
        add(
            delegation,
            _category(event, "vip"),
            "Teerasak Teecharoen",
            full_name_th="ธีระศักดิ์ ทีฆายุพันธุ์",
            is_head=True,
        )
        add(delegation, _category(event, "delegate"), "Wichai Kaewta")
        secret = secret_of(delegation)
    response = client.get(f"/{deleg_event}/delegation/{secret}/badges.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.get_data()))
    assert len(reader.pages) == 2
    first = reader.pages[0].extract_text()
    assert "Teerasak Teecharoen" in first and "ธีระศักดิ์ ทีฆายุพันธุ์" in first
    assert "Head of delegation" in first and "Khon Kaen" in first
    assert "Wichai Kaewta" in reader.pages[1].extract_text()
    assert round(float(reader.pages[0].mediabox.width) / 72 * 25.4) == 105
