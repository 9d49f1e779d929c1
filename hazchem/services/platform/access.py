"""Who may see and do what: the actor of a request and the scoping rules every service applies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import false, func
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, or_, select

from hazchem.domain.errors import Forbidden, Message, Said
from hazchem.domain.oversight import Area, department_oversees, licence_area
from hazchem.domain.vocab import DepartmentKind, Duty, Role
from hazchem.models import Enterprise, GateRefusal, LicenceType, Manifest, Responsibility, TransportLeg
from hazchem.services.platform import clock
from hazchem.services.platform.messages import (
    AREA_NAMES,
    EMERGENCY_OWN_ENTERPRISE,
    EMERGENCY_PARK_WRITER,
    EMERGENCY_READERS_ONLY,
    NOT_OVERSEEN,
    ONLY_ADMIN,
    ONLY_ADMIN_OF_PARK,
    ONLY_LICENCE_WRITER,
    REGIONAL_READ_ONLY,
)


@dataclass(frozen=True)
class Actor:
    """The authenticated user as the services see it (also serves as the Flask-Login user)."""

    user_id: int
    username: str
    display_name: str
    role: str
    park_id: int | None = None
    # A city or province regulator's region (it then has no park_id and reads every park of the region).
    region_id: int | None = None
    # The parks whose records the actor reads: its own, or its region's; None for no one in particular.
    park_ids: frozenset[int] | None = None
    # The enterprises of those parks, when the actor reads by park (administrators, regulators) and they
    # are not every park there is; None: no park limit (the CLI, or a deployment of the actor's parks only).
    park_enterprise_ids: frozenset[int] | None = None
    department_id: int | None = None
    department_kind: str | None = None
    enterprise_id: int | None = None
    driver_id: int | None = None
    locale: str = ""
    # The zone of the actor's park: its "today" is that park's calendar date.
    timezone: str = "Asia/Shanghai"
    enterprise_ids: frozenset[int] = field(default_factory=frozenset)
    # The account's session version when this actor was loaded; a login keeps it in its session.
    session_version: int = 0

    # Flask-Login's user protocol, by duck typing so the services stay framework-free.
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        """Return the id Flask-Login keeps in the session cookie."""
        return str(self.user_id)

    @property
    def is_admin(self) -> bool:
        """Park administrators see and manage everything."""
        return self.role == Role.PARK_ADMIN

    @property
    def is_regulator(self) -> bool:
        """Regulators read what their department is responsible for."""
        return self.role == Role.REGULATOR

    @property
    def is_regional(self) -> bool:
        """A city or province regulator: reads every park of its region, writes nothing."""
        return self.region_id is not None and self.park_id is None

    @property
    def sees_everything(self) -> bool:
        """Administrators and the park committee have the whole park in view."""
        return self.is_admin or (self.is_regulator and self.department_kind == DepartmentKind.PARK_COMMITTEE)


def reads_by_park(actor: Actor) -> bool:
    """Administrators and regulators read the records of their parks; everyone else their enterprises'."""
    return actor.is_admin or actor.is_regulator


def enterprise_scope(actor: Actor) -> frozenset[int] | None:
    """Enterprise ids whose records the actor may read, or None for all of them.

    The one park limit: a park's administrators and regulators read the enterprises of their park, a
    region's regulators those of the region's parks, enterprise users their own enterprises."""
    if reads_by_park(actor):
        return actor.park_enterprise_ids
    return actor.enterprise_ids


def park_enterprise_condition(actor: Actor, *columns: Any) -> list[ColumnElement[bool]]:
    """SQL keeping the rows about an enterprise of the actor's parks (in any of `columns`), for readers
    by park; [] when there is no park limit."""
    ids = actor.park_enterprise_ids if reads_by_park(actor) else None
    if ids is None:
        return []
    mine = _enterprises_in(actor.park_ids) if actor.park_ids is not None else sorted(ids) or [-1]
    return [or_(*(col(c).in_(mine) for c in columns))]


def _enterprises_in(park_ids: frozenset[int]) -> Any:
    """The enterprises of some parks as a subquery: a province's thousands of ids as literals would
    cost more to send and plan than the query itself takes to run."""
    return select(Enterprise.id).where(col(Enterprise.park_id).in_(sorted(park_ids) or [-1]))


def may_see_park(actor: Actor | None, park_id: int) -> bool:
    """Whether a park is one the actor reads (anyone bound to no park reads every park)."""
    return actor is None or actor.park_ids is None or park_id in actor.park_ids


