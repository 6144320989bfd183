"""The bulk email composer under ``/manage/<event>/emails/``: the announcements of the event, a
new or changed draft, one announcement with its audience (count and sample), previews in both
languages, a test to oneself, sending now or later, approval, cancelling, progress and failures;
and the event's settings (approval threshold, rate per minute)."""

from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from showcase.announcements.forms import (
    CONDITION_FIELDS,
    AnnouncementForm,
    PreviewForm,
    SendForm,
    SettingsForm,
    TestSendForm,
)
from showcase.announcements.models import Announcement, AnnouncementState
from showcase.announcements.services import audience, markup, sending
from showcase.core.blueprints import event_blueprint, of_this_event
from showcase.core.forms import choices, press, submit
from showcase.core.navigation import manage_link
from showcase.core.roles import Permission, requires
from showcase.core.time import local_datetime_to_utc
from showcase.mail.manage import MESSAGE_FRAME_POLICY

bp = event_blueprint("announcements_manage", __name__, url_prefix="/manage/<event>/emails")

manage_link(_l("Announcements"), "announcements_manage.index", Permission.MANAGE_EVENT, order=80)

S = AnnouncementState


def _announcement(announcement_id: int) -> Announcement:
    return of_this_event(Announcement, announcement_id)


def _user():
    return current_user._get_current_object()


def _person_key(person) -> str:
    return f"{person.kind}:{person.owner_id}"


@bp.get("/")
@requires(Permission.MANAGE_EVENT)
def index():
    return render_template(
        "announcements/manage/index.html",
        announcements=sending.list_announcements(g.event),
        settings=sending.current_settings(g.event),
        S=S,
    )


def _compose(announcement: Announcement | None):
    form = AnnouncementForm()
    form.offer_choices(g.event, current_user.role)
    if announcement is not None and not form.is_submitted():
        form.fill_from(announcement)

    def render():
        return render_template(
            "announcements/manage/compose.html",
            form=form,
            announcement=announcement,
            condition_fields=CONDITION_FIELDS,
            placeholders=markup.PLACEHOLDERS,
        )

    return submit(
        form,
        lambda: sending.save_draft(g.event, form.audience_values(), _user(), announcement),
        render=render,
        success=lambda saved: url_for(".detail", announcement_id=saved.id),
        message=_l("The draft is saved. Check who gets it and preview it below."),
    )


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def new():
    return _compose(None)


