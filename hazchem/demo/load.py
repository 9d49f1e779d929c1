"""Load the demo park: a fictional park modelled on 杭州湾上虞经济技术开发区, all in one transaction."""

from __future__ import annotations

from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, select

from hazchem.demo import data
from hazchem.demo import emergency as demo_emergency
from hazchem.demo import history as demo_history
from hazchem.demo import messages as msg
from hazchem.demo import second_park as demo_second_park
from hazchem.demo import world as demo_world
from hazchem.domain.errors import Conflict, InvalidInput
from hazchem.domain.identifiers import uscc_check_char
from hazchem.domain.lifecycle import LicenceStatus
from hazchem.domain.park_catalogue import LineInput
from hazchem.models import (
    Chemical,
    Driver,
    Enterprise,
    Licence,
    LicenceType,
    Park,
    TreatmentMethod,
    User,
    Vehicle,
    WasteCategory,
)
from hazchem.services import registry, waste
from hazchem.services.chemicals import park_catalogue
from hazchem.services.lists import shipped
from hazchem.services.oversight import rollups
from hazchem.services.platform import auth, clock
from hazchem.services.registry import seed

EXPIRY_WARNING_DAYS = 60
PARK_CATALOGUE_REASON = "园区危险化学品目录首次发布：列入园区设施和许可证所涉化学品（演示数据）"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_LABELS = {
    "chemical": msg.CHEMICALS,
    "waste_category": msg.WASTE_CATEGORIES,
    "method_code": msg.METHOD_CODES,
    "licence_type": msg.LICENCE_TYPES,
}


@dataclass(frozen=True)
class DemoAccount:
    """A documented demo login: who it is, what it is bound to, and its password."""

    username: str
    role: str
    bound_to: str
    password: str


def _bound_to(spec: dict[str, Any]) -> str:
    enterprises = {e["key"]: e["name"] for e in data.ENTERPRISES}
    drivers = {d["key"]: d for d in data.DRIVERS}
    if "department" in spec:
        return f"{spec['department_name']} ({spec['department']})"
    if "enterprise" in spec:
        return enterprises[spec["enterprise"]]
    if "driver" in spec:
        driver = drivers[spec["driver"]]
        return f"{driver['name']}, {enterprises[driver['carrier']]}"
    return "whole park"


def _bound_to_second(spec: dict[str, Any]) -> str:
    enterprises = {e["key"]: e["name"] for e in demo_second_park.ENTERPRISES}
    province = {d["kind"]: d["name"] for d in demo_second_park.PROVINCE_DEPARTMENTS}
    if "province" in spec:
        return f"{province[spec['province']]}: every park of the province, read-only"
    if "department" in spec:
        return f"{demo_second_park.PARK_NAME} ({spec['department']})"
    if "enterprise" in spec:
        return enterprises[spec["enterprise"]]
    return demo_second_park.PARK_NAME


DEMO_ACCOUNTS: list[DemoAccount] = [
    DemoAccount(a["username"], a["role"], _bound_to(a), data.DEMO_PASSWORD) for a in data.ACCOUNTS
]
# The accounts of the demo province (`load-demo --province`, the command's default): the second park's
# and the province's regulators.
PROVINCE_ACCOUNTS: list[DemoAccount] = [
    DemoAccount(a["username"], a["role"], _bound_to_second(a), data.DEMO_PASSWORD)
    for a in demo_second_park.ACCOUNTS
]


def org_code(body: str) -> str:
    """Complete an 8-character organisation code body with its GB 11714 check character."""
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def demo_uscc(body: str) -> str:
    """Build a USCC: 91 (enterprise) + the park's region code + organisation code + check character."""
    first17 = "91" + data.REGION_CODE + org_code(body)
    return first17 + uscc_check_char(first17)


def _kg(tonnes: float | None) -> int | None:
    return None if tonnes is None else round(tonnes * 1000)


def _licence_number(spec: dict[str, Any], usccs: dict[str, str], today: date) -> str:
    valid_from = today + timedelta(days=spec["from_days"])
    return spec["number"].format(uscc=usccs[spec["holder"]], year=valid_from.year)


def _chemical_ids(session: Session) -> dict[str, int]:
    """Map each CAS number to one catalogue entry: latest edition, lowest serial, plainest name."""
    rows = session.exec(
        select(Chemical.id, Chemical.edition, Chemical.serial, Chemical.name, Chemical.cas_numbers)
    ).all()
    best: dict[str, tuple[Any, ...]] = {}
    for chem_id, edition, serial, name, cas_numbers in rows:
        rank = (-int(edition) if edition.isdigit() else 0, serial, len(name), chem_id)
        for cas in cas_numbers or ():
            if cas in data.CHEMICALS and (cas not in best or rank < best[cas][0]):
                best[cas] = (rank, chem_id)
    return {cas: chem_id for cas, (_, chem_id) in best.items()}


