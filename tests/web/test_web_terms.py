"""The UI says each regulatory term once and right: 联单编号 for manifests, 企业环安负责人 for the EHS
role on pages and slips alike, a department without its kind repeated, segregation classes by name,
"未通过" only before a refusal, and a long ID wrapping inside the error box."""

from __future__ import annotations

import re
from pathlib import Path

from flask import render_template
from flask_babel import force_locale

from hazchem.domain.errors import Forbidden, InvalidInput, InvalidTransition, NotFound, RuleViolation
from hazchem.services.waste import ROLES_ZH
from hazchem.web.labels import LABELS
from hazchem.web.refusals import explain
from tests.web.conftest import login

CSS = Path(__file__).resolve().parents[2] / "hazchem" / "static" / "hazchem.css"


def visible_text(html: str) -> str:
    """The page's text as read, without tags or attribute values."""
    return re.sub(r"<[^>]+>", " ", html)


def test_the_manifest_number_column_says_联单编号_and_a_licence_keeps_证书编号(client, registry):
    login(client, "regulator_eco")
    for path in ("/manifests", "/oversight/manifests"):
        html = client.get(path).get_data(as_text=True)
        assert "<th>联单编号</th>" in html, path
        assert "证书编号" not in html, path
    assert "<th>证书编号</th>" in client.get("/licences").get_data(as_text=True)


def test_the_ehs_role_is_企业环安负责人_on_the_pages_and_on_the_slip(app, client, registry):
    login(client, "officer_a")
    html = client.get("/").get_data(as_text=True)
    assert "企业环安负责人" in html and "安环专员" not in html
    assert ROLES_ZH["ehs_officer"] == "企业环安负责人"
    with app.test_request_context(), force_locale("zh_Hans_CN"):
        assert {role: str(text) for role, text in LABELS["role"].items()} == ROLES_ZH


def test_a_department_is_named_once_without_its_kind(client, registry):
    login(client, "regulator_eco")
    html = client.get("/").get_data(as_text=True)
    department = re.search(r"<dt>监管部门</dt><dd>([^<]*)</dd>", html)
    assert department is not None
    assert "(" not in department.group(1) and "（" not in department.group(1)


def test_the_segregation_classes_read_by_name_not_code(client, registry):
    login(client, "officer_a")
    text = visible_text(client.get("/streams").get_data(as_text=True))
    for name in ("酸性", "碱性"):
        assert name in text
    for code in ("acid", "alkali", "organic", "oxidiser", "、"):
        assert code not in text, code


def error_box(app, exc: Exception, lang: str = "zh_Hans_CN") -> str:
    """The error box a page shows for an error, in a language."""
    with app.test_request_context(), force_locale(lang):
        html = render_template("base.html", error=explain(exc))
    return re.search(r'<p class="flash flash-error" role="alert">(.*?)</p>', html, re.S).group(1)


def test_only_a_refusal_opens_with_未通过(app, client, registry):
    refusals = [
        RuleViolation("storage.capacity", "the store would hold 200 t of 100 t"),
        InvalidTransition("manifest.status", "manifest status closed does not allow pick_up"),
        Forbidden("your role may not sign for the receiver"),
    ]
    for exc in refusals:
        assert visible_text(error_box(app, exc)).strip().startswith("未通过："), exc
        assert visible_text(error_box(app, exc, "en")).strip().startswith("Refused: "), exc
    for exc in (InvalidInput("quantity must be a number"), NotFound("manifest 7 not found")):
        assert "未通过" not in error_box(app, exc), exc
        assert "Refused:" not in error_box(app, exc, "en"), exc
    wrong = login(client, "admin", password="not-the-password").get_data(as_text=True)
    assert "用户名或密码错误" in wrong and "未通过" not in wrong


def test_the_error_box_wraps_a_long_id():
    rule = re.search(r"^\.flash \{([^}]*)\}", CSS.read_text(encoding="utf-8"), re.M)
    assert rule is not None and "overflow-wrap: anywhere" in rule.group(1)
