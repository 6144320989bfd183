"""Organiser roles and what each may do: the one table every ``/manage/`` view is checked against.

Every organiser view is decorated with ``@requires(Permission.…)``. The decorator checks the
signed-in user's role on the server and records the permission on the view, so that
``register_manage_guard`` can refuse any ``/manage/`` route that forgot to declare one (it fails
closed) and the tests can list every route with what it needs.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from showcase.core.labels import LabelledEnum

F = TypeVar("F", bound=Callable[..., Any])


class Role(LabelledEnum):
    ADMIN = "admin", _l("Administrator")
    ORGANISER = "organiser", _l("Organiser")
    REVIEWER = "reviewer", _l("Reviewer")
    CHECKIN = "checkin", _l("Check-in staff")


class Permission(enum.StrEnum):
    """Things organiser pages do; each names the roles that may do it in ``GRANTS``."""

    VIEW_DASHBOARD = "view_dashboard"
    MANAGE_EVENT = "manage_event"
    REVIEW = "review"
    CHECK_IN = "check_in"
    MANAGE_USERS = "manage_users"
    # The totals of the registration questions' answers (caterers' and interpreters' numbers);
    # each role sees the questions its sensitivity allows (showcase/questions).
    READ_ANSWER_TOTALS = "read_answer_totals"
    # Visa letters: passport data, seen only by those who decide on the letters.
    VISA_LETTERS = "visa_letters"
    # The audit log: who changed what, and every sign-in (core/audit.py).
    READ_AUDIT_LOG = "read_audit_log"


GRANTS: dict[Permission, frozenset[Role]] = {
    Permission.VIEW_DASHBOARD: frozenset(Role),
    Permission.MANAGE_EVENT: frozenset({Role.ADMIN, Role.ORGANISER}),
    Permission.REVIEW: frozenset({Role.ADMIN, Role.ORGANISER, Role.REVIEWER}),
    Permission.CHECK_IN: frozenset({Role.ADMIN, Role.ORGANISER, Role.CHECKIN}),
    Permission.MANAGE_USERS: frozenset({Role.ADMIN}),
    Permission.READ_ANSWER_TOTALS: frozenset(Role),
    Permission.VISA_LETTERS: frozenset({Role.ADMIN, Role.ORGANISER}),
    Permission.READ_AUDIT_LOG: frozenset({Role.ADMIN}),
}


def role_may(role: Role | str | None, permission: Permission) -> bool:
    if role is None:
        return False
    try:
        return Role(role) in GRANTS[permission]
    except ValueError:
        return False


def user_may(permission: Permission) -> bool:
    """For templates and views: may the signed-in user do this?"""
    return bool(current_user.is_authenticated and role_may(current_user.role, permission))


def requires(permission: Permission) -> Callable[[F], F]:
    """Allow the view only to signed-in organisers whose role grants ``permission``."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if not role_may(current_user.role, permission):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_permission = permission  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def register_manage_guard(app: Flask) -> None:
    """Refuse every ``/manage/`` route whose view did not declare a permission."""

    @app.before_request
    def _manage_routes_declare_a_permission():
        if not request.path.startswith("/manage/") or request.endpoint is None:
            return None
        view = app.view_functions.get(request.endpoint)
        if view is None or getattr(view, "public_manage_route", False):
            return None
        if getattr(view, "required_permission", None) is None:
            app.logger.error("manage route %s declares no permission", request.endpoint)
            if not current_user.is_authenticated:
                return redirect(url_for("accounts.login", next=request.full_path))
            abort(403)
        return None
