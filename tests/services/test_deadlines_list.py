"""The deadline list: each rule's items from both sides (due soon, overdue, not yet listed), across the
Spring Festival and a make-up Saturday, with the responsible party; scope, filters and filings."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from hazchem.domain.errors import Conflict, Forbidden, InvalidInput
from hazchem.domain.lifecycle import ManifestStatus
from hazchem.models import ComplianceFiling, Container, Enterprise, Event, Licence
from hazchem.services import registry as reg
from hazchem.services import waste
from hazchem.services.oversight import deadlines
from hazchem.services.oversight.deadlines import DeadlineFilters
from hazchem.services.platform import work_calendar
from tests.services.conftest import far_receiver, make_stored
from tests.services.test_audit_search import add_manifest

CAL = work_calendar()


def items(session, actor, today, expiry_days=60, **filters):
    return deadlines.list_deadlines(
        session=session,
        actor=actor,
        filters=DeadlineFilters(**filters),
        today=today,
        cal=CAL,
        expiry_warning_days=expiry_days,
    )


def by_rule(session, actor, today, rule, **filters):
    return [d for d in items(session, actor, today, **filters) if d.rule.code == rule]


def beijing_morning(day):
    return datetime(day.year, day.month, day.day, 2, tzinfo=UTC)  # 10:00 in Beijing


@pytest.fixture
def admin(registry):
    return registry.users["admin"]


@pytest.fixture
def no_annual(session, registry):
    """Mark A's annual filings done for 2026, so only the rule under test shows."""
    for kind in ("management_plan", "declaration"):
        deadlines.record_filing(
            session=session,
            actor=registry.users["admin"],
            enterprise_id=registry.ent_a.id,
            kind=kind,
            year=2026,
            filed_on=date(2026, 1, 10),
        )


# --- Receipt confirmation: 5 working days from arrival -------------------------------------------------


def test_receipt_confirmation_across_the_spring_festival(session, registry, chain, admin, no_annual):
    # Thu 12 Feb 2026: Fri 13, make-up Sat 14, rest 15–23 Feb, Tue 24, Wed 25, Thu 26 Feb.
    m = add_manifest(
        session,
        registry,
        chain,
        1,
        status=ManifestStatus.DELIVERED.value,
        delivered_at=beijing_morning(date(2026, 2, 12)),
    )
    rule = "manifest.receipt_confirmation"
    assert by_rule(session, admin, date(2026, 2, 23), rule) == []  # 3 days left: not yet listed
    [soon] = by_rule(session, admin, date(2026, 2, 26), rule)
    assert soon.due == date(2026, 2, 26) and soon.status.value == "due_soon" and soon.days_left == 0
    assert soon.subject == m.number and soon.party_id == registry.ent_b.id
    assert (
        soon.party_name == "乙环保科技有限公司" and soon.rule.basis and soon.rule.name_zh == "接受人确认接收"
    )
    [late] = by_rule(session, admin, date(2026, 2, 27), rule)
    assert late.status.value == "overdue" and late.days_left == -1


def test_receipt_confirmation_due_on_a_make_up_saturday(session, registry, chain, admin):
    # Mon 23 Feb is still a holiday: Tue 24 … Fri 27 count 1–4 and the make-up Sat 28 Feb is the 5th.
    add_manifest(
        session,
        registry,
        chain,
        1,
        status=ManifestStatus.DELIVERED.value,
        delivered_at=beijing_morning(date(2026, 2, 23)),
    )
    [item] = by_rule(session, admin, date(2026, 2, 28), "manifest.receipt_confirmation")
    assert item.due == date(2026, 2, 28) and item.status.value == "due_soon"
    assert (
        by_rule(session, admin, date(2026, 3, 2), "manifest.receipt_confirmation")[0].status.value
        == "overdue"
    )


