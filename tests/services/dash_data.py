"""A small hand-built custody data set for the annual summary, dashboards and indicators.

Rows are inserted directly (the signing paths are tested elsewhere) so every date sits exactly where a
test needs it, including across the Beijing new-year boundary. Weights are in kilograms below.

Enterprise A (generator) containers:
  c1 HW08 gen 2025-03-10 100 kg, c2 HW08 gen 2025-03-10 200 kg: manifest m1, picked up 2025-04-01,
     accepted 2025-04-03 at 98 + 201 kg, treated D10 2025-05-01;
  c3 HW08 gen 2025-12-30 50 kg: manifest m2, picked up 2026-01-05 (still A's at the end of 2025);
  c4 HW34 gen 2025-06-01 30 kg: manifest m3, picked up 2025-07-01, rejected 2025-07-02 (back to A);
  c5 HW34 gen 2025-06-01 40 kg: voided;
  c6 HW08 gen 2024-12-31 70 kg: manifest m4, picked up 2025-01-02, delivered 2025-01-03, accepted at
     69 kg on 2026-01-01 00:30 Beijing (2025-12-31 16:30 UTC), so still unweighed at B at the end of 2025;
  c7 HW08 gen 2025-08-01 10 kg: in A's store, on no manifest.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from hazchem.domain.deadlines import CHINA_TIME
from hazchem.domain.lifecycle import ContainerStatus, ManifestStatus
from hazchem.models import Container, Manifest, ManifestContainer, TransportLeg

KG = 1000


class Data:
    """Handles to the rows of the data set."""

    def __init__(self, **kwargs: object) -> None:
        self.__dict__.update(kwargs)


def bj(y: int, mo: int, d: int, h: int = 12, mi: int = 0) -> datetime:
    """A Beijing wall-clock moment as the stored UTC value."""
    return datetime(y, mo, d, h, mi, tzinfo=CHINA_TIME).astimezone(UTC)


def add_container(session, registry, stream, n, gen, kg, status=ContainerStatus.STORED, facility_id=None):
    digits = stream.waste_code.replace("-", "")
    c = Container(
        digital_id=f"{registry.ent_a.uscc}{digits}{gen:%Y%m%d}{n:03d}",
        unit_code=registry.ent_a.uscc,
        waste_digits=digits,
        gen_date=gen,
        serial=n,
        stream_id=stream.id,
        enterprise_id=stream.enterprise_id,
        packaging="钢桶",
        volume_l=200,
        net_weight_g=kg * KG,
        status=status.value,
        facility_id=facility_id,
        created_at=bj(gen.year, gen.month, gen.day),
    )
    session.add(c)
    session.flush()
    return c


def add_manifest(session, registry, chain, n, stream, containers, weighed=None, accepted=None, **fields):
    """A manifest carrying the containers; weighed/accepted per container once the receiver weighed."""
    values = dict(
        number=f"2025330600{n:04d}",
        status=ManifestStatus.IN_TRANSIT.value,
        waste_code=stream.waste_code,
        stream_id=stream.id,
        generator_id=registry.ent_a.id,
        receiver_id=registry.ent_b.id,
        receiver_facility_id=registry.facility_b.id,
        mode="dispose",
        planned_method="D10",
        transfer_date=date(2025, 1, 1),
        declared_g=sum(c.net_weight_g for c in containers),
        created_at=bj(2025, 1, 1),
    )
    values.update(fields)
    m = Manifest(**values)
    session.add(m)
    session.flush()
    for i, c in enumerate(containers):
        session.add(
            ManifestContainer(
                manifest_id=m.id,
                container_id=c.id,
                declared_g=c.net_weight_g,
                weighed_g=weighed[i] * KG if weighed else None,
                accepted=accepted[i] if accepted else None,
            )
        )
        c.manifest_id = m.id
        session.add(c)
    session.add(
        TransportLeg(
            manifest_id=m.id,
            seq=1,
            carrier_id=registry.ent_c.id,
            vehicle_id=registry.vehicle.id,
            driver_id=registry.driver.id,
        )
    )
    session.flush()
    return m


def build(session, registry, chain) -> Data:
    """Insert the data set described in the module docstring and commit."""
    oil, acid = chain.oil, chain.acid
    c1 = add_container(session, registry, oil, 1, date(2025, 3, 10), 100, ContainerStatus.TREATED)
    c2 = add_container(session, registry, oil, 2, date(2025, 3, 10), 200, ContainerStatus.TREATED)
    c3 = add_container(session, registry, oil, 3, date(2025, 12, 30), 50, ContainerStatus.IN_TRANSIT)
    c4 = add_container(session, registry, acid, 4, date(2025, 6, 1), 30, ContainerStatus.REJECTED)
    c5 = add_container(session, registry, acid, 5, date(2025, 6, 1), 40, ContainerStatus.VOID)
    c6 = add_container(session, registry, oil, 6, date(2024, 12, 31), 70, ContainerStatus.RECEIVED)
    c7 = add_container(
        session, registry, oil, 7, date(2025, 8, 1), 10, ContainerStatus.STORED, chain.store_a.id
    )
    m1 = add_manifest(
        session,
        registry,
        chain,
        1,
        oil,
        [c1, c2],
        weighed=[98, 201],
        accepted=[True, True],
        status=ManifestStatus.TREATED.value,
        picked_up_at=bj(2025, 4, 1, 4),
        delivered_at=bj(2025, 4, 1, 10),
        accepted_at=bj(2025, 4, 3),
        accepted_g=299 * KG,
        received_g=299 * KG,
        treated_at=bj(2025, 5, 1),
        treatment_method="D10",
    )
    m2 = add_manifest(
        session, registry, chain, 2, oil, [c3], picked_up_at=bj(2026, 1, 5), created_at=bj(2025, 12, 31)
    )
    m3 = add_manifest(
        session,
        registry,
        chain,
        3,
        acid,
        [c4],
        weighed=[30],
        accepted=[False],
        status=ManifestStatus.REJECTED.value,
        picked_up_at=bj(2025, 7, 1),
        delivered_at=bj(2025, 7, 1, 15),
        accepted_at=bj(2025, 7, 2),
        accepted_g=0,
        received_g=30 * KG,
        anomaly=True,
    )
    m4 = add_manifest(
        session,
        registry,
        chain,
        4,
        oil,
        [c6],
        weighed=[69],
        accepted=[True],
        status=ManifestStatus.ACCEPTED.value,
        picked_up_at=bj(2025, 1, 2),
        delivered_at=bj(2025, 1, 3),
        accepted_at=datetime(2025, 12, 31, 16, 30, tzinfo=UTC),
        accepted_g=69 * KG,
        received_g=69 * KG,
    )
    session.commit()
    return Data(c=[c1, c2, c3, c4, c5, c6, c7], m1=m1, m2=m2, m3=m3, m4=m4)
