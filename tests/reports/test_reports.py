"""Reports with pictures: the dashboard's and the reports page's charts, each with its numbers as
a table, in English and Thai; the numbers are the database's; the same numbers as a workbook;
and the exports as Excel files with real dates in the event's zone."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from bs4 import BeautifulSoup
from defusedxml.ElementTree import fromstring
from openpyxl import load_workbook
from sqlalchemy import func, select

from showcase.extensions import db
from showcase.registration.models import ACTIVE_STATES, Registration, RegistrationState
from showcase.reports.regions import Region, region_of

SVG = "{http://www.w3.org/2000/svg}"


def signed_in(app):
    client = app.test_client()
    response = client.post(
        "/manage/login", data={"email": "admin@showcase.example", "password": "showcase-demo"}
    )
    assert response.status_code == 303
    return client


def figures(html: str) -> dict[str, BeautifulSoup]:
    page = BeautifulSoup(html, "html.parser")
    return {
        figure.figcaption.get_text(strip=True): figure for figure in page.select("figure.chart")
    }


def table_of(figure) -> dict[str, list[str]]:
    rows = [
        (row.th.get_text(strip=True), [cell.get_text(strip=True) for cell in row.find_all("td")])
        for row in figure.select("tbody tr")
    ]
    table = dict(rows)
    assert len(table) == len(rows), "two rows of the table have one name"
    return table


@pytest.mark.parametrize(
    ("lang", "over_time", "capacity"),
    [
        ("en", "Registrations over time", "Confirmed and places per category"),
        ("th", "การลงทะเบียนตามช่วงเวลา", "ผู้ได้รับการยืนยันและจำนวนที่นั่งตามประเภท"),
    ],
)
def test_the_dashboard_shows_two_charts_with_their_numbers(demo, lang, over_time, capacity):
    app, _output = demo
    client = signed_in(app)
    acronym = _acronym(app)
    html = client.get(f"/manage/{acronym}/", headers={"Accept-Language": lang}).get_data(
        as_text=True
    )
    shown = figures(html)
    assert {over_time, capacity} <= set(shown)
    for title in (over_time, capacity):
        svg = fromstring(str(shown[title].find("svg")))
        assert svg.get("role") == "img" and svg.find(f"{SVG}title").text == title
        assert shown[title].find("table") is not None
    # The capacity chart's table holds the confirmed people of each category, as counted here.
    with app.app_context():
        confirmed = db.session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(Registration.state == RegistrationState.CONFIRMED)
        )
    numbers = table_of(shown[capacity])
    assert sum(int(values[0]) for values in numbers.values()) == confirmed


def test_the_reports_page_charts_every_subject_and_its_workbook_has_the_same_numbers(demo):
    app, _output = demo
    client = signed_in(app)
    acronym = _acronym(app)
    html = client.get(f"/manage/{acronym}/reports/").get_data(as_text=True)
    shown = figures(html)
    assert list(shown) == [
        "Registrations over time",
        "Confirmed and places per category",
        "Where delegates come from",
        "Registrations by country",
        "Registrations from Thai cities by region",
        "Check-ins per hour",
        "Booths per hall and zone",
        "Sessions per track and language",
        "Outbox over the last day",
    ]
    with app.app_context():
        counted = db.session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(Registration.state.in_(ACTIVE_STATES), Registration.erased_at.is_(None))
        )
    by_kind = table_of(shown["Where delegates come from"])
    assert sum(int(values[0]) for values in by_kind.values()) == counted
    regions = table_of(shown["Registrations from Thai cities by region"])
    assert int(by_kind["Thai member cities"][0]) == sum(int(v[0]) for v in regions.values())
    # Cumulative: the last day of the line chart holds everyone counted.
    over_time = list(table_of(shown["Registrations over time"]).values())
    assert sum(int(value) for value in over_time[-1]) == counted
    assert len(over_time) > 7  # the demo's registrations came over two weeks

    workbook = client.get(f"/manage/{acronym}/reports/reports.xlsx")
    assert workbook.status_code == 200
    book = load_workbook(io.BytesIO(workbook.data))
    assert book.sheetnames[0] == "Registrations over time"
    sheet = book["Where delegates come from"]
    rows = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert sheet.cell(row=1, column=2).value == "Registrations"
    assert rows["Thai member cities"] == int(by_kind["Thai member cities"][0])
    assert isinstance(rows["Thai member cities"], int | float)


def test_reports_in_thai_name_the_regions_in_thai(demo):
    app, _output = demo
    client = signed_in(app)
    html = client.get(
        f"/manage/{_acronym(app)}/reports/", headers={"Accept-Language": "th"}
    ).get_data(as_text=True)
    assert "ภาคตะวันออกเฉียงเหนือ (อีสาน)" in html and "ภาคใต้" in html


def test_every_thai_province_has_one_region_and_spellings_agree():
    from showcase.reports.regions import PROVINCES

    assert sum(len(names) for names in PROVINCES.values()) == 77
    assert region_of("Chon Buri") is region_of("Chonburi") is Region.EAST
    assert region_of("Bangkok Metropolis") is Region.CENTRAL
    assert region_of("Ayutthaya") is Region.CENTRAL
    assert region_of("Khon Kaen") is Region.NORTHEAST
    assert region_of("Phang Nga") is Region.SOUTH
    assert region_of("Tokyo") is None


def test_exports_open_in_excel_with_thai_text_and_dates_in_the_event_zone(demo):
    app, _output = demo
    client = signed_in(app)
    acronym = _acronym(app)
    for path, moment_heading in (
        (f"/manage/{acronym}/booths/exhibitors.xlsx", "approved_at (Asia/Bangkok)"),
        (f"/manage/{acronym}/program/sessions.xlsx", "submitted (Asia/Bangkok)"),
        (f"/manage/{acronym}/program/speakers.xlsx", "email_confirmed (Asia/Bangkok)"),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.mimetype.endswith("spreadsheetml.sheet")
        sheet = load_workbook(io.BytesIO(response.data)).active
        header = [cell.value for cell in sheet[1]]
        assert moment_heading in header, path
        column = header.index(moment_heading)
        values = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert values and all(v is None or isinstance(v, datetime) for v in values), path
        assert any(isinstance(v, datetime) for v in values), path
        texts = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in texts), path  # Thai text survives
        # The CSV beside it has the same rows, each moment as local time and UTC.
        csv_text = client.get(path.replace(".xlsx", ".csv")).get_data(as_text=True)
        lines = csv_text.lstrip("\ufeff").splitlines()
        base = moment_heading.split(" ")[0]
        assert f"{base},{base}_utc" in lines[0]
        assert len(lines) - 1 == sheet.max_row - 1


def _acronym(app) -> str:
    from showcase.events.models import Event

    with app.app_context():
        return db.session.scalar(select(Event.acronym))
