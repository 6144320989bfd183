"""The visa-letter pages as people use them: the delegate asks from their manage page, an
organiser finds the request in the queue, issues it and downloads the PDF, corrects it; the
coordinator asks for a member without an address; check-in staff and reviewers never reach a
page with passport data; the letterhead settings refuse a bad template."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlalchemy import select

from showcase.extensions import db
from showcase.letters.models import LetterState, VisaLetter
from tests import factories
from tests.delegations.helpers import add, approved_delegation, secret_of
from tests.forms import RenderedForm, field_errors
from tests.letters.helpers import (
    PASSPORT_NUMBER,
    delegate,
    delegation_category,
    manage_secret,
    pdf_text,
    request_letter,
)


def organiser(client, role: str = "organiser"):
    account = factories.user(role)
    factories.sign_in(client, account)
    return account


def test_delegate_reaches_the_request_from_the_manage_page(ctx, client):
    event = factories.event()
    secret = manage_secret(delegate(event))

    page = client.get(f"/{event.acronym}/registration/{secret}/").get_data(as_text=True)

    link = BeautifulSoup(page, "html.parser").find("a", string="Visa invitation letter")
    assert link["href"] == f"/{event.acronym}/registration/{secret}/visa-letter"


def test_organiser_issues_a_request_from_the_queue_and_downloads_it(ctx, client):
    event = factories.event()
    letter = request_letter(delegate(event))
    organiser(client)

    queue = client.get(f"/manage/{event.acronym}/letters/").get_data(as_text=True)
    assert "LINDQVIST ERIK JOHAN" in queue and "Requested" in queue
    detail = RenderedForm.get(client, f"/manage/{event.acronym}/letters/{letter.id}/", form="issue")
    response = detail.submit()

    assert response.status_code == 303
    db.session.expire_all()
    issued = db.session.get(VisaLetter, letter.id)
    assert issued.state == LetterState.ISSUED and issued.number == "WSCS2027-0001"
    assert issued.history[-1].by.startswith("organiser-")
    pdf = client.get(f"/manage/{event.acronym}/letters/{letter.id}/letter.pdf")
    assert pdf.mimetype == "application/pdf"
    assert "LINDQVIST ERIK JOHAN" in pdf_text(pdf.data)[0]


def test_organiser_corrects_an_issued_letter_by_its_form(ctx, client):
    event = factories.event()
    letter = request_letter(delegate(event))
    organiser(client)
    RenderedForm.get(client, f"/manage/{event.acronym}/letters/{letter.id}/", form="issue").submit()

    form = RenderedForm.get(client, f"/manage/{event.acronym}/letters/{letter.id}/correct")
    assert form.value("Passport number") == PASSPORT_NUMBER
    form.fill("Name exactly as in the passport", "LINDQVIST ERIK JOHANN")
    form.fill("What was corrected", "Given name misspelt")
    response = form.submit()

    assert response.status_code == 303
    new = db.session.scalar(select(VisaLetter).where(VisaLetter.replaces_id == letter.id))
    assert response.headers["Location"] == f"/manage/{event.acronym}/letters/{new.id}/"
    assert new.number == "WSCS2027-0002" and new.passport_name == "LINDQVIST ERIK JOHANN"
    db.session.expire_all()
    assert db.session.get(VisaLetter, letter.id).state == LetterState.REVOKED


def test_coordinator_asks_for_a_members_letter(ctx, client):
    event = factories.event()
    city = factories.city("Yokohama", "โยโกฮามา", "JP")
    category = delegation_category(event)
    delegation = approved_delegation(event, city)
    mayor = add(delegation, category, "Takeharu Yamanaka")
    secret = secret_of(delegation)

    page = client.get(f"/{event.acronym}/delegation/{secret}/").get_data(as_text=True)
    assert f"/delegation/{secret}/members/{mayor.id}/visa-letter" in page
    form = RenderedForm.get(
        client, f"/{event.acronym}/delegation/{secret}/members/{mayor.id}/visa-letter"
    )
    form.fill("Name exactly as in the passport", "YAMANAKA TAKEHARU")
    form.fill("Passport number", "TR5550142")
    form.choose("Nationality", "Japan")
    form.fill("Date of birth", "1972-09-02")
    form.fill("Arrival in Thailand", "2027-01-25")
    form.fill("Departure from Thailand", "2027-01-29")
    form.fill("Embassy or consulate where you apply", "Royal Thai Embassy, Tokyo")
    response = form.submit()

    assert response.status_code == 303
    letter = db.session.scalar(select(VisaLetter))
    assert (letter.registration_id, letter.requested_by) == (mayor.id, "coordinator")


def test_checkin_staff_and_reviewers_never_see_passport_data(ctx, client):
    event = factories.event()
    letter = request_letter(delegate(event))
    for role in ("checkin", "reviewer"):
        client.get("/manage/logout")
        organiser(client, role)
        for path in (
            f"/manage/{event.acronym}/letters/",
            f"/manage/{event.acronym}/letters/{letter.id}/",
            f"/manage/{event.acronym}/letters/{letter.id}/correct",
            f"/manage/{event.acronym}/letters/settings",
        ):
            response = client.get(path)
            assert response.status_code == 403, (role, path)
            assert PASSPORT_NUMBER not in response.get_data(as_text=True)
        dashboard = client.get(f"/manage/{event.acronym}/").get_data(as_text=True)
        assert "Visa letters" not in dashboard


def test_letterhead_settings_refuse_an_unknown_placeholder_and_keep_the_text(ctx, client):
    event = factories.event()
    organiser(client)
    form = RenderedForm.get(client, f"/manage/{event.acronym}/letters/settings")
    form.fill("Issuing organisation (English)", "Digital Economy Promotion Agency")
    form.fill("Letter text (English)", "Dear {embassy}, we invite {fullname}.")

    response = form.submit()

    assert response.status_code == 400
    assert field_errors(response)["body_en"].startswith("“{fullname}” is not a placeholder")
    again = RenderedForm.from_response(client, response, form.url)
    assert again.value("Issuing organisation (English)") == "Digital Economy Promotion Agency"
    form.fill("Letter text (English)", "Dear {embassy}, we invite {name}.")
    form.fill("Days after the event until passport data is deleted", "45")
    assert form.submit().status_code == 303


def test_letterhead_logo_is_uploaded_kept_and_refused_when_not_an_image(ctx, client):
    from showcase.letters.services.settings import current_settings
    from tests.booths.helpers import png_bytes
    from tests.forms import Upload

    event = factories.event()
    organiser(client)
    url = f"/manage/{event.acronym}/letters/settings"
    form = RenderedForm.get(client, url)
    form.fill(
        "Logo (PNG, JPEG, WebP or GIF, at most 1 MB)", Upload("depa.png", png_bytes(), "image/png")
    )
    assert form.submit().status_code == 303
    logo_id = current_settings(event).logo_id
    assert logo_id is not None

    again = RenderedForm.get(client, url)
    again.fill("Signatory's name (English)", "Dr Nuttapon Nimmanphatcharin")
    assert again.submit().status_code == 303  # no new file: the logo stays
    db.session.expire_all()
    assert current_settings(event).logo_id == logo_id

    bad = RenderedForm.get(client, url)
    bad.fill("Logo (PNG, JPEG, WebP or GIF, at most 1 MB)", Upload("logo.png", b"not an image"))
    response = bad.submit()
    assert response.status_code == 400
    assert field_errors(response)["logo"] == "This file is not an image that can be read."
