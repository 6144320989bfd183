"""An announcement's life: written as a draft, sent now or at a set time (after a second
organiser's approval when the audience is large), queued through the outbox in chunks.

``MACHINE`` (core.states) is the only way ``Announcement.state`` changes::

    draft → scheduled            an organiser sends it (now, or at a time in the event's zone)
    draft → awaiting_approval    … to more people than the event's approval threshold
    awaiting_approval → scheduled   a second organiser (not the author, not who asked) approves
    awaiting_approval | scheduled → draft   cancelled before it goes (editable again)
    scheduled → sending          the outbox worker takes the snapshot of the audience
    scheduled → awaiting_approval   … which had grown past the threshold without an approval
    sending → sent               every recipient has a queued message (or a reason for none)
    sending | sent → cancelled   stopped: the messages that have not left are cancelled

When it is due, the worker (``send_due_announcements``, run at every poll) writes one
``AnnouncementRecipient`` per address and then queues the messages in chunks of ``CHUNK``, each
chunk one unit of work. The n-th message is due ``n // rate`` minutes after the start (which
follows the last waiting message of the event's other announcements), so the worker, which only
sends due messages, sends no more than the event's rate per minute, and transactional emails
(due at once) are never stuck behind a large announcement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import escape
from sqlalchemy import func, insert, select, update

from showcase.accounts.models import User
from showcase.announcements.models import (
    DEFAULT_APPROVAL_THRESHOLD,
    DEFAULT_RATE_PER_MINUTE,
    Announcement,
    AnnouncementHistory,
    AnnouncementRecipient,
    AnnouncementSettings,
    AnnouncementState,
    Match,
)
from showcase.announcements.services import audience, markup, personal, unsubscribe
from showcase.core.audit import AuditAction, record
from showcase.core.db import event_rows, lock_row, unit_of_work, utcnow
from showcase.core.errors import Conflict, DomainError, ErrorCollector, NotAllowed
from showcase.core.labels import LabelledEnum
from showcase.core.models import settings_of, stored_settings_of
from showcase.core.roles import Role
from showcase.core.states import StateMachine
from showcase.events.models import Event
from showcase.extensions import db
from showcase.mail.limits import address_hash
from showcase.mail.models import OutboxMessage, OutboxStatus
from showcase.mail.services import InvalidRecipient, queue_email
from showcase.questions.models import Question
from showcase.registration.services.states import MACHINE as REGISTRATION_MACHINE
from showcase.registration.services.states import Actor as RegistrationActor

S = AnnouncementState
TEMPLATE = "announcements/announcement"
CHUNK = 250
MAX_CONDITIONS = 6
SUBJECT_LIMIT = 200
BODY_LIMIT = 20000
SAMPLE_SIZE = 20


class Actor(LabelledEnum):
    ORGANISER = "organiser", _l("an organiser")
    SYSTEM = "system", _l("Showcase")


ORG, SYS = frozenset({Actor.ORGANISER}), frozenset({Actor.SYSTEM})

TRANSITIONS = {
    (S.DRAFT, S.SCHEDULED): ORG,
    (S.DRAFT, S.AWAITING_APPROVAL): ORG,
    (S.AWAITING_APPROVAL, S.SCHEDULED): ORG,
    (S.AWAITING_APPROVAL, S.DRAFT): ORG,
    (S.SCHEDULED, S.DRAFT): ORG,
    (S.SCHEDULED, S.SENDING): SYS,
    (S.SCHEDULED, S.AWAITING_APPROVAL): SYS,
    (S.SENDING, S.SENT): SYS,
    (S.SENDING, S.CANCELLED): ORG,
    (S.SENT, S.CANCELLED): ORG,
}

MACHINE: StateMachine[Announcement, AnnouncementState, Actor] = StateMachine(
    transitions=TRANSITIONS, history=AnnouncementHistory, owner="announcement"
)

NOTE_LABELS = {
    "audience grew past the approval threshold": _l(
        "the audience had grown past the approval threshold"
    ),
    "nobody in the audience": _l("nobody was in the audience when it was due"),
}


# Settings ------------------------------------------------------------------------------------


def current_settings(event: Event) -> AnnouncementSettings:
    return settings_of(
        AnnouncementSettings,
        event.id,
        approval_threshold=DEFAULT_APPROVAL_THRESHOLD,
        rate_per_minute=DEFAULT_RATE_PER_MINUTE,
    )


def save_settings(event: Event, values: dict[str, Any]) -> AnnouncementSettings:
    errors = ErrorCollector()
    threshold, rate = values.get("approval_threshold"), values.get("rate_per_minute")
    if threshold is None or not 0 <= threshold <= 1_000_000:
        errors.add(
            DomainError(
                _l("Give a number of people from 0 (never) to 1,000,000."),
                field="approval_threshold",
            )
        )
    if rate is None or not 0 <= rate <= 100_000:
        errors.add(
            DomainError(
                _l("Give a number of messages from 0 (no limit) to 100,000."),
                field="rate_per_minute",
            )
        )
    errors.raise_any()
    settings = stored_settings_of(
        AnnouncementSettings,
        event.id,
        approval_threshold=DEFAULT_APPROVAL_THRESHOLD,
        rate_per_minute=DEFAULT_RATE_PER_MINUTE,
    )
    settings.approval_threshold = threshold
    settings.rate_per_minute = rate
    return settings


def needs_approval(event: Event, count: int) -> bool:
    threshold = current_settings(event).approval_threshold
    return bool(threshold) and count > threshold


# Drafts --------------------------------------------------------------------------------------


def answer_codes(event: Event) -> list[str]:
    return list(db.session.scalars(select(Question.code).where(Question.event_id == event.id)))


def _check_texts(event: Event, values: dict[str, Any], errors: ErrorCollector) -> dict[str, str]:
    codes = answer_codes(event)
    cleaned = {}
    for lang in ("en", "th"):
        subject_field, body_field = f"subject_{lang}", f"body_{lang}"
        subject = (values.get(subject_field) or "").strip()
        body = (values.get(body_field) or "").replace("\r\n", "\n").strip()
        if "\n" in subject or "\r" in subject:
            errors.add(DomainError(_l("The subject must be one line."), field=subject_field))
        elif len(subject) > SUBJECT_LIMIT:
            errors.add(
                DomainError(
                    _l("At most %(count)d characters, please.", count=SUBJECT_LIMIT),
                    field=subject_field,
                )
            )
        if len(body) > BODY_LIMIT:
            errors.add(
                DomainError(
                    _l("At most %(count)d characters, please.", count=BODY_LIMIT), field=body_field
                )
            )
        for field, text in ((subject_field, subject), (body_field, body)):
            for problem in markup.check_text(text, field, codes):
                errors.add(problem)
        if bool(subject) != bool(body):
            missing = body_field if subject else subject_field
            errors.add(
                DomainError(
                    _l("Write the subject and the body of a language, or neither."), field=missing
                )
            )
        cleaned[subject_field], cleaned[body_field] = subject, body
    if not (cleaned["subject_en"] or cleaned["subject_th"]):
        errors.add(
            DomainError(
                _l("Write the announcement in English, in Thai, or in both."), field="subject_en"
            )
        )
    return cleaned


def _check_audience(event: Event, role, values: dict[str, Any], errors: ErrorCollector):
    conditions = [c for c in dict.fromkeys(values.get("conditions") or []) if c]
    match = values.get("match") or Match.ALL.value
    if match not in {m.value for m in Match}:
        errors.add(DomainError(_l("Choose all or any of the conditions."), field="match"))
    if not conditions:
        errors.add(
            DomainError(_l("Choose at least one condition for the audience."), field="conditions")
        )
    elif len(conditions) > MAX_CONDITIONS:
        errors.add(DomainError(_l("At most six conditions, please."), field="conditions"))
    elif audience.check_conditions(event, role, conditions):
        errors.add(
            DomainError(
                _l("A condition of the audience is not offered for this event; choose again."),
                field="conditions",
            )
        )
    return match, conditions


def save_draft(
    event: Event, values: dict[str, Any], user, announcement: Announcement | None = None
) -> Announcement:
    """Store a new or changed draft; every problem of the form is reported at once and nothing
    is saved while there is one."""
    if announcement is not None and announcement.state != S.DRAFT:
        raise Conflict(
            _l("Only a draft can be changed; cancel the sending first to change this one.")
        )
    errors = ErrorCollector()
    match, conditions = _check_audience(event, user.role, values, errors)
    texts = _check_texts(event, values, errors)
    errors.raise_any()
    if announcement is None:
        announcement = Announcement(
            event_id=event.id, author_id=user.id, author=user.email, state=S.DRAFT
        )
        db.session.add(announcement)
        db.session.flush()
        MACHINE.start(announcement, Actor.ORGANISER, by=user.email)
    announcement.match = Match(match)
    announcement.conditions = conditions
    for name, text in texts.items():
        setattr(announcement, name, text)
    return announcement


def recipients_now(event: Event, announcement: Announcement, role) -> list[audience.Recipient]:
    """Who the announcement would go to if it went now (the composer's count and sample),
    without the addresses that unsubscribed."""
    if not announcement.conditions:
        return []
    try:
        people = audience.find_recipients(
            event, role, announcement.match == Match.ALL, announcement.conditions
        )
    except audience.UnknownCondition:
        return []
    gone = unsubscribe.unsubscribed_hashes(event)
    return [person for person in people if address_hash(person.address) not in gone]


# Sending -------------------------------------------------------------------------------------


def request_send(
    event: Event, announcement: Announcement, user, send_at: datetime | None, now=None
) -> Announcement:
    """Send now (``send_at`` None) or at ``send_at``; a large audience waits for approval."""
    now = now or utcnow()
    if announcement.state != S.DRAFT:
        raise Conflict(
            _l("This announcement is not a draft; it is %(state)s.", state=announcement.state.label)
        )
    errors = ErrorCollector()
    if send_at is not None and send_at <= now:
        errors.add(
            DomainError(
                _l("That time has passed; choose a time in the future, or send it now."),
                field="send_at",
            )
        )
    count = len(recipients_now(event, announcement, user.role))
    if count == 0:
        errors.add(
            DomainError(
                _l("The audience is empty: nobody matches these conditions, so nothing is sent."),
                field="when",
            )
        )
    errors.raise_any()
    announcement.send_at = send_at or now
    announcement.requested_by_id = user.id
    announcement.recipient_count = count
    if needs_approval(event, count):
        MACHINE.apply(announcement, S.AWAITING_APPROVAL, Actor.ORGANISER, by=user.email)
    else:
        MACHINE.apply(announcement, S.SCHEDULED, Actor.ORGANISER, by=user.email)
    return announcement


def approve(event: Event, announcement: Announcement, user, now=None) -> Announcement:
    now = now or utcnow()
    if announcement.state != S.AWAITING_APPROVAL:
        raise Conflict(_l("This announcement is not waiting for an approval."))
    if user.id in (announcement.author_id, announcement.requested_by_id):
        raise NotAllowed(
            _l(
                "A second organiser must approve this announcement: not the one who wrote it "
                "or asked to send it."
            )
        )
    announcement.approved_by_id = user.id
    announcement.approved_by = user.email
    announcement.approved_at = now
    if announcement.send_at is None or announcement.send_at < now:
        announcement.send_at = now
    MACHINE.apply(announcement, S.SCHEDULED, Actor.ORGANISER, by=user.email)
    return announcement


def cancel(event: Event, announcement: Announcement, user) -> Announcement:
    """Cancel before it goes: the announcement is a draft again (and needs approval again)."""
    if announcement.state not in (S.SCHEDULED, S.AWAITING_APPROVAL):
        raise Conflict(_l("Only an announcement that has not started to go can be cancelled."))
    announcement.approved_by_id = None
    announcement.approved_by = ""
    announcement.approved_at = None
    MACHINE.apply(announcement, S.DRAFT, Actor.ORGANISER, by=user.email)
    return announcement


def stop(event: Event, announcement: Announcement, user) -> int:
    """Stop an announcement that is going: its messages that have not left are cancelled."""
    if announcement.state not in (S.SENDING, S.SENT):
        raise Conflict(_l("Only an announcement that is going can be stopped."))
    MACHINE.apply(announcement, S.CANCELLED, Actor.ORGANISER, by=user.email)
    waiting = select(AnnouncementRecipient.message_id).where(
        AnnouncementRecipient.announcement_id == announcement.id
    )
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(waiting), OutboxMessage.status == OutboxStatus.QUEUED)
        .values(status=OutboxStatus.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


# The worker's part ---------------------------------------------------------------------------


def _start_after_others(event: Event, announcement: Announcement, now: datetime) -> datetime:
    """When the announcement's first messages are due: now, or, with a rate, the minute after
    the last message of the event's other announcements still waiting, so that the rate holds
    for the event and not for each announcement alone."""
    start = max(announcement.send_at or now, now)
    if not current_settings(event).rate_per_minute:
        return start
    latest = db.session.scalar(
        select(func.max(OutboxMessage.next_attempt_at))
        .join(AnnouncementRecipient, AnnouncementRecipient.message_id == OutboxMessage.id)
        .join(Announcement, Announcement.id == AnnouncementRecipient.announcement_id)
        .where(
            Announcement.event_id == event.id,
            Announcement.id != announcement.id,
            OutboxMessage.status == OutboxStatus.QUEUED,
        )
    )
    if latest is not None and latest >= start:
        return latest + timedelta(minutes=1)
    return start


def _take_snapshot(announcement_id: int, now: datetime) -> bool:
    """Write the recipients of a due announcement and move it to 'sending' (one unit of work).
    False when there is nothing (more) to do now."""
    announcement = lock_row(select(Announcement).where(Announcement.id == announcement_id))
    if announcement is None or announcement.state != S.SCHEDULED or announcement.send_at > now:
        return False
    event = announcement.event
    people = audience.find_recipients(
        event, Role.ADMIN, announcement.match == Match.ALL, announcement.conditions
    )
    if needs_approval(event, len(people)) and announcement.approved_by_id is None:
        announcement.recipient_count = len(people)
        MACHINE.apply(
            announcement,
            S.AWAITING_APPROVAL,
            Actor.SYSTEM,
            note="audience grew past the approval threshold",
        )
        return False
    rows = [
        {
            "announcement_id": announcement.id,
            "position": position,
            "address": person.address,
            "name": person.name[:200],
            "language": person.language if person.language in ("en", "th") else "en",
            "owner_kind": person.kind,
            "owner_id": person.owner_id,
            "skipped": "",
        }
        for position, person in enumerate(people)
    ]
    if rows:
        db.session.execute(insert(AnnouncementRecipient), rows)
    announcement.recipient_count = len(people)
    announcement.queued_count = 0
    announcement.send_at = _start_after_others(event, announcement, now)
    MACHINE.apply(announcement, S.SENDING, Actor.SYSTEM)
    # The send itself in the audit log: who asked for it, to how many, when it went.
    record(
        AuditAction.BULK_EMAIL,
        "announcements",
        announcement.id,
        announcement.subject_en or announcement.subject_th,
        {"recipients": [None, len(people)]},
        actor=db.session.get(User, announcement.requested_by_id)
        if announcement.requested_by_id
        else announcement.author or "system",
        event_id=event.id,
    )
    if not rows:
        announcement.finished_at = now
        MACHINE.apply(announcement, S.SENT, Actor.SYSTEM, note="nobody in the audience")
    return True


def render_message(
    announcement: Announcement,
    lang: str,
    parsed: dict[str, list],
    values: dict[str, markup.Value],
    unsubscribe_url: str,
) -> dict[str, Any]:
    """The context of the announcement's email template for one person in ``lang``."""
    lang = lang if announcement.subject(lang) else ("th" if lang == "en" else "en")
    return {
        "lang": lang,
        "announcement_subject": markup.render_subject(announcement.subject(lang), values),
        "body_text": markup.render_text(parsed[lang], values),
        "body_html": markup.render_html(parsed[lang], values),
        "unsubscribe_url": unsubscribe_url,
    }


# What the announcement's template is rendered with once per language and chunk; each person's
# subject, body and link then take the place of these marks (letters only, so escaping leaves
# them as they are). The body goes in last, so nothing in it is ever taken for a mark.
MARK_SUBJECT, MARK_TEXT = "ZQXANNOUNCEMENTSUBJECTZQX", "ZQXANNOUNCEMENTTEXTZQX"
MARK_HTML, MARK_URL = "ZQXANNOUNCEMENTHTMLZQX", "ZQXANNOUNCEMENTURLZQX"


@dataclass(frozen=True)
class Frame:
    """The announcement's email template rendered in one language, to be filled per person."""

    subject: str
    text: str
    html: str

    @classmethod
    def render(cls, event: Event, lang: str) -> Frame:
        from showcase.mail.services import render_email

        context = {
            "event": event,
            "announcement_subject": MARK_SUBJECT,
            "body_text": MARK_TEXT,
            "body_html": MARK_HTML,
            "unsubscribe_url": MARK_URL,
        }
        return cls(*render_email(TEMPLATE, lang, context))

    def fill(self, context: dict[str, Any]) -> tuple[str, str, str]:
        subject, url = context["announcement_subject"], context["unsubscribe_url"]
        text = self.text.replace(MARK_URL, url).replace(MARK_TEXT, context["body_text"])
        html = (
            self.html.replace(MARK_URL, str(escape(url)))
            .replace(MARK_SUBJECT, str(escape(subject)))
            .replace(MARK_HTML, str(context["body_html"]))
        )
        return self.subject.replace(MARK_SUBJECT, subject), text, html


def frames_of(event: Event) -> dict[str, Frame]:
    return {lang: Frame.render(event, lang) for lang in ("en", "th")}


def used_placeholders(announcement: Announcement) -> set[str]:
    names: set[str] = set()
    for lang in ("en", "th"):
        names.update(markup.placeholder_names(announcement.subject(lang)))
        names.update(markup.placeholder_names(announcement.body(lang)))
    return names


def _queue_chunk(announcement_id: int, now: datetime) -> int:
    """Queue the next chunk of an announcement's messages (one unit of work); the number of
    recipients dealt with (0: the announcement is done, or not sending)."""
    announcement = lock_row(select(Announcement).where(Announcement.id == announcement_id))
    if announcement is None or announcement.state != S.SENDING:
        return 0
    event = announcement.event
    chunk = list(
        db.session.scalars(
            select(AnnouncementRecipient)
            .where(
                AnnouncementRecipient.announcement_id == announcement.id,
                AnnouncementRecipient.message_id.is_(None),
                AnnouncementRecipient.skipped == "",
            )
            .order_by(AnnouncementRecipient.position)
            .limit(CHUNK)
        )
    )
    if not chunk:
        announcement.finished_at = now
        MACHINE.apply(announcement, S.SENT, Actor.SYSTEM)
        return 0
    gone = unsubscribe.unsubscribed_hashes(event)
    owners = personal.Owners.load(event, ((r.owner_kind, r.owner_id) for r in chunk))
    parsed = {lang: markup.parse(announcement.body(lang)) for lang in ("en", "th")}
    used = used_placeholders(announcement)
    frames = frames_of(event)
    rate = current_settings(event).rate_per_minute
    start = announcement.send_at or now
    registrants = []
    for recipient in chunk:
        if address_hash(recipient.address) in gone:
            recipient.skipped = "unsubscribed"
            continue
        message = queue_for(announcement, recipient, owners, parsed, used, frames, mint=True)
        if message is None:
            recipient.skipped = "invalid"
            continue
        message.next_attempt_at = start + timedelta(
            minutes=recipient.position // rate if rate else 0
        )
        message.dedup_key = f"announcement:{announcement.id}:{recipient.id}"
        recipient.message = message
        announcement.queued_count += 1
        if recipient.owner_kind == audience.REGISTRATION:
            registrants.append(owners.get(audience.REGISTRATION, recipient.owner_id))
    # Each registrant's history says an announcement went to them (its email is on their page).
    REGISTRATION_MACHINE.record_many(
        (registration for registration in registrants if registration is not None),
        RegistrationActor.ORGANISER,
        by=announcement.author,
        note="announcement sent",
    )
    return len(chunk)


def queue_for(
    announcement: Announcement,
    recipient: AnnouncementRecipient,
    owners: personal.Owners,
    parsed: dict[str, list],
    used: set[str],
    frames: dict[str, Frame],
    mint: bool,
    to: str | None = None,
    subject_prefix: str = "",
) -> OutboxMessage | None:
    """Queue the announcement's message to ``recipient`` (or, for a test, to ``to``)."""
    event = owners.event
    owner = owners.get(recipient.owner_kind, recipient.owner_id)
    values, secrets = personal.values_for(
        owners, recipient.owner_kind, owner, recipient.name, recipient.language, used, mint
    )
    url = unsubscribe.unsubscribe_url(event, recipient)
    context = render_message(announcement, recipient.language, parsed, values, url)
    context["announcement_subject"] = subject_prefix + context["announcement_subject"]
    try:
        return queue_email(
            TEMPLATE,
            to or recipient.address,
            language=context["lang"],
            name=recipient.name if to is None else "",
            event=event,
            context=context,
            secrets=secrets,
            owner=owner if to is None else None,
            headers=unsubscribe.list_headers(url),
            rendered=frames[context["lang"]].fill(context),
        )
    except InvalidRecipient:
        return None


def send_due_announcements(now: datetime | None = None) -> int:
    """The outbox worker's task: take the snapshot of every due announcement, then queue what
    is waiting, a chunk per unit of work. Returns the number of recipients dealt with."""
    now = now or utcnow()
    with unit_of_work():  # a fresh read: a transaction left open would not see new sends
        due = list(
            db.session.scalars(
                select(Announcement.id).where(
                    Announcement.state == S.SCHEDULED, Announcement.send_at <= now
                )
            )
        )
    for announcement_id in due:
        with unit_of_work(lock=True):
            _take_snapshot(announcement_id, now)
    with unit_of_work():
        going = list(
            db.session.scalars(select(Announcement.id).where(Announcement.state == S.SENDING))
        )
    done = 0
    for announcement_id in going:
        while True:
            with unit_of_work(lock=True):
                dealt = _queue_chunk(announcement_id, now)
            done += dealt
            if not dealt:
                break
    return done


# Previews and tests ---------------------------------------------------------------------------


def stand_in(event: Event, person: audience.Recipient) -> AnnouncementRecipient:
    """An unsaved recipient row for a preview or a test send (its unsubscribe link opens
    nothing)."""
    return AnnouncementRecipient(
        id=0,
        announcement_id=0,
        position=0,
        address=person.address,
        name=person.name,
        language=person.language,
        owner_kind=person.kind,
        owner_id=person.owner_id,
    )


def preview(
    event: Event, announcement: Announcement, person: audience.Recipient, lang: str
) -> dict:
    """Subject, text and HTML of the announcement as ``person`` would get it in ``lang`` (with
    example links in place of their real ones)."""
    from showcase.mail.services import render_email

    recipient = stand_in(event, person)
    recipient.language = lang
    owners = personal.Owners.load(event, [(person.kind, person.owner_id)])
    parsed = {code: markup.parse(announcement.body(code)) for code in ("en", "th")}
    owner = owners.get(person.kind, person.owner_id)
    values, _secrets = personal.values_for(
        owners, person.kind, owner, person.name, lang, used_placeholders(announcement), False
    )
    context = render_message(
        announcement, lang, parsed, values, unsubscribe.unsubscribe_url(event, recipient)
    )
    subject, text, html = render_email(TEMPLATE, context["lang"], {"event": event, **context})
    return {"subject": subject, "text": text, "html": html, "language": context["lang"]}


def send_test(
    event: Event, announcement: Announcement, person: audience.Recipient, user
) -> list[OutboxMessage]:
    """The announcement in each of its languages to the organiser, filled in for ``person``
    with example links."""
    owners = personal.Owners.load(event, [(person.kind, person.owner_id)])
    parsed = {code: markup.parse(announcement.body(code)) for code in ("en", "th")}
    used = used_placeholders(announcement)
    sent = []
    for lang in ("en", "th"):
        if not announcement.subject(lang):
            continue
        recipient = stand_in(event, person)
        recipient.language = lang
        message = queue_for(
            announcement,
            recipient,
            owners,
            parsed,
            used,
            frames_of(event),
            mint=False,
            to=user.email,
            subject_prefix="[TEST] ",
        )
        if message is not None:
            sent.append(message)
    return sent


# Progress ------------------------------------------------------------------------------------


def progress(announcement: Announcement) -> dict[str, int]:
    rows = db.session.execute(
        select(OutboxMessage.status, func.count())
        .join(AnnouncementRecipient, AnnouncementRecipient.message_id == OutboxMessage.id)
        .where(AnnouncementRecipient.announcement_id == announcement.id)
        .group_by(OutboxMessage.status)
    ).all()
    counts = dict.fromkeys(OutboxStatus, 0)
    counts.update({status: count for status, count in rows})
    skipped = db.session.scalar(
        select(func.count()).where(
            AnnouncementRecipient.announcement_id == announcement.id,
            AnnouncementRecipient.skipped != "",
        )
    )
    return {
        "recipients": announcement.recipient_count,
        "queued": counts[OutboxStatus.QUEUED] + counts[OutboxStatus.SENDING],
        "sent": counts[OutboxStatus.SENT],
        "failed": counts[OutboxStatus.FAILED] + counts[OutboxStatus.UNCERTAIN],
        "cancelled": counts[OutboxStatus.CANCELLED],
        "skipped": skipped or 0,
    }


def failures(announcement: Announcement, limit: int = 100) -> list[tuple[str, OutboxMessage]]:
    rows = db.session.execute(
        select(AnnouncementRecipient.address, OutboxMessage)
        .join(OutboxMessage, AnnouncementRecipient.message_id == OutboxMessage.id)
        .where(
            AnnouncementRecipient.announcement_id == announcement.id,
            OutboxMessage.status.in_((OutboxStatus.FAILED, OutboxStatus.UNCERTAIN)),
        )
        .order_by(AnnouncementRecipient.position)
        .limit(limit)
    ).all()
    return [(address, message) for address, message in rows]


def list_announcements(event: Event) -> list[Announcement]:
    return event_rows(Announcement, event, Announcement.id.desc())
