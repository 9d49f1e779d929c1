"""Catalogue tables: chemical editions and entries, waste categories and codes, methods."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from hazchem.models.base import json_list

# --- Catalogues --------------------------------------------------------------------------------


class CatalogueEdition(SQLModel, table=True):
    """An edition of a national list (chemicals, waste list, companion lists) and when it applies."""

    __table_args__ = (UniqueConstraint("list_name", "edition"),)

    id: int | None = Field(default=None, primary_key=True)
    list_name: str = Field(max_length=40)
    edition: str = Field(max_length=20)
    title: str = Field(max_length=200)
    effective_date: date | None = None
    source: str = Field(default="", sa_type=Text)


class CatalogueAmendment(SQLModel, table=True):
    """A dated change to one entry of a catalogue edition by a notice: the entry is changed, added or
    removed from `effective_date`; a lookup on a date sees the catalogue as amended on that date."""

    __table_args__ = (UniqueConstraint("notice", "chemical_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    edition: str = Field(max_length=20)
    notice: str = Field(max_length=80)
    effective_date: date
    kind: str = Field(max_length=10)
    chemical_id: int = Field(foreign_key="chemical.id", index=True)
    before_name: str = Field(default="", max_length=300)
    after_name: str = Field(default="", max_length=300)
    source: str = Field(sa_type=Text)
    note: str = Field(default="", sa_type=Text)
    recorded_at: datetime
    recorded_by: int | None = Field(default=None, foreign_key="user.id")


class Chemical(SQLModel, table=True):
    """An entry of the hazardous-chemicals catalogue; variant rows share the official serial."""

    __table_args__ = (
        UniqueConstraint("edition", "serial", "name"),
        Index("ix_chemical_edition_serial", "edition", "serial"),
    )

    id: int | None = Field(default=None, primary_key=True)
    edition: str = Field(max_length=20)
    serial: int
    name: str = Field(max_length=300)
    name_en: str = Field(default="", max_length=300)
    aliases: list[str] = Field(default_factory=list, sa_column=json_list())
    cas_numbers: list[str] = Field(default_factory=list, sa_column=json_list())
    remarks: str = Field(default="", sa_type=Text)
    highly_toxic: bool = False
    explosive_precursor: bool = False
    drug_precursor_class: str | None = Field(default=None, max_length=20)
    key_supervised: bool = False
    un_number: str | None = Field(default=None, max_length=8)
    ghs_categories: str = Field(default="", sa_type=Text)
    critical_quantity_kg: int | None = Field(default=None, sa_type=BigInteger)
    # Where Q comes from: "GB 18218-2018 表1 序号1" when the loader set it (it may update it again),
    # else the source emergency management named when entering it (the loader then keeps it).
    critical_quantity_source: str = Field(default="", max_length=300)
    # Lower-cased name, aliases, English name and CAS numbers, for one LIKE per query.
    search_text: str = Field(default="", sa_type=Text)


class WasteCategory(SQLModel, table=True):
    """A category (HWxx) of the National Hazardous Waste List in one edition."""

    __table_args__ = (UniqueConstraint("edition", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    edition: str = Field(max_length=20)
    number: str = Field(max_length=4)
    name: str = Field(max_length=200)
    name_en: str = Field(default="", max_length=200)


class WasteCode(SQLModel, table=True):
    """A waste code (xxx-xxx-xx) of the National Hazardous Waste List in one edition."""

    __table_args__ = (UniqueConstraint("edition", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    edition: str = Field(max_length=20)
    code: str = Field(max_length=10, index=True)
    category: str = Field(max_length=4, index=True)
    industry: str = Field(default="", max_length=200)
    description: str = Field(sa_type=Text)
    characteristics: list[str] = Field(default_factory=list, sa_column=json_list())


class TreatmentMethod(SQLModel, table=True):
    """A utilisation / disposal method code (R, D or C) used on manifests and licences."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=6, unique=True)
    kind: str = Field(max_length=1)
    name: str = Field(max_length=200)
    name_en: str = Field(default="", max_length=200)
