"""QR codes on first run: unset, they carry the address the browser reached; set, the configured one."""

from __future__ import annotations

import io
from datetime import date

import zxingcpp
from PIL import Image

from hazchem.services import waste
from tests.conftest import PASSWORD
from tests.services.conftest import chain  # noqa: F401  (the shared custody fixture)
from tests.web.conftest import csrf_token

# A phone on the park's network opened the laptop serving the demo by its LAN address.
LAN = "http://192.168.1.20:5101"


def _label_urls(client, container_id: int) -> list[str]:
    response = client.get(f"/containers/{container_id}/label.png", base_url=LAN)
    assert response.status_code == 200
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(response.data)))]


def test_label_qr_follows_the_address_reached_unless_configured(app, client, session, chain):  # noqa: F811
    (made,) = waste.create_containers(
        session=session,
        actor=chain.officer,
        stream_id=chain.oil.id,
        packaging="钢桶",
        volume_l=200,
        net_weight_kg="150",
        gen_date=date.today(),
    )
    token = csrf_token(client.get("/login", base_url=LAN).get_data(as_text=True))
    client.post(
        "/login", data={"csrf_token": token, "username": "officer_a", "password": PASSWORD}, base_url=LAN
    )
    assert app.config["BASE_URL"] is None
    assert _label_urls(client, made.id) == [f"{LAN}/l/{made.digital_id}"]
    app.config["BASE_URL"] = "https://hazchem.park.example/"
    assert _label_urls(client, made.id) == [f"https://hazchem.park.example/l/{made.digital_id}"]
