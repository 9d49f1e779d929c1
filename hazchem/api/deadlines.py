"""API resources: the deadline list (every overdue or nearly due item with its rule and party), the
rules themselves, and recording the filings the annual and paper-backfill rules ask for."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from flask import Blueprint, current_app
from pydantic import AliasPath, BaseModel, BeforeValidator, Field
from spectree import Response

from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.base import Body, Out, Page, PageQuery
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


def _rule_data(rule: Any) -> Any:
    # A computed deadline carries its domain rule; the rule states itself as plain data.
    return rule.as_dict() if hasattr(rule, "as_dict") else rule


def _details(extra: Any) -> Any:
    # The area is shown as its own field; the rest of the subject's facts travel as details.
    return {k: v for k, v in dict(extra).items() if k != "area"}


class DeadlineOut(Out):
    """One overdue or nearly due item: its rule, due date, status, days left and party responsible."""

    rule: Annotated[RuleOut, BeforeValidator(_rule_data)]
    subject: str
    anchor: date
    due: date
    status: str
    days_left: int
    party_id: int | None
    party_name: str
    area: str | None = Field(default=None, validation_alias=AliasPath("extra", "area"))
    fallback: bool = Field(description="the due date used the weekends-only calendar fallback")
    details: Annotated[dict[str, Any], BeforeValidator(_details)] = Field(validation_alias="extra")


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


class FilingOut(Out):
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
    return DeadlineList(items=[DeadlineOut.model_validate(d) for d in shown], next_cursor=next_cursor)


@bp.get("/deadlines/rules")
@spec.validate(resp=Response(HTTP_200=RuleList, **error_responses(401)), tags=["deadlines"])
def list_deadline_rules() -> Any:
    """The deadline rules with their legal basis and computation."""
    return RuleList(items=[RuleOut.model_validate(r) for r in deadlines.rules_shown()])


@bp.post("/filings")
@spec.validate(
    json=FilingIn,
    resp=Response(HTTP_201=FilingOut, **error_responses(400, 401, 403, 409)),
    tags=["deadlines"],
)
def record_filing(json: FilingIn) -> Any:
    """Record a filing (the enterprise's EHS officer, ecology and environment, or the park)."""
    filing = deadlines.record_filing(session=db_session(), actor=current_api_actor(), **json.model_dump())
    return FilingOut.model_validate(filing), 201
