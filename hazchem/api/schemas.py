"""Request and response models of the JSON API (they generate the OpenAPI document).

Quantities travel in tonnes: responses carry decimal strings ("30000", "1.5"), requests accept
numbers or strings; field names end in _t (stored), _tpa (per year) or _tpd (per day).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr

from hazchem.domain.units import kg_to_tonnes, tonnes_to_kg

# A quantity in tonnes as submitted: a JSON number or a decimal string, parsed by domain.units.
TonnesIn = StrictStr | StrictInt | StrictFloat

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def tonnes_out(kg: int | None) -> str | None:
    """Kilograms as a plain decimal string of tonnes (never exponent notation)."""
    tonnes = kg_to_tonnes(kg)
    return None if tonnes is None else format(tonnes, "f")


def kg_in(value: TonnesIn | None, field: str) -> int | None:
    """A submitted tonnes figure in whole kilograms (refuses junk, negatives and sub-kilogram digits)."""
    return tonnes_to_kg(value, field)


class Body(BaseModel):
    """Base of every JSON request body: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Query(BaseModel):
    """Base of query-string models: empty parameters count as absent."""

    model_config = ConfigDict(str_strip_whitespace=True, populate_by_name=True)


class PageQuery(Query):
    """Keyset pagination parameters."""

    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(default=None, description="opaque cursor from a previous next_cursor")


class Page(BaseModel):
    """A page of a list: its items and the cursor of the next page (null on the last)."""

    next_cursor: str | None = None


class Empty(BaseModel):
    """No content."""


# --- Catalogues ---------------------------------------------------------------------------------


class ChemicalSearchQuery(Query):
    """Search the hazardous-chemicals catalogue."""

    q: str = Field(min_length=1, max_length=100, description="name, alias, English name or CAS number")
    edition: str | None = None
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class ChemicalOut(BaseModel):
    """A catalogue entry (危险化学品目录)."""

    id: int
    edition: str
    serial: int
    name: str
    name_en: str
    aliases: list[str]
    cas_numbers: list[str]
    remarks: str
    highly_toxic: bool
    explosive_precursor: bool
    drug_precursor_class: str | None
    key_supervised: bool
    un_number: str | None
    ghs_categories: str
    critical_quantity_t: str | None

    @classmethod
    def of(cls, c: Any) -> ChemicalOut:
        """Render a Chemical row."""
        return cls(
            id=c.id,
            edition=c.edition,
            serial=c.serial,
            name=c.name,
            name_en=c.name_en,
            aliases=list(c.aliases or []),
            cas_numbers=list(c.cas_numbers or []),
            remarks=c.remarks,
            highly_toxic=c.highly_toxic,
            explosive_precursor=c.explosive_precursor,
            drug_precursor_class=c.drug_precursor_class,
            key_supervised=c.key_supervised,
            un_number=c.un_number,
            ghs_categories=c.ghs_categories,
            critical_quantity_t=tonnes_out(c.critical_quantity_kg),
        )


class ChemicalList(Page):
    """Chemical search results, best first."""

    items: list[ChemicalOut]


class WasteCodeQuery(Query):
    """Search the National Hazardous Waste List."""

    q: str = Field(default="", max_length=100)
    edition: str | None = None
    category: str | None = Field(default=None, description="HWxx")
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class WasteCodeOut(BaseModel):
    """A waste code (xxx-xxx-xx) of one edition."""

    id: int
    edition: str
    code: str
    category: str
    industry: str
    description: str
    characteristics: list[str]

    @classmethod
    def of(cls, w: Any) -> WasteCodeOut:
        """Render a WasteCode row."""
        return cls(
            id=w.id,
            edition=w.edition,
            code=w.code,
            category=w.category,
            industry=w.industry,
            description=w.description,
            characteristics=list(w.characteristics or []),
        )


class WasteCodeList(Page):
    """Waste codes."""

    items: list[WasteCodeOut]


