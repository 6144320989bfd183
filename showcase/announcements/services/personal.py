"""What the placeholders of an announcement say for one person: their name, their own links,
their booth, their sessions (in the event's zone, with the Buddhist-era year in Thai), their
answers, and the unsubscribe link of their message.

Owners are loaded for a whole chunk at once (``Owners``), so queueing thousands of messages
costs a few queries per chunk rather than several per person. Links are minted only when the
texts use them; a preview shows example links, never a person's real secret.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from showcase.announcements.services.audience import BOOTH, COORDINATOR, REGISTRATION, SPEAKER
from showcase.announcements.services.markup import Value
from showcase.booths.models import BoothApplication
from showcase.core.i18n import localized
from showcase.core.time import format_day_time
from showcase.delegations.models import Delegation
from showcase.events.models import Event
from showcase.extensions import db
from showcase.mail.services import external_url
from showcase.program.models import Speaker
from showcase.questions.services.answers import placeholders as answer_placeholders
from showcase.registration.models import Registration
from showcase.schedule.models import RegistrationStar
from showcase.schedule.services import releases

PREVIEW_SECRET = "example-link-shown-in-previews-only-000000"  # noqa: S105 (not a secret)
MODELS = {
    REGISTRATION: Registration,
    SPEAKER: Speaker,
    BOOTH: BoothApplication,
    COORDINATOR: Delegation,
}


@dataclass
class Owners:
    """The records a chunk of recipients is about, by kind and id, and what their sessions are."""

    event: Event
    by_kind: dict[str, dict[int, object]] = field(default_factory=dict)
    stars: dict[int, list[int]] = field(default_factory=dict)
    published: object = None

    @classmethod
    def load(cls, event: Event, wanted: Iterable[tuple[str, int]]) -> Owners:
        owners = cls(event)
        ids: dict[str, set[int]] = {}
        for kind, owner_id in wanted:
            ids.setdefault(kind, set()).add(owner_id)
        for kind, chosen in ids.items():
            model = MODELS[kind]
            query = select(model).where(model.id.in_(chosen))
            if kind == REGISTRATION:
                query = query.options(selectinload(Registration.event))
            owners.by_kind[kind] = {row.id: row for row in db.session.scalars(query)}
        registrations = ids.get(REGISTRATION, set())
        if registrations:
            for registration_id, session_id in db.session.execute(
                select(RegistrationStar.registration_id, RegistrationStar.session_id).where(
                    RegistrationStar.registration_id.in_(registrations)
                )
            ):
                owners.stars.setdefault(registration_id, []).append(session_id)
        owners.published = releases.latest(event)
        return owners

    def get(self, kind: str, owner_id: int):
        return self.by_kind.get(kind, {}).get(owner_id)


def _links(kind: str, owner, mint: bool) -> tuple[list[str], dict[str, str]]:
    """(secrets, {"manage_link": …, "badge_link": …}) for the owner."""
    acronym = owner.event.acronym
    if kind == REGISTRATION:
        if mint:
            from showcase.registration.emails import manage_urls

            secret, urls = manage_urls(owner)
        else:
            secret = PREVIEW_SECRET
            urls = {
                "manage_url": external_url("registration.manage", event=acronym, secret=secret),
                "badge_url": external_url("registration.badge", event=acronym, secret=secret),
            }
        return [secret], {"manage_link": urls["manage_url"], "badge_link": urls["badge_url"]}
    if kind == SPEAKER:
        from showcase.program.emails import _manage_url

        secret, url = _manage_url(owner) if mint else _manage_url(owner, PREVIEW_SECRET)
    elif kind == BOOTH:
        if mint:
            from showcase.booths.emails import _manage_url as booth_url

            secret, url = booth_url(owner)
        else:
            secret = PREVIEW_SECRET
            url = external_url("booths.manage_application", event=acronym, secret=secret)
    else:
        if mint:
            from showcase.delegations.emails import delegation_url

            secret, url = delegation_url(owner)
        else:
            secret = PREVIEW_SECRET
            url = external_url("delegations.page", event=acronym, secret=secret)
    return [secret], {"manage_link": url}


def _session_lines(owners: Owners, entries: list[dict], lang: str) -> tuple[str, ...]:
    published = owners.published
    lines = []
    for entry in sorted(entries, key=lambda item: item["_start"]):
        title = (entry["title_th"] if lang == "th" else entry["title_en"]) or entry["title_en"]
        room = published.rooms.get(entry["room"], {})
        room_name = (room.get("name_th") if lang == "th" else "") or room.get("name_en", "")
        when = format_day_time(entry["_start"], owners.event.timezone, lang)
        lines.append(f"{title} — {when}" + (f", {room_name}" if room_name else ""))
    return tuple(lines)


def _sessions(owners: Owners, kind: str, owner, lang: str) -> tuple[str, ...]:
    published = owners.published
    if published is None:
        return ()
    speaker_code = None
    if kind == SPEAKER:
        speaker_code = owner.code
    elif kind == REGISTRATION and owner.speaker_id is not None:
        speaker = db.session.get(Speaker, owner.speaker_id)
        speaker_code = speaker.code if speaker is not None else None
    if speaker_code is not None:
        return _session_lines(owners, published.sessions_of_speaker(speaker_code), lang)
    if kind == REGISTRATION:
        starred = set(owners.stars.get(owner.id, []))
        entries = [entry for entry in published.sessions if entry["id"] in starred]
        return _session_lines(owners, entries, lang)
    return ()


def _booth(kind: str, owner, lang: str) -> str:
    application = owner if kind == BOOTH else None
    if kind == REGISTRATION and owner.booth_application_id is not None:
        application = db.session.get(BoothApplication, owner.booth_application_id)
    if application is None or application.booth is None:
        return ""
    booth = application.booth
    return f"{booth.code}, {localized(booth.hall, 'name', lang)}"


def values_for(
    owners: Owners, kind: str, owner, name: str, lang: str, used: set[str], mint: bool
) -> tuple[dict[str, Value], list[str]]:
    """The placeholder values of one person, and the link secrets in them."""
    values = {
        "name": Value(name),
        "event": Value(localized(owners.event, "name", lang)),
        "manage_link": Value("", url=True),
        "badge_link": Value("", url=True),
    }
    secrets: list[str] = []
    if owner is None:
        return values, secrets
    if used & {"manage_link", "badge_link"}:
        secrets, links = _links(kind, owner, mint)
        for key, url in links.items():
            values[key] = Value(url, url=True)
    if "booth" in used:
        values["booth"] = Value(_booth(kind, owner, lang))
    if "sessions" in used:
        values["sessions"] = Value(lines=_sessions(owners, kind, owner, lang))
    if kind == REGISTRATION and any(key.startswith("answer.") for key in used):
        for key, text in answer_placeholders(owner, lang).items():
            values[key] = Value(text)
    return values, secrets