@bp.route("/<int:announcement_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def edit(announcement_id: int):
    announcement = _announcement(announcement_id)
    if announcement.state != S.DRAFT:
        flash(_l("Only a draft can be changed; cancel the sending first."), "warning")
        return redirect(url_for(".detail", announcement_id=announcement.id), 303)
    return _compose(announcement)


def _people(announcement: Announcement):
    return sending.recipients_now(g.event, announcement, current_user.role)


def _chosen(people, key: str | None):
    for person in people:
        if _person_key(person) == key:
            return person
    return people[0] if people else None


def _detail_page(announcement: Announcement, send_form=None, test_form=None, status=200):
    people = (
        _people(announcement)
        if announcement.state in (S.DRAFT, S.AWAITING_APPROVAL, S.SCHEDULED)
        else []
    )
    sample = people[: sending.SAMPLE_SIZE]
    person_choices = choices((_person_key(p), f"{p.name} <{p.address}>") for p in sample)
    preview_form = PreviewForm(request.args)
    preview_form.person.choices = person_choices
    if not preview_form.validate():
        preview_form = PreviewForm(formdata=None)
        preview_form.person.choices = person_choices
    person = _chosen(sample, preview_form.person.data)
    previews = {}
    if person is not None:
        for lang in ("en", "th"):
            if announcement.subject(lang):
                previews[lang] = sending.preview(g.event, announcement, person, lang)
    test_form = test_form or TestSendForm(formdata=None)
    test_form.person.choices = person_choices
    send_form = send_form or SendForm(formdata=None)
    return render_template(
        "announcements/manage/detail.html",
        announcement=announcement,
        count=len(people),
        sample=sample,
        person=person,
        person_key=_person_key(person) if person else "",
        previews=previews,
        preview_form=preview_form,
        test_form=test_form,
        send_form=send_form,
        needs_approval=sending.needs_approval(g.event, len(people)),
        settings=sending.current_settings(g.event),
        progress=sending.progress(announcement),
        failures=sending.failures(announcement),
        may_approve=announcement.state == S.AWAITING_APPROVAL
        and current_user.id not in (announcement.author_id, announcement.requested_by_id),
        condition_labels=dict(audience.condition_choices(g.event, current_user.role)),
        kind_labels=audience.KIND_LABELS,
        note_labels=sending.NOTE_LABELS,
        S=S,
    ), status


@bp.get("/<int:announcement_id>/")
@requires(Permission.MANAGE_EVENT)
def detail(announcement_id: int):
    return _detail_page(_announcement(announcement_id))


@bp.get("/<int:announcement_id>/preview.html")
@requires(Permission.MANAGE_EVENT)
def preview_html(announcement_id: int):
    """The HTML part of the preview, for the sandboxed frame of the announcement's page."""
    announcement = _announcement(announcement_id)
    lang = request.args.get("language", "en")
    person = _chosen(_people(announcement)[: sending.SAMPLE_SIZE], request.args.get("person"))
    if person is None or lang not in ("en", "th"):
        abort(404)
    html = sending.preview(g.event, announcement, person, lang)["html"]
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = MESSAGE_FRAME_POLICY
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.post("/<int:announcement_id>/test")
@requires(Permission.MANAGE_EVENT)
def test(announcement_id: int):
    announcement = _announcement(announcement_id)
    form = TestSendForm()
    people = _people(announcement)
    form.person.choices = choices(
        (_person_key(p), p.address) for p in people[: sending.SAMPLE_SIZE]
    )
    if not people:
        flash(_l("The audience is empty: nobody matches these conditions."), "warning")
        return redirect(url_for(".detail", announcement_id=announcement.id), 303)
    return submit(
        form,
        lambda: sending.send_test(
            g.event, announcement, _chosen(people, form.person.data), _user()
        ),
        render=lambda: _detail_page(announcement, test_form=form, status=400)[0],
        success=url_for(".detail", announcement_id=announcement.id),
        message=lambda sent: _l(
            "A test in each language (%(count)d) is queued to %(address)s.",
            count=len(sent),
            address=current_user.email,
        ),
    )


@bp.post("/<int:announcement_id>/send")
@requires(Permission.MANAGE_EVENT)
def send(announcement_id: int):
    announcement = _announcement(announcement_id)
    form = SendForm()

    def action():
        at = form.send_at.data if form.when.data == "later" else None
        send_at = local_datetime_to_utc(at, g.event.timezone) if at else None
        return sending.request_send(g.event, announcement, _user(), send_at)

    def done(sent: Announcement):
        if sent.state == S.AWAITING_APPROVAL:
            return _l(
                "It goes to more people than the event allows without a second look: another "
                "organiser must approve it before it is sent."
            )
        return _l("The announcement is scheduled; the outbox sends it from the time set.")

    return submit(
        form,
        action,
        render=lambda: _detail_page(announcement, send_form=form, status=400)[0],
        success=url_for(".detail", announcement_id=announcement.id),
        message=done,
    )


def _button(announcement_id: int, change, done):
    announcement = _announcement(announcement_id)
    return press(
        lambda: change(g.event, announcement, _user()),
        done=done,
        back=url_for(".detail", announcement_id=announcement.id),
    )


@bp.post("/<int:announcement_id>/approve")
@requires(Permission.MANAGE_EVENT)
def approve(announcement_id: int):
    return _button(announcement_id, sending.approve, _l("Approved: the announcement is scheduled."))


@bp.post("/<int:announcement_id>/cancel")
@requires(Permission.MANAGE_EVENT)
def cancel(announcement_id: int):
    return _button(
        announcement_id,
        sending.cancel,
        _l("Cancelled before it went: the announcement is a draft again."),
    )


@bp.post("/<int:announcement_id>/stop")
@requires(Permission.MANAGE_EVENT)
def stop(announcement_id: int):
    return _button(
        announcement_id,
        sending.stop,
        _l("Stopped: the messages that had not left are cancelled."),
    )


@bp.route("/settings", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def settings():
    current = sending.current_settings(g.event)
    form = SettingsForm(obj=current)
    return submit(
        form,
        lambda: sending.save_settings(g.event, form.values()),
        render=lambda: render_template("announcements/manage/settings.html", form=form),
        success=url_for(".index"),
        message=_l("The announcement settings are saved."),
    )
