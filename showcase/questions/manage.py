"""Organiser pages of the registration questions: the list, a question's form, the report of
the choice questions' totals (printable, CSV and Excel), the registrations as Excel with their
answers, and an uploaded answer's file. What a role reads is ``services/reading.py``'s rule."""

from __future__ import annotations

from flask import Response, abort, g, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from showcase.core.audit import record_export
from showcase.core.blueprints import event_blueprint, or_404
from showcase.core.csvio import csv_response
from showcase.core.forms import submit
from showcase.core.i18n import current_language
from showcase.core.navigation import manage_link
from showcase.core.roles import Permission, requires
from showcase.core.time import zone
from showcase.core.xlsx import Sheet, xlsx_response
from showcase.extensions import db
from showcase.questions.forms import QuestionForm
from showcase.questions.models import Answer
from showcase.questions.services import questions as service
from showcase.questions.services import reading
from showcase.registration.services import organiser

bp = event_blueprint("questions_manage", __name__, url_prefix="/manage/<event>")

REGISTRATION = _l("Registration")
manage_link(
    _l("Registration questions"),
    "questions_manage.questions",
    Permission.MANAGE_EVENT,
    order=22,
    group=REGISTRATION,
)
manage_link(
    _l("Answers report"),
    "questions_manage.report",
    Permission.READ_ANSWER_TOTALS,
    order=23,
    group=REGISTRATION,
)


@bp.app_template_global()
def organiser_answers(registration) -> list:
    """The answers of ``registration`` the signed-in organiser's role may read."""
    return reading.readable_answers(registration, current_user.role)


# Questions ------------------------------------------------------------------------------------


@bp.get("/questions/")
@requires(Permission.MANAGE_EVENT)
def questions():
    event = g.event
    return render_template(
        "questions/manage/list.html",
        questions=service.list_questions(event),
        answered=service.answer_counts(event),
    )


def _question_page(form: QuestionForm, question=None):
    event = g.event
    form.categories.choices = [
        SelectChoice(str(category.id), category.name)
        for category in organiser.list_categories(event)
    ]
    form.condition_question.choices = [SelectChoice("", _l("(always shown)"))] + [
        SelectChoice(str(other.id), f"{other.label} ({other.code})")
        for other in service.list_questions(event)
        if other.kind.can_be_a_condition and (question is None or other.id != question.id)
    ]
    if question is not None and not form.is_submitted():
        form.categories.data = [str(category.id) for category in question.categories]
        form.condition_question.data = str(question.condition_question_id or "")
        form.choices.data = service.choices_text(question)
        form.kind.data = question.kind.value
        form.sensitivity.data = question.sensitivity.value
    return submit(
        form,
        lambda: service.save_question(event, form.values(), question),
        render=lambda: render_template(
            "questions/manage/question.html", form=form, question=question
        ),
        success=url_for(".questions"),
        message=_l("The question is saved."),
    )


@bp.route("/questions/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def question_new():
    return _question_page(QuestionForm())


@bp.route("/questions/<int:question_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def question_edit(question_id: int):
    question = or_404(service.get_question(g.event, question_id))
    return _question_page(QuestionForm(obj=question), question)


# The report -----------------------------------------------------------------------------------


def _scope() -> str:
    scope = request.args.get("scope", "confirmed")
    return scope if scope in reading.SCOPES else "confirmed"


@bp.get("/questions/report")
@requires(Permission.READ_ANSWER_TOTALS)
def report():
    scope = _scope()
    categories, blocks = reading.totals(g.event, current_user.role, scope)
    return render_template(
        "questions/manage/report.html", categories=categories, blocks=blocks, scope=scope
    )


@bp.get("/questions/report.csv")
@requires(Permission.READ_ANSWER_TOTALS)
def report_csv():
    header, rows = reading.totals_table(*reading.totals(g.event, current_user.role, _scope()))
    return csv_response(f"{g.event.acronym}-answers-report.csv", header, rows)


@bp.get("/questions/report.xlsx")
@requires(Permission.READ_ANSWER_TOTALS)
def report_xlsx():
    header, rows = reading.totals_table(*reading.totals(g.event, current_user.role, _scope()))
    return xlsx_response(
        f"{g.event.acronym}-answers-report.xlsx", [Sheet(gettext("Answers"), header, rows)]
    )


# Registrations with their answers, as Excel ----------------------------------------------------


@bp.get("/registrations.xlsx")
@requires(Permission.MANAGE_EVENT)
def registrations_xlsx():
    event = g.event
    columns = reading.answer_columns(event, current_user.role, current_language())
    rows = reading.with_answers(organiser.csv_rows(event), columns)
    return xlsx_response(
        f"{event.acronym}-registrations.xlsx",
        [Sheet(gettext("Registrations"), (*organiser.CSV_HEADER, *columns.header), rows)],
        zone(event.timezone),
    )


# An uploaded answer ---------------------------------------------------------------------------


@bp.get("/questions/answers/<int:answer_id>/file")
@requires(Permission.MANAGE_EVENT)
def answer_file(answer_id: int):
    answer = db.get_or_404(Answer, answer_id)
    if (
        answer.file is None
        or answer.question.event_id != g.event.id
        or not reading.may_read(current_user.role, answer.question)
    ):
        abort(404)
    stored = answer.file
    record_export(f"answer-{answer.id}.{stored.extension}")
    response = Response(stored.data, mimetype=stored.content_type)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="answer-{answer.id}.{stored.extension}"'
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
