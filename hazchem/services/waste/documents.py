"""Printed documents: container labels and transfer slips as plain data for the render layer,
and the check an inspector makes of a printed slip against the record."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from hazchem.domain.deadlines import CHINA_TIME
from hazchem.domain.errors import NotFound
from hazchem.domain.units import g_to_kg_text
from hazchem.domain.vocab import PhysicalForm
from hazchem.models import (
    Container,
    Driver,
    Enterprise,
    Manifest,
    Revision,
    Signature,
    TransportLeg,
    Vehicle,
    WasteStream,
)
from hazchem.render.labels import LabelData
from hazchem.render.slips import Party, SlipContainer, SlipData, SlipLeg, SlipSignature
from hazchem.services.platform import clock
from hazchem.services.platform.access import Actor
from hazchem.services.waste.containers import find_container, get_container
from hazchem.services.waste.manifests import get_manifest, manifest_containers

MODES_ZH = {"collect": "收集", "store": "贮存", "utilise": "利用", "dispose": "处置"}
ROLES_ZH = {
    "park_admin": "园区管理员",
    "regulator": "监管人员",
    "ehs_officer": "企业环安负责人",
    "driver": "驾驶员",
    "receiver_operator": "接收设施操作员",
}
SECTIONS_ZH = {
    "generator": "产生单位",
    "carrier": "运输单位",
    "receiver": "接收单位",
    "treatment": "利用处置",
    "oversight": "生态环境部门",
}
STATUS_ZH = {
    "draft": "草稿",
    "submitted": "已提交",
    "in_transit": "运输中",
    "delivered": "已到达",
    "accepted": "已接收",
    "partially_accepted": "部分接收",
    "rejected": "已拒收",
    "treated": "已利用处置",
    "closed": "已办结",
    "cancelled": "已作废",
    "refused": "已拒收待处置",
    "returning": "退回途中",
    "returned": "已退回",
}


def local_time(moment: datetime | None) -> str:
    """A stored UTC time as Beijing time text, as printed documents show it."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")


def scan_url(base_url: str, digital_id: str) -> str:
    """The public URL a label's QR code encodes."""
    return f"{base_url.rstrip('/')}/l/{digital_id}"


def label_data(session: Session, container: Container, base_url: str) -> LabelData:
    """Everything printed on one container's HJ 1276 label."""
    stream = session.get(WasteStream, container.stream_id)
    producer = session.get(Enterprise, container.enterprise_id)
    return build_label(stream, producer, container, base_url)


def build_label(stream: Any, producer: Any, container: Any, base_url: str) -> LabelData:
    """The label of a container from its stream's, producer's and own fields (rows or records alike)."""
    return LabelData(
        name=stream.name,
        category="HW" + stream.waste_code[-2:],
        code=stream.waste_code,
        form=PhysicalForm.printed(stream.form),
        characteristics=tuple(stream.characteristics),
        main_components=stream.main_components,
        harmful_components=stream.harmful_components,
        precautions=stream.precautions,
        digital_id=container.digital_id,
        producer=producer.name,
        contact_name=producer.contact_name,
        contact_phone=producer.contact_phone,
        gen_date=container.gen_date,
        weight_kg=g_to_kg_text(container.net_weight_g),
        remarks=container.remarks,
        volume_l=container.volume_l,
        scan_url=scan_url(base_url, container.digital_id),
    )


def labels_for(
    *, session: Session, actor: Actor, container_ids: Sequence[int], base_url: str
) -> list[LabelData]:
    """Label data for containers the actor may see (unknown or hidden ones are NotFound)."""
    return [
        label_data(session, get_container(session=session, actor=actor, container_id=cid), base_url)
        for cid in container_ids
    ]


def public_label(*, session: Session, scanned: str, base_url: str) -> LabelData:
    """What an anonymous scanner may see: exactly what is printed on the label, nothing more."""
    return label_data(session, find_container(session, scanned), base_url)


# --- Transfer slips -------------------------------------------------------------------------------


def fingerprint(session: Session, manifest: Manifest) -> str:
    """A short digest of everything a slip prints, so a printed copy can be checked against the record."""
    rows = manifest_containers(session, manifest.id)
    content = {
        "number": manifest.number,
        "status": manifest.status,
        "declared": manifest.declared_g,
        "received": manifest.received_g,
        "accepted": manifest.accepted_g,
        "method": manifest.treatment_method,
        "containers": [[c.digital_id, mc.declared_g, mc.weighed_g, mc.accepted] for mc, c in rows],
        "signatures": [
            [s.section, s.action, s.name, s.at.isoformat()] for s in _signatures(session, manifest)
        ],
        "revisions": [[r.field, r.new_value] for r in _revisions(session, manifest)],
    }
    digest = hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()
    return digest[:16].upper()


def _signatures(session: Session, manifest: Manifest) -> list[Signature]:
    return list(
        session.exec(
            select(Signature).where(Signature.manifest_id == manifest.id).order_by(col(Signature.id))
        )
    )


def _revisions(session: Session, manifest: Manifest) -> list[Revision]:
    return list(
        session.exec(select(Revision).where(Revision.manifest_id == manifest.id).order_by(col(Revision.id)))
    )


