"""Tables as CSV or XLSX bytes, streamed in chunks so a large export is never held whole in memory."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

CHUNK_ROWS = 1000
FILE_CHUNK_BYTES = 64 * 1024
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet reads a cell starting with one of these as a formula (or DDE command).
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


@dataclass(frozen=True)
class Sheet:
    """A named table to export: its header row and a lazy iterable of data rows."""

    title: str
    columns: Sequence[str]
    rows: Iterable[Sequence[Any]]


def safe_cell(value: Any) -> Any:
    """A cell value that no spreadsheet runs as a formula: text starting like one gets a leading quote.

    Numbers (and text that is just a number, such as a negative quantity) are left as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_LEADS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _text(value: Any) -> str:
    # Plain text first, inline: a 100,000-row register is two million cells.
    if value.__class__ is str:
        return "'" + value if value.startswith(FORMULA_LEADS) and not _NUMBER.fullmatch(value) else value
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(safe_cell(value))


def csv_chunks(sheet: Sheet, *, chunk_rows: int = CHUNK_ROWS) -> Iterator[bytes]:
    """The sheet as UTF-8 CSV with a BOM (so Excel reads Chinese), one bytes chunk per `chunk_rows` rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([_text(c) for c in sheet.columns])
    pending = 0
    text, write = _text, writer.writerow
    for row in sheet.rows:
        write([text(v) for v in row])
        pending += 1
        if pending >= chunk_rows:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    tail = buffer.getvalue()
    if tail:
        yield tail.encode("utf-8")


def xlsx_chunks(sheets: Sequence[Sheet], *, chunk_bytes: int = FILE_CHUNK_BYTES) -> Iterator[bytes]:
    """The sheets as one XLSX workbook, built in openpyxl's write-only mode through a temporary file."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        ws = workbook.create_sheet(title=sheet.title[:31])
        ws.append([safe_cell(c) for c in sheet.columns])
        for row in sheet.rows:
            ws.append([safe_cell(v) for v in row])
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        while True:
            data = handle.read(chunk_bytes)
            if not data:
                break
            yield data
