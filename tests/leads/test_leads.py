"""Exhibitor leads: the visitor's consent decides what the booth sees, a scan again updates the
lead, anything that is not a visitor's badge is refused with the reason, the exports carry the
leads (and nothing withdrawn), and visitors see and withdraw who scanned them."""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from showcase.core.db import unit_of_work
from showcase.extensions import db
from showcase.leads import services
from showcase.leads.models import ExhibitorLead
from showcase.leads.vcard import escape, fold
from showcase.registration.services import registrations
from tests import factories
from tests.forms import RenderedForm
from tests.leads.helpers import exhibitor, payload, scan, visitor


def leads_count() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(ExhibitorLead))


def the_lead() -> ExhibitorLead:
    db.session.rollback()
    return db.session.scalars(select(ExhibitorLead)).one()


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def test_the_registration_form_asks_for_the_consent_with_its_purpose(ctx, client):
    event = factories.event()
    city = factories.city()
    factories.registration_category(event, "visitor", name_en="Visitor")
    form = RenderedForm.get(client, f"/{event.acronym}/register")
    label = "Share my details with exhibitors who scan my badge (optional)"
    assert not form.is_required(label)
    assert "Exhibitors whose booth scans your badge receive your name, organisation, job " in (
        form.soup.get_text(" ")
    )
    form.fill("Full name", "Anna Weber").fill("Email", "anna@example.de")
    form.choose("City", city.name_en).choose("Registration category", "Visitor")
    form.check(label).check(
        "I agree that the organisers keep these details to run the event, as the privacy "
        "notice above says."
    )
    assert form.submit().status_code == 303
    db.session.rollback()
    registration = db.session.scalars(
        select(registrations.Registration).where(
            registrations.Registration.email == "anna@example.de"
        )
    ).one()
    assert registration.share_with_exhibitors is True
    assert registration.shared_with_exhibitors_at == registration.consent_at


def test_without_consent_the_exhibitor_gets_nothing_but_the_badge_code(ctx, client):
    event = factories.event()
    booth = exhibitor(event)
    ben = visitor(event, "Ben Private", "ben@example.org", share=False, organisation="Secret Co")
    response = scan(client, booth.leads_url, payload(ben))
    assert response.status_code == 303
    page = page_text(client, booth.leads_url)
    assert f"Lead kept: badge {ben.badge_code}. This visitor does not share" in page
    assert f"Badge {ben.badge_code}" in page
    for detail in ("Ben Private", "ben@example.org", "Secret Co", "Director"):
        assert detail not in page
    exported = client.get(booth.leads_url + "leads.csv").get_data(as_text=True)
    assert ben.badge_code in exported
    assert "Ben" not in exported and "ben@example.org" not in exported
    cards = client.get(booth.leads_url + "leads.vcf").get_data(as_text=True)
    assert f"FN:{ben.badge_code}\r\n" in cards
    assert "EMAIL" not in cards and "ORG" not in cards and "Ben" not in cards


def test_with_consent_the_exhibitor_gets_name_organisation_job_title_and_email(ctx, client):
    event = factories.event()
    booth = exhibitor(event)
    anna = visitor(event, "Anna Weber", "anna@example.de", share=True, organisation="Stadtwerke")
    assert scan(client, booth.staff_url, payload(anna)).status_code == 303
    page = page_text(client, booth.staff_url)
    assert "Lead kept: Anna Weber." in page
    assert "Anna Weber" in page and "anna@example.de" in page
    assert "Stadtwerke" in page and "Director" in page
    lead = the_lead()
    assert lead.scanned_by == "Staff A-01"
    assert lead.scanned_by_registration_id == booth.staff.id


def test_scanning_a_visitor_again_updates_the_lead(ctx, client):
    event = factories.event()
    booth = exhibitor(event)
    anna = visitor(event, "Anna Weber", "anna@example.de", share=True)
    scan(client, booth.staff_url, payload(anna))
    first = the_lead()
    first_at = first.first_scanned_at
    response = scan(client, booth.leads_url, payload(anna).lower())
    assert response.status_code == 303
    assert "Scanned again: the lead of Anna Weber is updated." in page_text(client, booth.leads_url)
    assert leads_count() == 1
    lead = the_lead()
    assert lead.first_scanned_at == first_at
    assert lead.scanned_at >= first_at
    assert lead.scanned_by == "Somchai Jaidee"  # the contact scanned this time
    assert lead.scanned_by_registration_id is None


