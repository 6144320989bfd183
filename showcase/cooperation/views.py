"""Public cooperation pages: the directory (public or for registrants, as the organisers set)
and a party's own pages behind a secret link, either a delegation coordinator's
(``/<event>/cooperation/delegation/<secret>/``: the city's profile) or a registered person's
(``/<event>/cooperation/registration/<secret>/``: an organisation's or their own): the profile
with its consent, suggestions with the reason, requesting a meeting from the slots in which both
are free, answering requests, the badge scan at the table and the outcome afterwards."""

from __future__ import annotations

from datetime import datetime

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from showcase.cooperation.forms import (
    LANGUAGE_NAMES,
    CounterForm,
    NoteForm,
    OutcomeForm,
    ProfileForm,
    RequestForm,
    ScanForm,
)
from showcase.cooperation.models import (
    CooperationPin,
    CooperationProfile,
    Meeting,
    MeetingState,
    ProfileKind,
    Side,
)
from showcase.cooperation.services import matching, meetings, outcomes, profiles
from showcase.cooperation.services.profiles import Keeper
from showcase.cooperation.services.states import MACHINE
from showcase.core.blueprints import event_blueprint, of_this_event
from showcase.core.forms import choices, press, submit
from showcase.core.i18n import countries, current_language
from showcase.core.listing import enum_arg
from showcase.core.navigation import public_link
from showcase.core.security import no_store
from showcase.core.time import format_day_time
from showcase.events.models import Track
from showcase.extensions import db

bp = event_blueprint("cooperation", __name__, url_prefix="/<event>/cooperation")

M = MeetingState

public_link(
    _l("Cooperation"),
    "cooperation.directory",
    order=40,
    description=_l("Cities and partners: what each offers and seeks, and meetings to book."),
    visible=lambda event: profiles.settings(event).directory_public,
)


def tracks_of(event) -> list[Track]:
    return list(
        db.session.scalars(select(Track).where(Track.event_id == event.id).order_by(Track.position))
    )


def slot_choices(slots) -> list:
    tz = g.event.timezone
    return choices(
        [("", _l("Choose a slot"))]
        + [(slot.starts_at.isoformat(), format_day_time(slot.starts_at, tz)) for slot in slots]
    )


def parse_slot(value: str | None) -> datetime | None:
    try:
        moment = datetime.fromisoformat((value or "").strip()[:40])
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


# The directory --------------------------------------------------------------------------------


def _filters():
    args = request.args
    track_id = args.get("dimension", type=int)
    country = (args.get("country") or "").upper()[:2]
    return {
        "track_id": track_id,
        "side": enum_arg("side", Side),
        "country": country,
        "kind": enum_arg("kind", ProfileKind),
    }


def _directory_page(keeper_url=None, keeper_profile=None):
    event = g.event
    chosen = _filters()
    found = profiles.directory(event, **chosen)
    present = {profile.country for profile in profiles.visible_profiles(event)}
    return render_template(
        "cooperation/directory.html",
        profiles=found,
        chosen=chosen,
        tracks=tracks_of(event),
        kinds=list(ProfileKind),
        sides=list(Side),
        countries=[(code, name) for code, name in countries(current_language()) if code in present],
        keeper_url=keeper_url,
        keeper_profile=keeper_profile,
        language_names=LANGUAGE_NAMES,
    )


@bp.get("/")
def directory():
    if not profiles.settings(g.event).directory_public:
        return render_template("cooperation/for_registrants.html"), 200
    return _directory_page()


# A party's pages --------------------------------------------------------------------------------


def _keeper(via: str, secret: str) -> Keeper:
    if via == "delegation":
        from showcase.delegations.services.delegations import for_link

        return Keeper(g.event, delegation=for_link(g.event, secret))
    if via == "registration":
        from showcase.registration.services.registrations import for_manage

        registration = for_manage(g.event, secret)
        if not registration.is_active:
            abort(404)
        return Keeper(g.event, registration=registration)
    abort(404)


def _party(via: str, secret: str):
    keeper = _keeper(via, secret)
    return keeper, profiles.profile_of(keeper)


def _home(via, secret):
    return url_for("cooperation.party", via=via, secret=secret)


def _pins(profile) -> set[int]:
    return set(
        db.session.scalars(
            select(CooperationPin.partner_id).where(CooperationPin.profile_id == profile.id)
        )
    ) | set(
        db.session.scalars(
            select(CooperationPin.profile_id).where(CooperationPin.partner_id == profile.id)
        )
    )


def suggestions(profile, limit: int = 10):
    language = current_language()
    others = [item for item in profiles.visible_profiles(g.event) if item.id != profile.id]
    by_id = {item.id: item for item in others}
    found = matching.suggestions_for(
        matching.party_of(profile, language),
        [matching.party_of(item, language) for item in others],
        pinned=_pins(profile),
        limit=limit,
    )
    return [(by_id[item.partner.id], item, matching.why(item)) for item in found]


