"""The cooperation pages as people meet them (tests/forms.py): a Thai city's coordinator fills
the profile in Thai by label, a company's representative requests a meeting from a suggestion,
the coordinator accepts, both agendas show it, the table scan records it, both record an
outcome and the organisers' pages and report count it; and the refusals on the page, with the
status it answers and nothing saved."""

from __future__ import annotations

import io

import openpyxl
from sqlalchemy import func, select

from showcase.cooperation.models import CooperationProfile, Meeting, MeetingState
from showcase.cooperation.services import meetings
from showcase.extensions import db
from tests import factories
from tests.cooperation.helpers import (
    city_delegation,
    lounge,
    solargrid,
    track,
)
from tests.delegations.helpers import secret_of
from tests.forms import RenderedForm, page_errors


def _setup():
    event = factories.event()
    lounge(event)
    delegation, member = city_delegation(event, language="th")
    representative, company = solargrid(event, ["en", "th"])
    return (
        event,
        secret_of(delegation),
        factories.registration_link(representative, "manage"),
        company,
        member,
    )


def test_the_journey_from_a_thai_profile_to_the_report(ctx, client, login):
    event, city_secret, company_secret, _company, member = _setup()
    base = f"/{event.acronym}/cooperation"
    city_page = f"{base}/delegation/{city_secret}/"

    page = client.get(
        f"/{event.acronym}/delegation/{city_secret}/", headers={"Accept-Language": "th"}
    )
    assert f"{base}/delegation/{city_secret}/" in page.get_data(as_text=True)

    form = RenderedForm.get(client, f"{city_page}profile", language="th")
    assert form.value("ชื่อที่แสดง") == "ขอนแก่น"
    form.choose("ภาษาที่ใช้ประชุมได้", "ภาษาไทย", "ภาษาอังกฤษ")
    form.choose("ภาษาของคำอธิบาย", "ภาษาไทย")
    form.fill("พลังงานอัจฉริยะ: สิ่งที่ท่านต้องการ", "สินเชื่อโซลาร์รูฟท็อป")
    form.fill("การเดินทางและขนส่งอัจฉริยะ: สิ่งที่ท่านเสนอ", "ข้อมูลรถโดยสารด่วนพิเศษ")
    form.choose("ผู้ที่เข้าร่วมประชุมได้", member.full_name)
    form.check("ข้าพเจ้ายินยอมให้ Showcase แสดงโปรไฟล์ความร่วมมือนี้")
    response = form.submit()
    assert response.status_code == 303, page_errors(response)
    city = db.session.scalar(
        select(CooperationProfile).where(CooperationProfile.city_id.is_not(None))
    )
    assert city.display_name == "ขอนแก่น"
    assert sorted(i.description_th for i in city.interests) == [
        "ข้อมูลรถโดยสารด่วนพิเศษ",
        "สินเชื่อโซลาร์รูฟท็อป",
    ]

    company_page = f"{base}/registration/{company_secret}/"
    home = client.get(company_page, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "You seek Smart Mobility: bus ridership data; ขอนแก่น offers Smart Mobility" in home
    request_form = RenderedForm.get(client, f"{company_page}meet/{city.id}", language="en")
    slots = request_form.options("Slot")
    request_form.choose("Slot", slots[1])
    request_form.fill("Message", "Shall we talk about financing rooftops?")
    response = request_form.submit()
    assert response.status_code == 303, page_errors(response)
    meeting = db.session.scalar(select(Meeting))
    assert meeting.state == MeetingState.REQUESTED

    accepted = client.post(
        f"{city_page}meetings/{meeting.id}/accept", headers={"Accept-Language": "th"}
    )
    assert accepted.status_code == 303
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).state == MeetingState.ACCEPTED

    manage = client.get(f"/{event.acronym}/registration/{company_secret}/").get_data(as_text=True)
    assert "Your cooperation meetings" in manage and "Table 1" in manage
    delegation_page = client.get(f"/{event.acronym}/delegation/{city_secret}/").get_data(
        as_text=True
    )
    assert "SolarGrid Japan" in delegation_page

    scan = RenderedForm.get(client, f"{city_page}meetings/{meeting.id}/scan", language="en")
    scan.fill("Badge code", "WRONG1")
    refused = scan.submit()
    assert refused.status_code == 400
    assert "This badge is not one of the people of this meeting." in refused.get_data(as_text=True)
    representative_code = db.session.get(Meeting, meeting.id).requester.owner.badge_code
    scan = RenderedForm.get(client, f"{city_page}meetings/{meeting.id}/scan", language="en")
    scan.fill("Badge code", representative_code)
    assert scan.submit().status_code == 303
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).state == MeetingState.HELD

    for page_url, result, dimension, lang in (
        (city_page, "ตั้งใจลงนามบันทึกความเข้าใจ", "พลังงานอัจฉริยะ", "th"),
        (company_page, "Pilot discussed", "Smart Energy", "en"),
    ):
        outcome = RenderedForm.get(
            client, f"{page_url}meetings/{meeting.id}/outcome", language=lang
        )
        outcome.choose(
            outcome.labels()[1]
            if False
            else ("ผลของการประชุม" if lang == "th" else "What came of the meeting"),
            result,
        )
        outcome.choose("มิติ" if lang == "th" else "Dimension", dimension)
        assert outcome.submit().status_code == 303

    login("organiser")
    report = client.get(f"/manage/{event.acronym}/cooperation/report").get_data(as_text=True)
    assert '<dd class="col-6 col-md-9" id="count-held">1</dd>' in report
    assert "ขอนแก่น" in report and "SolarGrid Japan" in report
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/manage/{event.acronym}/cooperation/report.xlsx").data)
    )
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert ("Held", 1) in rows
    by_country = list(workbook.worksheets[3].iter_rows(values_only=True))
    assert by_country[1] == ("Japan", 2)
    for path in ("", "grid", "book", "settings", "days/new", "tables/new", "pins/new"):
        assert client.get(f"/manage/{event.acronym}/cooperation/{path}").status_code == 200


