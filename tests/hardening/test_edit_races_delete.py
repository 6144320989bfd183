"""An edit that races a delete answers 409 with a message, not a 500 (finding 8 of issue 11).

The race is made exact: the row is deleted in the database after the edit has loaded it and
just before its change is written, as a second organiser's delete would."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from showcase.extensions import db
from tests.forms import RenderedForm, page_errors
from tests.hardening.test_authorisation_matrix import sign_in

MESSAGE = "has been deleted or changed by someone else in the meantime"


def delete_first(function, model, row_id):
    def racing(row, *args, **kwargs):
        db.session.execute(
            delete(model).where(model.id == row_id),
            execution_options={"synchronize_session": False},
        )
        return function(row, *args, **kwargs)

    return racing


@pytest.mark.parametrize("language", ["en", "th"])
def test_a_booth_edited_while_it_is_deleted_answers_409(app, client, world, monkeypatch, language):
    from showcase.booths.models import Booth
    from showcase.booths.services import layout

    sign_in(client, app, "organiser")
    new = RenderedForm.get(client, f"/manage/{world.event}/booths/new")
    new.fill("Code", "Z-90")
    for label, metres in (("Left edge", "27"), ("Top edge", "17"), ("Width", "2"), ("Depth", "2")):
        new.fill(label, metres)
    response = new.submit()
    assert response.status_code in (302, 303), page_errors(response)
    with app.app_context():
        booth_id = db.session.scalar(select(Booth.id).where(Booth.code == "Z-90"))
    edit = RenderedForm.get(client, f"/manage/{world.event}/booths/{booth_id}")
    edit.fill("Code", "Z-91")
    monkeypatch.setattr(layout, "update_booth", delete_first(layout.update_booth, Booth, booth_id))
    response = edit.submit(headers={"Accept-Language": language})
    body = response.get_data(as_text=True)
    assert response.status_code == 409, body[-3000:]
    if language == "en":
        assert MESSAGE in body
    else:
        assert "ในระหว่างนี้" in body or "ระหว่างนั้น" in body, body[-3000:]
    with app.app_context():  # nothing of the refused edit was written
        assert db.session.scalar(select(Booth.code).where(Booth.id == booth_id)) != "Z-91"


def test_a_room_edited_while_it_is_deleted_answers_409(app, client, world, monkeypatch):
    from showcase.program.models import Room
    from showcase.program.services import rooms

    sign_in(client, app, "organiser")
    new = RenderedForm.get(client, f"/manage/{world.event}/program/rooms/new")
    new.fill("Name in English", "Raced room")
    new.fill("Name in Thai", "ห้องทดสอบ")
    response = new.submit()
    assert response.status_code in (302, 303), response.get_data(as_text=True)[-3000:]
    with app.app_context():
        room_id = db.session.scalar(select(Room.id).where(Room.name_en == "Raced room"))
    edit = RenderedForm.get(client, f"/manage/{world.event}/program/rooms/{room_id}")
    edit.fill("Name in English", "Raced room, renamed")
    monkeypatch.setattr(rooms, "update_room", delete_first(rooms.update_room, Room, room_id))
    response = edit.submit()
    body = response.get_data(as_text=True)
    assert response.status_code == 409, body[-3000:]
    assert MESSAGE in body