def test_a_badge_that_is_not_a_visitors_is_refused_with_the_reason(ctx, client):
    event = factories.event()
    booth = exhibitor(event)
    other_event = factories.event("wscs2029")
    stranger = visitor(other_event, "Other Event", "other@example.org", share=True)
    cancelled = visitor(event, "Gone Away", "gone@example.org", share=True)
    with unit_of_work(lock=True):
        registrations.cancel(cancelled.id, registrations.Actor.REGISTRANT)
    anna = visitor(event, "Anna Weber", "anna@example.de", share=True)
    forged = payload(anna)[:-1] + ("A" if payload(anna)[-1] != "A" else "B")
    refusals = {
        payload(booth.staff): "This is the badge of your own booth's staff, not a visitor's.",
        payload(cancelled): "This badge is not a visitor's: its registration is not confirmed.",
        "R999999-ABCDEFGHJKLM": "This badge code is not valid",
        forged: "This badge code is not valid",
        payload(stranger): "This badge code is not valid",
        "'; DROP TABLE exhibitor_lead; --": "This badge code is not valid",
        "R1-\x00\x00": "What you sent contains control characters (such as a NUL byte)",
        "   ": "Scan a badge or type its code.",
    }
    for code, message in refusals.items():
        response = scan(client, booth.leads_url, code)
        assert response.status_code == 400, code
        assert message in html.unescape(response.get_data(as_text=True)), code
    assert leads_count() == 0


def test_a_refusal_is_said_in_thai_to_thai_staff(ctx, client):
    event = factories.event()
    booth = exhibitor(event)
    client.set_cookie("lang", "th")
    form = RenderedForm.get(client, booth.leads_url, form="lead-scan-form", language="th")
    form.fill("รหัสบัตร (สแกนหรือพิมพ์)", payload(booth.staff))
    response = form.submit()
    assert response.status_code == 400
    assert "นี่คือบัตรของเจ้าหน้าที่บูธของคุณเอง ไม่ใช่ของผู้เยี่ยมชม" in response.get_data(as_text=True)


def test_only_an_approved_booth_collects_leads(ctx, client):
    event = factories.event()
    factories.open_booth_applications(event)
    pending = factories.booth_application(event, factories.city("Phuket", "ภูเก็ต"))
    from showcase.booths.models import BoothApplicationLink
    from showcase.core.links import LinkPurpose, mint_link

    with unit_of_work():
        secret = mint_link(BoothApplicationLink(application=pending), LinkPurpose.MANAGE)
    url = f"/{event.acronym}/booths/application/{secret}/leads/"
    response = client.get(url)
    assert response.status_code == 403
    assert "Leads are collected by approved booths only." in response.get_data(as_text=True)
    assert client.get(f"/{event.acronym}/booths/application/nonsense/leads/").status_code == 404


def test_note_rating_and_tags_are_edited_afterwards_and_hostile_ones_refused(ctx, client):
    event = factories.event()
    booth = exhibitor(event)
    anna = visitor(event, "Anna Weber", "anna@example.de", share=True)
    scan(client, booth.leads_url, payload(anna))
    lead = the_lead()
    url = f"{booth.leads_url}{lead.id}"
    form = RenderedForm.get(client, url)
    assert form.options("Rating") == [
        "No rating",
        "1 of 5 stars",
        "2 of 5 stars",
        "3 of 5 stars",
        "4 of 5 stars",
        "5 of 5 stars",
    ]
    form.fill("Note", "<script>alert(1)</script> wants a pilot; call back")
    form.choose("Rating", "4 of 5 stars")
    form.fill("Tags", " energy, Energy ,pilot,, <b>vip</b>")
    assert form.submit().status_code == 303
    lead = the_lead()
    assert lead.note == "<script>alert(1)</script> wants a pilot; call back"
    assert lead.rating == 4
    assert lead.tag_list == ["energy", "pilot", "<b>vip</b>"]
    page = page_text(client, booth.leads_url)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;vip&lt;/b&gt;" in page

    bad = {
        "note": "x" * 2001,
        "rating": "9",
        "tags": ",".join(f"t{n}" for n in range(11)),
    }
    sent = form.payload()
    for name, value in bad.items():
        sent[name] = value
    response = client.post(url, data=sent)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "This is longer than 2000 characters." in text
    assert "Choose a rating from 1 to 5 stars." in text
    assert "Give at most 10 tags." in text
    form = RenderedForm.get(client, url)
    form.fill("Tags", "a" * 31)
    response = form.submit()
    assert response.status_code == 400
    assert "A tag may have at most 30 characters." in response.get_data(as_text=True)
    lead = the_lead()
    assert lead.rating == 4 and lead.tag_list == ["energy", "pilot", "<b>vip</b>"]
    # Another booth's lead is not this booth's to edit.
    other = exhibitor(event, ("Phuket", "ภูเก็ต"), code="A-02")
    assert client.get(f"{other.leads_url}{lead.id}").status_code == 404


