"""Flash messages and form errors are text: a name or code a person typed comes back escaped in
every message that quotes it, never as markup (finding 1 of issue 11)."""

from __future__ import annotations

import pytest
from flask import flash, redirect
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select

from showcase.extensions import db
from tests.forms import RenderedForm
from tests.hardening.test_authorisation_matrix import sign_in

EVIL = '<meta http-equiv=refresh content="0;url=https://evil.example">'
ESCAPED = "&lt;meta http-equiv=refresh"


def assert_shown_as_text(body: str, where: str) -> None:
    assert "<meta http-equiv=refresh" not in body.lower(), f"{where}: the name came back as a tag"
    assert ESCAPED in body or ESCAPED.upper().replace("&LT;", "&lt;") in body, (
        f"{where}: the name is not shown escaped"
    )


def test_whatever_goes_into_a_flash_message_comes_back_as_text(app, client):
    """The rule at the root: a lazy translation quoting a name, Markup and a plain string all
    leave the session as plain text and are escaped on the page."""

    @app.get("/test-flash")
    def flash_everything():
        flash(_l("Check-in of %(name)s undone.", name=EVIL), "success")
        flash(Markup(EVIL), "info")  # nosec B704 # noqa: S704 - the markup under test
        flash(EVIL, "warning")
        return redirect("/manage/login", 303)

    client.get("/test-flash")
    body = client.get("/manage/login").get_data(as_text=True)
    assert body.count(ESCAPED) == 3, body
    assert "<meta http-equiv=refresh" not in body


def organiser_flashes(world) -> list[tuple[str, str, dict]]:
    """(what, URL, the fields to fill) of each organiser form whose flash message quotes a name."""
    e = world.event
    return [
        ("city added", f"/manage/{e}/cities/new", {"Name (English)": EVIL}),
        ("room added", f"/manage/{e}/program/rooms/new", {"Name in English": EVIL}),
        (
            "speaker profile saved",
            f"/manage/{e}/program/speakers/{world.ids['speaker_code']}/",
            {"Name": EVIL},
        ),
    ]


@pytest.mark.parametrize("index", range(3), ids=["city", "room", "speaker"])
def test_organiser_messages_quote_names_as_text(app, client, world, index):
    what, url, fields = organiser_flashes(world)[index]
    sign_in(client, app, "admin")
    form = RenderedForm.get(client, url)
    for label, value in fields.items():
        form.fill(label, value)
    response = form.submit()
    assert response.status_code in (302, 303), (what, response.get_data(as_text=True)[-3000:])
    body = client.get(response.headers["Location"]).get_data(as_text=True)
    assert_shown_as_text(body, what)


def test_room_deleted_message_quotes_its_name_as_text(app, client, world):
    from showcase.program.models import Room

    with app.app_context():
        room = db.session.get(Room, world.ids["room_id"])
        room.name_en = EVIL
        db.session.commit()
    sign_in(client, app, "admin")
    response = client.post(f"/manage/{world.event}/program/rooms/{world.ids['room_id']}/delete")
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]
    assert_shown_as_text(client.get(response.headers["Location"]).get_data(as_text=True), "room")


def test_check_in_undone_quotes_the_registrant_as_text(app, client, world):
    from showcase.events.services import get_event
    from showcase.registration.models import Registration
    from showcase.registration.services import badges

    with app.app_context():
        registration = db.session.get(Registration, world.ids["registration_id"])
        registration.full_name = EVIL
        db.session.commit()
        badges.check_in(get_event(world.event), registration.id, "desk@showcase.example")
        db.session.commit()
    sign_in(client, app, "checkin")
    response = client.post(
        f"/manage/{world.event}/checkin/{world.ids['registration_id']}/undo", data={}
    )
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]
    body = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Check-in of" in body
    assert_shown_as_text(body, "check-in undone")


def test_unknown_booth_code_is_quoted_as_text(app, client, world):
    """The booth form's "There is no booth X on the floor plan" quotes what was typed (codes are
    split at spaces and commas, so the tag here has none)."""
    from showcase.booths.models import BoothApplication
    from tests.hardening.hostile import application_base

    tag = "<img/src=x/onerror=alert(1)>"
    data = {**application_base(world), "preferred_booths": tag}
    response = client.post(f"/{world.event}/booths/apply", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is no booth" in body
    assert "<img/src" not in body.lower()
    assert "&lt;IMG/SRC=X/ONERROR=ALERT(1)&gt;" in body
    with app.app_context():
        assert not db.session.scalars(select(BoothApplication.id)).all() or not [
            a
            for a in db.session.scalars(select(BoothApplication)).all()
            if "IMG" in (a.preferred_booths or "")
        ]


CHUNK = 5


def placeholder_messages() -> list[tuple[str, list[str]]]:
    """Every message of the catalogue that quotes something (``%(name)s``), with its names."""
    import re

    from babel.messages.pofile import read_po

    from tests.helpers import ROOT_DIR

    path = f"{ROOT_DIR}/showcase/translations/th/LC_MESSAGES/messages.po"
    with open(path, "rb") as catalogue:
        messages = read_po(catalogue)
    found = []
    for message in messages:
        if message.id and isinstance(message.id, str):
            names = sorted(set(re.findall(r"%\((\w+)\)s", message.id)))
            numbers = re.findall(r"%\(\w+\)[^s]", message.id)
            if names and not numbers:
                found.append((message.id, names))
    return found


@pytest.mark.parametrize("language", ["en", "th"])
def test_every_message_that_quotes_something_shows_it_as_text(app, client, language):
    """Whatever a message quotes (a name, a code, a title), flashed in either language it leaves
    the session as text and the page shows it escaped: the whole catalogue, not a sample."""
    messages = placeholder_messages()
    assert len(messages) > 40  # the catalogue's quoting messages, not an empty list

    @app.get("/test-flash-all/<int:start>")
    def flash_some(start: int):
        # A few at a time: the session is a cookie, which must stay under 4 KB.
        for msgid, names in messages[start : start + CHUNK]:
            flash(_l(msgid, **dict.fromkeys(names, EVIL)), "info")
        return redirect("/manage/login", 303)

    client.set_cookie("showcase_lang", language)
    for start in range(0, len(messages), CHUNK):
        client.get(f"/test-flash-all/{start}")
        body = client.get("/manage/login").get_data(as_text=True)
        assert "<meta http-equiv=refresh" not in body.lower(), messages[start : start + CHUNK]
        shown = len(messages[start : start + CHUNK])
        assert body.count(ESCAPED) >= shown, messages[start : start + CHUNK]
