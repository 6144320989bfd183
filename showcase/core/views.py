"""Routes that belong to no event: the front door, the language switch and the health check."""

from __future__ import annotations

import time

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, request, url_for
from sqlalchemy import select, text

from showcase.core.blueprints import event_lookup
from showcase.core.db import discard_changes
from showcase.core.i18n import LANGUAGE_COOKIE
from showcase.core.urls import safe_next
from showcase.extensions import db, limiter

bp = Blueprint("core", __name__)


@bp.get("/")
def index():
    event = event_lookup().front_door()
    if event is None:
        return redirect(url_for("accounts.login"))
    return redirect(url_for("events.home", event=event.acronym))


@bp.get("/lang/<code>")
def set_language(code: str):
    target = safe_next(request.args.get("next"), url_for("core.index"))
    response = redirect(target)
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(
            LANGUAGE_COOKIE,
            code,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
        )
    return response


@bp.get("/healthz")
@limiter.exempt
def healthz():
    started = time.perf_counter()
    try:
        db.session.execute(text("SELECT 1"))
        discard_changes()
    except Exception as error:
        discard_changes()
        current_app.logger.warning("health check failed: %s", error.__class__.__name__)
        return jsonify(status="unavailable", database="unreachable"), 503
    elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    return jsonify(status="ok", database="ok", database_ms=elapsed_ms), 200


@bp.get("/images/<uuid:image_id>")
def image(image_id):
    """An uploaded image, re-encoded by Showcase; its address changes when the image does."""
    from showcase.core.images import StoredImage

    stored = db.session.scalar(select(StoredImage).where(StoredImage.uuid == image_id))
    if stored is None:
        abort(404)
    response = Response(stored.data, mimetype=stored.content_type)
    response.set_etag(stored.sha256)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.headers["Content-Disposition"] = f'inline; filename="{stored.uuid}.{stored.extension}"'
    return response.make_conditional(request)
