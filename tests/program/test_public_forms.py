"""Every public form of the programme as a person meets it, in English and in Thai: the page is
fetched, its form read with an HTML parser, filled by the labels it shows with the options it
offers, and sent as a browser sends it (tests/forms.py). Emails arrive through a real SMTP server.

The forms: the call for sessions, the proposal edit, the co-speakers (add, remove), the speaker
profile and availability, the speaker link re-send (also on a broken link's page), and the
withdraw and confirm buttons of the speaker page.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from showcase.core.db import unit_of_work
from showcase.events.models import Event
from showcase.extensions import db
from showcase.program.models import ProgramSession, SessionState, SessionType, Speaker
from showcase.program.services import proposals
from tests.forms import RenderedForm, Upload, page_errors
from tests.helpers import links_in
from tests.program.helpers import png_bytes, proposal_values, the_event

THAI = {
    "Your name": "ชื่อของคุณ",
    "Your email": "อีเมลของคุณ",
    "Organisation (optional)": "หน่วยงาน (ไม่บังคับ)",
    "Title in English": "ชื่อภาษาอังกฤษ",
    "Title in Thai": "ชื่อภาษาไทย",
    "Abstract in English": "บทคัดย่อภาษาอังกฤษ",
    "Abstract in Thai": "บทคัดย่อภาษาไทย",
    "Session type": "ประเภทเซสชัน",
    "Track": "มิติ",
    "Language of the session": "ภาษาของเซสชัน",
    "Expected audience (optional)": "จำนวนผู้ฟังที่คาดไว้ (ไม่บังคับ)",
    "Co-speaker 1: name": "ผู้บรรยายร่วมคนที่ 1: ชื่อ",
    "Co-speaker 1: email": "ผู้บรรยายร่วมคนที่ 1: อีเมล",
    "I agree that the organisers keep these details": "ข้าพเจ้ายินยอมให้ผู้จัดงานเก็บข้อมูลเหล่านี้",
    "Talk": "บรรยาย",
    "Panel": "เสวนา",
    "Thai": "ภาษาไทย",
    "English": "ภาษาอังกฤษ",
    "Name": "ชื่อ",
    "Name in Thai (optional)": "ชื่อภาษาไทย (ไม่บังคับ)",
    "Language of our emails": "ภาษาของอีเมลที่เราส่งถึงคุณ",
    "Short biography in English": "ประวัติโดยย่อภาษาอังกฤษ",
    "Short biography in Thai": "ประวัติโดยย่อภาษาไทย",
    "Links (optional)": "ลิงก์ (ไม่บังคับ)",
    "Photo (optional)": "รูปถ่าย (ไม่บังคับ)",
    "From": "ตั้งแต่",
    "Until": "จนถึง",
    "Yes, withdraw this session": "ใช่ ถอนเซสชันนี้",
    "Co-speaker's name": "ชื่อผู้บรรยายร่วม",
    "Co-speaker's email": "อีเมลผู้บรรยายร่วม",
    "Remove": "ลบ",
    # Messages
    "Fill in this field.": "กรุณากรอกช่องนี้",
    "Tick this box to send the proposal.": "ทำเครื่องหมายในช่องนี้เพื่อส่งข้อเสนอ",
    "Give a title in English, in Thai, or in both.": ("ระบุชื่อเรื่องเป็นภาษาอังกฤษ ภาษาไทย หรือทั้งสองภาษา"),
    "Give each link as a web address starting with https://, one a line.": (
        "ใส่ลิงก์แต่ละรายการเป็นที่อยู่เว็บที่ขึ้นต้นด้วย https:// บรรทัดละหนึ่งรายการ"
    ),
    "The end must be after the start.": "เวลาสิ้นสุดต้องอยู่หลังเวลาเริ่ม",
    "Enter a valid email address.": "กรุณากรอกอีเมลที่ถูกต้อง",
    "Tick the box to confirm that you want to withdraw.": (
        "กรุณาทำเครื่องหมายในช่องเพื่อยืนยันว่าต้องการถอนใบสมัคร"
    ),
    "This person is already a speaker of the session.": "บุคคลนี้เป็นผู้บรรยายของเซสชันนี้อยู่แล้ว",
    "A co-speaker needs an email address of their own.": "ผู้บรรยายร่วมต้องมีอีเมลของตนเอง",
    "A session has at most 4 co-speakers.": "เซสชันหนึ่งมีผู้บรรยายร่วมได้ไม่เกิน 4 คน",
}
LANGUAGES = ["en", "th"]


def say(lang: str, text: str) -> str:
    """``text`` as the page shows it in ``lang``."""
    return THAI[text] if lang == "th" else text


def flashes(response, kind: str = "success") -> list[str]:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return [" ".join(alert.get_text(" ").split()) for alert in soup.select(f".alert-{kind}")]


def thai_track(app, event: str, slug: str) -> str:
    with app.app_context():
        return next(t.name_th for t in the_event(event).tracks if t.slug == slug)


@pytest.fixture
def proposal(app, event):
    """A confirmed proposal by Somchai with Nok as co-speaker; Somchai's speaker page link."""
    with app.app_context():
        current = the_event(event)
        with unit_of_work(lock=True):
            session, secret = proposals.submit_proposal(current, proposal_values(), "en")
            _s, _sp, manage, _new = proposals.confirm_proposal(current, secret)
        return {"code": session.code, "home": f"/{event}/cfp/me/{manage}/", "secret": manage}


