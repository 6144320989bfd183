"""One export, two files: the rows of a list written once, as CSV for programs and people, and
as an Excel workbook for people.

A ``Table`` holds its columns and rows of plain values; a moment stays a ``datetime`` until a
file is written. CSV gives each moment two cells (the event's local time with the zone named,
and UTC for programs: ``approved_at`` and ``approved_at_utc``); the workbook gives one real Excel
date in the event's zone, with the zone in the column's heading.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from flask import Response

from showcase.core.csvio import csv_response, time_cells
from showcase.core.time import zone
from showcase.core.xlsx import Sheet, xlsx_response


@dataclass(frozen=True)
class Column:
    name: str
    moment: bool = False  # a datetime: two CSV cells, one Excel date


@dataclass
class Table:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    timezone: str

    def csv_header(self) -> list[str]:
        header = []
        for column in self.columns:
            header += [column.name, f"{column.name}_utc"] if column.moment else [column.name]
        return header

    def csv_rows(self) -> Iterator[list[Any]]:
        tz = zone(self.timezone)
        for row in self.rows:
            cells: list[Any] = []
            for column, value in zip(self.columns, row, strict=True):
                if column.moment:
                    cells += time_cells(value, tz)
                else:
                    cells.append(value)
            yield cells

    def sheet(self) -> Sheet:
        header = [
            f"{column.name} ({self.timezone})" if column.moment else column.name
            for column in self.columns
        ]
        return Sheet(self.title, header, self.rows)


def columns(*names: str, moments: Iterable[str] = ()) -> list[Column]:
    """Columns by name; those in ``moments`` hold datetimes."""
    moments = set(moments)
    return [Column(name, name in moments) for name in names]


def csv_file(filename: str, table: Table) -> Response:
    return csv_response(filename, table.csv_header(), table.csv_rows())


def xlsx_file(filename: str, table: Table) -> Response:
    return xlsx_response(filename, [table.sheet()], zone(table.timezone))