def test_the_csv_export_holds_each_lead_in_the_events_time(ctx, client):
    event = factories.event()
    booth = exhibitor(event)
    anna = visitor(event, "Anna Weber", "anna@example.de", share=True, organisation="=Stadtwerke")
    ben = visitor(event, "Ben Private", "ben@example.org", share=False)
    scan(client, booth.staff_url, payload(anna))
    scan(client, booth.leads_url, payload(ben))
    moment = datetime(2027, 1, 26, 2, 30, tzinfo=UTC)
    with unit_of_work():
        for lead in db.session.scalars(select(ExhibitorLead)):
            lead.first_scanned_at = lead.scanned_at = moment
            if lead.registration_id == anna.id:
                lead.note, lead.rating, lead.tags = "Line one\nline two", 5, "energy,pilot"
    response = client.get(booth.leads_url + "leads.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="wscs2027-leads.csv"'
    body = response.get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == list(services_header())
    assert sorted(rows[1:]) == sorted(
        [
            [
                anna.badge_code,
                "yes",
                "Anna Weber",
                "'=Stadtwerke",
                "Director",
                "anna@example.de",
                "2027-01-26 09:30 ICT (UTC+7)",
                "2027-01-26 09:30 ICT (UTC+7)",
                "Staff A-01",
                "5",
                "energy, pilot",
                "Line one\nline two",
            ],
            [
                ben.badge_code,
                "no",
                "",
                "",
                "",
                "",
                "2027-01-26 09:30 ICT (UTC+7)",
                "2027-01-26 09:30 ICT (UTC+7)",
                "Somchai Jaidee",
                "",
                "",
                "",
            ],
        ]
    )


def services_header():
    from showcase.leads.views import CSV_HEADER

    return CSV_HEADER


def test_the_vcard_export_is_vcard_3_with_rfc_6350_escaping(ctx, client):
    event = factories.event()
    booth = exhibitor(event)
    anna = visitor(
        event,
        "Anna Weber",
        "anna@example.de",
        share=True,
        organisation="Stadtwerke; Energie, Netz",
        job_title="Head\\of Grid",
    )
    scan(client, booth.leads_url, payload(anna))
    with unit_of_work():
        lead = db.session.scalars(select(ExhibitorLead)).one()
        lead.note, lead.rating, lead.tags = "Solar; rooftops,\nfollow up", 3, "energy,pilot"
        lead.scanned_at = datetime(2027, 1, 26, 2, 30, tzinfo=UTC)
        lead_id = lead.id
    response = client.get(booth.leads_url + "leads.vcf")
    assert response.headers["Content-Type"] == "text/vcard; charset=utf-8"
    assert response.get_data(as_text=True) == (
        "BEGIN:VCARD\r\n"
        "VERSION:3.0\r\n"
        "FN:Anna Weber\r\n"
        "N:Weber;Anna;;;\r\n"
        "ORG:Stadtwerke\\; Energie\\, Netz\r\n"
        "TITLE:Head\\\\of Grid\r\n"
        "EMAIL;TYPE=INTERNET:anna@example.de\r\n"
        "CATEGORIES:energy,pilot\r\n"
        "NOTE:★★★\\nSolar\\; rooftops\\,\\nfollow up\r\n"
        "REV:2027-01-26T02:30:00Z\r\n"
        f"UID:urn:showcase:lead:{lead_id}\r\n"
        "END:VCARD\r\n"
    )


def test_vcard_lines_fold_at_75_octets_without_splitting_thai_letters():
    line = "NOTE:" + escape("สมชาย ใจดี " * 12)
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(part[1:] if n else part for n, part in enumerate(parts)) == line
    assert escape("a\\b;c,d\r\ne") == "a\\\\b\\;c\\,d\\ne"


def test_a_visitor_sees_who_scanned_them_and_withdraws_from_one(ctx, client):
    event = factories.event()
    khon_kaen = exhibitor(event)
    phuket = exhibitor(event, ("Phuket", "ภูเก็ต"), code="A-02")
    anna = visitor(event, "Anna Weber", "anna@example.de", share=True)
    scan(client, khon_kaen.leads_url, payload(anna))
    scan(client, phuket.leads_url, payload(anna))
    secret = factories.registration_link(anna, "manage")
    manage_url = f"/{event.acronym}/registration/{secret}/"
    page = page_text(client, manage_url)
    assert "These exhibitors scanned your badge:" in page
    assert "Khon Kaen · booth A-01" in page and "Phuket · booth A-02" in page
    form = RenderedForm.get(client, manage_url, form="exhibitors/")
    khon_kaen_lead = db.session.scalar(
        select(ExhibitorLead.id).where(ExhibitorLead.application_id == khon_kaen.application.id)
    )
    form = RenderedForm.get(client, manage_url, form=f"exhibitors/{khon_kaen_lead}/withdraw")
    response = form.submit()
    assert response.status_code == 303
    assert "Khon Kaen no longer has your details as a lead." in page_text(client, manage_url)
    assert "Anna Weber" not in page_text(client, khon_kaen.leads_url)
    assert "anna" not in client.get(khon_kaen.leads_url + "leads.csv").get_data(as_text=True)
    assert "Anna" not in client.get(khon_kaen.leads_url + "leads.vcf").get_data(as_text=True)
    assert "Anna Weber" in page_text(client, phuket.leads_url)
    withdrawn = db.session.get(ExhibitorLead, khon_kaen_lead)
    assert withdrawn.withdrawn_at is not None
    assert (withdrawn.note, withdrawn.rating, withdrawn.tags, withdrawn.scanned_by) == (
        "",
        None,
        "",
        "",
    )
    # Scanning the badge again does not bring the lead back.
    response = scan(client, khon_kaen.leads_url, payload(anna))
    assert response.status_code == 400
    assert "This visitor has asked not to be among your leads." in response.get_data(as_text=True)
    # Another person's lead is not theirs to withdraw.
    phuket_lead = db.session.scalar(
        select(ExhibitorLead.id).where(ExhibitorLead.application_id == phuket.application.id)
    )
    ben = visitor(event, "Ben Private", "ben@example.org", share=False)
    ben_secret = factories.registration_link(ben, "manage")
    response = client.post(
        f"/{event.acronym}/registration/{ben_secret}/exhibitors/{phuket_lead}/withdraw"
    )
    assert response.status_code == 303
    db.session.rollback()
    assert db.session.get(ExhibitorLead, phuket_lead).withdrawn_at is None


def test_withdrawing_consent_withdraws_every_lead_and_giving_it_shows_the_details(ctx, client):
    event = factories.event()
    khon_kaen = exhibitor(event)
    phuket = exhibitor(event, ("Phuket", "ภูเก็ต"), code="A-02")
    ben = visitor(event, "Ben Private", "ben@example.org", share=False)
    scan(client, khon_kaen.leads_url, payload(ben))
    secret = factories.registration_link(ben, "manage")
    manage_url = f"/{event.acronym}/registration/{secret}/"
    label = "Share my details with exhibitors who scan my badge"
    form = RenderedForm.get(client, manage_url, form="sharing")
    assert form.value(label) is None or form.value(label) == []
    form.check(label)
    assert form.submit().status_code == 303
    assert "Exhibitors who scan your badge now receive your details." in page_text(
        client, manage_url
    )
    assert "Ben Private" in page_text(client, khon_kaen.leads_url)
    scan(client, phuket.leads_url, payload(ben))
    form = RenderedForm.get(client, manage_url, form="sharing")
    form.uncheck(label)
    assert form.submit().status_code == 303
    assert "every exhibitor that scanned your badge has lost your lead" in page_text(
        client, manage_url
    )
    for booth in (khon_kaen, phuket):
        assert "Ben" not in page_text(client, booth.leads_url)
        assert ben.badge_code not in client.get(booth.leads_url + "leads.csv").get_data(
            as_text=True
        )
    db.session.rollback()
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(ExhibitorLead)
            .where(ExhibitorLead.withdrawn_at.is_(None))
        )
        == 0
    )


