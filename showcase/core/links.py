"""Secret links: how delegates, exhibitors and speakers reach their own records without accounts.

A link carries a long random secret; the database keeps only its SHA-256. Because the secret itself
is never stored, every email that carries a link mints a fresh one, and all of an owner's links
stay valid until they expire or are revoked (e.g. when personal data is erased). A feature keeps
its links in a table of its own, so the foreign key to the owner is a real one::

    class RegistrationLink(SecretLinkMixin, db.Model):
        __tablename__ = "registration_link"
        registration_id: Mapped[int] = mapped_column(
            sa.ForeignKey("registration.id", ondelete="CASCADE"), index=True
        )
        registration: Mapped[Registration] = relationship()

    secret = mint_link(RegistrationLink(registration=registration), LinkPurpose.MANAGE)
    link = resolve_link(RegistrationLink, secret, LinkPurpose.MANAGE)   # or raises LinkError

Confirmation links expire (48 hours by default); manage links do not. The secret goes into the
email through ``queue_email(..., secrets=[secret])``, which removes it from the stored copy of the
message once the message has been sent.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import TypeVar

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from showcase.core.db import UTCDateTime, str_enum, utcnow
from showcase.core.errors import DomainError
from showcase.core.tokens import hash_secret, looks_like_secret, new_secret
from showcase.extensions import db

CONFIRMATION_LIFETIME = timedelta(hours=48)


class LinkPurpose(enum.StrEnum):
    CONFIRM = "confirm"
    MANAGE = "manage"


class LinkError(DomainError):
    status_code = 404


class LinkExpired(LinkError):
    status_code = 410


class SecretLinkMixin:
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @declared_attr
    def purpose(cls) -> Mapped[LinkPurpose]:
        return mapped_column(str_enum(LinkPurpose, "purpose", length=12))

    def is_usable(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or now < self.expires_at


L = TypeVar("L", bound=SecretLinkMixin)


def mint_link(
    link: SecretLinkMixin, purpose: LinkPurpose, lifetime: timedelta | None = None
) -> str:
    """Give ``link`` (a new row naming its owner) a fresh secret; returns the secret for the URL.

    Confirmation links get ``CONFIRMATION_LIFETIME`` unless ``lifetime`` says otherwise.
    """
    secret, digest = new_secret()
    link.token_hash = digest
    link.purpose = purpose
    link.created_at = utcnow()
    if lifetime is None and purpose == LinkPurpose.CONFIRM:
        lifetime = CONFIRMATION_LIFETIME
    link.expires_at = link.created_at + lifetime if lifetime is not None else None
    db.session.add(link)
    return secret


def resolve_link(
    model: type[L], secret: str, purpose: LinkPurpose, now: datetime | None = None
) -> L:
    """The usable link with this secret, or ``LinkError`` (unknown) / ``LinkExpired``."""
    if not secret or not looks_like_secret(secret):
        raise LinkError(_l("This link is not valid. Check that you copied all of it."))
    link = db.session.scalar(
        sa.select(model).where(model.token_hash == hash_secret(secret), model.purpose == purpose)
    )
    if link is None or link.revoked_at is not None:
        raise LinkError(_l("This link is not valid. Check that you copied all of it."))
    if not link.is_usable(now):
        raise LinkExpired(_l("This link has expired. Ask for a new one below."))
    return link


def revoke_links(model: type[SecretLinkMixin], *conditions) -> int:
    """Revoke every still-usable link matching ``conditions`` (e.g. an owner's id)."""
    result = db.session.execute(
        sa.update(model)
        .where(model.revoked_at.is_(None), *conditions)
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def link_problem_page(message: str, status: int, form, resend_endpoint: str, hint: str):
    """The answer to a secret link that does not work: the page says why and offers ``form``,
    which posts to ``resend_endpoint`` to send a new link; ``hint`` says which address to give."""
    from flask import render_template, url_for

    page = render_template(
        "link_problem.html",
        message=message,
        form=form,
        resend_action=url_for(resend_endpoint),
        hint=hint,
    )
    return page, status


def flash_confirmation(confirmed_now: bool, thanks) -> None:
    """What following the link of a confirmation email says: ``thanks`` the first time, and that
    the address was already confirmed when the link is followed again."""
    from flask import flash

    if confirmed_now:
        flash(thanks, "success")
    else:
        flash(_l("Your email address was already confirmed."), "info")
