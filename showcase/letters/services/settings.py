"""The letterhead and rules of an event's visa letters, and the placeholders of the letter text.

The organisers write the letter's text in English and in Thai with placeholders such as
``{name}`` or ``{arrival}``; a text is checked when it is saved (an unknown placeholder or an
unmatched brace is refused against its field), so a letter never fails to render.
"""

from __future__ import annotations

import string
from typing import Any

from flask_babel import lazy_gettext as _l

from showcase.core.errors import DomainError, ErrorCollector
from showcase.core.images import store_image
from showcase.core.models import settings_of, stored_settings_of
from showcase.events.models import Event
from showcase.letters.models import DEFAULT_RETENTION_DAYS, LetterSettings

LOGO_MAX_BYTES = 1024 * 1024

PLACEHOLDERS = {
    "name": _l("the name as in the passport"),
    "nationality": _l("the nationality"),
    "passport_number": _l("the passport number"),
    "date_of_birth": _l("the date of birth"),
    "arrival": _l("the date of arrival"),
    "departure": _l("the date of departure"),
    "embassy": _l("the embassy or consulate"),
    "event": _l("the event's name"),
    "event_dates": _l("the event's dates"),
    "venue": _l("the venue and its address"),
    "organisation": _l("the issuing organisation"),
    "number": _l("the letter's number"),
}

DEFAULT_BODY_EN = (
    "To the {embassy}\n\n"
    "The Digital Economy Promotion Agency (depa) of the Kingdom of Thailand is pleased to invite "
    "{name}, a national of {nationality}, holder of passport number {passport_number}, born on "
    "{date_of_birth}, to take part in the {event}, held at {venue} on {event_dates}.\n\n"
    "{name} plans to arrive in Thailand on {arrival} and to leave on {departure}. We kindly ask "
    "you to grant the visa needed for this visit.\n\n"
    "This letter is an invitation to the event only; it creates no financial obligation for "
    "the organisers. Its authenticity can be checked with the QR code below."
)
DEFAULT_BODY_TH = (
    "เรียน {embassy}\n\n"
    "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล (ดีป้า) ขอเรียนเชิญ {name} สัญชาติ {nationality} "
    "หนังสือเดินทางเลขที่ {passport_number} เกิดวันที่ {date_of_birth} เข้าร่วมงาน {event} "
    "ณ {venue} ระหว่าง {event_dates}\n\n"
    "{name} มีกำหนดเดินทางถึงประเทศไทยวันที่ {arrival} และเดินทางออกวันที่ {departure} "
    "จึงเรียนมาเพื่อโปรดพิจารณาออกวีซ่าสำหรับการเดินทางครั้งนี้\n\n"
    "หนังสือฉบับนี้เป็นหนังสือเชิญเข้าร่วมงานเท่านั้น ไม่ก่อภาระทางการเงินแก่ผู้จัดงาน "
    "ตรวจสอบความถูกต้องของหนังสือได้ด้วยคิวอาร์โค้ดด้านล่าง"
)

TEXT_LIMITS = {
    "organisation_en": 200,
    "organisation_th": 200,
    "address_en": 300,
    "address_th": 300,
    "signatory_name": 120,
    "signatory_name_th": 120,
    "signatory_title_en": 200,
    "signatory_title_th": 200,
    "body_en": 10000,
    "body_th": 10000,
}


def current_settings(event: Event) -> LetterSettings:
    return settings_of(
        LetterSettings, event.id, requests_open=True, retention_days=DEFAULT_RETENTION_DAYS
    )


def body_of(settings: LetterSettings, lang: str) -> str:
    text = settings.body_th if lang == "th" else settings.body_en
    return text or (DEFAULT_BODY_TH if lang == "th" else DEFAULT_BODY_EN)


def check_template(text: str, field: str) -> None:
    """Refuse a letter text whose placeholders are not all known and well written."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        raise DomainError(
            _l(
                "Write each placeholder as {name}, with its two braces; a lone { or } is not "
                "allowed."
            ),
            field=field,
        ) from None
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            raise DomainError(
                _l(
                    "“{%(name)s}” is not a placeholder of the letter. Use: %(known)s.",
                    name=(name or "")[:40],
                    known=", ".join("{" + key + "}" for key in PLACEHOLDERS),
                ),
                field=field,
            )


def save_settings(
    event: Event, values: dict[str, Any], logo: bytes | None = None
) -> LetterSettings:
    """Store the letterhead, the texts and the rules (one field error per problem)."""
    errors = ErrorCollector()
    cleaned: dict[str, Any] = {}
    for name, limit in TEXT_LIMITS.items():
        text = (values.get(name) or "").strip()
        if len(text) > limit:
            errors.add(
                DomainError(_l("At most %(count)d characters, please.", count=limit), field=name)
            )
            continue
        if name.startswith("body_") and text:
            errors.attempt(check_template, text, name)
        cleaned[name] = text
    days = values.get("retention_days")
    if days is None or not 0 <= days <= 365:
        errors.add(
            DomainError(
                _l("Give a number of days from 0 to 365 after the event."), field="retention_days"
            )
        )
    errors.raise_any()
    settings = stored_settings_of(
        LetterSettings, event.id, requests_open=True, retention_days=DEFAULT_RETENTION_DAYS
    )
    for name, value in cleaned.items():
        setattr(settings, name, value)
    settings.retention_days = days
    settings.requests_open = bool(values.get("requests_open"))
    if logo:
        try:
            settings.logo = store_image(logo, LOGO_MAX_BYTES)
        except DomainError as error:
            error.field = "logo"
            raise
    elif values.get("remove_logo"):
        settings.logo = None
    return settings
