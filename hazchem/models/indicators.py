"""Figures the park indicators need beyond the custody chain: each enterprise's annual output value."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class OutputFigure(SQLModel, table=True):
    """An enterprise's output value for one year, the denominator of waste generated per unit of output.

    Kept in whole yuan so it stays an exact integer; entered and shown in 万元 (10,000 yuan)."""

    __table_args__ = (UniqueConstraint("enterprise_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    year: int = Field(index=True)
    value_yuan: int = Field(sa_type=BigInteger)
    note: str = Field(default="", sa_type=Text)
    entered_by: int | None = Field(default=None, foreign_key="user.id")
    entered_at: datetime
