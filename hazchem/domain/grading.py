"""Supervision grades (分级监管): the park's configurable rules and their evaluation on an enterprise's facts.

A rule compares one fact (a count or a quantity) with a threshold and, when it holds, gives a grade.
Grades are listed strictest first; an enterprise gets the strictest grade of the rules that hold, or
the default grade when none does, and every rule that holds is a reason shown beside the grade.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from hazchem.domain import oversight_messages as msg
from hazchem.domain.errors import InvalidInput, Said


class Fact(StrEnum):
    """The facts the service gathers for each enterprise (quantities in kg, periods the last 365 days)."""

    MAJOR_HAZARD_INSTALLATIONS = "major_hazard_installations"
    HIGHLY_TOXIC_HOLDINGS = "highly_toxic_holdings"
    EXPLOSIVE_PRECURSOR_HOLDINGS = "explosive_precursor_holdings"
    WASTE_GENERATED_KG = "waste_generated_kg"
    OVERDUE_MANIFESTS = "overdue_manifests"
    OVERDUE_STORAGE = "overdue_storage"
    ANOMALY_MANIFESTS = "anomaly_manifests"
    # Accident incidents that occurred in the last 365 days and are closed (their record complete).
    ACCIDENTS = "accidents"


class Comparison(StrEnum):
    """How a rule compares its fact with the threshold."""

    AT_LEAST = "at_least"
    MORE_THAN = "more_than"


@dataclass(frozen=True)
class Grade:
    """A supervision grade with its names."""

    code: str
    name: str
    name_en: str


@dataclass(frozen=True)
class Rule:
    """One configured rule: the fact, the comparison, the threshold and the grade it gives."""

    id: str
    fact: Fact
    comparison: Comparison
    threshold: int
    grade: str
    reason: str
    reason_en: str

    def holds(self, value: int) -> bool:
        """Tell whether the fact's value meets the rule."""
        if self.comparison is Comparison.MORE_THAN:
            return value > self.threshold
        return value >= self.threshold


@dataclass(frozen=True)
class GradeRules:
    """The park's grading configuration: grades strictest first, the default and the rules."""

    grades: tuple[Grade, ...]
    default: str
    rules: tuple[Rule, ...]

    def grade(self, code: str) -> Grade | None:
        """The grade with this code, if configured."""
        return next((g for g in self.grades if g.code == code), None)

    def rank(self, code: str) -> int:
        """Position of a grade (0 is the strictest)."""
        return [g.code for g in self.grades].index(code)


@dataclass(frozen=True)
class Reason:
    """A rule that holds for an enterprise, with the value that made it hold."""

    rule: Rule
    value: int

    @property
    def said(self) -> Said:
        """The fact, its value and the threshold that gave the grade, to be said in the reader's language."""
        fact = msg.GRADING_FACTS[self.rule.fact.value](value=self.value)
        return msg.GRADING_REASONS[self.rule.comparison.value](
            fact=fact, threshold=self.rule.threshold, grade=self.rule.grade
        )


@dataclass(frozen=True)
class Assessment:
    """The computed grade of one enterprise and the reasons for it."""

    grade: str
    reasons: tuple[Reason, ...]


def _bad(problem: Said, **detail: Any) -> InvalidInput:
    return InvalidInput(msg.GRADING_RULES_INVALID, details=[detail] if detail else [], problem=problem)


def parse_rules(data: Mapping[str, Any]) -> GradeRules:
    """Read and check the grading configuration (catalogues/supervision-grades.json)."""
    if not isinstance(data, Mapping):
        raise _bad(msg.GRADING_NOT_OBJECT())
    raw_grades = data.get("grades")
    if not isinstance(raw_grades, list) or not raw_grades:
        raise _bad(msg.GRADING_NO_GRADES())
    grades: list[Grade] = []
    for item in raw_grades:
        code = str((item or {}).get("code", "")).strip() if isinstance(item, Mapping) else ""
        if not code or len(code) > 20 or any(g.code == code for g in grades):
            raise _bad(msg.GRADING_GRADE_CODE(), grade=item)
        grades.append(Grade(code, str(item.get("name", code)), str(item.get("name_en", code))))
    codes = {g.code for g in grades}
    default = data.get("default")
    if default not in codes:
        raise _bad(msg.GRADING_DEFAULT_UNKNOWN(), default=default)
    rules: list[Rule] = []
    for item in data.get("rules") or []:
        if not isinstance(item, Mapping):
            raise _bad(msg.GRADING_RULE_NOT_OBJECT(), rule=item)
        rule_id = str(item.get("id", "")).strip()
        if not rule_id or any(r.id == rule_id for r in rules):
            raise _bad(msg.GRADING_RULE_ID(), rule=item)
        try:
            fact = Fact(item.get("fact"))
        except ValueError:
            raise _bad(
                msg.GRADING_UNKNOWN_FACT(rule=rule_id), rule=rule_id, allowed=[f.value for f in Fact]
            ) from None
        given = [c for c in Comparison if c.value in item]
        if len(given) != 1:
            raise _bad(msg.GRADING_ONE_COMPARISON(rule=rule_id), rule=rule_id)
        threshold = item[given[0].value]
        if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < 0:
            raise _bad(msg.GRADING_THRESHOLD(rule=rule_id), rule=rule_id)
        if item.get("grade") not in codes:
            raise _bad(msg.GRADING_RULE_GRADE_UNKNOWN(rule=rule_id), rule=rule_id)
        rules.append(
            Rule(
                rule_id,
                fact,
                given[0],
                threshold,
                item["grade"],
                str(item.get("reason", rule_id)),
                str(item.get("reason_en", item.get("reason", rule_id))),
            )
        )
    return GradeRules(tuple(grades), default, tuple(rules))


def assess(rules: GradeRules, facts: Mapping[str, int]) -> Assessment:
    """The strictest grade among the rules that hold for these facts (else the default), with reasons."""
    reasons = tuple(
        Reason(r, int(facts.get(r.fact, 0))) for r in rules.rules if r.holds(int(facts.get(r.fact, 0)))
    )
    grade = min((r.rule.grade for r in reasons), key=rules.rank, default=rules.default)
    return Assessment(grade, reasons)
