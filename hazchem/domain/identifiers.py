"""Formats and check characters of the identifiers hazchem accepts (USCC, CAS, waste codes, regions)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from hazchem.domain import messages as msg
from hazchem.domain.errors import InvalidInput

# GB 32100-2015: 31 characters, without I, O, S, V and Z.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_RE = re.compile(rf"^[{USCC_CHARSET}]{{2}}\d{{6}}[{USCC_CHARSET}]{{10}}$")

_CAS_RE = re.compile(r"^(\d{2,7})-(\d{2})-(\d)$")
_WASTE_CODE_RE = re.compile(r"^(\d{3})-(\d{3})-(\d{2})$")
_CATEGORY_RE = re.compile(r"^HW(\d{2})$")
# The categories of the 2021 and 2025 lists: HW41–HW44 were dropped long ago and none follows HW50.
WASTE_CATEGORY_NUMBERS = frozenset([*range(1, 41), *range(45, 51)])
_REGION_RE = re.compile(r"^\d{6}$")
# GB/T 2260 provincial-level prefixes.
PROVINCE_PREFIXES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)


def uscc_check_char(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters of a USCC."""
    if len(first17) != 17 or any(c not in USCC_CHARSET for c in first17):
        raise InvalidInput(msg.IDENTIFIER_USCC_BODY, charset=USCC_CHARSET)
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> str:
    """Return the normalised USCC or raise InvalidInput naming what is wrong."""
    uscc = (value or "").strip().upper()
    if len(uscc) != 18:
        raise InvalidInput(
            msg.IDENTIFIER_USCC_LENGTH,
            length=len(uscc),
            details=[{"field": "uscc", "value": value}],
        )
    if not _USCC_RE.match(uscc):
        raise InvalidInput(
            msg.IDENTIFIER_USCC_CHARACTERS,
            details=[{"field": "uscc", "value": value}],
        )
    expected = uscc_check_char(uscc[:17])
    if uscc[17] != expected:
        raise InvalidInput(
            msg.IDENTIFIER_USCC_CHECK,
            found=uscc[17],
            expected=expected,
            details=[{"field": "uscc", "value": value, "expected": expected}],
        )
    return uscc


def cas_check_digit(body: str) -> int:
    """Return the CAS check digit for the digits before it (both leading groups, joined)."""
    return sum(i * int(d) for i, d in enumerate(reversed(body), start=1)) % 10


def validate_cas(value: str) -> str:
    """Return the normalised CAS registry number or raise InvalidInput."""
    cas = (value or "").strip()
    match = _CAS_RE.match(cas)
    if not match:
        raise InvalidInput(
            msg.IDENTIFIER_CAS_FORM,
            value=repr(value),
            details=[{"field": "cas", "value": value}],
        )
    body = match.group(1) + match.group(2)
    expected = cas_check_digit(body)
    if int(match.group(3)) != expected:
        raise InvalidInput(
            msg.IDENTIFIER_CAS_CHECK,
            cas=cas,
            found=match.group(3),
            expected=str(expected),
            details=[{"field": "cas", "value": value, "expected": str(expected)}],
        )
    return cas


def category_of(code: str) -> str:
    """Return the HW category (HWxx) that a waste code's last two digits name."""
    return "HW" + validate_waste_code(code)[-2:]


def validate_category(value: str) -> str:
    """Return the normalised HWxx category number or raise InvalidInput."""
    category = (value or "").strip().upper()
    if not _CATEGORY_RE.match(category) or category == "HW00":
        raise InvalidInput(
            msg.IDENTIFIER_CATEGORY_FORM,
            value=repr(value),
            details=[{"field": "category", "value": value}],
        )
    if int(category[2:]) not in WASTE_CATEGORY_NUMBERS:
        raise InvalidInput(
            msg.IDENTIFIER_CATEGORY_UNKNOWN,
            category=category,
            details=[{"field": "category", "value": value}],
        )
    return category


def validate_waste_code(value: str, category: str | None = None) -> str:
    """Return the waste code (xxx-xxx-xx) or raise; its last two digits must name its category."""
    code = (value or "").strip()
    match = _WASTE_CODE_RE.match(code)
    if not match:
        raise InvalidInput(
            msg.IDENTIFIER_WASTE_CODE_FORM,
            value=repr(value),
            details=[{"field": "waste_code", "value": value}],
        )
    if int(match.group(3)) not in WASTE_CATEGORY_NUMBERS:
        raise InvalidInput(
            msg.IDENTIFIER_WASTE_CODE_NO_CATEGORY,
            code=code,
            category=f"HW{match.group(3)}",
            details=[{"field": "waste_code", "value": value}],
        )
    if category is not None:
        cat = validate_category(category)
        if cat[2:] != match.group(3):
            raise InvalidInput(
                msg.IDENTIFIER_WASTE_CODE_OTHER_CATEGORY,
                code=code,
                digits=match.group(3),
                category=cat,
                details=[{"field": "waste_code", "value": value, "category": cat}],
            )
    return code


