"""The National Hazardous Waste List by date: a code is resolved against the edition in force on the
day it is used for, and refused, naming both editions, when that edition lacks it."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine

from hazchem.domain import catalogue as cat
from hazchem.domain.deadlines import CHINA_TIME
from hazchem.domain.errors import InvalidInput
from hazchem.domain.identifiers import validate_category, validate_waste_code
from hazchem.models import CatalogueEdition, WasteCode
from hazchem.services import lists, waste

OIL = "900-249-08"  # listed in the fixture's 2021 edition only
NEW = "900-250-08"  # listed in the 2025 edition only (a made-up code for the test)


@pytest.fixture
def two_editions(session, chain):
    """The registry's 2021 codes plus a 2025 edition that drops OIL and adds NEW."""
    session.add_all(
        [
            CatalogueEdition(
                list_name="waste_list",
                edition="2021",
                title="国家危险废物名录（2021年版）",
                effective_date=date(2021, 1, 1),
            ),
            CatalogueEdition(
                list_name="waste_list",
                edition="2025",
                title="国家危险废物名录（2025年版）",
                effective_date=date(2025, 1, 1),
            ),
            WasteCode(
                edition="2025",
                code=NEW,
                category="HW08",
                description="测试用代码",
                characteristics=["T", "I"],
            ),
        ]
    )
    session.commit()
    return chain


def test_the_edition_in_force_is_the_latest_effective_on_the_day():
    editions = [("2021", date(2021, 1, 1)), ("2025", date(2025, 1, 1))]
    assert cat.edition_in_force(editions, date(2024, 12, 31)) == "2021"
    assert cat.edition_in_force(editions, date(2025, 1, 1)) == "2025"
    assert cat.edition_in_force(editions, date(2020, 12, 31)) is None
    assert cat.edition_in_force([("custom", None)], date(2000, 1, 1)) == "custom"


def test_codes_resolve_against_the_edition_in_force(session, two_editions):
    assert lists.resolve_waste_code(session, OIL, date(2024, 12, 31)).edition == "2021"
    assert lists.resolve_waste_code(session, NEW, date(2025, 1, 1)).edition == "2025"
    with pytest.raises(InvalidInput) as late:
        lists.resolve_waste_code(session, OIL, date(2025, 1, 2))
    assert (
        "国家危险废物名录（2025年版）" in late.value.message
        and "国家危险废物名录（2021年版）" in late.value.message
    )
    assert late.value.details[0] | {"listed_in": ["2021"]} == late.value.details[0]
    with pytest.raises(InvalidInput) as early:
        lists.resolve_waste_code(session, NEW, date(2024, 6, 1))
    assert "（2021年版）" in early.value.message and "（2025年版）" in early.value.message
    with pytest.raises(InvalidInput):
        lists.resolve_waste_code(session, OIL, date(2020, 6, 1))  # before any loaded edition


def test_containers_take_the_edition_of_their_generation_day(session, two_editions):
    def generate(day):
        return waste.create_containers(
            session=session,
            actor=two_editions.officer,
            stream_id=two_editions.oil.id,
            packaging="钢桶",
            volume_l=200,
            net_weight_kg="10",
            gen_date=day,
        )

    with time_machine.travel(datetime(2025, 1, 10, 9, 0, tzinfo=CHINA_TIME), tick=False):
        assert len(generate(date(2024, 12, 31))) == 1
        with pytest.raises(InvalidInput) as refused:
            generate(date(2025, 1, 2))
        assert refused.value.details[0]["field"] == "waste_code"


def test_streams_take_a_code_of_the_edition_in_force_today(session, two_editions, registry):
    def register(code):
        return waste.create_stream(
            session=session,
            actor=two_editions.officer,
            enterprise_id=registry.ent_a.id,
            waste_code=code,
            name="测试废物",
            form="liquid",
            dg_class="3",
        )

    with time_machine.travel(datetime(2025, 3, 1, 9, 0, tzinfo=CHINA_TIME), tick=False):
        with pytest.raises(InvalidInput):
            register(OIL)
        session.rollback()
        assert register(NEW).edition == "2025"


@pytest.mark.parametrize("number", ["HW01", "HW40", "HW45", "HW50"])
def test_categories_of_the_list_are_accepted(number):
    assert validate_category(number) == number


@pytest.mark.parametrize("number", ["HW00", "HW41", "HW44", "HW51", "HW99"])
def test_categories_the_list_does_not_have_are_refused(number):
    with pytest.raises(InvalidInput):
        validate_category(number)
    with pytest.raises(InvalidInput):
        validate_waste_code(f"900-000-{number[2:]}")
