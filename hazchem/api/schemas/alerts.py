"""API models of alerts (requests and responses)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from hazchem.api.schemas.base import AS_DICT, Body, Out, Page, PageQuery
from hazchem.domain.errors import Message, Said
from hazchem.domain.vocab import AlertKind, DepartmentKind
from hazchem.i18n import say


def _said(value: Any) -> Any:
    # Read from an alert, the message is its Said, told in the requested language.
    return say(value) if isinstance(value, Said | Message) else value


class AlertQuery(PageQuery):
    """Filters of the alert list; all given ones must hold."""

    department_kind: DepartmentKind | None = None
    enterprise_id: int | None = None
    kind: AlertKind | None = None
    state: Literal["open", "acknowledged", "all"] = "open"
    park_id: int | None = Field(default=None, description="the park whose departments the alert goes to")


class AlertOut(Out):
    """One raised condition; acknowledged ones keep who, when and the note."""

    id: int
    kind: str
    severity: str
    department_kind: str
    enterprise_id: int | None
    counterparty_id: int | None = None
    park_id: int | None = None
    entity: str
    entity_id: str
    message: Annotated[str, BeforeValidator(_said)] = Field(
        validation_alias="said", description="in the requested language"
    )
    message_code: str = Field(description="stable across languages; empty for alerts raised before codes")
    params: Annotated[dict[str, Any], AS_DICT] = Field(validation_alias="message_params")
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