class WasteCategoryOut(BaseModel):
    """A category (HWxx) of one edition."""

    id: int
    edition: str
    number: str
    name: str
    name_en: str

    @classmethod
    def of(cls, c: Any) -> WasteCategoryOut:
        """Render a WasteCategory row."""
        return cls(id=c.id, edition=c.edition, number=c.number, name=c.name, name_en=c.name_en)


class WasteCategoryList(Page):
    """Waste categories."""

    items: list[WasteCategoryOut]


class EditionQuery(Query):
    """Restrict to one edition."""

    edition: str | None = None


class TreatmentMethodOut(BaseModel):
    """A utilisation / disposal method code (R, D or C)."""

    id: int
    code: str
    kind: str
    name: str
    name_en: str

    @classmethod
    def of(cls, m: Any) -> TreatmentMethodOut:
        """Render a TreatmentMethod row."""
        return cls(id=m.id, code=m.code, kind=m.kind, name=m.name, name_en=m.name_en)


class TreatmentMethodList(Page):
    """Treatment method codes."""

    items: list[TreatmentMethodOut]


class CatalogueEditionOut(BaseModel):
    """An edition of a national list and when it applies."""

    id: int
    list_name: str
    edition: str
    title: str
    effective_date: date | None
    source: str

    @classmethod
    def of(cls, e: Any) -> CatalogueEditionOut:
        """Render a CatalogueEdition row."""
        return cls(
            id=e.id,
            list_name=e.list_name,
            edition=e.edition,
            title=e.title,
            effective_date=e.effective_date,
            source=e.source,
        )


class CatalogueEditionList(Page):
    """Catalogue editions."""

    items: list[CatalogueEditionOut]


# --- Departments, licence types, responsibility matrix -------------------------------------------

DepartmentKindName = Literal[
    "emergency_management",
    "ecology_environment",
    "public_security",
    "transport",
    "market_regulation",
    "health",
    "postal",
    "park_committee",
]


class DepartmentOut(BaseModel):
    """A regulator department of a park."""

    id: int
    park_id: int
    kind: str
    name: str
    name_en: str

    @classmethod
    def of(cls, d: Any) -> DepartmentOut:
        """Render a Department row."""
        return cls(id=d.id, park_id=d.park_id, kind=d.kind, name=d.name, name_en=d.name_en)


class DepartmentList(Page):
    """Departments."""

    items: list[DepartmentOut]


class DepartmentCreate(Body):
    """A new department (the first park when park_id is omitted)."""

    kind: DepartmentKindName
    name: str = Field(min_length=1, max_length=120)
    name_en: str = Field(default="", max_length=200)
    park_id: int | None = None


class DepartmentUpdate(Body):
    """A department's new name."""

    name: str | None = Field(default=None, min_length=1, max_length=120)
    name_en: str | None = Field(default=None, max_length=200)


class LicenceTypeOut(BaseModel):
    """A licence type with its issuing department kind, legal basis and scope kind."""

    id: int
    code: str
    name: str
    name_en: str
    issuer_kind: str
    legal_basis: str
    validity_years: int | None
    scope_kind: str
    requires: list[str]

    @classmethod
    def of(cls, t: Any) -> LicenceTypeOut:
        """Render a LicenceType row."""
        return cls(
            id=t.id,
            code=t.code,
            name=t.name,
            name_en=t.name_en,
            issuer_kind=t.issuer_kind,
            legal_basis=t.legal_basis,
            validity_years=t.validity_years,
            scope_kind=t.scope_kind,
            requires=list(t.requires or []),
        )


class LicenceTypeList(Page):
    """Licence types."""

    items: list[LicenceTypeOut]


class DutyOut(BaseModel):
    """One department's duty towards a licence type."""

    department_id: int
    duty: str


class LicenceTypeDetail(LicenceTypeOut):
    """A licence type with the departments responsible for it."""

    responsibilities: list[DutyOut]