def _check_catalogues(session: Session) -> dict[str, int]:
    """Refuse, naming every gap, unless the catalogue rows the demo refers to are loaded."""
    chemicals = _chemical_ids(session)
    categories = set(session.exec(select(WasteCategory.number)))
    methods = set(session.exec(select(TreatmentMethod.code)))
    type_codes = set(session.exec(select(LicenceType.code))) | {
        t["code"] for t in seed.load_licence_type_data()["types"]
    }
    waste_lines = [line for lic in data.LICENCES for line in lic.get("lines", ()) if "waste_category" in line]
    details: list[dict[str, Any]] = []
    for cas in data.CHEMICALS:
        if cas not in chemicals:
            details.append({"chemical": cas, "name": data.CHEMICALS[cas]})
    for category in sorted({line["waste_category"] for line in waste_lines} - categories):
        details.append({"waste_category": category})
    for code in sorted({m for line in waste_lines for m in line["methods"]} - methods):
        details.append({"method_code": code})
    for code in sorted({lic["type"] for lic in data.LICENCES} - type_codes):
        details.append({"licence_type": code})
    if details:
        groups: dict[str, list[str]] = {}
        for detail in details:
            label, value = next(iter(detail.items()))
            groups.setdefault(label, []).append(str(value))
        missing = [
            msg.MISSING_GROUP(kind=_LABELS[label], values=", ".join(values))
            for label, values in groups.items()
        ]
        raise InvalidInput(msg.CATALOGUES_MISSING, details=details, missing=missing)
    return chemicals


def _check_collisions(session: Session, usccs: dict[str, str], today: date) -> None:
    """Refuse, naming every clash, if records the demo would create already exist."""
    details: list[dict[str, Any]] = []
    for uscc in session.exec(select(Enterprise.uscc).where(col(Enterprise.uscc).in_(usccs.values()))):
        details.append({"uscc": uscc})
    usernames = [a["username"] for a in (*data.ACCOUNTS, *demo_second_park.ACCOUNTS)]
    for username in session.exec(select(User.username).where(col(User.username).in_(usernames))):
        details.append({"username": username})
    plates = [v["plate"] for v in data.VEHICLES]
    for plate in session.exec(select(Vehicle.plate).where(col(Vehicle.plate).in_(plates))):
        details.append({"plate": plate})
    certificates = [d["certificate_no"] for d in data.DRIVERS]
    for number in session.exec(
        select(Driver.certificate_no).where(col(Driver.certificate_no).in_(certificates))
    ):
        details.append({"driver_certificate": number})
    numbers = {(lic["type"], _licence_number(lic, usccs, today)) for lic in data.LICENCES}
    taken = session.exec(
        select(LicenceType.code, Licence.number)
        .join(LicenceType, col(LicenceType.id) == Licence.licence_type_id)
        .where(col(Licence.number).in_([n for _, n in numbers]))
    ).all()
    for code, number in taken:
        if (code, number) in numbers:
            details.append({"licence_type": code, "number": number})
    if details:
        clashes = ", ".join(str(next(iter(d.values()))) for d in details)
        raise Conflict(msg.RECORDS_EXIST, details=details, clashes=clashes)


def _scope_line(line: dict[str, Any], chemicals: dict[str, int]) -> registry.ScopeLineInput:
    if "waste_category" in line:
        return registry.ScopeLineInput(
            kind="waste",
            waste_category=line["waste_category"],
            modes=line["modes"],
            method_codes=line["methods"],
            annual_scale_kg=_kg(line["annual_t"]),
        )
    if "cas" in line:
        return registry.ScopeLineInput(
            kind="chemical", chemical_id=chemicals[line["cas"]], max_quantity_kg=_kg(line["max_t"])
        )
    return registry.ScopeLineInput(kind="transport", dg_class=line["dg_class"])


