"""Raising alerts to departments from within an action's transaction, and recording refused actions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from hazchem.db import is_postgres
from hazchem.domain import alerting
from hazchem.domain import oversight_messages as msg
from hazchem.domain.custody import G_PER_KG, tonnes
from hazchem.domain.errors import HazchemError, Said
from hazchem.domain.vocab import AlertKind, AlertSeverity, DepartmentKind
from hazchem.models import (
    Alert,
    Enterprise,
    Facility,
    Licence,
    LicenceScopeLine,
    Manifest,
    TransportLeg,
)
from hazchem.services.platform import clock
from hazchem.services.platform.access import Actor
from hazchem.services.platform.uow import bookkeeping


def raise_alert(
    session: Session,
    *,
    key: str,
    kind: AlertKind,
    severity: AlertSeverity,
    department_kind: DepartmentKind,
    entity: str,
    entity_id: Any,
    said: Said,
    enterprise_id: int | None = None,
    details: dict[str, Any] | None = None,
    counterparty_id: int | None = None,
    park_id: int | None = None,
) -> bool:
    """Record the condition in the caller's transaction unless `key` was raised before; True if new.

    The alert goes to the departments of `park_id`, by default the park of the responsible enterprise,
    so each side of a cross-park transfer alerts its own park. The English text is kept beside the code
    and parameters, for search and the audit."""
    if park_id is None and enterprise_id is not None:
        park_id = session.exec(select(Enterprise.park_id).where(Enterprise.id == enterprise_id)).first()
    plain = said.as_dict()
    values = {
        "key": key[:200],
        "kind": str(kind),
        "severity": str(severity),
        "department_kind": str(department_kind),
        "enterprise_id": enterprise_id,
        "counterparty_id": counterparty_id,
        "park_id": park_id,
        "entity": entity,
        "entity_id": str(entity_id),
        "message": str(said),
        "message_code": plain["message_code"],
        "message_params": plain["params"],
        "details": details or {},
        "raised_at": clock.now(),
        "ack_note": "",
    }
    # ON CONFLICT DO NOTHING: a sweep and an action raising the same condition at once add one row.
    dialect = postgresql if is_postgres(session.get_bind()) else sqlite
    stmt = dialect.insert(Alert).values(**values).on_conflict_do_nothing(index_elements=["key"])
    return session.exec(stmt.returning(Alert.id)).first() is not None  # type: ignore[call-overload]


def _aware(moment: datetime) -> datetime:
    """Stored datetimes come back naive on SQLite; hazchem stores UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def weight_discrepancy(
    session: Session, *, manifest: Manifest, deviations: Sequence[Mapping[str, Any]], tolerance: Any
) -> bool:
    """Weighed quantities beyond the tolerance at receipt: one alert per manifest, for the generator
    and, as its counterparty, the receiver that weighed them."""
    if not deviations:
        return False
    listed = ", ".join(f"{d['container']} ({d['deviation_percent']} %)" for d in deviations)
    return raise_alert(
        session,
        key=f"weight:{manifest.id}",
        kind=AlertKind.WEIGHT_DISCREPANCY,
        severity=AlertSeverity.WARNING,
        department_kind=alerting.ALERT_DEPARTMENT[AlertKind.WEIGHT_DISCREPANCY],
        entity="manifest",
        entity_id=manifest.number,
        enterprise_id=manifest.generator_id,
        counterparty_id=manifest.receiver_id,
        said=msg.ALERT_WEIGHT_DISCREPANCY(
            manifest=manifest.number,
            count=len(deviations),
            tolerance=f"{tolerance * 100:.0f}",
            containers=listed,
        ),
        details={
            "manifest_id": manifest.id,
            "receiver_id": manifest.receiver_id,
            "containers": [dict(d) for d in deviations],
        },
    )


def licence_line_use(session: Session, *, line_id: int, year: int, before_g: int, after_g: int) -> bool:
    """A licence line's annual use (accepted + in flight) reaching 80 % of its licensed scale."""
    line = session.get(LicenceScopeLine, line_id)
    if line is None or not line.annual_scale_kg:
        return False
    scale_g = line.annual_scale_kg * G_PER_KG
    if not alerting.crosses_share(before_g, after_g, scale_g):
        return False
    licence = session.get(Licence, line.licence_id)
    label = line.waste_code or line.waste_category or ""
    return raise_alert(
        session,
        key=f"capacity:line:{line_id}:{year}",
        kind=AlertKind.CAPACITY_USE,
        severity=AlertSeverity.WARNING,
        department_kind=alerting.ALERT_DEPARTMENT[AlertKind.CAPACITY_USE],
        entity="licence",
        entity_id=licence.number,
        enterprise_id=licence.enterprise_id,
        said=msg.ALERT_LICENCE_LINE_USE(
            licence=licence.number,
            label=label,
            share=alerting.share_percent(after_g, scale_g),
            scale=tonnes(scale_g),
            year=year,
            used=tonnes(after_g),
        ),
        details={"line_id": line_id, "year": year, "used_g": after_g, "scale_g": scale_g},
    )


