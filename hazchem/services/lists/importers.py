"""Import the official lists (chemicals, companion lists, waste codes, method codes) from CSV or XLSX.

Each import reads the whole file first (a file that cannot be read changes nothing), then writes in
one transaction with one audit event, and is idempotent: a second run finds every row unchanged and
writes nothing at all, not even an audit event.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from hazchem.config import PROJECT_ROOT
from hazchem.domain import catalogue as cat
from hazchem.domain.errors import InvalidInput, Said, said
from hazchem.models import CatalogueEdition, Chemical, TreatmentMethod, WasteCategory, WasteCode
from hazchem.services.lists import messages as msg
from hazchem.services.platform import audit
from hazchem.services.platform.access import Actor
from hazchem.services.platform.uow import discard, use_case

CATALOGUE_DIR = PROJECT_ROOT / "catalogues"
DEFAULT_CHEMICAL_EDITION = "2015"


@dataclass
class RowIssue:
    """A row the import rejected or doubts, with the file's row number and the reason, said at each edge."""

    row: int
    said: Said
    value: str = ""

    @property
    def message(self) -> str:
        """The reason in English, for logs and the CLI."""
        return str(self.said)


@dataclass
class ImportReport:
    """What one import did: counts of entries and every rejected or doubtful row."""

    list_name: str
    edition: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RowIssue] = field(default_factory=list)
    doubts: list[RowIssue] = field(default_factory=list)
    # Ids of the entries the import changed, for what derives from them (stock ratios of a new Q).
    changed_ids: list[int] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the CLI and logs."""
        label = f"{self.list_name} {self.edition}".strip()
        return (
            f"{label}: {self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.rejected)} rejected, {len(self.doubts)} doubts"
        )

    def counts(self) -> dict[str, int]:
        """The counts recorded in the audit event."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
            "doubts": len(self.doubts),
        }


@dataclass
class Table:
    """A read table: normalised header, data rows keyed by header with their file row numbers."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    meta: dict[str, str]


# --- reading files ------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _csv_rows(path: Path) -> list[list[str]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            msg.UNREADABLE, details=[{"file": str(path)}], file=path.name, reason=exc.strerror
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise InvalidInput(
                msg.NOT_UTF8_OR_GB18030, details=[{"file": str(path)}], file=path.name
            ) from None
    if "\x00" in text:
        raise InvalidInput(msg.NOT_CSV_TEXT, details=[{"file": str(path)}], file=path.name)
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise InvalidInput(
            msg.BAD_CSV, details=[{"file": str(path)}], file=path.name, error=str(exc)
        ) from None


def _xlsx_rows(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InvalidInput(
            msg.BAD_XLSX, details=[{"file": str(path)}], file=path.name, error=str(exc)
        ) from None
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_table(path: Path) -> Table:
    """Read a CSV (UTF-8 with or without BOM, else GB18030) or XLSX table; `#` lines before data are notes.

    Note lines of the form `# key: value` become metadata (title, edition, effective, source).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raw = _xlsx_rows(path)
    elif suffix in (".csv", ".txt"):
        raw = _csv_rows(path)
    else:
        raise InvalidInput(
            msg.FILE_TYPE if suffix else msg.NO_FILE_TYPE,
            details=[{"file": str(path)}],
            file=path.name,
            suffix=suffix,
        )
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    meta: dict[str, str] = {}
    for number, cells in enumerate(raw, start=1):
        texts = [_cell_text(c) for c in cells]
        first = next((t.strip() for t in texts if t.strip()), "")
        if not first:
            continue
        if first.startswith("#"):
            note = ",".join(texts).strip().lstrip("#").strip().rstrip(",")
            key, sep, value = note.partition(":")
            if sep and key.strip():
                meta[key.strip().lower()] = value.strip()
            continue
        if header is None:
            header = [cat.header_key(t) for t in texts]
            continue
        rows.append((number, {h: texts[i] if i < len(texts) else "" for i, h in enumerate(header) if h}))
    if header is None:
        raise InvalidInput(msg.NO_HEADER, details=[{"file": str(path)}], file=path.name)
    return Table([h for h in header if h], rows, meta)


