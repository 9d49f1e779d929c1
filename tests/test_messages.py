"""The message vocabulary: every code is said in Chinese; each surface says it in its reader's language."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import hazchem
from hazchem.domain import errors

CATALOGUE = Path(hazchem.__file__).parent / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _all_messages() -> dict[str, errors.Message]:
    for module in pkgutil.walk_packages(hazchem.__path__, "hazchem."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    return {code: m for code, m in errors.MESSAGES.items() if not code.startswith("test.")}


def test_every_message_has_a_chinese_text_with_the_same_placeholders():
    with CATALOGUE.open("rb") as po_file:
        catalogue = read_po(po_file)
    messages = _all_messages()
    assert messages, "no message is defined"
    missing, mismatched = [], []
    for code, message in sorted(messages.items()):
        entry = catalogue.get(message.template)
        if entry is None or not entry.string:
            missing.append(code)
        elif set(PLACEHOLDER.findall(entry.string)) != set(PLACEHOLDER.findall(message.template)):
            mismatched.append(code)
    assert (missing, mismatched) == ([], [])


def test_a_text_is_named_by_one_code():
    codes_of: dict[str, list[str]] = {}
    for code, message in _all_messages().items():
        codes_of.setdefault(message.template, []).append(code)
    assert {text: codes for text, codes in codes_of.items() if len(codes) > 1} == {}


def test_a_code_names_one_text():
    errors.Message("test.one_text", "one text")
    errors.Message("test.one_text", "one text")
    with pytest.raises(ValueError):
        errors.Message("test.one_text", "another text")


def test_a_refusal_keeps_its_code_and_parameters_and_says_them_in_english():
    message = errors.Message("test.not_found", "manifest %(number)s not found")
    exc = errors.NotFound(message, number="HW-1")
    assert exc.message == "manifest HW-1 not found"
    assert exc.as_dict()["message_code"] == "test.not_found"
    assert exc.as_dict()["params"] == {"number": "HW-1"}
    assert errors.said_from(exc.as_dict()) == exc.said


def test_the_api_says_its_messages_in_the_requested_language(client):
    chinese = client.get("/api/v1/no-such-thing")
    english = client.get("/api/v1/no-such-thing", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert chinese.status_code == english.status_code == 404
    assert chinese.get_json()["message"] == "没有这个 API 资源"
    assert english.get_json()["message"] == "no such API resource"
    assert chinese.get_json()["message_code"] == english.get_json()["message_code"] == "api.no_such_resource"


REFUSALS = {
    "HazchemError",
    "InvalidInput",
    "TooLarge",
    "NotFound",
    "NotAuthenticated",
    "TooManyAttempts",
    "Forbidden",
    "Conflict",
    "RuleViolation",
    "InvalidTransition",
    "CalendarNotCovered",
    "FontMissing",
    "LayoutFileError",
}


def _english_sentence(node: ast.expr) -> bool:
    """A literal text, an f-string, a concatenation or a .format() call: English built in place."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.JoinedStr | ast.BinOp):
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"


def refusals_built_from_english(path: Path) -> list[str]:
    """Every refusal raised in `path` whose message is an English sentence rather than a message code."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name not in REFUSALS:
            continue
        # RuleViolation and its kin take the rule name first and the message second.
        index = 1 if name in {"RuleViolation", "InvalidTransition"} else 0
        message = node.args[index] if len(node.args) > index else None
        message = next((k.value for k in node.keywords if k.arg == "message"), message)
        if message is not None and _english_sentence(message):
            where = path.relative_to(PACKAGE.parent) if path.is_relative_to(PACKAGE.parent) else path.name
            found.append(f"{where}:{node.lineno}")
    return found


PACKAGE = Path(hazchem.__file__).parent


def test_no_refusal_is_built_from_an_english_sentence():
    found = [site for path in sorted(PACKAGE.rglob("*.py")) for site in refusals_built_from_english(path)]
    assert found == []


def test_the_english_sentence_guard_sees_one(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text('raise NotFound(f"manifest {n} not found")\nraise RuleViolation("r", CODE)\n')
    assert refusals_built_from_english(sample) == ["bad.py:1"]
    assert _english_sentence(ast.parse('f"x {n}"').body[0].value)
    assert not _english_sentence(ast.parse("CODE(n=1)").body[0].value)


def test_a_page_says_a_message_with_its_chinese_names_marked_and_its_text_escaped(app):
    from hazchem.web.templating import say_marked

    message = errors.Message("test.expires", "licence %(number)s of %(holder)s expires in %(days)s days")
    said = message(number="浙危废经第1号", holder="<b>示例</b>公司", days=5)
    with app.test_request_context("/?lang=en"):
        english = str(say_marked(said))
    assert english == (
        'licence <span lang="zh-CN">浙危废经第1号</span> of '
        '<span lang="zh-CN">&lt;b&gt;示例&lt;/b&gt;公司</span> expires in 5 days'
    )
    with app.test_request_context("/"):
        assert 'lang="zh-CN"' not in str(say_marked(said))


def test_a_vocabulary_term_keeps_its_code_in_english_and_says_its_label_in_chinese(app):
    from hazchem.i18n import say

    said = errors.Message("test.transition", "a licence cannot go from %(src)s to %(dst)s")(
        src=errors.Term("licence_status", "revoked"), dst=errors.Term("licence_status", "valid")
    )
    assert str(said) == "a licence cannot go from revoked to valid"
    assert said.as_dict()["params"] == {"src": "revoked", "dst": "valid"}
    with app.test_request_context("/?lang=en"):
        assert say(said) == "a licence cannot go from revoked to valid"
    with app.test_request_context("/"):
        assert say(errors.Term("licence_status", "revoked")) == "吊销"
