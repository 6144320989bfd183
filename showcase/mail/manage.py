"""The organiser outbox: every message with its status, one rendered, retry and cancel."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from showcase.core.forms import run
from showcase.core.listing import enum_arg, list_page
from showcase.core.roles import Permission, requires
from showcase.extensions import db
from showcase.mail import requests, services
from showcase.mail.heartbeat import worker_status
from showcase.mail.mime import message_id_header
from showcase.mail.models import OutboxMessage, OutboxStatus

bp = Blueprint("mail_manage", __name__, url_prefix="/manage/outbox")

# The rendered HTML of a message is shown in a sandboxed frame: no scripts, no requests out.
MESSAGE_FRAME_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'self'"
)


def status_counts() -> dict[OutboxStatus, int]:
    rows = db.session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ).all()
    counts = dict.fromkeys(OutboxStatus, 0)
    counts.update({status: count for status, count in rows})
    return counts


@bp.get("/")
@requires(Permission.MANAGE_EVENT)
def index():
    status = enum_arg("status", OutboxStatus)
    search = (request.args.get("q") or "").strip()[:200]
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    if search:
        pattern = f"%{search}%"
        query = query.where(
            OutboxMessage.recipient.ilike(pattern) | OutboxMessage.subject.ilike(pattern)
        )
    page = list_page(query)
    return render_template(
        "mail/outbox.html",
        page=page,
        status=status,
        search=search,
        counts=status_counts(),
        workers=worker_status(),
        pending_requests=requests.pending_count(),
        OutboxStatus=OutboxStatus,
    )


@bp.get("/<int:message_id>")
@requires(Permission.MANAGE_EVENT)
def show(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template(
        "mail/message.html", message=message, message_id=message_id_header(message)
    )


@bp.get("/<int:message_id>/body.html")
@requires(Permission.MANAGE_EVENT)
def body_html(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    response = Response(message.body_html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = MESSAGE_FRAME_POLICY
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def decide(message_id: int, change, done, refused):
    """An organiser's button on one message: ``change(message)`` in one unit of work (it says
    whether the message allowed it), then back to the message (303)."""
    message = db.get_or_404(OutboxMessage, message_id)
    if run(lambda: change(message)):
        flash(done, "success")
    else:
        flash(refused, "warning")
    return redirect(url_for("mail_manage.show", message_id=message_id), 303)


@bp.post("/<int:message_id>/retry")
@requires(Permission.MANAGE_EVENT)
def retry(message_id: int):
    return decide(
        message_id,
        services.retry_message,
        _l("The message is queued again."),
        _l("Only failed, cancelled or uncertain messages can be sent again."),
    )


@bp.post("/<int:message_id>/cancel")
@requires(Permission.MANAGE_EVENT)
def cancel(message_id: int):
    return decide(
        message_id,
        services.cancel_message,
        _l("The message has been cancelled and will not be sent."),
        _l("Only queued or failed messages can be cancelled."),
    )


@bp.post("/<int:message_id>/mark-sent")
@requires(Permission.MANAGE_EVENT)
def mark_sent(message_id: int):
    return decide(
        message_id,
        services.mark_sent,
        _l("The message is marked as sent and will not be sent again."),
        _l("Only a message whose delivery is uncertain can be marked as sent."),
    )