class LicenceTypeCreate(Body):
    """A new licence type."""

    code: str = Field(min_length=1, max_length=60, pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1, max_length=120)
    name_en: str = Field(default="", max_length=200)
    issuer_kind: DepartmentKindName
    scope_kind: Literal["waste", "chemical", "transport", "none"]
    legal_basis: str = ""
    validity_years: int | None = Field(default=None, ge=1, le=100)
    requires: list[str] = []


class CellOut(BaseModel):
    """One cell of the responsibility matrix."""

    department_id: int
    licence_type_id: int
    duty: str


class MatrixOut(BaseModel):
    """The responsibility matrix: departments × licence types, cells with duties."""

    departments: list[DepartmentOut]
    licence_types: list[LicenceTypeOut]
    cells: list[CellOut]


class CellIn(Body):
    """A duty of a department towards a licence type."""

    department_id: int
    licence_type_id: int
    duty: Literal["issues", "supervises"]


class CellChange(BaseModel):
    """The outcome of assigning or removing a duty."""

    department_id: int
    licence_type_id: int
    duty: str
    assigned: bool
    changed: bool


# --- Enterprises and coverage ------------------------------------------------------------------

EnterpriseRoleName = Literal["waste_generator", "chemical_user", "carrier", "collector", "receiver"]


class EnterpriseOut(BaseModel):
    """An enterprise with its USCC, roles and contact."""

    id: int
    park_id: int
    uscc: str
    name: str
    name_en: str
    address: str
    region_code: str
    roles: list[str]
    contact_name: str
    contact_phone: str
    grade: str

    @classmethod
    def of(cls, e: Any) -> EnterpriseOut:
        """Render an Enterprise row."""
        return cls(
            id=e.id,
            park_id=e.park_id,
            uscc=e.uscc,
            name=e.name,
            name_en=e.name_en,
            address=e.address,
            region_code=e.region_code,
            roles=list(e.roles or []),
            contact_name=e.contact_name,
            contact_phone=e.contact_phone,
            grade=e.grade,
        )


class EnterpriseList(Page):
    """Enterprises."""

    items: list[EnterpriseOut]


class EnterpriseQuery(PageQuery):
    """Filter enterprises by text (name, USCC) and role."""

    q: str | None = Field(default=None, max_length=100)
    role: EnterpriseRoleName | None = None


class EnterpriseCreate(Body):
    """A new enterprise (USCC check character validated)."""

    uscc: str = Field(min_length=1, max_length=30)
    name: str = Field(min_length=1, max_length=200)
    region_code: str = Field(min_length=1, max_length=10)
    name_en: str = Field(default="", max_length=200)
    address: str = Field(default="", max_length=300)
    roles: list[EnterpriseRoleName] = []
    contact_name: str = Field(default="", max_length=60)
    contact_phone: str = Field(default="", max_length=40)
    grade: str = Field(default="", max_length=20)
    park_id: int | None = None


class EnterpriseUpdate(Body):
    """Changed enterprise fields (an EHS officer may send only contact_name, contact_phone, address)."""

    uscc: str | None = Field(default=None, min_length=1, max_length=30)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    region_code: str | None = Field(default=None, min_length=1, max_length=10)
    name_en: str | None = Field(default=None, max_length=200)
    address: str | None = Field(default=None, max_length=300)
    roles: list[EnterpriseRoleName] | None = None
    contact_name: str | None = Field(default=None, max_length=60)
    contact_phone: str | None = Field(default=None, max_length=40)
    grade: str | None = Field(default=None, max_length=20)


class CoverageQuery(Query):
    """What to check: a licence type on a date, optionally for one waste, chemical or DG class."""

    type: str = Field(min_length=1, max_length=60, description="licence type code, e.g. hw_operating")
    on: date | None = Field(default=None, alias="date", description="YYYY-MM-DD; today when omitted")
    waste_code: str | None = Field(default=None, max_length=10)
    mode: Literal["collect", "store", "utilise", "dispose"] | None = None
    method: str | None = Field(default=None, max_length=6)
    chemical_id: int | None = None
    quantity_t: str | None = Field(default=None, max_length=30)
    dg_class: str | None = Field(default=None, max_length=10)


