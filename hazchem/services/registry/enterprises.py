"""Enterprises of the park, identified by their unified social credit code."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Text, cast
from sqlmodel import Session, col, or_, select

from hazchem.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from hazchem.domain.identifiers import (
    validate_region_code,
    validate_uscc,
)
from hazchem.domain.vocab import (
    EnterpriseRole,
    ManagementClass,
    Role,
)
from hazchem.models import (
    Enterprise,
    Park,
)
from hazchem.services.platform import audit
from hazchem.services.platform.access import (
    Actor,
    can_read_enterprise,
    enterprise_scope,
    require_admin,
)
from hazchem.services.platform.uow import use_case
from hazchem.services.registry import messages as msg
from hazchem.services.registry.fields import (
    enum_value,
    flush_or_conflict,
    flush_with_event,
    page,
    require_text,
    snapshot,
)

ENTERPRISE_FIELDS = (
    "uscc",
    "name",
    "name_en",
    "address",
    "region_code",
    "roles",
    "contact_name",
    "contact_phone",
    "grade",
    "management_class",
)


CONTACT_FIELDS = ("contact_name", "contact_phone", "address")


def list_enterprises(
    *,
    session: Session,
    actor: Actor,
    q: str | None = None,
    role: str | None = None,
    after: int | None = None,
    limit: int | None = None,
) -> list[Enterprise]:
    """Enterprises the actor may see, filtered by name/USCC text and role, keyset-paged by id."""
    query = select(Enterprise).order_by(Enterprise.id).limit(page(limit))
    scope = enterprise_scope(actor)
    if scope is not None:
        query = query.where(col(Enterprise.id).in_(scope or [-1]))
    if q:
        like = f"%{q.strip()}%"
        query = query.where(
            or_(
                col(Enterprise.name).ilike(like),
                col(Enterprise.uscc).ilike(like),
                col(Enterprise.name_en).ilike(like),
            )
        )
    if after is not None:
        query = query.where(Enterprise.id > after)
    if role:
        # Roles are a JSON list; matching its quoted member in the text works on SQLite and PostgreSQL
        # and filters before the page limit.
        role = enum_value(EnterpriseRole, role, "role")
        query = query.where(cast(Enterprise.roles, Text).like(f'%"{role}"%'))
    return list(session.exec(query))


def get_enterprise(*, session: Session, actor: Actor, enterprise_id: int) -> Enterprise:
    """One enterprise, if the actor may see it (otherwise it is reported as not found)."""
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None or not can_read_enterprise(actor, enterprise_id):
        raise NotFound(msg.ENTERPRISE_NOT_FOUND, enterprise_id=enterprise_id)
    return enterprise


def _clean_enterprise_fields(data: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    if "uscc" in data:
        clean["uscc"] = validate_uscc(data["uscc"])
    if "name" in data:
        clean["name"] = require_text(data["name"], "name", 200)
    if "region_code" in data:
        clean["region_code"] = validate_region_code(data["region_code"])
    if "roles" in data:
        roles = list(dict.fromkeys(data["roles"] or []))
        clean["roles"] = [enum_value(EnterpriseRole, r, "roles") for r in roles]
    for key in ("name_en", "address", "contact_name", "contact_phone", "grade"):
        if key in data:
            clean[key] = (data[key] or "").strip()
    if "management_class" in data:
        # Empty means not recorded: the enterprise then declares only once a year.
        value = (data["management_class"] or "").strip()
        clean["management_class"] = enum_value(ManagementClass, value, "management_class") if value else ""
    return clean


@use_case("enterprise.create")
def create_enterprise(*, session: Session, actor: Actor | None, park_id: int, **data: Any) -> Enterprise:
    """Register an enterprise with a validated USCC and region code (administrators only)."""
    if actor is not None:
        require_admin(actor, msg.REGISTER_ENTERPRISES)
    missing = [k for k in ("uscc", "name", "region_code") if not data.get(k)]
    if missing:
        raise InvalidInput(
            msg.MISSING_FIELDS, fields=", ".join(missing), details=[{"field": k} for k in missing]
        )
    unknown = set(data) - set(ENTERPRISE_FIELDS)
    if unknown:
        raise InvalidInput(msg.UNKNOWN_FIELDS, fields=", ".join(sorted(unknown)))
    enterprise = Enterprise(park_id=park_id, **_clean_enterprise_fields(data))
    if session.get(Park, park_id) is None:
        raise InvalidInput(msg.PARK_MISSING, park_id=park_id, details=[{"field": "park_id"}])
    if session.exec(select(Enterprise.id).where(Enterprise.uscc == enterprise.uscc)).first():
        raise Conflict(msg.USCC_TAKEN, uscc=enterprise.uscc, details=[{"field": "uscc"}])
    session.add(enterprise)
    flush_with_event(
        session,
        actor,
        "enterprise.create",
        enterprise,
        ENTERPRISE_FIELDS,
        what=msg.ENTERPRISE(uscc=enterprise.uscc),
    )
    return enterprise


@use_case("enterprise.update")
def update_enterprise(*, session: Session, actor: Actor, enterprise_id: int, **data: Any) -> Enterprise:
    """Change an enterprise: administrators change anything, its own officers only the contact."""
    unknown = set(data) - set(ENTERPRISE_FIELDS)
    if unknown:
        raise InvalidInput(msg.UNKNOWN_FIELDS, fields=", ".join(sorted(unknown)))
    if not actor.is_admin:
        own = actor.role == Role.EHS_OFFICER and actor.enterprise_id == enterprise_id
        if not own or set(data) - set(CONTACT_FIELDS):
            raise Forbidden(msg.CONTACT_ONLY)
    clean = _clean_enterprise_fields(data)
    enterprise = get_enterprise(session=session, actor=actor, enterprise_id=enterprise_id)
    before = snapshot(enterprise, clean)
    for key, value in clean.items():
        setattr(enterprise, key, value)
    session.add(enterprise)
    audit.record(
        session,
        actor=actor,
        action="enterprise.update",
        entity="enterprise",
        entity_id=enterprise.id,
        before=before,
        after=clean,
    )
    flush_or_conflict(session, msg.ENTERPRISE(uscc=enterprise.uscc))
    return enterprise


def enterprise_names(*, session: Session, ids: Iterable[int]) -> dict[int, Enterprise]:
    """Enterprises by id, for labelling records the caller already may see."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {e.id: e for e in session.exec(select(Enterprise).where(col(Enterprise.id).in_(wanted)))}
