"""Organiser pages of the programme: proposals and sessions with decisions, reviews, speakers,
rooms, settings, CSV exports and the dashboard counts."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from wtforms import SelectChoice

from showcase.core.blueprints import event_blueprint
from showcase.core.csvio import csv_response
from showcase.core.errors import DomainError
from showcase.core.images import ImageRejected, read_upload
from showcase.core.navigation import dashboard_panel, manage_link
from showcase.core.roles import Permission, Role, requires
from showcase.events.models import Event
from showcase.extensions import db
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
    language_choices,
    type_choices,
)
from showcase.program.models import SessionLanguage, SessionState, SessionType, Speaker
from showcase.program.services import people, proposals, reviews, transitions
from showcase.program.services.settings import get_settings, update_settings
from showcase.program.services.transitions import Actor
from showcase.program.views import add_window_from_form, city_choices, form_values, show_error

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
        "rooms": len(people.list_rooms(event)),
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
    filters = reviews.Filters.from_args(request.args, g.event)
    return render_template(
        "program/manage/sessions.html",
        rows=reviews.list_sessions(g.event, filters),
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
    return csv_response(
        f"{g.event.acronym}-sessions.csv",
        reviews.SESSION_CSV_HEADER,
        reviews.session_csv_rows(g.event),
    )


@bp.get("/speakers.csv")
@requires(Permission.MANAGE_EVENT)
def speakers_csv():
    return csv_response(
        f"{g.event.acronym}-speakers.csv",
        reviews.SPEAKER_CSV_HEADER,
        reviews.speaker_csv_rows(g.event),
    )


def fill_organiser_choices(form: OrganiserSessionForm) -> None:
    form.session_type.choices = type_choices(proposable_only=False)
    form.track.choices = [SelectChoice("", _l("No particular track"))] + [
        SelectChoice(track.slug, track.name) for track in g.event.tracks
    ]
    form.language.choices = language_choices()


def speakers_from_codes(text: str) -> list[Speaker]:
    found = []
    for code in (text or "").upper().split():
        speaker = next(iter(reviews.list_speakers(g.event, code)), None)
        if speaker is None or speaker.code != code:
            raise DomainError(
                _l("There is no speaker with the code %(code)s.", code=code), field="speaker_codes"
            )
        found.append(speaker)
    return found


@bp.route("/sessions/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def session_new():
    form = OrganiserSessionForm()
    fill_organiser_choices(form)
    if not form.is_submitted():
        form.session_type.data = request.args.get("type", "keynote")
        form.language.data = "both"
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate():
            try:
                speakers = speakers_from_codes(form.speaker_codes.data)
                session = proposals.create_session(g.event, form_values(form), who(), speakers)
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
                status = error.status_code
            else:
                db.session.commit()
                flash(_l("Session %(code)s has been added.", code=session.code), "success")
                return redirect(url_for("program_manage.session", code=session.code), 303)
    return render_template("program/manage/session_form.html", form=form, session=None), status


@bp.route("/sessions/<code>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def session_edit(code: str):
    session = session_or_404(code)
    form = OrganiserSessionForm(obj=session)
    fill_organiser_choices(form)
    if not form.is_submitted():
        form.track.data = session.track.slug if session.track else ""
        form.session_type.data = session.session_type.value
        form.language.data = session.language.value
        form.speaker_codes.data = " ".join(speaker.code for speaker in session.speakers)
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate():
            try:
                speakers = speakers_from_codes(form.speaker_codes.data)
                if form.session_type.data == SessionType.BREAK.value and speakers:
                    raise DomainError(_l("A break has no speakers."), field="speaker_codes")
                proposals.set_speakers(session, speakers)
                proposals.update_session(session, form_values(form))
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
                status = error.status_code
            else:
                db.session.commit()
                flash(_l("Session %(code)s has been saved.", code=session.code), "success")
                return redirect(url_for("program_manage.session", code=session.code), 303)
    return render_template("program/manage/session_form.html", form=form, session=session), status


def decision_choices(session) -> list[SelectChoice]:
    return [
        SelectChoice(state.value, state.label)
        for state in transitions.moves_for(session, Actor.ORGANISER)
    ]


@bp.get("/sessions/<code>/")
@requires(Permission.MANAGE_EVENT)
def session(code: str):
    session = session_or_404(code)
    decide = DecisionForm()
    decide.state.choices = decision_choices(session)
    stage = StageForm()
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
        return redirect(url_for("program_manage.session", code=code), 303)
    transitions.lock_session(g.event, session.id)
    transitions.apply_transition(session, target, Actor.ORGANISER, who(), form.note.data or "")
    db.session.commit()
    flash(
        _l("The session is now “%(state)s”; its speakers have been told.", state=target.label),
        "success",
    )
    return redirect(url_for("program_manage.session", code=code), 303)


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
        value = None
    transitions.stage_decision(session, target)
    db.session.commit()
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
    return redirect(url_for("program_manage.session", code=code), 303)


@bp.post("/staged/send")
@requires(Permission.MANAGE_EVENT)
def send_staged():
    form = StageForm()
    if not form.validate_on_submit():
        abort(400)
    sent, skipped = transitions.send_staged(g.event, who())
    db.session.commit()
    flash(
        ngettext("%(num)d staged decision sent.", "%(num)d staged decisions sent.", sent),
        "success",
    )
    for session in skipped:
        flash(
            _l(
                "The staged decision for %(code)s was dropped: the session changed meanwhile.",
                code=session.code,
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
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate():
            score = int(form.score.data) if (form.score.data or "").isdigit() else None
            try:
                reviews.save_review(session, current_user.id, score, form.comment.data)
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                db.session.commit()
                flash(_l("Your review has been saved."), "success")
                return redirect(url_for("program_manage.reviews"), 303)
    return render_template(
        "program/manage/review.html", session=session, form=form, hide_names=hide_names()
    ), status


# Speakers ---------------------------------------------------------------------------------------


def speaker_or_404(code: str) -> Speaker:
    speaker = next(
        (s for s in reviews.list_speakers(g.event, (code or "").upper()) if s.code == code), None
    )
    if speaker is None:
        abort(404)
    return speaker


@bp.get("/speakers/")
@requires(Permission.MANAGE_EVENT)
def speakers():
    q = (request.args.get("q") or "").strip()[:100]
    return render_template(
        "program/manage/speakers.html", speakers=reviews.list_speakers(g.event, q), q=q
    )


@bp.route("/speakers/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def speaker_new():
    form = NewSpeakerForm()
    form.city.choices = city_choices(_l("No city"))
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate():
            try:
                photo = None
                upload = form.photo.data
                if upload is not None and getattr(upload, "filename", ""):
                    try:
                        photo = read_upload(upload, people.PHOTO_MAX_BYTES)
                    except ImageRejected as error:
                        error.status_code = 413
                        raise
                speaker = proposals.add_speaker(g.event, form_values(form))
                people.update_profile(speaker, form_values(form), photo=photo)
                if form.send_link.data:
                    emails.manage_link(speaker)
            except ImageRejected as error:
                db.session.rollback()
                show_error(form, DomainError(error.message, field="photo"))
                status = error.status_code
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
                status = error.status_code
            else:
                db.session.commit()
                flash(
                    _l(
                        "%(name)s has been added with the code %(code)s.",
                        name=speaker.name,
                        code=speaker.code,
                    ),
                    "success",
                )
                return redirect(url_for("program_manage.speaker", code=speaker.code), 303)
    return render_template("program/manage/speaker_new.html", form=form, speaker=None), status


@bp.route("/speakers/<code>/", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def speaker(code: str):
    speaker = speaker_or_404(code)
    form = OrganiserSpeakerForm(obj=speaker)
    form.city.choices = city_choices(_l("No city"))
    if not form.is_submitted():
        form.city.data = str(speaker.city_id) if speaker.city_id else ""
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate():
            try:
                email = proposals.clean_email(form.email.data, "email")
                other = proposals.find_speaker(g.event, email)
                if other is not None and other.id != speaker.id:
                    raise DomainError(
                        _l("Another speaker of this event has this email address."), field="email"
                    )
                photo = None
                upload = form.photo.data
                if upload is not None and getattr(upload, "filename", ""):
                    try:
                        photo = read_upload(upload, people.PHOTO_MAX_BYTES)
                    except ImageRejected as error:
                        error.status_code = 413
                        raise
                people.update_profile(speaker, form_values(form), photo=photo)
                speaker.email = email
                db.session.flush()
            except ImageRejected as error:
                db.session.rollback()
                show_error(form, DomainError(error.message, field="photo"))
                status = error.status_code
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
                status = error.status_code
            else:
                db.session.commit()
                flash(_l("The profile of %(name)s has been saved.", name=speaker.name), "success")
                return redirect(url_for("program_manage.speaker", code=speaker.code), 303)
    return render_template(
        "program/manage/speaker.html",
        speaker=speaker,
        form=form,
        window_form=WindowForm(),
        speaker_window_url=lambda window: url_for(
            "program_manage.speaker_window_delete", code=speaker.code, window_id=window.id
        ),
    ), status


@bp.post("/speakers/<code>/availability")
@requires(Permission.MANAGE_EVENT)
def speaker_window_add(code: str):
    speaker = speaker_or_404(code)
    add_window_from_form(
        WindowForm(), lambda starts, ends: people.add_speaker_window(speaker, starts, ends)
    )
    return redirect(url_for("program_manage.speaker", code=code), 303)


@bp.post("/speakers/<code>/availability/<int:window_id>/delete")
@requires(Permission.MANAGE_EVENT)
def speaker_window_delete(code: str, window_id: int):
    speaker = speaker_or_404(code)
    people.remove_speaker_window(speaker, window_id)
    db.session.commit()
    flash(_l("The time window has been removed."), "success")
    return redirect(url_for("program_manage.speaker", code=code), 303)


# Rooms ------------------------------------------------------------------------------------------


@bp.get("/rooms/")
@requires(Permission.MANAGE_EVENT)
def rooms():
    return render_template("program/manage/rooms.html", rooms=people.list_rooms(g.event))


@bp.route("/rooms/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def room_new():
    form = RoomForm()
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate():
            try:
                room = people.create_room(g.event, form_values(form))
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                db.session.commit()
                flash(_l("Room %(name)s has been added.", name=room.name), "success")
                return redirect(url_for("program_manage.room", room_id=room.id), 303)
    return render_template("program/manage/room.html", form=form, room=None), status


@bp.route("/rooms/<int:room_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def room(room_id: int):
    room = people.get_room(g.event, room_id) or abort(404)
    form = RoomForm(obj=room)
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate():
            try:
                people.update_room(room, form_values(form))
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                db.session.commit()
                flash(_l("Room %(name)s has been saved.", name=room.name), "success")
                return redirect(url_for("program_manage.rooms"), 303)
    return render_template(
        "program/manage/room.html",
        form=form,
        room=room,
        window_form=WindowForm(),
        room_window_url=lambda window: url_for(
            "program_manage.room_window_delete", room_id=room.id, window_id=window.id
        ),
    ), status


@bp.post("/rooms/<int:room_id>/delete")
@requires(Permission.MANAGE_EVENT)
def room_delete(room_id: int):
    room = people.get_room(g.event, room_id) or abort(404)
    name = room.name
    people.delete_room(room)
    db.session.commit()
    flash(_l("Room %(name)s has been deleted.", name=name), "success")
    return redirect(url_for("program_manage.rooms"), 303)


@bp.post("/rooms/<int:room_id>/availability")
@requires(Permission.MANAGE_EVENT)
def room_window_add(room_id: int):
    room = people.get_room(g.event, room_id) or abort(404)
    add_window_from_form(
        WindowForm(), lambda starts, ends: people.add_room_window(room, starts, ends)
    )
    return redirect(url_for("program_manage.room", room_id=room_id), 303)


@bp.post("/rooms/<int:room_id>/availability/<int:window_id>/delete")
@requires(Permission.MANAGE_EVENT)
def room_window_delete(room_id: int, window_id: int):
    room = people.get_room(g.event, room_id) or abort(404)
    people.remove_room_window(room, window_id)
    db.session.commit()
    flash(_l("The time window has been removed."), "success")
    return redirect(url_for("program_manage.room", room_id=room_id), 303)


# Settings ---------------------------------------------------------------------------------------


@bp.route("/settings", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def settings():
    current = get_settings(g.event)
    form = ProgramSettingsForm(obj=current)
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate():
            try:
                update_settings(g.event, form_values(form))
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                db.session.commit()
                flash(_l("The programme settings have been saved."), "success")
                return redirect(url_for("program_manage.settings"), 303)
    db.session.commit()
    return render_template("program/manage/settings.html", form=form), status
