"""Accounts: password hashing, login, bearer tokens, and the Actor each request acts as."""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, update
from sqlmodel import Session, col, func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from hazchem.domain.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, TooManyAttempts
from hazchem.domain.vocab import EnterpriseRole, Role
from hazchem.models import ApiToken, Department, Driver, Enterprise, LoginFailure, Park, Region, User
from hazchem.services.platform import audit, clock
from hazchem.services.platform import messages as msg
from hazchem.services.platform.access import (
    Actor,
    managed_accounts,
    may_manage_account,
    require_account_manager,
    require_admin,
)
from hazchem.services.platform.uow import bookkeeping, use_case

MIN_PASSWORD_LENGTH = 10
# Verified against when the username is unknown, so timing does not reveal which accounts exist.
_DUMMY_HASH = generate_password_hash("hazchem-dummy-password")


def _actor_query():
    # One round trip for every request: only the columns an Actor needs, no ORM objects to build.
    # Built for each use that adds to it; the per-request lookups below reuse prebuilt statements.
    return _bound(
        select(
            User.id,
            User.username,
            User.display_name,
            User.role,
            User.active,
            User.department_id,
            User.enterprise_id,
            User.driver_id,
            User.locale,
            Department.kind,
            Department.park_id,
            Driver.carrier_id,
            Enterprise.park_id,
            User.session_version,
            Park.timezone,
            User.park_id,
            Department.region_id,
        )
    )


def _bound(query: Any) -> Any:
    """Join what a user is bound to: its department, its driver record, and its (carrier) enterprise."""
    return (
        query.outerjoin(Department, col(Department.id) == User.department_id)
        .outerjoin(Driver, col(Driver.id) == User.driver_id)
        .outerjoin(Enterprise, col(Enterprise.id) == func.coalesce(User.enterprise_id, Driver.carrier_id))
        .outerjoin(Park, col(Park.id) == _park_of_user())
    )


def _park_of_user() -> Any:
    """The park a user is bound to, in a query built with _bound (None for a region's regulators)."""
    return func.coalesce(Department.park_id, Enterprise.park_id, User.park_id)


def _actor(connection: Any, row: Any) -> Actor:
    (user_id, username, display_name, role, _active, department_id, enterprise_id, driver_id, locale,
     department_kind, department_park, carrier_id, enterprise_park) = row[:13]  # fmt: skip
    enterprise_ids = {i for i in (enterprise_id, carrier_id) if i is not None}
    # By position: the row holds three park_id columns (department's, enterprise's, the user's own).
    user_park, region_id = row[15], row[16]
    park_id = department_park if department_id is not None else (enterprise_park or user_park)
    if park_id is not None:
        park_ids: frozenset[int] | None = frozenset({park_id})
    elif region_id is not None:
        park_ids = frozenset(connection.execute(_region_parks(), {"region_id": region_id}).scalars())
    else:
        park_ids = None
    park_enterprise_ids = None
    if park_ids is not None and role in (Role.PARK_ADMIN, Role.REGULATOR):
        park_enterprise_ids = _enterprises_of(connection, park_ids)
    return Actor(
        user_id=user_id or 0,
        username=username,
        display_name=display_name or username,
        role=role,
        park_id=park_id,
        region_id=region_id,
        park_ids=park_ids,
        park_enterprise_ids=park_enterprise_ids,
        department_id=department_id,
        department_kind=department_kind,
        enterprise_id=enterprise_id,
        driver_id=driver_id,
        locale=locale,
        enterprise_ids=frozenset(enterprise_ids),
        session_version=row.session_version,
        timezone=row.timezone or clock.DEFAULT_ZONE,
    )


def build_actor(session: Session, user: User) -> Actor:
    """Resolve a user's bindings (department, enterprise, driver's carrier) into an Actor."""
    return _actor(session.connection(), session.exec(_actor_query().where(User.id == user.id)).one())


def _enterprises_of(connection: Any, park_ids: frozenset[int]) -> frozenset[int] | None:
    """The enterprises of some parks, or None when those are every park (a one-park deployment or a
    province's regulator over the whole province): no limit then, and no id list to carry."""
    params = {"park_ids": sorted(park_ids) or [-1]}
    if connection.execute(_other_parks(), params).first() is None:
        return None
    return frozenset(connection.execute(_park_enterprises(), params).scalars())


