"""Major hazard installations (GB 18218 sums per facility) and controlled holdings for the regulators."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from hazchem.domain import chemicals as rules
from hazchem.domain.oversight import Area
from hazchem.domain.vocab import AlertKind
from hazchem.models import (
    Alert,
    Chemical,
    Enterprise,
    EnterpriseChemicalStock,
    Facility,
    FacilityHazard,
)
from hazchem.services.chemicals.movements import contributions
from hazchem.services.platform.access import Actor, require_oversight


@dataclass
class HazardView:
    """A facility's Σq/Q with its contributing substances and open major-hazard alerts."""

    facility: Facility
    enterprise: Enterprise
    hazard: FacilityHazard
    substances: list[dict[str, Any]]
    alerts: list[Alert]

    @property
    def ratio(self) -> str:
        """Σq/Q as text."""
        return rules.ratio_text(self.hazard.ratio_ppb)


def major_hazards(*, session: Session, actor: Actor, only_major: bool = False) -> list[HazardView]:
    """Facilities holding GB 18218 substances, major hazard installations first (emergency management)."""
    require_oversight(actor, Area.CHEMICAL_STOCK)
    query = (
        select(FacilityHazard, Facility, Enterprise)
        .join(Facility, col(Facility.id) == FacilityHazard.facility_id)
        .join(Enterprise, col(Enterprise.id) == Facility.enterprise_id)
        .where(col(FacilityHazard.ratio_ppb) > 0)
        .order_by(col(FacilityHazard.ratio_ppb).desc(), Facility.id)
    )
    if only_major:
        query = query.where(col(FacilityHazard.major_hazard).is_(True))
    rows = session.exec(query).all()
    ids = [str(f.id) for _h, f, _e in rows]
    open_alerts: dict[str, list[Alert]] = {}
    if ids:
        for alert in session.exec(
            select(Alert)
            .where(
                Alert.kind == AlertKind.MAJOR_HAZARD.value,
                Alert.entity == "facility",
                col(Alert.entity_id).in_(ids),
                col(Alert.acknowledged_at).is_(None),
            )
            .order_by(col(Alert.raised_at).desc())
        ):
            open_alerts.setdefault(alert.entity_id, []).append(alert)
    return [
        HazardView(f, e, h, contributions(session, f.id), open_alerts.get(str(f.id), [])) for h, f, e in rows
    ]


@dataclass(frozen=True)
class Holding:
    """An enterprise's stock of one 剧毒 or 易制爆 chemical."""

    enterprise: Enterprise
    chemical: Chemical
    quantity_kg: int


def controlled_holdings(*, session: Session, actor: Actor) -> list[Holding]:
    """Every enterprise's 剧毒 and 易制爆 stock (public security)."""
    require_oversight(actor, Area.CONTROLLED_HOLDINGS)
    rows = session.exec(
        select(EnterpriseChemicalStock, Enterprise, Chemical)
        .join(Enterprise, col(Enterprise.id) == EnterpriseChemicalStock.enterprise_id)
        .join(Chemical, col(Chemical.id) == EnterpriseChemicalStock.chemical_id)
        .where(
            col(EnterpriseChemicalStock.quantity_kg) > 0,
            col(Chemical.highly_toxic).is_(True) | col(Chemical.explosive_precursor).is_(True),
        )
        .order_by(Enterprise.name, Chemical.name)
    ).all()
    return [Holding(e, c, s.quantity_kg) for s, e, c in rows]