def test_a_confirmed_receipt_is_no_longer_listed(session, registry, chain, admin):
    add_manifest(
        session,
        registry,
        chain,
        1,
        status=ManifestStatus.ACCEPTED.value,
        delivered_at=beijing_morning(date(2026, 2, 12)),
        accepted_at=beijing_morning(date(2026, 3, 12)),
    )
    assert by_rule(session, admin, date(2026, 3, 13), "manifest.receipt_confirmation") == []


# --- Paper-form backfill: 10 working days from the completed transfer ----------------------------------


def test_paper_backfill_across_the_spring_festival_until_backfilled(session, registry, admin):
    officer = registry.users["officer_a"]
    deadlines.record_filing(
        session=session,
        actor=officer,
        enterprise_id=registry.ent_a.id,
        kind="paper_backfill",
        reference="纸质联单-0001",
        completed_on=date(2026, 2, 13),
    )
    # Fri 13 Feb: make-up Sat 14 (1), 24–28 Feb (2–6, with the make-up Sat 28), 2–5 Mar (7–10).
    rule = "manifest.paper_backfill"
    assert by_rule(session, admin, date(2026, 3, 1), rule) == []
    [item] = by_rule(session, admin, date(2026, 3, 2), rule)
    assert item.due == date(2026, 3, 5) and item.status.value == "due_soon"
    assert item.party_id == registry.ent_a.id and item.subject == "纸质联单-0001"
    assert by_rule(session, admin, date(2026, 3, 6), rule)[0].status.value == "overdue"
    deadlines.record_filing(
        session=session,
        actor=officer,
        enterprise_id=registry.ent_a.id,
        kind="paper_backfill",
        reference="纸质联单-0001",
        completed_on=date(2026, 2, 13),
        filed_on=date(2026, 3, 6),
    )
    assert by_rule(session, admin, date(2026, 3, 9), rule) == []
    with pytest.raises(Conflict):
        deadlines.record_filing(
            session=session,
            actor=officer,
            enterprise_id=registry.ent_a.id,
            kind="paper_backfill",
            reference="纸质联单-0001",
            completed_on=date(2026, 2, 13),
            filed_on=date(2026, 3, 6),
        )


# --- Storage: at most one year -------------------------------------------------------------------------


def test_storage_one_year_from_the_put_away_date(session, registry, chain, admin):
    container = make_stored(session, chain, count=1)[0]
    row = session.get(Container, container.id)
    row.stored_at = beijing_morning(date(2025, 6, 1))
    session.add(row)
    session.commit()
    rule = "storage.one_year"
    assert by_rule(session, admin, date(2026, 3, 27), rule) == []  # day 299
    [item] = by_rule(session, admin, date(2026, 3, 28), rule)  # day 300
    assert item.due == date(2026, 6, 1) and item.status.value == "due_soon"
    assert item.subject == container.digital_id and item.party_id == registry.ent_a.id
    assert by_rule(session, admin, date(2026, 6, 2), rule)[0].status.value == "overdue"


# --- Licence expiry and renewal windows ----------------------------------------------------------------


def test_licence_expiry_and_general_renewal_window(session, registry, admin):
    # hc_safe_use of A, valid to 28 Feb 2027: renewal 30 days before (29 Jan), warned 30 days earlier;
    # the expiry itself is warned HAZCHEM_EXPIRY_WARNING_DAYS before (30 here).
    number = registry.use_licence.licence.number

    def mine(today):
        return {d.rule.code: d for d in items(session, admin, today, expiry_days=30) if d.subject == number}

    assert mine(date(2026, 12, 29)) == {}
    found = mine(date(2026, 12, 30))
    assert list(found) == ["licence.renewal"] and found["licence.renewal"].due == date(2027, 1, 29)
    assert found["licence.renewal"].status.value == "due_soon"
    assert "licence.expiry" not in mine(date(2027, 1, 28))
    both = mine(date(2027, 1, 30))
    assert both["licence.renewal"].status.value == "overdue"
    assert (
        both["licence.expiry"].due == date(2027, 2, 28) and both["licence.expiry"].status.value == "due_soon"
    )
    assert both["licence.expiry"].party_name == "甲化工有限公司"
    assert mine(date(2027, 3, 1))["licence.expiry"].status.value == "overdue"