def session_of(app, code: str) -> ProgramSession:
    with app.app_context():
        found = db.session.scalar(select(ProgramSession).where(ProgramSession.code == code))
        db.session.expunge(found)
        return found


def speakers_of(app, code: str) -> list[str]:
    with app.app_context():
        found = db.session.scalar(select(ProgramSession).where(ProgramSession.code == code))
        return [speaker.email for speaker in found.speakers]


# The call for sessions ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_call_for_sessions_sends_a_talk_by_default(
    client, app, event, lang, mail_app, smtp_server, deliver
):
    form = RenderedForm.get(client, f"/{event}/cfp/", language=lang)
    assert form.value(say(lang, "Session type")) == "talk"  # not a keynote
    assert say(lang, "Talk") in form.options(say(lang, "Session type"))
    track = "Smart Mobility" if lang == "en" else thai_track(app, event, "mobility")
    form.fill(say(lang, "Your name"), "Somchai Jaidee")
    form.fill(say(lang, "Your email"), "somchai@khonkaen.example")
    form.fill(say(lang, "Title in Thai"), "รถไฟฟ้ารางเบาสำหรับเมืองขนาดกลาง")
    form.fill(say(lang, "Abstract in Thai"), "ห้าเทศบาลร่วมกันสร้างรถไฟฟ้ารางเบา")
    form.choose(say(lang, "Track"), track)
    form.choose(say(lang, "Language of the session"), say(lang, "Thai"))
    form.fill(say(lang, "Expected audience (optional)"), "80")
    form.fill(say(lang, "Co-speaker 1: name"), "Nok Srisuk")
    form.fill(say(lang, "Co-speaker 1: email"), "nok@khonkaen.example")
    form.check(say(lang, "I agree that the organisers keep these details"))
    response = form.submit()
    assert response.status_code == 303, page_errors(response)
    assert response.headers["Location"] == f"/{event}/cfp/sent"
    with app.app_context():
        session = db.session.scalar(select(ProgramSession))
        assert session.session_type == SessionType.TALK
        assert (session.track.slug, session.language.value, session.expected_audience) == (
            "mobility",
            "th",
            80,
        )
        assert [(s.email, s.language) for s in session.speakers] == [
            ("somchai@khonkaen.example", lang),
            ("nok@khonkaen.example", lang),
        ]
    deliver()
    [confirm] = smtp_server.wait_for(1)
    assert confirm["To"] == "Somchai Jaidee <somchai@khonkaen.example>"
    assert any("/cfp/confirm/" in url for url in links_in(confirm))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_call_for_sessions_shows_what_is_missing_and_keeps_what_was_typed(client, app, event, lang):
    form = RenderedForm.get(client, f"/{event}/cfp/", language=lang)
    form.fill(say(lang, "Your name"), "Somchai Jaidee")
    form.fill(say(lang, "Title in English"), "Light rail for a mid-sized city")
    response = form.submit()
    assert response.status_code == 400
    errors = page_errors(response)
    assert errors[say(lang, "Your email")] == [say(lang, "Fill in this field.")]
    consent = next(
        label
        for label in errors
        if label.startswith(say(lang, "I agree that the organisers keep these details"))
    )
    assert errors[consent] == [say(lang, "Tick this box to send the proposal.")]
    again = RenderedForm.from_response(client, response, f"/{event}/cfp/", language=lang)
    assert again.value(say(lang, "Title in English")) == "Light rail for a mid-sized city"
    # Everything the form asks for, but no title: the service says so at the title.
    again.fill(say(lang, "Your email"), "somchai@khonkaen.example")
    again.fill(say(lang, "Title in English"), "")
    again.fill(say(lang, "Abstract in English"), "How five municipalities built a light rail.")
    again.check(say(lang, "I agree that the organisers keep these details"))
    refused = again.submit()
    assert refused.status_code == 400
    assert page_errors(refused) == {
        say(lang, "Title in English"): [say(lang, "Give a title in English, in Thai, or in both.")]
    }
    with app.app_context():
        assert db.session.scalar(select(ProgramSession)) is None