class CoverageLicence(BaseModel):
    """The licence that covers the subject."""

    id: int
    number: str
    type_code: str
    status: str
    valid_from: date
    valid_to: date


class ScopeLineOut(BaseModel):
    """A licence scope line (waste, chemical or transport)."""

    id: int | None
    kind: str
    waste_category: str | None = None
    waste_code: str | None = None
    modes: list[str] = []
    method_codes: list[str] = []
    annual_scale_tpa: str | None = None
    chemical_id: int | None = None
    max_quantity_t: str | None = None
    dg_class: str | None = None

    @classmethod
    def of(cls, line: Any) -> ScopeLineOut:
        """Render a scope line (model row or domain ScopeLine)."""
        return cls(
            id=line.id,
            kind=line.kind,
            waste_category=line.waste_category,
            waste_code=line.waste_code,
            modes=list(line.modes or []),
            method_codes=list(line.method_codes or []),
            annual_scale_tpa=tonnes_out(line.annual_scale_kg),
            chemical_id=line.chemical_id,
            max_quantity_t=tonnes_out(line.max_quantity_kg),
            dg_class=line.dg_class,
        )


class ReasonOut(BaseModel):
    """Why one licence does not cover the subject."""

    code: str
    licence_number: str | None
    message: str


class CoverageOut(BaseModel):
    """Whether a valid licence covers the subject, by which licence and line, or why not."""

    covered: bool
    licence: CoverageLicence | None
    line: ScopeLineOut | None
    reasons: list[ReasonOut]

    @classmethod
    def of(cls, c: Any) -> CoverageOut:
        """Render a domain Coverage."""
        lic = c.licence
        return cls(
            covered=c.covered,
            licence=None
            if lic is None
            else CoverageLicence(
                id=lic.id,
                number=lic.number,
                type_code=lic.type_code,
                status=lic.status,
                valid_from=lic.valid_from,
                valid_to=lic.valid_to,
            ),
            line=None if c.line is None else ScopeLineOut.of(c.line),
            reasons=[
                ReasonOut(code=r.code, licence_number=r.licence_number, message=r.message) for r in c.reasons
            ],
        )


# --- Licences ----------------------------------------------------------------------------------

LicenceStatusName = Literal["valid", "suspended", "revoked", "expired"]


class Ref(BaseModel):
    """A short reference to a related record."""

    id: int
    name: str


class EnterpriseRef(Ref):
    """A short reference to an enterprise."""

    uscc: str


class LicenceTypeRef(Ref):
    """A short reference to a licence type."""

    code: str


class LicenceOut(BaseModel):
    """A licence with its holder, type, issuer, scope lines and standing today."""

    id: int
    number: str
    holder: EnterpriseRef
    licence_type: LicenceTypeRef
    issuer: Ref | None
    valid_from: date
    valid_to: date
    status: str = Field(description="recorded status")
    standing: str = Field(description="status that holds today (a valid licence past valid_to is expired)")
    note: str
    lines: list[ScopeLineOut]

    @classmethod
    def of(cls, view: Any, today: date) -> LicenceOut:
        """Render a registry LicenceView."""
        lic, lt, holder, issuer = view.licence, view.licence_type, view.holder, view.issuer
        return cls(
            id=lic.id,
            number=lic.number,
            holder=EnterpriseRef(id=holder.id, name=holder.name, uscc=holder.uscc),
            licence_type=LicenceTypeRef(id=lt.id, name=lt.name, code=lt.code),
            issuer=None if issuer is None else Ref(id=issuer.id, name=issuer.name),
            valid_from=lic.valid_from,
            valid_to=lic.valid_to,
            status=lic.status,
            standing=view.standing(today),
            note=lic.note,
            lines=[ScopeLineOut.of(line) for line in view.lines],
        )


class LicenceList(Page):
    """Licences."""

    items: list[LicenceOut]


class LicenceQuery(PageQuery):
    """Filter licences."""

    enterprise_id: int | None = None
    licence_type_id: int | None = None
    status: LicenceStatusName | None = None


