"""The chemicals information centre: every chemical present in the park with its identity, flags,
hazard categories, protection and emergency-handling notes, and who holds it where and how much.

A chemical is present when the current park catalogue lists it or an enterprise of the park holds
stock of it. Identity and notes are park information every signed-in user may read; holdings are
shown by oversight area: emergency management, the park committee and the administrator see all of
them (chemical stock), public security the 剧毒 and 易制爆 ones (controlled holdings), an enterprise
its own, and other departments none.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sqlmodel import Session, col, or_, select

from hazchem.domain import catalogue as cat
from hazchem.domain import park_catalogue as pc
from hazchem.domain.errors import Forbidden, InvalidInput, NotFound
from hazchem.domain.oversight import Area
from hazchem.models import (
    Chemical,
    ChemicalSafetyNote,
    Enterprise,
    EnterpriseChemicalStock,
    Facility,
    StorageUnit,
    UnitStock,
    User,
)
from hazchem.render.sheets import Sheet
from hazchem.services.chemicals import messages as msg
from hazchem.services.chemicals import park_catalogue as pcs
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import Actor, can_oversee
from hazchem.services.platform.uow import use_case
from hazchem.services.registry.parks import resolve_park

MAX_NOTE = 20_000
MAX_SOURCE = 1_000


class HoldingScope(Enum):
    """Which holdings an actor sees in the information centre."""

    ALL = "all"
    CONTROLLED = "controlled"
    OWN = "own"
    NONE = "none"


def holding_scope(actor: Actor) -> HoldingScope:
    """Holdings by oversight area: all (chemical stock), the controlled ones, the own ones, or none."""
    if can_oversee(actor, Area.CHEMICAL_STOCK):
        return HoldingScope.ALL
    if can_oversee(actor, Area.CONTROLLED_HOLDINGS):
        return HoldingScope.CONTROLLED
    if actor.enterprise_ids:
        return HoldingScope.OWN
    return HoldingScope.NONE


def is_controlled(chemical: Chemical) -> bool:
    """剧毒 and 易制爆 entries are the controlled chemicals public security oversees."""
    return bool(chemical.highly_toxic or chemical.explosive_precursor)


@dataclass(frozen=True)
class Holding:
    """Stock of a chemical in one storage unit: the enterprise, facility, place and quantity."""

    enterprise_id: int
    enterprise: str
    facility_id: int
    facility: str
    location: str
    unit: str
    unit_kind: str
    quantity_kg: int


@dataclass
class CentreEntry:
    """One chemical of the information centre with what the actor may see of its holdings."""

    chemical: Chemical
    park_state: pc.EntryState | None
    note: ChemicalSafetyNote | None
    note_by: str = ""
    holdings: list[Holding] = field(default_factory=list)

    @property
    def total_kg(self) -> int:
        """The visible holdings' total."""
        return sum(h.quantity_kg for h in self.holdings)

    @property
    def enterprises(self) -> list[str]:
        """Names of the enterprises holding it (visible holdings), in order of appearance."""
        return list(dict.fromkeys(h.enterprise for h in self.holdings))

    @property
    def safety_note(self) -> dict[str, Any] | None:
        """The safety note as shown: its texts, when, and the name of who wrote it."""
        if self.note is None:
            return None
        return {**self.note.model_dump(), "updated_by": self.note_by}


def _held_ids(session: Session, park_id: int) -> set[int]:
    rows = session.exec(
        select(EnterpriseChemicalStock.chemical_id)
        .join(Enterprise, col(Enterprise.id) == EnterpriseChemicalStock.enterprise_id)
        .where(EnterpriseChemicalStock.quantity_kg > 0, Enterprise.park_id == park_id)
        .distinct()
    )
    return set(rows)


