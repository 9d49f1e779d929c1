"""Set up a park: its departments, the licence types and the default responsibility matrix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from hazchem.config import PROJECT_ROOT
from hazchem.domain.vocab import DepartmentKind, Duty
from hazchem.models import Department, LicenceType, Park
from hazchem.services.registry.duties import create_licence_type, list_licence_types, set_responsibility
from hazchem.services.registry.parks import create_department, create_park

LICENCE_TYPES_FILE = PROJECT_ROOT / "catalogues" / "licence-types.json"


def load_licence_type_data(path: Path = LICENCE_TYPES_FILE) -> dict[str, Any]:
    """Read the shipped licence types, departments and default supervision duties."""
    return json.loads(path.read_text(encoding="utf-8"))


def ensure_licence_types(*, session: Session, data: dict[str, Any] | None = None) -> list[LicenceType]:
    """Create the shipped licence types that are missing (idempotent)."""
    data = data or load_licence_type_data()
    existing = {t.code for t in session.exec(select(LicenceType))}
    for spec in data["types"]:
        if spec["code"] in existing:
            continue
        create_licence_type(session=session, actor=None, **spec)
    return list_licence_types(session=session)


def seed_park(
    *,
    session: Session,
    name: str,
    region_code: str,
    name_en: str = "",
    data: dict[str, Any] | None = None,
    timezone: str = "Asia/Shanghai",
) -> Park:
    """Create a park with the standard departments and a matrix derived from the issuing kinds.

    Each type is issued and supervised by the department of its issuer kind, with the shipped
    extra supervision duties; the park committee supervises every type.
    """
    data = data or load_licence_type_data()
    types = ensure_licence_types(session=session, data=data)
    park = create_park(
        session=session, actor=None, name=name, region_code=region_code, name_en=name_en, timezone=timezone
    )
    by_kind: dict[str, Department] = {}
    for spec in data["departments"]:
        by_kind[spec["kind"]] = create_department(session=session, actor=None, park_id=park.id, **spec)
    extra = data.get("supervision", {})
    for licence_type in types:
        issuer = by_kind.get(licence_type.issuer_kind)
        if issuer is not None:
            for duty in (Duty.ISSUES, Duty.SUPERVISES):
                set_responsibility(
                    session=session,
                    actor=None,
                    department_id=issuer.id,
                    licence_type_id=licence_type.id,
                    duty=duty,
                    assigned=True,
                )
        committee = by_kind.get(DepartmentKind.PARK_COMMITTEE)
        if committee is not None and committee is not issuer:
            set_responsibility(
                session=session,
                actor=None,
                department_id=committee.id,
                licence_type_id=licence_type.id,
                duty=Duty.SUPERVISES,
                assigned=True,
            )
    for kind, codes in extra.items():
        department = by_kind.get(kind)
        for licence_type in types:
            if department is not None and licence_type.code in codes:
                set_responsibility(
                    session=session,
                    actor=None,
                    department_id=department.id,
                    licence_type_id=licence_type.id,
                    duty=Duty.SUPERVISES,
                    assigned=True,
                )
    return park