# The proposal edit and its co-speakers -------------------------------------------------------


def edit_url(proposal) -> str:
    return f"{proposal['home']}sessions/{proposal['code']}/edit"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_proposal_edit_saves_a_change_of_title_and_type(client, app, proposal, lang):
    form = RenderedForm.get(client, edit_url(proposal), language=lang)
    assert form.value(say(lang, "Title in English")) == "Light rail for a mid-sized city"
    form.fill(say(lang, "Title in English"), "Light rail and buses for a mid-sized city")
    form.choose(say(lang, "Session type"), say(lang, "Panel"))
    response = form.submit()
    assert response.status_code == 303
    assert response.headers["Location"] == proposal["home"]
    session = session_of(app, proposal["code"])
    assert session.title_en == "Light rail and buses for a mid-sized city"
    assert (session.session_type, session.duration_minutes) == (SessionType.PANEL, 60)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_proposal_edit_refuses_a_proposal_without_a_title(client, app, proposal, lang):
    form = RenderedForm.get(client, edit_url(proposal), language=lang)
    form.fill(say(lang, "Title in English"), "")
    response = form.submit()
    assert response.status_code == 400
    assert page_errors(response) == {
        say(lang, "Title in English"): [say(lang, "Give a title in English, in Thai, or in both.")]
    }
    assert session_of(app, proposal["code"]).title_en == "Light rail for a mid-sized city"


