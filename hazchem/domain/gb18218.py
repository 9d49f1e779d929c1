"""GB 18218-2018 major hazard identification and grading, as pure rules over the standard's tables.

Table 1 names substances with their critical quantity Q; Table 2 gives Q by hazard category for the
others. A facility is a major hazard installation when Σq/Q ≥ 1. Its grade follows from
R = α · Σ(β · q/Q): β by named toxic gas (Table 3) or by hazard category (Table 4), α by the number
of people outside the plant within 500 m who may be exposed (Table 5), the grade by R (Table 6).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from hazchem.domain import catalogue as cat
from hazchem.domain import chemical_messages as msg
from hazchem.domain.errors import Said

Rows = Iterable[tuple[int, Mapping[str, str]]]
_ANNOTATION = re.compile(r"[（(][^）)]*[）)]")
_ALIAS_SEPARATORS = re.compile(r"[；;、]")
_QUALIFIER = re.compile(r"^([^(]+)\((.*)\)$")
_LIMIT = re.compile(r"[<>≤≥%]")
_LISTED = re.compile(r"[、,，]")


@dataclass(frozen=True)
class NamedSubstance:
    """A Table 1 row: a named substance, its aliases and CAS numbers, its Q and how it was checked."""

    serial: int
    name: str
    aliases: tuple[str, ...]
    cas: tuple[str, ...]
    critical_kg: int
    checked: str
    row: int = 0


@dataclass(frozen=True)
class CategoryQuantity:
    """A Table 2 row: the Q of a hazard category (code such as J1 or W5.1) for substances not in Table 1."""

    code: str
    category: str
    description: str
    critical_kg: int


@dataclass(frozen=True)
class Band:
    """A row of Table 5 or 6: it applies from `low` (inclusive) up to `high` (exclusive); None is open."""

    label: str
    low: Decimal | None
    high: Decimal | None
    value: Decimal | None = None


@dataclass(frozen=True)
class Tables:
    """The six tables of the standard as hazchem reads them."""

    named: tuple[NamedSubstance, ...]
    categories: tuple[CategoryQuantity, ...]
    beta_gases: Mapping[str, Decimal]
    beta_categories: Mapping[str, Decimal]
    alpha: tuple[Band, ...]
    grades: tuple[Band, ...]


@dataclass(frozen=True)
class Rating:
    """A facility's R, its grade, the α used, and the substances whose β had to be assumed as 1."""

    r: Decimal
    grade: str
    alpha: Decimal
    assumed_beta: tuple[str, ...]

    @property
    def r_text(self) -> str:
        """R with two decimals, rounded down so a value just under a band limit never shows on it."""
        return f"{self.r.quantize(Decimal('0.01'), rounding=ROUND_DOWN)}"


def _number(value: str, row: int, what: Said | str, issues: list[cat.Issue]) -> Decimal | None:
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, AttributeError):
        issues.append(cat.Issue(row, msg.GB_NOT_A_NUMBER(what=what, value=repr(value)), value))
        return None
    if not number.is_finite() or number < 0:
        issues.append(cat.Issue(row, msg.GB_NEGATIVE(what=what, value=repr(value)), value))
        return None
    return number


def _critical_kg(value: str, row: int, issues: list[cat.Issue]) -> int | None:
    tonnes = _number(value, row, msg.GB_CRITICAL_T(), issues)
    if tonnes is None:
        return None
    kg = tonnes * 1000
    if kg <= 0 or kg != kg.to_integral_value():
        issues.append(cat.Issue(row, msg.GB_CRITICAL_NOT_KG(value=repr(value)), value))
        return None
    return int(kg)


def parse_named(rows: Rows) -> tuple[list[NamedSubstance], list[cat.Issue]]:
    """Table 1 (columns 序号, 危险化学品名称和说明, 别名, CAS号, 临界量_t, 核对结论)."""
    found: list[NamedSubstance] = []
    issues: list[cat.Issue] = []
    seen: set[int] = set()
    for row, cells in rows:
        serial_text = cells.get("序号", "").strip()
        if not serial_text.isdigit():
            issues.append(cat.Issue(row, msg.GB_SERIAL_NOT_A_NUMBER(value=repr(serial_text)), serial_text))
            continue
        serial = int(serial_text)
        if serial in seen:
            issues.append(cat.Issue(row, msg.GB_SERIAL_TWICE(serial=serial), serial_text))
            continue
        seen.add(serial)
        name = cat.clean(cells.get("危险化学品名称和说明", ""))
        critical = _critical_kg(cells.get("临界量_t", ""), row, issues)
        # The standard annotates CAS numbers of mixtures with the component's name: 74-98-6（丙烷）.
        cas, cas_issues = cat.split_cas(_ANNOTATION.sub("", cells.get("CAS号", "")), row)
        issues.extend(cas_issues)
        if not name or critical is None:
            if not name:
                issues.append(cat.Issue(row, msg.GB_NO_NAME(), ""))
            continue
        aliases = tuple(
            a for a in (cat.clean(x) for x in _ALIAS_SEPARATORS.split(cells.get("别名", ""))) if a
        )
        found.append(
            NamedSubstance(
                serial, name, aliases, tuple(cas), critical, cells.get("核对结论", "").strip(), row
            )
        )
    return found, issues


