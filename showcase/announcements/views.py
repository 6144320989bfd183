"""The public page of an announcement's unsubscribe link.

``GET`` asks first (a link scanner that opens every link unsubscribes nobody); ``POST`` is the
one-click unsubscribe of RFC 8058, which mail programs send without a session or a CSRF token,
so the route is exempt from CSRF: the signed link is what proves it comes from the message.
"""

from __future__ import annotations

from flask import g, render_template, request

from showcase.announcements.services import unsubscribe
from showcase.core.blueprints import event_blueprint
from showcase.core.forms import run
from showcase.core.security import no_store
from showcase.extensions import csrf

bp = event_blueprint("announcements", __name__, url_prefix="/<event>")


@bp.route("/emails/unsubscribe/<int:recipient_id>/<token>", methods=["GET", "POST"])
@csrf.exempt
@no_store
def unsubscribe_page(recipient_id: int, token: str):
    recipient = unsubscribe.recipient_for(g.event, recipient_id, token)
    if request.method == "GET":
        done = unsubscribe.is_unsubscribed(g.event, recipient.address)
        return render_template(
            "announcements/unsubscribe.html", recipient=recipient, done=done, asked=True
        )
    run(lambda: unsubscribe.unsubscribe(g.event, recipient))
    return render_template(
        "announcements/unsubscribe.html", recipient=recipient, done=True, asked=False
    )
