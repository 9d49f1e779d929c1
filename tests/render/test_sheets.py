"""Exports never hand a spreadsheet a formula: every CSV and XLSX goes through render/sheets."""

import csv
import io
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from hazchem.render import sheets

EVIL = '=HYPERLINK("http://evil.example","x")'
PACKAGE = Path(__file__).resolve().parents[2] / "hazchem"


def _sheet(*rows):
    return sheets.Sheet(title="t", columns=["a", "b"], rows=list(rows))


def _csv(sheet):
    text = b"".join(sheets.csv_chunks(sheet)).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx(sheet):
    book = load_workbook(io.BytesIO(b"".join(sheets.xlsx_chunks([sheet]))))
    return [[c.value for c in row] for row in book.active.iter_rows()]


def test_formula_leads_are_quoted_in_csv_and_xlsx():
    leads = [EVIL, "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"]
    sheet_rows = [(v, "ok") for v in leads]
    for read in (_csv, _xlsx):
        body = read(_sheet(*sheet_rows))[1:]
        # XML stores a lone carriage return as a line feed.
        firsts = [r[0].replace("\n", "\r") for r in body]
        assert firsts == ["'" + v for v in leads], read.__name__
        assert all(r[1] == "ok" for r in body)


def test_numbers_and_plain_text_are_unchanged():
    rows = [(Decimal("-12.50"), -3), ("-4.5", "废矿物油"), ("1e3", "a=b")]
    assert _csv(_sheet(*rows))[1:] == [["-12.50", "-3"], ["-4.5", "废矿物油"], ["1e3", "a=b"]]
    xlsx = _xlsx(_sheet(*rows))[1:]
    assert xlsx[0] == [-12.5, -3] and xlsx[1] == ["-4.5", "废矿物油"] and xlsx[2] == ["1e3", "a=b"]


def test_headers_are_neutralised_too():
    sheet = sheets.Sheet(title="t", columns=[EVIL], rows=[])
    assert _csv(sheet)[0] == ["'" + EVIL]
    assert _xlsx(sheet)[0] == ["'" + EVIL]


def test_no_other_module_writes_csv_or_xlsx():
    writers = [
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*.py")
        if ("csv.writer" in (t := p.read_text(encoding="utf-8")) or "Workbook(" in t)
    ]
    assert writers == ["render/sheets.py"]
