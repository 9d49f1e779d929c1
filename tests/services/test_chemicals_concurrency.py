"""Concurrent receipts never overdraw a purchase permit nor overfill a facility."""

from sqlmodel import func, select

from hazchem.domain.errors import HazchemError
from hazchem.models import FacilityHazard, PermitUsage, StockMovement, UnitStock
from hazchem.services import chemicals
from tests.chem_setup import make_stock
from tests.services.test_concurrency import CLIENTS, run_together


def receipt(officer, unit_id, chemical_id, kg):
    return lambda own: chemicals.record_movement(
        session=own,
        actor=officer,
        kind="receipt",
        unit_id=unit_id,
        chemical_id=chemical_id,
        quantity_kg=kg,
        supplier="供应商",
    )


def outcome(results):
    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, HazchemError)], results
    return [r for r in results if isinstance(r, HazchemError)]


def test_concurrent_receipts_never_exceed_the_purchase_permit(session, db, registry):
    stock = make_stock(session, registry)
    line_id = stock.permit.lines[0].id
    # The permit allows 1 t: exactly five 200 kg receipts fit.
    calls = [receipt(stock.officer, stock.area1.id, stock.cyanide.id, 200) for _ in range(CLIENTS)]
    refused = outcome(run_together(db, calls))
    assert len(refused) == CLIENTS - 5
    assert {getattr(r, "rule", None) for r in refused} == {"permit.quantity"}
    session.rollback()
    session.expire_all()
    assert session.get(PermitUsage, line_id).used_kg == 1_000
    assert session.get(UnitStock, (stock.area1.id, stock.cyanide.id)).quantity_kg == 1_000
    assert session.exec(select(func.count()).select_from(StockMovement)).one() == 5


def test_concurrent_receipts_never_overfill_a_facility(session, db, registry):
    stock = make_stock(session, registry)
    # 100 t warehouse, receipts of 30 t into its two areas: three fit.
    calls = [
        receipt(stock.officer, (stock.area1 if i % 2 else stock.area2).id, stock.hcl.id, 30_000)
        for i in range(CLIENTS)
    ]
    refused = outcome(run_together(db, calls))
    assert len(refused) == CLIENTS - 3
    assert {getattr(r, "rule", None) for r in refused} == {"stock.facility_capacity"}
    session.rollback()
    session.expire_all()
    assert session.get(FacilityHazard, stock.warehouse.id).stock_kg == 90_000
    units = session.exec(select(func.sum(UnitStock.quantity_kg))).one()
    assert units == 90_000
