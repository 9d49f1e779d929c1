"""Printed documents: container labels and transfer slips as plain data for the render layer,
the register of issued slips, and the check an inspector makes of a printed slip against it."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, select

from hazchem.domain.deadlines import CHINA_TIME
from hazchem.domain.errors import NotFound
from hazchem.domain.lifecycle import licence_in_force, manifest_is_draft
from hazchem.domain.units import g_to_kg_text
from hazchem.domain.vocab import PhysicalForm
from hazchem.models import (
    Container,
    Driver,
    Enterprise,
    Facility,
    IssuedSlip,
    Licence,
    LicenceScopeLine,
    LicenceType,
    Manifest,
    Revision,
    Signature,
    TransportLeg,
    Vehicle,
    WasteStream,
)
from hazchem.render.labels import LabelData
from hazchem.render.slips import Party, SlipContainer, SlipData, SlipLeg, SlipSignature
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import Actor
from hazchem.services.platform.uow import use_case
from hazchem.services.waste import messages as msg
from hazchem.services.waste.containers import find_container, get_container
from hazchem.services.waste.manifests import (
    HW_LICENCE,
    TRANSPORT_LICENCE,
    get_manifest,
    manifest_containers,
)
from hazchem.services.waste.reads import user_names

MODES_ZH = {"collect": "收集", "store": "贮存", "utilise": "利用", "dispose": "处置"}
ROLES_ZH = {
    "park_admin": "园区管理员",
    "regulator": "监管人员",
    "ehs_officer": "企业环安负责人",
    "driver": "驾驶员",
    "receiver_operator": "接收设施操作员",
    "carrier_dispatcher": "运输调度员",
}
SECTIONS_ZH = {
    "generator": "产生单位",
    "carrier": "运输单位",
    "receiver": "接收单位",
    "treatment": "利用处置",
    "oversight": "生态环境部门",
}
ACTIONS_ZH = {
    "submit": "提交",
    "pick_up": "提货",
    "deliver": "到达",
    "accept": "接收",
    "accept_part": "部分接收",
    "reject": "拒收",
    "treat": "利用处置",
    "close": "办结",
    "cancel": "作废",
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
    "refused": "门口拒收",
    "returning": "退回途中",
    "returned": "已退回产生单位",
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


# Verification codes avoid letters and digits read alike (0/O, 1/I/L, U/V) so they can be typed in.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
CODE_LENGTH = 10


def new_slip_code() -> str:
    """A fresh random verification code for one printed slip (about 48 bits: not guessable online)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def printed_code(code: str) -> str:
    """A verification code as printed, in two groups of five."""
    return f"{code[:5]}-{code[5:]}" if code else ""


def normal_code(text: str) -> str:
    """A verification code as typed or scanned, without grouping, spaces or case."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())[: CODE_LENGTH * 2]


def verify_url(base_url: str, manifest: Manifest, print_fingerprint: str, code: str = "") -> str:
    """The URL a slip's QR code encodes: the public verification page with the slip's code and fingerprint."""
    query = f"c={code}&f={print_fingerprint}" if code else f"f={print_fingerprint}"
    return f"{base_url.rstrip('/')}/v/{manifest.number}?{query}"


def _party(role: str, enterprise: Enterprise, facility: Facility | None = None, licence: str = "") -> Party:
    return Party(
        role=role,
        name=enterprise.name,
        uscc=enterprise.uscc,
        address=enterprise.address,
        contact=enterprise.contact_name,
        phone=enterprise.contact_phone,
        facility=_place(facility),
        licence=licence,
    )


def _place(facility: Facility | None, fallback: str = "") -> str:
    """A facility as a slip names it: its name and where it is."""
    if facility is None:
        return fallback
    return f"{facility.name}（{facility.location}）" if facility.location else facility.name


def _licence_number(session: Session, enterprise_id: int, type_code: str, on: date) -> str:
    """The number of the enterprise's licence of a type in force on a date (the latest ending), or ''."""
    rows = session.exec(
        select(Licence)
        .join(LicenceType, col(LicenceType.id) == col(Licence.licence_type_id))
        .where(Licence.enterprise_id == enterprise_id, LicenceType.code == type_code)
        .order_by(col(Licence.valid_to).desc(), col(Licence.id).desc())
    )
    for licence in rows:
        if licence_in_force(licence.status, licence.valid_from, licence.valid_to, on):
            return licence.number
    return ""


