"""What the record already knows when an incident is reported, proposed to the emergency office: the
facility's holdings with their information-centre sheets, its Σq/Q and major-hazard status, the
containers and manifests involved, the nearest emergency resources, the departments answering for the
chemicals under the responsibility matrix, and the notification tree of the plans in force."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from hazchem.domain import chemicals as chem_rules
from hazchem.domain import emergency_incidents as rules
from hazchem.domain.lifecycle import ContainerStatus
from hazchem.models import (
    Chemical,
    ChemicalSafetyNote,
    Container,
    Department,
    EmergencyIncident,
    EnterpriseChemicalStock,
    FacilityHazard,
    Incident,
    IncidentSubstance,
    LicenceType,
    Manifest,
    Responsibility,
)
from hazchem.services.chemicals.movements import contributions
from hazchem.services.emergency_incidents.plans import (
    DueNotification,
    NearResource,
    nearest_resources,
    notification_rules,
)
from hazchem.services.emergency_incidents.records import load_incident
from hazchem.services.platform.access import Actor

MAX_CONTAINERS = 50


@dataclass(frozen=True)
class Holding:
    """A chemical held at the facility (or, with no facility named, across the enterprise)."""

    chemical_id: int
    name: str
    quantity_kg: int
    critical_quantity_kg: int | None
    ratio: str


@dataclass(frozen=True)
class Sheet:
    """A chemical's information-centre sheet: identity, flags, protection and emergency handling."""

    chemical: Chemical
    protection: str
    emergency: str
    source: str
    involved: bool


@dataclass(frozen=True)
class Responsible:
    """A department answering for the chemicals involved, with the licence types that make it so."""

    department: Department
    licence_types: tuple[str, ...]
    chemicals: tuple[str, ...]


@dataclass
class Proposal:
    """Everything the record proposes for one incident."""

    incident: EmergencyIncident
    holdings: list[Holding] = field(default_factory=list)
    sheets: list[Sheet] = field(default_factory=list)
    ratio: str = "0.000"
    major_hazard: bool = False
    manifests: list[str] = field(default_factory=list)
    containers: list[str] = field(default_factory=list)
    resources: list[NearResource] = field(default_factory=list)
    departments: list[Responsible] = field(default_factory=list)
    grade: str | None = None
    notifications: list[DueNotification] = field(default_factory=list)


def _holdings(session: Session, incident: EmergencyIncident) -> list[Holding]:
    if incident.facility_id is not None:
        return [
            Holding(c["chemical_id"], c["name"], c["quantity_kg"], c["critical_quantity_kg"], c["ratio"])
            for c in contributions(session, incident.facility_id)
        ]
    rows = session.exec(
        select(Chemical, EnterpriseChemicalStock.quantity_kg)
        .join(Chemical, col(Chemical.id) == EnterpriseChemicalStock.chemical_id)
        .where(
            EnterpriseChemicalStock.enterprise_id == incident.enterprise_id,
            EnterpriseChemicalStock.quantity_kg > 0,
        )
        .order_by(col(EnterpriseChemicalStock.quantity_kg).desc())
    ).all()
    return [Holding(c.id, c.name, q, c.critical_quantity_kg, "") for c, q in rows]


def _sheets(session: Session, involved: set[int], held: list[int]) -> list[Sheet]:
    ids = list(dict.fromkeys([*sorted(involved), *held]))
    if not ids:
        return []
    chemicals = {c.id: c for c in session.exec(select(Chemical).where(col(Chemical.id).in_(ids)))}
    notes = {
        n.chemical_id: n
        for n in session.exec(select(ChemicalSafetyNote).where(col(ChemicalSafetyNote.chemical_id).in_(ids)))
    }
    sheets = []
    for cid in ids:
        note = notes.get(cid)
        sheets.append(
            Sheet(
                chemicals[cid],
                note.protection if note else "",
                note.emergency if note else "",
                note.source if note else "",
                cid in involved,
            )
        )
    return sheets


