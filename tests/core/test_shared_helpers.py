"""Helpers every feature shares instead of its own copy: secret pages, settings rows, event days."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import func, select

from showcase.core.db import UnitOfWorkError, unit_of_work
from showcase.core.models import settings_of, stored_settings_of
from showcase.core.security import no_store
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration.models import RegistrationSettings
from tests import factories


def test_no_store_keeps_a_secret_page_out_of_caches_and_referrers():
    app = Flask(__name__)

    @app.get("/secret/<token>")
    @no_store
    def secret(token):
        return "yours", 201

    response = app.test_client().get("/secret/abc")
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_settings_are_read_without_writing_and_stored_once(ctx):
    event = factories.event()
    count = select(func.count()).select_from(RegistrationSettings)
    with unit_of_work():
        db.session.execute(RegistrationSettings.__table__.delete())
    unsaved = settings_of(RegistrationSettings, event.id, city_cap=None, privacy_version="v1")
    assert unsaved.privacy_version == "v1" and unsaved.id is None
    assert db.session.scalar(count) == 0
    with pytest.raises(UnitOfWorkError):
        stored_settings_of(RegistrationSettings, event.id, privacy_version="v1")
    with unit_of_work():
        row = stored_settings_of(RegistrationSettings, event.id, privacy_version="v1")
        again = stored_settings_of(RegistrationSettings, event.id, privacy_version="v2")
        assert again is row
    assert db.session.scalar(count) == 1


def test_event_days_run_from_first_to_last():
    event = Event(starts_on=date(2027, 2, 27), ends_on=date(2027, 3, 1))
    assert event.days == [date(2027, 2, 27), date(2027, 2, 28), date(2027, 3, 1)]