def parse_categories(rows: Rows) -> tuple[list[CategoryQuantity], list[cat.Issue]]:
    """Table 2 (columns 类别, 符号, 危险性分类及说明, 临界量_t)."""
    found: list[CategoryQuantity] = []
    issues: list[cat.Issue] = []
    for row, cells in rows:
        code = cells.get("符号", "").strip()
        critical = _critical_kg(cells.get("临界量_t", ""), row, issues)
        if not code:
            issues.append(cat.Issue(row, msg.GB_NO_CATEGORY(), ""))
            continue
        if critical is not None:
            found.append(
                CategoryQuantity(
                    code, cells.get("类别", "").strip(), cells.get("危险性分类及说明", "").strip(), critical
                )
            )
    return found, issues


def parse_betas(rows: Rows, key: str) -> tuple[dict[str, Decimal], list[cat.Issue]]:
    """Table 3 (key 名称) or Table 4 (key 符号): the correction factor β by gas name or category code."""
    found: dict[str, Decimal] = {}
    issues: list[cat.Issue] = []
    for row, cells in rows:
        name = cat.clean(cells.get(key, ""))
        beta = _number(cells.get("校正系数β", ""), row, "β", issues)
        if not name:
            issues.append(cat.Issue(row, msg.GB_NO_KEY(key=key), ""))
        elif beta is not None:
            found[name] = beta
    return found, issues


def parse_alpha(rows: Rows) -> tuple[list[Band], list[cat.Issue]]:
    """Table 5 (columns 厂外可能暴露人员数量, 人数下限, 人数上限, 校正系数α): α by people exposed."""
    found: list[Band] = []
    issues: list[cat.Issue] = []
    for row, cells in rows:
        low = _number(cells.get("人数下限", ""), row, msg.GB_LOWER_BOUND(), issues)
        high_text = cells.get("人数上限", "").strip()
        high = _number(high_text, row, msg.GB_UPPER_BOUND(), issues) if high_text else None
        alpha = _number(cells.get("校正系数α", ""), row, "α", issues)
        if low is not None and alpha is not None:
            # The table's bounds are inclusive whole numbers; stored as a half-open band.
            found.append(
                Band(
                    cells.get("厂外可能暴露人员数量", "").strip(),
                    low,
                    None if high is None else high + 1,
                    alpha,
                )
            )
    return found, issues


def parse_grades(rows: Rows) -> tuple[list[Band], list[cat.Issue]]:
    """Table 6 (columns 级别, R下限(含), R上限(不含)): the grade by R."""
    found: list[Band] = []
    issues: list[cat.Issue] = []
    for row, cells in rows:
        low_text, high_text = cells.get("R下限(含)", "").strip(), cells.get("R上限(不含)", "").strip()
        low = _number(low_text, row, msg.GB_LOWER_BOUND_R(), issues) if low_text else None
        high = _number(high_text, row, msg.GB_UPPER_BOUND_R(), issues) if high_text else None
        found.append(Band(cells.get("级别", "").strip(), low, high))
    return found, issues


def _key(name: str) -> str:
    # 其它 and 其他 are both used in the official texts for "other".
    return cat.entry_key(name.replace("其它", "其他"))


def _qualified(name: str) -> tuple[str, str]:
    # "汽油（乙醇汽油、甲醇汽油）" → ("汽油", "乙醇汽油、甲醇汽油"); a name without a qualifier → (name, "").
    folded = cat.fold(name)
    match = _QUALIFIER.match(folded)
    return (match.group(1), match.group(2)) if match else (folded, "")


def _restrictive(qualifier: str) -> bool:
    # A qualifier with a limit (含量>90%, 含可燃物≤0.2%) names one variant; any other describes the whole.
    return bool(_LIMIT.search(qualifier))


