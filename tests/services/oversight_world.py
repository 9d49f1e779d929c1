"""A park with one record in every oversight area, and the table of reads each area guards.

Shared by the department-scope matrices of the service, API and web tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from hazchem.domain.oversight import AREAS, Area
from hazchem.models import Chemical, User
from hazchem.services import registry as reg
from hazchem.services import waste
from hazchem.services.platform import auth
from tests.conftest import _password_hash
from tests.services.conftest import TRANSFER_DATE, make_stored

# Every department user of the matrix, and the areas its department oversees (admin: all).
DEPARTMENT_USERS = (
    "regulator_eco",
    "regulator_em",
    "regulator_ps",
    "regulator_tr",
    "regulator_pc",
    "regulator_mr",
)


@dataclass
class World:
    """Handles to one record per area."""

    manifest: Any
    container: Any
    store_a: Any
    chem_store: Any
    toxic_tank: Any
    hw_licence: int
    use_licence: int
    toxic_licence: int
    transport_licence: int
    ent_a: int
    users: dict[str, Any]


def build_world(session: Session, registry: Any, chain: Any) -> World:
    """Add to the custody fixture: a manifest, chemical stores, a 剧毒 permit and a market regulator."""
    containers = make_stored(session, chain, count=1)
    manifest = waste.create_manifest(
        session=session,
        actor=chain.officer,
        container_ids=[c.id for c in containers],
        receiver_facility_id=chain.plant_b.id,
        legs=[chain.leg],
        transfer_date=TRANSFER_DATE,
        planned_method="D10",
    )
    toxic = Chemical(
        edition="2015",
        serial=1800,
        name="氰化钠",
        cas_numbers=["143-33-9"],
        highly_toxic=True,
        search_text="氰化钠 143-33-9",
    )
    session.add(toxic)
    session.commit()
    chem_store = reg.create_facility(
        session=session,
        actor=None,
        enterprise_id=registry.ent_a.id,
        name="原料仓库",
        kind="chemical_warehouse",
        storage_capacity_kg=50_000,
    )
    toxic_tank = reg.create_facility(
        session=session,
        actor=None,
        enterprise_id=registry.ent_a.id,
        name="剧毒品专库",
        kind="chemical_warehouse",
        storage_capacity_kg=5_000,
    )
    reg.add_facility_chemical(session=session, actor=None, facility_id=toxic_tank.id, chemical_id=toxic.id)
    toxic_licence = reg.create_licence(
        session=session,
        actor=None,
        enterprise_id=registry.ent_a.id,
        licence_type_id=registry.types["toxic_purchase"].id,
        number="剧毒购字2026-001",
        valid_from=date(2026, 1, 1),
        valid_to=date(2026, 12, 31),
        lines=[reg.ScopeLineInput(kind="chemical", chemical_id=toxic.id, max_quantity_kg=100)],
    )
    market = reg.list_departments(session=session, actor=None)
    market_id = next(d.id for d in market if d.kind == "market_regulation")
    user = User(
        username="regulator_mr", password_hash=_password_hash(), role="regulator", department_id=market_id
    )
    session.add(user)
    session.commit()
    users = dict(registry.users)
    users["regulator_mr"] = auth.build_actor(session, user)
    session.rollback()
    return World(
        manifest=manifest,
        container=containers[0],
        store_a=registry.facility_a,
        chem_store=chem_store,
        toxic_tank=toxic_tank,
        hw_licence=registry.hw_licence.licence.id,
        use_licence=registry.use_licence.licence.id,
        toxic_licence=toxic_licence.licence.id,
        transport_licence=chain.transport.licence.id,
        ent_a=registry.ent_a.id,
        users=users,
    )


def oversees(username: str, areas: frozenset[Area]) -> bool:
    """Whether the user's department oversees any of the areas (the expected answer of the matrix)."""
    kind = {
        "regulator_eco": "ecology_environment",
        "regulator_em": "emergency_management",
        "regulator_ps": "public_security",
        "regulator_tr": "transport",
        "regulator_pc": "park_committee",
        "regulator_mr": "market_regulation",
    }[username]
    return bool(AREAS.get(kind, frozenset()) & areas)


