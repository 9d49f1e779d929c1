"""The park's record of each year's official holiday arrangement, which the deadlines count on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from hazchem.models.base import json_list


class HolidayArrangement(SQLModel, table=True):
    """A year's rest days (法定节假日) and make-up working days (调休上班), entered by the park
    administrator from the official notice; it outranks every packaged source for that year."""

    __table_args__ = (UniqueConstraint("park_id", "year", name="uq_holidayarrangement_park_year"),)

    id: int | None = Field(default=None, primary_key=True)
    # The park that entered it, whose own arrangement outranks the deployment's (None) for that year.
    park_id: int | None = Field(default=None, foreign_key="park.id", index=True)
    year: int
    # ISO dates (YYYY-MM-DD), sorted.
    holidays: list[str] = Field(default_factory=list, sa_column=json_list())
    workdays: list[str] = Field(default_factory=list, sa_column=json_list())
    # Where the dates come from (the notice's title or number), shown beside the deadlines.
    source: str = Field(default="", max_length=200)
    note: str = Field(default="", sa_type=Text)
    entered_by: int | None = Field(default=None, foreign_key="user.id")
    entered_at: datetime
