"""Page forms and filters bound their numbers to the integer columns, so no input reaches the database as
an out-of-range integer (a server error on PostgreSQL) or crashes int() (issue 12)."""

from __future__ import annotations

import pytest

from hazchem.domain.errors import InvalidInput
from hazchem.domain.limits import MAX_INT
from hazchem.web.forms import int_or_none, optional_int
from tests.web.conftest import login


@pytest.mark.parametrize("text", [str(MAX_INT + 1), "99999999999", "²", "１２"])
def test_a_form_number_beyond_the_columns_or_not_ascii_is_refused_naming_the_field(text):
    with pytest.raises(InvalidInput) as refused:
        optional_int(text, "facility")
    assert refused.value.details == [{"field": "facility"}]


@pytest.mark.parametrize("text", [str(MAX_INT + 1), "99999999999", "²"])
def test_a_filter_number_beyond_the_columns_is_ignored(text):
    assert int_or_none(text) is None
    assert int_or_none(str(MAX_INT)) == MAX_INT


def test_a_page_filter_beyond_the_columns_still_shows_the_page(client, registry):
    login(client, "officer_a")
    assert client.get("/chemicals/movements?enterprise_id=99999999999&before=²").status_code == 200


@pytest.mark.parametrize(
    "query",
    ["generator_id=99999999999", "receiver_id=²", "min_t=1e30", "max_t=" + "9" * 40],
)
def test_an_audit_filter_beyond_the_columns_is_a_400_not_a_server_error(client, registry, query):
    login(client, "regulator_eco")
    assert client.get(f"/oversight/manifests?{query}").status_code == 400


@pytest.mark.parametrize("value", ["99999999999", "²"])
def test_an_alert_filter_beyond_the_columns_is_a_400(client, registry, value):
    login(client, "regulator_eco")
    assert client.get(f"/oversight/alerts?enterprise_id={value}").status_code == 400
