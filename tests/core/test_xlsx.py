"""Excel exports: Thai text as text, times as dates in the event's zone, never a formula."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from showcase.core.xlsx import Sheet, workbook_bytes


def test_workbook_keeps_thai_text_dates_and_refuses_formulas():
    data = workbook_bytes(
        [
            Sheet(
                "Registrations: all",
                ["Name", "Registered (ICT, UTC+7)", "Day", "Seats"],
                [
                    ["สมศรี ใจดี", datetime(2027, 2, 1, 23, 30, tzinfo=UTC), date(2027, 2, 2), 3],
                    ['=HYPERLINK("http://evil")', None, None, 0],
                ],
            )
        ],
        zone=ZoneInfo("Asia/Bangkok"),
    )
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Registrations  all"]
    sheet = book.active
    assert [c.value for c in sheet[1]] == ["Name", "Registered (ICT, UTC+7)", "Day", "Seats"]
    assert sheet["A2"].value == "สมศรี ใจดี"
    assert sheet["B2"].value == datetime(2027, 2, 2, 6, 30)
    assert sheet["B2"].is_date
    assert sheet["C2"].value == datetime(2027, 2, 2, 0, 0)
    assert sheet["D2"].value == 3
    assert sheet["A3"].data_type == "s"
    assert sheet["A3"].value == '=HYPERLINK("http://evil")'
    assert sheet.freeze_panes == "A2"