def waste_code_digits(code: str) -> str:
    """Return the eight digits of a waste code, as used in the HJ 1276 digital ID."""
    return validate_waste_code(code).replace("-", "")


def validate_region_code(value: str) -> str:
    """Return a 6-digit GB/T 2260 region code whose province prefix exists, or raise."""
    code = (value or "").strip()
    if not _REGION_RE.match(code) or code[:2] not in PROVINCE_PREFIXES:
        raise InvalidInput(
            msg.IDENTIFIER_REGION_CODE_FORM,
            value=repr(value),
            details=[{"field": "region_code", "value": value}],
        )
    return code


# --- HJ 1276 digital identification code of a waste container ----------------------------------

# (segment, length): the national layout. A provincial variant changes only this table.
DIGITAL_ID_SEGMENTS = (("unit_code", 18), ("waste_digits", 8), ("gen_date", 8), ("serial", 3))
DIGITAL_ID_LENGTH = sum(length for _, length in DIGITAL_ID_SEGMENTS)
MAX_SERIAL = 10 ** DIGITAL_ID_SEGMENTS[-1][1] - 1


@dataclass(frozen=True)
class DigitalId:
    """A container's 37-character digital ID, kept by segment."""

    unit_code: str
    waste_digits: str
    gen_date: date
    serial: int

    def __str__(self) -> str:
        width = DIGITAL_ID_SEGMENTS[-1][1]
        return f"{self.unit_code}{self.waste_digits}{self.gen_date:%Y%m%d}{self.serial:0{width}d}"

    @property
    def waste_code(self) -> str:
        """The waste code written with dashes (xxx-xxx-xx)."""
        d = self.waste_digits
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"


def make_digital_id(unit_code: str, waste_code: str, gen_date: date, serial: int) -> DigitalId:
    """Compose a digital ID from its parts, validating each."""
    if not 1 <= serial <= MAX_SERIAL:
        raise InvalidInput(
            msg.IDENTIFIER_CONTAINER_SERIAL_RANGE,
            serial=serial,
            max_serial=MAX_SERIAL,
            details=[{"field": "serial", "value": serial}],
        )
    return DigitalId(validate_uscc(unit_code), waste_code_digits(waste_code), gen_date, serial)


def parse_digital_id(text: str) -> DigitalId:
    """Split and validate a scanned 37-character digital ID."""
    raw = (text or "").strip().upper()
    if len(raw) != DIGITAL_ID_LENGTH:
        raise InvalidInput(
            msg.IDENTIFIER_DIGITAL_ID_LENGTH,
            expected=DIGITAL_ID_LENGTH,
            length=len(raw),
            details=[{"field": "digital_id", "value": text}],
        )
    parts: dict[str, str] = {}
    offset = 0
    for name, length in DIGITAL_ID_SEGMENTS:
        parts[name] = raw[offset : offset + length]
        offset += length
    digits = parts["waste_digits"]
    if not digits.isdigit() or not parts["serial"].isdigit() or not parts["gen_date"].isdigit():
        raise InvalidInput(
            msg.IDENTIFIER_DIGITAL_ID_DIGITS,
            details=[{"field": "digital_id", "value": text}],
        )
    try:
        gen_date = datetime.strptime(parts["gen_date"], "%Y%m%d").date()
    except ValueError:
        raise InvalidInput(
            msg.IDENTIFIER_DIGITAL_ID_DATE,
            date=parts["gen_date"],
            details=[{"field": "digital_id", "value": text}],
        ) from None
    waste_code = f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return make_digital_id(parts["unit_code"], waste_code, gen_date, int(parts["serial"]))


_SCAN_URL_RE = re.compile(r"/l/([0-9A-Za-z]+)/?(?:[?#].*)?$")


def digital_id_from_scan(scanned: str) -> DigitalId:
    """Accept what a scanner types: a bare digital ID or the label's URL ending in /l/<id>."""
    text = (scanned or "").strip()
    match = _SCAN_URL_RE.search(text)
    return parse_digital_id(match.group(1) if match else text)


# --- National manifest number (转移联单编号) --------------------------------------------------------

MANIFEST_NUMBER_LENGTH = 14
MANIFEST_SERIAL_DIGITS = 6


def manifest_number(year: int, origin_region_code: str, serial: int) -> str:
    """Compose year (4) + origin province (2) + city (2) + serial (6)."""
    region = validate_region_code(origin_region_code)
    if not 1 <= serial < 10**MANIFEST_SERIAL_DIGITS:
        raise InvalidInput(
            msg.IDENTIFIER_MANIFEST_SERIAL_DIGITS, serial=serial, digits=MANIFEST_SERIAL_DIGITS, year=year
        )
    return f"{year:04d}{region[:4]}{serial:0{MANIFEST_SERIAL_DIGITS}d}"


def same_province(region_a: str, region_b: str) -> bool:
    """Tell whether two GB/T 2260 codes lie in one province (cross-province transfers need approval)."""
    return validate_region_code(region_a)[:2] == validate_region_code(region_b)[:2]
