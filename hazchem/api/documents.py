"""API resources: container label PDFs, transfer slip PDFs and the public slip verification."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app
from spectree import Response

from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.custody import (
    LabelQuery,
    LabelsRequest,
    SlipsRequest,
    VerifyChange,
    VerifyOut,
    VerifyQuery,
)
from hazchem.appctx import db_session, download, public_base_url
from hazchem.render.labels import label_pdf
from hazchem.render.slips import slip_pdf
from hazchem.services.waste import documents

bp = Blueprint("documents", __name__, url_prefix="/api/v1")

PDF = "application/pdf"


def base_url() -> str:
    """The public base URL the QR codes point at (BASE_URL)."""
    return public_base_url()


def label_layout_file() -> str:
    """The label layout file the park prints with (LABEL_LAYOUT_FILE)."""
    return current_app.config["LABEL_LAYOUT_FILE"]


@bp.get("/containers/<int:container_id>/label.pdf")
@spec.validate(
    query=LabelQuery,
    resp=Response(
        HTTP_200=(None, "the HJ 1276 label as application/pdf (two copies over 450 L)"),
        **error_responses(400, 401, 403, 404),
    ),
    tags=["containers"],
)
def container_label(container_id: int, query: LabelQuery) -> Any:
    """The container's label as a PDF (its QR code encodes the public scan URL).

    A container over 450 L gets two copies, for two opposite sides.
    """
    labels = documents.labels_for(
        session=db_session(), actor=current_api_actor(), container_ids=[container_id], base_url=base_url()
    )
    pdf = label_pdf(labels, layout=query.layout, template=label_layout_file())
    return download(pdf, f"label-{labels[0].digital_id}.pdf", inline=True)


@bp.post("/containers/labels.pdf")
@spec.validate(
    json=LabelsRequest,
    resp=Response(
        HTTP_200=(None, "the labels as one application/pdf"), **error_responses(400, 401, 403, 404)
    ),
    tags=["containers"],
)
def bulk_labels(json: LabelsRequest) -> Any:
    """Many labels in one PDF: one per page (roll) or tiled on A4; containers over 450 L get two."""
    labels = documents.labels_for(
        session=db_session(), actor=current_api_actor(), container_ids=json.container_ids, base_url=base_url()
    )
    pdf = label_pdf(labels, layout=json.layout, template=label_layout_file())
    return download(pdf, f"labels-{len(labels)}.pdf", inline=True)


@bp.get("/manifests/<int:manifest_id>/slip.pdf")
@spec.validate(
    resp=Response(HTTP_200=(None, "the transfer slip as application/pdf"), **error_responses(401, 403, 404)),
    tags=["manifests"],
)
def manifest_slip(manifest_id: int) -> Any:
    """The manifest's A4 transfer slip, entered in the register of issued slips.

    Its QR code links to the verification page with the slip's own code; a draft is watermarked.
    """
    slips = documents.issue_slips(
        session=db_session(), actor=current_api_actor(), manifest_ids=[manifest_id], base_url=base_url()
    )
    return download(slip_pdf(slips), f"slip-{slips[0].number}.pdf", inline=True)


@bp.post("/manifests/slips.pdf")
@spec.validate(
    json=SlipsRequest,
    resp=Response(HTTP_200=(None, "the slips as one application/pdf"), **error_responses(400, 401, 403, 404)),
    tags=["manifests"],
)
def bulk_slips(json: SlipsRequest) -> Any:
    """Many transfer slips in one PDF, each entered in the register of issued slips."""
    slips = documents.issue_slips(
        session=db_session(), actor=current_api_actor(), manifest_ids=json.manifest_ids, base_url=base_url()
    )
    return download(slip_pdf(slips), f"slips-{len(slips)}.pdf", inline=True)


@bp.get("/verify/<number>")
@spec.validate(
    query=VerifyQuery,
    resp=Response(HTTP_200=VerifyOut, **error_responses(400, 404)),
    tags=["verify"],
    security={},
)
def verify_slip(number: str, query: VerifyQuery) -> Any:
    """Tell an inspector whether this system issued a printed slip, and what changed since (public, no token).

    `verdict` is `current` (issued, the record unchanged since), `earlier` (issued at the stage
    `printed_status`; `changes` lists the sections signed or revised since), `not_issued` (a code, or a
    fingerprint beside it, this system never issued for the manifest) or `unconfirmed` (no code given).
    """
    check = documents.verify_slip(
        session=db_session(), number=number, printed_fingerprint=query.f, code=query.c
    )
    return VerifyOut(
        number=check.number,
        status=check.status,
        matches=check.matches,
        last_change=check.last_change,
        verdict=check.verdict.value,
        printed_status=check.printed_status,
        printed_at=check.printed_at,
        changes=[VerifyChange(section=c.section, action=c.action, at=c.at) for c in check.changes],
    )
