"""Excel workbooks for organisers (``.xlsx`` with openpyxl), beside the CSV exports.

Dates and times are real Excel dates shown in the event's timezone, with the zone named in the
column's heading (Excel keeps no zone); text stays text (a cell is never a formula: openpyxl
writes a string starting with "=" as a formula, so such strings are stored as typed strings),
Thai included; the header row is bold and frozen, and columns are sized to their content.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response

from showcase.core.audit import record_export

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]


def _cell(value: Any, zone: ZoneInfo | None) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(zone) if zone else value
            value = value.replace(tzinfo=None)
        return value
    if isinstance(value, date | int | float) or value is None:
        return value
    return str(value)


def _title(text: str) -> str:
    # Excel refuses these characters in sheet names, and names longer than 31.
    for character in "[]:*?/\\":
        text = text.replace(character, " ")
    return text[:31] or "Sheet"


def workbook_bytes(sheets: Sequence[Sheet], zone: ZoneInfo | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(_title(str(sheet.title)))
        ws.append([str(heading) for heading in sheet.header])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        widths = [len(str(heading)) for heading in sheet.header]
        for row in sheet.rows:
            values = [_cell(value, zone) for value in row]
            ws.append(values)
            for index, value in enumerate(values):
                cell = ws.cell(row=ws.max_row, column=index + 1)
                if isinstance(value, str):
                    cell.data_type = TYPE_STRING  # never a formula
                elif isinstance(value, datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
                if index < len(widths):
                    widths[index] = max(widths[index], min(60, len(str(value or ""))))
        for index, width in enumerate(widths):
            ws.column_dimensions[ws.cell(row=1, column=index + 1).column_letter].width = width + 2
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets: Sequence[Sheet], zone: ZoneInfo | None = None) -> Response:
    response = Response(workbook_bytes(sheets, zone), mimetype=XLSX_TYPE)
    record_export(filename)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
