"""Amendments of the 2015 catalogue: the shipped 2022年第8号 notice, notices emergency management
enters, and a lookup on a date that sees the catalogue as amended that day."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from hazchem.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from hazchem.models import CatalogueAmendment, Chemical, Event
from hazchem.services import lists
from hazchem.services.lists import importers, shipped

DIESEL_BEFORE = "柴油[闭杯闪点≤60℃]"


@pytest.fixture
def catalogue(session, registry):
    importers.import_chemicals(
        session=session, actor=None, path=importers.CATALOGUE_DIR / "chemicals-2015.csv"
    )
    return session


def names(session, serial, on):
    return [e.name for e in lists.entries_on(session=session, serial=serial, on=on)]


def test_the_shipped_amendment_renames_diesel_from_2023(catalogue):
    session = catalogue
    report = lists.import_amendments(
        session=session, actor=None, path=importers.CATALOGUE_DIR / "amendments-chemicals-2015.csv"
    )
    assert report.created == 1 and report.rejected == []
    # The companion letter amends the classification table, not the catalogue; the 2026 notice names none
    # of its five chemicals. Both are reported, nothing is guessed.
    assert [d.row for d in report.doubts] == [7, 8]
    assert names(session, 1674, date(2022, 12, 31)) == [DIESEL_BEFORE]
    assert names(session, 1674, date(2023, 1, 1)) == ["柴油"]
    [entry] = lists.entries_on(session=session, serial=1674, on=date(2026, 12, 5))
    assert entry.chemical.name == DIESEL_BEFORE and entry.amended_by == "2022年第8号"
    again = lists.import_amendments(
        session=session, actor=None, path=importers.CATALOGUE_DIR / "amendments-chemicals-2015.csv"
    )
    assert again.created == 0 and again.unchanged == 1


def test_load_catalogues_applies_the_known_amendment(session):
    reports = {r.list_name: r for r in shipped.load_shipped_catalogues(session=session)}
    assert reports["chemical_amendments"].created == 1
    assert names(session, 1674, date(2023, 6, 1)) == ["柴油"]


def test_emergency_management_enters_a_notice(catalogue, registry):
    session, em = catalogue, registry.users["regulator_em"]
    diesel = session.exec(select(Chemical).where(Chemical.serial == 1674)).one()
    added = lists.record_amendment(
        session=session,
        actor=em,
        notice="2026年第3号",
        effective_date=date(2026, 4, 16),
        kind="add",
        serial=2829,
        name="某新增化学品",
        cas_numbers=["50-00-0"],
        source="应急管理部公告2026年第3号",
    )
    assert names(session, 2829, date(2026, 4, 15)) == [] and names(session, 2829, date(2026, 4, 16)) == [
        "某新增化学品"
    ]
    lists.record_amendment(
        session=session,
        actor=em,
        notice="测试第1号",
        effective_date=date(2027, 1, 1),
        kind="remove",
        chemical_id=diesel.id,
        source="测试",
    )
    assert names(session, 1674, date(2026, 12, 31)) == [DIESEL_BEFORE]
    assert names(session, 1674, date(2027, 1, 1)) == []
    actions = set(session.exec(select(Event.action).where(Event.action == "catalogue.amendment")))
    assert actions == {"catalogue.amendment"} and added.recorded_by == em.user_id


def test_amendments_are_refused_to_others_and_checked(catalogue, registry):
    session = catalogue
    diesel = session.exec(select(Chemical).where(Chemical.serial == 1674)).one()
    base = {"notice": "N1", "effective_date": date(2027, 1, 1), "source": "s"}
    for who in ("officer_a", "regulator_eco", "regulator_ps"):
        with pytest.raises(Forbidden):
            lists.record_amendment(
                session=session,
                actor=registry.users[who],
                kind="change",
                chemical_id=diesel.id,
                name="x",
                **base,
            )
    em = registry.users["regulator_em"]
    with pytest.raises(InvalidInput):
        lists.record_amendment(
            session=session, actor=em, kind="rename", chemical_id=diesel.id, name="x", **base
        )
    with pytest.raises(InvalidInput):
        lists.record_amendment(
            session=session, actor=em, kind="change", chemical_id=diesel.id, name="", **base
        )
    with pytest.raises(InvalidInput):
        lists.record_amendment(session=session, actor=em, kind="add", name="x", **base)  # no serial
    with pytest.raises(NotFound):
        lists.record_amendment(session=session, actor=em, kind="remove", chemical_id=999_999, **base)
    session.rollback()
    lists.record_amendment(
        session=session, actor=em, kind="change", chemical_id=diesel.id, name="柴油", **base
    )
    with pytest.raises(Conflict):
        lists.record_amendment(
            session=session, actor=em, kind="change", chemical_id=diesel.id, name="柴油", **base
        )
    session.rollback()
    assert len(session.exec(select(CatalogueAmendment)).all()) == 1