def test_hw_operating_renewal_counts_working_days_and_a_renewed_licence_drops_out(session, registry, admin):
    number = registry.hw_licence.licence.number
    found = {d.rule.code: d for d in items(session, admin, date(2028, 11, 20)) if d.subject == number}
    renewal = found["licence.renewal.hw_operating"]
    assert CAL.uses_fallback(renewal.due, date(2028, 12, 31)) == renewal.fallback
    assert renewal.due < date(2028, 12, 1)  # 30 working days back from 31 Dec

    reg.create_licence(
        session=session,
        actor=None,
        enterprise_id=registry.ent_b.id,
        licence_type_id=registry.types["hw_operating"].id,
        number="浙危废经第3306000002号",
        valid_from=date(2029, 1, 1),
        valid_to=date(2033, 12, 31),
        lines=[],
    )
    assert [d for d in items(session, admin, date(2028, 11, 20)) if d.subject == number] == []


def test_revoked_licences_need_no_renewal(session, registry, admin):
    row = session.get(Licence, registry.use_licence.licence.id)
    row.status = "revoked"
    session.add(row)
    session.commit()
    number = registry.use_licence.licence.number
    assert [d for d in items(session, admin, date(2027, 1, 30)) if d.subject == number] == []


# --- Annual management plan and declaration by 31 March ------------------------------------------------


def test_annual_plan_and_declaration_are_due_each_year_without_a_filing(session, registry, admin):
    annual = ("annual.management_plan", "annual.declaration")
    assert [d for d in items(session, admin, date(2026, 2, 28)) if d.rule.code in annual] == []
    soon = [d for d in items(session, admin, date(2026, 3, 1)) if d.rule.code in annual]
    assert {d.rule.code for d in soon} == set(annual)
    assert all(d.due == date(2026, 3, 31) and d.party_id == registry.ent_a.id for d in soon)
    assert all(d.extra["no_filing_recorded"] for d in soon)
    # Only waste generators file: B (receiver) and C (carrier) have no annual items.
    assert {d.party_id for d in soon} == {registry.ent_a.id}
    deadlines.record_filing(
        session=session,
        actor=registry.users["officer_a"],
        enterprise_id=registry.ent_a.id,
        kind="management_plan",
        year=2026,
        filed_on=date(2026, 3, 20),
    )
    late = [d for d in items(session, admin, date(2026, 4, 1)) if d.rule.code in annual]
    assert [(d.rule.code, d.status.value) for d in late] == [("annual.declaration", "overdue")]
    # A new year is due again.
    assert {d.rule.code for d in items(session, admin, date(2027, 3, 1)) if d.rule.code in annual} == set(
        annual
    )


def test_recording_filings_is_checked(session, registry):
    args = {"enterprise_id": registry.ent_a.id, "kind": "management_plan", "year": 2026}
    with pytest.raises(Forbidden):
        deadlines.record_filing(session=session, actor=registry.users["officer_b"], **args)
    with pytest.raises(Forbidden):
        deadlines.record_filing(session=session, actor=registry.users["regulator_em"], **args)
    with pytest.raises(InvalidInput):
        deadlines.record_filing(session=session, actor=registry.users["officer_a"], **{**args, "year": None})
    with pytest.raises(InvalidInput):
        deadlines.record_filing(session=session, actor=registry.users["officer_a"], **{**args, "kind": "tax"})
    with pytest.raises(InvalidInput):
        deadlines.record_filing(
            session=session, actor=registry.users["officer_a"], **{**args, "kind": "paper_backfill"}
        )
    assert session.exec(select(ComplianceFiling)).all() == []
    done = deadlines.record_filing(session=session, actor=registry.users["regulator_eco"], **args)
    assert done.filed_on is not None
    assert session.exec(select(Event).where(Event.action == "filing.record")).one()
    with pytest.raises(Conflict):
        deadlines.record_filing(session=session, actor=registry.users["officer_a"], **args)