def co_speaker_form(client, proposal, lang) -> RenderedForm:
    return RenderedForm.get(client, edit_url(proposal), form="add-co-speaker", language=lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_proposer_adds_a_co_speaker_who_is_invited_in_their_language(
    client, app, proposal, lang, mail_app, smtp_server, deliver
):
    deliver()
    before = len(smtp_server.wait_for(3))  # confirmation, received, Nok's invitation
    form = co_speaker_form(client, proposal, lang)
    form.fill(say(lang, "Co-speaker's name"), "Ana Lim")
    form.fill(say(lang, "Co-speaker's email"), "ana@phuket.example")
    response = form.submit()
    assert response.status_code == 303, page_errors(response)
    assert response.headers["Location"] == edit_url(proposal) + "#co-speakers"
    page = client.get(response.headers["Location"], headers={"Accept-Language": lang})
    if lang == "en":
        assert flashes(page) == ["Ana Lim has been added and invited by email."]
    assert "Ana Lim" in page.get_data(as_text=True)
    assert speakers_of(app, proposal["code"]) == [
        "somchai@khonkaen.example",
        "nok@khonkaen.example",
        "ana@phuket.example",
    ]
    deliver()
    [invite] = smtp_server.wait_for(before + 1)[before:]
    assert invite["To"] == "Ana Lim <ana@phuket.example>"
    assert invite["Subject"] == (
        "You are invited to speak at World Smart City Showcase 2027"
        if lang == "en"
        else "ขอเชิญคุณเป็นผู้บรรยายในงาน มหกรรมเมืองอัจฉริยะโลก 2570"
    )
    [link] = [url for url in links_in(invite) if "/cfp/me/" in url]
    assert client.get(link.replace("http://showcase.test", "")).status_code == 200


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("name", "email", "label", "message"),
    [
        ("", "ana@phuket.example", "Co-speaker's name", "Fill in this field."),
        ("Ana Lim", "not an address", "Co-speaker's email", "Enter a valid email address."),
        (
            "Nok again",
            "NOK@khonkaen.example",
            "Co-speaker's email",
            "This person is already a speaker of the session.",
        ),
        (
            "Me",
            "somchai@khonkaen.example",
            "Co-speaker's email",
            "A co-speaker needs an email address of their own.",
        ),
    ],
)
def test_adding_a_co_speaker_says_what_is_wrong(
    client, app, proposal, lang, name, email, label, message
):
    form = co_speaker_form(client, proposal, lang)
    form.fill(say(lang, "Co-speaker's name"), name)
    form.fill(say(lang, "Co-speaker's email"), email)
    response = form.submit()
    assert response.status_code == 400
    assert page_errors(response) == {say(lang, label): [say(lang, message)]}
    again = RenderedForm.from_response(
        client, response, edit_url(proposal), form="add-co-speaker", language=lang
    )
    assert again.value(say(lang, "Co-speaker's email")) == email
    assert speakers_of(app, proposal["code"]) == [
        "somchai@khonkaen.example",
        "nok@khonkaen.example",
    ]


def test_a_session_has_at_most_four_co_speakers(client, app, proposal):
    for number in range(2, 5):
        form = co_speaker_form(client, proposal, "en")
        form.fill("Co-speaker's name", f"Person {number}")
        form.fill("Co-speaker's email", f"p{number}@x.example")
        assert form.submit().status_code == 303
    page = client.get(edit_url(proposal)).get_data(as_text=True)
    assert "A session has at most 4 co-speakers." in page
    assert '/co-speakers"' not in page  # the add form is gone
    assert len(speakers_of(app, proposal["code"])) == 5


@pytest.mark.parametrize("lang", LANGUAGES)
def test_proposer_removes_a_co_speaker_who_is_told(
    client, app, proposal, lang, mail_app, smtp_server, deliver
):
    deliver()
    before = len(smtp_server.wait_for(3))
    with app.app_context():
        nok = db.session.scalar(select(Speaker).where(Speaker.email == "nok@khonkaen.example"))
        nok.language = lang
        db.session.commit()
        nok_code = nok.code
    page = RenderedForm.get(client, edit_url(proposal), form=f"/{nok_code}/remove", language=lang)
    response = page.submit(f"{say(lang, 'Remove')} Nok Srisuk")
    assert response.status_code == 303
    assert speakers_of(app, proposal["code"]) == ["somchai@khonkaen.example"]
    deliver()
    [notice] = smtp_server.wait_for(before + 1)[before:]
    assert notice["To"] == "Nok Srisuk <nok@khonkaen.example>"
    if lang == "en":
        assert notice["Subject"] == (
            "You are no longer a speaker of “Light rail for a mid-sized city”"
        )
    else:
        assert notice["Subject"] == "คุณไม่ได้เป็นผู้บรรยายของ “Light rail for a mid-sized city” แล้ว"
    # Nok's own link no longer opens the session's edit page.
    with app.app_context():
        assert (
            proposals.visible_sessions(
                db.session.scalar(select(Speaker).where(Speaker.code == nok_code))
            )
            == []
        )
    # Added again, Nok is invited again.
    form = co_speaker_form(client, proposal, lang)
    form.fill(say(lang, "Co-speaker's name"), "Nok Srisuk")
    form.fill(say(lang, "Co-speaker's email"), "nok@khonkaen.example")
    assert form.submit().status_code == 303
    deliver()
    [invite] = smtp_server.wait_for(before + 2)[before + 1 :]
    assert invite["To"] == "Nok Srisuk <nok@khonkaen.example>"


