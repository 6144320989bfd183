"""Halls and booths: the CSV layout import (all rows or none) and the geometry rules."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from showcase.booths.models import Booth, BoothAvailability
from showcase.booths.services import layout as layout_rules
from showcase.core.csvio import CsvImportError
from showcase.events.services import get_event
from showcase.extensions import db
from tests.booths.helpers import InUnitsOfWork

layout = InUnitsOfWork(layout_rules)

HEADER = "code,hall,x,y,width,depth,zone,power,internet,corner,availability\n"


def import_csv(app, event, text: str):
    with app.app_context():
        try:
            result = layout.import_booths_csv(get_event(event), text.encode("utf-8-sig"))
        except CsvImportError as error:
            db.session.rollback()
            return None, [str(e) for e in error.errors]
        db.session.commit()
        return result, []


def booth_codes(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Booth.code).order_by(Booth.code)))


def test_csv_import_good_file_creates_and_updates_booths(app, booth_event):
    result, errors = import_csv(
        app,
        booth_event,
        HEADER
        + "B-01,A,2,10,3,3,economy,yes,yes,yes,available\n"
        + "b-02,a,5;10,3,3,,no,no,no,held\n".replace(";", ",")
        + "A-01,A,2,2,3,3,people,yes,no,no,available\n"
        + 'B-03,A,"8,5",10,4.5,3,GENERAL,yes,,,blocked\n',
    )
    assert errors == []
    assert (result.created, result.updated) == (3, 1)
    assert booth_codes(app) == ["A-01", "A-02", "A-03", "A-04", "B-01", "B-02", "B-03"]
    with app.app_context():
        b1 = db.session.scalar(select(Booth).where(Booth.code == "B-01"))
        assert (b1.x, b1.y, b1.width, b1.depth, b1.zone_slug) == (2, 10, 3, 3, "economy")
        assert (b1.has_power, b1.has_internet, b1.is_corner) == (True, True, True)
        b2 = db.session.scalar(select(Booth).where(Booth.code == "B-02"))
        assert (b2.zone_slug, b2.has_power, b2.availability) == ("general", False, "held")
        b3 = db.session.scalar(select(Booth).where(Booth.code == "B-03"))
        assert (b3.x, b3.width, b3.availability) == (8.5, 4.5, BoothAvailability.BLOCKED)
        assert db.session.scalar(select(Booth).where(Booth.code == "A-01")).zone_slug == "people"


def test_csv_import_refuses_overlapping_booths_and_imports_nothing(app, booth_event):
    result, errors = import_csv(
        app,
        booth_event,
        HEADER
        + "B-01,A,2,10,3,3,,,,,\n"
        + "B-02,A,4,11,3,3,,,,,\n"  # overlaps B-01 (line 2)
        + "B-03,A,3,2,3,3,,,,,\n",  # overlaps A-01, already on the plan
    )
    assert result is None
    assert errors == [
        "Line 3: booth B-02 overlaps booth B-01 on line 2",
        "Line 4: booth B-03 overlaps booth A-01, which is already on the plan",
    ]
    assert booth_codes(app) == ["A-01", "A-02", "A-03", "A-04"]


def test_csv_import_allows_touching_booths_and_moving_a_booth_out_of_the_way(app, booth_event):
    # A-02 moves away, so B-01 may take its old place; B-02 touches B-01's edge.
    _, errors = import_csv(
        app,
        booth_event,
        HEADER + "A-02,A,20,10,3,3,,,,,\nB-01,A,5,2,3,3,,,,,\nB-02,A,5,5,3,3,,,,,\n",
    )
    assert errors == []
    assert len(booth_codes(app)) == 6


def test_csv_import_refuses_duplicate_codes(app, booth_event):
    _, errors = import_csv(
        app, booth_event, HEADER + "B-01,A,2,10,3,3,,,,,\nb-01,A,20,10,3,3,,,,,\n"
    )
    assert errors == ["Line 3: the code B-01 is already used on line 2"]
    assert booth_codes(app) == ["A-01", "A-02", "A-03", "A-04"]


def test_csv_import_refuses_wrong_columns(app, booth_event):
    _, errors = import_csv(app, booth_event, "code,hall,x,y,size\nB-01,A,1,1,3\n")
    assert len(errors) == 1
    assert errors[0].startswith("Line 1: missing columns: width, depth; unknown columns: size")
    assert "the expected columns are: code, hall, x, y, width, depth, zone" in errors[0]


def test_csv_import_refuses_out_of_hall_unknown_hall_bad_numbers_and_zone(app, booth_event):
    _, errors = import_csv(
        app,
        booth_event,
        HEADER
        + "B-01,A,28,10,3,3,,,,,\n"
        + "B-02,Z,1,1,3,3,,,,,\n"
        + "B-03,A,ten,1,3,3,,,,,\n"
        + "B-04,A,1,15,3,3,shopping,,,,\n"
        + "B-05,A,1,15,3,3,,maybe,,,\n"
        + "B 06,A,1,15,3,3,,,,,\n"
        + "B-07,A,1,15,3,3\n",
    )
    assert errors == [
        "Line 2: booth B-01 (28–31 m × 10–13 m) lies outside hall A (30 × 20 m)",
        "Line 3: there is no hall “Z” (halls: A)",
        "Line 4: x: Give a number of metres, such as 3 or 4.5.",
        "Line 5: zone: The zone must be one of: general, mobility, people, economy, "
        "environment, governance, living, energy.",
        "Line 6: power: Write yes or no, not “maybe”.",
        "Line 7: code: Use 1 to 16 letters, digits and hyphens, such as A-12.",
        "Line 8: expected 11 values, found 6",
    ]
    assert booth_codes(app) == ["A-01", "A-02", "A-03", "A-04"]


def test_import_page_lists_every_problem_with_400(client, app, booth_event, login):
    login("organiser")
    data = {
        "file": (io.BytesIO((HEADER + "B-01,A,2,2,3,3,,,,,\n").encode()), "layout.csv"),
    }
    response = client.post(
        f"/manage/{booth_event}/booths/import", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The file was not imported: it has 1 problem." in page
    assert "Line 2: booth B-01 overlaps booth A-01, which is already on the plan" in page


def test_booth_form_refuses_overlap_and_keeps_the_values(client, app, booth_event, login):
    login("organiser")
    with app.app_context():
        hall_id = layout.hall_by_code(get_event(booth_event), "A").id
    form = {
        "code": "A-09",
        "hall": str(hall_id),
        "x": "3",
        "y": "3",
        "width": "3",
        "depth": "3",
        "zone": "general",
        "availability": "available",
        "has_power": "y",
    }
    response = client.post(f"/manage/{booth_event}/booths/new", data=form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Booth A-09 overlaps booth A-01, which is already on the plan" in page
    assert 'value="A-09"' in page
    form["x"], form["y"] = "3", "12,5"
    response = client.post(f"/manage/{booth_event}/booths/new", data=form)
    assert response.status_code == 303
    with app.app_context():
        booth = db.session.scalar(select(Booth).where(Booth.code == "A-09"))
        assert (booth.x, booth.y) == (3, 12.5)


def test_hall_cannot_shrink_under_its_booths_nor_be_deleted_with_booths(app, booth_event):
    with app.app_context():
        event = get_event(booth_event)
        hall = layout.hall_by_code(event, "A")
        with pytest.raises(layout.LayoutError) as caught:
            layout.update_hall(hall, code="A", name_en="Hall A", width=10, depth=20)
        assert "Booth A-03 would lie outside the hall" in str(caught.value.message)
        with pytest.raises(layout.Conflict):
            layout.delete_hall(hall)
        assert db.session.scalar(select(func.count()).select_from(Booth)) == 4
