"""Registry use cases: validation, scoping per role and refusals that leave nothing behind."""

from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from hazchem.domain.errors import Conflict, Forbidden, InvalidInput, InvalidTransition, NotFound
from hazchem.domain.identifiers import uscc_check_char
from hazchem.domain.licensing import WasteSubject
from hazchem.models import Enterprise, Event, Facility, Licence, LicenceScopeLine, Vehicle
from hazchem.services import registry as reg
from hazchem.services.registry import ScopeLineInput


def count(session, model):
    return session.exec(select(func.count()).select_from(model)).one()


def make_uscc(serial):
    body = f"91330604{serial:09d}"
    return body + uscc_check_char(body)


def hw_line(**overrides):
    values = {
        "kind": "waste",
        "waste_category": "HW08",
        "modes": ["dispose"],
        "method_codes": ["D10"],
        "annual_scale_kg": 1_000_000,
    }
    values.update(overrides)
    return ScopeLineInput(**values)


class TestEnterprises:
    def test_admin_registers_an_enterprise_with_audit_event(self, session, registry):
        events = count(session, Event)
        ent = reg.create_enterprise(
            session=session,
            actor=registry.users["admin"],
            park_id=registry.park.id,
            uscc=make_uscc(31),
            name="丁",
            region_code="330604",
        )
        assert ent.id
        assert count(session, Event) == events + 1

    def test_bad_uscc_is_refused_and_nothing_written(self, session, registry):
        before = count(session, Enterprise)
        with pytest.raises(InvalidInput, match="check character"):
            reg.create_enterprise(
                session=session,
                actor=registry.users["admin"],
                park_id=registry.park.id,
                uscc="913306040000000011",
                name="丁",
                region_code="330604",
            )
        assert count(session, Enterprise) == before

    def test_duplicate_uscc_is_a_conflict(self, session, registry):
        with pytest.raises(Conflict):
            reg.create_enterprise(
                session=session,
                actor=None,
                park_id=registry.park.id,
                uscc=registry.ent_a.uscc,
                name="重复",
                region_code="330604",
            )

    @pytest.mark.parametrize("user", ["regulator_eco", "officer_a", "driver", "operator_b"])
    def test_only_admin_registers(self, session, registry, user):
        with pytest.raises(Forbidden):
            reg.create_enterprise(
                session=session,
                actor=registry.users[user],
                park_id=registry.park.id,
                uscc=make_uscc(32),
                name="丁",
                region_code="330604",
            )

    def test_unknown_role_and_missing_fields(self, session, registry):
        with pytest.raises(InvalidInput, match="roles"):
            reg.create_enterprise(
                session=session,
                actor=None,
                park_id=registry.park.id,
                uscc="91350100M000100Y43",
                name="x",
                region_code="330604",
                roles=["pirate"],
            )
        with pytest.raises(InvalidInput, match="missing"):
            reg.create_enterprise(session=session, actor=None, park_id=registry.park.id, name="x")

    def test_officer_edits_only_own_contact(self, session, registry):
        officer = registry.users["officer_a"]
        updated = reg.update_enterprise(
            session=session, actor=officer, enterprise_id=registry.ent_a.id, contact_phone="0575-82000000"
        )
        assert updated.contact_phone == "0575-82000000"
        with pytest.raises(Forbidden):
            reg.update_enterprise(
                session=session, actor=officer, enterprise_id=registry.ent_a.id, name="改名"
            )
        with pytest.raises(Forbidden):
            reg.update_enterprise(
                session=session, actor=officer, enterprise_id=registry.ent_b.id, contact_phone="1"
            )

    def test_scoping_per_role(self, session, registry):
        def visible(user):
            return {e.id for e in reg.list_enterprises(session=session, actor=registry.users[user])}

        all_ids = {registry.ent_a.id, registry.ent_b.id, registry.ent_c.id}
        assert visible("admin") == all_ids
        assert visible("regulator_em") == all_ids
        assert visible("officer_a") == {registry.ent_a.id}
        assert visible("operator_b") == {registry.ent_b.id}
        assert visible("driver") == {registry.ent_c.id}
        with pytest.raises(NotFound):
            reg.get_enterprise(
                session=session, actor=registry.users["officer_a"], enterprise_id=registry.ent_b.id
            )

    def test_keyset_paging_walks_everything_once(self, session, registry):
        admin = registry.users["admin"]
        seen, after = [], None
        while page := reg.list_enterprises(session=session, actor=admin, after=after, limit=2):
            seen += [e.id for e in page]
            after = page[-1].id
        assert sorted(seen) == sorted(set(seen)) and len(seen) == 3
        with pytest.raises(InvalidInput):
            reg.list_enterprises(session=session, actor=admin, limit=0)