def test_co_speakers_added_before_the_proposal_is_confirmed_are_invited_on_confirmation(
    client, app, event, mail_app, smtp_server, deliver
):
    with app.app_context():
        current = the_event(event)
        with unit_of_work(lock=True):
            session, confirm_secret = proposals.submit_proposal(
                current, proposal_values(co1_name="", co1_email=""), "en"
            )
        # The proposer's page link came with a first proposal confirmed earlier.
        with unit_of_work(lock=True):
            _other, secret = proposals.submit_proposal(
                current, proposal_values(title_en="Buses", co1_name="", co1_email=""), "en"
            )
            manage = proposals.confirm_proposal(current, secret)[2]
        code = session.code
    proposal = {"code": code, "home": f"/{event}/cfp/me/{manage}/"}
    form = co_speaker_form(client, proposal, "en")
    form.fill("Co-speaker's name", "Ana Lim")
    form.fill("Co-speaker's email", "ana@phuket.example")
    response = form.submit()
    assert response.status_code == 303
    page = client.get(response.headers["Location"])
    assert flashes(page) == [
        "Ana Lim has been added; they are invited once you confirm your email address."
    ]
    deliver()
    assert smtp_server.to("ana@phuket.example") == []
    client.get(f"/{event}/cfp/confirm/{confirm_secret}")
    deliver()
    smtp_server.wait_for(len(smtp_server.messages) + 1, timeout=3)
    [invite] = smtp_server.to("ana@phuket.example")
    assert invite["Subject"] == "You are invited to speak at World Smart City Showcase 2027"


def test_only_the_proposer_changes_co_speakers_and_only_until_the_deadline(
    client, app, event, proposal
):
    with app.app_context():
        nok = db.session.scalar(select(Speaker).where(Speaker.email == "nok@khonkaen.example"))
        from showcase.core.links import LinkPurpose, mint_link
        from showcase.program.models import SpeakerLink

        nok_home = f"/{event}/cfp/me/{mint_link(SpeakerLink(speaker=nok), LinkPurpose.MANAGE)}/"
        db.session.commit()
    nok_proposal = {**proposal, "home": nok_home}
    page = client.get(edit_url(nok_proposal)).get_data(as_text=True)
    assert "Only Somchai Jaidee, who proposed the session, can change its co-speakers." in page
    assert '/co-speakers"' not in page and '/remove"' not in page
    # A hand-made request is refused all the same.
    refused = client.post(
        edit_url(nok_proposal).replace("/edit", "/co-speakers"),
        data={"name": "Ana Lim", "email": "ana@phuket.example"},
    )
    assert refused.status_code == 403
    assert "Only the speaker who proposed the session can change its co-speakers." in (
        refused.get_data(as_text=True)
    )
    # The proposer's rendered form, sent after the call for sessions closed.
    form = co_speaker_form(client, proposal, "en")
    with app.app_context():
        db.session.get(Event, the_event(event).id).cfp_closes_at = datetime.now(UTC) - timedelta(
            minutes=1
        )
        db.session.commit()
    form.fill("Co-speaker's name", "Ana Lim")
    form.fill("Co-speaker's email", "ana@phuket.example")
    late = form.submit()
    assert late.status_code == 403
    assert "The call for sessions is closed; the co-speakers can no longer be changed here." in (
        late.get_data(as_text=True)
    )
    assert len(speakers_of(app, proposal["code"])) == 2


