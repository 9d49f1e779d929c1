"""API resources: the deadline list (every overdue or nearly due item with its rule and party), the
rules themselves, and recording the filings the annual and paper-backfill rules ask for."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from flask import Blueprint, current_app
from pydantic import BaseModel, Field
from spectree import Response

from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.base import Body, Page, PageQuery
from hazchem.appctx import db_session
from hazchem.domain.vocab import DepartmentKind, FilingKind
from hazchem.services.oversight import deadlines

bp = Blueprint("deadlines", __name__, url_prefix="/api/v1")


class DeadlineQuery(PageQuery):
    """Filters of the deadline list; all given ones must hold."""

    department_kind: DepartmentKind | None = Field(
        default=None, description="items in the areas this department kind oversees"
    )
    enterprise_id: int | None = Field(default=None, description="the party responsible")
    rule: str | None = Field(default=None, description="a rule code, e.g. manifest.receipt_confirmation")
    status: Literal["open", "overdue", "due_soon"] = "open"


class RuleOut(BaseModel):
    """A named deadline rule with its legal basis and how its due date is computed."""

    code: str
    name_zh: str
    name_en: str
    basis: str
    party: str
    party_zh: str
    party_en: str
    computation: str
    warn_days: int


class RuleList(BaseModel):
    """Every deadline rule."""

    items: list[RuleOut]


class DeadlineOut(BaseModel):
    """One overdue or nearly due item: its rule, due date, status, days left and party responsible."""

    rule: RuleOut
    subject: str
    anchor: date
    due: date
    status: str
    days_left: int
    party_id: int | None
    party_name: str
    area: str | None
    fallback: bool = Field(description="the due date used the weekends-only calendar fallback")
    details: dict[str, Any]

    @classmethod
    def of(cls, d: Any) -> DeadlineOut:
        """Render a computed Deadline."""
        extra = dict(d.extra)
        return cls(
            rule=RuleOut(**{k: v for k, v in d.rule.as_dict().items() if k in RuleOut.model_fields}),
            subject=d.subject,
            anchor=d.anchor,
            due=d.due,
            status=d.status.value,
            days_left=d.days_left,
            party_id=d.party_id,
            party_name=d.party_name,
            area=extra.pop("area", None),
            fallback=d.fallback,
            details=extra,
        )


class DeadlineList(Page):
    """A page of the deadline list, most urgent first."""

    items: list[DeadlineOut]


class FilingIn(Body):
    """A filing: annual plan or declaration (year, filed_on), or a paper transfer and later its backfill."""

    enterprise_id: int
    kind: FilingKind
    year: int | None = None
    filed_on: date | None = None
    reference: str = Field(default="", max_length=80, description="the paper manifest's number")
    completed_on: date | None = Field(default=None, description="when the paper transfer was completed")
    note: str = Field(default="", max_length=2000)


class FilingOut(BaseModel):
    """A recorded filing."""

    id: int
    enterprise_id: int
    kind: str
    year: int
    reference: str
    completed_on: date | None
    filed_on: date | None
    note: str
    recorded_at: datetime


@bp.get("/deadlines")
@spec.validate(
    query=DeadlineQuery,
    resp=Response(HTTP_200=DeadlineList, **error_responses(400, 401, 403)),
    tags=["deadlines"],
)
def list_deadlines(query: DeadlineQuery) -> Any:
    """Every overdue or nearly due item the caller may see, with its rule, due date and party responsible."""
    filters = deadlines.parse_filters(
        department_kind=query.department_kind,
        enterprise_id=query.enterprise_id,
        rule=query.rule,
        status=query.status,
    )
    found = deadlines.list_deadlines(
        session=db_session(),
        actor=current_api_actor(),
        filters=filters,
        expiry_warning_days=current_app.config["EXPIRY_WARNING_DAYS"],
    )
    shown, next_cursor = deadlines.page_after(found, query.cursor, query.limit)
    return DeadlineList(items=[DeadlineOut.of(d) for d in shown], next_cursor=next_cursor)


@bp.get("/deadlines/rules")
@spec.validate(resp=Response(HTTP_200=RuleList, **error_responses(401)), tags=["deadlines"])
def list_deadline_rules() -> Any:
    """The deadline rules with their legal basis and computation."""
    return RuleList(
        items=[
            RuleOut(**{k: v for k, v in r.items() if k in RuleOut.model_fields})
            for r in deadlines.rules_shown()
        ]
    )


@bp.post("/filings")
@spec.validate(
    json=FilingIn,
    resp=Response(HTTP_201=FilingOut, **error_responses(400, 401, 403, 409)),
    tags=["deadlines"],
)
def record_filing(json: FilingIn) -> Any:
    """Record a filing (the enterprise's EHS officer, ecology and environment, or the park)."""
    filing = deadlines.record_filing(session=db_session(), actor=current_api_actor(), **json.model_dump())
    return FilingOut.model_validate(filing, from_attributes=True), 201
