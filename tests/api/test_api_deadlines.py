"""API: the deadline list names rule, due date, status and party; it is scoped, filtered and paged;
filings are recorded with their checks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from hazchem.domain.deadlines import CHINA_TIME
from hazchem.domain.lifecycle import ManifestStatus
from tests.api.conftest import API
from tests.services.test_audit_search import add_manifest


def overdue_receipt(session, registry, chain, n=1):
    """A delivery five weeks ago, not confirmed: overdue whatever today is."""
    return add_manifest(
        session,
        registry,
        chain,
        n,
        status=ManifestStatus.DELIVERED.value,
        delivered_at=datetime.now(UTC) - timedelta(days=35),
    )


def test_list_names_rule_due_status_and_party(client, login, session, registry, chain):
    manifest = overdue_receipt(session, registry, chain)
    body = client.get(f"{API}/deadlines?rule=manifest.receipt_confirmation", headers=login("regulator_eco"))
    [item] = body.get_json()["items"]
    assert item["subject"] == manifest.number and item["status"] == "overdue" and item["days_left"] < 0
    assert item["party_id"] == registry.ent_b.id and item["party_name"] == "乙环保科技有限公司"
    assert item["rule"]["code"] == "manifest.receipt_confirmation" and "五个工作日" in item["rule"]["basis"]
    assert item["area"] == "waste_manifests" and date.fromisoformat(item["due"]) < date.today()


def test_scope_filters_and_refusals(client, login, session, registry, chain):
    overdue_receipt(session, registry, chain)
    em = client.get(f"{API}/deadlines?rule=manifest.receipt_confirmation", headers=login("regulator_em"))
    assert em.status_code == 200 and em.get_json()["items"] == []
    officer_a = client.get(f"{API}/deadlines", headers=login("officer_a")).get_json()["items"]
    assert all(i["party_id"] == registry.ent_a.id for i in officer_a)
    operator = client.get(f"{API}/deadlines?status=overdue", headers=login("operator_b")).get_json()["items"]
    assert [i["rule"]["code"] for i in operator] == ["manifest.receipt_confirmation"]
    admin = login("admin")
    url = f"{API}/deadlines?department_kind=transport&rule=manifest.receipt_confirmation"
    assert client.get(url, headers=admin).get_json()["items"] == []
    assert client.get(f"{API}/deadlines?rule=tax", headers=admin).status_code == 400
    assert client.get(f"{API}/deadlines?status=late", headers=admin).status_code == 400
    assert client.get(f"{API}/deadlines?cursor=junk", headers=admin).status_code == 400
    assert client.get(f"{API}/deadlines", headers=login("driver")).status_code == 403


def test_paging_by_cursor(client, login, session, registry, chain):
    for n in range(1, 6):
        overdue_receipt(session, registry, chain, n)
    admin = login("admin")
    seen, cursor = [], None
    while True:
        url = f"{API}/deadlines?rule=manifest.receipt_confirmation&limit=2" + (
            f"&cursor={cursor}" if cursor else ""
        )
        body = client.get(url, headers=admin).get_json()
        seen += [i["subject"] for i in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 5 and len(set(seen)) == 5


def test_rules_are_listed_with_their_basis(client, login):
    rules = client.get(f"{API}/deadlines/rules", headers=login("officer_a")).get_json()["items"]
    codes = {r["code"] for r in rules}
    assert {
        "manifest.receipt_confirmation",
        "manifest.paper_backfill",
        "storage.one_year",
        "licence.expiry",
    } <= codes
    assert {"annual.management_plan", "annual.declaration", "transfer_approval.expiry"} <= codes
    assert all(r["basis"] and r["computation"] for r in rules)


# 00:30 Beijing is 16:30 UTC the previous UTC day, when the UTC date and the park's date differ.
@pytest.mark.parametrize(
    "moment",
    [datetime(2026, 7, 1, 0, 30, tzinfo=CHINA_TIME), datetime(2026, 7, 1, 23, 30, tzinfo=CHINA_TIME)],
    ids=["00:30 Beijing", "23:30 Beijing"],
)
def test_record_filings(client, login, registry, time_machine, moment):
    time_machine.move_to(moment, tick=False)
    year = date.today().year
    body = {"enterprise_id": registry.ent_a.id, "kind": "management_plan", "year": year}
    assert client.post(f"{API}/filings", json=body, headers=login("officer_b")).status_code == 403
    assert (
        client.post(f"{API}/filings", json={**body, "year": None}, headers=login("officer_a")).status_code
        == 400
    )
    done = client.post(f"{API}/filings", json=body, headers=login("officer_a"))
    assert done.status_code == 201 and done.get_json()["filed_on"] == date.today().isoformat()
    assert client.post(f"{API}/filings", json=body, headers=login("admin")).status_code == 409
    items = client.get(f"{API}/deadlines?rule=annual.management_plan", headers=login("admin")).get_json()[
        "items"
    ]
    assert [i for i in items if i["party_id"] == registry.ent_a.id] == []


# --- Holiday arrangements and the provisional flag -------------------------------------------------------

# Hypothetical test data, not the official 2027 arrangement: 1 Jan off, Saturday 2 Jan a make-up day.
TEST_2027 = {"holidays": ["2027-01-01"], "workdays": ["2027-01-02"], "source": "test data"}


def test_provisional_due_dates_are_flagged_until_the_year_is_entered(
    client, login, session, registry, chain, time_machine
):
    time_machine.move_to(datetime(2027, 1, 4, 2, tzinfo=UTC), tick=False)
    add_manifest(
        session,
        registry,
        chain,
        1,
        status=ManifestStatus.DELIVERED.value,
        delivered_at=datetime(2026, 12, 28, 2, tzinfo=UTC),
    )
    admin = login("admin")
    url = f"{API}/deadlines?rule=manifest.receipt_confirmation"
    body = client.get(url, headers=admin).get_json()
    [item] = body["items"]
    assert (item["due"], item["fallback"], item["provisional_years"]) == ("2027-01-05", True, [2027])
    assert "2027" in body["calendar_notice"]
    saved = client.put(f"{API}/holiday-arrangements/2027", json=TEST_2027, headers=admin)
    assert saved.status_code == 200 and saved.get_json()["workdays"] == ["2027-01-02"]
    body = client.get(url, headers=admin).get_json()
    [item] = body["items"]
    assert (item["due"], item["fallback"], item["provisional_years"]) == ("2027-01-04", False, [])
    assert body["calendar_notice"] is None
    listed = client.get(f"{API}/holiday-arrangements", headers=login("officer_a")).get_json()["items"]
    assert [a["year"] for a in listed] == [2027]


def test_only_the_administrator_enters_arrangements_and_bad_ones_are_400(client, login, registry):
    for user in ("regulator_eco", "officer_a"):
        refused = client.put(f"{API}/holiday-arrangements/2027", json=TEST_2027, headers=login(user))
        assert refused.status_code == 403 and refused.get_json()["error"] == "forbidden"
    admin = login("admin")
    for body, problem in (
        ({"holidays": ["2028-01-01"]}, "calendar.outside_year"),
        ({"holidays": ["2027-01-01", "2027-01-01"]}, "calendar.duplicate"),
        ({"holidays": ["2027-02-30"]}, "calendar.not_a_date"),
        ({"holidays": ["2027-01-01"], "workdays": ["2027-01-01"]}, "calendar.both"),
    ):
        bad = client.put(f"{API}/holiday-arrangements/2027", json=body, headers=admin)
        assert bad.status_code == 400 and problem in {d.get("problem") for d in bad.get_json()["details"]}
    assert client.put(f"{API}/holiday-arrangements/2027", json={"days": []}, headers=admin).status_code == 400
    assert client.get(f"{API}/holiday-arrangements", headers=admin).get_json()["items"] == []


def test_periodic_declarations_by_management_class(client, login, registry, time_machine):
    time_machine.move_to(datetime(2027, 5, 10, 2, tzinfo=UTC), tick=False)
    admin = login("admin")
    url = f"{API}/deadlines?enterprise_id={registry.ent_a.id}"

    def codes():
        return {i["rule"]["code"] for i in client.get(url, headers=admin).get_json()["items"]}

    assert not {"declaration.monthly", "declaration.quarterly"} & codes()
    patched = client.patch(
        f"{API}/enterprises/{registry.ent_a.id}", json={"management_class": "key"}, headers=admin
    )
    assert patched.status_code == 200 and patched.get_json()["management_class"] == "key"
    assert "declaration.monthly" in codes() and "declaration.quarterly" not in codes()
    filed = client.post(
        f"{API}/filings",
        json={"enterprise_id": registry.ent_a.id, "kind": "monthly_declaration", "period": "2027-04"},
        headers=login("officer_a"),
    )
    assert filed.status_code == 201 and filed.get_json()["reference"] == "2027-04"
    enterprise = f"{API}/enterprises/{registry.ent_a.id}"
    client.patch(enterprise, json={"management_class": "simplified"}, headers=admin)
    assert "declaration.quarterly" in codes() and "declaration.monthly" not in codes()
    bad = client.patch(enterprise, json={"management_class": "huge"}, headers=admin)
    assert bad.status_code == 400


def test_rules_are_said_in_the_requested_language_with_their_codes(client, login):
    headers = login("officer_a")
    english = {
        r["code"]: r for r in client.get(f"{API}/deadlines/rules", headers=headers).get_json()["items"]
    }
    receipt = english["manifest.receipt_confirmation"]
    assert (
        receipt["name"] == "Receipt confirmation"
        and receipt["computation"] == "5 working days after the arrival"
    )
    assert receipt["name_code"] == "deadline.rule.manifest.receipt_confirmation"
    assert receipt["computation_code"] == "deadline.window.working_days_after"
    assert receipt["computation_params"]["amount"] == 5
    chinese = client.get(f"{API}/deadlines/rules", headers={**headers, "Accept-Language": "zh-CN"}).get_json()
    receipt = {r["code"]: r for r in chinese["items"]}["manifest.receipt_confirmation"]
    assert receipt["name"] == "接受人确认接收" and receipt["computation"] == "运抵后 5 个工作日内"