# --- shared steps -------------------------------------------------------------------------------


def issue_said(issue: cat.Issue) -> Said:
    """A parsed row's issue as a message; a reason still given as English text is said as it is."""
    reason = getattr(issue, "said", None) or issue.reason
    return reason if isinstance(reason, Said) else said(reason, {})


def _issues(issues: Iterable[cat.Issue]) -> list[RowIssue]:
    return [RowIssue(i.row, issue_said(i), i.value) for i in issues]


def _record_edition(session: Session, list_name: str, edition: str, meta: dict[str, str]) -> bool:
    """Create or update the edition row from the file's notes or the known publications; True if changed."""
    known = cat.KNOWN_EDITIONS.get((list_name, edition))
    title = meta.get("title") or (known.title if known else "")
    if not title:
        return False
    effective = cat.parse_effective_date(meta.get("effective", "")) or (
        known.effective_date if known else None
    )
    source = meta.get("source") or (known.source if known else "")
    row = session.exec(
        select(CatalogueEdition).where(
            CatalogueEdition.list_name == list_name, CatalogueEdition.edition == edition
        )
    ).first()
    if row is None:
        session.add(
            CatalogueEdition(
                list_name=list_name, edition=edition, title=title, effective_date=effective, source=source
            )
        )
        return True
    wanted = {
        "title": title,
        "effective_date": effective or row.effective_date,
        "source": source or row.source,
    }
    if all(getattr(row, k) == v for k, v in wanted.items()):
        return False
    for key, value in wanted.items():
        setattr(row, key, value)
    session.add(row)
    return True


def _finish(
    session: Session, actor: Actor | None, report: ImportReport, entity_id: str, changed: bool
) -> None:
    """Record the audit event when something changed; otherwise leave the database untouched."""
    if not changed:
        discard(session)
        return
    audit.record(
        session,
        actor=actor,
        action="catalogue.import",
        entity="catalogue",
        entity_id=entity_id,
        after=report.counts(),
    )


def _apply(obj: Any, values: dict[str, Any]) -> bool:
    """Set the values that differ; True if any did."""
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed


# --- chemicals ----------------------------------------------------------------------------------


@use_case("catalogue.import")
def import_chemicals(
    *, session: Session, actor: Actor | None, path: Path, edition: str = DEFAULT_CHEMICAL_EDITION
) -> ImportReport:
    """Import the hazardous-chemicals catalogue (序号, 品名, 别名, CAS号, 备注; optional 英文名, UN号)."""
    table = read_table(path)
    cat.require_columns(table.header, cat.CHEMICAL_COLUMNS, "chemicals catalogue")
    subset = table.meta.get("subset", "").lower() in ("yes", "true")
    parsed = cat.parse_chemicals(table.rows, check_gaps=not subset)
    report = ImportReport(
        "chemicals", edition, rejected=_issues(parsed.rejected), doubts=_issues(parsed.doubts)
    )
    existing = {
        (c.serial, cat.normalize(c.name)): c
        for c in session.exec(select(Chemical).where(Chemical.edition == edition))
    }
    for record in parsed.records:
        chem = existing.get((record.serial, cat.normalize(record.name)))
        values: dict[str, Any] = {
            "name": record.name,
            "aliases": record.aliases,
            "cas_numbers": record.cas_numbers,
            "remarks": record.remarks,
            "highly_toxic": record.highly_toxic,
        }
        # Columns the file lacks keep what the database has (e.g. curated English names).
        if record.name_en is not None:
            values["name_en"] = record.name_en
        if record.un_number is not None or "UN号" in table.header:
            values["un_number"] = record.un_number
        name_en = values.get("name_en", chem.name_en if chem else "")
        values["search_text"] = cat.chemical_search_text(
            record.name, record.aliases, name_en, record.cas_numbers, record.serial
        )
        if chem is None:
            chem = Chemical(edition=edition, serial=record.serial, **values)
            session.add(chem)
            existing[(record.serial, cat.normalize(record.name))] = chem
            report.created += 1
        elif _apply(chem, values):
            session.add(chem)
            report.updated += 1
        else:
            report.unchanged += 1
    edition_changed = _record_edition(session, "chemicals", edition, table.meta)
    _finish(
        session,
        actor,
        report,
        f"chemicals:{edition}",
        bool(report.created or report.updated or edition_changed),
    )
    return report