@functools.cache
def _other_parks():
    return select(Park.id).where(col(Park.id).not_in(bindparam("park_ids", expanding=True))).limit(1)


@functools.cache
def _park_enterprises():
    return select(Enterprise.id).where(col(Enterprise.park_id).in_(bindparam("park_ids", expanding=True)))


@functools.cache
def _region_parks():
    # A region's parks: those placed in it, and those of the cities within it (a province).
    cities = select(Region.id).where(Region.parent_id == bindparam("region_id"))
    return select(Park.id).where(
        or_(Park.region_id == bindparam("region_id"), col(Park.region_id).in_(cities))
    )


@functools.cache
def _by_user_id():
    return _actor_query().where(User.id == bindparam("user_id"))


@functools.cache
def _by_token():
    return (
        _actor_query()
        .add_columns(ApiToken.expires_at)
        .join(ApiToken, col(ApiToken.user_id) == User.id)
        .where(ApiToken.token_hash == bindparam("token_hash"))
    )


def actor_for_user_id(*, session: Session, user_id: int, session_version: int | None = None) -> Actor | None:
    """Return the Actor of an active user, or None (the session cookie then stops working).

    A login's session passes the version it was signed with: once the account's version moved on
    (logout, password change, deactivation) that session is over. None skips the check (lookups).
    """
    # Executed as plain SQL on the session's connection: every page pays for this lookup, and the
    # version check rides on it rather than adding a statement.
    connection = session.connection()
    row = connection.execute(_by_user_id(), {"user_id": user_id}).first()
    if row is None or not row.active:
        return None
    if session_version is not None and row.session_version != session_version:
        return None
    return _actor(connection, row)


@dataclass(frozen=True)
class LoginThrottle:
    """Failed logins one address may make within the window: for one account, and in all."""

    per_account: int = 5
    per_address: int = 30
    window_minutes: int = 15
    # Failures are kept this long for security review, then dropped so the table cannot grow forever.
    retention_days: int = 90


def authenticate(
    *,
    session: Session,
    username: str,
    password: str,
    remote_addr: str = "",
    throttle: LoginThrottle | None = None,
) -> Actor:
    """Check a username and password; raise NotAuthenticated with one message for every failure.

    An address that failed too often lately is refused before the password is even looked at
    (TooManyAttempts), so guessing is slowed to a few tries per window; each failure is recorded.
    """
    throttle = throttle or LoginThrottle()
    name = (username or "").strip()
    _check_throttle(session, name, remote_addr, throttle)
    user = session.exec(select(User).where(User.username == name)).first()
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
    elif check_password_hash(user.password_hash, password or "") and user.active:
        return build_actor(session, user)
    _record_failure(session, name, remote_addr, throttle)
    raise NotAuthenticated(msg.LOGIN_FAILED)


def _check_throttle(session: Session, name: str, remote_addr: str, throttle: LoginThrottle) -> None:
    now = clock.now()
    recent = session.exec(
        select(LoginFailure.username, LoginFailure.at)
        .where(
            LoginFailure.remote_addr == remote_addr,
            LoginFailure.at >= now - timedelta(minutes=throttle.window_minutes),
        )
        .order_by(col(LoginFailure.at))
    ).all()
    mine = [at for who, at in recent if who == name]
    for failures, limit in ((mine, throttle.per_account), ([at for _, at in recent], throttle.per_address)):
        if len(failures) >= limit:
            # Free again once the oldest failure that counts towards the limit leaves the window.
            free_at = failures[len(failures) - limit] + timedelta(minutes=throttle.window_minutes)
            wait = max(1, int((free_at - now).total_seconds()) + 1)
            raise TooManyAttempts(
                msg.TOO_MANY_ATTEMPTS(seconds=wait),
                retry_after=wait,
                details=[{"retry_after": wait}],
            )


@bookkeeping("a failed login feeds the throttle; it changes no record")
def _record_failure(session: Session, name: str, remote_addr: str, throttle: LoginThrottle) -> None:
    """Record one failure, and drop those past retention in the same write (an index range, cheap)."""
    now = clock.now()
    session.connection().execute(
        delete(LoginFailure).where(col(LoginFailure.at) < now - timedelta(days=throttle.retention_days))
    )
    session.add(LoginFailure(username=name[:60], remote_addr=remote_addr[:45], at=now))