W = frozenset
# Each guarded read, the areas that open it, and its path in the API and on the web (None: not offered).
READS: dict[str, tuple[frozenset[Area], str | None, str | None]] = {
    "manifest list": (W({Area.WASTE_MANIFESTS}), "/manifests", "/manifests"),
    "manifest detail": (W({Area.WASTE_MANIFESTS}), "/manifests/{manifest}", "/manifests/{manifest}"),
    "manifest search": (W({Area.WASTE_MANIFESTS}), "/manifests/search", "/oversight/manifests"),
    "manifest register": (
        W({Area.WASTE_MANIFESTS}),
        "/registers/manifests?format=csv",
        "/oversight/register?format=csv",
    ),
    "manifest slip": (
        W({Area.WASTE_MANIFESTS}),
        "/manifests/{manifest}/slip.pdf",
        "/manifests/{manifest}/slip.pdf",
    ),
    "transfer approvals": (W({Area.WASTE_MANIFESTS}), "/transfer-approvals", None),
    "container list": (W({Area.WASTE_STORAGE}), "/containers", "/containers"),
    "container detail": (W({Area.WASTE_STORAGE}), "/containers/{container}", None),
    "storage ages": (W({Area.WASTE_STORAGE}), "/storage/ages", "/storage"),
    "storage occupancy": (W({Area.WASTE_STORAGE}), "/storage/occupancy", None),
    "waste streams": (W({Area.WASTE_STORAGE}), "/streams", "/streams"),
    "enterprise ledger": (
        W({Area.WASTE_STORAGE}),
        "/enterprises/{ent_a}/ledger?format=xlsx",
        "/oversight/enterprises/{ent_a}/ledger?format=xlsx",
    ),
    "waste licence": (W({Area.WASTE_LICENCES}), "/licences/{hw_licence}", "/licences/{hw_licence}"),
    "chemical licence": (W({Area.CHEMICAL_LICENCES}), "/licences/{use_licence}", "/licences/{use_licence}"),
    "controlled permit": (
        W({Area.CONTROLLED_PERMITS}),
        "/licences/{toxic_licence}",
        "/licences/{toxic_licence}",
    ),
    "carrier licence": (W({Area.CARRIERS}), "/licences/{transport_licence}", "/licences/{transport_licence}"),
    "waste store": (W({Area.WASTE_STORAGE}), "/facilities/{store_a}", "/facilities/{store_a}"),
    "chemical store": (W({Area.CHEMICAL_STOCK}), "/facilities/{chem_store}", "/facilities/{chem_store}"),
    "controlled holding": (
        W({Area.CHEMICAL_STOCK, Area.CONTROLLED_HOLDINGS}),
        "/facilities/{toxic_tank}",
        "/facilities/{toxic_tank}",
    ),
    "facility list": (
        W({Area.WASTE_STORAGE, Area.CHEMICAL_STOCK, Area.CONTROLLED_HOLDINGS}),
        "/facilities",
        "/facilities",
    ),
    "vehicles": (W({Area.VEHICLES}), "/vehicles", "/vehicles"),
    "drivers": (W({Area.DRIVERS}), "/drivers", "/drivers"),
    "transport legs": (W({Area.TRANSPORT_LEGS}), "/transport-legs", "/oversight/transport-legs"),
}


def path_of(template: str, world: World) -> str:
    """Fill a read's path with the world's ids."""
    return template.format(
        manifest=world.manifest.id,
        container=world.container.id,
        ent_a=world.ent_a,
        hw_licence=world.hw_licence,
        use_licence=world.use_licence,
        toxic_licence=world.toxic_licence,
        transport_licence=world.transport_licence,
        store_a=world.store_a.id,
        chem_store=world.chem_store.id,
        toxic_tank=world.toxic_tank.id,
    )
