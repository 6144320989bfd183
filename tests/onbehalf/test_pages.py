"""The pages of registering on others' behalf as people meet them (tests/forms.py): the
organisers' walk-in, edit and invitation pages, the invitee's pre-filled form, accepting an
offered place, and the exhibitor naming their staff; bad input gets a clear message in the
person's language and never a 500."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from showcase.core.db import unit_of_work, utcnow
from showcase.events.services import get_event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationInvitation
from showcase.registration.services import offers, registrations
from tests import factories
from tests.forms import RenderedForm, Upload, page_errors
from tests.helpers import email_text, links_in
from tests.onbehalf.helpers import S, by_email, city, waiting
from tests.onbehalf.test_passes import approved_booth
from tests.registration.helpers import category, manage_secret

EVENT = "wscs2027"


def test_organiser_registers_a_walk_in_by_the_page_and_checks_them_in(
    app, client, login, desk_event
):
    login("organiser")
    form = RenderedForm.get(client, f"/manage/{EVENT}/registrations/new")
    form.fill("Full name", "Malee Srisuk").fill("Email", "malee@phuket.example")
    form.choose("City", "Phuket").choose("Registration category", "Visitor")
    form.check("Check in now (the person is at the desk)")
    response = form.submit()
    assert response.status_code == 303
    with app.app_context():
        registration = by_email(get_event(desk_event), "malee@phuket.example")
        assert registration.state == S.CONFIRMED
        assert registration.checked_in_at is not None
        assert response.headers["Location"].endswith(f"/registrations/{registration.id}/")


def test_organiser_edit_to_a_full_category_is_refused_on_the_page(app, client, login, desk_event):
    with app.app_context():
        event = get_event(desk_event)
        delegate, visitor = category(event, "delegate"), category(event, "visitor")
        for email in ("a@x.example", "b@x.example"):
            factories.registration(event, city("Phuket"), delegate, confirm=True, email=email)
        moving = factories.registration(
            event, city("Phuket"), visitor, confirm=True, email="c@x.example"
        ).id
    login("organiser")
    form = RenderedForm.get(client, f"/manage/{EVENT}/registrations/{moving}/edit")
    assert form.value("Full name") == "Somchai Jaidee"
    form.choose("Registration category", "City delegate").fill("Full name", "Somchay Jaidee")
    response = form.submit()
    assert response.status_code == 409
    assert page_errors(response)["Registration category"] == [
        "All places of City delegate are taken, so this registration cannot move there."
    ]
    form = RenderedForm.get(client, f"/manage/{EVENT}/registrations/{moving}/edit")
    form.fill("Full name", "Somchay Jaidee")
    assert form.submit().status_code == 303
    detail = client.get(f"/manage/{EVENT}/registrations/{moving}/").get_data(as_text=True)
    assert "Full name: Somchai Jaidee → Somchay Jaidee" in detail


BAD_CSV = (
    "email,full_name,category,language\n"
    "nok@khonkaen.example,Nok Srisuk,visitor,th\n"
    "not-an-address,Somchai,visitor,en\n"
    "malee@phuket.example,,nosuch,fr\n"
    "nok@khonkaen.example,Nok again,visitor,en\n"
)
GOOD_CSV = (
    "email,full_name,full_name_th,category,organisation,language\n"
    "nok@khonkaen.example,Nok Srisuk,นก ศรีสุข,media,Khon Kaen Post,th\n"
    "jane@singapore.example,Jane Tan,,media,Straits Times,en\n"
)


def upload(client, data: str):
    form = RenderedForm.get(client, f"/manage/{EVENT}/registrations/invitations")
    form.fill("CSV file of invitees", Upload("invitees.csv", data.encode(), "text/csv"))
    return form.submit()


def test_csv_with_bad_rows_is_refused_by_line_and_nothing_is_imported(
    app, client, login, desk_event
):
    login("organiser")
    response = upload(client, BAD_CSV)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The file was not imported: it has 3 problems." in page
    assert "Line 3: email: Give an email address such as name@example.org." in page
    assert (
        "Line 4: full_name: give a name of up to 120 characters; category: use one of "
        "delegate, media, visitor; language: use en or th" in page
    )
    assert "Line 5: email: the same address is on line 2" in page
    with app.app_context():
        assert db.session.scalar(select(RegistrationInvitation.id)) is None


def test_invitation_link_opens_the_form_filled_in_and_needs_no_code(
    mail_app, client, login, desk_event, smtp_server, deliver
):
    login("organiser")
    response = upload(client, GOOD_CSV)
    assert response.status_code == 303
    deliver()
    messages = smtp_server.wait_for(2)
    (thai,) = [m for m in messages if "nok@khonkaen.example" in m["To"]]
    assert thai["Subject"] == "ขอเชิญเข้าร่วม มหกรรมเมืองอัจฉริยะโลก 2570"
    (link,) = [link for link in links_in(thai) if "invite=" in link]
    assert "invite=" in email_text(thai)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.get("/manage/logout")
    form = RenderedForm.get(client, "/" + path, language="th")
    assert form.value("ชื่อ-นามสกุล") == "Nok Srisuk"
    assert form.value("อีเมล") == "nok@khonkaen.example"
    assert form.options("ประเภทการลงทะเบียน") == ["สื่อมวลชน"]
    assert "รหัสคำเชิญ (ถ้ามี)" not in form.labels
    form.choose("เมือง", "ขอนแก่น").check("ข้าพเจ้ายินยอม")
    response = form.submit()
    assert response.status_code == 303
    with mail_app.app_context():
        registration = by_email(get_event(desk_event), "nok@khonkaen.example")
        assert (registration.state, registration.category.code) == (S.CONFIRMED, "media")
    # The link is used: opening it again says so.
    assert client.get("/" + path).status_code == 409


def offered_place(app, desk_event) -> str:
    with app.app_context():
        event = get_event(desk_event)
        with unit_of_work(lock=True):
            offers.update_waitlist_settings(event, 48, by_hand=False)
        delegate = category(event, "delegate")
        (first, _second) = waiting(event, delegate, "a@x.example", "b@x.example")
        waiting(event, delegate, "w1@x.example", "w2@x.example")
        db.session.execute(
            Registration.__table__.update()
            .where(Registration.email == "w1@x.example")
            .values(language="th")
        )
        db.session.commit()
        with unit_of_work(lock=True):
            registrations.cancel(first.id, registrations.Actor.REGISTRANT)
        return manage_secret(by_email(event, "w1@x.example"))


def test_offer_accepted_in_time_on_the_manage_page_confirms(app, client, desk_event):
    secret = offered_place(app, desk_event)
    form = RenderedForm.get(client, f"/{EVENT}/registration/{secret}/", form="accept")
    response = form.submit()
    assert response.status_code == 303
    with app.app_context():
        assert by_email(get_event(desk_event), "w1@x.example").state == S.CONFIRMED


def test_offer_accepted_after_expiry_is_refused_with_410_in_thai_and_passes_on(
    app, client, desk_event
):
    secret = offered_place(app, desk_event)
    form = RenderedForm.get(
        client, f"/{EVENT}/registration/{secret}/", form="accept", language="th"
    )
    with app.app_context():
        db.session.execute(
            Registration.__table__.update()
            .where(Registration.email == "w1@x.example")
            .values(offer_expires_at=utcnow() - timedelta(minutes=1))
        )
        db.session.commit()
    response = form.submit()
    assert response.status_code == 410
    assert "หมดเวลาตอบรับที่นั่งนี้แล้ว" in response.get_data(as_text=True)
    with app.app_context():
        event = get_event(desk_event)
        assert by_email(event, "w1@x.example").state == S.CANCELLED
        assert by_email(event, "w2@x.example").state == S.OFFERED


def test_exhibitor_names_staff_and_one_too_many_is_refused_in_their_language(
    app, client, desk_event
):
    from showcase.booths.models import BoothApplicationLink
    from showcase.core.links import LinkPurpose, mint_link

    with app.app_context():
        event = get_event(desk_event)
        application = approved_booth(event, "A-01")  # 2 passes
        with unit_of_work():
            secret = mint_link(BoothApplicationLink(application=application), LinkPurpose.MANAGE)
    url = f"/{EVENT}/booths/application/{secret}/staff"
    for number in range(2):
        form = RenderedForm.get(client, url)
        form.fill("Staff member's full name", f"Staff {number}")
        form.fill("Staff member's email", f"staff{number}@phuket.example")
        assert form.submit().status_code == 303
    form = RenderedForm.get(client, url, language="th")
    form.fill("ชื่อ-นามสกุลของเจ้าหน้าที่", "Staff 3").fill("อีเมลของเจ้าหน้าที่", "s3@phuket.example")
    response = form.submit()
    assert response.status_code == 409
    assert page_errors(response)[""] == [
        "บัตรเจ้าหน้าที่ทั้ง 2 ใบของบูธนี้มีชื่อครบแล้ว ยกเลิกใบหนึ่งก่อนจึงจะระบุชื่อผู้อื่นได้ หรือขอเพิ่มจากผู้จัดงาน"
    ]
    with app.app_context():
        assert by_email(get_event(desk_event), "staff1@phuket.example").state == S.CONFIRMED


def test_organisers_set_the_passes_and_the_exhibitor_takes_one_back(app, client, login, desk_event):
    from showcase.booths.models import BoothApplicationLink
    from showcase.core.links import LinkPurpose, mint_link

    with app.app_context():
        event = get_event(desk_event)
        application = approved_booth(event, "A-01")  # 2 passes by its size
        application_id = application.id
        with unit_of_work():
            secret = mint_link(BoothApplicationLink(application=application), LinkPurpose.MANAGE)
    login("organiser")
    form = RenderedForm.get(
        client, f"/manage/{EVENT}/booths/applications/{application_id}", form="staff-passes"
    )
    form.fill("Passes (empty: by the booth's size)", "1")
    assert form.submit().status_code == 303
    client.get("/manage/logout")
    url = f"/{EVENT}/booths/application/{secret}/staff"
    form = RenderedForm.get(client, url)
    form.fill("Staff member's full name", "Staff One").fill("Staff member's email", "one@x.example")
    assert form.submit().status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert "1 of 1 staff passes of your booth are named." in page
    form = RenderedForm.get(client, url, form="/cancel")
    assert form.submit().status_code == 303
    with app.app_context():
        member = by_email(get_event(desk_event), "one@x.example")
        assert member.state == S.CANCELLED
        assert member.history[-1].note == "staff pass taken back"


def test_organiser_offers_a_place_from_the_detail_page_and_sees_its_expiry(
    app, client, login, desk_event
):
    with app.app_context():
        event = get_event(desk_event)
        with unit_of_work(lock=True):
            offers.update_waitlist_settings(event, None, by_hand=True)
        delegate = category(event, "delegate")
        first, _second = waiting(event, delegate, "a@x.example", "b@x.example")
        (chosen,) = waiting(event, delegate, "w@x.example")
        with unit_of_work(lock=True):
            registrations.cancel(first.id, registrations.Actor.REGISTRANT)
        chosen_id = chosen.id
    login("organiser")
    detail = f"/manage/{EVENT}/registrations/{chosen_id}/"
    form = RenderedForm.get(client, detail, form="/offer")
    form.fill("Hours to accept", "0")
    response = form.submit()
    assert response.status_code == 303
    page = client.get(detail).get_data(as_text=True)
    assert "Give a number of hours from 1 to 720." in page
    form = RenderedForm.get(client, detail, form="/offer")
    form.fill("Hours to accept", "24")
    assert form.submit().status_code == 303
    page = client.get(detail).get_data(as_text=True)
    assert "A place is held for this person until" in page
    with app.app_context():
        assert by_email(get_event(desk_event), "w@x.example").state == S.OFFERED


def test_erasing_a_registration_made_from_an_invitation_erases_the_invitation(
    mail_app, client, login, desk_event, smtp_server, deliver
):
    login("organiser")
    assert upload(client, GOOD_CSV).status_code == 303
    deliver()
    (message,) = [m for m in smtp_server.wait_for(2) if "jane@singapore.example" in m["To"]]
    (link,) = [link for link in links_in(message) if "invite=" in link]
    form = RenderedForm.get(client, "/" + link.split("://", 1)[1].split("/", 1)[1])
    form.choose("City", "Phuket").check("I agree that the organisers keep these details")
    assert form.submit().status_code == 303
    with mail_app.app_context():
        registration = by_email(get_event(desk_event), "jane@singapore.example")
        with unit_of_work(lock=True):
            registrations.erase(registration.id)
        assert db.session.scalars(select(RegistrationInvitation.email)).all() == [
            "nok@khonkaen.example"
        ]