def _validate_binding(
    session: Session, role: str, department_id: int | None, enterprise_id: int | None, driver_id: int | None
) -> None:
    try:
        role_value = Role(role)
    except ValueError:
        raise InvalidInput(msg.UNKNOWN_ROLE, role=role, details=[{"field": "role"}]) from None
    needs = {
        Role.PARK_ADMIN: None,
        Role.REGULATOR: ("department_id", department_id, Department),
        Role.EHS_OFFICER: ("enterprise_id", enterprise_id, Enterprise),
        Role.RECEIVER_OPERATOR: ("enterprise_id", enterprise_id, Enterprise),
        Role.DRIVER: ("driver_id", driver_id, Driver),
        Role.CARRIER_DISPATCHER: ("enterprise_id", enterprise_id, Enterprise),
    }[role_value]
    if needs is not None and needs[1] is None:
        raise InvalidInput(msg.ROLE_NEEDS, role=role, field=needs[0], details=[{"field": needs[0]}])
    # Every binding given must exist, the role's own or not: an unknown one would fail the foreign key.
    for field_name, value, model in (
        ("department_id", department_id, Department),
        ("enterprise_id", enterprise_id, Enterprise),
        ("driver_id", driver_id, Driver),
    ):
        if value is not None and session.get(model, value) is None:
            raise InvalidInput(
                msg.BINDING_MISSING, field=field_name, value=value, details=[{"field": field_name}]
            )
    if role_value is Role.CARRIER_DISPATCHER:
        carrier = session.get(Enterprise, enterprise_id)
        if EnterpriseRole.CARRIER not in (carrier.roles or []):
            raise InvalidInput(
                msg.DISPATCHER_NEEDS_CARRIER,
                enterprise=carrier.name,
                details=[{"field": "enterprise_id"}],
            )


def _admin_park(session: Session, actor: Actor | None, role: str, park_id: int | None) -> int | None:
    """The park an administrator account runs: the one given, else the installation's only park.

    An administrator creates administrators of its own park only; other roles take their park from
    what they are bound to, so none is kept for them."""
    if role != Role.PARK_ADMIN:
        return None
    if park_id is None and actor is not None:
        park_id = actor.park_id
    if park_id is None:
        parks = session.exec(select(Park.id).limit(2)).all()
        if len(parks) > 1:
            raise InvalidInput(msg.ROLE_NEEDS, role=role, field="park_id", details=[{"field": "park_id"}])
        if not parks:
            return None  # an installation's first administrator, before any park exists: bound to none
        park_id = parks[0]
    foreign = actor is not None and actor.park_id is not None and park_id != actor.park_id
    if foreign or session.get(Park, park_id) is None:
        field = "park_id"
        raise InvalidInput(msg.BINDING_MISSING, field=field, value=park_id, details=[{"field": field}])
    return park_id


@use_case("user.create")
def create_user(
    *,
    session: Session,
    actor: Actor | None,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    department_id: int | None = None,
    enterprise_id: int | None = None,
    driver_id: int | None = None,
    park_id: int | None = None,
    locale: str = "",
) -> User:
    """Create an account (by an administrator, or by the CLI when actor is None)."""
    if actor is not None:
        require_admin(actor, msg.CREATE_ACCOUNTS)
    username = (username or "").strip()
    if not username or len(username) > 60:
        raise InvalidInput(msg.USERNAME_REQUIRED, details=[{"field": "username"}])
    _check_password(password)
    _validate_binding(session, role, department_id, enterprise_id, driver_id)
    park_id = _admin_park(session, actor, role, park_id)
    if session.exec(select(User.id).where(User.username == username)).first() is not None:
        raise Conflict(msg.USERNAME_TAKEN, username=username, details=[{"field": "username"}])
    user = User(
        username=username,
        password_hash=generate_password_hash(password),
        display_name=display_name,
        role=role,
        department_id=department_id,
        enterprise_id=enterprise_id,
        driver_id=driver_id,
        park_id=park_id,
        locale=locale,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="user.create",
        entity="user",
        entity_id=user.id,
        after={"username": username, "role": role},
    )
    return user