# --- companion lists ----------------------------------------------------------------------------


def _index(chemicals: Iterable[Chemical]) -> tuple[dict[str, list[Chemical]], ...]:
    by_cas: dict[str, list[Chemical]] = {}
    by_name: dict[str, list[Chemical]] = {}
    by_alias: dict[str, list[Chemical]] = {}
    for chem in chemicals:
        for cas in chem.cas_numbers:
            by_cas.setdefault(cas, []).append(chem)
        by_name.setdefault(cat.normalize(chem.name), []).append(chem)
        for alias in chem.aliases:
            by_alias.setdefault(cat.normalize(alias), []).append(chem)
    return by_cas, by_name, by_alias


def _match_names(names: Iterable[str], by_name: dict, by_alias: dict) -> list[Chemical]:
    names = list(names)
    for index in (by_name, by_alias):
        found = [c for n in names for c in index.get(n, [])]
        if found:
            return found
    return []


def _by_cas(
    record: cat.CompanionRecord, by_cas: dict[str, list[Chemical]], report: ImportReport
) -> list[Chemical]:
    """Entries sharing the row's CAS; of variants sharing one CAS, those the row names (or qualifies)."""
    found = list({c.id: c for cas in record.cas_numbers for c in by_cas.get(cas, [])}.values())
    if len(found) < 2:
        return found
    key = cat.entry_key(record.name)
    named = [c for c in found if cat.entry_key(c.name) == key] or [
        c for c in found if cat.entry_key(c.name).startswith(key + "[")
    ]
    if named:
        return named
    report.doubts.append(
        RowIssue(
            record.row,
            msg.CAS_MATCHES_SEVERAL(count=len(found)),
            record.name,
        )
    )
    return found


@use_case("catalogue.import")
def import_companion(
    *,
    session: Session,
    actor: Actor | None,
    path: Path,
    kind: str,
    edition: str = DEFAULT_CHEMICAL_EDITION,
) -> ImportReport:
    """Flag catalogue entries from a companion list (易制爆, 易制毒, 重点监管) by CAS, else by name/alias."""
    if kind not in cat.COMPANION_KINDS:
        raise InvalidInput(
            msg.COMPANION_KIND,
            details=[{"field": "kind", "value": kind}],
            kind=repr(kind),
            kinds=", ".join(cat.COMPANION_KINDS),
        )
    table = read_table(path)
    cat.require_columns(table.header, cat.COMPANION_COLUMNS[kind], f"{kind} companion list")
    parsed = cat.parse_companion(kind, table.rows)
    list_name = cat.COMPANION_LIST_NAMES[kind]
    report = ImportReport(
        list_name, edition, rejected=_issues(parsed.rejected), doubts=_issues(parsed.doubts)
    )
    chemicals = list(session.exec(select(Chemical).where(Chemical.edition == edition)))
    if not chemicals:
        raise InvalidInput(
            msg.CHEMICALS_NOT_LOADED,
            details=[{"field": "edition", "value": edition}],
            edition=edition,
        )
    by_cas, by_name, by_alias = _index(chemicals)
    for record in parsed.records:
        matches = _by_cas(record, by_cas, report)
        if not matches:
            matches = _match_names(record.names, by_name, by_alias)
        if not matches:
            matches = _match_names(cat.listed_parts(record.name), by_name, by_alias)
        if not matches:
            unmatched = (
                msg.NO_MATCH(edition=edition, cas="、".join(record.cas_numbers))
                if record.cas_numbers
                else msg.NO_MATCH_NO_CAS(edition=edition)
            )
            report.doubts.append(RowIssue(record.row, unmatched, record.name))
            continue
        changed = False
        for chem in {c.id: c for c in matches}.values():
            if kind == "explosive":
                values: dict[str, Any] = {"explosive_precursor": True}
            elif kind == "drug":
                values = {"drug_precursor_class": record.drug_class}
            else:
                values = {"key_supervised": True}
            if _apply(chem, values):
                session.add(chem)
                changed = True
        if changed:
            report.updated += 1
        else:
            report.unchanged += 1
    report.doubts.sort(key=lambda i: i.row)
    list_edition = table.meta.get("edition") or ("2017" if kind == "explosive" else "")
    edition_changed = bool(list_edition) and _record_edition(session, list_name, list_edition, table.meta)
    _finish(session, actor, report, f"{list_name}:{edition}", bool(report.updated or edition_changed))
    return report


