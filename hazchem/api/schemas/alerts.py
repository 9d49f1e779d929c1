"""API models of alerts (requests and responses)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field

from hazchem.api.schemas.base import AS_DICT, Body, Out, Page, PageQuery
from hazchem.domain.vocab import AlertKind, DepartmentKind


class AlertQuery(PageQuery):
    """Filters of the alert list; all given ones must hold."""

    department_kind: DepartmentKind | None = None
    enterprise_id: int | None = None
    kind: AlertKind | None = None
    state: Literal["open", "acknowledged", "all"] = "open"


class AlertOut(Out):
    """One raised condition; acknowledged ones keep who, when and the note."""

    id: int
    kind: str
    severity: str
    department_kind: str
    enterprise_id: int | None
    counterparty_id: int | None = None
    entity: str
    entity_id: str
    message: str
    details: Annotated[dict[str, Any], AS_DICT]
    raised_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: int | None
    ack_note: str


class AlertList(Page):
    """A page of alerts, newest first."""

    items: list[AlertOut]


class AcknowledgeIn(Body):
    """The note every acknowledgement carries."""

    note: str = Field(min_length=1, max_length=2000)