@use_case("token.issue")
def issue_token(*, session: Session, actor: Actor, ttl_hours: int) -> tuple[str, datetime]:
    """Issue a bearer token for the actor; only its digest is stored."""
    token = secrets.token_urlsafe(32)
    issued = clock.now()
    expires = issued + timedelta(hours=ttl_hours)
    row = ApiToken(user_id=actor.user_id, token_hash=_digest(token), created_at=issued, expires_at=expires)
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="token.issue",
        entity="api_token",
        entity_id=row.id,
        after={"user_id": actor.user_id, "expires_at": expires.isoformat()},
    )
    return token, expires


def actor_for_token(*, session: Session, token: str) -> Actor:
    """Return the actor of a valid, unexpired token, else raise NotAuthenticated."""
    connection = session.connection()
    row = connection.execute(_by_token(), {"token_hash": _digest(token)}).first()
    if row is None or row.expires_at < clock.now() or not row.active:
        raise NotAuthenticated(msg.TOKEN_INVALID)
    return _actor(connection, row)


@use_case("token.revoke")
def revoke_token(*, session: Session, token: str) -> None:
    """Delete a token so it stops working at once."""
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == _digest(token))).first()
    if row is None:
        raise NotFound(msg.TOKEN_NOT_FOUND)
    owner = actor_for_user_id(session=session, user_id=row.user_id)
    audit.record(
        session,
        actor=owner,
        action="token.revoke",
        entity="api_token",
        entity_id=row.id,
        before={"user_id": row.user_id, "expires_at": row.expires_at.isoformat()},
    )
    session.delete(row)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- Ending sessions, passwords, deactivation ------------------------------------------------------


def _account(session: Session, user_id: int) -> tuple[User, int | None]:
    """An account and the park it is bound to (None for unbound accounts such as administrators)."""
    row = session.exec(_bound(select(User, _park_of_user())).where(User.id == user_id)).first()
    if row is None:
        raise NotFound(msg.USER_NOT_FOUND, user=user_id)
    return row[0], row[1]


def user_id_for(*, session: Session, username: str) -> int:
    """The id of the account with this username, else NotFound (the command line names accounts)."""
    found = session.exec(select(User.id).where(User.username == (username or "").strip())).first()
    if found is None:
        raise NotFound(msg.USER_NOT_FOUND, user=username, details=[{"field": "username"}])
    return found


def _bump_session_version(session: Session, user: User) -> int:
    """Move the account's session version on, so every session signed with an older one ends."""
    # Incremented in SQL so two concurrent bumps both count.
    session.connection().execute(
        update(User).where(col(User.id) == user.id).values(session_version=User.session_version + 1)
    )
    session.refresh(user)
    return user.session_version


def _revoke_all_tokens(session: Session, user_id: int) -> int:
    """Delete every bearer token of an account; returns how many there were."""
    result = session.connection().execute(delete(ApiToken).where(col(ApiToken.user_id) == user_id))
    return result.rowcount or 0


@use_case("user.logout")
def end_sessions(*, session: Session, actor: Actor) -> None:
    """Log the actor out everywhere: every session of the account ends, here and on other devices."""
    user, _park = _account(session, actor.user_id)
    version = _bump_session_version(session, user)
    audit.record(
        session,
        actor=actor,
        action="user.logout",
        entity="user",
        entity_id=user.id,
        after={"session_version": version},
    )


def _check_password(password: str) -> None:
    """Refuse a password shorter than the minimum (the one rule for new and changed passwords)."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise InvalidInput(msg.PASSWORD_TOO_SHORT, count=MIN_PASSWORD_LENGTH, details=[{"field": "password"}])


def _replace_password(session: Session, actor: Actor | None, user: User, password: str) -> int:
    """Store the new password, end every session and revoke every token; returns the new version."""
    _check_password(password)
    user.password_hash = generate_password_hash(password)
    session.add(user)
    session.flush()
    version = _bump_session_version(session, user)
    revoked = _revoke_all_tokens(session, user.id)
    audit.record(
        session,
        actor=actor,
        action="user.password",
        entity="user",
        entity_id=user.id,
        after={"session_version": version, "tokens_revoked": revoked},
    )
    return version


@use_case("user.password")
def change_password(*, session: Session, actor: Actor, current_password: str, new_password: str) -> int:
    """Change the actor's own password (the current one proves it is them); returns the session version.

    Every other session and every token of the account end; the caller may keep its own session by
    storing the returned version.
    """
    user, _park = _account(session, actor.user_id)
    if not check_password_hash(user.password_hash, current_password or ""):
        raise InvalidInput(msg.CURRENT_PASSWORD_WRONG, details=[{"field": "current_password"}])
    return _replace_password(session, actor, user, new_password)


@use_case("user.password")
def set_password(*, session: Session, actor: Actor | None, user_id: int, password: str) -> None:
    """Set an account's password (an administrator of its park, or the CLI when actor is None)."""
    user, park = _account(session, user_id)
    if actor is not None:
        require_account_manager(actor, user_id, park, msg.SET_PASSWORDS)
    _replace_password(session, actor, user, password)