class ExpiringQuery(Query):
    """Licences ending within a number of days of a date."""

    within_days: int = Field(default=60, ge=0, le=3650)
    on: date | None = Field(default=None, description="YYYY-MM-DD; today when omitted")


class ScopeLineIn(Body):
    """A scope line as submitted; quantities in tonnes; a chemical by catalogue id or CAS number."""

    kind: Literal["waste", "chemical", "transport"]
    waste_category: str | None = Field(default=None, max_length=4)
    waste_code: str | None = Field(default=None, max_length=10)
    modes: list[Literal["collect", "store", "utilise", "dispose"]] = []
    method_codes: list[str] = []
    annual_scale_tpa: TonnesIn | None = None
    chemical_id: int | None = None
    cas: str | None = Field(default=None, max_length=12, description="CAS number, instead of chemical_id")
    max_quantity_t: TonnesIn | None = None
    dg_class: str | None = Field(default=None, max_length=10)


class LicenceCreate(Body):
    """A licence to record, with its scope lines."""

    enterprise_id: int
    licence_type_id: int
    number: str = Field(min_length=1, max_length=80)
    valid_from: date
    valid_to: date | None = Field(default=None, description="defaults from the type's validity years")
    issuer_department_id: int | None = None
    status: LicenceStatusName = "valid"
    note: str = ""
    lines: list[ScopeLineIn] = Field(default=[], max_length=200)


class LicenceStatusChange(Body):
    """A new status and why."""

    status: LicenceStatusName
    reason: str = Field(min_length=1, max_length=500)


# --- Facilities --------------------------------------------------------------------------------

FacilityKindName = Literal[
    "waste_store",
    "tank_farm",
    "chemical_warehouse",
    "incinerator",
    "landfill",
    "physicochemical",
    "utilisation",
    "production_unit",
]


class FacilityOut(BaseModel):
    """A facility with capacities in explicit units."""

    id: int
    enterprise_id: int
    name: str
    kind: str
    location: str
    storage_capacity_t: str | None
    annual_capacity_tpa: str | None
    daily_capacity_tpd: str | None

    @classmethod
    def of(cls, f: Any) -> FacilityOut:
        """Render a Facility row."""
        return cls(
            id=f.id,
            enterprise_id=f.enterprise_id,
            name=f.name,
            kind=f.kind,
            location=f.location,
            storage_capacity_t=tonnes_out(f.storage_capacity_kg),
            annual_capacity_tpa=tonnes_out(f.annual_capacity_kg),
            daily_capacity_tpd=tonnes_out(f.daily_capacity_kg),
        )


class FacilityList(Page):
    """Facilities."""

    items: list[FacilityOut]


class FacilityQuery(PageQuery):
    """Filter facilities."""

    enterprise_id: int | None = None
    kind: FacilityKindName | None = None


class FacilityCreate(Body):
    """A new facility; at least one capacity."""

    enterprise_id: int
    name: str = Field(min_length=1, max_length=200)
    kind: FacilityKindName
    location: str = Field(default="", max_length=300)
    storage_capacity_t: TonnesIn | None = None
    annual_capacity_tpa: TonnesIn | None = None
    daily_capacity_tpd: TonnesIn | None = None


class FacilityChemicalIn(Body):
    """A catalogue entry the facility holds, up to a maximum quantity."""

    chemical_id: int
    max_quantity_t: TonnesIn | None = None


class FacilityChemicalOut(BaseModel):
    """A catalogue entry held by a facility."""

    id: int
    facility_id: int
    chemical_id: int
    max_quantity_t: str | None

    @classmethod
    def of(cls, link: Any) -> FacilityChemicalOut:
        """Render a FacilityChemical row."""
        return cls(
            id=link.id,
            facility_id=link.facility_id,
            chemical_id=link.chemical_id,
            max_quantity_t=tonnes_out(link.max_quantity_kg),
        )


