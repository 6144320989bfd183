"""Organiser accounts: creating them, signing in and out, and keeping at least one administrator.

Each sign-in starts a ``UserSession`` row; the login cookie carries its secret, and every request
looks the row up. Signing out deletes it, "sign out everywhere" deletes all of the account's, and
so do a new password and deactivation: a copied cookie then opens nothing.
"""

from __future__ import annotations

import enum
import functools
import secrets
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from showcase.accounts import throttle
from showcase.accounts.models import PasswordReset, User, UserSession, password_hash_method
from showcase.core.audit import AuditAction, record
from showcase.core.db import utcnow
from showcase.core.errors import DomainError
from showcase.core.roles import Role
from showcase.core.tokens import hash_secret, looks_like_secret, new_secret
from showcase.extensions import db
from showcase.mail import requests as mail_requests
from showcase.mail.models import MailRequest
from showcase.mail.services import external_url, queue_email

MIN_PASSWORD_LENGTH = 10


@functools.cache
def _dummy_hash(method: str) -> str:
    """Checked against when the email is unknown, so both failures take the same time."""
    return generate_password_hash("not-a-real-password", method=method)


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
        check_password_hash(_dummy_hash(password_hash_method()), password or "")
        return None
    if not user.check_password(password or "") or not user.active:
        return None
    return user


# Sessions -------------------------------------------------------------------------------------


def start_session(user: User, user_agent: str = "", ip_address: str = "") -> str:
    """Record a new signed-in browser for ``user``; returns the secret its cookie carries (also
    set as ``user.session_secret`` for Flask-Login). Sessions past their time are cleared.
    ``user_agent`` and ``ip_address`` let the owner recognise the browser on their list."""
    now = utcnow()
    db.session.execute(
        delete(UserSession).where(UserSession.user_id == user.id, UserSession.expires_at <= now)
    )
    secret, digest = new_secret()
    lifetime = current_app.permanent_session_lifetime
    db.session.add(
        UserSession(
            user_id=user.id,
            token_hash=digest,
            created_at=now,
            expires_at=now + lifetime,
            user_agent=(user_agent or "")[:200],
            ip_address=(ip_address or "")[:45],
        )
    )
    user.last_login_at = now
    user.session_secret = secret
    return secret


def session_user(secret: str) -> User | None:
    """The active user whose unexpired session has this secret, or None."""
    if not secret or not looks_like_secret(secret):
        return None
    user = db.session.scalar(
        select(User)
        .join(UserSession, UserSession.user_id == User.id)
        .where(
            UserSession.token_hash == hash_secret(secret),
            UserSession.expires_at > utcnow(),
            User.active,
        )
    )
    if user is not None:
        user.session_secret = secret
    return user


def end_session(user: User) -> None:
    """Sign out the browser ``user`` was loaded for."""
    record(AuditAction.SIGN_OUT, User.__tablename__, user.id, user.email, actor=user)
    if user.session_secret:
        db.session.execute(
            delete(UserSession).where(UserSession.token_hash == hash_secret(user.session_secret))
        )
        user.session_secret = None


def end_all_sessions(user: User) -> int:
    """Sign ``user`` out on every browser; returns how many sessions ended."""
    result = db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    _record_sign_out(user, result.rowcount or 0)
    return result.rowcount or 0


def _record_sign_out(user: User, browsers: int) -> None:
    if browsers:
        changes = {"browsers": [browsers, 0]}
        record(AuditAction.SIGN_OUT, User.__tablename__, user.id, user.email, changes)


def sessions_of(user: User) -> list[UserSession]:
    """The account's signed-in browsers, newest first."""
    return list(
        db.session.scalars(
            select(UserSession)
            .where(UserSession.user_id == user.id, UserSession.expires_at > utcnow())
            .order_by(UserSession.created_at.desc(), UserSession.id.desc())
        )
    )


def is_current_session(user: User, entry: UserSession) -> bool:
    return bool(user.session_secret) and entry.token_hash == hash_secret(user.session_secret)


def end_other_session(user: User, session_id: int) -> bool:
    """Sign out one of the account's other browsers (not this one); False if there is none."""
    query = delete(UserSession).where(UserSession.user_id == user.id, UserSession.id == session_id)
    if user.session_secret:
        query = query.where(UserSession.token_hash != hash_secret(user.session_secret))
    ended = db.session.execute(query).rowcount or 0
    _record_sign_out(user, ended)
    return bool(ended)


