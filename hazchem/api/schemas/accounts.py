"""API models of accounts, the caller's identity and audit-chain verification."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field

from hazchem.api.schemas.base import (
    Body,
    Out,
    Page,
    PageQuery,
)
from hazchem.domain.vocab import Role

# --- Accounts and audit --------------------------------------------------------------------------


class UserCreate(Body):
    """A new account, bound to a department, enterprise or driver as its role needs."""

    username: str = Field(min_length=1, max_length=60)
    password: str = Field(min_length=1, max_length=200)
    role: Role
    display_name: str = Field(default="", max_length=120)
    department_id: int | None = None
    enterprise_id: int | None = None
    driver_id: int | None = None
    locale: str = Field(default="", max_length=20)


class UserOut(Out):
    """An account (never its password hash)."""

    id: int
    username: str
    display_name: str
    role: str
    department_id: int | None
    enterprise_id: int | None
    driver_id: int | None
    locale: str
    active: bool


class PasswordSet(Body):
    """A new password an administrator sets for an account."""

    password: str = Field(min_length=1, max_length=200)


class PasswordChange(Body):
    """The caller's current password, proving it is them, and the new one."""

    current_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=200)


class TokenOut(Out):
    """A bearer token as its owner and administrators see it: never the secret nor its digest."""

    id: int
    user_id: int
    username: str
    created_at: datetime
    expires_at: datetime
    active: bool = Field(description="false once expired or the account is deactivated")


class TokenList(Page):
    """A page of tokens, by id."""

    items: list[TokenOut]


class TokenQuery(PageQuery):
    """Keyset paging over the tokens the caller manages."""


class ActorOut(Out):
    """Who the caller is and what it is bound to."""

    user_id: int
    username: str
    display_name: str
    role: str
    park_id: int | None
    department_id: int | None
    department_kind: str | None
    enterprise_id: int | None
    driver_id: int | None
    enterprise_ids: Annotated[list[int], BeforeValidator(sorted)]


class AnchorOut(BaseModel):
    """The audit chain's head, to keep outside hazchem and pass back to verify later."""

    event_id: int
    hash: str
    anchor: str = Field(description="<event id>:<hash>, the form verify?anchor= takes")


class VerifyQuery(BaseModel):
    """Anchors kept from earlier `audit/anchor` answers; each anchored event must still carry its hash."""

    anchor: list[str] = Field(default_factory=list, description="<event id>:<hash>, repeatable")


class ChainReportOut(BaseModel):
    """Result of verifying the audit hash chain."""

    ok: bool
    checked: int
    first_bad_id: int | None
    problem: str
    problem_code: str = ""