def _receiver_licence(session: Session, manifest: Manifest) -> str:
    """The 危险废物经营许可证 the submission checked (its scope line), else the one in force on the date."""
    if manifest.licence_line_id is not None:
        line = session.get(LicenceScopeLine, manifest.licence_line_id)
        licence = session.get(Licence, line.licence_id) if line else None
        if licence is not None:
            return licence.number
    return _licence_number(session, manifest.receiver_id, HW_LICENCE, manifest.transfer_date)


def slip_data(
    session: Session,
    manifest: Manifest,
    base_url: str,
    printed_at: datetime | None = None,
    code: str = "",
) -> SlipData:
    """Everything a transfer slip prints, with the verification QR target (carrying the issued code)."""
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
                carrier_licence=_licence_number(
                    session, leg.carrier_id, TRANSPORT_LICENCE, manifest.transfer_date
                ),
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
            action=ACTIONS_ZH.get(s.action, s.action),
        )
        for s in _signatures(session, manifest)
    )
    anomalies = (f"称重差异：{manifest.anomaly_note}",) if manifest.anomaly else ()
    revisions = tuple(
        f"{local_time(r.at)} {r.field}：{r.old_value} → {r.new_value}（{r.reason}）"
        for r in _revisions(session, manifest)
    )
    print_fp = fingerprint(session, manifest)
    generator = session.get(Enterprise, manifest.generator_id)
    receiver = session.get(Enterprise, manifest.receiver_id)
    origin = session.get(Facility, manifest.origin_facility_id) if manifest.origin_facility_id else None
    destination = session.get(Facility, manifest.receiver_facility_id)
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
        generator=_party("产生单位", generator, origin),
        receiver=_party("接收单位", receiver, destination, _receiver_licence(session, manifest)),
        legs=tuple(legs),
        containers=containers,
        signatures=signatures,
        anomalies=anomalies,
        revisions=revisions,
        verify_url=verify_url(base_url, manifest, print_fp, code),
        fingerprint=print_fp,
        printed_at=local_time(printed_at or clock.now()),
        dg_class=stream.dg_class or "",
        origin=_place(origin, generator.address),
        destination=_place(destination, receiver.address),
        verify_code=printed_code(code),
        draft=manifest_is_draft(manifest.status),
    )


@dataclass(frozen=True)
class IssuedSlipView:
    """One entry of a manifest's register of printed slips, as its parties and regulators see it."""

    code: str
    status: str
    digest: str
    printed_at: datetime
    printed_by: str


def issued_slips(session: Session, manifest: Manifest) -> list[IssuedSlipView]:
    """Every slip printed of a manifest the caller may already see, oldest first, with who printed it."""
    rows = list(
        session.exec(
            select(IssuedSlip).where(IssuedSlip.manifest_id == manifest.id).order_by(col(IssuedSlip.id))
        )
    )
    names = user_names(session, {r.printed_by for r in rows})
    return [
        IssuedSlipView(
            code=printed_code(r.code),
            status=r.status,
            digest=r.digest,
            printed_at=r.printed_at,
            printed_by=names.get(r.printed_by, ""),
        )
        for r in rows
    ]


@use_case("manifest.print_slip")
def issue_slips(
    *, session: Session, actor: Actor, manifest_ids: Sequence[int], base_url: str
) -> list[SlipData]:
    """Print slips of manifests the actor may see, each entered in the register of issued slips.

    The register (code, stage, digest, who and when) is what lets a roadside check tell a genuine slip
    printed at an earlier stage from one this system never issued.
    """
    return [
        _issue(session, actor, get_manifest(session=session, actor=actor, manifest_id=mid), base_url)
        for mid in manifest_ids
    ]


def _issue(session: Session, actor: Actor, manifest: Manifest, base_url: str) -> SlipData:
    now = clock.now()
    signatures = _signatures(session, manifest)
    revisions = _revisions(session, manifest)
    issued = IssuedSlip(
        manifest_id=manifest.id,
        code=new_slip_code(),
        status=manifest.status,
        digest=fingerprint(session, manifest),
        last_signature_id=signatures[-1].id if signatures else None,
        last_revision_id=revisions[-1].id if revisions else None,
        printed_at=now,
        printed_by=actor.user_id,
    )
    session.add(issued)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="manifest.print_slip",
        entity="manifest",
        entity_id=manifest.number,
        after={"slip_id": issued.id, "code": issued.code, "status": issued.status, "digest": issued.digest},
    )
    return slip_data(session, manifest, base_url, printed_at=now, code=issued.code)


