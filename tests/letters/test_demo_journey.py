"""The demo, walked as its people would, in Thai: a delegate from Luang Prabang who reads Thai
answers the registration questions on their manage page, asks for a visa invitation letter, an
organiser approves it from the queue, the delegate downloads the PDF, and the QR code printed on
it opens the verification page, which says the letter is valid. Every form is filled as
rendered, by its Thai labels; the QR code is read from the PDF by a barcode reader."""

from __future__ import annotations

import io
from datetime import timedelta
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from pypdf import PdfReader
from sqlalchemy import select

from showcase.events.models import Event
from showcase.extensions import db
from showcase.letters.demo import DEMO_ORGANISER
from showcase.letters.models import LetterState, VisaLetter
from showcase.questions.models import Answer, Question
from showcase.registration.models import Registration, RegistrationState
from tests import factories
from tests.forms import RenderedForm
from tests.helpers import pdf_qr_codes

THAI = {"Accept-Language": "th"}


def _lao_delegate() -> Registration:
    """Souksavanh Phommachanh of Luang Prabang, who reads Thai and needs a visa letter."""
    return db.session.scalars(
        select(Registration).where(Registration.full_name == "Souksavanh Phommachanh")
    ).one()


def test_a_thai_delegate_answers_asks_for_a_letter_and_an_embassy_verifies_it(demo):
    app, _ = demo
    with app.app_context():
        acronym = db.session.scalar(select(Event.acronym))
        person = _lao_delegate()
        assert person.state == RegistrationState.CONFIRMED
        assert db.session.scalar(select(VisaLetter).filter_by(registration_id=person.id)) is None
        person_id, starts, ends = person.id, person.event.starts_on, person.event.ends_on
        secret = factories.registration_link(person, "manage")
        db.session.remove()
    client = app.test_client()
    manage = f"/{acronym}/registration/{secret}/"

    page = client.get(manage, headers=THAI)
    assert page.status_code == 200
    answers_url = _link(page, "/answers")
    form = RenderedForm.get(client, answers_url, language="th")
    form.choose("ต้องการอาหารประเภทใด", "ฮาลาล")
    form.choose("คุณต้องการล่ามแปลพร้อมกันในห้องประชุมใหญ่หรือไม่", "ไม่ใช่")
    assert form.submit().status_code == 303
    # They change their mind: interpretation after all, and its language becomes required.
    form = RenderedForm.get(client, answers_url, language="th")
    form.choose("คุณต้องการล่ามแปลพร้อมกันในห้องประชุมใหญ่หรือไม่", "ใช่")
    response = form.submit()
    assert response.status_code == 400  # the interpretation's language is now required
    assert "ต้องการล่ามภาษาใด : กรุณาตอบคำถามนี้" in _text(response)
    form = RenderedForm.from_response(client, response, answers_url, language="th")
    form.choose("ต้องการล่ามภาษาใด", "ไทยเป็นอังกฤษ")
    assert form.submit().status_code == 303
    with app.app_context():
        given = dict(
            db.session.execute(
                select(Question.code, Answer.value)
                .join(Answer.question)
                .where(Answer.registration_id == person_id)
            ).all()
        )
        db.session.remove()
    assert given["meal"] == "halal" and given["interpretation_language"] == "th_en"

    letter_url = _link(client.get(manage, headers=THAI), "/visa-letter")
    form = RenderedForm.get(client, letter_url, language="th")
    form.fill("ชื่อตามที่ปรากฏในหนังสือเดินทาง", "PHOMMACHANH SOUKSAVANH")
    form.fill("เลขที่หนังสือเดินทาง", "P2231457")
    form.choose("สัญชาติ", "ลาว")
    form.fill("วันเกิด", "1985-07-09")
    form.fill("วันเดินทางถึงประเทศไทย", (starts - timedelta(days=1)).isoformat())
    form.fill("วันเดินทางออกจากประเทศไทย", (ends + timedelta(days=1)).isoformat())
    form.fill("สถานเอกอัครราชทูตหรือสถานกงสุลที่ยื่นขอวีซ่า", "สถานเอกอัครราชทูตไทย ณ เวียงจันทน์")
    form.check("มีฉบับภาษาไทยด้วย (หน้าที่สอง)")
    assert form.submit().status_code == 303

    organiser = app.test_client()
    signed = organiser.post(
        "/manage/login", data={"email": DEMO_ORGANISER, "password": "showcase-demo"}
    )
    assert signed.status_code == 303
    queue = organiser.get(f"/manage/{acronym}/letters/", headers=THAI)
    detail = _link(queue, "", text="PHOMMACHANH SOUKSAVANH")
    form = RenderedForm.get(organiser, detail, language="th", form="/issue")
    assert form.submit("อนุมัติและออกหนังสือ").status_code == 303

    page = client.get(letter_url, headers=THAI)
    assert "มีผล" in _text(page) or "ดาวน์โหลดหนังสือ (PDF)" in _text(page)
    pdf = client.get(_link(page, ".pdf", text="ดาวน์โหลดหนังสือ (PDF)"))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages]
    assert len(pages) == 2
    assert "PHOMMACHANH SOUKSAVANH" in pages[0] and "PHOMMACHANH SOUKSAVANH" in pages[1]
    assert "สถานเอกอัครราชทูตไทย ณ เวียงจันทน์" in pages[1]

    (url,) = pdf_qr_codes(pdf.data)
    parts = urlsplit(url)
    verified = app.test_client().get(f"{parts.path}?{parts.query}", headers=THAI)
    assert verified.status_code == 200
    body = _text(verified)
    assert "มีผล" in body and "PHOMMACHANH SOUKSAVANH" in body and "1457" in body
    assert "P2231457" not in body  # the last four characters only
    with app.app_context():
        letter = db.session.scalar(
            select(VisaLetter).where(VisaLetter.registration_id == person_id)
        )
        assert letter.state == LetterState.ISSUED and parts.path.endswith(letter.number)
        db.session.remove()


def _text(response) -> str:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser").get_text(" ", strip=True)


def _link(response, ending: str, text: str | None = None) -> str:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return next(
        a["href"]
        for a in soup.find_all("a", href=True)
        if a["href"].endswith(ending) and (text is None or a.get_text(strip=True) == text)
    )
