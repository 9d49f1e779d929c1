"""API models of review (requests and responses)."""

from __future__ import annotations

from datetime import datetime

from pydantic import AliasPath, BaseModel, Field

from hazchem.api.schemas.base import Body, Out


class NoteIn(Body):
    """A review note's text."""

    text: str = Field(max_length=4000)


class NoteOut(Out):
    """A regulator's review note."""

    id: int
    manifest_id: int
    text: str
    author_id: int
    department_id: int | None
    at: datetime


class NoteList(BaseModel):
    """A manifest's review notes, oldest first."""

    items: list[NoteOut]


class CorrectionIn(Body):
    """A correction request: the section whose party must answer, and what to correct."""

    section: str = Field(description="generator, carrier or receiver")
    text: str = Field(max_length=4000)


class AnswerIn(Body):
    """The party's answer: a reply, or a revision of a field of its section with the reply as reason."""

    reply: str = Field(max_length=4000)
    field: str | None = Field(default=None, description="note (generator) or anomaly_note (receiver)")
    value: str = Field(default="", max_length=2000)


class SettleIn(Body):
    """The regulator's note when closing or withdrawing a request."""

    note: str = Field(default="", max_length=2000)


class CorrectionOut(Out):
    """A correction request and, once given, its answer."""

    id: int = Field(validation_alias=AliasPath("request", "id"))
    manifest_id: int = Field(validation_alias=AliasPath("request", "manifest_id"))
    manifest_number: str
    section: str = Field(validation_alias=AliasPath("request", "section"))
    enterprise_id: int = Field(validation_alias=AliasPath("request", "enterprise_id"))
    text: str = Field(validation_alias=AliasPath("request", "text"))
    status: str = Field(validation_alias=AliasPath("request", "status"))
    opened_by: str
    opened_at: datetime = Field(validation_alias=AliasPath("request", "opened_at"))
    answer_kind: str | None = Field(validation_alias=AliasPath("request", "answer_kind"))
    answer_text: str = Field(validation_alias=AliasPath("request", "answer_text"))
    revision_id: int | None = Field(validation_alias=AliasPath("request", "revision_id"))
    answered_by: str
    answered_at: datetime | None = Field(validation_alias=AliasPath("request", "answered_at"))
    closed_at: datetime | None = Field(validation_alias=AliasPath("request", "closed_at"))
    close_note: str = Field(validation_alias=AliasPath("request", "close_note"))


class CorrectionList(BaseModel):
    """Correction requests, oldest first."""

    items: list[CorrectionOut]
