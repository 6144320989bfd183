"""Organiser accounts and their signed-in sessions.

Delegates, speakers and exhibitors have no accounts: they use secret links.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from showcase.core.crypto import EncryptedText
from showcase.core.db import UTCDateTime, str_enum, utcnow
from showcase.core.models import TimestampMixin
from showcase.core.roles import Role
from showcase.extensions import db


def password_hash_method() -> str:
    """How new passwords are hashed: the PASSWORD_HASH_METHOD setting, werkzeug's scrypt unless
    a test run chooses a cheaper one (stored hashes name their method, so both verify)."""
    default = "scrypt"
    return current_app.config.get("PASSWORD_HASH_METHOD", default) if has_app_context() else default


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    role: Mapped[Role] = mapped_column(str_enum(Role, "user_role", length=16))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    active: Mapped[bool] = mapped_column(default=True)
    language: Mapped[str] = mapped_column(sa.String(2), default="en")
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Two-factor sign-in (accounts/second_factor.py): the TOTP secret, encrypted at rest, set once
    # a code from the authenticator app confirmed it; the last time step used, so that a code is
    # accepted once.
    totp_secret: Mapped[str | None] = mapped_column(EncryptedText)
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)

    sessions: Mapped[list[UserSession]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    # The secret of the session this object was loaded for (set by accounts/services.py, never
    # stored): what the login cookie carries. Not a column, so not annotated.
    session_secret = None

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def get_id(self) -> str:  # Flask-Login: what the login cookie carries
        if not self.session_secret:
            raise RuntimeError("start a session (accounts.services.start_session) first")
        return self.session_secret

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=password_hash_method())

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class UserSession(db.Model):
    """One signed-in browser. Its cookie carries a random secret whose SHA-256 is kept here;
    signing out deletes the row, so a copy of the cookie opens nothing afterwards."""

    __tablename__ = "user_session"
    __audit__ = False  # signing in and out are audited as such (core/audit.py)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # What the account's owner sees on their list of sign-ins, to recognise each browser.
    user_agent: Mapped[str] = mapped_column(sa.String(200), default="")
    ip_address: Mapped[str] = mapped_column(sa.String(45), default="")

    user: Mapped[User] = relationship(back_populates="sessions")


class RecoveryCode(db.Model):
    """A one-time code that stands in for the authenticator app (its SHA-256 is kept)."""

    __tablename__ = "user_recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PasswordReset(db.Model):
    """A link that sets a new password: short-lived, used once; only its SHA-256 is kept."""

    __tablename__ = "user_password_reset"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class AccountPolicy(db.Model):
    """Rules for every organiser account, set by administrators: one row, made on first use.
    ``require_second_factor`` unset follows the REQUIRE_SECOND_FACTOR setting (on in production)."""

    __tablename__ = "account_policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    require_second_factor: Mapped[bool | None] = mapped_column()
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    changed_by: Mapped[str] = mapped_column(sa.String(254), default="")