def verify_url(base_url: str, manifest: Manifest, print_fingerprint: str) -> str:
    """The URL a slip's QR code encodes: the public verification page with the printed fingerprint."""
    return f"{base_url.rstrip('/')}/v/{manifest.number}?f={print_fingerprint}"


def _party(role: str, enterprise: Enterprise) -> Party:
    return Party(
        role=role,
        name=enterprise.name,
        uscc=enterprise.uscc,
        address=enterprise.address,
        contact=enterprise.contact_name,
        phone=enterprise.contact_phone,
    )


def slip_data(
    session: Session, manifest: Manifest, base_url: str, printed_at: datetime | None = None
) -> SlipData:
    """Everything a transfer slip prints, with the verification QR target."""
    stream = session.get(WasteStream, manifest.stream_id)
    legs = []
    for leg in session.exec(
        select(TransportLeg).where(TransportLeg.manifest_id == manifest.id).order_by(TransportLeg.seq)
    ):
        carrier = session.get(Enterprise, leg.carrier_id)
        legs.append(
            SlipLeg(
                seq=leg.seq,
                carrier=carrier.name,
                vehicle_plate=session.get(Vehicle, leg.vehicle_id).plate,
                driver=session.get(Driver, leg.driver_id).name,
                picked_up_at=local_time(leg.picked_up_at),
                delivered_at=local_time(leg.delivered_at),
            )
        )
    containers = tuple(
        SlipContainer(
            digital_id=c.digital_id,
            packaging=c.packaging,
            declared_kg=g_to_kg_text(mc.declared_g),
            weighed_kg=g_to_kg_text(mc.weighed_g),
            accepted="" if mc.accepted is None else ("接收" if mc.accepted else f"拒收：{mc.note}"),
        )
        for mc, c in manifest_containers(session, manifest.id)
    )
    signatures = tuple(
        SlipSignature(
            section=SECTIONS_ZH.get(s.section, s.section),
            name=s.name,
            role=ROLES_ZH.get(s.role, s.role),
            at=local_time(s.at),
        )
        for s in _signatures(session, manifest)
    )
    anomalies = (f"称重差异：{manifest.anomaly_note}",) if manifest.anomaly else ()
    revisions = tuple(
        f"{local_time(r.at)} {r.field}：{r.old_value} → {r.new_value}（{r.reason}）"
        for r in _revisions(session, manifest)
    )
    print_fp = fingerprint(session, manifest)
    return SlipData(
        number=manifest.number,
        status=STATUS_ZH.get(manifest.status, manifest.status),
        waste_code=manifest.waste_code,
        category="HW" + manifest.waste_code[-2:],
        waste_name=stream.name,
        form=PhysicalForm.printed(stream.form),
        characteristics=tuple(stream.characteristics),
        mode=MODES_ZH.get(manifest.mode, manifest.mode),
        method=manifest.treatment_method or manifest.planned_method or "",
        declared_kg=g_to_kg_text(manifest.declared_g),
        received_kg=g_to_kg_text(manifest.received_g),
        accepted_kg=g_to_kg_text(manifest.accepted_g),
        transfer_date=str(manifest.transfer_date),
        generator=_party("产生单位", session.get(Enterprise, manifest.generator_id)),
        receiver=_party("接收单位", session.get(Enterprise, manifest.receiver_id)),
        legs=tuple(legs),
        containers=containers,
        signatures=signatures,
        anomalies=anomalies,
        revisions=revisions,
        verify_url=verify_url(base_url, manifest, print_fp),
        fingerprint=print_fp,
        printed_at=local_time(printed_at or clock.now()),
    )


def slips_for(
    *, session: Session, actor: Actor, manifest_ids: Sequence[int], base_url: str
) -> list[SlipData]:
    """Slip data for manifests the actor may see (bulk printing)."""
    return [
        slip_data(session, get_manifest(session=session, actor=actor, manifest_id=mid), base_url)
        for mid in manifest_ids
    ]


@dataclass(frozen=True)
class SlipCheck:
    """An inspector's check of a printed slip: does it still match the record?"""

    number: str
    status: str
    matches: bool
    current_fingerprint: str
    printed_fingerprint: str
    last_change: str


def verify_slip(*, session: Session, number: str, printed_fingerprint: str) -> SlipCheck:
    """Compare a printed slip's fingerprint with the record's current one (public, minimal answer)."""
    manifest = session.exec(select(Manifest).where(Manifest.number == (number or "").strip())).first()
    if manifest is None:
        raise NotFound(f"no manifest has the number {number}")
    current = fingerprint(session, manifest)
    printed = (printed_fingerprint or "").strip().upper()
    signatures = _signatures(session, manifest)
    revisions = _revisions(session, manifest)
    moments = [s.at for s in signatures] + [r.at for r in revisions] + [manifest.created_at]
    return SlipCheck(
        number=manifest.number,
        status=manifest.status,
        matches=printed == current,
        current_fingerprint=current,
        printed_fingerprint=printed,
        last_change=local_time(max(moments)),
    )