def _holdings(session: Session, actor: Actor, park_id: int, ids: list[int]) -> dict[int, list[Holding]]:
    scope = holding_scope(actor)
    if scope is HoldingScope.NONE or not ids:
        return {}
    query = (
        select(UnitStock, StorageUnit, Facility, Enterprise)
        .join(StorageUnit, col(StorageUnit.id) == UnitStock.unit_id)
        .join(Facility, col(Facility.id) == StorageUnit.facility_id)
        .join(Enterprise, col(Enterprise.id) == StorageUnit.enterprise_id)
        .where(
            UnitStock.quantity_kg > 0,
            col(UnitStock.chemical_id).in_(ids),
            Enterprise.park_id == park_id,
        )
        .order_by(col(Enterprise.name), col(Facility.name), col(StorageUnit.name))
    )
    if scope is HoldingScope.OWN:
        query = query.where(col(StorageUnit.enterprise_id).in_(sorted(actor.enterprise_ids)))
    elif scope is HoldingScope.CONTROLLED:
        controlled = select(Chemical.id).where(
            or_(col(Chemical.highly_toxic).is_(True), col(Chemical.explosive_precursor).is_(True))
        )
        query = query.where(col(UnitStock.chemical_id).in_(controlled))
    out: dict[int, list[Holding]] = {}
    for stock, unit, facility, enterprise in session.exec(query):
        out.setdefault(stock.chemical_id, []).append(
            Holding(
                enterprise.id,
                enterprise.name,
                facility.id,
                facility.name,
                facility.location,
                unit.name,
                unit.kind,
                stock.quantity_kg,
            )
        )
    return out


def _entries(session: Session, actor: Actor, park_id: int, ids: set[int]) -> list[CentreEntry]:
    wanted = sorted(ids)
    chemicals = list(
        session.exec(
            select(Chemical)
            .where(col(Chemical.id).in_(wanted or [-1]))
            .order_by(col(Chemical.serial), col(Chemical.id))
        )
    )
    states = pcs.entries_at(session, park_id, pcs.latest_number(session, park_id))
    notes = {
        n.chemical_id: (n, display or username)
        for n, display, username in session.exec(
            select(ChemicalSafetyNote, User.display_name, User.username)
            .join(User, col(User.id) == ChemicalSafetyNote.updated_by)
            .where(col(ChemicalSafetyNote.chemical_id).in_(wanted or [-1]))
        )
    }
    holdings = _holdings(session, actor, park_id, wanted)
    return [
        CentreEntry(
            c,
            states.get(c.id),
            notes[c.id][0] if c.id in notes else None,
            notes[c.id][1] if c.id in notes else "",
            holdings.get(c.id, []),
        )
        for c in chemicals
    ]


def centre(
    *, session: Session, actor: Actor, q: str = "", controlled_only: bool = False
) -> list[CentreEntry]:
    """Every chemical present in the actor's park (optionally matching `q`, or only 剧毒/易制爆)."""
    park = resolve_park(session, actor)
    ids = pcs.present_chemical_ids(session, park.id) | _held_ids(session, park.id)
    entries = _entries(session, actor, park.id, ids)
    term = cat.normalize(q or "").replace(cat.SEARCH_SEPARATOR, "")
    if term:
        entries = [e for e in entries if term in e.chemical.search_text or term == str(e.chemical.serial)]
    if controlled_only:
        entries = [e for e in entries if is_controlled(e.chemical)]
    return entries


def entry(*, session: Session, actor: Actor, chemical_id: int) -> CentreEntry:
    """One catalogue entry as the information centre shows it (present in the park or not)."""
    if session.get(Chemical, chemical_id) is None:
        raise NotFound(msg.CHEMICAL_NOT_FOUND, chemical_id=chemical_id)
    park = resolve_park(session, actor)
    return _entries(session, actor, park.id, {chemical_id})[0]


def is_present(session: Session, actor: Actor, chemical_id: int) -> bool:
    """Tell whether the chemical is in the park catalogue or held in the park."""
    park = resolve_park(session, actor)
    return chemical_id in pcs.present_chemical_ids(session, park.id) or chemical_id in _held_ids(
        session, park.id
    )


# --- Safety notes -------------------------------------------------------------------------------


def can_edit_notes(actor: Actor | None) -> bool:
    """Emergency management and the administrator keep the protection and emergency notes."""
    return pcs.can_revise(actor)