@use_case("user.deactivate")
def deactivate_user(*, session: Session, actor: Actor | None, user_id: int) -> User:
    """Deactivate an account: it can no longer log in, and its sessions and tokens end at once."""
    user, park = _account(session, user_id)
    if actor is not None:
        require_account_manager(actor, user_id, park, msg.DEACTIVATE_ACCOUNTS)
    if not user.active:
        return user
    user.active = False
    session.add(user)
    session.flush()
    version = _bump_session_version(session, user)
    revoked = _revoke_all_tokens(session, user.id)
    audit.record(
        session,
        actor=actor,
        action="user.deactivate",
        entity="user",
        entity_id=user.id,
        before={"active": True},
        after={"active": False, "session_version": version, "tokens_revoked": revoked},
    )
    return user


# --- Listing and revoking tokens --------------------------------------------------------------------


@dataclass(frozen=True)
class TokenInfo:
    """A bearer token as its owner and administrators see it: never the secret nor its digest."""

    id: int
    user_id: int
    username: str
    created_at: datetime
    expires_at: datetime
    active: bool


def _token_query():
    park = _park_of_user()
    columns = (ApiToken.id, ApiToken.user_id, User.username, ApiToken.created_at, ApiToken.expires_at)
    query = _bound(
        select(*columns, User.active, park.label("park_id")).join(User, col(User.id) == ApiToken.user_id)
    )
    return query, park


def _token_info(row: Any, now: datetime) -> TokenInfo:
    return TokenInfo(
        id=row.id,
        user_id=row.user_id,
        username=row.username,
        created_at=row.created_at,
        expires_at=row.expires_at,
        active=bool(row.active) and row.expires_at >= now,
    )


def list_tokens(
    *, session: Session, actor: Actor, after: int | None = None, limit: int = 50
) -> tuple[list[TokenInfo], int | None]:
    """The tokens the actor manages (its own; an administrator's whole park), by id, keyset-paged.

    Returns the page and the id to continue after (None on the last page).
    """
    query, park = _token_query()
    only_user, only_park = managed_accounts(actor)
    if only_user is not None:
        query = query.where(col(ApiToken.user_id) == only_user)
    if only_park is not None:
        query = query.where((park == only_park) | (col(ApiToken.user_id) == actor.user_id))
    if after is not None:
        query = query.where(col(ApiToken.id) > after)
    rows = session.exec(query.order_by(col(ApiToken.id)).limit(limit + 1)).all()
    now = clock.now()
    items = [_token_info(r, now) for r in rows[:limit]]
    return items, (items[-1].id if len(rows) > limit else None)


@use_case("token.revoke")
def revoke_token_id(*, session: Session, actor: Actor, token_id: int) -> None:
    """Revoke one token by id: its owner, or an administrator of the owner's park (others: NotFound)."""
    query, _park = _token_query()
    row = session.exec(query.where(col(ApiToken.id) == token_id)).first()
    # A token the actor may not manage is reported as not found, so ids cannot be probed.
    if row is None or not may_manage_account(actor, row.user_id, row.park_id):
        raise NotFound(msg.TOKEN_ID_NOT_FOUND, token_id=token_id)
    audit.record(
        session,
        actor=actor,
        action="token.revoke",
        entity="api_token",
        entity_id=row.id,
        before={"user_id": row.user_id, "expires_at": row.expires_at.isoformat()},
    )
    session.connection().execute(delete(ApiToken).where(col(ApiToken.id) == token_id))
