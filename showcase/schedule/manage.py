"""The organisers' agenda builder and publishing.

The builder shows one day: rooms as columns, time as rows, the unscheduled sessions beside it and
the conflicts of the whole draft. Sessions are placed by drag and drop (``static/js/builder.js``
calling the JSON endpoints, CSRF token in the ``X-CSRFToken`` header), by keyboard or without
JavaScript through the form each session carries. Every change is saved at once.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from showcase.core.blueprints import event_blueprint
from showcase.core.errors import DomainError
from showcase.core.forms import choices, run, submit
from showcase.core.i18n import localized
from showcase.core.inputs import LARGEST_NUMBER
from showcase.core.navigation import dashboard_panel, manage_link
from showcase.core.roles import Permission, requires
from showcase.core.time import local_datetime_to_utc, to_local, zone
from showcase.events.models import Event
from showcase.extensions import db
from showcase.schedule import conflicts as rules
from showcase.schedule.forms import PlaceForm, PublishForm, UnscheduleForm
from showcase.schedule.layout import build_grid
from showcase.schedule.models import SchedulePlacement
from showcase.schedule.payload import session_day
from showcase.schedule.services import placement as drafts
from showcase.schedule.services import publishing
from showcase.schedule.services import releases as published

bp = event_blueprint("schedule_manage", __name__, url_prefix="/manage/<event>/schedule")

manage_link(
    _l("Schedule"),
    "schedule_manage.builder",
    Permission.MANAGE_EVENT,
    order=45,
    group=_l("Programme"),
)

STEPS = (5, 15, 30)
DEFAULT_STEP = 15


@dashboard_panel("schedule/manage/_panel.html", order=45, permission=Permission.MANAGE_EVENT)
def schedule_panel(event: Event) -> dict:
    info = published.latest_info(event)
    return {"latest": info, "unscheduled": len(drafts.unscheduled_sessions(event))}


def event_days(event: Event) -> list[date]:
    """The event's days and any other day a session is placed on (as the public schedule has
    them; see payload.py), in order."""
    count = (event.ends_on - event.starts_on).days + 1
    days = {event.starts_on + timedelta(days=offset) for offset in range(count)}
    tz = zone(event.timezone)
    days.update(
        session_day(starts_at, tz)
        for starts_at in db.session.scalars(
            select(SchedulePlacement.starts_at).where(SchedulePlacement.event_id == event.id)
        )
    )
    return sorted(days)


def pick_day(event: Event, value: str | None) -> date:
    days = event_days(event)
    try:
        chosen = date.fromisoformat(value) if value else None
    except ValueError:
        chosen = None
    return chosen if chosen in days else event.starts_on


def pick_step(value) -> int:
    try:
        step = int(value)
    except (TypeError, ValueError):
        return DEFAULT_STEP
    return step if step in STEPS else DEFAULT_STEP


class SessionCard:
    """A session as the builder shows it, placed or not."""

    def __init__(self, session, placement=None, tz=None) -> None:
        self.session = session
        self.placement = placement
        self.id = session.id
        self.code = session.code
        self.title = localized(session, "title")
        self.duration = session.duration_minutes
        self.type = session.session_type
        self.track = session.track
        self.unconfirmed = session.state.value == "accepted"
        self.speakers = ", ".join(speaker.name for speaker in session.speakers)
        self.search = " ".join(
            [session.code, session.title_en, session.title_th, self.speakers]
        ).casefold()
        if placement is not None:
            self.starts = to_local(placement.starts_at, tz)
            self.ends = to_local(drafts.ends_at(placement), tz)
            self.day = session_day(placement.starts_at, tz)
            self.room_id = placement.room_id


def builder_context(event: Event, day: date, step: int) -> dict:
    tz = zone(event.timezone)
    draft = drafts.load_draft(event)
    cards = [SessionCard(p.session, p, tz) for p in draft.placements]
    on_day = [card for card in cards if card.day == day]
    grid = build_grid(
        day,
        tz,
        drafts.DAY_STARTS,
        drafts.DAY_ENDS,
        [room.id for room in draft.rooms],
        [(card, card.room_id, card.starts, card.ends) for card in on_day],
    )
    unscheduled = [SessionCard(session) for session in drafts.unscheduled_sessions(event)]
    conflicted = {sid for conflict in draft.conflicts for sid in conflict.session_ids}
    day_of = {card.id: card.day for card in cards}
    return {
        "days": event_days(event),
        "day": day,
        "step": step,
        "steps": STEPS,
        "rooms": draft.rooms,
        "grid": grid,
        "placed": sorted(on_day, key=lambda c: (c.starts, c.room_id)),
        "unscheduled": unscheduled,
        "conflicts": draft.conflicts,
        "conflicted": conflicted,
        "day_of": day_of,
        "room_choices": choices((room.id, localized(room, "name")) for room in draft.rooms),
        "place_form": PlaceForm,
        "unschedule_form": UnscheduleForm(),
        "has_room_conflicts": draft.has_room_conflicts,
        "ERROR": rules.ERROR,
    }


def place_form_for(card: SessionCard, context: dict) -> PlaceForm:
    form = PlaceForm(formdata=None, session_id=card.id)
    form.room_id.choices = context["room_choices"]
    if card.placement is not None:
        form.room_id.data = card.room_id
        form.starts_at.data = card.starts.replace(tzinfo=None)
    else:
        first = datetime.combine(context["day"], drafts.DAY_STARTS)
        form.starts_at.data = first
    return form


FRAGMENTS = {
    "grid": "schedule/manage/_grid.html",
    "unscheduled": "schedule/manage/_unscheduled.html",
    "conflicts": "schedule/manage/_conflicts.html",
    "placed": "schedule/manage/_placed.html",
}


def fragments(context: dict) -> dict:
    return {
        name: render_template(template, place_form_for=place_form_for, **context)
        for name, template in FRAGMENTS.items()
    }


@bp.get("/")
@requires(Permission.MANAGE_EVENT)
def builder():
    day = pick_day(g.event, request.args.get("day"))
    step = pick_step(request.args.get("step"))
    context = builder_context(g.event, day, step)
    return render_template(
        "schedule/manage/builder.html",
        place_form_for=place_form_for,
        latest=published.latest_info(g.event),
        **context,
    )


def _session_id(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        number = 0
    if not 0 < number <= LARGEST_NUMBER:
        raise DomainError(_l("There is no such session in this event."), field="session")
    return number


def _back(day: date | None = None, step: int | None = None, anchor: str = ""):
    values = {}
    if day:
        values["day"] = day.isoformat()
    if step:
        values["step"] = step
    return redirect(url_for("schedule_manage.builder", **values) + anchor, 303)


@bp.post("/place")
@requires(Permission.MANAGE_EVENT)
def place():
    """The no-JavaScript way: one form per session, room and start time."""
    form = PlaceForm()
    form.room_id.choices = choices(
        (room.id, localized(room, "name")) for room in drafts.rooms_of(g.event)
    )
    step = pick_step(request.args.get("step"))
    if not form.validate():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "danger")
        return _back(pick_day(g.event, request.args.get("day")), step)
    starts_at = local_datetime_to_utc(form.starts_at.data, g.event.timezone)
    try:
        placed = run(
            lambda: drafts.place_session(
                g.event, _session_id(form.session_id.data), form.room_id.data, starts_at
            ),
            lock=True,
        )
    except DomainError as error:
        flash(error.message, "danger")
        return _back(pick_day(g.event, request.args.get("day")), step)
    flash(_("Placed “%(title)s”.", title=localized(placed.session, "title")), "success")
    day = session_day(placed.starts_at, zone(g.event.timezone))
    return _back(pick_day(g.event, day.isoformat()), step, f"#placed-{placed.session_id}")


@bp.post("/unschedule")
@requires(Permission.MANAGE_EVENT)
def unschedule():
    form = UnscheduleForm()
    day = pick_day(g.event, request.args.get("day"))
    step = pick_step(request.args.get("step"))
    if form.validate():
        try:
            if run(lambda: drafts.unschedule_session(g.event, _session_id(form.session_id.data))):
                flash(_("The session is back in the unscheduled list."), "success")
        except DomainError as error:
            flash(error.message, "danger")
    return _back(day, step)


# JSON endpoints for the drag-and-drop page ----------------------------------------------------


def _json_state(day: date, step: int, status: int = 200, message: str = "", ok: bool = True):
    context = builder_context(g.event, day, step)
    body = {
        "ok": ok,
        "message": message,
        "conflicts": [conflict.as_dict() for conflict in context["conflicts"]],
        "has_room_conflicts": context["has_room_conflicts"],
        "html": fragments(context),
    }
    return jsonify(body), status


def _json_args() -> tuple[dict, date, int]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise DomainError(_l("The request could not be understood. Please reload the page."))
    day = pick_day(g.event, str(data.get("day") or ""))
    return data, day, pick_step(data.get("step"))


def _local_start(value) -> datetime:
    try:
        moment = datetime.strptime(str(value), "%Y-%m-%dT%H:%M")
    except ValueError:
        raise DomainError(
            _l("Give a date and time, such as 2027-01-26 09:00."), field="starts_at"
        ) from None
    return local_datetime_to_utc(moment, g.event.timezone)


@bp.post("/api/place")
@requires(Permission.MANAGE_EVENT)
def api_place():
    data, day, step = _json_args()
    try:
        room_id = int(data.get("room_id"))
    except (TypeError, ValueError, OverflowError):
        room_id = 0
    if not 0 < room_id <= LARGEST_NUMBER:
        room_id = 0
    try:
        placed = run(
            lambda: drafts.place_session(
                g.event,
                _session_id(data.get("session_id")),
                room_id,
                _local_start(data.get("starts_at")),
            ),
            lock=True,
        )
    except DomainError as error:
        return _json_state(day, step, error.status_code, str(error.message), ok=False)
    message = _(
        "Placed “%(title)s” at %(time)s.",
        title=localized(placed.session, "title"),
        time=to_local(placed.starts_at, g.event.timezone).strftime("%H:%M"),
    )
    return _json_state(day, step, message=message)


@bp.post("/api/unschedule")
@requires(Permission.MANAGE_EVENT)
def api_unschedule():
    data, day, step = _json_args()
    try:
        run(lambda: drafts.unschedule_session(g.event, _session_id(data.get("session_id"))))
    except DomainError as error:
        return _json_state(day, step, error.status_code, str(error.message), ok=False)
    return _json_state(day, step, message=_("The session is back in the unscheduled list."))


@bp.get("/api/state")
@requires(Permission.MANAGE_EVENT)
def api_state():
    day = pick_day(g.event, request.args.get("day"))
    return _json_state(day, pick_step(request.args.get("step")))


# Publishing ---------------------------------------------------------------------------------


@bp.route("/publish", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def publish():
    event = g.event
    form = PublishForm()
    if not form.is_submitted():
        form.version.data = publishing.suggest_version(event)
    return submit(
        form,
        lambda: publishing.publish_release(
            event, form.version.data, form.comment_en.data, form.comment_th.data, user=current_user
        ),
        render=lambda: publish_page(event, form),
        success=url_for("schedule_manage.publish"),
        message=lambda release: _("Version %(version)s is published.", version=release.version),
        lock=True,
    )


def publish_page(event: Event, form: PublishForm) -> str:
    draft = drafts.load_draft(event)
    return render_template(
        "schedule/manage/publish.html",
        form=form,
        conflicts=draft.conflicts,
        has_room_conflicts=draft.has_room_conflicts,
        changes=publishing.preview_changes(event),
        releases=published.list_releases(event),
        ERROR=rules.ERROR,
        tz=event.timezone,
        now=datetime.now(UTC),
    )
