"""GB 18218-2018: the six tables shipped in catalogues/, and the critical quantities they give entries."""

from __future__ import annotations

import functools
from pathlib import Path

from sqlmodel import Session, select

from hazchem.domain import gb18218 as std
from hazchem.domain.errors import InvalidInput
from hazchem.models import Chemical
from hazchem.services.lists import messages as msg
from hazchem.services.lists.importers import (
    CATALOGUE_DIR,
    ImportReport,
    RowIssue,
    _finish,
    _record_edition,
    issue_said,
    read_table,
)
from hazchem.services.platform.access import Actor
from hazchem.services.platform.uow import use_case

LIST_NAME = "gb18218"
EDITION = "2018"
# What the loader writes as a Q's source; a Q with any other source was entered by the park and is kept.
SOURCE_PREFIX = "GB 18218-2018 "


def table_path(number: int, directory: Path = CATALOGUE_DIR) -> Path:
    """The shipped CSV of one table of the standard."""
    return directory / f"gb18218-2018-table{number}.csv"


def read_tables(directory: Path = CATALOGUE_DIR) -> tuple[std.Tables, list[RowIssue], dict[str, str]]:
    """Parse the six tables; every defect is returned as an issue naming its table and row."""
    issues: list[RowIssue] = []
    parsed = []
    meta: dict[str, str] = {}
    readers = (
        std.parse_named,
        std.parse_categories,
        lambda rows: std.parse_betas(rows, "名称"),
        lambda rows: std.parse_betas(rows, "符号"),
        std.parse_alpha,
        std.parse_grades,
    )
    for number, reader in enumerate(readers, start=1):
        path = table_path(number, directory)
        if not path.exists():
            raise InvalidInput(
                msg.TABLE_MISSING, details=[{"file": path.name}], number=number, file=path.name
            )
        table = read_table(path)
        meta = meta or table.meta
        rows, found = reader(table.rows)
        parsed.append(rows)
        issues += [
            RowIssue(i.row, msg.TABLE_ROW(file=path.name, issue=issue_said(i)), i.value) for i in found
        ]
    # The tables' own titles name the table; the edition is the standard's.
    meta = {**meta, "title": meta.get("title", "").split(" 表")[0]}
    named, categories, gases, by_category, alpha, grades = parsed
    tables = std.Tables(tuple(named), tuple(categories), gases, by_category, tuple(alpha), tuple(grades))
    return tables, issues, meta


@functools.cache
def standard_tables() -> std.Tables:
    """The shipped tables, read once per process (they change only with a new release of hazchem)."""
    return read_tables()[0]


def _wanted(chem: Chemical, tables: std.Tables, row: std.NamedSubstance | None) -> tuple[int, str] | None:
    if row is not None:
        return row.critical_kg, f"{SOURCE_PREFIX}表1 序号{row.serial}"
    category = std.category_quantity_for(std.category_codes(chem.ghs_categories or ""), tables.categories)
    if category is not None:
        return category.critical_kg, f"{SOURCE_PREFIX}表2 {category.code}"
    return None


@use_case("catalogue.import")
def load_gb18218(
    *, session: Session, actor: Actor | None = None, directory: Path = CATALOGUE_DIR
) -> ImportReport:
    """Give catalogue entries their Q from Tables 1 and 2; a Q the park entered is kept (idempotent).

    The report lists the tables' defects and every Table 1 row that matches no catalogue entry;
    `changed_ids` names the entries whose Q changed, so stock ratios can be recomputed.
    """
    tables, issues, meta = read_tables(directory)
    report = ImportReport(list_name=LIST_NAME, edition=EDITION, rejected=issues)
    changed = _record_edition(session, LIST_NAME, EDITION, meta)
    chemicals = list(session.exec(select(Chemical)))
    matched = std.match_catalogue(((c.id, c.name, c.cas_numbers or ()) for c in chemicals), tables.named)
    for chem in chemicals:
        wanted = _wanted(chem, tables, matched.get(chem.id))
        own = chem.critical_quantity_kg is not None and not chem.critical_quantity_source.startswith(
            SOURCE_PREFIX
        )
        if wanted is None or own or (chem.critical_quantity_kg, chem.critical_quantity_source) == wanted:
            continue
        chem.critical_quantity_kg, chem.critical_quantity_source = wanted
        session.add(chem)
        report.updated += 1
        report.changed_ids.append(chem.id)
    report.unchanged = len(matched) - report.updated
    used = {row.serial for row in matched.values()}
    for row in tables.named:
        if row.serial not in used:
            report.doubts.append(RowIssue(row.row, msg.SERIAL_UNMATCHED(serial=row.serial), row.name))
    _finish(session, actor, report, f"{LIST_NAME}:{EDITION}", changed or bool(report.updated))
    return report
