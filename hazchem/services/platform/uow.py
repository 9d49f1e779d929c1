"""The unit of work: the one place a write transaction opens, gets its audit events and commits."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from hazchem.db import begin_write
from hazchem.models import Event
from hazchem.services.platform.access import require_park_writer
from hazchem.services.platform.chain import write_chained

P = ParamSpec("P")
R = TypeVar("R")

SESSION_KEY = "hazchem_uow"
_WRITE_RE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|WITH\b.*\b(INSERT|UPDATE|DELETE)\b)", re.I | re.S)


class UnauditedWrite(RuntimeError):
    """A use case changed data without recording a declared audit event: a programming error."""


@dataclass(frozen=True)
class UseCaseSpec:
    """A registered writer: its qualified name and the audit actions it declares ('x.*' is a prefix)."""

    name: str
    actions: tuple[str, ...]
    reason: str = ""

    @property
    def audited(self) -> bool:
        """Whether its writes must carry an audit event (bookkeeping writes declare a reason instead)."""
        return not self.reason

    def declares(self, action: str) -> bool:
        """Whether `action` is one of the declared actions."""
        return any(
            action == declared or (declared.endswith(".*") and action.startswith(declared[:-1]))
            for declared in self.actions
        )


# Every use case and bookkeeping writer, by qualified name; filled as the services modules load.
REGISTRY: dict[str, UseCaseSpec] = {}


@dataclass
class UnitOfWork:
    """One write transaction in progress: what it declares, the events it collected, whether it wrote."""

    session: Session
    spec: UseCaseSpec
    # The info dict of the database connection in use, which marks it as this unit of work's.
    connection_info: dict[str, Any] | None = None
    events: list[Event] = field(default_factory=list)
    wrote: bool = False
    joined: list[UseCaseSpec] = field(default_factory=list)

    def declares(self, action: str) -> bool:
        """Whether this use case, or one it called, declared `action`."""
        return any(spec.declares(action) for spec in (self.spec, *self.joined))

    @property
    def audited(self) -> bool:
        """Whether a write here needs an audit event."""
        return all(spec.audited for spec in (self.spec, *self.joined))


def current(session: Session) -> UnitOfWork | None:
    """The unit of work open on this session, if any."""
    return session.info.get(SESSION_KEY)


@event.listens_for(Engine, "after_cursor_execute")
def _note_write(conn: Any, _cursor: Any, statement: str, _params: Any, context: Any, _many: bool) -> None:
    # Plain connection.execute() bypasses the ORM, so writes are noticed where every statement passes.
    uow = conn.info.get(SESSION_KEY)
    if uow is None or uow.wrote:
        return
    if (
        context is not None and (context.isinsert or context.isupdate or context.isdelete)
    ) or _WRITE_RE.match(statement):
        uow.wrote = True


@contextmanager
def unit_of_work(session: Session, spec: UseCaseSpec) -> Iterator[UnitOfWork]:
    """Open the write transaction, collect audit events, and commit them with the change or roll all back.

    A use case called from another joins the caller's unit of work: one transaction, one commit.
    """
    outer = current(session)
    if outer is not None:
        outer.joined.append(spec)
        yield outer
        return
    uow = UnitOfWork(session, spec)
    session.info[SESSION_KEY] = uow
    try:
        _open(uow)
        yield uow
        session.flush()
        _check(uow)
        _write_events(uow)
        _detach(uow)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info.pop(SESSION_KEY, None)
        _detach(uow)


def _open(uow: UnitOfWork) -> None:
    begin_write(uow.session)
    uow.connection_info = uow.session.connection().info
    uow.connection_info[SESSION_KEY] = uow


def _detach(uow: UnitOfWork) -> None:
    if uow.connection_info is not None:
        uow.connection_info.pop(SESSION_KEY, None)
        uow.connection_info = None


def discard(session: Session) -> None:
    """Drop what the current use case changed so far, because it decided to change nothing after all."""
    uow = current(session)
    if uow is None:
        session.rollback()
        return
    _detach(uow)
    session.rollback()
    uow.events.clear()
    uow.wrote = False
    _open(uow)


@contextmanager
def apart(session: Session, spec: UseCaseSpec) -> Iterator[UnitOfWork]:
    """Drop the current use case's changes and commit a write of its own that must outlast its refusal."""
    outer = session.info.pop(SESSION_KEY, None)
    if outer is not None:
        _detach(outer)
        outer.events.clear()
        outer.wrote = False
    session.rollback()
    try:
        with unit_of_work(session, spec) as work:
            yield work
    finally:
        if outer is not None:
            session.info[SESSION_KEY] = outer


def _check(uow: UnitOfWork) -> None:
    undeclared = sorted({e.action for e in uow.events if not uow.declares(e.action)})
    if undeclared:
        raise UnauditedWrite(f"{uow.spec.name} recorded undeclared audit actions {undeclared}")
    if uow.wrote and uow.audited and not uow.events:
        raise UnauditedWrite(f"{uow.spec.name} changed data without recording an audit event")


def _write_events(uow: UnitOfWork) -> None:
    write_chained(uow.session, uow.events)


def _register(func: Callable[..., Any], spec_for: Callable[[str], UseCaseSpec]) -> UseCaseSpec:
    spec = spec_for(f"{func.__module__}.{func.__qualname__}")
    REGISTRY[spec.name] = spec
    return spec


def _wrap(func: Callable[P, R], spec: UseCaseSpec, *, detached: bool = False) -> Callable[P, R]:
    run_in = apart if detached else unit_of_work

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if spec.audited:
            require_park_writer(kwargs.get("actor"), spec.actions)
        session = kwargs.get("session")
        if session is None:
            session = next(a for a in args if isinstance(a, Session))
        with run_in(session, spec):
            return func(*args, **kwargs)

    wrapper.__use_case__ = spec  # type: ignore[attr-defined]
    return wrapper


def use_case(*actions: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Declare a service that writes, with the audit actions it records; it runs in one unit of work."""
    if not actions or not all(isinstance(a, str) and a for a in actions):
        raise TypeError("a use case declares the audit actions it records")

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        return _wrap(func, _register(func, lambda name: UseCaseSpec(name, tuple(actions))))

    return decorate


def bookkeeping(reason: str, *, detached: bool = False) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Declare a write that changes no record a user acts on (keys, throttles), so it needs no audit event.

    A detached one drops the changes of the use case it is called from and commits on its own.
    """
    if not reason:
        raise TypeError("a bookkeeping write says why it needs no audit event")

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        return _wrap(func, _register(func, lambda name: UseCaseSpec(name, (), reason)), detached=detached)

    return decorate


def registered(func: Callable[..., Any]) -> UseCaseSpec | None:
    """The declaration of a decorated function, or None."""
    return getattr(func, "__use_case__", None)