def _load(
    session: Session, today: date, chemicals: dict[str, int], usccs: dict[str, str], province: bool
) -> list[str]:
    """Create the park and everything in it; returns the summary lines."""
    park = seed.seed_park(
        session=session, name=data.PARK_NAME, region_code=data.REGION_CODE, name_en=data.PARK_NAME_EN
    )
    departments = {d.kind: d for d in registry.list_departments(session=session, actor=None, park_id=park.id)}
    types = {t.code: t for t in registry.list_licence_types(session=session)}

    enterprises: dict[str, Enterprise] = {}
    for spec in data.ENTERPRISES:
        fields = {k: v for k, v in spec.items() if k not in ("key", "org", "address")}
        enterprises[spec["key"]] = registry.create_enterprise(
            session=session,
            actor=None,
            park_id=park.id,
            uscc=usccs[spec["key"]],
            address=data.ADDRESS_PREFIX + spec["address"],
            region_code=data.REGION_CODE,
            management_class=data.MANAGEMENT_CLASS_BY_GRADE.get(spec.get("grade", ""), ""),
            **fields,
        )

    links = 0
    for spec in data.FACILITIES:
        owner = enterprises[spec["owner"]]
        facility = registry.create_facility(
            session=session,
            actor=None,
            enterprise_id=owner.id,
            name=spec["name"],
            kind=spec["kind"],
            location=owner.address,
            storage_capacity_kg=_kg(spec.get("storage_t")),
            annual_capacity_kg=_kg(spec.get("annual_t")),
            daily_capacity_kg=_kg(spec.get("daily_t")),
            intake_rate_kg_per_day=_kg(spec.get("intake_t")),
        )
        for cas, max_t in spec.get("chemicals", {}).items():
            registry.add_facility_chemical(
                session=session,
                actor=None,
                facility_id=facility.id,
                chemical_id=chemicals[cas],
                max_quantity_kg=_kg(max_t),
            )
            links += 1

    standing: Counter[str] = Counter()
    for spec in data.LICENCES:
        licence_type = types[spec["type"]]
        issuer = departments.get(licence_type.issuer_kind)
        valid_from = today + timedelta(days=spec["from_days"])
        valid_to = today + timedelta(days=spec["to_days"])
        status = spec.get("status", LicenceStatus.VALID.value)
        registry.create_licence(
            session=session,
            actor=None,
            enterprise_id=enterprises[spec["holder"]].id,
            licence_type_id=licence_type.id,
            number=_licence_number(spec, usccs, today),
            valid_from=valid_from,
            valid_to=valid_to,
            issuer_department_id=issuer.id if issuer else None,
            lines=[_scope_line(line, chemicals) for line in spec.get("lines", ())],
            note=spec.get("note", ""),
            status=status,
        )
        if status != LicenceStatus.VALID:
            standing[status] += 1
        elif valid_to < today:
            standing["expired"] += 1
        elif valid_to <= today + timedelta(days=EXPIRY_WARNING_DAYS):
            standing["expiring"] += 1

    for spec in data.STREAMS:
        waste.create_stream(
            session=session,
            actor=None,
            enterprise_id=enterprises[spec["owner"]].id,
            waste_code=spec["waste_code"],
            name=spec["name"],
            form=spec["form"],
            tags=spec["tags"],
            packaging=spec["packaging"],
            **spec["dg"],
        )

    for spec in data.VEHICLES:
        registry.create_vehicle(
            session=session,
            actor=None,
            carrier_id=enterprises[spec["carrier"]].id,
            plate=spec["plate"],
            certificate_no=spec["certificate_no"],
            dg_classes=spec["dg_classes"],
            valid_to=today + timedelta(days=spec["to_days"]),
        )
    drivers: dict[str, Driver] = {}
    for spec in data.DRIVERS:
        drivers[spec["key"]] = registry.create_driver(
            session=session,
            actor=None,
            carrier_id=enterprises[spec["carrier"]].id,
            name=spec["name"],
            certificate_no=spec["certificate_no"],
            valid_to=today + timedelta(days=spec["to_days"]),
        )

    for spec in data.ACCOUNTS:
        auth.create_user(
            session=session,
            actor=None,
            username=spec["username"],
            password=data.DEMO_PASSWORD,
            role=spec["role"],
            display_name=spec["display_name"],
            department_id=departments[spec["department"]].id if "department" in spec else None,
            enterprise_id=enterprises[spec["enterprise"]].id if "enterprise" in spec else None,
            driver_id=drivers[spec["driver"]].id if "driver" in spec else None,
        )

    # The park catalogue's first revision lists what the park's facilities and licences name, with no
    # park classification or thresholds: those are the emergency-management department's decisions.
    listed = sorted(
        {chemicals[cas] for spec in data.FACILITIES for cas in spec.get("chemicals", {})}
        | {
            chemicals[line["cas"]]
            for spec in data.LICENCES
            for line in spec.get("lines", ())
            if line.get("cas") in chemicals
        }
    )
    em_user = next(
        spec["username"] for spec in data.ACCOUNTS if spec.get("department") == "emergency_management"
    )
    em = auth.build_actor(session, session.exec(select(User).where(User.username == em_user)).one())
    park_catalogue.revise(
        session=session,
        actor=em,
        reason=PARK_CATALOGUE_REASON,
        lines=[LineInput(chemical_id, "add") for chemical_id in listed],
        effective_date=today,
        park_id=park.id,
    )

    emergency_line = demo_emergency.load_emergency(
        session=session, park_id=park.id, enterprises=enterprises, today=today
    )
    province_lines = (
        demo_second_park.load_second_park(
            session=session, demo_park=park, receiver=enterprises["disposal_centre"]
        )
        if province
        else []
    )
    roles = Counter(role for spec in data.ENTERPRISES for role in spec["roles"])
    horizon = today + timedelta(days=EXPIRY_WARNING_DAYS)
    soon = sum(1 for spec in data.VEHICLES if spec["to_days"] <= EXPIRY_WARNING_DAYS) + sum(
        1 for spec in data.DRIVERS if spec["to_days"] <= EXPIRY_WARNING_DAYS
    )
    return [
        f"Loaded the demo park {park.name} (region {park.region_code}), dates as of {today}:",
        f"  {len(departments)} departments, {len(types)} licence types with their responsibility matrix",
        f"  {len(enterprises)} fictional enterprises: {roles['waste_generator']} waste generators, "
        f"{roles['chemical_user']} chemical users, {roles['carrier']} carriers, "
        f"{roles['collector']} collectors, {roles['receiver']} receivers",
        f"  {len(data.FACILITIES)} facilities ({links} chemical links), {len(data.STREAMS)} waste streams",
        f"  the park catalogue's first revision, {len(listed)} entries",
        f"  {len(data.LICENCES)} licences: {standing['expiring']} expiring by {horizon}, "
        f"{standing['expired']} expired, {standing['suspended']} suspended",
        f"  {len(data.VEHICLES)} vehicles and {len(data.DRIVERS)} drivers "
        f"({soon} certificates expiring by {horizon})",
        f"  {len(data.ACCOUNTS)} accounts, password {data.DEMO_PASSWORD}: "
        + ", ".join(f"{a.username} ({a.role})" for a in DEMO_ACCOUNTS),
        emergency_line,
        *province_lines,
    ]


