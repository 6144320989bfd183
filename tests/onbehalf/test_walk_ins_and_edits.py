"""Organisers register a walk-in at the desk (confirmed at once, manage link emailed, checked in)
and correct any registration, the seat rule checked again and every change in its history."""

from __future__ import annotations

import pytest

from showcase.core.db import unit_of_work
from showcase.core.errors import Conflict
from showcase.events.services import get_event
from showcase.registration.services import onbehalf
from tests import factories
from tests.helpers import email_text, links_in
from tests.onbehalf.helpers import ORGANISER, S, by_email, city, person
from tests.registration.helpers import category
from tests.registration.helpers import values as form_values


def test_walk_in_is_confirmed_at_once_checked_in_and_emailed_the_manage_link(
    mail_app, desk_event, smtp_server, deliver
):
    with mail_app.app_context(), mail_app.test_request_context():
        event = get_event(desk_event)
        values = person("Malee Srisuk", "malee@phuket.example", "Phuket", language="th")
        values["category"] = str(category(event, "visitor").id)
        with unit_of_work(lock=True):
            onbehalf.register_walk_in(event, values, ORGANISER, check_in=True)
        registration = by_email(event, "malee@phuket.example")
        assert registration.state == S.CONFIRMED
        assert registration.checked_in_by == ORGANISER
        assert registration.registered_by == ORGANISER
        assert [entry.note for entry in registration.history] == [
            "registered by an organiser",
            "",
            "checked in",
        ]
    deliver()
    (message,) = smtp_server.wait_for(1)
    assert message["To"] == "Malee Srisuk <malee@phuket.example>"
    assert message["Subject"] == "คุณได้ลงทะเบียนเข้าร่วม มหกรรมเมืองอัจฉริยะโลก 2570 แล้ว"
    assert any("/registration/" in link for link in links_in(message))
    assert "/register/confirm/" not in email_text(message)


def test_walk_in_with_an_address_already_registered_is_refused(ctx, desk_event):
    event = get_event(desk_event)
    visitor = category(event, "visitor")
    factories.registration(event, city("Phuket"), visitor, email="malee@phuket.example")
    values = person("Malee Srisuk", "malee@phuket.example", category=str(visitor.id))
    with pytest.raises(Conflict) as refused, unit_of_work(lock=True):
        onbehalf.register_walk_in(event, values, ORGANISER)
    assert refused.value.field == "email"


def test_edit_to_a_full_category_is_refused_and_other_changes_are_in_the_history(ctx, desk_event):
    event = get_event(desk_event)
    delegate, visitor = category(event, "delegate"), category(event, "visitor")
    for email in ("a@khonkaen.example", "b@khonkaen.example"):
        factories.registration(event, city("Khon Kaen"), delegate, confirm=True, email=email)
    visiting = factories.registration(
        event, city("Khon Kaen"), visitor, confirm=True, email="c@khonkaen.example"
    )
    values = person("Somchai Jaidee", "c@khonkaen.example", category=str(delegate.id))
    with pytest.raises(Conflict) as refused, unit_of_work(lock=True):
        onbehalf.edit_registration(event, visiting.id, values, ORGANISER)
    assert refused.value.field == "category"
    assert by_email(event, "c@khonkaen.example").category_id == visitor.id

    values = form_values(
        city("Phuket"), visitor, full_name="Somchay Jaidee", email="c@khonkaen.example"
    )
    with unit_of_work(lock=True):
        onbehalf.edit_registration(event, visiting.id, values, ORGANISER)
    edited = by_email(event, "c@khonkaen.example")
    last = edited.history[-1]
    assert (last.actor, last.by) == ("organiser", ORGANISER)
    assert last.note == "Full name: Somchai Jaidee → Somchay Jaidee; City: Khon Kaen → Phuket"


def test_edit_into_a_freed_seat_moves_and_gives_the_old_seat_to_the_waiting_list(ctx, desk_event):
    event = get_event(desk_event)
    delegate, visitor = category(event, "delegate"), category(event, "visitor")
    factories.registration(event, city("Khon Kaen"), delegate, confirm=True, email="a@x.example")
    moving = factories.registration(
        event, city("Khon Kaen"), delegate, confirm=True, email="b@x.example"
    )
    factories.registration(event, city("Khon Kaen"), delegate, confirm=True, email="c@x.example")
    assert by_email(event, "c@x.example").state == S.WAITLISTED
    values = person("B", "b@x.example", category=str(visitor.id))
    with unit_of_work(lock=True):
        onbehalf.edit_registration(event, moving.id, values, ORGANISER)
    assert by_email(event, "b@x.example").category_id == visitor.id
    assert by_email(event, "c@x.example").state == S.CONFIRMED