# The speaker profile and availability ----------------------------------------------------------


def profile_url(proposal) -> str:
    return f"{proposal['home']}profile"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_speaker_profile_saves_with_a_photo(client, app, proposal, lang):
    form = RenderedForm.get(client, profile_url(proposal), language=lang)
    assert form.value(say(lang, "Name")) == "Somchai Jaidee"
    form.fill(say(lang, "Name in Thai (optional)"), "สมชาย ใจดี")
    form.choose(say(lang, "Language of our emails"), "ไทย")
    form.fill(say(lang, "Short biography in Thai"), "ผู้อำนวยการพัฒนาเมืองขอนแก่น")
    form.fill(say(lang, "Links (optional)"), "https://khonkaen.example/somchai")
    form.fill(say(lang, "Photo (optional)"), Upload("me.png", png_bytes(), "image/png"))
    response = form.submit()
    assert response.status_code == 303, page_errors(response)
    with app.app_context():
        speaker = db.session.scalar(
            select(Speaker).where(Speaker.email == "somchai@khonkaen.example")
        )
        assert (speaker.name_th, speaker.language, speaker.links) == (
            "สมชาย ใจดี",
            "th",
            "https://khonkaen.example/somchai",
        )
        assert speaker.photo_id is not None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_speaker_profile_refuses_a_link_that_is_not_a_web_address(client, app, proposal, lang):
    form = RenderedForm.get(client, profile_url(proposal), language=lang)
    form.fill(say(lang, "Name"), "")
    form.fill(say(lang, "Links (optional)"), "my website")
    response = form.submit()
    assert response.status_code == 400
    assert page_errors(response) == {say(lang, "Name"): [say(lang, "Fill in this field.")]}
    again = RenderedForm.from_response(client, response, profile_url(proposal), language=lang)
    again.fill(say(lang, "Name"), "Somchai Jaidee")
    refused = again.submit()
    assert refused.status_code == 400
    assert page_errors(refused) == {
        say(lang, "Links (optional)"): [
            say(lang, "Give each link as a web address starting with https://, one a line.")
        ]
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_speaker_availability_adds_a_window_and_refuses_one_that_ends_first(
    client, app, proposal, lang
):
    form = RenderedForm.get(client, profile_url(proposal), form="add-window", language=lang)
    form.fill(say(lang, "From"), "2027-01-27T13:00")
    form.fill(say(lang, "Until"), "2027-01-27T17:30")
    response = form.submit()
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/profile#availability")
    with app.app_context():
        [window] = (
            db.session.scalars(select(Speaker).where(Speaker.email == "somchai@khonkaen.example"))
            .one()
            .availability
        )
        assert (window.starts_at.hour, window.ends_at.hour) == (6, 10)  # UTC
    form = RenderedForm.get(client, profile_url(proposal), form="add-window", language=lang)
    form.fill(say(lang, "From"), "2027-01-27T13:00")
    form.fill(say(lang, "Until"), "2027-01-27T12:00")
    refused = client.get(form.submit().headers["Location"], headers={"Accept-Language": lang})
    assert page_errors(refused) == {"*": [say(lang, "The end must be after the start.")]}


# The link re-send ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_speaker_link_resend_sends_a_new_link(
    client, app, proposal, lang, event, mail_app, smtp_server, deliver
):
    deliver()
    before = len(smtp_server.wait_for(3))
    form = RenderedForm.get(client, f"/{event}/cfp/link", language=lang)
    form.fill(say(lang, "Your email"), "Nok@KhonKaen.example")
    response = form.submit()
    assert response.status_code == 303
    deliver()
    [message] = smtp_server.wait_for(before + 1)[before:]
    assert message["To"] == "Nok Srisuk <nok@khonkaen.example>"
    # The same form on the page of a broken link.
    broken = RenderedForm.get(client, f"/{event}/cfp/me/{'B' * 43}/", language=lang, expect=404)
    broken.fill(say(lang, "Your email"), "somchai@khonkaen.example")
    assert broken.submit().status_code == 303