@bp.get("/<via>/<secret>/")
@no_store
def party(via: str, secret: str):
    keeper, profile = _party(via, secret)
    return render_template(
        "cooperation/party.html",
        keeper=keeper,
        profile=profile,
        via=via,
        secret=secret,
        suggestions=suggestions(profile) if profile is not None else [],
        meetings=meetings.meetings_of_profile(profile) if profile is not None else [],
        has_booth=profile is not None and meetings.booth_of(profile) is not None,
        machine=MACHINE,
        actor_of=meetings.actor_of,
        states=M,
        note_form=NoteForm(),
    )


@bp.get("/<via>/<secret>/directory")
@no_store
def party_directory(via: str, secret: str):
    _, profile = _party(via, secret)
    return _directory_page(keeper_url=_home(via, secret), keeper_profile=profile)


@bp.route("/<via>/<secret>/profile", methods=["GET", "POST"])
@no_store
def profile(via: str, secret: str):
    keeper, stored = _party(via, secret)
    tracks = tracks_of(g.event)
    data = {}
    if stored is not None and request.method == "GET":
        writing = current_language()
        data = {
            "kind": stored.kind.value,
            "display_name": stored.display_name,
            "country": stored.country,
            "languages": stored.language_codes,
            "tags": stored.tags,
            "about": getattr(stored, f"about_{writing}") or stored.about_en or stored.about_th,
            "writing_language": writing,
            "member_ids": [str(member.registration_id) for member in stored.members],
            "visible": stored.visible,
            "consent": True,
        }
        for item in stored.interests:
            text = getattr(item, f"description_{writing}") or ""
            data[f"{item.side.value}_{item.track_id}"] = text
    elif request.method == "GET":
        data = {
            "display_name": keeper.delegation.city.name
            if keeper.delegation is not None
            else (keeper.registration.organisation or keeper.registration.full_name),
            "country": keeper.delegation.city.country_code
            if keeper.delegation is not None
            else (keeper.registration.other_country or "TH"),
            "writing_language": current_language(),
            "visible": True,
            "languages": [current_language()],
            "member_ids": [str(person.id) for person in keeper.people[:1]],
        }
    form = ProfileForm.for_event(
        tracks, keeper.people, with_kind=keeper.registration is not None, data=data or None
    )
    return submit(
        form,
        lambda: profiles.save_profile(keeper, form.values()),
        render=lambda: render_template(
            "cooperation/profile_form.html",
            form=form,
            tracks=tracks,
            keeper=keeper,
            stored=stored,
            via=via,
            secret=secret,
        ),
        success=_home(via, secret),
        message=_l("Your cooperation profile is saved."),
    )


@bp.post("/<via>/<secret>/profile/delete")
@no_store
def delete_profile(via: str, secret: str):
    keeper = _keeper(via, secret)
    return press(
        lambda: profiles.withdraw_profile(keeper),
        done=_l("Your cooperation profile is deleted."),
        back=_home(via, secret),
    )


@bp.route("/<via>/<secret>/meet/<int:profile_id>", methods=["GET", "POST"])
@no_store
def request_meeting(via: str, secret: str, profile_id: int):
    _, own = _party(via, secret)
    # A hidden profile is refused by the service with its reason, not as a missing page.
    host = of_this_event(CooperationProfile, profile_id)
    if own is None:
        flash(_l("Make your cooperation profile first: meetings are between profiles."), "warning")
        return redirect(url_for("cooperation.profile", via=via, secret=secret), 303)
    form = RequestForm()
    form.slot.choices = slot_choices(meetings.free_slots(g.event, own, host))
    reason = next((why for partner, _s, why in suggestions(own, None) if partner.id == host.id), "")
    return submit(
        form,
        lambda: meetings.request_meeting(
            g.event,
            db.session.get(CooperationProfile, own.id),
            db.session.get(CooperationProfile, host.id),
            parse_slot(form.slot.data),
            form.message.data or "",
        ),
        render=lambda: render_template(
            "cooperation/request.html",
            form=form,
            host=host,
            reason=reason,
            via=via,
            secret=secret,
            language_names=LANGUAGE_NAMES,
        ),
        success=_home(via, secret),
        message=_l("Your request is sent. You will hear by email when they answer."),
        lock=True,
    )


def _own_meeting(via: str, secret: str, meeting_id: int) -> tuple[CooperationProfile, Meeting]:
    """The party's profile and one of its meetings; 404 for a meeting that is not theirs."""
    _, own = _party(via, secret)
    meeting = of_this_event(Meeting, meeting_id)
    if own is None or own.id not in (meeting.requester_id, meeting.host_id):
        abort(404)
    return own, meeting


