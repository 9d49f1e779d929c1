"""Containers: digital IDs at generation, put-away with capacity and segregation checks, voiding."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import func, select

from hazchem.domain.errors import Forbidden, InvalidInput, InvalidTransition, RuleViolation
from hazchem.domain.identifiers import parse_digital_id
from hazchem.models import Container, Event
from hazchem.services import waste
from tests.services.conftest import make_stored


def count(session, model):
    return session.exec(select(func.count()).select_from(model)).one()


def test_generation_gives_37_character_ids_with_running_serials(session, registry, chain):
    first = waste.create_containers(
        session=session,
        actor=chain.officer,
        stream_id=chain.oil.id,
        packaging="钢桶",
        volume_l=200,
        net_weight_kg="180.5",
        gen_date=date(2026, 5, 1),
        count=3,
    )
    more = waste.create_containers(
        session=session,
        actor=chain.officer,
        stream_id=chain.oil.id,
        packaging="钢桶",
        volume_l=200,
        net_weight_kg="90",
        gen_date=date(2026, 5, 1),
    )
    other_day = waste.create_containers(
        session=session,
        actor=chain.officer,
        stream_id=chain.oil.id,
        packaging="钢桶",
        volume_l=200,
        net_weight_kg="90",
        gen_date=date(2026, 5, 2),
    )
    assert [c.serial for c in first + more] == [1, 2, 3, 4]
    assert other_day[0].serial == 1
    cid = first[0].digital_id
    assert len(cid) == 37
    assert cid == f"{registry.ent_a.uscc}9002490820260501001"
    parsed = parse_digital_id(cid)
    assert (parsed.unit_code, parsed.waste_code, parsed.gen_date) == (
        registry.ent_a.uscc,
        "900-249-08",
        date(2026, 5, 1),
    )
    assert first[0].net_weight_g == 180_500 and first[0].status == "generated"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"net_weight_kg": "0"}, "positive"),
        ({"net_weight_kg": "-3"}, "non-negative"),
        ({"net_weight_kg": "1.0001"}, "precision"),
        ({"volume_l": 0}, "volume"),
        ({"count": 0}, "count"),
        ({"count": 201}, "count"),
        ({"gen_date": date(2099, 1, 1)}, "future"),
        ({"packaging": " "}, "packaging"),
    ],
)
def test_bad_generation_input_writes_nothing(session, chain, kwargs, message):
    args = {
        "packaging": "钢桶",
        "volume_l": 200,
        "net_weight_kg": "10",
        "gen_date": date(2026, 5, 1),
        "count": 1,
    }
    args.update(kwargs)
    before = (count(session, Container), count(session, Event))
    with pytest.raises(InvalidInput, match=message):
        waste.create_containers(session=session, actor=chain.officer, stream_id=chain.oil.id, **args)
    assert (count(session, Container), count(session, Event)) == before


def test_only_the_generators_officers_create_containers(session, registry, chain):
    with pytest.raises(Forbidden):
        waste.create_containers(
            session=session,
            actor=registry.users["officer_b"],
            stream_id=chain.oil.id,
            packaging="钢桶",
            volume_l=200,
            net_weight_kg="10",
            gen_date=date(2026, 5, 1),
        )


def test_stream_needs_a_listed_code_and_known_characteristics(session, registry, chain):
    with pytest.raises(InvalidInput, match="no edition"):
        waste.create_stream(
            session=session,
            actor=chain.officer,
            enterprise_id=registry.ent_a.id,
            waste_code="900-214-08",
            name="x",
            form="liquid",
        )
    with pytest.raises(InvalidInput, match="characteristics"):
        waste.create_stream(
            session=session,
            actor=chain.officer,
            enterprise_id=registry.ent_a.id,
            waste_code="900-249-08",
            name="x",
            form="liquid",
            characteristics=["X"],
        )
    with pytest.raises(InvalidInput, match="form"):
        waste.create_stream(
            session=session,
            actor=chain.officer,
            enterprise_id=registry.ent_a.id,
            waste_code="900-249-08",
            name="x",
            form="plasma",
        )
    assert chain.oil.characteristics == ["T", "I"]  # defaults from the list


def test_put_away_updates_stock_and_starts_the_clock(session, chain):
    stored = make_stored(session, chain, count=2, weight="180.5")
    assert all(c.status == "stored" and c.facility_id == chain.store_a.id for c in stored)
    assert waste.stock_g(session, chain.store_a.id) == 361_000
    assert stored[0].stored_at is not None


def test_put_away_beyond_capacity_is_refused_with_the_figures(session, chain):
    make_stored(session, chain, count=1, weight="199000")  # 199 t of the 200 t store
    heavy = waste.create_containers(
        session=session,
        actor=chain.officer,
        stream_id=chain.oil.id,
        packaging="IBC",
        volume_l=1000,
        net_weight_kg="1000.5",
        gen_date=date(2026, 5, 1),
    )[0]
    with pytest.raises(RuleViolation) as refused:
        waste.put_away(
            session=session, actor=chain.officer, container_id=heavy.id, facility_id=chain.store_a.id
        )
    assert refused.value.rule == "storage.capacity"
    assert "199 t" in refused.value.message and "200 t" in refused.value.message
    session.expire_all()
    assert session.get(Container, heavy.id).status == "generated"
    assert waste.stock_g(session, chain.store_a.id) == 199_000_000
    # The other side: a container that fits is accepted.
    fits = waste.create_containers(
        session=session,
        actor=chain.officer,
        stream_id=chain.oil.id,
        packaging="IBC",
        volume_l=1000,
        net_weight_kg="1000",
        gen_date=date(2026, 5, 1),
    )[0]
    waste.put_away(session=session, actor=chain.officer, container_id=fits.id, facility_id=chain.store_a.id)
    assert waste.stock_g(session, chain.store_a.id) == 200_000_000


def test_acids_and_alkalis_never_share_a_store(session, chain):
    make_stored(session, chain, count=1, stream=chain.acid)
    alkali = waste.create_containers(
        session=session,
        actor=chain.officer,
        stream_id=chain.alkali.id,
        packaging="塑料桶",
        volume_l=50,
        net_weight_kg="40",
        gen_date=date(2026, 5, 1),
    )[0]
    with pytest.raises(RuleViolation) as refused:
        waste.put_away(
            session=session, actor=chain.officer, container_id=alkali.id, facility_id=chain.store_a.id
        )
    assert refused.value.rule == "storage.segregation"
    assert "废酸液" in refused.value.message
    session.expire_all()
    assert session.get(Container, alkali.id).status == "generated"
    # Compatible waste (oil) goes into the same store.
    make_stored(session, chain, count=1)


def test_segregation_matrix_is_configurable(session, chain):
    make_stored(session, chain, count=1, stream=chain.acid)
    alkali = waste.create_containers(
        session=session,
        actor=chain.officer,
        stream_id=chain.alkali.id,
        packaging="塑料桶",
        volume_l=50,
        net_weight_kg="40",
        gen_date=date(2026, 5, 1),
    )[0]
    waste.put_away(
        session=session, actor=chain.officer, container_id=alkali.id, facility_id=chain.store_a.id, matrix=()
    )
    assert session.get(Container, alkali.id).status == "stored"


def test_put_away_into_another_enterprises_store_is_forbidden(session, chain):
    container = waste.create_containers(
        session=session,
        actor=chain.officer,
        stream_id=chain.oil.id,
        packaging="钢桶",
        volume_l=200,
        net_weight_kg="10",
        gen_date=date(2026, 5, 1),
    )[0]
    with pytest.raises(Forbidden):
        waste.put_away(
            session=session, actor=chain.officer, container_id=container.id, facility_id=chain.store_b.id
        )


def test_void_only_before_storage(session, chain):
    spoiled, kept = waste.create_containers(
        session=session,
        actor=chain.officer,
        stream_id=chain.oil.id,
        packaging="钢桶",
        volume_l=200,
        net_weight_kg="10",
        gen_date=date(2026, 5, 1),
        count=2,
    )
    with pytest.raises(InvalidInput):
        waste.void(session=session, actor=chain.officer, container_id=spoiled.id, reason=" ")
    waste.void(session=session, actor=chain.officer, container_id=spoiled.id, reason="标签污损")
    with pytest.raises(InvalidTransition):
        waste.put_away(
            session=session, actor=chain.officer, container_id=spoiled.id, facility_id=chain.store_a.id
        )
    waste.put_away(session=session, actor=chain.officer, container_id=kept.id, facility_id=chain.store_a.id)
    with pytest.raises(InvalidTransition):
        waste.void(session=session, actor=chain.officer, container_id=kept.id, reason="x")
    # The voided serial is never reused.
    again = waste.create_containers(
        session=session,
        actor=chain.officer,
        stream_id=chain.oil.id,
        packaging="钢桶",
        volume_l=200,
        net_weight_kg="10",
        gen_date=date(2026, 5, 1),
    )[0]
    assert again.serial == 3


def test_storage_clock_warns_then_breaches(session, chain):
    old, older, fresh = make_stored(session, chain, count=3)
    now = datetime.now(UTC)
    old.stored_at = now - timedelta(days=310)
    older.stored_at = now - timedelta(days=370)
    session.add_all([old, older])
    session.commit()
    ages = {row.container.id: row.age for row in waste.storage_ages(session=session, actor=chain.officer)}
    assert (
        ages[older.id].state == "breach" and ages[old.id].state == "warning" and ages[fresh.id].state == "ok"
    )
    due = waste.storage_ages(session=session, actor=chain.officer, only_due=True)
    assert {row.container.id for row in due} == {old.id, older.id}
    assert waste.storage_ages(session=session, actor=chain.operator) == []  # B does not see A's store


def test_occupancy(session, chain):
    make_stored(session, chain, count=2, weight="50000")
    rows = {row.facility.id: row for row in waste.occupancy(session=session, actor=chain.officer)}
    assert rows[chain.store_a.id].containers == 2
    assert rows[chain.store_a.id].share == pytest.approx(0.5)


def test_history_and_actions(session, chain):
    container = make_stored(session, chain, count=1)[0]
    history = waste.container_history(session=session, container=container)
    assert [e.action for e in history] == ["container.generate", "container.put_away"]
    assert waste.available_actions(session, chain.officer, container) == []


def test_only_store_keepers_are_offered_put_away(session, registry, chain):
    container = waste.create_containers(
        session=session,
        actor=chain.officer,
        stream_id=chain.oil.id,
        packaging="钢桶",
        volume_l=200,
        net_weight_kg="10",
        gen_date=date(2026, 5, 1),
    )[0]
    assert waste.available_actions(session, chain.officer, container) == ["put_away", "void"]
    assert waste.available_actions(session, registry.users["regulator_eco"], container) == []
    assert waste.available_actions(session, registry.users["admin"], container) == ["put_away", "void"]
