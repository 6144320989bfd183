"""Cooperation profiles: made and kept by their party, with their own consent (PDPA).

A city's profile is kept by its delegation's coordinator (through the delegation's secret link);
an organisation's or a person's by the registered person who made it (through their manage
link). ``Keeper`` is who is at the page; ``profile_of`` finds what they keep. Nobody has a
profile without ticking its consent, and the directory shows only visible profiles and only what
their owner wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from showcase.cooperation.models import (
    CooperationInterest,
    CooperationProfile,
    CooperationSettings,
    ProfileKind,
    ProfileMember,
    Side,
)
from showcase.core.db import event_rows, require_unit_of_work, utcnow
from showcase.core.errors import DomainError, ErrorCollector
from showcase.core.i18n import country_codes
from showcase.core.models import settings_of
from showcase.events.models import Event, Track
from showcase.events.services import events_ended
from showcase.extensions import db
from showcase.registration.models import ACTIVE_STATES, Registration

# The languages a profile can say it speaks (ISO 639-1).
LANGUAGES = ("th", "en", "zh", "ja", "ko", "ms", "id", "vi", "fr", "de", "es", "ar")
CONSENT_PURPOSE = _l(
    "I agree that Showcase shows this cooperation profile to the event's participants and "
    "organisers, suggests meetings with it and sends me meeting requests, for this event only. "
    "I can hide or delete it at any time."
)


@dataclass(frozen=True)
class Keeper:
    """Who keeps a profile at this page: a delegation's coordinator or a registered person."""

    event: Event
    delegation: object | None = None
    registration: Registration | None = None
    # A city without a delegation yet, whose profile the organisers keep (the demo's cities).
    city: object | None = None

    @property
    def city_id(self) -> int | None:
        if self.delegation is not None:
            return self.delegation.city_id
        return self.city.id if self.city is not None else None

    @property
    def is_city(self) -> bool:
        return self.city_id is not None

    @property
    def people(self) -> list[Registration]:
        """The people who may be named as able to meet."""
        if self.delegation is not None:
            return list(self.delegation.active_members)
        if self.city is not None:
            return list(
                db.session.scalars(
                    select(Registration)
                    .where(
                        Registration.event_id == self.event.id,
                        Registration.city_id == self.city.id,
                        Registration.state.in_(ACTIVE_STATES),
                    )
                    .order_by(Registration.id)
                    .limit(20)
                )
            )
        return [self.registration] if self.registration is not None else []


def settings(event: Event) -> CooperationSettings:
    return settings_of(CooperationSettings, event.id, directory_public=True, reminder_minutes=60)


def _loaded():
    return (
        selectinload(CooperationProfile.interests).selectinload(CooperationInterest.track),
        selectinload(CooperationProfile.members).selectinload(ProfileMember.registration),
    )


def profile_of(keeper: Keeper) -> CooperationProfile | None:
    query = select(CooperationProfile).where(CooperationProfile.event_id == keeper.event.id)
    if keeper.is_city:
        query = query.where(CooperationProfile.city_id == keeper.city_id)
    else:
        query = query.where(CooperationProfile.owner_id == keeper.registration.id)
    return db.session.scalar(query.options(*_loaded()))


def directory(
    event: Event,
    track_id: int | None = None,
    side: Side | None = None,
    country: str = "",
    kind: ProfileKind | None = None,
) -> list[CooperationProfile]:
    query = (
        select(CooperationProfile)
        .where(CooperationProfile.event_id == event.id, CooperationProfile.visible.is_(True))
        .options(*_loaded())
        .order_by(CooperationProfile.display_name)
    )
    if kind is not None:
        query = query.where(CooperationProfile.kind == kind)
    if country:
        query = query.where(CooperationProfile.country == country)
    if track_id is not None or side is not None:
        interest = select(CooperationInterest.profile_id)
        if track_id is not None:
            interest = interest.where(CooperationInterest.track_id == track_id)
        if side is not None:
            interest = interest.where(CooperationInterest.side == side)
        query = query.where(CooperationProfile.id.in_(interest))
    return list(db.session.scalars(query))