# --- Cross-province approval expiry --------------------------------------------------------------------


def test_cross_province_approval_expiry_until_used_up(session, registry, chain, admin, no_annual):
    far, _ = far_receiver(session, registry)
    approval = waste.create_approval(
        session=session,
        actor=registry.users["regulator_eco"],
        number="跨省审批-1",
        generator_id=registry.ent_a.id,
        receiver_id=far.id,
        waste_code="900-249-08",
        quota_t="10",
        valid_from=date(2026, 1, 1),
        valid_to=date(2026, 7, 10),
    )
    rule = "transfer_approval.expiry"
    assert by_rule(session, admin, date(2026, 6, 9), rule) == []
    [item] = by_rule(session, admin, date(2026, 6, 10), rule)
    assert (
        item.due == date(2026, 7, 10) and item.party_id == registry.ent_a.id and item.subject == "跨省审批-1"
    )
    assert by_rule(session, admin, date(2026, 7, 11), rule)[0].status.value == "overdue"
    approval.used_g = approval.quota_g
    session.add(approval)
    session.commit()
    assert by_rule(session, admin, date(2026, 7, 11), rule) == []


# --- Scope and filters ---------------------------------------------------------------------------------


@pytest.fixture
def mixed(session, registry, chain):
    add_manifest(
        session,
        registry,
        chain,
        1,
        status=ManifestStatus.DELIVERED.value,
        delivered_at=beijing_morning(date(2027, 1, 25)),
    )
    return date(2027, 1, 30)  # receipt overdue (B); renewal of A's hc_safe_use overdue, its expiry soon


def test_each_actor_sees_its_scope(session, registry, mixed):
    today, users = mixed, registry.users
    every = {d.rule.code for d in items(session, users["admin"], today)}
    assert {"manifest.receipt_confirmation", "licence.renewal", "licence.expiry"} <= every
    eco = {d.rule.code for d in items(session, users["regulator_eco"], today)}
    assert "manifest.receipt_confirmation" in eco and "licence.renewal" not in eco
    em = items(session, users["regulator_em"], today)
    assert {d.rule.code for d in em} == {"licence.renewal", "licence.expiry"}  # hc_safe_use is theirs
    officer = items(session, users["officer_a"], today)
    assert officer and {d.party_id for d in officer} == {registry.ent_a.id}
    assert {d.party_id for d in items(session, users["operator_b"], today)} == {registry.ent_b.id}
    with pytest.raises(Forbidden):
        items(session, users["driver"], today)


def test_filters_by_department_enterprise_rule_and_status(session, registry, mixed):
    today, admin = mixed, registry.users["admin"]
    assert {d.rule.code for d in items(session, admin, today, department_kind="emergency_management")} == {
        "licence.renewal",
        "licence.expiry",
    }
    assert {d.party_id for d in items(session, admin, today, enterprise_id=registry.ent_b.id)} == {
        registry.ent_b.id
    }
    assert {d.rule.code for d in items(session, admin, today, rule="licence.renewal")} == {"licence.renewal"}
    assert {d.status.value for d in items(session, admin, today, status="overdue")} == {"overdue"}
    assert items(session, admin, today, department_kind="postal") == []
    for bad in ({"department_kind": "customs"}, {"rule": "tax"}, {"status": "late"}, {"enterprise_id": "x"}):
        with pytest.raises(InvalidInput):
            deadlines.parse_filters(**bad)


def test_every_item_names_rule_due_date_and_party(session, registry, mixed):
    for item in items(session, registry.users["admin"], mixed):
        assert item.rule.code and item.rule.name_en and item.rule.basis
        assert item.due and item.status.value in ("due_soon", "overdue")
        assert item.party_name == session.get(Enterprise, item.party_id).name
