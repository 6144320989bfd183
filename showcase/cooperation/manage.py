"""Organiser pages of cooperation (``/manage/<event>/cooperation/``): the profiles, pinned
matches, the directory's setting, the meeting programme (days and hours, slot length) and the
lounge's tables, the grid of tables × slots per day, booking a meeting for a VIP, moving and
cancelling meetings, marking no-shows, and the cooperation report with its Excel export. Every
page needs ``Permission.MANAGE_EVENT``."""

from __future__ import annotations

from collections import defaultdict

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from showcase.cooperation.forms import BookForm, DayForm, MoveForm, PinForm, SettingsForm, TableForm
from showcase.cooperation.models import (
    CooperationPin,
    CooperationProfile,
    Meeting,
    MeetingDay,
    MeetingState,
    MeetingTable,
)
from showcase.cooperation.services import meetings, profiles, report
from showcase.cooperation.services.states import Actor
from showcase.cooperation.views import parse_slot, slot_choices
from showcase.core.blueprints import event_blueprint, of_this_event
from showcase.core.db import event_row
from showcase.core.errors import DomainError
from showcase.core.forms import choices, press, run, submit
from showcase.core.inputs import LARGEST_NUMBER
from showcase.core.navigation import dashboard_panel, manage_link
from showcase.core.roles import Permission, requires
from showcase.core.time import zone
from showcase.core.xlsx import xlsx_response
from showcase.extensions import db

bp = event_blueprint("cooperation_manage", __name__, url_prefix="/manage/<event>/cooperation")

M = MeetingState

manage_link(_l("Cooperation"), "cooperation_manage.overview", Permission.MANAGE_EVENT, order=60)
manage_link(
    _l("Cooperation report"),
    "cooperation_manage.report_page",
    Permission.MANAGE_EVENT,
    order=61,
)


def _id(value) -> int | None:
    text = str(value or "").strip()
    if not text.isdigit() or int(text) > LARGEST_NUMBER:
        return None
    return int(text)


def _profile_choices(label):
    return choices(
        [("", label)] + [(str(p.id), p.display_name) for p in profiles.profiles_of(g.event)]
    )


def _table_choices():
    return choices(
        [("", _l("The first free table"))]
        + [
            (str(t.id), gettext("Table %(number)s", number=t.number))
            for t in meetings.tables_of(g.event)
        ]
    )


@dashboard_panel("cooperation/manage/_panel.html", order=60, permission=Permission.MANAGE_EVENT)
def cooperation_panel(event) -> dict | None:
    """Cooperation at a glance: the profiles taking part and the meetings so far."""
    built = report.build(event)
    taking_part = len(profiles.profiles_of(event))
    if not taking_part and not built.requested:
        return None
    return {"profiles": taking_part, "report": built}


@bp.get("/")
@requires(Permission.MANAGE_EVENT)
def overview():
    event = g.event
    return render_template(
        "cooperation/manage/overview.html",
        profiles=profiles.profiles_of(event),
        pins=profiles.pins_of(event),
        days=meetings.days_of(event),
        tables=meetings.tables_of(event),
        settings=profiles.settings(event),
        meetings=meetings.meetings_of(event),
    )


