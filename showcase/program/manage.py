"""Organiser pages of the programme: proposals and sessions with decisions, reviews, speakers,
rooms, settings, CSV exports and the dashboard counts."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from wtforms import SelectChoice

from showcase.core.blueprints import event_blueprint, or_404
from showcase.core.errors import DomainError
from showcase.core.exports import csv_file, xlsx_file
from showcase.core.forms import run, submit
from showcase.core.navigation import dashboard_panel, manage_link
from showcase.core.roles import Permission, Role, requires
from showcase.events.forms import city_choices
from showcase.events.models import Event
from showcase.program import emails
from showcase.program.forms import (
    DecisionForm,
    NewSpeakerForm,
    OrganiserSessionForm,
    OrganiserSpeakerForm,
    ProgramSettingsForm,
    ReviewForm,
    RoomForm,
    StageForm,
    WindowForm,
)
from showcase.program.models import SessionLanguage, SessionState, SessionType, Speaker
from showcase.program.pages import (
    add_window,
    fill_session_choices,
    form_values,
    read_photo,
    remove_window,
)
from showcase.program.services import people, proposals, queries, reviews, rooms, transitions
from showcase.program.services.settings import get_settings, update_settings
from showcase.program.services.transitions import Actor

bp = event_blueprint("program_manage", __name__, url_prefix="/manage/<event>/program")

PROGRAMME = _l("Programme")
manage_link(
    _l("Sessions"), "program_manage.sessions", Permission.MANAGE_EVENT, order=40, group=PROGRAMME
)
manage_link(
    _l("Speakers"), "program_manage.speakers", Permission.MANAGE_EVENT, order=41, group=PROGRAMME
)
manage_link(_l("Rooms"), "program_manage.rooms", Permission.MANAGE_EVENT, order=42, group=PROGRAMME)
manage_link(_l("Reviews"), "program_manage.reviews", Permission.REVIEW, order=43, group=PROGRAMME)


@dashboard_panel("program/manage/_panel.html", order=40, permission=Permission.MANAGE_EVENT)
def program_panel(event: Event) -> dict:
    counts = proposals.state_counts(event)
    return {
        "counts": counts,
        "speakers": people.public_speaker_count(event),
        "rooms": len(rooms.list_rooms(event)),
        "staged": len(transitions.staged_sessions(event)),
    }


def who() -> str:
    return current_user.email


def session_or_404(code: str):
    session = proposals.session_by_code(g.event, code)
    if session is None or session.proposal_confirmed_at is None:
        abort(404)
    return session


# Sessions ---------------------------------------------------------------------------------------


@bp.get("/")
@requires(Permission.MANAGE_EVENT)
def sessions():
    filters = queries.Filters.from_args(request.args, g.event)
    return render_template(
        "program/manage/sessions.html",
        rows=queries.list_sessions(g.event, filters),
        filters=filters,
        counts=proposals.state_counts(g.event),
        staged=transitions.staged_sessions(g.event),
        types=list(SessionType),
        languages=list(SessionLanguage),
        states=list(SessionState),
        sorts=(
            ("newest", _l("Newest first")),
            ("score", _l("Highest average score")),
            ("title", _l("Title")),
            ("code", _l("Code")),
        ),
        send_form=StageForm(),
    )


@bp.get("/sessions.csv")
@requires(Permission.MANAGE_EVENT)
def sessions_csv():
    return csv_file(f"{g.event.acronym}-sessions.csv", queries.session_table(g.event))


@bp.get("/sessions.xlsx")
@requires(Permission.MANAGE_EVENT)
def sessions_xlsx():
    return xlsx_file(f"{g.event.acronym}-sessions.xlsx", queries.session_table(g.event))


@bp.get("/speakers.csv")
@requires(Permission.MANAGE_EVENT)
def speakers_csv():
    return csv_file(f"{g.event.acronym}-speakers.csv", queries.speaker_table(g.event))


@bp.get("/speakers.xlsx")
@requires(Permission.MANAGE_EVENT)
def speakers_xlsx():
    return xlsx_file(f"{g.event.acronym}-speakers.xlsx", queries.speaker_table(g.event))


def speakers_from_codes(text: str) -> list[Speaker]:
    found = []
    for code in (text or "").upper().split():
        speaker = next(iter(queries.list_speakers(g.event, code)), None)
        if speaker is None or speaker.code != code:
            raise DomainError(
                _l("There is no speaker with the code %(code)s.", code=code), field="speaker_codes"
            )
        found.append(speaker)
    return found


def session_url(session) -> str:
    return url_for("program_manage.session", code=session.code)


@bp.route("/sessions/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def session_new():
    form = OrganiserSessionForm()
    fill_session_choices(form, proposable_only=False)
    if not form.is_submitted():
        form.session_type.data = request.args.get("type", "keynote")
        form.language.data = "both"
    return submit(
        form,
        lambda: proposals.create_session(
            g.event, form_values(form), who(), speakers_from_codes(form.speaker_codes.data)
        ),
        render=lambda: render_template("program/manage/session_form.html", form=form, session=None),
        success=session_url,
        message=lambda session: _l("Session %(code)s has been added.", code=session.code),
    )


def save_session(session, form) -> None:
    speakers = speakers_from_codes(form.speaker_codes.data)
    if form.session_type.data == SessionType.BREAK.value and speakers:
        raise DomainError(_l("A break has no speakers."), field="speaker_codes")
    proposals.set_speakers(session, speakers)
    proposals.update_session(session, form_values(form))


@bp.route("/sessions/<code>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def session_edit(code: str):
    session = session_or_404(code)
    form = OrganiserSessionForm(obj=session)
    fill_session_choices(form, proposable_only=False)
    if not form.is_submitted():
        form.track.data = session.track.slug if session.track else ""
        form.session_type.data = session.session_type.value
        form.language.data = session.language.value
        form.speaker_codes.data = " ".join(speaker.code for speaker in session.speakers)
    return submit(
        form,
        lambda: save_session(session, form),
        render=lambda: render_template(
            "program/manage/session_form.html", form=form, session=session
        ),
        success=session_url(session),
        message=_l("Session %(code)s has been saved.", code=session.code),
    )


def decision_choices(session) -> list[SelectChoice]:
    return [
        SelectChoice(state.value, state.label)
        for state in transitions.moves_for(session, Actor.ORGANISER)
    ]


def session_page(session):
    decide = DecisionForm(formdata=None)
    decide.state.choices = decision_choices(session)
    stage = StageForm(formdata=None)
    stage.state.choices = [SelectChoice("", _l("Nothing staged"))] + [
        SelectChoice(state.value, state.label)
        for state in transitions.moves_for(session, Actor.ORGANISER)
        if state in transitions.STAGEABLE
    ]
    stage.state.data = session.staged_state.value if session.staged_state else ""
    scores = [review.score for review in session.reviews]
    return render_template(
        "program/manage/session.html",
        session=session,
        decide=decide,
        stage=stage,
        average=(sum(scores) / len(scores)) if scores else None,
    )


@bp.get("/sessions/<code>/")
@requires(Permission.MANAGE_EVENT)
def session(code: str):
    return session_page(session_or_404(code))


def decide(session, target: SessionState, note: str) -> None:
    transitions.lock_session(g.event, session.id)
    transitions.apply_transition(session, target, Actor.ORGANISER, who(), note or "")


@bp.post("/sessions/<code>/decide")
@requires(Permission.MANAGE_EVENT)
def session_decide(code: str):
    session = session_or_404(code)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        target = SessionState(form.state.data)
    except ValueError:
        flash(_l("Choose a decision from the list."), "danger")
        return redirect(session_url(session), 303)
    # A refused move is shown by the error page (409 or 403) with its reason.
    run(lambda: decide(session, target, form.note.data), lock=True)
    flash(
        _l("The session is now “%(state)s”; its speakers have been told.", state=target.label),
        "success",
    )
    return redirect(session_url(session), 303)


@bp.post("/sessions/<code>/stage")
@requires(Permission.MANAGE_EVENT)
def session_stage(code: str):
    session = session_or_404(code)
    form = StageForm()
    if not form.validate_on_submit():
        abort(400)
    value = form.state.data or None
    try:
        target = SessionState(value) if value else None
    except ValueError:
        target = None
    run(lambda: transitions.stage_decision(session, target))
    if target is None:
        flash(_l("Nothing is staged for this session."), "info")
    else:
        flash(
            _l(
                "Staged: “%(state)s”. Send the staged decisions from the session list.",
                state=target.label,
            ),
            "success",
        )
    return redirect(session_url(session), 303)


@bp.post("/staged/send")
@requires(Permission.MANAGE_EVENT)
def send_staged():
    form = StageForm()
    if not form.validate_on_submit():
        abort(400)
    sent, skipped = run(lambda: transitions.send_staged(g.event, who()), lock=True)
    flash(
        ngettext("%(num)d staged decision sent.", "%(num)d staged decisions sent.", sent),
        "success",
    )
    for code in [session.code for session in skipped]:
        flash(
            _l(
                "The staged decision for %(code)s was dropped: the session changed meanwhile.",
                code=code,
            ),
            "warning",
        )
    return redirect(url_for("program_manage.sessions"), 303)


# Reviews ----------------------------------------------------------------------------------------


def hide_names() -> bool:
    return get_settings(g.event).anonymous_reviews and current_user.role == Role.REVIEWER


@bp.get("/reviews/", endpoint="reviews")
@requires(Permission.REVIEW)
def reviews_list():
    return render_template(
        "program/manage/reviews.html",
        queue=reviews.review_queue(g.event, current_user.id),
        hide_names=hide_names(),
    )


@bp.route("/reviews/<code>", methods=["GET", "POST"])
@requires(Permission.REVIEW)
def review(code: str):
    session = session_or_404(code)
    if session.state != SessionState.SUBMITTED:
        abort(404)
    existing = reviews.own_review(session, current_user.id)
    form = ReviewForm(obj=existing)
    if existing is not None and not form.is_submitted():
        form.score.data = str(existing.score)
    reviewer_id = current_user.id
    return submit(
        form,
        lambda: reviews.save_review(
            session,
            reviewer_id,
            int(form.score.data) if (form.score.data or "").isdigit() else None,
            form.comment.data,
        ),
        render=lambda: render_template(
            "program/manage/review.html", session=session, form=form, hide_names=hide_names()
        ),
        success=url_for("program_manage.reviews"),
        message=_l("Your review has been saved."),
    )


# Speakers ---------------------------------------------------------------------------------------


def speaker_or_404(code: str) -> Speaker:
    listed = queries.list_speakers(g.event, (code or "").upper())
    return or_404(next((s for s in listed if s.code == code), None))


def speaker_url(speaker: Speaker) -> str:
    return url_for("program_manage.speaker", code=speaker.code)


@bp.get("/speakers/")
@requires(Permission.MANAGE_EVENT)
def speakers():
    q = (request.args.get("q") or "").strip()[:100]
    return render_template(
        "program/manage/speakers.html", speakers=queries.list_speakers(g.event, q), q=q
    )


def add_speaker(form: NewSpeakerForm) -> Speaker:
    photo = read_photo(form.photo.data)
    speaker = proposals.add_speaker(g.event, form_values(form))
    people.update_profile(speaker, form_values(form), photo=photo)
    if form.send_link.data:
        emails.manage_link(speaker)
    return speaker


@bp.route("/speakers/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def speaker_new():
    form = NewSpeakerForm()
    form.city.choices = city_choices(_l("No city"))
    return submit(
        form,
        lambda: add_speaker(form),
        render=lambda: render_template("program/manage/speaker_new.html", form=form, speaker=None),
        success=speaker_url,
        message=lambda speaker: _l(
            "%(name)s has been added with the code %(code)s.",
            name=speaker.name,
            code=speaker.code,
        ),
    )


def save_speaker(speaker: Speaker, form: OrganiserSpeakerForm) -> None:
    email = proposals.clean_email(form.email.data, "email")
    other = proposals.find_speaker(g.event, email)
    if other is not None and other.id != speaker.id:
        raise DomainError(
            _l("Another speaker of this event has this email address."), field="email"
        )
    people.update_profile(speaker, form_values(form), photo=read_photo(form.photo.data))
    speaker.email = email


@bp.route("/speakers/<code>/", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def speaker(code: str):
    speaker = speaker_or_404(code)
    form = OrganiserSpeakerForm(obj=speaker)
    form.city.choices = city_choices(_l("No city"))
    if not form.is_submitted():
        form.city.data = str(speaker.city_id) if speaker.city_id else ""
    return submit(
        form,
        lambda: save_speaker(speaker, form),
        render=lambda: render_template(
            "program/manage/speaker.html",
            speaker=speaker,
            form=form,
            window_form=WindowForm(),
            speaker_window_url=lambda window: url_for(
                "program_manage.speaker_window_delete", code=speaker.code, window_id=window.id
            ),
        ),
        success=speaker_url(speaker),
        message=_l("The profile of %(name)s has been saved.", name=speaker.name),
    )


@bp.post("/speakers/<code>/availability")
@requires(Permission.MANAGE_EVENT)
def speaker_window_add(code: str):
    speaker = speaker_or_404(code)
    add_window(WindowForm(), lambda starts, ends: people.add_speaker_window(speaker, starts, ends))
    return redirect(speaker_url(speaker), 303)


@bp.post("/speakers/<code>/availability/<int:window_id>/delete")
@requires(Permission.MANAGE_EVENT)
def speaker_window_delete(code: str, window_id: int):
    speaker = speaker_or_404(code)
    remove_window(lambda: people.remove_speaker_window(speaker, window_id))
    return redirect(url_for("program_manage.speaker", code=code), 303)


# Rooms ------------------------------------------------------------------------------------------


def room_or_404(room_id: int):
    return rooms.get_room(g.event, room_id) or abort(404)


@bp.get("/rooms/", endpoint="rooms")
@requires(Permission.MANAGE_EVENT)
def rooms_list():
    return render_template("program/manage/rooms.html", rooms=rooms.list_rooms(g.event))


@bp.route("/rooms/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def room_new():
    form = RoomForm()
    return submit(
        form,
        lambda: rooms.create_room(g.event, form_values(form)),
        render=lambda: render_template("program/manage/room.html", form=form, room=None),
        success=lambda room: url_for("program_manage.room", room_id=room.id),
        message=lambda room: _l("Room %(name)s has been added.", name=room.name),
    )


@bp.route("/rooms/<int:room_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def room(room_id: int):
    room = room_or_404(room_id)
    form = RoomForm(obj=room)
    return submit(
        form,
        lambda: rooms.update_room(room, form_values(form)),
        render=lambda: render_template(
            "program/manage/room.html",
            form=form,
            room=room,
            window_form=WindowForm(),
            room_window_url=lambda window: url_for(
                "program_manage.room_window_delete", room_id=room.id, window_id=window.id
            ),
        ),
        success=url_for("program_manage.rooms"),
        message=lambda _result: _l("Room %(name)s has been saved.", name=room.name),
    )


@bp.post("/rooms/<int:room_id>/delete")
@requires(Permission.MANAGE_EVENT)
def room_delete(room_id: int):
    room = room_or_404(room_id)
    name = room.name
    run(lambda: rooms.delete_room(room))
    flash(_l("Room %(name)s has been deleted.", name=name), "success")
    return redirect(url_for("program_manage.rooms"), 303)


@bp.post("/rooms/<int:room_id>/availability")
@requires(Permission.MANAGE_EVENT)
def room_window_add(room_id: int):
    room = room_or_404(room_id)
    add_window(WindowForm(), lambda starts, ends: rooms.add_room_window(room, starts, ends))
    return redirect(url_for("program_manage.room", room_id=room_id), 303)


@bp.post("/rooms/<int:room_id>/availability/<int:window_id>/delete")
@requires(Permission.MANAGE_EVENT)
def room_window_delete(room_id: int, window_id: int):
    room = room_or_404(room_id)
    remove_window(lambda: rooms.remove_room_window(room, window_id))
    return redirect(url_for("program_manage.room", room_id=room_id), 303)


# Settings ---------------------------------------------------------------------------------------


@bp.route("/settings", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def settings():
    form = ProgramSettingsForm(obj=get_settings(g.event))
    return submit(
        form,
        lambda: update_settings(g.event, form_values(form)),
        render=lambda: render_template("program/manage/settings.html", form=form),
        success=url_for("program_manage.settings"),
        message=_l("The programme settings have been saved."),
    )
