"""Pure chemical-stock rules: capacity, segregation classes, permit and licence quantities, GB 18218."""

import json
from pathlib import Path

import pytest

from hazchem.domain import chemicals as rules
from hazchem.domain.errors import InvalidInput, RuleViolation

CATALOGUES = Path(__file__).resolve().parents[2] / "catalogues"
PERMIT = rules.LicenceName("toxic_purchase", "剧毒化学品购买许可证", "公安局")


def test_movement_kinds_and_their_effects():
    assert rules.takes_out(rules.MovementKind.ISSUE) and not rules.puts_in(rules.MovementKind.ISSUE)
    assert rules.takes_out(rules.MovementKind.TRANSFER) and rules.puts_in(rules.MovementKind.TRANSFER)
    assert rules.puts_in(rules.MovementKind.RETURN) and not rules.takes_out(rules.MovementKind.RECEIPT)
    with pytest.raises(InvalidInput):
        rules.movement_kind("borrow")
    with pytest.raises(InvalidInput):
        rules.unit_kind("silo")


def test_capacity_up_to_and_past():
    rules.check_capacity("stock.facility_capacity", "仓库", 1_000, 600, 400)
    with pytest.raises(RuleViolation) as caught:
        rules.check_capacity("stock.facility_capacity", "仓库", 1_000, 600, 401)
    assert caught.value.details[0]["capacity_kg"] == 1_000
    with pytest.raises(RuleViolation):
        rules.check_capacity("stock.facility_capacity", "仓库", None, 0, 1)


def test_available_stock():
    rules.check_available("A区", "甲醇", 10, 10)
    with pytest.raises(RuleViolation):
        rules.check_available("A区", "甲醇", 10, 11)


def test_shipped_matrix_classes_and_pairs():
    matrix = rules.parse_class_matrix(
        json.loads((CATALOGUES / "chemical-segregation.json").read_text("utf-8"))
    )
    nitric = matrix.classes_of("硝酸", ["7697-37-2"])
    assert nitric == {"oxidiser", "acid"}
    assert matrix.classes_of("盐酸", ["7647-01-0"]) == {"acid", "aqueous"}
    assert matrix.classes_of("氯化氢[无水]", ["7647-01-0"]) == {"acid"}
    methanol = rules.Held("甲醇", matrix.classes_of("甲醇", ["67-56-1"]))
    with pytest.raises(RuleViolation) as caught:
        rules.check_segregation("A区", rules.Held("硝酸", nitric), [methanol], matrix)
    assert caught.value.rule == "stock.segregation" and "甲醇" in caught.value.message
    toluene = rules.Held("甲苯", matrix.classes_of("甲苯", ["108-88-3"]))
    rules.check_segregation("A区", toluene, [methanol], matrix)
    oleum = rules.Held("发烟硫酸", matrix.classes_of("发烟硫酸", ["8014-95-7"]))
    with pytest.raises(RuleViolation):
        rules.check_segregation(
            "A区", oleum, [rules.Held("盐酸", matrix.classes_of("盐酸", ["7647-01-0"]))], matrix
        )


def test_a_pair_naming_an_undefined_class_is_refused():
    with pytest.raises(ValueError):
        rules.parse_class_matrix({"classes": {"a": {}}, "pairs": [{"a": "a", "b": "zzz"}]})


def test_permit_and_licensed_quantities():
    rules.check_permit_quantity(PERMIT, "1", "氰化钠", 1_000, 600, 400)
    rules.check_permit_quantity(PERMIT, "1", "氰化钠", None, 10**9, 1)
    with pytest.raises(RuleViolation) as caught:
        rules.check_permit_quantity(PERMIT, "1", "氰化钠", 1_000, 600, 401)
    assert caught.value.rule == "permit.quantity" and "公安局" in caught.value.message
    rules.check_licensed_quantity(PERMIT, "1", "氨", 50_000, 49_000, 1_000)
    with pytest.raises(RuleViolation):
        rules.check_licensed_quantity(PERMIT, "1", "氨", 50_000, 49_000, 1_001)
    missing = rules.missing_licence("permit.toxic_purchase", PERMIT, "氰化钠", ["holds no licence"])
    assert "剧毒化学品购买许可证" in missing.message and missing.details[0]["issuer"] == "公安局"


def test_ratio_terms_are_exact_at_the_threshold():
    assert rules.ratio_ppb(20_000, 20_000) == rules.PPB
    assert rules.ratio_ppb(19_999, 20_000) < rules.PPB
    assert rules.ratio_ppb(5, None) == 0 and rules.ratio_ppb(0, 10) == 0
    assert rules.is_major_hazard(rules.PPB) and not rules.is_major_hazard(rules.PPB - 1)
    assert rules.crossing(rules.PPB - 1, rules.PPB) == "up"
    assert rules.crossing(rules.PPB, rules.PPB - 1) == "down"
    assert rules.crossing(rules.PPB, 2 * rules.PPB) is None
    assert rules.ratio_text(999_999_999) == "0.999" and rules.ratio_text(1_050_000_000) == "1.050"
