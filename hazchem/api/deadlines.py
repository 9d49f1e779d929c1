"""API resources: the deadline list (every overdue or nearly due item with its rule and party), the
rules themselves, recording the filings the declaration and paper-backfill rules ask for, and each
year's holiday arrangement the working-day deadlines count on."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from flask import Blueprint, current_app
from pydantic import AliasPath, BaseModel, BeforeValidator, Field
from spectree import Response

from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.base import Body, Out, Page, PageQuery
from hazchem.appctx import db_session
from hazchem.domain.deadlines import provisional_years
from hazchem.domain.oversight_messages import DEADLINE_CALENDAR_NOTICE
from hazchem.domain.vocab import DepartmentKind, FilingKind
from hazchem.i18n import say
from hazchem.services import platform
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
    name: str = Field(description="in the requested language")
    name_code: str
    name_zh: str
    name_en: str
    basis: str = Field(description="the legal basis as the regulation words it (Chinese)")
    party: str
    party_zh: str
    party_en: str
    computation: str = Field(description="in the requested language")
    computation_code: str = Field(validation_alias="computation_message_code")
    computation_params: dict[str, Any]
    warn_days: int


class RuleList(BaseModel):
    """Every deadline rule."""

    items: list[RuleOut]


def _rule_data(rule: Any) -> Any:
    # A computed deadline carries its domain rule; the rule states itself as plain data, its name and
    # window said in the requested language.
    if not hasattr(rule, "as_dict"):
        return rule
    return {**rule.as_dict(), "name": say(rule.name), "computation": say(rule.window())}


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
    fallback: bool = Field(
        description="provisional: the due date counts on a year without a published holiday arrangement "
        "(statutory holidays computed ahead, no make-up working days)"
    )
    provisional_years: list[int] = Field(
        default=[], description="the years without a published arrangement the due date counted across"
    )
    details: Annotated[dict[str, Any], BeforeValidator(_details)] = Field(validation_alias="extra")


class DeadlineList(Page):
    """A page of the deadline list, most urgent first."""

    items: list[DeadlineOut]
    calendar_notice: str | None = Field(
        default=None, description="set when any due date listed is provisional, naming the years concerned"
    )


class FilingIn(Body):
    """A filing: annual plan or declaration (year, filed_on), or a paper transfer and later its backfill."""

    enterprise_id: int
    kind: FilingKind
    year: int | None = None
    filed_on: date | None = None
    reference: str = Field(default="", max_length=80, description="the paper manifest's number")
    completed_on: date | None = Field(default=None, description="when the paper transfer was completed")
    note: str = Field(default="", max_length=2000)
    period: str | None = Field(
        default=None, max_length=7, description="a monthly (2027-03) or quarterly (2027-Q1) declaration"
    )


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
    years = provisional_years(found)
    notice = say(DEADLINE_CALENDAR_NOTICE(years=", ".join(map(str, years)))) if years else None
    return DeadlineList(
        items=[DeadlineOut.model_validate(d) for d in shown], next_cursor=next_cursor, calendar_notice=notice
    )


@bp.get("/deadlines/rules")
@spec.validate(resp=Response(HTTP_200=RuleList, **error_responses(401)), tags=["deadlines"])
def list_deadline_rules() -> Any:
    """The deadline rules with their legal basis and computation."""
    return RuleList(items=[RuleOut.model_validate(_rule_data(r)) for r in deadlines.rules_shown()])


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


class ArrangementIn(Body):
    """A year's official arrangement: every rest day and make-up working day (YYYY-MM-DD)."""

    holidays: list[str] = Field(max_length=80, description="every rest day of the year's holidays")
    workdays: list[str] = Field(default=[], max_length=40, description="make-up working days (调休上班)")
    source: str = Field(default="", max_length=200, description="the notice's title or number")
    note: str = Field(default="", max_length=2000)


class ArrangementOut(Out):
    """A year's entered arrangement."""

    year: int
    holidays: list[str]
    workdays: list[str]
    source: str
    note: str
    entered_at: datetime


class ArrangementList(BaseModel):
    """Every entered arrangement, latest year first."""

    items: list[ArrangementOut]


@bp.get("/holiday-arrangements")
@spec.validate(resp=Response(HTTP_200=ArrangementList, **error_responses(401)), tags=["deadlines"])
def list_holiday_arrangements() -> Any:
    """The holiday arrangements the park entered (years without one use the packaged or computed data)."""
    me = current_api_actor()
    rows = platform.list_arrangements(session=db_session(), park_id=me.park_id)
    return ArrangementList(items=[ArrangementOut.model_validate(r) for r in rows])


@bp.put("/holiday-arrangements/<int:year>")
@spec.validate(
    json=ArrangementIn,
    resp=Response(HTTP_200=ArrangementOut, **error_responses(400, 401, 403)),
    tags=["deadlines"],
)
def put_holiday_arrangement(year: int, json: ArrangementIn) -> Any:
    """Enter or replace a year's arrangement (park administrators)."""
    row = platform.set_arrangement(
        session=db_session(), actor=current_api_actor(), year=year, **json.model_dump()
    )
    return ArrangementOut.model_validate(row)