def responsible_departments(
    session: Session, *, park_id: int, chemicals: list[Chemical], waste: bool
) -> list[Responsible]:
    """The park's departments that issue or supervise a licence type bearing on these chemicals (or on
    the waste), under the responsibility matrix."""
    wanted: dict[str, list[str]] = {}
    for c in chemicals:
        for code in rules.licence_types_for(
            chemical=True,
            highly_toxic=bool(c.highly_toxic),
            explosive_precursor=bool(c.explosive_precursor),
            waste=False,
        ):
            wanted.setdefault(code, []).append(c.name)
    if waste:
        for code in rules.licence_types_for(
            chemical=False, highly_toxic=False, explosive_precursor=False, waste=True
        ):
            wanted.setdefault(code, [])
    if not wanted:
        return []
    rows = session.exec(
        select(Department, LicenceType)
        .join(Responsibility, col(Responsibility.department_id) == Department.id)
        .join(LicenceType, col(LicenceType.id) == Responsibility.licence_type_id)
        .where(Department.park_id == park_id, col(LicenceType.code).in_(sorted(wanted)))
        .order_by(col(Department.id), col(LicenceType.id))
    ).all()
    found: dict[int, tuple[Department, dict[str, None], dict[str, None]]] = {}
    for department, licence_type in rows:
        entry = found.setdefault(department.id, (department, {}, {}))
        entry[1][licence_type.name] = None
        for name in wanted[licence_type.code]:
            entry[2][name] = None
    return [Responsible(d, tuple(types), tuple(names)) for d, types, names in found.values()]


def proposal(*, session: Session, actor: Actor, incident_id: int, grade: str | None = None) -> Proposal:
    """What the record proposes for an incident the actor may see (the rules at `grade`, else its own)."""
    incident = load_incident(session, actor, incident_id)
    level = rules.parse_grade(grade).value if grade else incident.grade
    substances = list(
        session.exec(select(IncidentSubstance).where(IncidentSubstance.incident_id == incident.id))
    )
    holdings = _holdings(session, incident)
    involved = {s.chemical_id for s in substances if s.chemical_id}
    sheets = _sheets(session, involved, [h.chemical_id for h in holdings])
    hazard = session.get(FacilityHazard, incident.facility_id) if incident.facility_id else None
    manifest_ids = {s.manifest_id for s in substances if s.manifest_id}
    containers = [c for s in substances for c in s.container_ids]
    if incident.custody_incident_id:
        custody = session.get(Incident, incident.custody_incident_id)
        if custody is not None:
            manifest_ids.add(custody.manifest_id)
            containers += [c for c in custody.containers if c not in containers]
    if not containers and incident.facility_id is not None:
        containers = list(
            session.exec(
                select(Container.digital_id)
                .where(
                    Container.facility_id == incident.facility_id,
                    Container.status == ContainerStatus.STORED.value,
                )
                .order_by(col(Container.id))
                .limit(MAX_CONTAINERS)
            )
        )
    manifests = (
        list(session.exec(select(Manifest.number).where(col(Manifest.id).in_(sorted(manifest_ids)))))
        if manifest_ids
        else []
    )
    waste = bool(manifest_ids or containers or any(s.waste_code for s in substances))
    return Proposal(
        incident=incident,
        holdings=holdings,
        sheets=sheets,
        ratio=chem_rules.ratio_text(hazard.ratio_ppb) if hazard else "0.000",
        major_hazard=bool(hazard and hazard.major_hazard),
        manifests=manifests,
        containers=containers[:MAX_CONTAINERS],
        resources=nearest_resources(
            session,
            park_id=incident.park_id,
            facility_id=incident.facility_id,
            latitude=incident.latitude,
            longitude=incident.longitude,
        ),
        departments=responsible_departments(
            session,
            park_id=incident.park_id,
            chemicals=[s.chemical for s in sheets if s.involved] or [s.chemical for s in sheets],
            waste=waste,
        ),
        grade=level,
        notifications=notification_rules(
            session, park_id=incident.park_id, enterprise_id=incident.enterprise_id, grade=level
        )
        if level
        else [],
    )
