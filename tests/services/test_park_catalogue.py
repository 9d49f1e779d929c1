"""Park catalogue revisions: who may revise, every refusal, and showing past versions after later ones."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from hazchem.domain.errors import Forbidden, HazchemError, InvalidInput, NotFound, RuleViolation
from hazchem.domain.park_catalogue import LineInput
from hazchem.models import Event, ParkCatalogueRevision
from hazchem.render import sheets
from hazchem.services.chemicals import park_catalogue as pcs
from tests.cheminfo_support import add_chemicals
from tests.services.test_concurrency import run_together


@pytest.fixture
def chems(session, registry):
    return add_chemicals(session)


def _revise(session, actor, reason, *lines, day=date(2026, 1, 5)):
    return pcs.revise(session=session, actor=actor, reason=reason, lines=list(lines), effective_date=day)


def test_versions_replay_revisions_and_past_versions_stay_visible(session, registry, chems):
    em = registry.users["regulator_em"]
    cl, hno3, meoh = chems["chlorine"].id, chems["nitric"].id, chems["methanol"].id
    r1 = _revise(
        session,
        em,
        "首次发布园区目录",
        LineInput(cl, "add", ("controlled",), max_holding_kg=10_000),
        LineInput(meoh, "add"),
    )
    r2 = _revise(session, em, "硝酸进入园区", LineInput(hno3, "add", ("restricted",)), day=date(2026, 3, 1))
    r3 = _revise(
        session,
        em,
        "氯限量调整，甲醇不再使用",
        LineInput(cl, "change", ("controlled", "key_supervised"), max_holding_kg=5_000, reporting_kg=1_000),
        LineInput(meoh, "remove"),
    )
    assert (r1.number, r2.number, r3.number) == (1, 2, 3)
    assert r1.department_id == registry.departments["emergency_management"].id

    latest = pcs.version(session=session)
    assert latest.number == latest.latest == 3
    assert [e.chemical.name for e in latest.entries] == ["氯", "硝酸"]
    chlorine = latest.entries[0].state
    assert (chlorine.flags, chlorine.max_holding_kg, chlorine.reporting_kg) == (
        ("controlled", "key_supervised"),
        5_000,
        1_000,
    )

    first = pcs.version(session=session, number=1)
    assert first.revision.reason == "首次发布园区目录"
    assert [e.chemical.name for e in first.entries] == ["甲醇", "氯"]
    assert first.entries[1].state.max_holding_kg == 10_000
    assert first.entries[1].state.flags == ("controlled",)
    assert [e.chemical.name for e in pcs.version(session=session, number=2).entries] == ["甲醇", "氯", "硝酸"]
    assert pcs.version(session=session, number=0).entries == []

    history = pcs.revisions(session=session)
    assert [h.revision.number for h in history] == [3, 2, 1]
    assert history[0].made_by == "regulator_em"
    assert {(line.action, chem.name) for line, chem in history[0].lines} == {
        ("change", "氯"),
        ("remove", "甲醇"),
    }
    events = session.exec(
        select(Event).where(Event.action == "park_catalogue.revise").order_by(Event.id)
    ).all()
    assert len(events) == 3 and events[0].after["reason"] == "首次发布园区目录"


def test_removed_entry_can_come_back(session, registry, chems):
    em = registry.users["regulator_em"]
    meoh = chems["methanol"].id
    _revise(session, em, "加入", LineInput(meoh, "add"))
    _revise(session, em, "移出", LineInput(meoh, "remove"))
    _revise(session, em, "重新加入", LineInput(meoh, "add", ("restricted",)))
    assert [e.state.flags for e in pcs.version(session=session).entries] == [("restricted",)]
    assert pcs.version(session=session, number=2).entries == []


def test_admin_may_revise_but_other_departments_and_enterprises_may_not(session, registry, chems):
    meoh = chems["methanol"].id
    assert _revise(session, registry.users["admin"], "管理员发布", LineInput(meoh, "add")).number == 1
    for name in ("regulator_eco", "officer_a"):
        with pytest.raises(Forbidden):
            _revise(session, registry.users[name], "越权", LineInput(meoh, "remove"))
    assert pcs.latest_number(session, registry.park.id) == 1


def test_refusals_leave_nothing_written(session, registry, chems):
    em = registry.users["regulator_em"]
    cl, meoh = chems["chlorine"].id, chems["methanol"].id
    _revise(session, em, "首次发布", LineInput(cl, "add"))
    cases = [
        (InvalidInput, "", [LineInput(meoh, "add")]),  # no reason
        (InvalidInput, "   ", [LineInput(meoh, "add")]),
        (InvalidInput, "未知化学品", [LineInput(999_999, "add")]),
        (RuleViolation, "移出不在目录中的", [LineInput(meoh, "remove")]),
        (RuleViolation, "修改不在目录中的", [LineInput(meoh, "change", ("restricted",))]),
        (RuleViolation, "重复加入", [LineInput(cl, "add")]),
        (InvalidInput, "什么也没改", [LineInput(cl, "change")]),
        (InvalidInput, "空修订", []),
        (InvalidInput, "未知动作", [LineInput(meoh, "rename")]),
        (InvalidInput, "未知标记", [LineInput(meoh, "add", ("dangerous",))]),
        (InvalidInput, "禁止又限制", [LineInput(meoh, "add", ("prohibited", "restricted"))]),
        (InvalidInput, "负数阈值", [LineInput(meoh, "add", max_holding_kg=0)]),
        (InvalidInput, "报告阈值高于限量", [LineInput(meoh, "add", max_holding_kg=10, reporting_kg=20)]),
        (InvalidInput, "同一化学品两行", [LineInput(meoh, "add"), LineInput(meoh, "remove")]),
    ]
    for error, reason, lines in cases:
        with pytest.raises(error):
            _revise(session, em, reason, *lines)
    # A good line beside a bad one is not written either.
    with pytest.raises(RuleViolation):
        _revise(session, em, "部分有效", LineInput(meoh, "add"), LineInput(chems["nitric"].id, "remove"))
    assert len(session.exec(select(ParkCatalogueRevision)).all()) == 1
    assert [e.chemical.id for e in pcs.version(session=session).entries] == [cl]


def test_unknown_versions_are_not_found(session, registry, chems):
    _revise(session, registry.users["regulator_em"], "发布", LineInput(chems["methanol"].id, "add"))
    for number in (2, -1):
        with pytest.raises(NotFound):
            pcs.version(session=session, number=number)


def test_export_of_a_past_version(session, registry, chems):
    em = registry.users["regulator_em"]
    _revise(
        session, em, "发布", LineInput(chems["chlorine"].id, "add", ("controlled",), max_holding_kg=2_000)
    )
    _revise(session, em, "移出氯", LineInput(chems["chlorine"].id, "remove"))
    text = b"".join(sheets.csv_chunks(pcs.export_sheet(session=session, number=1))).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("序号,品名,别名,CAS号,剧毒")
    assert lines[1].split(",")[:5] == ["1381", "氯", "液氯；氯气", "7782-50-5", "是"]
    assert ",控制,2000," in lines[1]
    assert (
        len(
            b"".join(sheets.csv_chunks(pcs.export_sheet(session=session))).decode("utf-8-sig").splitlines()
        )
        == 1
    )


def test_simultaneous_revisions_are_numbered_in_turn_and_checked_against_each_other(
    session, db, registry, chems
):
    em = registry.users["regulator_em"]
    meoh = chems["methanol"].id
    _revise(session, em, "发布", LineInput(meoh, "add"))
    session.rollback()
    calls = [(lambda own, n=n: _revise(own, em, f"移出{n}", LineInput(meoh, "remove"))) for n in range(4)] + [
        (lambda own: _revise(own, em, "加入氯", LineInput(chems["chlorine"].id, "add")))
    ]
    results = run_together(db, calls)
    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, HazchemError)]
    made = [r for r in results if isinstance(r, ParkCatalogueRevision)]
    refused = [r for r in results if isinstance(r, HazchemError)]
    # One removal wins; the others wait for it and then find the entry gone.
    assert len(made) == 2 and len(refused) == 3
    assert {getattr(r, "rule", None) for r in refused} == {"park_catalogue.not_present"}
    session.rollback()
    assert sorted(r.number for r in session.exec(select(ParkCatalogueRevision))) == [1, 2, 3]
    assert [e.chemical.name for e in pcs.version(session=session).entries] == ["氯"]
