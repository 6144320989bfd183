"""Who an announcement goes to: conditions over the event's people, combined, de-duplicated.

A condition is a string ``"<kind>:<value>"`` (``registration_state:confirmed``,
``session_track:12``, ``starred:40`` …), as the composer's selects offer them. Conditions fall
into groups by the records they read: registrations, speakers (through their sessions), booth
applications, and delegation coordinators. Within a group the conditions are combined in SQL on
the same record (all: ``AND``; any: ``OR``); across groups people are matched by address (all:
found by every group; any: by one). An address found twice (a speaker who is also registered)
gets one message, about the record that says most about them: the registration first, then the
speaker, the booth application, the delegation.

Registration conditions without a state condition mean the active registrations (not cancelled,
rejected or erased); speaker conditions without a session state mean speakers of sessions still
in play (submitted, accepted, confirmed); booth conditions without a state mean submitted,
waitlisted and approved applications.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from showcase.booths.models import (
    ApplicationState,
    Booth,
    BoothApplication,
)
from showcase.booths.services.layout import list_halls
from showcase.core.i18n import addressee, localized
from showcase.delegations.models import WORKING_STATES, Delegation, DelegationState
from showcase.events.models import City, CityKind, Event
from showcase.events.services import ordered_cities
from showcase.extensions import db
from showcase.program.models import (
    ProgramSession,
    SessionState,
    SessionType,
    Speaker,
    session_speakers,
)
from showcase.questions.services import reading as answers
from showcase.registration.emails import addressed_as
from showcase.registration.models import (
    ACTIVE_STATES,
    Registration,
    RegistrationState,
)
from showcase.registration.services import organiser
from showcase.schedule.models import RegistrationStar

REGISTRATION, SPEAKER, BOOTH, COORDINATOR = "registration", "speaker", "booth", "coordinator"
# Which record speaks for an address found more than once (lower first).
PRIORITY = {REGISTRATION: 0, SPEAKER: 1, BOOTH: 2, COORDINATOR: 3}
OWNER_KINDS = {
    REGISTRATION: Registration.__tablename__,
    SPEAKER: Speaker.__tablename__,
    BOOTH: BoothApplication.__tablename__,
    COORDINATOR: Delegation.__tablename__,
}
KIND_LABELS = {
    REGISTRATION: _l("registrant"),
    SPEAKER: _l("speaker"),
    BOOTH: _l("booth applicant"),
    COORDINATOR: _l("delegation coordinator"),
}
SPEAKER_STATES_IN_PLAY = (SessionState.SUBMITTED, SessionState.ACCEPTED, SessionState.CONFIRMED)
BOOTH_STATES_IN_PLAY = (
    ApplicationState.SUBMITTED,
    ApplicationState.WAITLISTED,
    ApplicationState.APPROVED,
)

# Condition kinds: the group each belongs to.
KINDS = {
    "registration_state": REGISTRATION,
    "registration_category": REGISTRATION,
    "registration_city": REGISTRATION,
    "registration_city_kind": REGISTRATION,
    "registration_checked_in": REGISTRATION,
    "registration_delegation": REGISTRATION,
    "registration_answer": REGISTRATION,
    "starred": REGISTRATION,
    "session_state": SPEAKER,
    "session_track": SPEAKER,
    "session_type": SPEAKER,
    "booth_state": BOOTH,
    "booth_hall": BOOTH,
    "coordinators": COORDINATOR,
}
# A registration's city kind, or no city of the list.
CITY_KINDS = [*CityKind.options(), ("other", _l("Other (no city of the list)"))]


@dataclass(frozen=True)
class Recipient:
    address: str  # lower-cased
    name: str
    language: str
    kind: str  # REGISTRATION, SPEAKER, BOOTH, COORDINATOR
    owner_id: int

    @property
    def owner_kind(self) -> str:
        return OWNER_KINDS[self.kind]


# What the composer offers ------------------------------------------------------------------


def condition_choices(event: Event, role) -> list[tuple[str, str]]:
    """Every condition the composer offers for ``event``, as (value, label)."""

    def labelled(group, pairs):
        return [(value, f"{group}: {label}") for value, label in pairs]

    state_word, category_word = _l("Registration state"), _l("Registration category")
    options = []
    options += labelled(
        state_word, ((f"registration_state:{s.value}", s.label) for s in RegistrationState)
    )
    options += labelled(
        category_word,
        ((f"registration_category:{c.id}", c.name) for c in organiser.list_categories(event)),
    )
    options += labelled(
        _l("City kind"),
        ((f"registration_city_kind:{key}", label) for key, label in CITY_KINDS),
    )
    options += labelled(
        _l("Checked in"),
        (("registration_checked_in:yes", _l("yes")), ("registration_checked_in:no", _l("no"))),
    )
    options += labelled(
        _l("Delegation"),
        ((f"registration_delegation:{d.id}", d.city.name) for d in _delegations(event)),
    )
    options += labelled(
        _l("Answer"),
        ((f"registration_answer:{o.value}", o.label) for o in answers.filter_options(event, role)),
    )
    options += labelled(
        _l("Starred the session"),
        ((f"starred:{s.id}", _session_label(s)) for s in _sessions(event)),
    )
    options += labelled(
        _l("City"), ((f"registration_city:{c.id}", c.name) for c in ordered_cities())
    )
    options += labelled(
        _l("Speakers, session state"),
        ((f"session_state:{s.value}", s.label) for s in SessionState),
    )
    options += labelled(
        _l("Speakers, track"),
        ((f"session_track:{t.id}", localized(t, "name")) for t in event.tracks),
    )
    options += labelled(
        _l("Speakers, session type"),
        ((f"session_type:{t.value}", t.label) for t in SessionType),
    )
    options += labelled(
        _l("Booth applicants, state"),
        ((f"booth_state:{s.value}", s.label) for s in ApplicationState),
    )
    options += labelled(
        _l("Booth applicants, hall"),
        ((f"booth_hall:{h.id}", localized(h, "name")) for h in list_halls(event)),
    )
    options.append(
        ("coordinators:all", str(_l("Delegation coordinators: all working delegations")))
    )
    options += labelled(
        _l("Delegation coordinators"),
        ((f"coordinators:{s.value}", s.label) for s in DelegationState),
    )
    return [(value, str(label)) for value, label in options]


def _delegations(event: Event) -> list[Delegation]:
    return list(
        db.session.scalars(
            select(Delegation)
            .join(City, City.id == Delegation.city_id)
            .where(Delegation.event_id == event.id)
            .order_by(City.name_en)
        )
    )


def _sessions(event: Event) -> list[ProgramSession]:
    return list(
        db.session.scalars(
            select(ProgramSession)
            .where(
                ProgramSession.event_id == event.id,
                ProgramSession.id.in_(select(RegistrationStar.session_id)),
            )
            .order_by(ProgramSession.title_en)
        )
    )


def _session_label(session: ProgramSession) -> str:
    return localized(session, "title") or session.code


# Reading conditions --------------------------------------------------------------------------


class UnknownCondition(ValueError):
    pass


def _number(value: str) -> int:
    if not value.isdigit() or len(value) > 9:
        raise UnknownCondition(value)
    return int(value)


def _enum(kind, value: str):
    try:
        return kind(value)
    except ValueError:
        raise UnknownCondition(value) from None


def _registration_clause(event: Event, role, kind: str, value: str):
    if kind == "registration_state":
        return Registration.state == _enum(RegistrationState, value)
    if kind == "registration_category":
        return Registration.category_id == _number(value)
    if kind == "registration_city":
        return Registration.city_id == _number(value)
    if kind == "registration_delegation":
        return Registration.delegation_id == _number(value)
    if kind == "registration_checked_in":
        if value not in ("yes", "no"):
            raise UnknownCondition(value)
        column = Registration.checked_in_at
        return column.is_not(None) if value == "yes" else column.is_(None)
    if kind == "registration_city_kind":
        if value == "other":
            return Registration.city_id.is_(None)
        city_kind = _enum(CityKind, value)
        return Registration.city_id.in_(select(City.id).where(City.kind == city_kind))
    if kind == "starred":
        return Registration.id.in_(
            select(RegistrationStar.registration_id).where(
                RegistrationStar.session_id == _number(value)
            )
        )
    if kind == "registration_answer":
        base = select(Registration.id).where(Registration.event_id == event.id)
        query, kept = answers.filter_by_answer(base, event, role, value)
        if not kept:
            raise UnknownCondition(value)
        return Registration.id.in_(query)
    raise UnknownCondition(kind)


def _speaker_clause(kind: str, value: str):
    if kind == "session_state":
        return ProgramSession.state == _enum(SessionState, value)
    if kind == "session_track":
        return ProgramSession.track_id == _number(value)
    if kind == "session_type":
        return ProgramSession.session_type == _enum(SessionType, value)
    raise UnknownCondition(kind)


def _booth_clause(kind: str, value: str):
    if kind == "booth_state":
        return BoothApplication.state == _enum(ApplicationState, value)
    if kind == "booth_hall":
        return BoothApplication.booth_id.in_(
            select(Booth.id).where(Booth.hall_id == _number(value))
        )
    raise UnknownCondition(kind)


def _coordinator_clause(value: str):
    if value == "all":
        return Delegation.state.in_(WORKING_STATES)
    return Delegation.state == _enum(DelegationState, value)


def split(condition: str) -> tuple[str, str]:
    kind, _, value = (condition or "").partition(":")
    if kind not in KINDS or not value:
        raise UnknownCondition(condition)
    return kind, value


def check_conditions(event: Event, role, conditions: Iterable[str]) -> list[str]:
    """The conditions that are not (or no longer) conditions of ``event``."""
    bad = []
    for condition in conditions:
        try:
            kind, value = split(condition)
            group = KINDS[kind]
            if group == REGISTRATION:
                _registration_clause(event, role, kind, value)
            elif group == SPEAKER:
                _speaker_clause(kind, value)
            elif group == BOOTH:
                _booth_clause(kind, value)
            else:
                _coordinator_clause(value)
        except UnknownCondition:
            bad.append(condition)
    return bad


# Finding the people ---------------------------------------------------------------------------


def _combine(clauses: list, match_all: bool):
    return sa.and_(*clauses) if match_all else sa.or_(*clauses)


def _registrants(event: Event, clauses: list, has_state: bool, match_all: bool) -> list[Recipient]:
    query = select(Registration).where(
        Registration.event_id == event.id,
        Registration.erased_at.is_(None),
        Registration.email.is_not(None),
        _combine(clauses, match_all),
    )
    if not has_state:
        query = query.where(Registration.state.in_(ACTIVE_STATES))
    return [
        Recipient(r.email.lower(), addressed_as(r), r.language, REGISTRATION, r.id)
        for r in db.session.scalars(query.order_by(Registration.id))
    ]


def _speakers(event: Event, clauses: list, has_state: bool, match_all: bool) -> list[Recipient]:
    query = (
        select(Speaker)
        .join(session_speakers, session_speakers.c.speaker_id == Speaker.id)
        .join(ProgramSession, ProgramSession.id == session_speakers.c.session_id)
        .where(Speaker.event_id == event.id, _combine(clauses, match_all))
    )
    if not has_state:
        query = query.where(ProgramSession.state.in_(SPEAKER_STATES_IN_PLAY))
    speakers = db.session.scalars(query.distinct().order_by(Speaker.id))
    return [
        Recipient(
            s.email.lower(),
            addressee(s.name_th if s.language == "th" and s.name_th else s.name, s.language),
            s.language,
            SPEAKER,
            s.id,
        )
        for s in speakers
    ]


def _applicants(event: Event, clauses: list, has_state: bool, match_all: bool) -> list[Recipient]:
    query = select(BoothApplication).where(
        BoothApplication.event_id == event.id, _combine(clauses, match_all)
    )
    if not has_state:
        query = query.where(BoothApplication.state.in_(BOOTH_STATES_IN_PLAY))
    return [
        Recipient(
            a.contact_email.lower(), addressee(a.contact_name, a.language), a.language, BOOTH, a.id
        )
        for a in db.session.scalars(query.order_by(BoothApplication.id))
    ]


def _coordinators(event: Event, clauses: list, match_all: bool) -> list[Recipient]:
    query = select(Delegation).where(Delegation.event_id == event.id, _combine(clauses, match_all))
    return [
        Recipient(
            d.coordinator_email.lower(),
            addressee(d.coordinator_name, d.language),
            d.language,
            COORDINATOR,
            d.id,
        )
        for d in db.session.scalars(query.order_by(Delegation.id))
    ]


def find_recipients(
    event: Event, role, match_all: bool, conditions: Iterable[str]
) -> list[Recipient]:
    """The people the conditions choose, one per address (see the module's docstring), in a
    stable order. Unknown conditions raise ``UnknownCondition``."""
    groups: dict[str, list] = {}
    has_state = {REGISTRATION: False, SPEAKER: False, BOOTH: False}
    for condition in dict.fromkeys(conditions):
        kind, value = split(condition)
        group = KINDS[kind]
        if group == REGISTRATION:
            clause = _registration_clause(event, role, kind, value)
        elif group == SPEAKER:
            clause = _speaker_clause(kind, value)
        elif group == BOOTH:
            clause = _booth_clause(kind, value)
        else:
            clause = _coordinator_clause(value)
        if kind in ("registration_state", "session_state", "booth_state"):
            has_state[group] = True
        groups.setdefault(group, []).append(clause)
    found: list[list[Recipient]] = []
    for group, clauses in groups.items():
        if group == REGISTRATION:
            found.append(_registrants(event, clauses, has_state[group], match_all))
        elif group == SPEAKER:
            found.append(_speakers(event, clauses, has_state[group], match_all))
        elif group == BOOTH:
            found.append(_applicants(event, clauses, has_state[group], match_all))
        else:
            found.append(_coordinators(event, clauses, match_all))
    if not found:
        return []
    if match_all:
        wanted = set.intersection(*({r.address for r in people} for people in found))
    else:
        wanted = set().union(*({r.address for r in people} for people in found))
    best: dict[str, Recipient] = {}
    for people in found:
        for person in people:
            if person.address not in wanted:
                continue
            held = best.get(person.address)
            if held is None or PRIORITY[person.kind] < PRIORITY[held.kind]:
                best[person.address] = person
    return sorted(best.values(), key=lambda r: (PRIORITY[r.kind], r.owner_id))
