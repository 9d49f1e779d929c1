"""Form default dates are the park's (Beijing) date, also in the hours when the UTC date lags behind."""

from __future__ import annotations

from datetime import datetime

import pytest

from hazchem.domain.deadlines import CHINA_TIME
from tests.services.conftest import chain  # noqa: F401  (the shared custody fixture)
from tests.web.conftest import login

MOMENTS = [datetime(2026, 7, 1, 0, 30, tzinfo=CHINA_TIME), datetime(2026, 7, 1, 23, 30, tzinfo=CHINA_TIME)]


@pytest.mark.parametrize("moment", MOMENTS, ids=["00:30 Beijing", "23:30 Beijing"])
@pytest.mark.parametrize(
    ("path", "field"), [("/containers/new", "gen_date"), ("/manifests/new", "transfer_date")]
)
def test_form_default_date_is_the_beijing_date(client, registry, chain, time_machine, moment, path, field):  # noqa: F811
    time_machine.move_to(moment, tick=False)
    login(client, "officer_a")
    response = client.get(path)
    assert response.status_code == 200
    assert f'name="{field}" value="2026-07-01"' in response.get_data(as_text=True)
