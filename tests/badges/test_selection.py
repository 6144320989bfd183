"""Which badges a print run chooses (category, city, delegation, "not printed yet", "changed
since printed"), and what the print log records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from showcase.badges.models import BadgeLayout, BadgePrint, PrintReason
from showcase.badges.services.selection import (
    BadgeFilters,
    Printed,
    badge_rows,
    printed_counts,
    select_badges,
)
from showcase.core.db import unit_of_work
from showcase.extensions import db
from showcase.registration.services import registrations
from tests import factories
from tests.badges.helpers import ORGANISER, confirmed_people, page_texts, run


def names(event, **filters) -> list[str]:
    return [row.registration.full_name for row in select_badges(event, BadgeFilters(**filters))]


def edit(registration, **changes):
    """The registrant changes their details on their manage page."""
    values = {
        "full_name": registration.full_name,
        "full_name_th": registration.full_name_th,
        "organisation": registration.organisation,
        "job_title": registration.job_title,
        "city": str(registration.city_id),
        "other_country": "",
        "other_city": "",
        "dietary": registration.dietary,
        "accessibility": registration.accessibility,
        "language": registration.language,
    }
    values.update(changes)
    with unit_of_work(lock=True):
        registrations.update_details(db.session.get(type(registration), registration.id), values)


def test_filters_choose_by_category_and_city_and_leave_out_the_unconfirmed(ctx):
    event = factories.event()
    confirmed_people(event)
    media = factories.registration_category(event, "media", name_en="Media")
    factories.registration(
        event,
        city=factories.city("Phuket"),
        category=media,
        confirm=True,
        full_name="Nok Rattanakul",
        email="nok@media.example",
    )
    factories.registration(
        event,
        city=factories.city("Phuket"),
        category=media,
        confirm=False,
        full_name="Arthit Unconfirmed",
        email="arthit@media.example",
    )

    assert names(event, category_id=media.id) == ["Nok Rattanakul"]
    assert names(event, city_id=factories.city("Phuket").id) == [
        "Nok Rattanakul",
        "Pimchanok Srisuk",
        "Teerasak Thongdee",
    ]
    assert "Arthit Unconfirmed" not in names(event)


def test_not_printed_yet_leaves_out_the_badges_a_run_printed(ctx):
    event = factories.event()
    confirmed_people(event)
    run(event, city_id=factories.city("Khon Kaen").id)

    assert names(event, printed=Printed.NOT_YET) == [
        "Pimchanok Srisuk",
        "Teerasak Thongdee",
        "Haruto Sato",
    ]
    counts = printed_counts(badge_rows(event, BadgeFilters()))
    assert counts == {Printed.ANY: 5, Printed.NOT_YET: 3, Printed.CHANGED: 0, Printed.UNCHANGED: 2}

    second = run(event, printed=Printed.NOT_YET)

    assert second.count == 3
    assert names(event, printed=Printed.NOT_YET) == []


def test_changed_since_printed_finds_a_name_edited_after_printing_and_nothing_else(ctx):
    event = factories.event()
    somchai, pim, *_ = confirmed_people(event)
    run(event)
    edit(somchai, full_name="Somchai Jaidee-Smith", full_name_th="สมชาย ใจดี สมิธ")
    edit(pim, dietary="Vegetarian")  # not on the badge

    assert names(event, printed=Printed.CHANGED) == ["Somchai Jaidee-Smith"]

    reprinted = run(event, printed=Printed.CHANGED)

    assert reprinted.count == 1
    assert "สมชาย ใจดี สมิธ" in page_texts(reprinted.pdf)[0]
    assert names(event, printed=Printed.CHANGED) == []


def test_a_run_records_when_each_badge_was_printed_in_which_layout_and_by_whom(ctx):
    event = factories.event()
    people = confirmed_people(event)
    before = datetime.now(UTC)

    run(event, BadgeLayout.A4_SHEET, by=ORGANISER)

    prints = db.session.scalars(select(BadgePrint).order_by(BadgePrint.registration_id)).all()
    assert [entry.registration_id for entry in prints] == sorted(p.id for p in people)
    for entry in prints:
        assert before - timedelta(seconds=1) <= entry.printed_at <= datetime.now(UTC)
        assert entry.layout == BadgeLayout.A4_SHEET
        assert entry.printed_by == ORGANISER
        assert entry.reason == PrintReason.RUN


def test_a_run_that_chooses_nobody_prints_nothing_and_says_so(ctx, client, login):
    event = factories.event()
    confirmed_people(event)
    run(event)
    login("organiser")

    # The page offers no print button when nothing is left to print; a print form sent from a
    # page opened before another organiser's run printed the rest is answered like this.
    response = client.post(
        f"/manage/{event.acronym}/badges/print",
        data={
            "category": "",
            "city": "",
            "delegation": "",
            "printed": "not_printed",
            "layout": "a6",
        },
    )

    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "No badge matches these filters, so nothing was printed." in page
    assert db.session.scalar(select(db.func.count(BadgePrint.id))) == 5