def visible_profiles(event: Event) -> list[CooperationProfile]:
    return directory(event)


def profiles_of(event: Event) -> list[CooperationProfile]:
    """Every profile of the event, hidden ones too (the organisers' list)."""
    return event_rows(
        CooperationProfile,
        event,
        CooperationProfile.kind,
        CooperationProfile.display_name,
        options=_loaded(),
    )


def _clean_languages(codes: Iterable[str]) -> str:
    return ",".join(code for code in LANGUAGES if code in set(codes or ()))


def _clean_tags(text: str) -> str:
    tags = []
    for tag in (text or "").split(","):
        tag = " ".join(tag.split())[:40]
        if tag and tag.casefold() not in {seen.casefold() for seen in tags}:
            tags.append(tag)
    return ", ".join(tags[:12])[:300]


def save_profile(keeper: Keeper, values: dict) -> CooperationProfile:
    """Create or change the keeper's profile from the form's values.

    ``values``: display_name, country, languages (codes), tags, about, visible, consent, kind
    (for a registered person), writing_language ("en"/"th": the language of the texts),
    member_ids (registrations who can meet) and, per track id, ``offer_<id>`` / ``seek_<id>``.
    """
    require_unit_of_work()
    event = keeper.event
    profile = profile_of(keeper)
    problems = ErrorCollector()
    name = " ".join((values.get("display_name") or "").split())
    if not name:
        problems.add(DomainError(_l("Give the name to show."), field="display_name"))
    elif len(name) > 200:
        problems.add(DomainError(_l("The name is too long."), field="display_name"))
    country = (values.get("country") or "").upper()
    if country not in country_codes():
        problems.add(DomainError(_l("Choose a country from the list."), field="country"))
    languages = _clean_languages(values.get("languages") or ())
    if not languages:
        problems.add(DomainError(_l("Choose at least one language you can meet in."), "languages"))
    if not values.get("consent"):
        problems.add(
            DomainError(
                _l("Tick the consent to take part: without it there is no profile."),
                field="consent",
            )
        )
    writing = "th" if values.get("writing_language") == "th" else "en"
    tracks = event_rows(Track, event, Track.position)
    wanted: list[tuple[Side, Track, str]] = []
    for track in tracks:
        for side in Side:
            text = " ".join((values.get(f"{side.value}_{track.id}") or "").split())
            if len(text) > 300:
                problems.add(
                    DomainError(
                        _l("Keep each description under 300 characters."),
                        field=f"{side.value}_{track.id}",
                    )
                )
            elif text:
                wanted.append((side, track, text))
    if not wanted:
        problems.add(DomainError(_l("Say at least one thing you offer or seek, in any dimension.")))
    allowed = {person.id: person for person in keeper.people}
    member_ids = [int(item) for item in values.get("member_ids") or () if int(item) in allowed]
    if keeper.registration is not None and not member_ids:
        member_ids = [keeper.registration.id]
    if keeper.is_city and not member_ids and keeper.people:
        problems.add(
            DomainError(_l("Choose at least one member who can meet."), field="member_ids")
        )
    problems.raise_any()

    if profile is None:
        if keeper.is_city:
            kind, city_id, owner_id = ProfileKind.CITY, keeper.city_id, None
        else:
            kind = (
                ProfileKind.PERSON
                if values.get("kind") == ProfileKind.PERSON.value
                else ProfileKind.ORGANISATION
            )
            city_id, owner_id = None, keeper.registration.id
        profile = CooperationProfile(
            event_id=event.id, kind=kind, city_id=city_id, owner_id=owner_id, consent_at=utcnow()
        )
        db.session.add(profile)
    elif keeper.registration is not None and values.get("kind") in (
        ProfileKind.PERSON.value,
        ProfileKind.ORGANISATION.value,
    ):
        profile.kind = ProfileKind(values["kind"])
    profile.display_name = name
    profile.country = country
    profile.languages = languages
    profile.tags = _clean_tags(values.get("tags") or "")
    about = (values.get("about") or "").strip()[:2000]
    setattr(profile, f"about_{writing}", about)
    profile.visible = bool(values.get("visible"))
    if profile.consent_at is None:
        profile.consent_at = utcnow()
    # The interests: the texts of this language are replaced, the other language's are kept.
    existing = {(item.side, item.track_id): item for item in profile.interests}
    for side, track, text in wanted:
        item = existing.pop((side, track.id), None)
        if item is None:
            item = CooperationInterest(side=side, track=track)
            profile.interests.append(item)
        setattr(item, f"description_{writing}", text)
    for item in existing.values():
        profile.interests.remove(item)
    current = {member.registration_id: member for member in profile.members}
    for member_id in member_ids:
        if member_id not in current:
            profile.members.append(ProfileMember(registration=allowed[member_id]))
    for member_id, member in current.items():
        if member_id not in member_ids:
            profile.members.remove(member)
    db.session.flush()
    return profile