def facility_use(session: Session, *, facility: Facility, before_g: int, after_g: int) -> bool:
    """A storage facility's stock reaching 80 % of its capacity; again after the last one was acknowledged."""
    if not facility.storage_capacity_kg:
        return False
    capacity_g = facility.storage_capacity_kg * G_PER_KG
    if not alerting.crosses_share(before_g, after_g, capacity_g):
        return False
    base = f"capacity:facility:{facility.id}"
    # Stock goes up and down: one open alert at a time, a new one for a crossing after acknowledgement.
    settled = session.exec(
        select(Alert.id).where(col(Alert.key).like(f"{base}#%"), col(Alert.acknowledged_at).is_not(None))
    ).all()
    return raise_alert(
        session,
        key=f"{base}#{len(settled)}",
        kind=AlertKind.CAPACITY_USE,
        severity=AlertSeverity.WARNING,
        department_kind=alerting.ALERT_DEPARTMENT[AlertKind.CAPACITY_USE],
        entity="facility",
        entity_id=facility.id,
        enterprise_id=facility.enterprise_id,
        said=msg.ALERT_FACILITY_USE(
            facility=facility.name,
            stock=tonnes(after_g),
            share=alerting.share_percent(after_g, capacity_g),
            capacity=tonnes(capacity_g),
        ),
        details={"facility_id": facility.id, "stock_g": after_g, "capacity_g": capacity_g},
    )


def long_leg_key(leg_id: int) -> str:
    """The alert key of a transport leg too long on the road (one alert per leg)."""
    return f"long_leg:{leg_id}"


def long_leg(session: Session, *, leg: TransportLeg, manifest: Manifest, end: datetime, hours: int) -> bool:
    """A transport leg longer than `hours` from pick-up to `end` (its delivery, or now while on the road)."""
    if leg.picked_up_at is None:
        return False
    start = _aware(leg.picked_up_at)
    if not alerting.leg_too_long(start, _aware(end), hours):
        return False
    took = alerting.leg_hours(start, _aware(end))
    text = msg.ALERT_LONG_LEG_ON_ROAD if leg.delivered_at is None else msg.ALERT_LONG_LEG
    return raise_alert(
        session,
        key=long_leg_key(leg.id),
        kind=AlertKind.LONG_TRANSPORT_LEG,
        severity=AlertSeverity.WARNING,
        department_kind=alerting.ALERT_DEPARTMENT[AlertKind.LONG_TRANSPORT_LEG],
        entity="manifest",
        entity_id=manifest.number,
        enterprise_id=leg.carrier_id,
        said=text(manifest=manifest.number, seq=leg.seq, hours=took, limit=hours),
        details={"manifest_id": manifest.id, "leg_id": leg.id, "hours": took, "limit_hours": hours},
    )


def record_refusal(
    session: Session,
    *,
    refusal: HazchemError,
    actor: Actor | None,
    key: str,
    entity: str,
    entity_id: Any,
    enterprise_id: int | None,
    details: dict[str, Any] | None = None,
) -> None:
    """Roll the refused action back, then record its alert in a transaction of its own.

    The action leaves no state; the alert stays so the department sees the attempt. A failure to
    record must not hide the refusal itself, so it is swallowed (its transaction rolled back)."""
    try:
        _refusal_alert(
            session,
            refusal=refusal,
            actor=actor,
            key=key,
            entity=entity,
            entity_id=entity_id,
            enterprise_id=enterprise_id,
            details=details,
        )
    except Exception:
        session.rollback()


@bookkeeping("a refusal alert is the department's notice of an attempt, not a change", detached=True)
def _refusal_alert(
    session: Session,
    *,
    refusal: HazchemError,
    actor: Actor | None,
    key: str,
    entity: str,
    entity_id: Any,
    enterprise_id: int | None,
    details: dict[str, Any] | None,
) -> None:
    raise_alert(
        session,
        key=key,
        kind=AlertKind.COMPLIANCE_REFUSAL,
        severity=AlertSeverity.BREACH,
        department_kind=alerting.ALERT_DEPARTMENT[AlertKind.COMPLIANCE_REFUSAL],
        entity=entity,
        entity_id=entity_id,
        enterprise_id=enterprise_id,
        said=msg.REFUSAL_ALERT(
            rule=getattr(refusal, "rule", None) or refusal.code,
            # A refusal without a code yet is kept as its text: only a code survives the round trip.
            refusal=refusal.said if refusal.said.code else refusal.message,
        ),
        details={
            "rule": getattr(refusal, "rule", None),
            "by_user": actor.user_id if actor else None,
            **(details or {}),
        },
    )
