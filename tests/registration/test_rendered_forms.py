"""Every public registration form as a person meets it: the page is fetched, its form read with an
HTML parser, filled by the labels on the page (English and Thai) with only the options the page
offers, and sent as a browser sends it (tests/forms.py).

The forms: registration, the change of details, the link re-send, and the cancel and erase
confirmations; each succeeds and fails in both languages.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from showcase.core.i18n import country_codes
from showcase.events.services import get_event
from showcase.extensions import db
from showcase.mail.models import OutboxMessage
from showcase.mail.requests import resolve_requests
from showcase.registration.models import Registration, RegistrationState
from tests.forms import RenderedForm, page_errors
from tests.registration.helpers import add_city, category, manage_secret, register

S = RegistrationState

# The labels and words a reader sees, in each language.
WORDS = {
    "en": {
        "full_name": "Full name",
        "email": "Email",
        "organisation": "Organisation",
        "city": "City",
        "country": "Country (for “Other city”)",
        "city_name": "City name (for “Other city”)",
        "category": "Registration category",
        "consent": "I agree that the organisers keep these details",
        "other_city": "Other city",
        "visitor": "Visitor",
        "delegate": "City delegate",
        "new_zealand": "New Zealand",
        "phuket": "Phuket",
        "sure": "Yes, I am sure",
        "give_name": "Give your full name.",
        "give_email": "Give an email address such as name@example.org.",
        "choose_city": "Choose your city from the list, or “Other city”.",
        "choose_category": "Choose a category",
        "agree": "Please agree to the privacy notice so that we may keep your details.",
        "choose_country": "Choose your country from the list.",
        "give_city_name": "Give the name of your city.",
        "tick_cancel": "Tick the box to confirm that you want to cancel.",
        "tick_erase": "Tick the box to confirm that you want to erase your data.",
        "thailand": "Thailand",
        "full": "City delegate: full, you will join the waiting list",
        "non_ascii": "Our mail server can only deliver to addresses whose part before the @",
    },
    "th": {
        "full_name": "ชื่อ-นามสกุล",
        "email": "อีเมล",
        "organisation": "หน่วยงาน",
        "city": "เมือง",
        "country": "ประเทศ (สำหรับ “เมืองอื่น”)",
        "city_name": "ชื่อเมือง (สำหรับ “เมืองอื่น”)",
        "category": "ประเภทการลงทะเบียน",
        "consent": "ข้าพเจ้ายินยอมให้ผู้จัดงานเก็บข้อมูลเหล่านี้",
        "other_city": "เมืองอื่น",
        "visitor": "ผู้เข้าชม",
        "delegate": "ผู้แทนเมือง",
        "new_zealand": "นิวซีแลนด์",
        "phuket": "ภูเก็ต",
        "sure": "ใช่ ฉันแน่ใจ",
        "give_name": "กรอกชื่อ-นามสกุลของคุณ",
        "give_email": "กรอกอีเมล เช่น name@example.org",
        "choose_city": "เลือกเมืองของคุณจากรายการ หรือเลือก “เมืองอื่น”",
        "choose_category": "เลือกประเภท",
        "agree": "กรุณายินยอมตามประกาศความเป็นส่วนตัว เพื่อให้เราเก็บข้อมูลของคุณได้",
        "choose_country": "เลือกประเทศของคุณจากรายการ",
        "give_city_name": "กรอกชื่อเมืองของคุณ",
        "tick_cancel": "ทำเครื่องหมายในช่องเพื่อยืนยันว่าต้องการยกเลิก",
        "tick_erase": "ทำเครื่องหมายในช่องเพื่อยืนยันว่าต้องการลบข้อมูลของคุณ",
        "thailand": "ไทย",
        "full": "ผู้แทนเมือง: เต็มแล้ว คุณจะอยู่ในรายชื่อสำรอง",
        "non_ascii": "เซิร์ฟเวอร์อีเมลของเราส่งได้เฉพาะที่อยู่ที่ส่วนหน้า @",
    },
}
LANGUAGES = ["en", "th"]


def only_registration(app) -> Registration:
    with app.app_context():
        registration = db.session.scalar(select(Registration))
        db.session.expunge(registration)
        return registration


def templates_to(app, address: str) -> list[str]:
    """The emails queued for an address once the outbox worker has turned the lost-link and
    register-again requests of the public pages into messages."""
    with app.app_context():
        resolve_requests()
        return list(
            db.session.scalars(
                select(OutboxMessage.template)
                .where(OutboxMessage.recipient == address)
                .order_by(OutboxMessage.id)
            )
        )


def registered(app, reg_event, email="kanya@phuket.example", **overrides) -> str:
    """A confirmed Visitor registration from Phuket; returns the address of its manage page."""
    with app.app_context():
        ev = get_event(reg_event)
        registration = register(
            ev, add_city("Phuket"), category(ev, "visitor"), confirm=True, email=email, **overrides
        )
        return f"/{reg_event}/registration/{manage_secret(registration)}"


# Registration -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_delegate_from_a_city_not_listed_registers_with_its_name_and_country(
    app, client, reg_event, lang
):
    w = WORDS[lang]
    form = RenderedForm.get(client, f"/{reg_event}/register", language=lang)
    form.fill(w["full_name"], "Aroha Ngata").fill(w["email"], "aroha@wellington.example")
    form.choose(w["city"], w["other_city"])
    form.choose(w["country"], w["new_zealand"])
    form.fill(w["city_name"], "Wellington")
    form.choose(w["category"], w["visitor"])
    form.check(w["consent"])
    response = form.submit()
    assert response.status_code == 303, page_errors(response)
    registration = only_registration(app)
    assert (registration.city_id, registration.other_country, registration.other_city) == (
        None,
        "NZ",
        "Wellington",
    )
    assert registration.language == lang
    assert templates_to(app, "aroha@wellington.example") == ["registration/confirm"]


def test_country_list_has_every_country_in_english_order_with_the_host_country_first(
    client, reg_event
):
    form = RenderedForm.get(client, f"/{reg_event}/register", language="en")
    offered = form.options(WORDS["en"]["country"])
    assert offered[:2] == ["Choose a country", "Thailand"]
    assert len(offered) == len(country_codes()) + 1
    assert offered.count("Thailand") == 1
    # Accented names sit beside their letter (code-point order would put Åland after Zimbabwe).
    assert offered.index("Afghanistan") < offered.index("Åland Islands") < offered.index("Albania")
    assert offered[-1] == "Zimbabwe"
    assert "European Union" not in offered and "Unknown Region" not in offered


def test_country_list_is_in_thai_order_for_thai_readers(client, reg_event):
    offered = RenderedForm.get(client, f"/{reg_event}/register", language="th").options(
        WORDS["th"]["country"]
    )
    assert offered[:2] == ["เลือกประเทศ", "ไทย"]
    # Thai order goes by the consonant, whatever vowel is written before it: เนเธอร์แลนด์ (น)
    # comes before ลาว (ล), and เวียดนาม (ว) before สิงคโปร์ (ส).
    positions = [
        offered.index(name) for name in ("จีน", "ญี่ปุ่น", "เนเธอร์แลนด์", "ลาว", "เวียดนาม", "สิงคโปร์")
    ]
    assert positions == sorted(positions)


def test_thai_city_list_is_in_thai_order(app, client, reg_event):
    with app.app_context():
        for name_en, name_th in (
            ("Chiang Mai", "เชียงใหม่"),
            ("Chon Buri", "ชลบุรี"),
            ("Mae Sot", "แม่สอด"),
            ("Yala", "ยะลา"),
            ("Nakhon Ratchasima", "นครราชสีมา"),
        ):
            add_city(name_en, name_th)
        db.session.commit()
    offered = RenderedForm.get(client, f"/{reg_event}/register", language="th").options("เมือง")
    members = offered[1 : offered.index("สิงคโปร์ (สิงคโปร์)")]
    # ขอนแก่น (ข) ชลบุรี (ช) เชียงใหม่ (ช) นครราชสีมา (น) ภูเก็ต (ภ) แม่สอด (ม) ยะลา (ย)
    assert members == ["ขอนแก่น", "ชลบุรี", "เชียงใหม่", "นครราชสีมา", "ภูเก็ต", "แม่สอด", "ยะลา"]
    english = RenderedForm.get(client, f"/{reg_event}/register", language="en").options("City")
    assert english[1:8] == [
        "Chiang Mai",
        "Chon Buri",
        "Khon Kaen",
        "Mae Sot",
        "Nakhon Ratchasima",
        "Phuket",
        "Yala",
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_empty_registration_form_shows_every_problem_at_once(app, client, reg_event, lang):
    w = WORDS[lang]
    form = RenderedForm.get(client, f"/{reg_event}/register", language=lang)
    response = form.submit()
    assert response.status_code == 400
    errors = page_errors(response)
    consent_label = next(label for label in errors if label.startswith(w["consent"]))
    assert errors == {
        w["full_name"]: [w["give_name"]],
        w["email"]: [w["give_email"]],
        w["city"]: [w["choose_city"]],
        w["category"]: [w["choose_category"]],
        consent_label: [w["agree"]],
    }
    # Each message is tied to its field.
    again = RenderedForm.from_response(client, response, f"/{reg_event}/register", language=lang)
    for label in (w["full_name"], w["email"], w["city"], w["category"], w["consent"]):
        tag = again.control(label).tag
        assert tag["aria-invalid"] == "true", label
        assert f"{tag['id']}-error" in tag["aria-describedby"].split(), label
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Registration)) == 0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_required_fields_are_marked_and_the_rest_are_not(client, reg_event, lang):
    w = WORDS[lang]
    form = RenderedForm.get(client, f"/{reg_event}/register", language=lang)
    for label in (w["full_name"], w["email"], w["city"], w["category"], w["consent"]):
        assert form.is_required(label), label
    for label in (w["organisation"], w["country"], w["city_name"]):
        assert not form.is_required(label), label
    html = client.get(f"/{reg_event}/register", headers={"Accept-Language": lang}).text
    # A visible asterisk after each required label, explained above the form.
    assert html.count('<span class="text-danger" aria-hidden="true">*</span>') == 5


@pytest.mark.parametrize("lang", LANGUAGES)
def test_other_city_without_country_or_name_is_refused_for_both(app, client, reg_event, lang):
    w = WORDS[lang]
    form = RenderedForm.get(client, f"/{reg_event}/register", language=lang)
    form.fill(w["full_name"], "Aroha Ngata").fill(w["email"], "aroha@wellington.example")
    form.choose(w["city"], w["other_city"]).choose(w["category"], w["visitor"])
    form.check(w["consent"])
    response = form.submit()
    assert response.status_code == 400
    assert page_errors(response) == {
        w["country"]: [w["choose_country"]],
        w["city_name"]: [w["give_city_name"]],
    }
    # What was typed is still there, and the choice of "Other city" too.
    again = RenderedForm.from_response(client, response, f"/{reg_event}/register", language=lang)
    assert again.value(w["full_name"]) == "Aroha Ngata"
    assert again.value(w["city"]) == "other"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_full_category_is_marked_in_the_form(app, client, reg_event, lang):
    w = WORDS[lang]
    with app.app_context():
        ev = get_event(reg_event)
        delegate = category(ev, "delegate")
        for number in range(2):  # its two seats
            register(ev, add_city("Phuket"), delegate, confirm=True, email=f"d{number}@x.org")
    form = RenderedForm.get(client, f"/{reg_event}/register", language=lang)
    offered = form.options(w["category"])
    assert w["full"] in offered
    assert w["visitor"] in offered  # no limit: never full
    form.fill(w["full_name"], "Niran Late").fill(w["email"], "niran@x.org")
    form.choose(w["city"], w["phuket"]).choose(w["category"], w["full"]).check(w["consent"])
    assert form.submit().status_code == 303


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_address_with_thai_letters_before_the_at_is_refused_at_the_form(
    app, client, reg_event, lang
):
    w = WORDS[lang]
    form = RenderedForm.get(client, f"/{reg_event}/register", language=lang)
    form.fill(w["full_name"], "Somchai Jaidee").fill(w["email"], "สมชาย@example.org")
    form.choose(w["city"], w["phuket"]).choose(w["category"], w["visitor"]).check(w["consent"])
    response = form.submit()
    assert response.status_code == 400
    [message] = page_errors(response)[w["email"]]
    assert message.startswith(w["non_ascii"])
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(OutboxMessage)) == 0


# The change of details ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_registrant_moves_to_a_city_not_listed_on_the_edit_form(app, client, reg_event, lang):
    w = WORDS[lang]
    manage = registered(app, reg_event)
    form = RenderedForm.get(client, f"{manage}/edit", language=lang)
    assert form.value(w["full_name"]) == "Somchai Jaidee"
    assert form.value(w["city"]) != "other"
    form.fill(w["full_name"], "Somchai J.")
    form.choose(w["city"], w["other_city"]).choose(w["country"], w["new_zealand"])
    form.fill(w["city_name"], "Wellington")
    response = form.submit()
    assert response.status_code == 303, page_errors(response)
    registration = only_registration(app)
    assert (registration.full_name, registration.city_id, registration.other_country) == (
        "Somchai J.",
        None,
        "NZ",
    )
    assert registration.other_city == "Wellington"
    # The form shows the country chosen when it is opened again.
    assert RenderedForm.get(client, f"{manage}/edit", language=lang).value(w["country"]) == "NZ"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_edit_form_refuses_an_empty_name_and_a_missing_country_together(
    app, client, reg_event, lang
):
    w = WORDS[lang]
    manage = registered(app, reg_event)
    form = RenderedForm.get(client, f"{manage}/edit", language=lang)
    form.fill(w["full_name"], "   ").choose(w["city"], w["other_city"])
    form.fill(w["city_name"], "Wellington")
    response = form.submit()
    assert response.status_code == 400
    assert page_errors(response) == {
        w["full_name"]: [w["give_name"]],
        w["country"]: [w["choose_country"]],
    }
    assert only_registration(app).full_name == "Somchai Jaidee"


# The link re-send -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_link_resend_form_sends_the_manage_link(app, client, reg_event, lang):
    registered(app, reg_event)
    before = templates_to(app, "kanya@phuket.example")
    form = RenderedForm.get(client, f"/{reg_event}/register/resend", language=lang)
    form.fill(WORDS[lang]["email"], "Kanya@Phuket.example")
    response = form.submit()
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/{reg_event}/register/sent")
    assert templates_to(app, "kanya@phuket.example")[len(before) :] == ["registration/manage_link"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("address", ["not-an-address", "กันยา@phuket.example"])
def test_link_resend_form_refuses_an_address_it_cannot_send_to(
    app, client, reg_event, lang, address
):
    w = WORDS[lang]
    form = RenderedForm.get(client, f"/{reg_event}/register/resend", language=lang)
    response = form.fill(w["email"], address).submit()
    assert response.status_code == 400
    [message] = page_errors(response)[w["email"]]
    expected = w["give_email"] if address == "not-an-address" else w["non_ascii"]
    assert message.startswith(expected)


# Cancel and erase -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_cancel_confirmation_cancels_once_ticked(app, client, reg_event, lang):
    manage = registered(app, reg_event)
    form = RenderedForm.get(client, f"{manage}/cancel", language=lang)
    refused = form.submit()
    assert refused.status_code == 400
    assert list(page_errors(refused).values()) == [[WORDS[lang]["tick_cancel"]]]
    assert only_registration(app).state == S.CONFIRMED
    again = RenderedForm.from_response(client, refused, f"{manage}/cancel", language=lang)
    response = again.check(WORDS[lang]["sure"]).submit()
    assert response.status_code == 303
    assert only_registration(app).state == S.CANCELLED


@pytest.mark.parametrize("lang", LANGUAGES)
def test_erase_confirmation_erases_once_ticked(app, client, reg_event, lang):
    manage = registered(app, reg_event)
    form = RenderedForm.get(client, f"{manage}/erase", language=lang)
    refused = form.submit()
    assert refused.status_code == 400
    assert list(page_errors(refused).values()) == [[WORDS[lang]["tick_erase"]]]
    assert only_registration(app).erased_at is None
    response = form.check(WORDS[lang]["sure"]).submit()
    assert response.status_code == 200
    erased = only_registration(app)
    assert erased.erased_at is not None and erased.full_name == "—"
    assert client.get(f"{manage}/").status_code == 404


def test_every_field_of_the_registration_page_is_in_its_summary_order(client, reg_event):
    from showcase.registration.forms import RegistrationForm

    form = RenderedForm.get(client, f"/{reg_event}/register")
    names = [c.name for c in form.controls if c.name and c.kind not in ("hidden", "submit")]
    assert tuple(names) == RegistrationForm.PAGE_ORDER
