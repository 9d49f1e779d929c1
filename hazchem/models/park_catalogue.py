"""The park catalogue's revisions, safety notes on catalogue entries and supervision-grade overrides.

A park catalogue version is a replay: each revision line holds the whole state of one entry after
the change (or its removal), so version N is, per chemical, the latest line of revisions 1..N.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from hazchem.models.base import json_list


class ParkCatalogueRevision(SQLModel, table=True):
    """One dated, numbered change of a park's catalogue by emergency management, with its reason."""

    __table_args__ = (UniqueConstraint("park_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    park_id: int = Field(foreign_key="park.id", index=True)
    number: int
    effective_date: date
    reason: str = Field(sa_type=Text)
    made_at: datetime
    made_by: int = Field(foreign_key="user.id")
    department_id: int | None = Field(default=None, foreign_key="department.id")


class ParkCatalogueLine(SQLModel, table=True):
    """One entry changed by a revision: added, changed (its new flags and thresholds) or removed."""

    __table_args__ = (
        UniqueConstraint("revision_id", "chemical_id"),
        Index("ix_parkcatalogueline_chemical_revision", "chemical_id", "revision_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    revision_id: int = Field(foreign_key="parkcataloguerevision.id")
    chemical_id: int = Field(foreign_key="chemical.id")
    action: str = Field(max_length=10)
    # The park's own classification of the entry (禁止/限制/控制, 重点监管); empty after a removal.
    flags: list[str] = Field(default_factory=list, sa_column=json_list())
    max_holding_kg: int | None = Field(default=None, sa_type=BigInteger)
    reporting_kg: int | None = Field(default=None, sa_type=BigInteger)


class ChemicalSafetyNote(SQLModel, table=True):
    """Protection and emergency-handling notes on a catalogue entry, with the source they come from."""

    id: int | None = Field(default=None, primary_key=True)
    chemical_id: int = Field(foreign_key="chemical.id", unique=True)
    protection: str = Field(default="", sa_type=Text)
    emergency: str = Field(default="", sa_type=Text)
    source: str = Field(sa_type=Text)
    updated_at: datetime
    updated_by: int = Field(foreign_key="user.id")


class GradeOverride(SQLModel, table=True):
    """The park's decision on an enterprise's supervision grade; the latest row applies, all are kept."""

    __table_args__ = (Index("ix_gradeoverride_enterprise_at", "enterprise_id", "made_at"),)

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id")
    # Empty: the park withdrew its override and the computed grade applies again.
    grade: str = Field(default="", max_length=20)
    note: str = Field(sa_type=Text)
    made_at: datetime
    made_by: int = Field(foreign_key="user.id")
