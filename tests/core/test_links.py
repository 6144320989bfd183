"""Secret links: stored as hashes, several valid at once, confirmation links expire."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from showcase.core.db import utcnow
from showcase.core.links import (
    LinkError,
    LinkExpired,
    LinkPurpose,
    SecretLinkMixin,
    mint_link,
    resolve_link,
    revoke_links,
)
from showcase.core.tokens import hash_secret
from showcase.extensions import db


class Base(DeclarativeBase):
    pass


class Owner(Base):
    __tablename__ = "test_owner"
    id: Mapped[int] = mapped_column(primary_key=True)


class OwnerLink(SecretLinkMixin, Base):
    __tablename__ = "test_owner_link"
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("test_owner.id"))
    owner: Mapped[Owner] = relationship()


@pytest.fixture
def ctx(app):
    with app.app_context():
        Base.metadata.create_all(db.engine)
        yield
        db.session.rollback()
        Base.metadata.drop_all(db.engine)


def test_links_store_only_a_hash_and_each_email_gets_its_own(ctx):
    owner = Owner()
    first = mint_link(OwnerLink(owner=owner), LinkPurpose.MANAGE)
    second = mint_link(OwnerLink(owner=owner), LinkPurpose.MANAGE)
    db.session.commit()
    stored = db.session.scalars(sa.select(OwnerLink.token_hash)).all()
    assert first not in stored and hash_secret(first) in stored
    assert resolve_link(OwnerLink, first, LinkPurpose.MANAGE).owner is owner
    assert resolve_link(OwnerLink, second, LinkPurpose.MANAGE).owner is owner


def test_link_of_another_purpose_or_tampered_is_refused(ctx):
    secret = mint_link(OwnerLink(owner=Owner()), LinkPurpose.CONFIRM)
    db.session.commit()
    with pytest.raises(LinkError):
        resolve_link(OwnerLink, secret, LinkPurpose.MANAGE)
    with pytest.raises(LinkError):
        resolve_link(
            OwnerLink, secret[:-1] + ("A" if secret[-1] != "A" else "B"), LinkPurpose.CONFIRM
        )
    with pytest.raises(LinkError):
        resolve_link(OwnerLink, "short", LinkPurpose.CONFIRM)


def test_confirmation_link_expires_after_48_hours(ctx):
    secret = mint_link(OwnerLink(owner=Owner()), LinkPurpose.CONFIRM)
    db.session.commit()
    assert resolve_link(OwnerLink, secret, LinkPurpose.CONFIRM, now=utcnow() + timedelta(hours=47))
    with pytest.raises(LinkExpired):
        resolve_link(OwnerLink, secret, LinkPurpose.CONFIRM, now=utcnow() + timedelta(hours=49))


def test_revoked_links_stop_working(ctx):
    owner = Owner()
    secret = mint_link(OwnerLink(owner=owner), LinkPurpose.MANAGE)
    db.session.commit()
    assert revoke_links(OwnerLink, OwnerLink.owner_id == owner.id) == 1
    db.session.commit()
    with pytest.raises(LinkError):
        resolve_link(OwnerLink, secret, LinkPurpose.MANAGE)