class SlipVerdict(StrEnum):
    """What a roadside check of a printed slip concludes."""

    # Issued by this system, and the record has not changed since it was printed.
    CURRENT = "current"
    # Issued by this system at an earlier stage; the record has moved on since (see the changes).
    EARLIER = "earlier"
    # Its code, or the fingerprint beside the code, is not one this system issued for this manifest.
    NOT_ISSUED = "not_issued"
    # No code given (a bare number, or a slip printed before slips were registered): the record's
    # fingerprint is public, so without a code the paper cannot be vouched for either way.
    UNCONFIRMED = "unconfirmed"


@dataclass(frozen=True)
class SlipChange:
    """A section signed or revised after the slip was printed: which section, which action, when."""

    section: str
    action: str
    at: str


@dataclass(frozen=True)
class SlipCheck:
    """An inspector's check of a printed slip against the register of issued slips and the record.

    It names sections, actions and times only, never a party or a person: the check is public.
    """

    number: str
    status: str
    verdict: SlipVerdict
    current_fingerprint: str
    printed_fingerprint: str
    last_change: str
    printed_status: str | None = None
    printed_at: str = ""
    changes: tuple[SlipChange, ...] = ()

    @property
    def matches(self) -> bool:
        """Whether the printed slip is genuine and still says what the record says."""
        return self.verdict is SlipVerdict.CURRENT

    @property
    def not_issued(self) -> bool:
        """Whether the slip's code, or the fingerprint beside it, is not one this system issued."""
        return self.verdict is SlipVerdict.NOT_ISSUED

    @property
    def genuine(self) -> bool:
        """Whether this system issued the printed slip (now or at an earlier stage)."""
        return self.verdict in (SlipVerdict.CURRENT, SlipVerdict.EARLIER)


def _issued(session: Session, manifest: Manifest, code: str, printed: str) -> IssuedSlip | None:
    """The slip issued for this manifest under the code, if the fingerprint beside it (when given) agrees."""
    issued = session.exec(select(IssuedSlip).where(IssuedSlip.code == code)).first()
    if issued is None or issued.manifest_id != manifest.id:
        return None
    return issued if not printed or printed == issued.digest else None


def verify_slip(*, session: Session, number: str, printed_fingerprint: str, code: str = "") -> SlipCheck:
    """Check a printed slip against the register of issued slips and the record (public, minimal answer).

    A genuine slip printed at an earlier stage says so, with the sections signed or revised since;
    a code or fingerprint this system never issued for the manifest says the slip is not its own.
    """
    manifest = session.exec(select(Manifest).where(Manifest.number == (number or "").strip())).first()
    if manifest is None:
        raise NotFound(msg.SLIP_NUMBER_UNKNOWN, number=number)

    current = fingerprint(session, manifest)
    printed = (printed_fingerprint or "").strip().upper()
    code = normal_code(code)
    signatures = _signatures(session, manifest)
    revisions = _revisions(session, manifest)
    moments = [s.at for s in signatures] + [r.at for r in revisions] + [manifest.created_at]
    base = {
        "number": manifest.number,
        "status": manifest.status,
        "current_fingerprint": current,
        "printed_fingerprint": printed,
        "last_change": local_time(max(moments)),
    }
    if not code:
        return SlipCheck(verdict=SlipVerdict.UNCONFIRMED, **base)
    issued = _issued(session, manifest, code, printed)
    if issued is None:
        return SlipCheck(verdict=SlipVerdict.NOT_ISSUED, **base)
    since = [
        (s.at, s.id, SlipChange(section=s.section, action=s.action, at=local_time(s.at)))
        for s in signatures
        if issued.last_signature_id is None or s.id > issued.last_signature_id
    ] + [
        (r.at, r.id, SlipChange(section=r.section, action="revise", at=local_time(r.at)))
        for r in revisions
        if issued.last_revision_id is None or r.id > issued.last_revision_id
    ]
    changes = [change for _, _, change in sorted(since, key=lambda item: (item[0], item[1]))]
    return SlipCheck(
        verdict=SlipVerdict.CURRENT if issued.digest == current else SlipVerdict.EARLIER,
        printed_status=issued.status,
        printed_at=local_time(issued.printed_at),
        changes=tuple(changes),
        **base,
    )