def withdraw_profile(keeper: Keeper) -> None:
    """Delete the keeper's profile (the consent withdrawn); meetings it had go with it."""
    require_unit_of_work()
    profile = profile_of(keeper)
    if profile is None:
        raise DomainError(_l("There is no cooperation profile to delete."))
    db.session.delete(profile)
    db.session.flush()


def people_of(profile: CooperationProfile) -> list[Registration]:
    return [
        member.registration
        for member in profile.members
        if member.registration.state in ACTIVE_STATES
    ]


def contact_of(profile: CooperationProfile) -> tuple[str, str, str] | None:
    """(address, language, name) of whoever answers for the profile."""
    if profile.kind == ProfileKind.CITY:
        from showcase.delegations.models import Delegation

        delegation = db.session.scalar(
            select(Delegation).where(
                Delegation.event_id == profile.event_id, Delegation.city_id == profile.city_id
            )
        )
        if delegation is None:
            return None
        return delegation.coordinator_email, delegation.language, delegation.coordinator_name
    owner = profile.owner
    if owner is None or not owner.email:
        return None
    return owner.email, owner.language, owner.full_name


def save_settings(event: Event, values: dict) -> CooperationSettings:
    from showcase.core.models import stored_settings_of

    require_unit_of_work()
    minutes = values.get("reminder_minutes")
    if minutes is None or not 0 <= minutes <= 1440:
        raise DomainError(
            _l("Give the minutes as a number from 0 to 1440."), field="reminder_minutes"
        )
    row = stored_settings_of(CooperationSettings, event.id)
    row.directory_public = bool(values.get("directory_public"))
    row.reminder_minutes = minutes
    db.session.flush()
    return row


def pin(event: Event, profile_id: int | None, partner_id: int | None, note: str = ""):
    """The organisers recommend that ``profile`` meets ``partner`` (shown first to both)."""
    from showcase.cooperation.models import CooperationPin
    from showcase.core.db import event_row

    require_unit_of_work()
    profile = event_row(CooperationProfile, event, profile_id) if profile_id else None
    partner = event_row(CooperationProfile, event, partner_id) if partner_id else None
    if profile is None:
        raise DomainError(_l("Choose a profile from the list."), field="profile_id")
    if partner is None:
        raise DomainError(_l("Choose a profile from the list."), field="partner_id")
    if profile.id == partner.id:
        raise DomainError(_l("A profile cannot be pinned to itself."), field="partner_id")
    exists = db.session.scalar(
        select(CooperationPin).where(
            CooperationPin.profile_id.in_((profile.id, partner.id)),
            CooperationPin.partner_id.in_((profile.id, partner.id)),
        )
    )
    if exists is not None:
        raise DomainError(_l("This match is already pinned."), field="partner_id")
    row = CooperationPin(
        event_id=event.id, profile_id=profile.id, partner_id=partner.id, note=(note or "")[:300]
    )
    db.session.add(row)
    db.session.flush()
    return row


