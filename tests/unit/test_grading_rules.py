"""Grading rules: the shipped configuration parses, each rule holds at its threshold and not below it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hazchem.domain.errors import InvalidInput
from hazchem.domain.grading import Fact, assess, parse_rules

GRADES_FILE = Path(__file__).resolve().parents[2] / "catalogues" / "supervision-grades.json"
SHIPPED = json.loads(GRADES_FILE.read_text(encoding="utf-8"))
RULES = parse_rules(SHIPPED)


def test_shipped_rules_cover_every_fact():
    assert {r.fact for r in RULES.rules} == set(Fact)
    assert [g.code for g in RULES.grades] == ["A", "B", "C"] and RULES.default == "C"


@pytest.mark.parametrize("rule", RULES.rules, ids=lambda r: r.id)
def test_each_rule_from_both_sides(rule):
    meets = rule.threshold + (1 if rule.comparison == "more_than" else 0)
    held = assess(RULES, {rule.fact: meets})
    assert [r.rule.id for r in held.reasons] == [rule.id]
    assert held.reasons[0].value == meets
    assert held.grade == rule.grade
    below = assess(RULES, {rule.fact: meets - 1})
    assert below.reasons == () and below.grade == RULES.default


def test_key_waste_generator_means_more_than_100_tonnes():
    assert assess(RULES, {"waste_generated_kg": 100_000}).grade == "C"
    assert assess(RULES, {"waste_generated_kg": 100_001}).grade == "B"


def test_strictest_grade_wins_and_every_reason_is_kept():
    result = assess(
        RULES, {"explosive_precursor_holdings": 2, "highly_toxic_holdings": 1, "overdue_manifests": 1}
    )
    assert result.grade == "A"
    assert [r.rule.id for r in result.reasons] == ["highly_toxic", "explosive_precursor", "overdue_manifests"]


def test_no_facts_gives_the_default():
    assert assess(RULES, {}).grade == "C"


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(grades=[]),
        lambda d: d.update(default="Z"),
        lambda d: d["rules"][0].update(fact="profit"),
        lambda d: d["rules"][0].update(grade="Z"),
        lambda d: d["rules"][0].update(at_least=-1),
        lambda d: d["rules"][0].update(at_least="1"),
        lambda d: d["rules"][0].update(more_than=1),
        lambda d: d["rules"][1].update(id=d["rules"][0]["id"]),
        lambda d: d["grades"].append(dict(d["grades"][0])),
    ],
)
def test_bad_configuration_is_refused(change):
    data = json.loads(json.dumps(SHIPPED))
    change(data)
    with pytest.raises(InvalidInput):
        parse_rules(data)


def test_a_reason_says_its_fact_value_and_threshold_with_a_code():
    reasons = assess(RULES, {"major_hazard_installations": 2, "waste_generated_kg": 150_000}).reasons
    said = {r.rule.id: r.said for r in reasons}
    assert str(said["major_hazard"]) == "2 major hazard installation(s), at least 1 → A"
    assert str(said["key_waste_generator"]) == (
        "150000 kg of hazardous waste generated in the last 365 days, more than 100000 → B"
    )
    assert said["major_hazard"].as_dict() == {
        "message_code": "grading.reason.at_least",
        "params": {
            "fact": {"message_code": "grading.fact.major_hazard_installations", "params": {"value": 2}},
            "threshold": 1,
            "grade": "A",
        },
    }


def test_every_fact_and_comparison_has_a_reason_message():
    from hazchem.domain.grading import Comparison
    from hazchem.domain.oversight_messages import GRADING_FACTS, GRADING_REASONS

    assert set(GRADING_FACTS) == {f.value for f in Fact}
    assert set(GRADING_REASONS) == {c.value for c in Comparison}
