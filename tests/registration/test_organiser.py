"""Organisers: the list, decisions (approve, reject, cancel with promotion and its email through
a real SMTP server), the CSV export with Thai text, the check-in desk and permissions."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

from sqlalchemy import select

from showcase.events.services import get_event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationState
from showcase.registration.services.badges import badge_payload, registration_from_payload
from tests.helpers import email_text, links_in
from tests.registration.helpers import add_city, category, confirm_registration, register

S = RegistrationState


def three_delegates(app, reg_event):
    """Two confirmed delegates (capacity 2) and one on the waiting list."""
    with app.app_context():
        ev = get_event(reg_event)
        delegate = category(ev, "delegate")
        kk = add_city("Khon Kaen")
        ids = [
            register(ev, kk, delegate, confirm=True, email=f"d{n}@kk.example", full_name=name).id
            for n, name in enumerate(["Anong Srisuk", "Boonmee Kaewta", "Chalerm Wongsa"])
        ]
        return ids


def test_cancelling_a_seat_promotes_the_first_waiting_and_emails_them(
    mail_app, client, login, reg_event, smtp_server, deliver
):
    first, _second, waiting = three_delegates(mail_app, reg_event)
    deliver()
    smtp_server.messages.clear()
    login("organiser")
    response = client.post(
        f"/manage/{reg_event}/registrations/{first}/cancel", data={"reason": "Duplicate"}
    )
    assert response.status_code == 303
    with mail_app.app_context():
        assert db.session.get(Registration, first).state == S.CANCELLED
        assert db.session.get(Registration, waiting).state == S.CONFIRMED
    deliver()
    messages = smtp_server.wait_for(2)
    by_recipient = {m["To"].split("<")[-1].rstrip(">"): m for m in messages}
    promoted = by_recipient["d2@kk.example"]
    assert promoted["Subject"] == "You are registered for World Smart City Showcase 2027"
    assert "a place has become free and it is yours" in email_text(promoted)
    assert any("/badge" in link for link in links_in(promoted))
    attachments = [part.get_filename() for part in promoted.iter_attachments()]
    assert attachments == ["wscs2027.ics"]
    cancelled = by_recipient["d0@kk.example"]
    assert (
        cancelled["Subject"] == "Your registration for World Smart City Showcase 2027 is cancelled"
    )
    assert "Reason: Duplicate" in email_text(cancelled)


def test_approval_flow_takes_a_seat_or_rejects_with_a_reason(app, client, login, reg_event):
    with app.app_context():
        ev = get_event(reg_event)
        media = category(ev, "media")
        kk = add_city("Khon Kaen")
        one = register(ev, kk, media, confirm=True, email="m1@press.example")
        two = register(ev, kk, media, confirm=True, email="m2@press.example")
        assert db.session.get(Registration, one.id).state == S.AWAITING_APPROVAL
        one_id, two_id = one.id, two.id
    login("organiser")
    assert client.post(f"/manage/{reg_event}/registrations/{one_id}/approve").status_code == 303
    missing = client.post(f"/manage/{reg_event}/registrations/{two_id}/reject", data={})
    assert missing.status_code == 303
    with app.app_context():
        assert db.session.get(Registration, two_id).state == S.AWAITING_APPROVAL
    client.post(f"/manage/{reg_event}/registrations/{two_id}/reject", data={"reason": "Not press"})
    with app.app_context():
        assert db.session.get(Registration, one_id).state == S.CONFIRMED
        rejected = db.session.get(Registration, two_id)
        assert rejected.state == S.REJECTED
        assert rejected.decision_reason == "Not press"
    detail = client.get(f"/manage/{reg_event}/registrations/{two_id}/")
    assert "Awaiting approval → Not accepted" in detail.text
    assert "was not accepted" in detail.text  # the email in the history


def test_list_search_filters_and_counts(app, client, login, reg_event):
    three_delegates(app, reg_event)
    login("organiser")
    page = client.get(f"/manage/{reg_event}/registrations/?q=boonmee")
    assert page.status_code == 200
    assert "Boonmee Kaewta" in page.text and "Anong Srisuk" not in page.text
    waiting = client.get(f"/manage/{reg_event}/registrations/?state=waitlisted")
    assert "Chalerm Wongsa" in waiting.text and "Anong Srisuk" not in waiting.text
    assert "1 registration found" in waiting.text
    assert "3 registrations found" in client.get(f"/manage/{reg_event}/registrations/").text
    dashboard = client.get(f"/manage/{reg_event}/")
    assert "3 registrations, 0 checked in." in dashboard.text


def test_csv_export_opens_in_excel_with_thai_and_neutralised_formulas(
    app, client, login, reg_event
):
    with app.app_context():
        ev = get_event(reg_event)
        register(
            ev,
            add_city("Khon Kaen"),
            category(ev, "visitor"),
            full_name_th="สมชาย ใจดี",
            organisation='=HYPERLINK("http://evil")',
        )
    login("organiser")
    response = client.get(f"/manage/{reg_event}/registrations.csv")
    assert response.status_code == 200
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["full_name_th"] == "สมชาย ใจดี"
    assert rows[0]["organisation"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["city"] == "Khon Kaen"


def test_csv_export_has_readable_states_and_local_times_with_a_utc_column(
    app, client, login, reg_event
):
    with app.app_context():
        ev = get_event(reg_event)
        registration = register(ev, add_city("Khon Kaen"), category(ev, "visitor"), confirm=True)
        registration = db.session.get(Registration, registration.id)
        registration.created_at = datetime(2027, 1, 26, 2, 5, tzinfo=UTC)
        registration.checked_in_at = datetime(2027, 2, 2, 2, 12, tzinfo=UTC)
        db.session.commit()
        register(
            ev,
            None,
            category(ev, "media"),
            email="aroha@wellington.example",
            other_country="NZ",
            other_city="Wellington",
            language="th",
        )
    login("organiser")
    response = client.get(f"/manage/{reg_event}/registrations.csv")
    reader = csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")))
    assert reader.fieldnames[-4:] == [
        "registered_at",
        "registered_at_utc",
        "checked_in_at",
        "checked_in_at_utc",
    ]
    first, second = list(reader)
    assert {key: first[key] for key in ("state", "category", "city", "country", "language")} == {
        "state": "Confirmed",
        "category": "Visitor",
        "city": "Khon Kaen",
        "country": "Thailand",
        "language": "English",
    }
    assert first["registered_at"] == "2027-01-26 09:05 ICT (UTC+7)"
    assert first["registered_at_utc"] == "2027-01-26T02:05:00Z"
    assert first["checked_in_at"] == "2027-02-02 09:12 ICT (UTC+7)"
    assert first["checked_in_at_utc"] == "2027-02-02T02:12:00Z"
    assert (second["state"], second["city"], second["country"], second["language"]) == (
        "Email not confirmed",
        "Wellington",
        "New Zealand",
        "ไทย",
    )
    assert second["checked_in_at"] == second["checked_in_at_utc"] == ""
    # For an organiser reading Thai, the words are Thai; the UTC column stays the same.
    thai = client.get(
        f"/manage/{reg_event}/registrations.csv", headers={"Accept-Language": "th"}
    ).data.decode("utf-8-sig")
    thai_first = next(csv.DictReader(io.StringIO(thai)))
    assert (thai_first["state"], thai_first["category"], thai_first["country"]) == (
        "ยืนยันแล้ว",
        "ผู้เข้าชม",
        "ไทย",
    )
    assert thai_first["registered_at_utc"] == "2027-01-26T02:05:00Z"


def test_detail_page_shows_languages_actors_and_notes_in_words(app, client, login, reg_event):
    _first, _second, waiting = three_delegates(app, reg_event)
    with app.app_context():
        registration = db.session.get(Registration, waiting)
        registration.language = "th"
        db.session.commit()
    login("organiser")
    page = client.get(f"/manage/{reg_event}/registrations/{waiting}/").text
    text = re.sub(r"\s+", " ", page)
    assert 'Language for emails</dt><dd class="col-sm-8">ไทย</dd>' in page
    assert "the registrant · — → Email not confirmed" in text
    assert (
        "Showcase (seats and waiting list) · Email not confirmed → On the waiting list · "
        "all places of the category were taken"
    ) in text
    assert "number 1 on the waiting list of City delegate" in text
    for code in ("· registrant ·", "· system ·", "category full", "pending_email", ">th<"):
        assert code not in page, code


def test_badge_payload_is_signed_and_a_forged_one_is_refused(app, reg_event):
    with app.app_context():
        ev = get_event(reg_event)
        registration = register(ev, add_city("Phuket"), category(ev, "visitor"), confirm=True)
        payload = badge_payload(registration)
        assert re.fullmatch(r"R\d+-[A-Z2-7]{12}", payload)
        assert registration_from_payload(ev, payload.lower()).id == registration.id
        number, signature = payload[1:].split("-")
        altered = [
            f"R{int(number) + 1}-{signature}",
            f"R{number}-{'A' if signature[0] != 'A' else 'B'}{signature[1:]}",
            "R1-AAAAAAAAAAAA",
            "hello",
        ]
        from showcase.registration.services.badges import BadgeRefused

        for text in altered:
            try:
                registration_from_payload(ev, text)
            except BadgeRefused:
                continue
            raise AssertionError(f"{text} was accepted")


def test_check_in_desk_scans_says_already_checked_in_and_undoes(app, client, login, reg_event):
    with app.app_context():
        ev = get_event(reg_event)
        registration = register(ev, add_city("Phuket"), category(ev, "visitor"), confirm=True)
        waiting_ids = three_delegates(app, reg_event)
        payload = badge_payload(registration)
        waiting_payload = badge_payload(db.session.get(Registration, waiting_ids[2]))
        registration_id = registration.id
    login("checkin")
    # A search by address (GET) never checks anyone in.
    assert client.get(f"/manage/{reg_event}/checkin/?q={payload}").status_code == 200
    with app.app_context():
        assert db.session.get(Registration, registration_id).checked_in_at is None
    first = client.post(f"/manage/{reg_event}/checkin/", data={"payload": payload})
    assert first.status_code == 200
    assert "Checked in: Somchai Jaidee" in first.text
    second = client.post(f"/manage/{reg_event}/checkin/", data={"payload": payload})
    assert second.status_code == 409
    assert re.search(
        r"Somchai Jaidee was already checked in on \w{3} \d{1,2} \w{3}, \d\d:\d\d ICT\.",
        second.text,
    )
    # The last character changed (to Q, or to R when it is a Q: the same code would be no forgery).
    forged_payload = payload[:-1] + ("R" if payload.endswith("Q") else "Q")
    forged = client.post(f"/manage/{reg_event}/checkin/", data={"payload": forged_payload})
    assert forged.status_code == 400
    assert "This badge code is not valid" in forged.text
    waiting = client.post(f"/manage/{reg_event}/checkin/", data={"payload": waiting_payload})
    assert waiting.status_code == 400
    assert "Not checked in: this registration is on the waiting list." in waiting.text
    found = client.post(f"/manage/{reg_event}/checkin/", data={"payload": "chalerm"})
    assert "Chalerm Wongsa" in found.text
    undo = client.post(f"/manage/{reg_event}/checkin/{registration_id}/undo")
    assert undo.status_code == 303
    with app.app_context():
        assert db.session.get(Registration, registration_id).checked_in_at is None
    again = client.post(f"/manage/{reg_event}/checkin/{registration_id}")
    assert again.status_code == 200 and "Checked in: Somchai Jaidee" in again.text


def test_already_checked_in_says_the_day_as_well_as_the_time(app, client, login, reg_event):
    with app.app_context():
        ev = get_event(reg_event)
        registration = register(ev, add_city("Phuket"), category(ev, "visitor"), confirm=True)
        payload = badge_payload(registration)
    login("checkin")
    client.post(f"/manage/{reg_event}/checkin/", data={"payload": payload})
    with app.app_context():
        # Checked in on the first morning; the badge is shown again a day later.
        db.session.get(Registration, registration.id).checked_in_at = datetime(
            2027, 2, 2, 2, 12, tzinfo=UTC
        )
        db.session.commit()
    english = client.post(f"/manage/{reg_event}/checkin/", data={"payload": payload})
    assert english.status_code == 409
    assert "Somchai Jaidee was already checked in on Tue 2 Feb, 09:12 ICT." in english.text
    thai = client.post(
        f"/manage/{reg_event}/checkin/",
        data={"payload": payload},
        headers={"Accept-Language": "th"},
    )
    assert "Somchai Jaidee เช็กอินไปแล้วเมื่อ อังคาร 2 ก.พ. 2570, 09:12 ICT" in thai.text
    search = client.get(f"/manage/{reg_event}/checkin/?q=somchai")
    assert "checked in on Tue 2 Feb, 09:12 ICT" in search.text


def test_waiting_list_is_shown_in_queue_order(app, client, login, reg_event):
    with app.app_context():
        ev = get_event(reg_event)
        delegate = category(ev, "delegate")
        kk = add_city("Khon Kaen")
        for n in range(2):
            register(ev, kk, delegate, confirm=True, email=f"seat{n}@kk.example")
        # Anong registers first but confirms her address last, so she waits behind the others.
        anong = register(ev, kk, delegate, email="anong@kk.example", full_name="Anong First")
        boonmee = register(ev, kk, delegate, email="b@kk.example", full_name="Boonmee Second")
        chalerm = register(ev, kk, delegate, email="c@kk.example", full_name="Chalerm Third")
        for person in (boonmee, chalerm, anong):
            confirm_registration(ev, person)
    login("organiser")
    page = client.get(f"/manage/{reg_event}/registrations/?state=waitlisted").text
    order = [page.index(name) for name in ("Boonmee Second", "Chalerm Third", "Anong First")]
    assert order == sorted(order)
    assert "in the order in which places are offered" in page
    rows = re.findall(r"On the waiting list · number (\d)", page)
    assert rows == ["1", "2", "3"]


def test_check_in_staff_cannot_open_the_registration_list_and_reviewers_not_the_desk(
    app, client, login, reg_event
):
    login("checkin")
    assert client.get(f"/manage/{reg_event}/registrations/").status_code == 403
    assert client.get(f"/manage/{reg_event}/registrations.csv").status_code == 403
    assert client.get(f"/manage/{reg_event}/checkin/").status_code == 200
    other = app.test_client()
    login("reviewer", target=other)
    assert other.get(f"/manage/{reg_event}/checkin/").status_code == 403
    assert app.test_client().get(f"/manage/{reg_event}/checkin/").status_code == 302


def test_categories_and_settings_pages_save_and_report_errors(app, client, login, reg_event):
    login("organiser")
    assert client.get(f"/manage/{reg_event}/registration/settings").status_code == 200
    bad = client.post(
        f"/manage/{reg_event}/registration/categories/new",
        data={"code": "Bad Code", "name_en": "X"},
    )
    assert bad.status_code == 400
    assert "Use lower-case letters, digits and hyphens" in bad.text
    good = client.post(
        f"/manage/{reg_event}/registration/categories/new",
        data={"code": "vip", "name_en": "VIP", "capacity": "5", "is_open": "y"},
    )
    assert good.status_code == 303
    saved = client.post(
        f"/manage/{reg_event}/registration/settings",
        data={"city_cap": "3", "privacy_version": "2027-01"},
    )
    assert saved.status_code == 303
    with app.app_context():
        ev = get_event(reg_event)
        assert category(ev, "vip").capacity == 5
        from showcase.registration.services.settings import find_settings

        assert find_settings(ev).city_cap == 3
    bigger = three_delegates(app, reg_event)
    with app.app_context():
        delegate_id = category(get_event(reg_event), "delegate").id
    client.post(
        f"/manage/{reg_event}/registration/categories/{delegate_id}",
        data={"code": "delegate", "name_en": "City delegate", "capacity": "3", "is_open": "y"},
    )
    with app.app_context():
        # The larger capacity let the waiting delegate in at once.
        assert db.session.get(Registration, bigger[2]).state == S.CONFIRMED
        assert (
            db.session.scalar(
                select(db.func.count())
                .select_from(Registration)
                .where(Registration.state == S.CONFIRMED)
            )
            == 3
        )