def park_condition(actor: Actor | None, column: Any) -> ColumnElement[bool] | None:
    """SQL limiting a park_id column to the actor's parks, or None when it reads every park."""
    if actor is None or actor.park_ids is None:
        return None
    return col(column).in_(sorted(actor.park_ids) or [-1])


def can_read_enterprise(actor: Actor, enterprise_id: int) -> bool:
    """Tell whether the actor may read one enterprise's own records."""
    scope = enterprise_scope(actor)
    return scope is None or enterprise_id in scope


@dataclass(frozen=True)
class CustodyScope:
    """Which manifests, and the containers on them, an actor limited to some enterprises reads.

    Every custody read (manifest lists and pages, slips, labels, containers, scans, transport legs)
    applies this one rule. `parties`: the actor's enterprises as generator, receiver or carrier of a
    manifest, whose own containers and stores it also reads (officers and operators; for a park's
    administrators and regulators every enterprise of their parks, so a transfer between two parks
    is in both parks' view); `carriers`:
    enterprises whose carried legs alone it reads (a carrier dispatcher); `driver_id`: the driver
    whose assigned legs alone it reads (a driver, not the rest of the carrier's loads); `parks`: for
    readers by park, the parks whose enterprises `parties` are, so the SQL names the parks instead.
    """

    parties: frozenset[int] = frozenset()
    carriers: frozenset[int] = frozenset()
    driver_id: int | None = None
    parks: frozenset[int] | None = None

    @property
    def carrying(self) -> frozenset[int]:
        """Enterprises whose carried legs put a manifest in view."""
        return self.parties | self.carriers

    def sees(
        self, *, generator_id: int, receiver_id: int, carries: bool, drives: bool, refused: bool = False
    ) -> bool:
        """Whether a manifest is in view, from facts a read fetched.

        `carries`: a leg is carried by one of `carrying`; `drives`: a leg is assigned to `driver_id`;
        `refused`: one of `parties` refused the load at its gate (and keeps sight of what it refused).
        """
        return generator_id in self.parties or receiver_id in self.parties or carries or drives or refused

    def manifest_condition(self) -> ColumnElement[bool]:
        """The same rule as SQL on Manifest rows."""
        conds: list[ColumnElement[bool]] = []
        if self.parties:
            conds += self._as_party()
        if self.carrying:
            # A count of the manifest's own legs, not IN (every carried leg) nor EXISTS (which PostgreSQL
            # turns into that same hash): one park's carrier may carry most manifests of a province.
            carrying = self._carrying_sql()
            carried = select(func.count(TransportLeg.id)).where(
                TransportLeg.manifest_id == Manifest.id, col(TransportLeg.carrier_id).in_(carrying)
            )
            conds.append(carried.scalar_subquery() > 0)
        if self.driver_id is not None:
            driven = select(TransportLeg.manifest_id).where(TransportLeg.driver_id == self.driver_id)
            conds.append(col(Manifest.id).in_(driven))
        return or_(*conds) if conds else false()

    def leg_condition(self) -> ColumnElement[bool]:
        """Transport legs in view, on TransportLeg joined with its Manifest: a party's manifests'
        legs carried by it or of its own manifests, a dispatcher's carrier's, a driver's own."""
        conds: list[ColumnElement[bool]] = []
        if self.parties:
            conds += self._as_party()
        if self.carrying:
            conds.append(col(TransportLeg.carrier_id).in_(self._carrying_sql()))
        if self.driver_id is not None:
            conds.append(TransportLeg.driver_id == self.driver_id)
        return or_(*conds) if conds else false()

    def _parties_sql(self) -> Any:
        return _enterprises_in(self.parks) if self.parks is not None else sorted(self.parties)

    def _carrying_sql(self) -> Any:
        # A reader by park has no carriers of its own: what it carries is what its parties carry.
        if self.parks is not None and not self.carriers:
            return _enterprises_in(self.parks)
        return sorted(self.carrying)

    def _as_party(self) -> list[ColumnElement[bool]]:
        ids = self._parties_sql()
        refused = select(GateRefusal.manifest_id).where(col(GateRefusal.receiver_id).in_(ids))
        return [
            col(Manifest.generator_id).in_(ids),
            col(Manifest.receiver_id).in_(ids),
            col(Manifest.id).in_(refused),
        ]


