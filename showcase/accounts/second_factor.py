"""Two-factor sign-in for organiser accounts: a time-based code from an authenticator app (TOTP,
RFC 6238, through pyotp), and one-time recovery codes for a lost phone.

Enrolment shows a new secret as a QR code (segno) and keeps it in the signed-in session until a
code from the app proves the app has it; only then is it stored on the account, with ten fresh
recovery codes shown once. A code is accepted once: the time step it belongs to is remembered, so
a code read over someone's shoulder cannot be replayed within its 30 seconds. One step either side
is accepted for a phone whose clock is a little off.

Administrators can require a second factor for every organiser account (``AccountPolicy``); an
account without one is then sent to enrolment from every ``/manage/`` page until it has one.
"""

from __future__ import annotations

import secrets
from datetime import datetime

import pyotp
import segno
from flask import current_app
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import delete, func, select, update

from showcase.accounts.models import AccountPolicy, RecoveryCode, User
from showcase.core.db import utcnow
from showcase.core.errors import DomainError
from showcase.core.tokens import hash_secret
from showcase.extensions import db

ISSUER = "World Smart City Showcase"
RECOVERY_CODES = 10
# Recovery codes: 10 characters from an alphabet without look-alikes, shown as two groups of 5.
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
STEP_SECONDS = 30


class SecondFactorError(DomainError):
    pass


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_code_svg(uri: str) -> Markup:
    """The enrolment QR code as inline SVG (no script, no external image: CSP-safe)."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, border=2, dark="#111", light="#fff")
    return Markup(svg)  # nosec B704 # noqa: S704 - segno draws modules only, no text


def has_second_factor(user: User) -> bool:
    return bool(user.totp_secret and user.totp_enabled_at)


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code ``code`` is (now, or one step either side), or None."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    step = int(now.timestamp()) // STEP_SECONDS
    for candidate in (step, step - 1, step + 1):
        if secrets.compare_digest(totp.at(candidate * STEP_SECONDS), code):
            return candidate
    return None


def enable(user: User, secret: str, code: str, now: datetime | None = None) -> list[str]:
    """Store ``secret`` as the account's second factor once ``code`` proves the app has it;
    returns the new recovery codes (shown once, kept only as hashes)."""
    now = now or utcnow()
    step = _matching_step(secret, code or "", now)
    if step is None:
        raise SecondFactorError(
            _l("That code is not the one your authenticator app shows. Try the current code."),
            field="code",
        )
    user.totp_secret = secret
    user.totp_enabled_at = now
    user.totp_last_step = step
    return new_recovery_codes(user)


def disable(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def new_recovery_codes(user: User) -> list[str]:
    """Replace the account's recovery codes with ten new ones; returns them."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_recovery_hash(raw)))
    db.session.flush()
    return codes


def _recovery_hash(code: str) -> str:
    return hash_secret("recovery:" + "".join(code.upper().replace("-", "").split()))


def unused_recovery_codes(user: User) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )


def verify(user: User, code: str, now: datetime | None = None) -> str:
    """Check a sign-in's second step: a current authenticator code not used before, or an
    unused recovery code. Returns ``"app"`` or ``"recovery"``; raises ``SecondFactorError``."""
    now = now or utcnow()
    typed = (code or "").strip()[:40]
    if not has_second_factor(user):
        raise SecondFactorError(_l("This account has no second factor."), field="code")
    step = _matching_step(user.totp_secret, typed, now)
    if step is not None:
        if user.totp_last_step is not None and step <= user.totp_last_step:
            raise SecondFactorError(
                _l("That code has been used already. Wait for the next code and enter it."),
                field="code",
            )
        # Conditional, so that two sign-ins racing with the same code accept it once.
        claimed = db.session.execute(
            update(User)
            .where(
                User.id == user.id,
                (User.totp_last_step.is_(None)) | (User.totp_last_step < step),
            )
            .values(totp_last_step=step)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not claimed:
            raise SecondFactorError(
                _l("That code has been used already. Wait for the next code and enter it."),
                field="code",
            )
        user.totp_last_step = step
        return "app"
    used = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _recovery_hash(typed),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if used:
        return "recovery"
    raise SecondFactorError(
        _l("That code is not correct, or it has expired. Enter the code your app shows now."),
        field="code",
    )


# The policy ------------------------------------------------------------------------------------


def policy() -> AccountPolicy:
    """The one policy row (made on first use; ``flush`` so the caller's unit of work keeps it)."""
    row = db.session.get(AccountPolicy, 1)
    if row is None:
        row = AccountPolicy(id=1)
        db.session.add(row)
        db.session.flush()
    return row


def second_factor_required() -> bool:
    row = db.session.get(AccountPolicy, 1)
    if row is None or row.require_second_factor is None:
        return bool(current_app.config["REQUIRE_SECOND_FACTOR"])
    return row.require_second_factor


def set_required(required: bool, by: User) -> None:
    row = policy()
    row.require_second_factor = required
    row.changed_at = utcnow()
    row.changed_by = by.email