def end_other_sessions(user: User) -> int:
    """Sign out every browser of the account but this one; returns how many ended."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if user.session_secret:
        query = query.where(UserSession.token_hash != hash_secret(user.session_secret))
    ended = db.session.execute(query).rowcount or 0
    _record_sign_out(user, ended)
    return ended


# Password guessing -----------------------------------------------------------------------------

SIGN_IN_FAILURES_NOTICE = "account-sign-in-failures"


def sign_in_wait(email: str, browser: throttle.Browser | None) -> int:
    """Seconds this sign-in must wait before its password is checked (0: check it now)."""
    return throttle.seconds_to_wait(email or "", browser)


def failed_sign_in(email: str, browser: throttle.Browser | None) -> None:
    """Count a wrong password for the account typed in. When the account starts to wait, its
    owner is told (through the outbox worker, so the page costs the same for an unknown email)."""
    failures = throttle.record_failure(email or "", browser)
    typed = (email or "").strip()[:254]
    known = get_user_by_email(typed) if typed else None
    record(
        AuditAction.SIGN_IN_FAILED,
        User.__tablename__,
        known.id if known else None,
        typed,
        actor=typed,
    )
    if failures == current_app.config["LOGIN_FREE_FAILURES"]:
        typed = (email or "").strip().lower()[:254]
        mail_requests.request_email(SIGN_IN_FAILURES_NOTICE, typed)


def succeeded_sign_in(user: User, browser: throttle.Browser | None, method: str) -> None:
    throttle.record_success(user.email, browser)
    changes = {"method": [None, method]}
    record(AuditAction.SIGN_IN, User.__tablename__, user.id, user.email, changes, actor=user)


@mail_requests.resolver(SIGN_IN_FAILURES_NOTICE)
def _notify_owner(notice: MailRequest) -> None:
    user = get_user_by_email(notice.address)
    if user is None or not user.active:
        return
    queue_email(
        "accounts/sign_in_failures",
        user.email,
        language=user.language,
        name=user.name,
        context={
            "user": user,
            "failures": current_app.config["LOGIN_FREE_FAILURES"],
            "max_wait_minutes": max(1, current_app.config["LOGIN_MAX_DELAY_SECONDS"] // 60),
            "since": notice.created_at,
            "password_url": external_url("accounts.change_password"),
        },
        dedup_key=f"accounts:sign-in-failures:{user.id}:{notice.created_at:%Y-%m-%d-%H}",
    )


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
        end_all_sessions(user)
    if role != user.role:
        changes = {"role": [user.role, role]}
        record(AuditAction.ROLE_CHANGE, User.__tablename__, user.id, user.email, changes)
    user.role = role
    user.active = active


def reset_password(user: User) -> str:
    """A new generated password; the account is signed out everywhere."""
    password = generate_password()
    user.set_password(password)
    end_all_sessions(user)
    return password


def change_password(
    user: User, current: str, new: str, user_agent: str = "", ip_address: str = ""
) -> str:
    """Change one's own password: every other browser is signed out, and this one gets a fresh
    session, whose secret is returned. The owner is told by email."""
    if not user.check_password(current):
        raise AccountError(_l("The current password is not correct."), field="current_password")
    check_password_rules(new)
    user.set_password(new)
    end_all_sessions(user)
    send_security_notice(user, SecurityNotice.PASSWORD_CHANGED)
    return start_session(user, user_agent, ip_address)


# A forgotten password --------------------------------------------------------------------------

PASSWORD_RESET_REQUEST = "account-password-reset"  # noqa: S105 - a mail request kind


def request_password_reset(email: str) -> None:
    """Someone asked for a reset link for ``email``. The outbox worker sends it if an active
    account has that address; the page answers the same either way, in the same time."""
    typed = (email or "").strip().lower()[:254]
    mail_requests.request_email(PASSWORD_RESET_REQUEST, typed)


@mail_requests.resolver(PASSWORD_RESET_REQUEST, resend=True)
def _send_reset_link(request: MailRequest) -> None:
    user = get_user_by_email(request.address)
    if user is None or not user.active:
        return
    now = utcnow()
    # A new link replaces every earlier one.
    db.session.execute(
        delete(PasswordReset).where(
            PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None)
        )
    )
    secret, digest = new_secret()
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    db.session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=digest,
            created_at=now,
            expires_at=now + timedelta(minutes=minutes),
        )
    )
    queue_email(
        "accounts/password_reset",
        user.email,
        language=user.language,
        name=user.name,
        context={
            "user": user,
            "minutes": minutes,
            "reset_url": external_url("accounts.reset_password", secret=secret),
        },
        secrets=[secret],
    )


def password_reset_for(secret: str) -> PasswordReset:
    """The usable reset link with this secret, or ``AccountError``."""
    reset = None
    if secret and looks_like_secret(secret):
        reset = db.session.scalar(
            select(PasswordReset).where(PasswordReset.token_hash == hash_secret(secret))
        )
    if reset is None or reset.used_at is not None or reset.expires_at <= utcnow():
        raise AccountError(
            _l(
                "This link to set a new password is not valid any more: it works once and for "
                "a short time. Ask for a new one below."
            )
        )
    if not reset.user.active:
        raise AccountError(_l("This account is not active. Ask an administrator."))
    return reset


def reset_forgotten_password(secret: str, new: str) -> User:
    """Set a new password through a reset link: the link is used up, the account is signed out
    everywhere and told by email. A second factor is still asked for at the next sign-in."""
    reset = password_reset_for(secret)
    check_password_rules(new)
    claimed = db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        raise AccountError(_l("This link has been used already. Ask for a new one below."))
    user = reset.user
    user.set_password(new)
    end_all_sessions(user)
    send_security_notice(user, SecurityNotice.PASSWORD_CHANGED)
    return user


# Notices about the account's security ------------------------------------------------------------


class SecurityNotice(enum.StrEnum):
    NEW_BROWSER = "new_browser"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - a notice kind
    SECOND_FACTOR_ON = "second_factor_on"
    SECOND_FACTOR_OFF = "second_factor_off"
    RECOVERY_CODE_USED = "recovery_code_used"
    RECOVERY_CODES_RENEWED = "recovery_codes_renewed"


def send_security_notice(
    user: User, notice: SecurityNotice, user_agent: str = "", ip_address: str = ""
) -> None:
    """Tell the account's owner by email that something about their sign-in changed, so that a
    change they did not make is noticed."""
    queue_email(
        "accounts/security_notice",
        user.email,
        language=user.language,
        name=user.name,
        context={
            "user": user,
            "notice": notice.value,
            "at": utcnow(),
            "user_agent": (user_agent or "")[:200],
            "ip_address": (ip_address or "")[:45],
            "sessions_url": external_url("accounts.sessions"),
            "password_url": external_url("accounts.change_password"),
        },
    )
