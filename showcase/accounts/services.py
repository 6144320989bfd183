"""Organiser accounts: creating them, signing in, and keeping at least one administrator."""

from __future__ import annotations

import secrets

from email_validator import EmailNotValidError, validate_email
from flask import flash, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from showcase.accounts.models import User, new_session_token
from showcase.core.db import utcnow
from showcase.core.errors import DomainError
from showcase.core.roles import Role
from showcase.extensions import db

MIN_PASSWORD_LENGTH = 10
# Checked against when the email is unknown, so both failures take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class AccountError(DomainError):
    pass


def normalise_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise AccountError(_l("Enter a valid email address."), field="email") from error


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            _l(
                "The password must be at least %(count)d characters long.",
                count=MIN_PASSWORD_LENGTH,
            ),
            field="password",
        )


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def create_user(email: str, role: Role | str, password: str, name: str = "") -> User:
    email = normalise_email(email)
    check_password_rules(password)
    if get_user_by_email(email) is not None:
        raise AccountError(_l("An account with this email already exists."), field="email")
    user = User(email=email, name=name.strip(), role=Role(role), active=True)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None; the same time either way."""
    user = get_user_by_email(email or "")
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not user.check_password(password or "") or not user.active:
        return None
    user.last_login_at = utcnow()
    return user


def active_admin_count(excluding: User | None = None) -> int:
    query = select(func.count()).select_from(User).where(User.active, User.role == Role.ADMIN)
    if excluding is not None:
        query = query.where(User.id != excluding.id)
    return db.session.scalar(query) or 0


def update_user(user: User, *, name: str, role: Role | str, active: bool, acting: User) -> None:
    role = Role(role)
    losing_admin = user.role == Role.ADMIN and (role != Role.ADMIN or not active)
    if losing_admin and active_admin_count(excluding=user) == 0:
        raise AccountError(_l("There must always be at least one active administrator."))
    if user.id == acting.id and (role != user.role or not active):
        raise AccountError(_l("You cannot change your own role or deactivate your own account."))
    user.name = name.strip()
    if user.active and not active:
        user.session_token = new_session_token()
    user.role = role
    user.active = active


def reset_password(user: User) -> str:
    password = generate_password()
    user.set_password(password)
    return password


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise AccountError(_l("The current password is not correct."), field="current_password")
    check_password_rules(new)
    user.set_password(new)


def configure_login(login_manager: LoginManager) -> None:
    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(token: str) -> User | None:
        if not token:
            return None
        return db.session.scalar(select(User).where(User.session_token == token, User.active))

    @login_manager.unauthorized_handler
    def unauthorized():
        if getattr(session, "showcase_cookie_was_invalid", False):
            flash(_l("Your session has expired. Please sign in again."), "warning")
        else:
            flash(_l("Please sign in to open this page."), "info")
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
