"""Refusals read in the UI language: a translated headline naming the rule, then the figures."""

from hazchem.domain.errors import InvalidInput, RuleViolation
from hazchem.web.refusals import RULE_HEADLINES, explain

CAPACITY = RuleViolation("storage.capacity", "危废库: stock 199 t + container 1.5 t exceeds capacity 200 t")


def test_chinese_by_default(app):
    with app.test_request_context("/"):
        text = explain(CAPACITY)
    assert text.startswith("超出贮存设施容量（storage.capacity）：") and "200 t" in text


def test_english_on_request(app):
    with app.test_request_context("/?lang=en"):
        assert explain(CAPACITY).startswith("The store would exceed its capacity (storage.capacity): ")
        assert explain(InvalidInput("USCC check character is 4, expected 3")).startswith(
            "The input is not valid: "
        )


def test_every_rule_the_services_raise_has_a_headline():
    import pathlib
    import re

    sources = "".join(p.read_text() for p in pathlib.Path("hazchem/services").glob("*.py"))
    sources += pathlib.Path("hazchem/domain/custody.py").read_text()
    raised = set(re.findall(r'RuleViolation\(\s*"([a-z_.]+)"', sources))
    assert raised and raised <= set(RULE_HEADLINES)