# --- waste codes --------------------------------------------------------------------------------


@use_case("catalogue.import")
def import_waste_codes(*, session: Session, actor: Actor | None, path: Path, edition: str) -> ImportReport:
    """Import one edition of the National Hazardous Waste List (columns 废物类别 … 危险特性)."""
    edition = (edition or "").strip()
    if not edition:
        raise InvalidInput(msg.WASTE_EDITION_REQUIRED, details=[{"field": "edition"}])
    table = read_table(path)
    cat.require_columns(table.header, cat.WASTE_COLUMNS, "waste list")
    parsed = cat.parse_waste_codes(table.rows)
    report = ImportReport(
        "waste_list", edition, rejected=_issues(parsed.rejected), doubts=_issues(parsed.doubts)
    )
    categories = {
        c.number: c for c in session.exec(select(WasteCategory).where(WasteCategory.edition == edition))
    }
    categories_changed = 0
    for record in parsed.categories:
        row = categories.get(record.number)
        if row is None:
            session.add(WasteCategory(edition=edition, number=record.number, name=record.name))
            categories_changed += 1
        elif _apply(row, {"name": record.name}):
            session.add(row)
            categories_changed += 1
    codes = {c.code: c for c in session.exec(select(WasteCode).where(WasteCode.edition == edition))}
    for record in parsed.records:
        values = {
            "category": record.category,
            "industry": record.industry,
            "description": record.description,
            "characteristics": record.characteristics,
        }
        row = codes.get(record.code)
        if row is None:
            session.add(WasteCode(edition=edition, code=record.code, **values))
            report.created += 1
        elif _apply(row, values):
            session.add(row)
            report.updated += 1
        else:
            report.unchanged += 1
    edition_changed = _record_edition(session, "waste_list", edition, table.meta)
    changed = bool(report.created or report.updated or categories_changed or edition_changed)
    _finish(session, actor, report, f"waste_list:{edition}", changed)
    return report


# --- method codes -------------------------------------------------------------------------------


@use_case("catalogue.import")
def import_methods(*, session: Session, actor: Actor | None, path: Path) -> ImportReport:
    """Import the utilisation / disposal method codes (代码, 类别 R/D/C, 名称, optional 英文名)."""
    table = read_table(path)
    cat.require_columns(table.header, cat.METHOD_COLUMNS, "method codes")
    parsed = cat.parse_methods(table.rows)
    edition = table.meta.get("edition", "")
    report = ImportReport(
        "methods", edition, rejected=_issues(parsed.rejected), doubts=_issues(parsed.doubts)
    )
    methods = {m.code: m for m in session.exec(select(TreatmentMethod))}
    for record in parsed.records:
        values: dict[str, Any] = {"kind": record.kind, "name": record.name}
        if record.name_en is not None:
            values["name_en"] = record.name_en
        row = methods.get(record.code)
        if row is None:
            session.add(TreatmentMethod(code=record.code, **values))
            report.created += 1
        elif _apply(row, values):
            session.add(row)
            report.updated += 1
        else:
            report.unchanged += 1
    edition_changed = bool(edition) and _record_edition(session, "methods", edition, table.meta)
    _finish(
        session,
        actor,
        report,
        f"methods:{edition}",
        bool(report.created or report.updated or edition_changed),
    )
    return report