class TestLicences:
    def test_regulators_see_the_types_their_department_handles(self, session, registry):
        hw_id = registry.hw_licence.licence.id

        def visible(user):
            return {v.licence.id for v in reg.list_licences(session=session, actor=registry.users[user])}

        assert hw_id in visible("regulator_eco")
        assert hw_id not in visible("regulator_em")
        assert registry.use_licence.licence.id in visible("regulator_em")
        assert visible("officer_a") == {registry.use_licence.licence.id}
        assert visible("admin") == {hw_id, registry.use_licence.licence.id}
        with pytest.raises(Forbidden, match="does not oversee hazardous-waste licences"):
            reg.get_licence(session=session, actor=registry.users["regulator_em"], licence_id=hw_id)
        with pytest.raises(NotFound):
            reg.get_licence(session=session, actor=registry.users["officer_a"], licence_id=hw_id)

    def test_matrix_change_moves_visibility(self, session, registry):
        # Outside its areas a department reads the licence types it issues; the matrix moves that.
        eco, admin = registry.users["regulator_eco"], registry.users["admin"]
        hw_type = registry.types["hw_operating"].id
        packaging = registry.types["industrial_product_packaging"].id
        made = reg.create_licence(
            session=session,
            actor=None,
            enterprise_id=registry.ent_a.id,
            licence_type_id=packaging,
            number="XK16-001",
            valid_from=date(2025, 1, 1),
            lines=[],
        )
        assert reg.list_licences(session=session, actor=eco, licence_type_id=packaging) == []
        with pytest.raises(Forbidden):
            reg.get_licence(session=session, actor=eco, licence_id=made.licence.id)
        cell = {"department_id": eco.department_id, "licence_type_id": packaging, "duty": "issues"}
        assert reg.set_responsibility(session=session, actor=admin, assigned=True, **cell)
        assert [v.licence.id for v in reg.list_licences(session=session, actor=eco)] == [
            registry.hw_licence.licence.id,
            made.licence.id,
        ]
        assert reg.set_responsibility(session=session, actor=admin, assigned=False, **cell)
        assert reg.list_licences(session=session, actor=eco, licence_type_id=packaging) == []
        # Its own area stays in view whatever the matrix says.
        for duty in ("issues", "supervises"):
            assert reg.set_responsibility(
                session=session,
                actor=admin,
                department_id=eco.department_id,
                licence_type_id=hw_type,
                duty=duty,
                assigned=False,
            )
        assert len(reg.list_licences(session=session, actor=eco, licence_type_id=hw_type)) == 1
        with pytest.raises(Forbidden):
            reg.set_responsibility(
                session=session,
                actor=eco,
                department_id=eco.department_id,
                licence_type_id=hw_type,
                duty="issues",
                assigned=True,
            )
        # Assigning twice changes nothing the second time.
        admin = registry.users["admin"]
        args = {"department_id": eco.department_id, "licence_type_id": hw_type, "duty": "issues"}
        assert reg.set_responsibility(session=session, actor=admin, assigned=True, **args)
        assert not reg.set_responsibility(session=session, actor=admin, assigned=True, **args)

    def test_issuing_regulator_records_a_licence_with_default_validity(self, session, registry):
        view = reg.create_licence(
            session=session,
            actor=registry.users["regulator_eco"],
            enterprise_id=registry.ent_b.id,
            licence_type_id=registry.types["hw_operating"].id,
            number="HW-NEW",
            valid_from=date(2026, 3, 1),
            lines=[hw_line(waste_code="900-249-08", waste_category=None)],
        )
        assert view.licence.valid_to == date(2031, 2, 28)  # five years, from the licence type
        assert view.lines[0].waste_code == "900-249-08"

    def test_other_departments_may_not_record_it(self, session, registry):
        with pytest.raises(Forbidden):
            reg.create_licence(
                session=session,
                actor=registry.users["regulator_em"],
                enterprise_id=registry.ent_b.id,
                licence_type_id=registry.types["hw_operating"].id,
                number="HW-X",
                valid_from=date(2026, 3, 1),
                lines=[hw_line()],
            )

    @pytest.mark.parametrize(
        ("line", "message"),
        [
            (hw_line(waste_code="900-999-08", waste_category=None), "no edition"),
            (hw_line(waste_category="HW99"), "no edition"),
            (hw_line(waste_category="H8"), "HWnn"),
            (hw_line(modes=[]), "mode"),
            (hw_line(modes=["burn"]), "modes"),
            (hw_line(method_codes=["D99"]), "unknown method"),
            (hw_line(annual_scale_kg=0), "annual scale"),
            (hw_line(waste_code="900-249-08"), "either"),
            (ScopeLineInput(kind="transport", dg_class="3"), "waste lines"),
        ],
    )
    def test_bad_scope_lines_are_refused_whole(self, session, registry, line, message):
        before = (count(session, Licence), count(session, LicenceScopeLine), count(session, Event))
        with pytest.raises(InvalidInput, match=message):
            reg.create_licence(
                session=session,
                actor=None,
                enterprise_id=registry.ent_b.id,
                licence_type_id=registry.types["hw_operating"].id,
                number="HW-BAD",
                valid_from=date(2026, 1, 1),
                lines=[hw_line(), line],
            )
        assert (count(session, Licence), count(session, LicenceScopeLine), count(session, Event)) == before

    def test_dates_issuer_and_duplicates(self, session, registry):
        args = {
            "session": session,
            "actor": None,
            "enterprise_id": registry.ent_b.id,
            "licence_type_id": registry.types["hw_operating"].id,
            "lines": [hw_line()],
        }
        with pytest.raises(InvalidInput, match="before"):
            reg.create_licence(number="A", valid_from=date(2026, 1, 1), valid_to=date(2025, 1, 1), **args)
        with pytest.raises(InvalidInput, match="issued by"):
            reg.create_licence(
                number="A",
                valid_from=date(2026, 1, 1),
                issuer_department_id=registry.departments["public_security"].id,
                **args,
            )
        with pytest.raises(Conflict):
            reg.create_licence(number=registry.hw_licence.licence.number, valid_from=date(2026, 1, 1), **args)

    def test_status_changes_follow_the_lifecycle_and_drive_coverage(self, session, registry):
        eco = registry.users["regulator_eco"]
        lic_id = registry.hw_licence.licence.id
        subject = WasteSubject("900-249-08", "dispose", "D10")

        def covered():
            return reg.licence_coverage(
                session=session,
                enterprise_id=registry.ent_b.id,
                type_code="hw_operating",
                on=date(2026, 6, 1),
                subject=subject,
            )

        assert covered()
        reg.change_licence_status(
            session=session, actor=eco, licence_id=lic_id, status="suspended", reason="整改"
        )
        assert covered().reasons[0].code == "suspended"
        reg.change_licence_status(
            session=session, actor=eco, licence_id=lic_id, status="valid", reason="复核"
        )
        assert covered()
        reg.change_licence_status(
            session=session, actor=eco, licence_id=lic_id, status="revoked", reason="吊销"
        )
        with pytest.raises(InvalidTransition):
            reg.change_licence_status(
                session=session, actor=eco, licence_id=lic_id, status="valid", reason="x"
            )
        with pytest.raises(InvalidInput):
            reg.change_licence_status(
                session=session, actor=eco, licence_id=lic_id, status="expired", reason=""
            )

    def test_status_change_by_a_department_that_does_not_issue_it(self, session, registry):
        with pytest.raises(Forbidden, match="does not oversee"):  # emergency management cannot even see it
            reg.change_licence_status(
                session=session,
                actor=registry.users["regulator_em"],
                licence_id=registry.hw_licence.licence.id,
                status="suspended",
                reason="x",
            )
        with pytest.raises(Forbidden):  # the holder sees it but does not issue licences
            reg.change_licence_status(
                session=session,
                actor=registry.users["officer_b"],
                licence_id=registry.hw_licence.licence.id,
                status="suspended",
                reason="x",
            )

    def test_expiring_within_sixty_days_for_holder_and_issuer(self, session, registry):
        on = registry.hw_licence.licence.valid_to - timedelta(days=30)

        def expiring(user, days=60):
            return {
                v.licence.id
                for v in reg.expiring_licences(
                    session=session, actor=registry.users[user], on=on, within_days=days
                )
            }

        hw_id = registry.hw_licence.licence.id
        assert hw_id in expiring("officer_b")
        assert hw_id in expiring("regulator_eco")
        assert hw_id not in expiring("officer_a")
        assert hw_id not in expiring("regulator_em")
        assert hw_id not in expiring("officer_b", days=10)
        reg.change_licence_status(
            session=session, actor=registry.users["admin"], licence_id=hw_id, status="revoked", reason="x"
        )
        assert hw_id not in expiring("officer_b")