@use_case("chemical.safety_note")
def set_safety_note(
    *, session: Session, actor: Actor, chemical_id: int, protection: str, emergency: str, source: str
) -> ChemicalSafetyNote:
    """Write an entry's protection and emergency-handling notes, naming the source they come from."""
    if not can_edit_notes(actor):
        raise Forbidden(msg.NOTES_FORBIDDEN)
    protection, emergency, source = (
        (protection or "").strip(),
        (emergency or "").strip(),
        (source or "").strip(),
    )
    if not protection and not emergency:
        raise InvalidInput(msg.NOTES_REQUIRED, details=[{"field": "protection"}])
    if not source:
        raise InvalidInput(msg.NOTES_SOURCE_REQUIRED, details=[{"field": "source"}])
    for name, value, limit, too_long in (
        ("protection", protection, MAX_NOTE, msg.PROTECTION_TOO_LONG),
        ("emergency", emergency, MAX_NOTE, msg.EMERGENCY_TOO_LONG),
        ("source", source, MAX_SOURCE, msg.NOTES_SOURCE_TOO_LONG),
    ):
        if len(value) > limit:
            raise InvalidInput(too_long, details=[{"field": name}], limit=limit)
    if session.get(Chemical, chemical_id) is None:
        raise NotFound(msg.CHEMICAL_NOT_FOUND, chemical_id=chemical_id)
    note = session.exec(
        select(ChemicalSafetyNote).where(ChemicalSafetyNote.chemical_id == chemical_id)
    ).first()
    before = (
        None
        if note is None
        else {"protection": note.protection, "emergency": note.emergency, "source": note.source}
    )
    if note is None:
        note = ChemicalSafetyNote(
            chemical_id=chemical_id, source=source, updated_at=clock.now(), updated_by=actor.user_id
        )
    note.protection, note.emergency, note.source = protection, emergency, source
    note.updated_at, note.updated_by = clock.now(), actor.user_id
    session.add(note)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="chemical.safety_note",
        entity="chemical",
        entity_id=chemical_id,
        before=before,
        after={"protection": protection, "emergency": emergency, "source": source},
    )
    return note


# --- Export -------------------------------------------------------------------------------------

YES = "是"
EXPORT_COLUMNS = (
    "序号",
    "品名",
    "别名",
    "CAS号",
    "UN号",
    "剧毒",
    "易制爆",
    "易制毒",
    "重点监管",
    "危险性类别",
    "园区目录",
    "园区分类",
    "防护要点",
    "应急处置要点",
    "资料来源",
    "企业",
    "设施",
    "位置",
    "储存单元",
    "数量(kg)",
)


def _rows(entries: list[CentreEntry]) -> Iterator[list[Any]]:
    for e in entries:
        c = e.chemical
        common = [
            c.serial,
            c.name,
            "；".join(c.aliases),
            "；".join(c.cas_numbers),
            c.un_number or "",
            YES if c.highly_toxic else "",
            YES if c.explosive_precursor else "",
            c.drug_precursor_class or "",
            YES if c.key_supervised else "",
            c.ghs_categories,
            YES if e.park_state is not None else "",
            "、".join(pcs.FLAG_NAMES[pc.ParkFlag(f)] for f in e.park_state.flags) if e.park_state else "",
            e.note.protection if e.note else "",
            e.note.emergency if e.note else "",
            e.note.source if e.note else "",
        ]
        if not e.holdings:
            yield [*common, "", "", "", "", ""]
        for h in e.holdings:
            yield [*common, h.enterprise, h.facility, h.location, h.unit, h.quantity_kg]


def export_sheet(*, session: Session, actor: Actor, q: str = "", controlled_only: bool = False) -> Sheet:
    """The information centre as one sheet: a row per holding the actor may see (or per chemical)."""
    entries = centre(session=session, actor=actor, q=q, controlled_only=controlled_only)
    return Sheet("化学品信息", EXPORT_COLUMNS, list(_rows(entries)))
