"""Registers: exact header rows, CSV and XLSX parse back, ledgers by HJ 1259 section, streaming in chunks."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from hazchem.domain.errors import NotFound
from hazchem.domain.lifecycle import ManifestStatus
from hazchem.render import sheets
from hazchem.services.oversight import registers
from hazchem.services.oversight.search import ManifestFilters
from tests.services.conftest import make_stored
from tests.services.test_audit_search import add_manifest

TODAY = date(2026, 6, 30)


def parse_csv(chunks) -> list[list[str]]:
    data = b"".join(chunks)
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_manifest_register_header_is_exact():
    assert registers.MANIFEST_REGISTER_COLUMNS == (
        "联单编号",
        "联单状态",
        "创建时间",
        "计划转移日期",
        "起运时间",
        "运抵时间",
        "接收确认时间",
        "利用/处置时间",
        "移出人",
        "承运人",
        "接受人",
        "废物代码",
        "废物类别",
        "申报量(kg)",
        "实收量(kg)",
        "接受量(kg)",
        "利用/处置方式",
        "数量异常",
        "逾期未确认接收",
        "移出人所在园区",
        "接受人所在园区",
    )
    assert registers.GENERATION_COLUMNS[:6] == (
        "产生批次编码",
        "产生时间",
        "危险废物名称",
        "危险废物类别",
        "危险废物代码",
        "产生量",
    )
    assert list(registers.LEDGER_SECTIONS) == [
        "generation",
        "storage_in",
        "storage_out",
        "transfer_out",
        "receipt",
        "disposal",
    ]


def test_manifest_register_csv_rows(session, registry, chain):
    add_manifest(
        session,
        registry,
        chain,
        1,
        status=ManifestStatus.DELIVERED.value,
        delivered_at=datetime(2026, 6, 1, 2, tzinfo=UTC),
        declared_g=1_234_500,
        anomaly=True,
    )
    add_manifest(session, registry, chain, 2, waste_code="900-300-34")
    sheet = registers.manifest_register_sheet(
        session=session, actor=registry.users["admin"], filters=ManifestFilters(sort="number"), today=TODAY
    )
    rows = parse_csv(sheets.csv_chunks(sheet))
    assert tuple(rows[0]) == registers.MANIFEST_REGISTER_COLUMNS
    assert len(rows) == 3
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["联单编号"] == "20263306000001"
    assert first["运抵时间"] == "2026-06-01 10:00"
    assert first["申报量(kg)"] == "1234.5"
    assert first["承运人"] == registry.ent_c.name
    assert first["数量异常"] == "是" and first["逾期未确认接收"] == "是"
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["废物类别"] == "HW34" and second["逾期未确认接收"] == "否"


def test_register_is_scoped(session, registry, chain):
    from dataclasses import replace

    add_manifest(session, registry, chain, 1)
    outsider = replace(registry.users["officer_a"], enterprise_ids=frozenset({999_999}))
    sheet = registers.manifest_register_sheet(session=session, actor=outsider, filters=ManifestFilters())
    assert parse_csv(sheets.csv_chunks(sheet))[1:] == []


def test_xlsx_parses_back(session, registry, chain):
    add_manifest(session, registry, chain, 1, declared_g=2_000_000)
    sheet = registers.manifest_register_sheet(
        session=session, actor=registry.users["admin"], filters=ManifestFilters(), today=TODAY
    )
    data = b"".join(sheets.xlsx_chunks([sheet]))
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == registers.MANIFEST_REGISTER_COLUMNS
    assert rows[1][0] == "20263306000001" and rows[1][13] == 2000


def test_streamed_export_yields_several_chunks(session, registry, chain):
    for n in range(1, 2501):
        add_manifest(session, registry, chain, n, carrier_id=None) if n % 500 else add_manifest(
            session, registry, chain, n
        )
    sheet = registers.manifest_register_sheet(
        session=session, actor=registry.users["admin"], filters=ManifestFilters(), today=TODAY, chunk=500
    )
    chunks = sheets.csv_chunks(sheet, chunk_rows=500)
    first = next(chunks)
    # The first chunk holds one chunk of rows, not the whole export.
    assert first.count(b"\r\n") == 501
    rest = list(chunks)
    assert len(rest) >= 4
    assert sum(c.count(b"\r\n") for c in [first, *rest]) == 2501


def test_enterprise_ledger_sections(session, registry, chain):
    containers = make_stored(session, chain, count=2)
    tables = registers.ledger_sheets(
        session=session, actor=registry.users["officer_a"], enterprise_id=registry.ent_a.id
    )
    data = b"".join(sheets.xlsx_chunks(tables))
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames == ["产生", "入库", "出库", "转移", "接收", "利用处置"]
    generation = list(book["产生"].iter_rows(values_only=True))
    assert generation[0] == registers.GENERATION_COLUMNS
    assert {r[0] for r in generation[1:]} == {c.digital_id for c in containers}
    assert generation[1][3] == "HW08" and generation[1][5] == 180.5
    stored = list(book["入库"].iter_rows(values_only=True))
    assert stored[0] == registers.STORAGE_IN_COLUMNS and len(stored) == 3
    assert stored[1][9] == chain.store_a.name
    csv_rows = parse_csv(sheets.csv_chunks(tables[0]))
    assert tuple(csv_rows[0]) == registers.GENERATION_COLUMNS and len(csv_rows) == 3


def test_ledger_of_another_enterprise_is_hidden(session, registry, chain):
    with pytest.raises(NotFound):
        registers.ledger_sheets(
            session=session, actor=registry.users["officer_b"], enterprise_id=registry.ent_a.id
        )
    assert registers.ledger_sheets(
        session=session, actor=registry.users["regulator_eco"], enterprise_id=registry.ent_a.id
    )