def custody_scope(actor: Actor) -> CustodyScope | None:
    """The actor's custody scope, or None when it reads every manifest (no park limit)."""
    if reads_by_park(actor):
        ids = actor.park_enterprise_ids
        return None if ids is None else CustodyScope(parties=ids, parks=actor.park_ids)
    if actor.role == Role.DRIVER:
        return CustodyScope(driver_id=actor.driver_id)
    if actor.role == Role.CARRIER_DISPATCHER:
        return CustodyScope(carriers=actor.enterprise_ids)
    return CustodyScope(parties=actor.enterprise_ids)


def is_dispatcher_of(actor: Actor, carrier_id: int) -> bool:
    """Tell whether the actor dispatches this carrier's legs (assigns their vehicles and drivers)."""
    return actor.role == Role.CARRIER_DISPATCHER and carrier_id in actor.enterprise_ids


def licence_type_scope(session: Session, actor: Actor) -> frozenset[int] | None:
    """Licence type ids a regulator may read, None meaning all types.

    A regulator reads the licence types of the areas its department oversees (a hazardous-waste
    licence is ecology's, a safe-use licence emergency management's…) and the types it issues itself."""
    if not actor.is_regulator or actor.sees_everything:
        return None
    areas = overseen_areas(actor) or frozenset()
    issued = issuing_type_ids(session, actor)
    return frozenset(
        t.id
        for t in session.exec(select(LicenceType))
        if t.id in issued or licence_area(t.code, t.issuer_kind) in areas
    )


def issuing_type_ids(session: Session, actor: Actor) -> frozenset[int]:
    """Licence type ids the actor's department issues (regulators record those licences)."""
    if actor.department_id is None:
        return frozenset()
    rows = session.exec(
        select(Responsibility.licence_type_id).where(
            Responsibility.department_id == actor.department_id,
            Responsibility.duty == Duty.ISSUES,
        )
    ).all()
    return frozenset(rows)


# What a city or province regulator may still do: keep its own account (the rest is read-only to it).
REGIONAL_WRITES = frozenset({"user.logout", "user.password", "token.issue", "token.revoke"})


def require_park_writer(actor: Any, actions: tuple[str, ...]) -> None:
    """Refuse a regional regulator any write but its own account's: regions read their parks only.

    Checked by every use case before its unit of work opens, so no write can forget it."""
    if isinstance(actor, Actor) and actor.is_regional and not set(actions) <= REGIONAL_WRITES:
        raise Forbidden(REGIONAL_READ_ONLY)


def require_admin(actor: Actor, what: Message | Said) -> None:
    """Refuse unless the actor is a park administrator; `what` names the action refused."""
    if not actor.is_admin:
        raise Forbidden(ONLY_ADMIN, what=what)


def managed_accounts(actor: Actor) -> tuple[int | None, int | None]:
    """Whose accounts (sessions, tokens) the actor manages: (only this user, only this park), None = any.

    Everyone manages their own; a park administrator every account of its park.
    """
    if actor.is_admin:
        return None, actor.park_id
    return actor.user_id, None


def may_manage_account(actor: Actor, user_id: int, park_id: int | None) -> bool:
    """Tell whether the actor may manage one account (bound to `park_id`, None for unbound accounts).

    A park's administrator manages its park's accounts only: not a region's regulators, nor accounts
    bound to no park, which belong to the deployment."""
    only_user, only_park = managed_accounts(actor)
    if only_user is not None:
        return user_id == only_user
    return only_park is None or park_id == only_park or user_id == actor.user_id


def require_account_manager(actor: Actor, user_id: int, park_id: int | None, what: Message | Said) -> None:
    """Refuse unless the actor is a park administrator of the account's park."""
    require_admin(actor, what)
    if not may_manage_account(actor, user_id, park_id):
        raise Forbidden(ONLY_ADMIN_OF_PARK, what=what)


def require_licence_writer(session: Session, actor: Actor, licence_type_id: int) -> None:
    """Admins, and regulators of the issuing department, record and change licences of a type."""
    if actor.is_admin:
        return
    if actor.is_regulator and licence_type_id in issuing_type_ids(session, actor):
        return
    raise Forbidden(ONLY_LICENCE_WRITER)


def can_oversee(actor: Actor, area: Area) -> bool:
    """Administrators oversee every area; a regulator the areas of its department's kind."""
    return actor.is_admin or (actor.is_regulator and department_oversees(actor.department_kind, area))


def require_oversight(actor: Actor, area: Area) -> None:
    """Refuse a regulator (or anyone else) outside the area their department oversees."""
    if not can_oversee(actor, area):
        raise Forbidden(NOT_OVERSEEN, area=AREA_NAMES[area])