def _meeting_form(
    form, action, *, template: str, meeting, via: str, secret: str, message, lock=True
):
    """A form page about one of the party's meetings; once done, back to the party's page."""
    return submit(
        form,
        action,
        render=lambda: render_template(
            template, form=form, meeting=meeting, via=via, secret=secret
        ),
        success=_home(via, secret),
        message=message,
        lock=lock,
    )


def _answer(via, secret, meeting_id, action, done):
    own, meeting = _own_meeting(via, secret, meeting_id)
    form = NoteForm()
    return press(
        lambda: action(
            db.session.get(Meeting, meeting.id),
            meetings.actor_of(meeting, own),
            (form.note.data or "").strip()[:1000],
        ),
        done=done,
        back=_home(via, secret),
        lock=True,
        form=form,
        invalid=_l("This form has expired. Please send it again."),
    )


@bp.post("/<via>/<secret>/meetings/<int:meeting_id>/accept")
@no_store
def accept(via: str, secret: str, meeting_id: int):
    return _answer(
        via,
        secret,
        meeting_id,
        lambda meeting, actor, note: meetings.accept(
            meeting, actor, at_booth=request.form.get("place") == "booth"
        ),
        _l("The meeting is confirmed; both sides have been emailed a calendar entry."),
    )


@bp.post("/<via>/<secret>/meetings/<int:meeting_id>/decline")
@no_store
def decline(via: str, secret: str, meeting_id: int):
    return _answer(
        via,
        secret,
        meeting_id,
        meetings.decline,
        _l("The request is declined; the other side has been told."),
    )


@bp.post("/<via>/<secret>/meetings/<int:meeting_id>/cancel")
@no_store
def cancel(via: str, secret: str, meeting_id: int):
    return _answer(
        via,
        secret,
        meeting_id,
        meetings.cancel,
        _l("The meeting is cancelled and its slot is free; the other side has been told."),
    )


@bp.route(
    "/<via>/<secret>/meetings/<int:meeting_id>/counter",
    methods=["GET", "POST"],
)
@no_store
def counter(via: str, secret: str, meeting_id: int):
    own, meeting = _own_meeting(via, secret, meeting_id)
    form = CounterForm()
    form.slot.choices = slot_choices(meetings.free_slots(g.event, meeting.requester, meeting.host))
    return _meeting_form(
        form,
        lambda: meetings.counter(
            db.session.get(Meeting, meeting.id),
            meetings.actor_of(meeting, own),
            parse_slot(form.slot.data),
            form.note.data or "",
        ),
        template="cooperation/counter.html",
        meeting=meeting,
        via=via,
        secret=secret,
        message=_l("Another slot is proposed; the other side has been emailed."),
    )


@bp.route(
    "/<via>/<secret>/meetings/<int:meeting_id>/scan",
    methods=["GET", "POST"],
)
@no_store
def scan(via: str, secret: str, meeting_id: int):
    own, meeting = _own_meeting(via, secret, meeting_id)
    form = ScanForm()
    return _meeting_form(
        form,
        lambda: meetings.record_scan(
            db.session.get(Meeting, meeting.id),
            meetings.actor_of(meeting, own),
            form.badge_code.data or "",
        ),
        template="cooperation/scan.html",
        meeting=meeting,
        via=via,
        secret=secret,
        message=_l("The meeting is recorded as held."),
    )


@bp.route(
    "/<via>/<secret>/meetings/<int:meeting_id>/outcome",
    methods=["GET", "POST"],
)
@no_store
def outcome(via: str, secret: str, meeting_id: int):
    own, meeting = _own_meeting(via, secret, meeting_id)
    stored = meeting.outcome_of(own)
    form = OutcomeForm(
        data={
            "result": stored.result.value,
            "track_id": str(stored.track_id or ""),
            "note": stored.note,
        }
        if stored is not None and request.method == "GET"
        else None
    )
    form.fill_choices(tracks_of(g.event))
    return _meeting_form(
        form,
        lambda: outcomes.record_outcome(
            db.session.get(Meeting, meeting.id),
            db.session.get(CooperationProfile, own.id),
            form.values(),
        ),
        template="cooperation/outcome.html",
        meeting=meeting,
        via=via,
        secret=secret,
        message=_l("Thank you: the outcome is recorded."),
        lock=False,
    )


@bp.app_template_global("cooperation_agenda")
def cooperation_agenda(registration):
    """The confirmed meetings a registered person attends, for their manage page."""
    return meetings.meetings_of_person(registration.event, registration)


@bp.app_template_global("cooperation_delegation_agenda")
def cooperation_delegation_agenda(delegation):
    """The meetings of a city's profile, for its delegation's page."""
    profile = profiles.profile_of(Keeper(delegation.event, delegation=delegation))
    if profile is None:
        return []
    return [m for m in meetings.meetings_of_profile(profile) if m.state in (M.ACCEPTED, M.HELD)]