def test_leads_are_in_the_persons_data_erased_with_them_and_purged(ctx, client):
    event = factories.event()
    booth = exhibitor(event)
    anna = visitor(event, "Anna Weber", "anna@example.de", share=True)
    scan(client, booth.leads_url, payload(anna))
    secret = factories.registration_link(anna, "manage")
    data = json.loads(client.get(f"/{event.acronym}/registration/{secret}/data.json").data)
    leads = data["exhibitor_leads"]
    assert leads["share_with_exhibitors"] is True
    assert [(lead["exhibitor"], lead["booth"]) for lead in leads["leads"]] == [
        ("Khon Kaen", "A-01")
    ]
    # The staff member's scans keep the lead but lose the staff member's name when erased.
    scan(client, booth.staff_url, payload(visitor(event, "Carl", "carl@example.org", True)))
    with unit_of_work(lock=True):
        registrations.erase(booth.staff.id)
    assert [lead.scanned_by for lead in db.session.scalars(select(ExhibitorLead))] == [
        "Somchai Jaidee",
        "",
    ]
    with unit_of_work(lock=True):
        registrations.erase(anna.id)
    assert leads_count() == 1
    with unit_of_work():
        assert services.purge_leads(datetime.now(UTC)) == 0
    with unit_of_work():
        later = datetime.combine(event.ends_on, datetime.min.time(), UTC) + timedelta(days=182)
        assert services.purge_leads(later) == 1
    assert leads_count() == 0


