"""Events, their seven smart-city tracks, and the cities that take part."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from showcase.core.db import UTCDateTime, str_enum, utcnow
from showcase.core.i18n import country_name, localized_property
from showcase.core.labels import LabelledEnum
from showcase.core.models import TimestampMixin
from showcase.extensions import db


class Event(TimestampMixin, db.Model):
    __tablename__ = "event"
    __table_args__ = (
        sa.CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        sa.CheckConstraint(
            "registration_closes_at IS NULL OR registration_opens_at IS NULL "
            "OR registration_closes_at > registration_opens_at",
            name="registration_window_in_order",
        ),
        sa.CheckConstraint(
            "cfp_closes_at IS NULL OR cfp_opens_at IS NULL OR cfp_closes_at > cfp_opens_at",
            name="cfp_window_in_order",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[uuid.UUID] = mapped_column(sa.Uuid, default=uuid.uuid4, unique=True)
    acronym: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name_en: Mapped[str] = mapped_column(sa.String(200))
    name_th: Mapped[str] = mapped_column(sa.String(200), default="")
    description_en: Mapped[str] = mapped_column(sa.Text, default="")
    description_th: Mapped[str] = mapped_column(sa.Text, default="")
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Asia/Bangkok")
    # The host country (ISO code): listed first wherever a delegate chooses a country.
    country_code: Mapped[str] = mapped_column(sa.String(2), default="TH", server_default="TH")
    venue_en: Mapped[str] = mapped_column(sa.String(200), default="")
    venue_th: Mapped[str] = mapped_column(sa.String(200), default="")
    address_en: Mapped[str] = mapped_column(sa.String(300), default="")
    address_th: Mapped[str] = mapped_column(sa.String(300), default="")
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cfp_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cfp_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    tracks: Mapped[list[Track]] = relationship(
        back_populates="event", order_by="Track.position", cascade="all, delete-orphan"
    )

    name = localized_property("name")
    venue = localized_property("venue")
    address = localized_property("address")

    @property
    def location(self) -> str:
        """The venue and its address in the reader's language, as one line."""
        return ", ".join(part for part in (self.venue, self.address) if part)

    description = localized_property("description")

    @property
    def year(self) -> int:
        return self.starts_on.year

    @property
    def days(self) -> list[date]:
        """Every day of the event, first to last."""
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + timedelta(days=offset) for offset in range(max(count, 0))]

    @staticmethod
    def window_is_open(
        opens_at: datetime | None, closes_at: datetime | None, now: datetime | None = None
    ) -> bool:
        now = now or utcnow()
        if opens_at is None or closes_at is None:
            return False
        return opens_at <= now < closes_at

    def registration_is_open(self, now: datetime | None = None) -> bool:
        return self.window_is_open(self.registration_opens_at, self.registration_closes_at, now)

    def cfp_is_open(self, now: datetime | None = None) -> bool:
        return self.window_is_open(self.cfp_opens_at, self.cfp_closes_at, now)

    def __repr__(self) -> str:
        return f"<Event {self.acronym}>"


class Track(db.Model):
    """One of the seven smart-city dimensions, created with every event."""

    __tablename__ = "track"
    __table_args__ = (sa.UniqueConstraint("event_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[uuid.UUID] = mapped_column(sa.Uuid, default=uuid.uuid4, unique=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(32))
    name_en: Mapped[str] = mapped_column(sa.String(100))
    name_th: Mapped[str] = mapped_column(sa.String(100))
    description_en: Mapped[str] = mapped_column(sa.String(300), default="")
    description_th: Mapped[str] = mapped_column(sa.String(300), default="")
    colour: Mapped[str] = mapped_column(sa.String(7))
    position: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="tracks")

    name = localized_property("name")
    description = localized_property("description")

    def __repr__(self) -> str:
        return f"<Track {self.slug}>"


class CityKind(LabelledEnum):
    THAI_MEMBER = "thai_member", _l("Thai member city")
    INTERNATIONAL = "international", _l("International city")


class City(TimestampMixin, db.Model):
    """A city that takes part: a Thai member city of the smart-city programme or a city abroad."""

    __tablename__ = "city"
    __table_args__ = (sa.UniqueConstraint("name_en", "country_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name_en: Mapped[str] = mapped_column(sa.String(120))
    name_th: Mapped[str] = mapped_column(sa.String(120), default="")
    province_en: Mapped[str] = mapped_column(sa.String(120), default="")
    province_th: Mapped[str] = mapped_column(sa.String(120), default="")
    country_code: Mapped[str] = mapped_column(sa.String(2), default="TH")
    kind: Mapped[CityKind] = mapped_column(str_enum(CityKind, "city_kind"))
    city_possible_member: Mapped[bool] = mapped_column(default=False)
    website: Mapped[str] = mapped_column(sa.String(300), default="")

    name = localized_property("name")
    province = localized_property("province")

    @property
    def country(self) -> str:
        return country_name(self.country_code)

    @property
    def is_thai_member(self) -> bool:
        return self.kind == CityKind.THAI_MEMBER

    def __repr__(self) -> str:
        return f"<City {self.name_en}>"