def require_read(actor: Actor, area: Area) -> None:
    """Refuse a regulator a read outside its department's areas (enterprises stay scoped by enterprise)."""
    if actor.is_regulator:
        require_oversight(actor, area)


def may_read(actor: Actor, area: Area) -> bool:
    """Tell whether the area's pages are part of the actor's work (regulators: their areas only)."""
    return not actor.is_regulator or can_oversee(actor, area)


def overseen_areas(actor: Actor) -> frozenset[Area] | None:
    """Areas a regulator may read, or None when the actor is not limited by area (admins, enterprises)."""
    if not actor.is_regulator:
        return None
    return frozenset(a for a in Area if department_oversees(actor.department_kind, a))


def park_today(actor: Actor | None) -> date:
    """Today in the actor's park (Beijing for the command line and the demo, which act as no one)."""
    return clock.today(actor.timezone if actor is not None else clock.DEFAULT_ZONE)


@dataclass(frozen=True)
class IncidentScope:
    """Which accident incidents an actor reads: its parks' (administrators, regulators), some
    enterprises' (their own users), or all (None everywhere: actors bound to no park)."""

    park_ids: frozenset[int] | None = None
    enterprise_ids: frozenset[int] | None = None

    def sees(self, *, park_id: int, enterprise_id: int) -> bool:
        """Whether one incident is in view."""
        if self.enterprise_ids is not None:
            return enterprise_id in self.enterprise_ids
        return self.park_ids is None or park_id in self.park_ids


def incident_scope(actor: Actor) -> IncidentScope:
    """An enterprise user sees its enterprises' incidents, a park's administrators and regulators the
    park's, a region's regulators those of the region's parks."""
    if reads_by_park(actor):
        return IncidentScope(park_ids=actor.park_ids)
    return IncidentScope(enterprise_ids=frozenset(actor.enterprise_ids))


# --- Emergency plans and resources -------------------------------------------------------------------


@dataclass(frozen=True)
class EmergencyScope:
    """Which emergency plans and resources an actor reads.

    `park_ids`: the parks whose records are read (None: every park, for actors bound to none);
    `enterprises`: the enterprises whose own records are read besides the park's (None: every
    enterprise's); `areas`: the areas an enterprise's records must belong to (None: any). The park's
    own plans and resources are read by everyone allowed in at all."""

    park_ids: frozenset[int] | None = None
    enterprises: frozenset[int] | None = None
    areas: frozenset[Area] | None = None

    def sees(self, *, park_id: int, enterprise_id: int | None, area: Area) -> bool:
        """Whether one plan or resource (of the park if `enterprise_id` is None) is in view."""
        if self.park_ids is not None and park_id not in self.park_ids:
            return False
        if enterprise_id is None:
            return True
        if self.enterprises is not None and enterprise_id not in self.enterprises:
            return False
        return self.areas is None or area in self.areas


def emergency_scope(actor: Actor) -> EmergencyScope:
    """The park reads everything; regulators the park's plans and resources and enterprises' of their
    department's areas; enterprise users their own and the park's; drivers none."""
    if actor.role == Role.DRIVER:
        raise Forbidden(EMERGENCY_READERS_ONLY)
    if actor.sees_everything:
        return EmergencyScope(park_ids=actor.park_ids)
    if actor.is_regulator:
        return EmergencyScope(park_ids=actor.park_ids, areas=overseen_areas(actor))
    return EmergencyScope(park_ids=actor.park_ids, enterprises=actor.enterprise_ids)


def may_write_emergency(actor: Actor, *, park_id: int, enterprise_id: int | None) -> bool:
    """The park administrator and the emergency-management regulator keep the park's plans and resources;
    an enterprise's EHS officer keeps its own enterprise's (the administrator may stand in)."""
    if actor.is_regional or not may_see_park(actor, park_id):
        return False
    if actor.is_admin:
        return True
    if enterprise_id is None:
        return actor.is_regulator and actor.department_kind == DepartmentKind.EMERGENCY_MANAGEMENT
    return actor.role == Role.EHS_OFFICER and enterprise_id in actor.enterprise_ids


def require_emergency_writer(actor: Actor, *, park_id: int, enterprise_id: int | None) -> None:
    """Refuse a change to a plan or resource the actor does not keep."""
    if not may_write_emergency(actor, park_id=park_id, enterprise_id=enterprise_id):
        raise Forbidden(EMERGENCY_PARK_WRITER if enterprise_id is None else EMERGENCY_OWN_ENTERPRISE)
