"""Rows of the national lists (chemicals, companion lists, waste codes, method codes): parse and check.

Pure functions over already-read table rows, so the same rules apply to CSV and XLSX input and to
the tests. Every problem becomes an Issue with the file's row number, never an exception, except a
table whose required columns are missing, which is refused as a whole.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from hazchem.domain import messages as msg
from hazchem.domain.errors import InvalidInput, Message, Said
from hazchem.domain.errors import said as as_said
from hazchem.domain.identifiers import validate_cas, validate_category, validate_waste_code

HIGHLY_TOXIC_MARK = "剧毒"
HAZARD_CHARACTERISTICS = ("T", "C", "I", "R", "In")
DRUG_PRECURSOR_CLASSES = ("第一类", "第二类", "第三类")
METHOD_KINDS = ("R", "D", "C")
SEARCH_SEPARATOR = "|"

CHEMICAL_COLUMNS = ("序号", "品名", "别名", "CAS号", "备注")
CHEMICAL_OPTIONAL_COLUMNS = ("英文名", "UN号")
WASTE_COLUMNS = ("废物类别", "行业来源", "废物代码", "危险废物", "危险特性")
METHOD_COLUMNS = ("代码", "类别", "名称")
METHOD_OPTIONAL_COLUMNS = ("英文名",)
COMPANION_KINDS = ("explosive", "drug", "key-supervised")
COMPANION_COLUMNS = {
    "explosive": ("品名",),
    "drug": ("品名", "类别"),
    "key-supervised": ("品名",),
}
COMPANION_LIST_NAMES = {
    "explosive": "explosive_precursors",
    "drug": "drug_precursors",
    "key-supervised": "key_supervised",
}


@dataclass(frozen=True)
class EditionInfo:
    """What a list edition is called, when it took effect and who published it."""

    title: str
    effective_date: date | None = None
    source: str = ""


# Facts of the official publications, used when a file does not state them in its header.
KNOWN_EDITIONS: dict[tuple[str, str], EditionInfo] = {
    ("chemicals", "2015"): EditionInfo(
        "危险化学品目录（2015版）",
        date(2015, 5, 1),
        "国家安全生产监督管理总局等十部门公告2015年第5号",
    ),
    ("waste_list", "2021"): EditionInfo(
        "国家危险废物名录（2021年版）",
        date(2021, 1, 1),
        "生态环境部、国家发展和改革委员会、公安部、交通运输部、国家卫生健康委员会令第15号",
    ),
    ("waste_list", "2025"): EditionInfo(
        "国家危险废物名录（2025年版）",
        date(2025, 1, 1),
        "生态环境部、国家发展和改革委员会、公安部、交通运输部、国家卫生健康委员会令第36号",
    ),
    ("explosive_precursors", "2017"): EditionInfo("易制爆危险化学品名录（2017年版）", None, "公安部"),
}


def edition_in_force(editions: Iterable[tuple[str, date | None]], on: date) -> str | None:
    """The edition of a list in force on a day: the latest one effective on or before it.

    An edition without a known effective date is taken as in force from the start, after any dated one.
    """
    dated = [(effective or date.min, edition) for edition, effective in editions]
    in_force = [item for item in dated if item[0] <= on]
    return max(in_force)[1] if in_force else None


@dataclass(frozen=True)
class Amendment:
    """One dated change to an entry, as the catalogue lookup on a date reads it."""

    kind: str
    effective_date: date
    after_name: str = ""


def listing_on(base_name: str, amendments: Iterable[Amendment], on: date) -> str | None:
    """The entry's name in the catalogue as amended on `on`, or None when it is not listed that day
    (added by a later notice, or removed by an earlier one)."""
    ordered = sorted(amendments, key=lambda a: a.effective_date)
    listed = not any(a.kind == "add" for a in ordered)
    name = base_name
    for amendment in ordered:
        if amendment.effective_date > on:
            break
        if amendment.kind == "add":
            listed, name = True, amendment.after_name or name
        elif amendment.kind == "change":
            name = amendment.after_name or name
        elif amendment.kind == "remove":
            listed = False
    return name if listed else None


_CAS_SEPARATORS = re.compile(r"[；;，,、/\s]+")
_CAS_TOKEN = re.compile(r"^\d{2,7}-\d{2}-\d$")
_ALIAS_SEPARATORS = re.compile(r"[；;]")
_CHAR_SEPARATORS = re.compile(r"[,，、/;；\s]+")
_CATEGORY_CELL = re.compile(r"^\s*(HW\s*\d{2})\s*(.*)$", re.DOTALL | re.IGNORECASE)
_METHOD_CODE = re.compile(r"^([RDC])(\d{1,2})$")
_UN_NUMBER = re.compile(r"^(?:UN)?\s*(\d{4})$", re.IGNORECASE)
_ADDED_NOTE = re.compile(r"[（(]\d{4}年新增[)）]")
_SPACES = re.compile(r"\s+")
_BRACKETS = str.maketrans("()", "[]")


@dataclass(frozen=True)
class Issue:
    """A problem found in one row: the file's row number (header = 1 when it is the first line).

    `said` is the problem as a message; a bare text is accepted and kept as an uncoded message.
    """

    row: int
    said: Said
    value: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.said, Said):
            object.__setattr__(self, "said", as_said(self.said, {}))

    @property
    def message(self) -> str:
        """The problem in English, for logs and the command line."""
        return str(self.said)

    @property
    def reason(self) -> str:
        """The problem in English (the name earlier callers read)."""
        return self.message


@dataclass
class Parsed:
    """Accepted records of a table plus the rows it rejected or doubts."""

    records: list = field(default_factory=list)
    rejected: list[Issue] = field(default_factory=list)
    doubts: list[Issue] = field(default_factory=list)
    categories: list = field(default_factory=list)


# --- text helpers -------------------------------------------------------------------------------


def clean(value: object) -> str:
    """Cell text without surrounding blanks; the official wording (full-width signs) is kept as is."""
    if value is None:
        return ""
    return str(value).strip()


def fold(value: object) -> str:
    """NFKC width folding (＞ to >, （ to (), for comparing and parsing, never for storing."""
    return unicodedata.normalize("NFKC", clean(value))


def normalize(value: str) -> str:
    """Form used for matching and searching: NFKC, lower case, no whitespace."""
    return _SPACES.sub("", fold(value)).lower()


def short(value: str, limit: int = 60) -> str:
    """A one-line excerpt of a cell for reports."""
    text = _SPACES.sub(" ", value).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def header_key(value: object) -> str:
    """Normalise a header cell so 'CAS 号' and 'CAS号' name the same column."""
    return _SPACES.sub("", fold(value))


def require_columns(header: Sequence[str], required: Iterable[str], what: str | Said | Message) -> None:
    """Refuse a table whose header lacks required columns, naming every missing one."""
    missing = [c for c in required if c not in header]
    if missing:
        raise InvalidInput(
            msg.CATALOGUE_MISSING_COLUMNS,
            what=what,
            columns=", ".join(missing),
            details=[{"field": "columns", "missing": missing, "found": list(header)}],
        )


def split_aliases(value: str) -> list[str]:
    """Aliases of the official table are joined by full-width semicolons."""
    return list(dict.fromkeys(a.strip() for a in _ALIAS_SEPARATORS.split(clean(value)) if a.strip()))


def split_cas(value: str, row: int) -> tuple[list[str], list[Issue]]:
    """Valid CAS numbers of a cell, and an issue for each token that is not one."""
    text = fold(value)
    if not text:
        return [], []
    tokens = [t for t in _CAS_SEPARATORS.split(text) if t]
    if not any(_CAS_TOKEN.match(t) for t in tokens) and not all(re.match(r"^[\d-]+$", t) for t in tokens):
        return [], [Issue(row, msg.CATALOGUE_NO_CAS_NUMBER(), short(text))]
    numbers: list[str] = []
    issues: list[Issue] = []
    for token in tokens:
        try:
            cas = validate_cas(token)
        except InvalidInput as exc:
            issues.append(Issue(row, msg.CATALOGUE_NOT_STORED(problem=exc.said), token))
            continue
        if cas not in numbers:
            numbers.append(cas)
    return numbers, issues


def chemical_search_text(
    name: str, aliases: Iterable[str], name_en: str, cas_numbers: Iterable[str], serial: int
) -> str:
    """Lower-cased terms between separators, so one LIKE finds substrings and `|term|` exact terms."""
    terms = [name, *aliases, name_en, *cas_numbers, str(serial)]
    kept = [normalize(t).replace(SEARCH_SEPARATOR, "") for t in terms if t and t.strip()]
    return SEARCH_SEPARATOR + SEARCH_SEPARATOR.join(kept) + SEARCH_SEPARATOR


def serial_gaps(serials: Iterable[int]) -> list[tuple[int, int]]:
    """Missing serial ranges (first, last) between the smallest and largest serial."""
    ordered = sorted(set(serials))
    return [(a + 1, b - 1) for a, b in itertools.pairwise(ordered) if b - a > 1]


# --- chemicals ----------------------------------------------------------------------------------


@dataclass
class ChemicalRecord:
    """One accepted row of the hazardous-chemicals catalogue."""

    row: int
    serial: int
    name: str
    aliases: list[str]
    cas_numbers: list[str]
    remarks: str
    highly_toxic: bool
    name_en: str | None = None
    un_number: str | None = None

    @property
    def search_text(self) -> str:
        """The search column's value for this entry."""
        return chemical_search_text(
            self.name, self.aliases, self.name_en or "", self.cas_numbers, self.serial
        )


def parse_serial(value: str) -> int | None:
    """A serial number as an int, tolerating '12.0' from spreadsheets; None when it is not one."""
    text = fold(value)
    if re.fullmatch(r"\d+", text):
        return int(text)
    if re.fullmatch(r"\d+\.0+", text):
        return int(float(text))
    return None


def parse_chemicals(rows: Iterable[tuple[int, Mapping[str, str]]], *, check_gaps: bool = True) -> Parsed:
    """Check catalogue rows: serial, name, CAS check digits, duplicates; report serial gaps.

    A declared subset (a curated extract) has gaps by design, so the caller turns the gap check off.
    """
    parsed = Parsed()
    seen: dict[tuple[int, str], int] = {}
    for row, cells in rows:
        serial_text = clean(cells.get("序号", ""))
        name = _SPACES.sub(" ", clean(cells.get("品名", "")))
        if not serial_text:
            parsed.rejected.append(Issue(row, msg.CATALOGUE_MISSING_SERIAL(), name))
            continue
        serial = parse_serial(serial_text)
        if serial is None or serial < 1:
            parsed.rejected.append(Issue(row, msg.CATALOGUE_SERIAL_NOT_POSITIVE(), serial_text))
            continue
        if not name:
            parsed.rejected.append(Issue(row, msg.CATALOGUE_MISSING_NAME(), serial_text))
            continue
        key = (serial, normalize(name))
        if key in seen:
            duplicate = msg.CATALOGUE_DUPLICATE_SERIAL_NAME(row=seen[key], serial=serial)
            parsed.rejected.append(Issue(row, duplicate, name))
            continue
        seen[key] = row
        cas_numbers, cas_issues = split_cas(cells.get("CAS号", ""), row)
        parsed.doubts.extend(cas_issues)
        remarks = clean(cells.get("备注", ""))
        record = ChemicalRecord(
            row=row,
            serial=serial,
            name=name,
            aliases=split_aliases(cells.get("别名", "")),
            cas_numbers=cas_numbers,
            remarks=remarks,
            highly_toxic=HIGHLY_TOXIC_MARK in remarks,
        )
        if "英文名" in cells:
            record.name_en = _SPACES.sub(" ", clean(cells.get("英文名", "")))
        if "UN号" in cells:
            un_text = clean(cells.get("UN号", ""))
            match = _UN_NUMBER.match(un_text)
            if un_text and not match:
                parsed.doubts.append(Issue(row, msg.CATALOGUE_UN_NUMBER_NOT_STORED(), un_text))
            record.un_number = match.group(1) if match else None
        parsed.records.append(record)
    first_row: dict[int, int] = {}
    for record in parsed.records:
        first_row.setdefault(record.serial, record.row)
    for low, high in serial_gaps(first_row) if check_gaps else ():
        missing = str(low) if low == high else f"{low}–{high}"
        parsed.doubts.append(
            Issue(
                first_row[high + 1],
                msg.CATALOGUE_SERIAL_GAP(missing=missing, before=low - 1, after=high + 1),
                missing,
            )
        )
    parsed.doubts.sort(key=lambda i: i.row)
    return parsed


# --- companion lists ----------------------------------------------------------------------------


@dataclass
class CompanionRecord:
    """One row of a companion list: how to find the catalogue entries it flags."""

    row: int
    name: str
    names: list[str]
    cas_numbers: list[str]
    drug_class: str | None = None


def candidate_names(name: str, aliases: Iterable[str] = ()) -> list[str]:
    """Normalised names to match: the name without list notes (*, （2017年新增）), its aliases."""
    base = _ADDED_NOTE.sub("", clean(name)).rstrip("*＊ ").strip()
    names = [base, *aliases]
    return list(dict.fromkeys(normalize(n) for n in names if n and n.strip()))


def entry_key(name: str) -> str:
    """A name's matching form that also ignores bracket style, so 含量 qualifiers in （） and [] agree."""
    return normalize(_ADDED_NOTE.sub("", clean(name)).rstrip("*＊ ")).translate(_BRACKETS)


def parse_companion(kind: str, rows: Iterable[tuple[int, Mapping[str, str]]]) -> Parsed:
    """Check companion-list rows (易制爆, 易制毒, 重点监管) before they are matched to the catalogue."""
    if kind not in COMPANION_KINDS:
        raise InvalidInput(
            msg.CATALOGUE_COMPANION_KIND_UNKNOWN,
            kind=repr(kind),
            kinds=", ".join(COMPANION_KINDS),
            details=[{"field": "kind", "value": kind}],
        )
    parsed = Parsed()
    seen: dict[str, int] = {}
    for row, cells in rows:
        name = _SPACES.sub(" ", clean(cells.get("品名", "")))
        if not name:
            parsed.rejected.append(Issue(row, msg.CATALOGUE_MISSING_NAME()))
            continue
        cas_numbers, cas_issues = split_cas(cells.get("CAS号", ""), row)
        parsed.doubts.extend(cas_issues)
        drug_class = None
        if kind == "drug":
            drug_class = clean(cells.get("类别", ""))
            if drug_class not in DRUG_PRECURSOR_CLASSES:
                parsed.rejected.append(
                    Issue(
                        row,
                        msg.CATALOGUE_DRUG_CLASS_UNKNOWN(classes=", ".join(DRUG_PRECURSOR_CLASSES)),
                        drug_class,
                    )
                )
                continue
        key = normalize(name) + "|" + ",".join(cas_numbers)
        if key in seen:
            parsed.rejected.append(Issue(row, msg.CATALOGUE_DUPLICATE_ROW(row=seen[key]), name))
            continue
        seen[key] = row
        names = candidate_names(name, split_aliases(cells.get("别名", "")))
        parsed.records.append(CompanionRecord(row, name, names, cas_numbers, drug_class))
    return parsed


def listed_parts(name: str) -> list[str]:
    """Names enumerated in one cell (麻黄素、伪麻黄素、…), tried when the whole name matches nothing."""
    base = _ADDED_NOTE.sub("", clean(name)).rstrip("*＊ ")
    parts = [p for p in re.split(r"[、]", base) if p.strip()]
    return [normalize(p) for p in parts] if len(parts) > 1 else []


# --- waste codes --------------------------------------------------------------------------------


@dataclass
class WasteCategoryRecord:
    """An HW category as named in the list."""

    number: str
    name: str
    row: int


@dataclass
class WasteCodeRecord:
    """One accepted waste code row."""

    row: int
    code: str
    category: str
    industry: str
    description: str
    characteristics: list[str]


def parse_category_cell(value: str) -> tuple[str, str] | None:
    """Split 'HW08 废矿物油与含矿物油废物' into ('HW08', name); None when it is not of that form."""
    match = _CATEGORY_CELL.match(clean(value))
    if not match:
        return None
    number = validate_category(match.group(1).replace(" ", ""))
    return number, _SPACES.sub("", match.group(2))


def parse_characteristics(value: str) -> list[str]:
    """Hazard characteristics T, C, I, R, In from a cell; InvalidInput names an unknown one."""
    tokens = [t for t in _CHAR_SEPARATORS.split(fold(value)) if t]
    known = {c.upper(): c for c in HAZARD_CHARACTERISTICS}
    result: list[str] = []
    for token in tokens:
        canonical = known.get(token.upper())
        if canonical is None:
            raise InvalidInput(
                msg.CATALOGUE_UNKNOWN_CHARACTERISTIC,
                token=repr(token),
                allowed=", ".join(HAZARD_CHARACTERISTICS),
                details=[{"field": "characteristics", "value": token}],
            )
        if canonical not in result:
            result.append(canonical)
    if not result:
        raise InvalidInput(msg.CATALOGUE_MISSING_CHARACTERISTICS, details=[{"field": "characteristics"}])
    return result


def parse_waste_codes(rows: Iterable[tuple[int, Mapping[str, str]]]) -> Parsed:
    """Check waste-list rows, carrying merged 废物类别 / 行业来源 cells down; records are codes."""
    parsed = Parsed()
    categories: dict[str, WasteCategoryRecord] = {}
    category: str | None = None
    industry = ""
    seen: dict[str, int] = {}
    for row, cells in rows:
        category_text = clean(cells.get("废物类别", ""))
        if category_text:
            try:
                split = parse_category_cell(category_text)
            except InvalidInput as exc:
                split = None
                reason = exc.said
            else:
                reason = msg.CATALOGUE_CATEGORY_CELL_FORM()
            if split is None:
                parsed.rejected.append(Issue(row, reason, short(category_text)))
                category = None
                continue
            number, name = split
            if number != category:
                industry = ""
            category = number
            known = categories.get(number)
            if known is None:
                if not name:
                    parsed.rejected.append(
                        Issue(row, msg.CATALOGUE_CATEGORY_UNNAMED(category=number), category_text)
                    )
                    continue
                categories[number] = WasteCategoryRecord(number, name, row)
            elif name and name != known.name:
                parsed.doubts.append(
                    Issue(row, msg.CATALOGUE_CATEGORY_NAMED_TWICE(category=number, row=known.row), name)
                )
        industry_text = _SPACES.sub("", clean(cells.get("行业来源", "")))
        if industry_text:
            industry = industry_text
        code_text = clean(cells.get("废物代码", "")).rstrip("*")
        description = _SPACES.sub("", clean(cells.get("危险废物", "")))
        characteristics_text = clean(cells.get("危险特性", ""))
        if not code_text and not description and not characteristics_text:
            continue  # a row that only names a category or industry (merged cells)
        if not code_text:
            parsed.rejected.append(Issue(row, msg.CATALOGUE_MISSING_WASTE_CODE(), short(description)))
            continue
        if category is None:
            parsed.rejected.append(Issue(row, msg.CATALOGUE_NO_CATEGORY_ABOVE(), code_text))
            continue
        try:
            code = validate_waste_code(code_text, category)
        except InvalidInput as exc:
            parsed.rejected.append(Issue(row, exc.said, code_text))
            continue
        if not description:
            parsed.rejected.append(Issue(row, msg.CATALOGUE_MISSING_DESCRIPTION(), code))
            continue
        if not industry:
            parsed.rejected.append(Issue(row, msg.CATALOGUE_MISSING_INDUSTRY(), code))
            continue
        try:
            characteristics = parse_characteristics(characteristics_text)
        except InvalidInput as exc:
            parsed.rejected.append(Issue(row, exc.said, characteristics_text))
            continue
        if code in seen:
            parsed.rejected.append(Issue(row, msg.CATALOGUE_DUPLICATE_ROW(row=seen[code]), code))
            continue
        seen[code] = row
        parsed.records.append(WasteCodeRecord(row, code, category, industry, description, characteristics))
    parsed.categories = list(categories.values())
    return parsed


# --- treatment and utilisation methods ----------------------------------------------------------


@dataclass
class MethodRecord:
    """One accepted R/D/C method code."""

    row: int
    code: str
    kind: str
    name: str
    name_en: str | None = None


def parse_methods(rows: Iterable[tuple[int, Mapping[str, str]]]) -> Parsed:
    """Check method-code rows: code form (R1, D10, C3), kind matching the code's letter, a name."""
    parsed = Parsed()
    seen: dict[str, int] = {}
    for row, cells in rows:
        code = clean(cells.get("代码", "")).upper()
        match = _METHOD_CODE.match(code)
        if not match:
            parsed.rejected.append(Issue(row, msg.CATALOGUE_METHOD_CODE_FORM(), code))
            continue
        kind = clean(cells.get("类别", "")).upper() or match.group(1)
        if kind != match.group(1):
            parsed.rejected.append(Issue(row, msg.CATALOGUE_METHOD_KIND_MISMATCH(kind=kind, code=code), kind))
            continue
        name = clean(cells.get("名称", ""))
        if not name:
            parsed.rejected.append(Issue(row, msg.CATALOGUE_MISSING_METHOD_NAME(), code))
            continue
        if code in seen:
            parsed.rejected.append(Issue(row, msg.CATALOGUE_DUPLICATE_ROW(row=seen[code]), code))
            continue
        seen[code] = row
        name_en = clean(cells.get("英文名", "")) if "英文名" in cells else None
        parsed.records.append(MethodRecord(row, code, kind, name, name_en))
    return parsed


def parse_effective_date(value: str) -> date | None:
    """An ISO date from a file header, or None."""
    try:
        return date.fromisoformat(clean(value))
    except ValueError:
        return None