def match_catalogue(
    entries: Iterable[tuple[int, str, Sequence[str]]], named: Sequence[NamedSubstance]
) -> dict[int, NamedSubstance]:
    """The Table 1 row of each catalogue entry (id, name, CAS numbers) that has one.

    By name (bracket style and 其它/其他 ignored), or by the row's name before a descriptive qualifier
    and the names it lists (汽油（乙醇汽油、甲醇汽油）). Else by CAS number, when the number names a
    single Table 1 row without a limiting qualifier: the entry holding it alone, or among entries
    sharing it the row's own bracketed variants (氟化氢 → 氟化氢[无水], not 氢氟酸; 硝酸铵's and
    硝化纤维素's variants have different Q, so only their names decide).
    """
    entries = list(entries)
    by_key: dict[str, NamedSubstance] = {}
    for row in named:
        by_key[_key(row.name)] = row
        base, qualifier = _qualified(row.name)
        if qualifier and not _restrictive(qualifier):
            for listed in (base, *_LISTED.split(qualifier)):
                by_key.setdefault(_key(listed), row)
    rows_of_cas: dict[str, set[int]] = defaultdict(set)
    for row in named:
        for number in row.cas:
            rows_of_cas[number].add(row.serial)
    by_serial = {r.serial: r for r in named}
    entries_of_cas: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for entry_id, name, cas in entries:
        for number in set(cas):
            entries_of_cas[number].append((entry_id, name))
    matched: dict[int, NamedSubstance] = {}
    for entry_id, name, cas in entries:
        row = by_key.get(_key(name))
        if row is None and cas:
            serials = {s for n in cas for s in rows_of_cas.get(n, ())}
            candidate = by_serial[serials.pop()] if len(serials) == 1 else None
            if (
                candidate is not None
                and all(len(rows_of_cas[n]) == 1 for n in candidate.cas)
                and not _restrictive(_qualified(candidate.name)[1])
            ):
                sharing = {e for n in cas for e in entries_of_cas[n]}
                variant = _key(name).startswith(_key(candidate.name) + "[")
                if len(sharing) == 1 or variant:
                    row = candidate
        if row is not None:
            matched[entry_id] = row
    return matched


def category_quantity_for(
    codes: Iterable[str], categories: Sequence[CategoryQuantity]
) -> CategoryQuantity | None:
    """Table 2 for a substance not in Table 1: the smallest Q among its hazard categories."""
    wanted = set(codes)
    matching = [c for c in categories if c.code in wanted]
    return min(matching, key=lambda c: c.critical_kg) if matching else None


def category_codes(text: str) -> list[str]:
    """Hazard category codes as entered (J1, W5.1 …), separated by spaces, commas or 、."""
    for sep in ",;，；、":
        text = text.replace(sep, " ")
    return text.split()


def beta_for(name: str, aliases: Iterable[str], codes: Iterable[str], tables: Tables) -> Decimal | None:
    """β of a substance: by named toxic gas (Table 3, also as the gas's Table 1 row names it, 氯化氢 as
    氯化氢（无水）), else the largest of its hazard categories' (Table 4); None when neither is known.

    Never by CAS number alone: 盐酸 shares 无水氯化氢's number but is not the gas.
    """
    names = {_key(n) for n in (name, *aliases)}
    for gas, beta in tables.beta_gases.items():
        gas_key = _key(gas)
        if gas_key in names:
            return beta
        for row in tables.named:
            row_key = _key(row.name)
            if (row_key == gas_key or row_key.startswith(gas_key + "[")) and any(
                n == row_key or n.startswith(row_key + "[") for n in names
            ):
                return beta
    betas = [tables.beta_categories[c] for c in codes if c in tables.beta_categories]
    return max(betas) if betas else None


def _in_band(value: Decimal, band: Band) -> bool:
    return (band.low is None or value >= band.low) and (band.high is None or value < band.high)


def alpha_for(people: int, tables: Tables) -> Decimal:
    """α for the number of people outside the plant within 500 m who may be exposed (Table 5)."""
    if people < 0:
        raise ValueError("the number of people exposed cannot be negative")
    for band in tables.alpha:
        if _in_band(Decimal(people), band) and band.value is not None:
            return band.value
    raise ValueError(f"no α band covers {people} people")


def grade_for(r: Decimal, tables: Tables) -> str:
    """The grade (一级 … 四级) R falls in (Table 6)."""
    for band in tables.grades:
        if _in_band(r, band):
            return band.label
    raise ValueError(f"no grade band covers R = {r}")


def rating(terms: Iterable[tuple[str, int, int, Decimal | None]], people: int, tables: Tables) -> Rating:
    """R = α · Σ(β · q/Q) over (name, q kg, Q kg, β) terms; an unknown β counts as 1 and is named."""
    alpha = alpha_for(people, tables)
    total = Decimal(0)
    assumed: list[str] = []
    for name, quantity_kg, critical_kg, beta in terms:
        if not critical_kg or quantity_kg <= 0:
            continue
        if beta is None:
            assumed.append(name)
            beta = Decimal(1)
        total += beta * Decimal(quantity_kg) / Decimal(critical_kg)
    r = alpha * total
    return Rating(r, grade_for(r, tables), alpha, tuple(assumed))
