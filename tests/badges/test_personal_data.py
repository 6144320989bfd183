"""The print log is personal data: in the person's data download, erased with them, and purged
``PRINT_LOG_DAYS`` after the event by ``flask showcase purge``."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import func, select

from showcase.badges.models import BadgePrint, RetiredBadgeCode
from showcase.badges.services.printing import PRINT_LOG_DAYS
from showcase.core.db import unit_of_work, utcnow
from showcase.core.retention import retention_rules
from showcase.extensions import db
from showcase.registration.services import registrations
from tests import factories
from tests.badges.helpers import confirmed_people, run
from tests.forms import RenderedForm


def prints_of(registration) -> int:
    return db.session.scalar(
        select(func.count(BadgePrint.id)).where(BadgePrint.registration_id == registration.id)
    )


def test_the_data_download_lists_the_badges_printed_without_the_staff(ctx, client):
    event = factories.event()
    somchai, *_ = confirmed_people(event)
    run(event, by="organiser@showcase.example")
    secret = factories.registration_link(somchai, "manage")

    data = json.loads(client.get(f"/{event.acronym}/registration/{secret}/data.json").data)

    (printed,) = data["badges_printed"]
    assert printed["layout"] == "a6" and printed["reason"] == "run"
    assert printed["printed_at"][:10] == date.today().isoformat()
    assert "organiser@showcase.example" not in json.dumps(data)


def test_erasing_a_person_deletes_their_print_log_and_retired_codes(ctx, client, login):
    event = factories.event()
    somchai, pim, *_ = confirmed_people(event)
    run(event)
    login("checkin")
    form = RenderedForm.get(
        client, f"/manage/{event.acronym}/badges/{somchai.id}/reprint", form="reprint"
    )
    form.choose(
        "Why is the badge reprinted?", "Lost: print it with a new code; the old badge stops working"
    )
    assert form.submit().status_code == 200
    assert prints_of(somchai) == 2

    with unit_of_work(lock=True):
        registrations.erase(somchai.id)

    assert prints_of(somchai) == 0
    assert db.session.scalar(select(func.count(RetiredBadgeCode.id))) == 0
    assert prints_of(pim) == 1


def test_purge_deletes_the_print_log_of_events_past_their_retention(ctx):
    ended = factories.event("wscs2026")
    current = factories.event()
    confirmed_people(ended)
    run(ended)
    (nok,) = confirmed_people(
        current,
        people=(("Nok Jaidee", "นก ใจดี", "nok@khonkaen.example", ("Khon Kaen", "ขอนแก่น", "TH")),),
    )
    run(current)
    with unit_of_work():
        # The event is over: its last day is past the print log's retention.
        ended.starts_on = date.today() - timedelta(days=PRINT_LOG_DAYS + 3)
        ended.ends_on = date.today() - timedelta(days=PRINT_LOG_DAYS + 1)

    # The rule `flask showcase purge` applies, in a unit of work of its own as the command runs it.
    (rule,) = [rule for rule in retention_rules() if rule.name == "Badge print log"]
    with unit_of_work():
        purged = rule.purge(utcnow())

    assert purged == 5
    assert prints_of(nok) == 1
    with unit_of_work():
        assert rule.purge(utcnow()) == 0
