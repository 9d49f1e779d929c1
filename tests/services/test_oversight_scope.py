"""Department-scoped oversight: every department × every guarded read, allowed or refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hazchem.domain.errors import Forbidden, NotFound
from hazchem.services import registry as reg
from hazchem.services import waste
from hazchem.services.oversight import registers
from hazchem.services.oversight import search as audit_search
from hazchem.services.waste import reads as custody_reads
from tests.services.oversight_world import DEPARTMENT_USERS, READS, World, build_world, oversees


@pytest.fixture
def world(session, registry, chain) -> World:
    """One record in every area."""
    return build_world(session, registry, chain)


def _calls(session: Any, w: World) -> dict[str, Callable[[Any], Any]]:
    """Each read of READS as a service call for an actor."""
    filters = audit_search.ManifestFilters()
    return {
        "manifest list": lambda a: waste.list_manifests(session=session, actor=a),
        "manifest detail": lambda a: waste.get_manifest(
            session=session, actor=a, manifest_id=w.manifest.id
        ),
        "manifest search": lambda a: (
            audit_search.search_manifests(session=session, actor=a, filters=filters).items
        ),
        "manifest register": lambda a: list(
            registers.manifest_register_sheet(session=session, actor=a, filters=filters).rows
        ),
        "manifest slip": lambda a: waste.get_manifest(
            session=session, actor=a, manifest_id=w.manifest.id
        ),
        "transfer approvals": lambda a: custody_reads.list_approvals(session, a, after=None, limit=10) or [1],
        "container list": lambda a: custody_reads.list_containers(
            session, a, status=None, facility_id=None, enterprise_id=None, after=None, limit=10
        ),
        "container detail": lambda a: waste.get_container(
            session=session, actor=a, container_id=w.container.id
        ),
        "storage ages": lambda a: waste.storage_ages(session=session, actor=a) or [1],
        "storage occupancy": lambda a: waste.occupancy(session=session, actor=a),
        "waste streams": lambda a: waste.list_streams(session=session, actor=a),
        "enterprise ledger": lambda a: registers.ledger_sheets(
            session=session, actor=a, enterprise_id=w.ent_a
        ),
        "waste licence": lambda a: reg.get_licence(session=session, actor=a, licence_id=w.hw_licence),
        "chemical licence": lambda a: reg.get_licence(session=session, actor=a, licence_id=w.use_licence),
        "controlled permit": lambda a: reg.get_licence(session=session, actor=a, licence_id=w.toxic_licence),
        "carrier licence": lambda a: reg.get_licence(
            session=session, actor=a, licence_id=w.transport_licence
        ),
        "waste store": lambda a: reg.get_facility(session=session, actor=a, facility_id=w.store_a.id),
        "chemical store": lambda a: reg.get_facility(session=session, actor=a, facility_id=w.chem_store.id),
        "controlled holding": lambda a: reg.get_facility(
            session=session, actor=a, facility_id=w.toxic_tank.id
        ),
        "facility list": lambda a: reg.list_facilities(session=session, actor=a),
        "vehicles": lambda a: reg.list_vehicles(session=session, actor=a),
        "drivers": lambda a: reg.list_drivers(session=session, actor=a),
        "transport legs": lambda a: custody_reads.list_transport_legs(session, a),
    }


@pytest.mark.parametrize("username", DEPARTMENT_USERS)
@pytest.mark.parametrize("read", sorted(READS))
def test_each_department_reads_its_areas_and_is_refused_the_rest(session, world, username, read):
    call = _calls(session, world)[read]
    actor = world.users[username]
    areas = READS[read][0]
    if oversees(username, areas):
        assert call(actor)  # allowed, and the record is there
    else:
        with pytest.raises(Forbidden, match="your department does not oversee"):
            call(actor)
        session.rollback()


@pytest.mark.parametrize("read", sorted(READS))
def test_the_administrator_reads_everything(session, world, read):
    assert _calls(session, world)[read](world.users["admin"])


def test_enterprise_users_keep_their_own_scope(session, world, registry):
    officer = world.users["officer_a"]
    assert [m.id for m in waste.list_manifests(session=session, actor=officer)] == [world.manifest.id]
    assert {f.id for f in reg.list_facilities(session=session, actor=officer)} == {
        world.store_a.id,
        world.chem_store.id,
        world.toxic_tank.id,
    }
    # Another enterprise's officer gets "not found", never another department's refusal.
    with pytest.raises(NotFound):
        reg.get_licence(session=session, actor=officer, licence_id=world.hw_licence)
    assert reg.list_vehicles(session=session, actor=officer) == []


LICENCES = {
    "regulator_eco": {"hw_licence"},
    "regulator_em": {"use_licence"},
    "regulator_ps": {"toxic_licence"},
    "regulator_tr": {"transport_licence"},
    "regulator_pc": {"hw_licence", "use_licence", "toxic_licence", "transport_licence"},
    "regulator_mr": set(),
}
FACILITIES = {
    "regulator_eco": {"store_a", "plant_b", "store_b"},
    "regulator_em": {"chem_store", "toxic_tank"},
    "regulator_ps": {"toxic_tank"},
    "regulator_pc": {"store_a", "plant_b", "store_b", "chem_store", "toxic_tank"},
}


@pytest.mark.parametrize("username", DEPARTMENT_USERS)
def test_lists_hold_exactly_the_departments_licences_and_facilities(session, world, chain, username):
    actor = world.users[username]
    licence_ids = {name: getattr(world, name) for name in LICENCES["regulator_pc"]}
    seen = {v.licence.id for v in reg.list_licences(session=session, actor=actor)}
    assert seen == {licence_ids[n] for n in LICENCES[username]}
    facility_ids = {
        "store_a": world.store_a.id,
        "plant_b": chain.plant_b.id,
        "store_b": chain.store_b.id,
        "chem_store": world.chem_store.id,
        "toxic_tank": world.toxic_tank.id,
    }
    if username in FACILITIES:
        found = {f.id for f in reg.list_facilities(session=session, actor=actor)}
        assert found == {facility_ids[n] for n in FACILITIES[username]}
    else:
        with pytest.raises(Forbidden):
            reg.list_facilities(session=session, actor=actor)


def test_a_refusal_names_what_the_department_does_not_oversee(session, world):
    with pytest.raises(Forbidden) as refused:
        waste.get_manifest(
            session=session, actor=world.users["regulator_tr"], manifest_id=world.manifest.id
        )
    assert refused.value.message == "your department does not oversee waste manifests"
    with pytest.raises(Forbidden) as refused:
        reg.get_licence(session=session, actor=world.users["regulator_eco"], licence_id=world.toxic_licence)
    assert refused.value.message == (
        "your department does not oversee highly-toxic and explosive-precursor permits"
    )


def test_transport_legs_carry_the_manifest_and_the_crew(session, world, registry):
    [row] = custody_reads.list_transport_legs(session, world.users["regulator_tr"])
    assert row.manifest.number == world.manifest.number
    assert (row.carrier.id, row.vehicle.plate, row.driver.name) == (registry.ent_c.id, "浙D12345", "王师傅")
    assert custody_reads.list_transport_legs(session, world.users["driver"])[0].leg.id == row.leg.id
    # The receiver is a party to the manifest; its legs are in its view.
    assert [r.leg.id for r in custody_reads.list_transport_legs(session, world.users["officer_b"])] == [
        row.leg.id
    ]
    assert (
        custody_reads.list_transport_legs(session, world.users["regulator_tr"], carrier_id=registry.ent_a.id)
        == []
    )