def unpin(event: Event, pin_row) -> None:
    require_unit_of_work()
    db.session.delete(pin_row)
    db.session.flush()


def pins_of(event: Event) -> list:
    from showcase.cooperation.models import CooperationPin

    return event_rows(CooperationPin, event, CooperationPin.id)


# The person's data: download, erasure and retention ---------------------------------------------

# Days after the event's last day until organisations' and persons' profiles, and who attended
# which meeting, are deleted (cities' profiles stay, without their people).
RETENTION_DAYS = 365


def cooperation_data(registration: Registration) -> dict:
    """What cooperation keeps about the person, for their data download."""
    from showcase.cooperation.models import Meeting, MeetingAttendee

    own = db.session.scalar(
        select(CooperationProfile).where(CooperationProfile.owner_id == registration.id)
    )
    named_in = db.session.scalars(
        select(CooperationProfile)
        .join(ProfileMember)
        .where(ProfileMember.registration_id == registration.id)
    ).all()
    attended = db.session.scalars(
        select(Meeting)
        .join(MeetingAttendee)
        .where(MeetingAttendee.registration_id == registration.id)
        .order_by(Meeting.starts_at)
    ).all()
    return {
        "profile": None
        if own is None
        else {
            "kind": own.kind.value,
            "display_name": own.display_name,
            "country": own.country,
            "languages": own.language_codes,
            "tags": own.tag_list,
            "about_en": own.about_en,
            "about_th": own.about_th,
            "visible": own.visible,
            "consent_at": own.consent_at.isoformat(),
            "interests": [
                {
                    "side": item.side.value,
                    "dimension": item.track.slug,
                    "description_en": item.description_en,
                    "description_th": item.description_th,
                }
                for item in own.interests
            ],
        },
        "can_meet_for": [profile.display_name for profile in named_in],
        "meetings": [
            {
                "starts_at": meeting.starts_at.isoformat(),
                "ends_at": meeting.ends_at.isoformat(),
                "with": [meeting.requester.display_name, meeting.host.display_name],
                "state": meeting.state.value,
                "message": meeting.message,
            }
            for meeting in attended
        ],
    }


def erase_cooperation(registration: Registration) -> None:
    """The person's own profile (and its meetings) deleted; they are taken out of the profiles
    that named them and of the meetings they were to attend (their seats freed)."""
    import sqlalchemy as sa

    from showcase.cooperation.models import MeetingAttendee, MeetingSeat

    own = db.session.scalar(
        select(CooperationProfile).where(CooperationProfile.owner_id == registration.id)
    )
    if own is not None:
        db.session.delete(own)
    db.session.execute(
        sa.delete(ProfileMember).where(ProfileMember.registration_id == registration.id)
    )
    db.session.execute(
        sa.delete(MeetingAttendee).where(MeetingAttendee.registration_id == registration.id)
    )
    db.session.execute(sa.delete(MeetingSeat).where(MeetingSeat.registration_id == registration.id))
    db.session.flush()


def purge_cooperation(now) -> int:
    """Retention: for events that ended more than ``RETENTION_DAYS`` ago, delete organisations'
    and persons' profiles and the people named in meetings and cities' profiles."""
    import sqlalchemy as sa

    from showcase.cooperation.models import Meeting, MeetingAttendee

    ended = events_ended(now, RETENTION_DAYS)
    profiles_gone = db.session.scalars(
        select(CooperationProfile).where(
            CooperationProfile.event_id.in_(ended), CooperationProfile.kind != ProfileKind.CITY
        )
    ).all()
    for profile in profiles_gone:
        db.session.delete(profile)
    db.session.execute(
        sa.delete(ProfileMember).where(
            ProfileMember.profile_id.in_(
                select(CooperationProfile.id).where(CooperationProfile.event_id.in_(ended))
            )
        )
    )
    db.session.execute(
        sa.delete(MeetingAttendee).where(
            MeetingAttendee.meeting_id.in_(select(Meeting.id).where(Meeting.event_id.in_(ended)))
        )
    )
    db.session.flush()
    return len(profiles_gone)
