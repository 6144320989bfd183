"""The registrant's answers behind their manage link (``/<event>/registration/<secret>/answers``):
read them, and change them until registration closes."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l

from showcase.core.blueprints import event_blueprint
from showcase.core.errors import Conflict
from showcase.core.forms import ShowcaseForm, submit
from showcase.core.security import no_store
from showcase.questions.fields import question_notes, with_questions
from showcase.questions.models import QuestionKind
from showcase.questions.services import answers as service
from showcase.registration.services.registrations import EDITABLE, for_manage

bp = event_blueprint("questions", __name__, url_prefix="/<event>")


def may_change_answers(registration) -> bool:
    return registration.state in EDITABLE and registration.event.registration_is_open()


@bp.app_template_global()
def registrant_answers(registration) -> list:
    """The person's own answers (for their manage page and their emails)."""
    return service.answers_of(registration)


@bp.app_template_global()
def email_answers(registration, language: str) -> list[tuple[str, str]]:
    """(question, answer) in the email's language, as the person answered them; files are left
    out (their names say nothing the person does not know)."""
    return [
        (service.answer_label(answer, language), service.answer_text(answer, language))
        for answer in service.answers_of(registration)
        if answer.file is None
    ]


@bp.app_template_global()
def answer_text(answer, lang=None) -> str:
    return service.answer_text(answer, lang)


@bp.app_template_global()
def answer_label(answer, lang=None) -> str:
    return service.answer_label(answer, lang)


@bp.app_template_global()
def answers_editable(registration) -> bool:
    return may_change_answers(registration) and bool(_asked(registration))


def _asked(registration):
    return service.questions_for(
        registration.event, registration.category_id, registration.delegation_id is not None
    )


def _change(registration, values) -> None:
    if not may_change_answers(registration):
        raise Conflict(_l("Registration has closed: your answers can no longer be changed."))
    answers = service.clean_answers(registration.event, registration.category, values, registration)
    service.save_answers(registration, answers)


@bp.route("/registration/<secret>/answers", methods=["GET", "POST"])
@no_store
def answers(secret: str):
    registration = for_manage(g.event, secret)
    back = url_for("registration.manage", secret=secret)
    if not may_change_answers(registration):
        flash(_l("Registration has closed: your answers can no longer be changed."), "warning")
        return redirect(back, 303)
    questions = _asked(registration)
    form = with_questions(ShowcaseForm, questions)()
    if not form.is_submitted():
        for answer in service.answers_of(registration):
            name = answer.question.field_name
            if name in form and answer.question.kind != QuestionKind.FILE:
                multiple = answer.question.kind == QuestionKind.MULTIPLE_CHOICE
                form[name].data = answer.keys if multiple else answer.value
    return submit(
        form,
        lambda: _change(registration, form.values()),
        render=lambda: render_template(
            "questions/answers.html",
            form=form,
            registration=registration,
            secret=secret,
            question_notes=question_notes(questions, every_category=False),
            files={
                answer.question_id: answer
                for answer in service.answers_of(registration)
                if answer.file is not None
            },
        ),
        success=back,
        message=_l("Your answers have been saved."),
    )