def test_refusals_on_the_pages_say_why_and_save_nothing(ctx, client):
    event, city_secret, company_secret, company, member = _setup()
    base = f"/{event.acronym}/cooperation"

    form = RenderedForm.get(client, f"{base}/delegation/{city_secret}/profile", language="en")
    form.fill("Smart Energy: what you seek", "financing")
    response = form.submit()
    assert response.status_code == 400
    assert "Tick the consent to take part: without it there is no profile." in response.get_data(
        as_text=True
    )
    assert db.session.scalar(select(func.count()).select_from(CooperationProfile)) == 1

    own_url = f"{base}/registration/{company_secret}/meet/{company.id}"
    own = RenderedForm.get(client, own_url, language="en")
    own.choose("Slot", own.options("Slot")[1])
    refused = own.submit()
    assert refused.status_code == 400
    assert "You cannot meet yourself: choose another party." in refused.get_data(as_text=True)

    with_thai = RenderedForm.get(client, f"{base}/delegation/{city_secret}/profile", language="th")
    with_thai.fill("พลังงานอัจฉริยะ: สิ่งที่ท่านต้องการ", "สินเชื่อ")
    with_thai.choose("ผู้ที่เข้าร่วมประชุมได้", member.full_name)
    with_thai.check("ข้าพเจ้ายินยอมให้ Showcase แสดงโปรไฟล์ความร่วมมือนี้")
    assert with_thai.submit().status_code == 303
    city = db.session.scalar(
        select(CooperationProfile).where(CooperationProfile.city_id.is_not(None))
    )
    request_form = RenderedForm.get(client, f"{base}/registration/{company_secret}/meet/{city.id}")
    payload = request_form.payload()
    payload["slot"] = "2027-01-26T01:00:00+00:00"
    response = client.post(
        f"{base}/registration/{company_secret}/meet/{city.id}",
        data=payload,
        headers={"Accept-Language": "th"},
    )
    assert response.status_code == 400
    assert "โปรดเลือกช่วงเวลาประชุมที่กำหนด เวลานี้อยู่นอกเวลาประชุม" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0
    assert meetings.slots_of(event)


def test_the_directory_filters_and_can_be_kept_for_registrants(ctx, client, login):
    event, _city, company_secret, _company, _member = _setup()
    base = f"/{event.acronym}/cooperation/"

    energy = track(event, "energy").id
    mobility = track(event, "mobility").id

    page = client.get(base, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "SolarGrid Japan" in page and "1 profile" in page
    offered = client.get(f"{base}?dimension={energy}&side=offer").get_data(as_text=True)
    assert "SolarGrid Japan" in offered
    assert "No profile matches these filters." in client.get(
        f"{base}?dimension={mobility}&side=offer"
    ).get_data(as_text=True)
    assert "No profile matches these filters." in client.get(f"{base}?country=TH").get_data(
        as_text=True
    )
    assert client.get(f"{base}?kind=city&side=nonsense&dimension=x").status_code == 200

    login("organiser")
    form = RenderedForm.get(client, f"/manage/{event.acronym}/cooperation/settings")
    form.uncheck("The directory is public (else for registrants only)")
    assert form.submit().status_code == 303
    closed = client.get(base).get_data(as_text=True)
    assert "open to registered participants" in closed and "SolarGrid Japan" not in closed
    own = client.get(f"{base}registration/{company_secret}/directory").get_data(as_text=True)
    assert "SolarGrid Japan" in own


def test_an_organiser_records_a_meeting_held_from_the_grid_and_a_requested_one_cannot_be(
    ctx, client, login
):
    from tests.cooperation import helpers

    there = helpers.world()
    waiting = helpers.request(there)
    confirmed = helpers.accept(
        helpers.request(there, starts_at=meetings.slots_of(there.event)[1].starts_at).id
    )
    login("organiser")
    acronym = there.event.acronym
    grid = client.get(f"/manage/{acronym}/cooperation/grid").get_data(as_text=True)
    assert f"/manage/{acronym}/cooperation/meetings/{confirmed.id}/held" in grid
    assert f"/meetings/{waiting.id}/held" not in grid

    done = client.post(f"/manage/{acronym}/cooperation/meetings/{confirmed.id}/held")
    assert done.status_code == 303
    refused = client.post(f"/manage/{acronym}/cooperation/meetings/{waiting.id}/held")
    assert refused.status_code == 303
    db.session.expire_all()
    assert db.session.get(Meeting, confirmed.id).state == MeetingState.HELD
    assert db.session.get(Meeting, waiting.id).state == MeetingState.REQUESTED
    page = client.get(f"/manage/{acronym}/cooperation/grid").get_data(as_text=True)
    assert "The meeting is recorded as held" in page