class TestFacilitiesAndCarriers:
    def test_owner_officer_registers_a_facility_others_may_not(self, session, registry):
        facility = reg.create_facility(
            session=session,
            actor=registry.users["officer_a"],
            enterprise_id=registry.ent_a.id,
            name="罐区",
            kind="tank_farm",
            storage_capacity_kg=500_000,
        )
        assert facility.id
        with pytest.raises(Forbidden):
            reg.create_facility(
                session=session,
                actor=registry.users["officer_b"],
                enterprise_id=registry.ent_a.id,
                name="x",
                kind="tank_farm",
                storage_capacity_kg=1,
            )

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"kind": "tank_farm"}, "at least one capacity"),
            ({"kind": "tank_farm", "storage_capacity_kg": -1}, "negative"),
            ({"kind": "spaceport", "storage_capacity_kg": 1}, "kind"),
        ],
    )
    def test_facility_refusals(self, session, registry, kwargs, message):
        before = count(session, Facility)
        with pytest.raises(InvalidInput, match=message):
            reg.create_facility(
                session=session, actor=None, enterprise_id=registry.ent_a.id, name="x", **kwargs
            )
        assert count(session, Facility) == before

    def test_case_study_capacities_keep_their_units(self, session, registry):
        plant = reg.create_facility(
            session=session,
            actor=None,
            enterprise_id=registry.ent_b.id,
            name="焚烧线",
            kind="incinerator",
            daily_capacity_kg=70_000,
            storage_capacity_kg=3_000_000,
        )
        assert (plant.daily_capacity_kg, plant.storage_capacity_kg, plant.annual_capacity_kg) == (
            70_000,
            3_000_000,
            None,
        )

    def test_vehicle_refusals(self, session, registry):
        args = {"session": session, "actor": None, "certificate_no": "C-1", "valid_to": date(2028, 1, 1)}
        with pytest.raises(InvalidInput, match="plate"):
            reg.create_vehicle(carrier_id=registry.ent_c.id, plate="ABC123", dg_classes=["3"], **args)
        with pytest.raises(InvalidInput, match="carrier"):
            reg.create_vehicle(carrier_id=registry.ent_a.id, plate="浙D54321", dg_classes=["3"], **args)
        with pytest.raises(InvalidInput, match="classes"):
            reg.create_vehicle(carrier_id=registry.ent_c.id, plate="浙D54321", dg_classes=["10"], **args)
        with pytest.raises(Conflict):
            reg.create_vehicle(carrier_id=registry.ent_c.id, plate="浙D12345", dg_classes=["3"], **args)
        assert count(session, Vehicle) == 1

    def test_carrier_scoping(self, session, registry):
        assert [v.plate for v in reg.list_vehicles(session=session, actor=registry.users["driver"])] == [
            "浙D12345"
        ]
        assert reg.list_vehicles(session=session, actor=registry.users["officer_a"]) == []
        assert reg.list_drivers(session=session, actor=registry.users["officer_b"]) == []
        assert len(reg.list_drivers(session=session, actor=registry.users["regulator_tr"])) == 1
        with pytest.raises(Forbidden, match="does not oversee drivers"):
            reg.list_drivers(session=session, actor=registry.users["regulator_em"])


def test_role_filter_applies_before_the_page_limit(session, registry):
    admin = registry.users["admin"]
    carriers = reg.list_enterprises(session=session, actor=admin, role="carrier", limit=1)
    assert [e.id for e in carriers] == [registry.ent_c.id]
    assert reg.list_enterprises(session=session, actor=admin, role="collector") == []


def test_renaming_a_department_onto_another_name_is_a_conflict(session, registry):
    eco = registry.departments["ecology_environment"]
    with pytest.raises(Conflict):
        reg.update_department(
            session=session,
            actor=registry.users["admin"],
            department_id=eco.id,
            name=registry.departments["transport"].name,
        )
    session.expire_all()
    assert (
        reg.get_department(session=session, actor=registry.users["admin"], department_id=eco.id).name
        == eco.name
    )