class FacilityDetail(FacilityOut):
    """A facility with the catalogue entries it is declared to hold."""

    chemicals: list[FacilityChemicalOut]


# --- Chemical and waste-code detail (they embed licences and facilities) -----------------------


class ChemicalDetail(ChemicalOut):
    """A catalogue entry with the licences and facilities (visible to the caller) that refer to it."""

    licences: list[LicenceOut]
    facilities: list[FacilityOut]


class WasteCodeDetail(WasteCodeOut):
    """A waste code with its category and the licences (visible to the caller) covering it."""

    waste_category: WasteCategoryOut | None = Field(description="the HW category entry of the code's edition")
    licences: list[LicenceOut]


# --- Carriers ------------------------------------------------------------------------------------


class CarrierQuery(PageQuery):
    """Filter by carrier."""

    carrier_id: int | None = None


class VehicleOut(BaseModel):
    """A dangerous-goods vehicle of a carrier."""

    id: int
    carrier_id: int
    plate: str
    certificate_no: str
    dg_classes: list[str]
    valid_to: date

    @classmethod
    def of(cls, v: Any) -> VehicleOut:
        """Render a Vehicle row."""
        return cls(
            id=v.id,
            carrier_id=v.carrier_id,
            plate=v.plate,
            certificate_no=v.certificate_no,
            dg_classes=list(v.dg_classes or []),
            valid_to=v.valid_to,
        )


class VehicleList(Page):
    """Vehicles."""

    items: list[VehicleOut]


class VehicleCreate(Body):
    """A new vehicle."""

    carrier_id: int
    plate: str = Field(min_length=1, max_length=20)
    certificate_no: str = Field(min_length=1, max_length=60)
    dg_classes: list[str] = Field(min_length=1, max_length=20)
    valid_to: date


class DriverOut(BaseModel):
    """A qualified driver of a carrier."""

    id: int
    carrier_id: int
    name: str
    certificate_no: str
    valid_to: date

    @classmethod
    def of(cls, d: Any) -> DriverOut:
        """Render a Driver row."""
        return cls(
            id=d.id,
            carrier_id=d.carrier_id,
            name=d.name,
            certificate_no=d.certificate_no,
            valid_to=d.valid_to,
        )


class DriverList(Page):
    """Drivers."""

    items: list[DriverOut]


class DriverCreate(Body):
    """A new driver."""

    carrier_id: int
    name: str = Field(min_length=1, max_length=60)
    certificate_no: str = Field(min_length=1, max_length=60)
    valid_to: date


# --- Accounts and audit --------------------------------------------------------------------------

RoleName = Literal["park_admin", "regulator", "ehs_officer", "driver", "receiver_operator"]


class UserCreate(Body):
    """A new account, bound to a department, enterprise or driver as its role needs."""

    username: str = Field(min_length=1, max_length=60)
    password: str = Field(min_length=1, max_length=200)
    role: RoleName
    display_name: str = Field(default="", max_length=120)
    department_id: int | None = None
    enterprise_id: int | None = None
    driver_id: int | None = None
    locale: str = Field(default="", max_length=20)


class UserOut(BaseModel):
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

    @classmethod
    def of(cls, u: Any) -> UserOut:
        """Render a User row without its password hash."""
        return cls(
            id=u.id,
            username=u.username,
            display_name=u.display_name,
            role=u.role,
            department_id=u.department_id,
            enterprise_id=u.enterprise_id,
            driver_id=u.driver_id,
            locale=u.locale,
            active=u.active,
        )


class ActorOut(BaseModel):
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
    enterprise_ids: list[int]

    @classmethod
    def of(cls, a: Any) -> ActorOut:
        """Render an Actor."""
        return cls(
            user_id=a.user_id,
            username=a.username,
            display_name=a.display_name,
            role=a.role,
            park_id=a.park_id,
            department_id=a.department_id,
            department_kind=a.department_kind,
            enterprise_id=a.enterprise_id,
            driver_id=a.driver_id,
            enterprise_ids=sorted(a.enterprise_ids),
        )


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