def test_the_booth_contact_and_staff_find_the_scanner_from_their_own_pages(ctx, client):
    event = factories.event()
    booth = exhibitor(event)
    contact_page = page_text(client, f"/{event.acronym}/booths/application/{booth.secret}/")
    assert f'href="{booth.leads_url}"' in contact_page
    assert "Scan visitors and see your leads" in contact_page
    staff_page = page_text(client, f"/{event.acronym}/registration/{booth.staff_secret}/")
    assert f'href="{booth.staff_url}"' in staff_page
    anna = visitor(event, "Anna Weber", "anna@example.de", share=True)
    visitor_page = page_text(
        client, f"/{event.acronym}/registration/{factories.registration_link(anna, 'manage')}/"
    )
    assert "booth-leads" not in visitor_page
    assert "No exhibitor has scanned your badge." in visitor_page
    # A staff pass taken back no longer scans.
    from showcase.booths.services.applications import lock_application
    from showcase.registration.services import passes

    with unit_of_work(lock=True):
        passes.remove_staff(lock_application(booth.application.id), booth.staff.id)
    response = client.get(booth.staff_url)
    assert response.status_code == 403
    assert "Leads are collected by approved booths only." in response.get_data(as_text=True)


def test_the_consent_and_the_scanner_speak_thai(ctx, client):
    event = factories.event()
    factories.registration_category(event, "visitor", name_en="Visitor", name_th="ผู้เข้าชม")
    form = RenderedForm.get(client, f"/{event.acronym}/register", language="th")
    assert not form.is_required("แบ่งปันข้อมูลของฉันกับผู้จัดแสดงที่สแกนบัตรของฉัน (ไม่บังคับ)")
    assert "ผู้จัดแสดงที่บูธสแกนบัตรของคุณจะได้รับชื่อ หน่วยงาน ตำแหน่ง และอีเมลของคุณ" in (form.soup.get_text(" "))
    booth = exhibitor(event)
    page = client.get(booth.leads_url, headers={"Accept-Language": "th"}).get_data(as_text=True)
    assert "รายชื่อผู้สนใจของบูธ A-01" in page
    assert "บันทึกผู้สนใจนี้" in page