@bp.route("/settings", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def settings():
    stored = profiles.settings(g.event)
    form = SettingsForm(obj=stored)
    return submit(
        form,
        lambda: profiles.save_settings(g.event, form.values()),
        render=lambda: render_template(
            "cooperation/manage/form.html", form=form, title=_l("Cooperation settings")
        ),
        success=url_for(".overview"),
        message=_l("The cooperation settings are saved."),
    )


@bp.route("/days/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def add_day():
    form = DayForm()
    return submit(
        form,
        lambda: meetings.save_day(g.event, form.values()),
        render=lambda: render_template(
            "cooperation/manage/form.html", form=form, title=_l("Meeting hours of a day")
        ),
        success=url_for(".overview"),
        message=_l("The meeting hours are saved."),
    )


@bp.post("/days/<int:day_id>/delete")
@requires(Permission.MANAGE_EVENT)
def delete_day(day_id: int):
    day = of_this_event(MeetingDay, day_id)
    run(lambda: meetings.delete_day(g.event, db.session.get(MeetingDay, day.id)))
    flash(_l("The meeting hours of that day are removed."), "success")
    return redirect(url_for(".overview"), 303)


@bp.route("/tables/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def add_table():
    form = TableForm(
        data={"capacity": 4, "place_en": "Meeting lounge", "place_th": "ห้องรับรองเจรจา"}
    )
    return submit(
        form,
        lambda: meetings.save_table(g.event, form.values()),
        render=lambda: render_template(
            "cooperation/manage/form.html", form=form, title=_l("A table in the meeting lounge")
        ),
        success=url_for(".overview"),
        message=_l("The table is added."),
    )


@bp.route("/pins/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def add_pin():
    form = PinForm()
    form.profile_id.choices = _profile_choices(_l("Choose a profile"))
    form.partner_id.choices = _profile_choices(_l("Choose a profile"))
    return submit(
        form,
        lambda: profiles.pin(
            g.event, _id(form.profile_id.data), _id(form.partner_id.data), form.note.data or ""
        ),
        render=lambda: render_template(
            "cooperation/manage/form.html", form=form, title=_l("Pin a recommended match")
        ),
        success=url_for(".overview"),
        message=_l("The match is pinned: both see it first among their suggestions."),
    )


@bp.post("/pins/<int:pin_id>/delete")
@requires(Permission.MANAGE_EVENT)
def delete_pin(pin_id: int):
    pin_row = of_this_event(CooperationPin, pin_id)
    run(lambda: profiles.unpin(g.event, db.session.get(CooperationPin, pin_row.id)))
    flash(_l("The pinned match is removed."), "success")
    return redirect(url_for(".overview"), 303)


@bp.get("/grid")
@requires(Permission.MANAGE_EVENT)
def grid():
    event = g.event
    tables = meetings.tables_of(event)
    booked = defaultdict(dict)
    for meeting in meetings.meetings_of(event):
        if meeting.state in (M.ACCEPTED, M.HELD, M.MISSED) and meeting.table_id:
            booked[meeting.starts_at][meeting.table_id] = meeting
    days = [(day, meetings.slots_of_day(event, day)) for day in meetings.days_of(event)]
    return render_template("cooperation/manage/grid.html", tables=tables, days=days, booked=booked)


@bp.route("/book", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def book():
    form = BookForm()
    form.requester_id.choices = _profile_choices(_l("Choose the guest"))
    form.host_id.choices = _profile_choices(_l("Choose the host"))
    form.slot.choices = slot_choices(meetings.slots_of(g.event))
    form.table_id.choices = _table_choices()

    def action():
        event = g.event
        requester = event_row(CooperationProfile, event, _id(form.requester_id.data) or 0)
        host = event_row(CooperationProfile, event, _id(form.host_id.data) or 0)
        if requester is None:
            raise DomainError(_l("Choose a profile from the list."), field="requester_id")
        if host is None:
            raise DomainError(_l("Choose a profile from the list."), field="host_id")
        table_id = _id(form.table_id.data)
        table = event_row(MeetingTable, event, table_id) if table_id else None
        return meetings.book_for(
            event,
            requester,
            host,
            parse_slot(form.slot.data),
            table,
            current_user.email,
            form.message.data or "",
        )

    return submit(
        form,
        action,
        render=lambda: render_template(
            "cooperation/manage/form.html", form=form, title=_l("Book a meeting")
        ),
        success=url_for(".grid"),
        message=_l("The meeting is booked; both sides have been emailed."),
        lock=True,
    )


@bp.route("/meetings/<int:meeting_id>/move", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def move(meeting_id: int):
    meeting = of_this_event(Meeting, meeting_id)
    form = MoveForm()
    form.slot.choices = slot_choices(meetings.slots_of(g.event))
    form.table_id.choices = _table_choices()

    def action():
        table_id = _id(form.table_id.data)
        table = event_row(MeetingTable, g.event, table_id) if table_id else None
        return meetings.move(
            db.session.get(Meeting, meeting.id),
            parse_slot(form.slot.data),
            table,
            current_user.email,
        )

    return submit(
        form,
        action,
        render=lambda: render_template(
            "cooperation/manage/form.html", form=form, title=_l("Move the meeting"), meeting=meeting
        ),
        success=url_for(".grid"),
        message=_l("The meeting is moved; both sides have been emailed."),
        lock=True,
    )


def _button(meeting_id: int, action, done):
    meeting = of_this_event(Meeting, meeting_id)
    return press(
        lambda: action(db.session.get(Meeting, meeting.id)),
        done=done,
        back=url_for(".grid"),
        lock=True,
    )


@bp.post("/meetings/<int:meeting_id>/cancel")
@requires(Permission.MANAGE_EVENT)
def cancel(meeting_id: int):
    return _button(
        meeting_id,
        lambda m: meetings.cancel(m, Actor.ORGANISER, by=current_user.email),
        _l("The meeting is cancelled; both sides have been emailed."),
    )


@bp.post("/meetings/<int:meeting_id>/held")
@requires(Permission.MANAGE_EVENT)
def held(meeting_id: int):
    """The lounge's desk saw the meeting take place (no badge was scanned at the table)."""
    return _button(
        meeting_id,
        lambda m: meetings.mark_held(m, current_user.email),
        _l("The meeting is recorded as held; both sides may now record its outcome."),
    )


@bp.post("/meetings/<int:meeting_id>/missed")
@requires(Permission.MANAGE_EVENT)
def missed(meeting_id: int):
    return _button(
        meeting_id,
        lambda m: meetings.mark_missed(m, current_user.email),
        _l("The meeting is marked as missed."),
    )


@bp.get("/report")
@requires(Permission.MANAGE_EVENT)
def report_page():
    built = report.build(g.event)
    return render_template(
        "cooperation/manage/report.html", report=built, charts=report.charts(built)
    )


@bp.get("/report.xlsx")
@requires(Permission.MANAGE_EVENT)
def report_xlsx():
    built = report.build(g.event)
    return xlsx_response(
        f"{g.event.acronym}-cooperation.xlsx", report.sheets(built), zone(g.event.timezone)
    )
