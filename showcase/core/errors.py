"""Domain errors and the error pages.

Services raise ``DomainError`` (or a subclass) with a message for the person, already marked for
translation; views show it as a form error or a flash message. Unexpected failures become the
error pages below, in the reader's language, and a database that is away becomes a clean 503.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from showcase.core.db import discard_changes


class DomainError(Exception):
    """A rule of the domain refused the request; ``message`` is meant for the person."""

    status_code = 400

    def __init__(self, message: Any, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class FieldErrors(DomainError):
    """Several problems with what a person sent, each against its field, reported together so
    that one submission shows all of them."""

    def __init__(self, errors: list[DomainError]) -> None:
        super().__init__(errors[0].message, field=errors[0].field)
        self.errors = errors

    @property
    def status_code(self) -> int:  # type: ignore[override]
        return max(error.status_code for error in self.errors)


class ErrorCollector:
    """Gathers the problems of one submission, so that a service checks every field before it
    refuses: ``attempt`` runs one check and keeps its ``DomainError``; ``raise_any`` raises the
    one problem, or ``FieldErrors`` with all of them."""

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    def add(self, error: DomainError) -> None:
        if isinstance(error, FieldErrors):
            self.errors.extend(error.errors)
        else:
            self.errors.append(error)

    def attempt(self, check, *args, **kwargs):
        try:
            return check(*args, **kwargs)
        except DomainError as error:
            self.add(error)
            return None

    def raise_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise FieldErrors(self.errors)


class NotAllowed(DomainError):
    status_code = 403


class Conflict(DomainError):
    status_code = 409


ERROR_TEXTS = {
    400: (
        _l("Bad request"),
        _l("The request could not be understood. Please go back and try again."),
    ),
    403: (
        _l("Not allowed"),
        _l("You do not have permission to open this page."),
    ),
    404: (
        _l("Page not found"),
        _l("There is no page at this address. It may have moved, or the link may be mistyped."),
    ),
    405: (
        _l("Not allowed"),
        _l("This page cannot be used in that way."),
    ),
    409: (
        _l("Not done"),
        _l("Something changed in the meantime, so this was not done. Please reload the page."),
    ),
    413: (
        _l("Too large"),
        _l("What you sent is larger than this site accepts. Please send a smaller file."),
    ),
    429: (
        _l("Too many requests"),
        _l("You have tried this too many times. Please wait a minute and try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l(
            "An unexpected error stopped this page. "
            "The organisers have been told; please try again."
        ),
    ),
    503: (
        _l("Temporarily unavailable"),
        _l("The site cannot reach its database just now. Please try again in a minute."),
    ),
}


def wants_json() -> bool:
    if request.is_json or request.path.endswith(".json"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def error_response(code: int, message: Any = None):
    title, default_message = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
    text = str(message) if message else str(default_message)
    if wants_json():
        return jsonify(error=str(title), message=text, status=code), code
    return render_template("errors/error.html", code=code, title=title, message=text), code


def _rollback_quietly() -> None:
    # The connection may be gone; the error page must still render.
    discard_changes()


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def handle_http_exception(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if error.code >= 500:
            _rollback_quietly()
        # Our own abort_with(…) calls carry a message meant for the person.
        message = getattr(error, "showcase_message", None) or None
        response = make_response(error_response(error.code, message))
        if error.code == 429 and getattr(error, "retry_after", None):
            response.headers["Retry-After"] = str(error.retry_after)
        if error.code == 405 and getattr(error, "valid_methods", None):
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(CSRFError)
    def handle_csrf_error(error: CSRFError):
        return error_response(
            400,
            _l(
                "This form has expired or was not sent from this site. "
                "Please reload the page and send it again."
            ),
        )

    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError):
        _rollback_quietly()
        return error_response(error.status_code, error.message)

    @app.errorhandler(StaleDataError)
    @app.errorhandler(ObjectDeletedError)
    def handle_gone_meanwhile(error: Exception):
        # An edit raced a delete (or another edit of a versioned row): the row it meant to
        # change was gone when the change was written. Nothing was saved.
        app.logger.info("stale row: %s", error.__class__.__name__)
        _rollback_quietly()
        return error_response(
            409,
            _l(
                "What you were changing has been deleted or changed by someone else in the "
                "meantime, so your change was not saved. Please open it again."
            ),
        )

    @app.errorhandler(OperationalError)
    @app.errorhandler(DisconnectionError)
    def handle_database_unavailable(error: Exception):
        app.logger.warning("database unavailable: %s", error.__class__.__name__)
        _rollback_quietly()
        return error_response(503)

    @app.errorhandler(DBAPIError)
    def handle_database_error(error: DBAPIError):
        _rollback_quietly()
        if error.connection_invalidated:
            return error_response(503)
        app.logger.exception("database error")
        return error_response(500)

    @app.errorhandler(InternalServerError)
    def handle_internal_error(error: InternalServerError):
        _rollback_quietly()
        return error_response(500)


def abort_with(code: int, message: Any):
    """``abort`` with a message for the person, shown on the error page in their language."""
    from werkzeug.exceptions import default_exceptions

    error = default_exceptions[code]()
    error.showcase_message = message  # type: ignore[attr-defined]
    raise error
