"""Web: the deadline page warns while a due date counts on a year without a published holiday
arrangement and stops once the administrator enters it; who may enter one, and bad input refused in
the reader's language; periodic declarations shown for enterprises of the right class."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from hazchem.domain.lifecycle import ManifestStatus
from hazchem.models import Enterprise, HolidayArrangement
from tests.services.conftest import chain  # noqa: F401
from tests.services.test_audit_search import add_manifest
from tests.web.conftest import csrf_token, login, page_token

# Hypothetical test data, not the official 2027 arrangement: 1 Jan off, Saturday 2 Jan a make-up day.
TEST_2027 = {"year": "2027", "holidays": "2027-01-01", "workdays": "2027-01-02", "source": "test data"}


@pytest.fixture
def jan_2027(session, registry, chain, time_machine):  # noqa: F811
    """Mon 4 Jan 2027 in Beijing; a delivery of Mon 28 Dec 2026 not yet confirmed."""
    time_machine.move_to(datetime(2027, 1, 4, 2, tzinfo=UTC), tick=False)
    return add_manifest(
        session,
        registry,
        chain,
        1,
        status=ManifestStatus.DELIVERED.value,
        delivered_at=datetime(2026, 12, 28, 2, tzinfo=UTC),
    )


def enter(client, **changes):
    token = page_token(client, "/oversight/holidays")
    return client.post("/oversight/holidays", data={"csrf_token": token, **TEST_2027, **changes})


def row_of(html: str, number: str) -> str:
    start = html.index(number)
    return html[start : html.index("</tr>", start)]


def test_warning_while_2027_is_unpublished_and_gone_once_entered(client, session, registry, jan_2027):
    login(client, "admin")
    html = client.get("/oversight/deadlines?rule=manifest.receipt_confirmation").get_data(as_text=True)
    assert "calendar-provisional" in html and "2027" in html
    # 1 Jan is a statutory holiday even unpublished: 29, 30, 31 Dec, 4, 5 Jan.
    assert "2027-01-05 *" in row_of(html, jan_2027.number)
    assert enter(client).status_code == 302
    html = client.get("/oversight/deadlines?rule=manifest.receipt_confirmation").get_data(as_text=True)
    assert "calendar-provisional" not in html
    # The make-up Saturday 2 Jan counts: due Mon 4 Jan, unflagged.
    row = row_of(html, jan_2027.number)
    assert "2027-01-04" in row and "*" not in row


def test_admin_enters_and_replaces_a_year(client, session, registry):
    login(client, "admin")
    assert enter(client).status_code == 302
    assert enter(client, holidays="2027-01-01\n2027-02-06", workdays="").status_code == 302
    session.rollback()
    [row] = session.exec(select(HolidayArrangement)).all()
    assert (row.year, row.holidays, row.workdays) == (2027, ["2027-01-01", "2027-02-06"], [])
    html = client.get("/oversight/holidays").get_data(as_text=True)
    assert "2027-02-06" in html and "test data" in html


@pytest.mark.parametrize("user", ["regulator_eco", "officer_a"])
def test_others_see_the_arrangements_but_may_not_enter_them(client, session, registry, user):
    login(client, user)
    page = client.get("/oversight/holidays")
    assert page.status_code == 200 and 'name="holidays"' not in page.get_data(as_text=True)
    token = csrf_token(page.get_data(as_text=True))
    refused = client.post("/oversight/holidays", data={"csrf_token": token, **TEST_2027})
    assert refused.status_code == 403
    session.rollback()
    assert session.exec(select(HolidayArrangement)).all() == []


@pytest.mark.parametrize(
    ("changes", "chinese", "english"),
    [
        ({"holidays": "2027-02-30"}, "2027-02-30 不是日期", "2027-02-30 is not a date"),
        ({"holidays": "2028-01-01"}, "2028-01-01 不在 2027 年内", "2028-01-01 is not in 2027"),
        ({"holidays": "2027-01-01\n2027-01-01"}, "2027-01-01 重复列出", "2027-01-01 is listed twice"),
        ({"workdays": "2027-01-01"}, "既是休息日又是调休上班日", "both a rest day and a make-up working day"),
        ({"year": "twenty"}, "year", "year"),
    ],
)
def test_bad_input_is_explained_in_both_languages(client, session, registry, changes, chinese, english):
    login(client, "admin")
    refused = enter(client, **changes)
    assert refused.status_code == 400 and chinese in refused.get_data(as_text=True)
    client.post("/lang", data={"csrf_token": page_token(client, "/oversight/holidays"), "locale": "en"})
    refused = enter(client, **changes)
    assert refused.status_code == 400 and english in refused.get_data(as_text=True)
    session.rollback()
    assert session.exec(select(HolidayArrangement)).all() == []


def test_periodic_declarations_follow_the_class_set_on_the_enterprise_page(
    client, session, registry, time_machine
):
    time_machine.move_to(datetime(2027, 5, 10, 2, tzinfo=UTC), tick=False)
    login(client, "admin")
    url = f"/oversight/deadlines?enterprise_id={registry.ent_a.id}"
    assert "月度申报 2027-04" not in client.get(url).get_data(as_text=True)
    page = f"/enterprises/{registry.ent_a.id}"
    token = page_token(client, page)
    done = client.post(f"{page}/management-class", data={"csrf_token": token, "management_class": "key"})
    assert done.status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert "月度申报 2027-04" in html and "季度申报 2027-Q1" not in html
    token = page_token(client, page)
    client.post(f"{page}/management-class", data={"csrf_token": token, "management_class": "simplified"})
    html = client.get(url).get_data(as_text=True)
    assert "季度申报 2027-Q1" in html and "月度申报 2027-04" not in html
    bad = client.post(f"{page}/management-class", data={"csrf_token": token, "management_class": "huge"})
    assert bad.status_code == 400
    session.rollback()
    assert session.get(Enterprise, registry.ent_a.id).management_class == "simplified"
    client.post("/logout", data={"csrf_token": token})
    login(client, "officer_a")
    token = page_token(client, page)
    refused = client.post(f"{page}/management-class", data={"csrf_token": token, "management_class": "key"})
    assert refused.status_code == 403
