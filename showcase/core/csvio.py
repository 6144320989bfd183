"""CSV in and out, for organisers who live in Excel.

Reading: UTF-8 with or without a byte-order mark, a header row whose columns are checked against
what the importer expects, and every problem reported by line number before anything is saved.

Writing: UTF-8 with a byte-order mark (so Excel reads Thai correctly), CRLF line ends, and any cell
that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or CR)
prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _nl

from showcase.core.audit import record_export
from showcase.core.errors import DomainError
from showcase.core.time import zone_label

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_IMPORT_ROWS = 5000


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return str(_l("Line %(line)d: %(message)s", line=self.line, message=self.message))


class CsvImportError(DomainError):
    """The file was refused; ``errors`` lists every bad row, nothing was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(
            _nl(
                "The file was not imported: it has %(num)d problem.",
                "The file was not imported: it has %(num)d problems.",
                len(errors),
            )
        )
        self.errors = errors


@dataclass
class CsvRows:
    """The rows that could be read, and the lines that could not (for the importer to report
    together with its own findings)."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def raise_if(self, errors: list[RowError]) -> None:
        """Raise with every problem of the file, in line order, if there is any."""
        everything = sorted([*self.errors, *errors], key=lambda error: error.line)
        if everything:
            raise CsvImportError(everything)


def read_csv(data: bytes, required: Sequence[str], optional: Sequence[str] = ()) -> CsvRows:
    """Parse ``data`` into ``(line number, row)`` pairs.

    Problems with the whole file (encoding, header) raise ``CsvImportError`` at once; lines with
    the wrong number of values are collected in ``errors`` so that the importer reports them
    with its own checks of the other rows.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CsvImportError(
            [
                RowError(
                    1, str(_l("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."))
                )
            ]
        ) from error
    if not text.strip():
        raise CsvImportError([RowError(1, str(_l("The file is empty.")))])
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = [column.strip().lower() for column in next(reader)]
    except (StopIteration, csv.Error) as error:
        raise CsvImportError([RowError(1, str(_l("The header row cannot be read.")))]) from error
    missing = [column for column in required if column not in header]
    unknown = [column for column in header if column not in required and column not in optional]
    duplicates = sorted({column for column in header if header.count(column) > 1})
    problems = []
    if missing:
        problems.append(str(_l("missing columns: %(columns)s", columns=", ".join(missing))))
    if unknown:
        problems.append(str(_l("unknown columns: %(columns)s", columns=", ".join(unknown))))
    if duplicates:
        problems.append(str(_l("repeated columns: %(columns)s", columns=", ".join(duplicates))))
    if problems:
        expected = ", ".join([*required, *optional])
        problems.append(str(_l("the expected columns are: %(columns)s", columns=expected)))
        raise CsvImportError([RowError(1, "; ".join(problems))])
    result = CsvRows(header=header)
    errors = result.errors
    try:
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(header):
                errors.append(
                    RowError(
                        line,
                        str(
                            _l(
                                "expected %(expected)d values, found %(found)d",
                                expected=len(header),
                                found=len(values),
                            )
                        ),
                    )
                )
                continue
            result.rows.append(
                (line, {key: value.strip() for key, value in zip(header, values, strict=True)})
            )
            if len(result.rows) > MAX_IMPORT_ROWS:
                raise CsvImportError(
                    [RowError(line, str(_l("more than %(count)d rows", count=MAX_IMPORT_ROWS)))]
                )
    except csv.Error as error:
        errors.append(RowError(reader.line_num, str(_l("the line cannot be read as CSV"))))
        raise CsvImportError(errors) from error
    return result


def neutralise(value: Any) -> str:
    """A cell value that a spreadsheet shows as text, never runs."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def time_cells(value: datetime | None, tz: tzinfo | str) -> tuple[str, str]:
    """A moment as two cells: for people, in the event's zone with the zone named
    ("2027-01-20 09:30 ICT (UTC+7)"), and for programs, in UTC ("2027-01-20T02:30:00Z")."""
    if value is None:
        return "", ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    local = value.astimezone(ZoneInfo(tz) if isinstance(tz, str) else tz)
    return (
        f"{local:%Y-%m-%d %H:%M} {zone_label(local)}",
        value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


def iter_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect=csv.excel)
    buffer.write("\ufeff")
    writer.writerow([neutralise(value) for value in header])
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


class _Counted:
    """The rows, counted as they are written (for the export's audit entry)."""

    def __init__(self, rows: Iterable[Sequence[Any]]) -> None:
        self.rows, self.count = rows, 0

    def __iter__(self) -> Iterator[Sequence[Any]]:
        for row in self.rows:
            self.count += 1
            yield row


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Response:
    counted = _Counted(rows)
    body = "".join(iter_csv(header, counted)).encode("utf-8")
    record_export(filename, counted.count)
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
