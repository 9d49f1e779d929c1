"""Every service that writes runs in a unit of work declared with the audit actions it records."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from dataclasses import dataclass, field
from pathlib import Path

import hazchem.services
from hazchem.services.platform.uow import REGISTRY, registered

PACKAGE = Path(__file__).resolve().parents[2] / "hazchem"
ACTION_RE = re.compile(r"[a-z_]+\.(\*|[a-z_]+)")
SESSION_WRITES = {"add", "add_all", "delete", "merge"}
STATEMENT_WRITES = {"insert", "update", "delete", "pg_insert", "sqlite_insert"}
DECLARATIONS = {"use_case", "bookkeeping"}
# The unit of work's own writer: it chains the collected events into the use case's transaction.
EVENT_WRITER = "hazchem.services.platform.chain.write_chained"
# The monthly roll-ups' writer: it adds the committing transaction's changes to the figures, inside it.
ROLLUP_WRITER = "hazchem.services.oversight.rollups._before_commit"


def import_all_services() -> list[str]:
    """Import every services module, so each use case has registered itself."""
    names = [
        info.name for info in pkgutil.walk_packages(hazchem.services.__path__, prefix="hazchem.services.")
    ]
    for name in names:
        importlib.import_module(name)
    return names


@dataclass
class Function:
    """One function of a module, as the walk sees it."""

    module: str
    name: str
    declared: bool
    writes: bool
    references: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        return f"{self.module}.{self.name}"


def _decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute):
        return target.attr
    return target.id if isinstance(target, ast.Name) else ""


def _writes(node: ast.AST) -> bool:
    """Whether a function body adds, deletes or merges rows, or builds an INSERT, UPDATE or DELETE."""
    for call in ast.walk(node):
        if not isinstance(call, ast.Call):
            continue
        func = call.func
        if isinstance(func, ast.Name) and func.id in STATEMENT_WRITES:
            return True
        if isinstance(func, ast.Attribute):
            receiver = func.value
            if (
                func.attr in SESSION_WRITES
                and isinstance(receiver, ast.Name)
                and receiver.id in ("session", "s", "work")
            ):
                return True
            if func.attr == "insert":
                return True
    return False


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def _names(node: ast.AST) -> set[str]:
    """The names a piece of code calls, or hands on as a callable argument."""
    found = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            passed = [*sub.args, *(k.value for k in sub.keywords)]
            found.update(n for n in map(_name, [sub.func, *passed]) if n)
    return found


def functions_of(module: str, source: str) -> tuple[list[Function], set[str]]:
    """The module's functions (methods included) and the names its module-level code refers to."""
    tree = ast.parse(source)
    found: list[Function] = []
    top_level: set[str] = set()

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                declared = any(_decorator_name(d) in DECLARATIONS for d in node.decorator_list)
                found.append(Function(module, prefix + node.name, declared, _writes(node), _names(node)))
            elif isinstance(node, ast.ClassDef):
                visit(node.body, f"{prefix}{node.name}.")
            elif not prefix:
                top_level.update(_names(node))

    visit(tree.body, "")
    return found, top_level


def undeclared_writers(sources: dict[str, str], services: set[str]) -> list[str]:
    """Writers in services that are neither declared nor helpers reached only from declared writers.

    A helper's callers are found by name in every module (entry points too); a private name only
    in its own module. A name used at module level, or by an entry point, needs a declaration.
    """
    functions: list[Function] = []
    module_refs: dict[str, set[str]] = {}
    for module, source in sources.items():
        found, top_level = functions_of(module, source)
        functions.extend(found)
        module_refs[module] = top_level
    by_key = {f.key: f for f in functions}

    def callers(target: Function) -> tuple[list[Function], bool]:
        short = target.name.rsplit(".", 1)[-1]
        private = short.startswith("_")
        hits = [
            f
            for f in functions
            if f is not target and short in f.references and (not private or f.module == target.module)
        ]
        elsewhere = any(
            short in refs and (not private or module == target.module) for module, refs in module_refs.items()
        )
        return hits, elsewhere

    # A function that calls an undeclared writer writes too; a declared one is its own unit of work.
    exempt = (EVENT_WRITER, ROLLUP_WRITER)
    writers = {f.key for f in functions if f.writes and f.module in services and f.key not in exempt}
    changed = True
    while changed:
        changed = False
        for key in list(writers):
            if by_key[key].declared:
                continue
            for caller in callers(by_key[key])[0]:
                if caller.key not in writers:
                    writers.add(caller.key)
                    changed = True
    problems = []
    for key in sorted(writers):
        function = by_key[key]
        if function.declared or key in exempt:
            continue
        hits, elsewhere = callers(function)
        if function.module not in services:
            problems.append(f"{key} (outside the services) calls a writing helper; call a use case instead")
        elif not hits or elsewhere:
            problems.append(f"{key} writes but is not declared with @use_case or @bookkeeping")
    return problems


def hazchem_sources() -> tuple[dict[str, str], set[str]]:
    sources = {}
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        sources[module] = path.read_text(encoding="utf-8")
    services = {m for m in sources if m.startswith("hazchem.services.") and not m.endswith("__init__")}
    return sources, services


def test_every_registered_use_case_declares_its_audit_actions():
    import_all_services()
    ours = {name: spec for name, spec in REGISTRY.items() if name.startswith("hazchem.")}
    assert len(ours) > 40
    for name, spec in ours.items():
        if spec.audited:
            assert spec.actions, f"{name} declares no audit action"
            bad = [a for a in spec.actions if not ACTION_RE.fullmatch(a)]
            assert not bad, f"{name} declares malformed actions {bad}"
        else:
            assert spec.reason.strip(), f"{name} is bookkeeping without saying why"
        module, _, qualname = name.rpartition(".")
        target = importlib.import_module(module)
        for part in qualname.split("."):
            target = getattr(target, part)
        assert registered(target) is spec, f"{name} is registered but not reachable as declared"


def test_token_and_account_writes_are_audited():
    import_all_services()
    for name in ("issue_token", "revoke_token", "create_user"):
        spec = REGISTRY[f"hazchem.services.platform.auth.{name}"]
        assert spec.audited and spec.actions


def test_every_writing_service_is_a_declared_use_case_or_only_its_helper():
    sources, services = hazchem_sources()
    assert undeclared_writers(sources, services) == []


def test_walk_sees_an_undeclared_writer():
    sources = {
        "hazchem.services.x.good": (
            "@use_case('thing.create')\n"
            "def create(*, session):\n    _add(session)\n\n"
            "def _add(session):\n    session.add(object())\n"
        ),
        "hazchem.services.x.bad": (
            "def rename(*, session):\n    session.add(object())\n\n"
            "def bump(session):\n    session.connection().execute(update(T).values(n=1))\n\n"
            "def caller(*, session):\n    bump(session)\n"
        ),
        "hazchem.web.pages": "def page(session):\n    create(session=session)\n",
    }
    problems = undeclared_writers(sources, {"hazchem.services.x.good", "hazchem.services.x.bad"})
    assert problems == [
        "hazchem.services.x.bad.caller writes but is not declared with @use_case or @bookkeeping",
        "hazchem.services.x.bad.rename writes but is not declared with @use_case or @bookkeeping",
    ]
