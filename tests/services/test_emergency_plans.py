"""Emergency plans: versions, the lifecycle, the organisation and notification tree, the attached PDF,
drills and reviews; who may write and who reads, each from both sides."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from hazchem.domain.errors import Conflict, Forbidden, InvalidInput, InvalidTransition, NotFound
from hazchem.models import EmergencyPlan, Event, PlanFile
from hazchem.services import emergency
from hazchem.services.platform import clock

GRADES = [
    {"grade": "IV", "criteria": "一般：影响限于企业厂界内"},
    {"grade": "I", "criteria": "特别重大：影响跨设区的市"},
]
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def park_plan(session, registry, actor_name="regulator_em", **kw):
    values = {"kind": "chemical_accident", "title": "园区危险化学品事故应急预案", "grades": GRADES}
    values.update(kw)
    return emergency.create_plan(session=session, actor=registry.users[actor_name], **values)


def test_a_plan_starts_as_draft_version_one_with_its_grades_ordered(session, registry):
    plan = park_plan(session, registry)
    assert (plan.version, plan.status, plan.enterprise_id) == (1, "draft", None)
    assert [g["grade"] for g in plan.grades] == ["I", "IV"]
    assert plan.park_id == registry.park.id
    events = session.exec(select(Event).where(Event.entity == "emergencyplan")).all()
    assert [e.action for e in events] == ["emergency_plan.create"]


def test_the_same_plan_is_not_started_twice(session, registry):
    park_plan(session, registry)
    with pytest.raises(Conflict):
        park_plan(session, registry)
    # Another kind, or an enterprise's plan of the same kind, is another plan.
    park_plan(session, registry, kind="environmental_emergency")
    emergency.create_plan(
        session=session,
        actor=registry.users["officer_a"],
        kind="chemical_accident",
        title="甲公司预案",
        enterprise_id=registry.ent_a.id,
    )


def test_grades_are_checked(session, registry):
    with pytest.raises(InvalidInput):
        park_plan(session, registry, grades=[{"grade": "V", "criteria": "x"}])
    with pytest.raises(InvalidInput):
        park_plan(session, registry, grades=[{"grade": "I", "criteria": ""}])
    with pytest.raises(InvalidInput):
        park_plan(
            session, registry, grades=[{"grade": "I", "criteria": "a"}, {"grade": "I", "criteria": "b"}]
        )


def test_put_in_force_then_a_new_version_supersedes_it_and_the_old_one_is_kept(session, registry):
    em = registry.users["regulator_em"]
    first = park_plan(session, registry)
    emergency.put_in_force(session=session, actor=em, plan_id=first.id)
    assert first.status == "in_force" and first.effective_from == clock.today()
    contact = emergency.add_contact(
        session=session, actor=em, plan_id=first.id, unit="office", name="李办", phone="0570-0000002"
    )
    emergency.add_notification_rule(
        session=session,
        actor=em,
        plan_id=first.id,
        grade="I",
        notifier="企业",
        within_minutes=0,
        notified_contact_id=contact.id,
    )
    second = emergency.revise_plan(session=session, actor=em, plan_id=first.id, title="园区预案（2027修订）")
    assert (second.version, second.status) == (2, "draft")
    # The organisation and the tree are carried over, pointing at the new version's contacts.
    contacts = emergency.plan_contacts(session=session, actor=em, plan_id=second.id)
    rules = emergency.plan_rules(session=session, actor=em, plan_id=second.id)
    assert [c.name for c in contacts] == ["李办"] and contacts[0].id != contact.id
    assert rules[0].notified_contact_id == contacts[0].id
    with pytest.raises(Conflict):  # one draft at a time
        emergency.revise_plan(session=session, actor=em, plan_id=first.id)
    emergency.put_in_force(session=session, actor=em, plan_id=second.id)
    session.refresh(first)
    assert (first.status, second.status) == ("superseded", "in_force")
    assert [p.version for p in emergency.plan_versions(session=session, actor=em, plan_id=first.id)] == [2, 1]
    # Lists show current versions unless every version is asked for.
    assert [p.id for p in emergency.list_plans(session=session, actor=em)] == [second.id]
    assert len(emergency.list_plans(session=session, actor=em, all_versions=True)) == 2
    with pytest.raises(Conflict):  # a new version comes from the latest one only
        emergency.revise_plan(session=session, actor=em, plan_id=first.id)
    with pytest.raises(Conflict):  # a superseded version is kept as it was
        emergency.add_contact(session=session, actor=em, plan_id=first.id, unit="office", name="王")
    assert (
        emergency.plan_in_force(session, park_id=registry.park.id, kind="chemical_accident").id == second.id
    )


def test_only_a_draft_is_put_in_force_and_only_with_grades(session, registry):
    em = registry.users["regulator_em"]
    plan = park_plan(session, registry, grades=[])
    with pytest.raises(InvalidInput):
        emergency.put_in_force(session=session, actor=em, plan_id=plan.id)
    emergency.update_plan(session=session, actor=em, plan_id=plan.id, grades=GRADES)
    emergency.put_in_force(session=session, actor=em, plan_id=plan.id)
    with pytest.raises(InvalidTransition):
        emergency.put_in_force(session=session, actor=em, plan_id=plan.id)
    with pytest.raises(Conflict):  # a version in force changes by a new version
        emergency.update_plan(session=session, actor=em, plan_id=plan.id, title="改")


def test_the_pdf_is_checked_and_its_hash_kept(session, registry):
    em = registry.users["regulator_em"]
    plan = park_plan(session, registry)
    with pytest.raises(InvalidInput):
        emergency.attach_file(session=session, actor=em, plan_id=plan.id, file_name="plan.pdf", content=b"")
    with pytest.raises(InvalidInput):
        emergency.attach_file(
            session=session, actor=em, plan_id=plan.id, file_name="plan.pdf", content=b"MZ not a pdf"
        )
    big = b"%PDF-1.7\n" + b"0" * (3 * 1024 * 1024) + b"\n%%EOF"
    with pytest.raises(InvalidInput):
        emergency.attach_file(session=session, actor=em, plan_id=plan.id, file_name="plan.pdf", content=big)
    emergency.attach_file(
        session=session, actor=em, plan_id=plan.id, file_name="C:\\docs\\plan.pdf", content=PDF
    )
    import hashlib

    assert plan.file_sha256 == hashlib.sha256(PDF).hexdigest()
    assert (plan.file_name, plan.file_size) == ("plan.pdf", len(PDF))
    stored = emergency.plan_file(session=session, actor=registry.users["regulator_ps"], plan_id=plan.id)
    assert stored.content == PDF
    # A draft may replace its file; once in force the file is sealed.
    emergency.attach_file(session=session, actor=em, plan_id=plan.id, file_name="v2.pdf", content=PDF + b" ")
    emergency.put_in_force(session=session, actor=em, plan_id=plan.id)
    with pytest.raises(Conflict):
        emergency.attach_file(session=session, actor=em, plan_id=plan.id, file_name="v3.pdf", content=PDF)
    assert len(session.exec(select(PlanFile)).all()) == 2


def test_a_plan_without_a_file_says_so(session, registry):
    plan = park_plan(session, registry)
    with pytest.raises(NotFound):
        emergency.plan_file(session=session, actor=registry.users["admin"], plan_id=plan.id)


def test_notification_rules_name_a_target_and_a_defined_grade(session, registry):
    em = registry.users["regulator_em"]
    plan = park_plan(session, registry)
    eco = registry.departments["ecology_environment"]
    with pytest.raises(InvalidInput):  # nobody told
        emergency.add_notification_rule(
            session=session, actor=em, plan_id=plan.id, grade="I", notifier="办公室", within_minutes=30
        )
    with pytest.raises(InvalidInput):  # grade II is not defined by this plan
        emergency.add_notification_rule(
            session=session,
            actor=em,
            plan_id=plan.id,
            grade="II",
            notifier="办公室",
            within_minutes=30,
            notified_department_id=eco.id,
        )
    with pytest.raises(InvalidInput):
        emergency.add_notification_rule(
            session=session,
            actor=em,
            plan_id=plan.id,
            grade="I",
            notifier="办公室",
            within_minutes=-1,
            notified_unit="headquarters",
        )
    other = park_plan(session, registry, kind="environmental_emergency")
    stranger = emergency.add_contact(session=session, actor=em, plan_id=other.id, unit="office", name="赵")
    with pytest.raises(InvalidInput):  # a contact of another plan
        emergency.add_notification_rule(
            session=session,
            actor=em,
            plan_id=plan.id,
            grade="I",
            notifier="办公室",
            within_minutes=5,
            notified_contact_id=stranger.id,
        )
    for grade, minutes, unit in (("I", 60, ""), ("I", 0, "office"), ("IV", 30, "headquarters")):
        emergency.add_notification_rule(
            session=session,
            actor=em,
            plan_id=plan.id,
            grade=grade,
            notifier="园区应急办公室",
            within_minutes=minutes,
            notified_unit=unit,
            notified_department_id=None if unit else eco.id,
        )
    told = emergency.notification_rules_for(session, plan, "I")
    assert [(r.within_minutes, r.notified_unit) for r in told] == [(0, "office"), (60, "")]
    assert [r.grade for r in emergency.notification_rules_for(session, plan.id, "IV")] == ["IV"]
    with pytest.raises(InvalidInput):
        emergency.notification_rules_for(session, plan, "V")


def test_drills_and_reviews_are_recorded_with_their_next_dates(session, registry):
    em = registry.users["regulator_em"]
    plan = park_plan(session, registry)
    today = clock.today()
    with pytest.raises(InvalidInput):  # a drill held tomorrow
        emergency.record_drill(
            session=session,
            actor=em,
            plan_id=plan.id,
            held_on=today + timedelta(days=1),
            next_drill_due=today + timedelta(days=200),
        )
    with pytest.raises(InvalidInput):  # next due before the drill
        emergency.record_drill(
            session=session,
            actor=em,
            plan_id=plan.id,
            held_on=today,
            next_drill_due=today - timedelta(days=1),
        )
    emergency.record_drill(
        session=session, actor=em, plan_id=plan.id, held_on=today, next_drill_due=today + timedelta(days=180)
    )
    emergency.record_review(
        session=session,
        actor=em,
        plan_id=plan.id,
        reviewed_on=today,
        next_review_due=today + timedelta(days=1095),
    )
    session.refresh(plan)
    assert (plan.last_drill_on, plan.next_drill_due) == (today, today + timedelta(days=180))
    assert (plan.last_review_on, plan.next_review_due) == (today, today + timedelta(days=1095))


# --- Who writes and who reads --------------------------------------------------------------------


def test_the_parks_plan_is_written_by_the_admin_and_emergency_management_only(session, registry):
    park_plan(session, registry, actor_name="admin")
    for name in ("regulator_eco", "regulator_ps", "officer_a", "operator_b"):
        with pytest.raises(Forbidden):
            park_plan(session, registry, actor_name=name, kind="environmental_emergency")
    with pytest.raises(Forbidden):
        park_plan(session, registry, actor_name="driver", kind="environmental_emergency")
    park_plan(session, registry, actor_name="regulator_em", kind="environmental_emergency")


def test_an_enterprise_plan_is_written_by_its_own_officer(session, registry):
    def start(actor_name, enterprise):
        return emergency.create_plan(
            session=session,
            actor=registry.users[actor_name],
            kind="environmental_emergency",
            title="突发环境事件应急预案",
            enterprise_id=enterprise.id,
            grades=GRADES,
        )

    for name in ("officer_b", "operator_b", "regulator_em", "regulator_eco"):
        with pytest.raises(Forbidden):
            start(name, registry.ent_a)
    plan = start("officer_a", registry.ent_a)
    with pytest.raises(NotFound):  # B's officer does not even see A's plan
        emergency.put_in_force(session=session, actor=registry.users["officer_b"], plan_id=plan.id)
    with pytest.raises(Forbidden):  # the ecology regulator reads it but does not keep it
        emergency.put_in_force(session=session, actor=registry.users["regulator_eco"], plan_id=plan.id)
    emergency.put_in_force(session=session, actor=registry.users["officer_a"], plan_id=plan.id)


def test_who_reads_which_plans(session, registry):
    park = park_plan(session, registry)
    a_env = emergency.create_plan(
        session=session,
        actor=registry.users["officer_a"],
        kind="environmental_emergency",
        title="甲环境预案",
        enterprise_id=registry.ent_a.id,
    )
    a_chem = emergency.create_plan(
        session=session,
        actor=registry.users["officer_a"],
        kind="chemical_accident",
        title="甲化学品预案",
        enterprise_id=registry.ent_a.id,
    )

    def seen(name):
        return {p.id for p in emergency.list_plans(session=session, actor=registry.users[name])}

    assert seen("admin") == seen("regulator_pc") == {park.id, a_env.id, a_chem.id}
    assert seen("officer_a") == {park.id, a_env.id, a_chem.id}
    assert seen("officer_b") == seen("operator_b") == {park.id}
    # Regulators: the park's plans, and enterprises' plans of their department's area.
    assert seen("regulator_em") == {park.id, a_chem.id}
    assert seen("regulator_eco") == {park.id, a_env.id}
    assert seen("regulator_ps") == seen("regulator_tr") == {park.id}
    with pytest.raises(NotFound):
        emergency.get_plan(session=session, actor=registry.users["regulator_ps"], plan_id=a_chem.id)
    with pytest.raises(Forbidden):
        emergency.list_plans(session=session, actor=registry.users["driver"])
    assert {
        p.id for p in emergency.list_plans(session=session, actor=registry.users["admin"], park_only=True)
    } == {park.id}


def test_a_failed_write_leaves_nothing_behind(session, registry):
    plan = park_plan(session, registry)
    with pytest.raises(InvalidInput):
        emergency.add_contact(
            session=session, actor=registry.users["regulator_em"], plan_id=plan.id, unit="nobody", name="王"
        )
    assert session.exec(select(EmergencyPlan)).one().id == plan.id
    assert clock.today()  # the park clock answers a date