@pytest.mark.parametrize("lang", LANGUAGES)
def test_speaker_link_resend_refuses_what_is_not_an_address(client, event, lang):
    form = RenderedForm.get(client, f"/{event}/cfp/link", language=lang)
    form.fill(say(lang, "Your email"), "somchai at khonkaen")
    response = form.submit()
    assert response.status_code == 400
    assert page_errors(response) == {
        say(lang, "Your email"): [say(lang, "Enter a valid email address.")]
    }


# Withdraw and confirm on the speaker page ------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_withdraw_needs_the_box_ticked(client, app, proposal, lang):
    form = RenderedForm.get(client, proposal["home"], form="/withdraw", language=lang)
    response = form.submit()
    assert response.status_code == 303
    page = client.get(response.headers["Location"], headers={"Accept-Language": lang})
    assert page_errors(page) == {
        "*": [say(lang, "Tick the box to confirm that you want to withdraw.")]
    }
    assert session_of(app, proposal["code"]).state == SessionState.SUBMITTED
    form = RenderedForm.get(client, proposal["home"], form="/withdraw", language=lang)
    form.check(say(lang, "Yes, withdraw this session"))
    assert form.submit().status_code == 303
    assert session_of(app, proposal["code"]).state == SessionState.WITHDRAWN


@pytest.fixture
def accepted(app, proposal):
    from showcase.program.services.transitions import Actor, apply_transition

    with app.app_context():
        session = db.session.scalar(
            select(ProgramSession).where(ProgramSession.code == proposal["code"])
        )
        with unit_of_work(lock=True):
            apply_transition(session, SessionState.ACCEPTED, Actor.ORGANISER, "o@showcase.example")
    return proposal


@pytest.mark.parametrize("lang", LANGUAGES)
def test_speaker_confirms_an_accepted_session(client, app, accepted, lang):
    form = RenderedForm.get(client, accepted["home"], form="/confirm", language=lang)
    response = form.submit()
    assert response.status_code == 303
    assert session_of(app, accepted["code"]).state == SessionState.CONFIRMED
    page = client.get(response.headers["Location"], headers={"Accept-Language": lang})
    assert flashes(page) == [
        "Thank you: the session is confirmed." if lang == "en" else "ขอบคุณ ยืนยันเซสชันแล้ว"
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_confirming_a_session_cancelled_meanwhile_says_so(client, app, accepted, lang):
    from showcase.program.services.transitions import Actor, apply_transition

    form = RenderedForm.get(client, accepted["home"], form="/confirm", language=lang)
    with app.app_context():
        session = db.session.scalar(
            select(ProgramSession).where(ProgramSession.code == accepted["code"])
        )
        with unit_of_work(lock=True):
            apply_transition(session, SessionState.CANCELLED, Actor.ORGANISER, "o@showcase.example")
    response = form.submit()
    assert response.status_code == 303
    page = client.get(response.headers["Location"], headers={"Accept-Language": lang})
    expected = (
        "A session that is “Cancelled” cannot become “Confirmed”."
        if lang == "en"
        else "เซสชันที่มีสถานะ “ยกเลิกแล้ว” เปลี่ยนเป็น “ยืนยันแล้ว” ไม่ได้"
    )
    assert page_errors(page) == {"*": [expected]}
    assert session_of(app, accepted["code"]).state == SessionState.CANCELLED