def load_demo(
    *, session: Session, today: date | None = None, history: bool = False, province: bool = False
) -> str:
    """Load the shipped catalogues and the demo park (once), with a year of its life and the demo
    province around it (a second park, the province's regulators) if asked for; return a summary."""
    until = clock.now()
    today = today or clock.today()
    shipped.load_shipped_catalogues(session=session)
    # End the caller's transaction so it neither holds a lock nor keeps a stale snapshot.
    session.commit()
    usccs = {spec["key"]: demo_uscc(spec["org"]) for spec in data.ENTERPRISES}
    # The registry commits once per record; run those commits as savepoints of one outer
    # transaction so that a failure part-way leaves no half-loaded park behind.
    # With its history the park is registered a year back, and the clock walks through the year from there.
    clocked = demo_world.stepped_clock(demo_world.year_start(today)) if history else nullcontext()
    engine = session.get_bind().engine
    with clocked as traveller:
        with engine.connect() as conn:
            conn.execution_options(hazchem_write=True)
            with (
                conn.begin(),
                Session(bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False) as work,
            ):
                existing = work.exec(select(Park).where(Park.name == data.PARK_NAME)).first()
                if existing is None:
                    chemicals = _check_catalogues(work)
                    _check_collisions(work, usccs, today)
                    lines = _load(work, today, chemicals, usccs, province)
                elif not history or demo_history.already_loaded(work, existing.id):
                    return (
                        f"The demo park {existing.name} is already loaded (park {existing.id}); "
                        "nothing changed."
                    )
                else:
                    lines = [f"The demo park {existing.name} is already loaded (park {existing.id})."]
        if history:
            # The year commits action by action, as its users would: thousands of savepoints in one
            # transaction would overflow PostgreSQL's subtransaction cache and slow every read.
            # The roll-ups are rebuilt once at the end rather than kept in step commit by commit.
            with Session(engine, expire_on_commit=False) as year, rollups.deferred(year):
                lines += demo_history.load_history(
                    session=year,
                    today=today,
                    until=until,
                    traveller=traveller,
                    chemical_ids=_chemical_ids(year),
                )
    return "\n".join(lines)
