"""Guards on the layering: the domain is pure, only entry points import Flask, services have no cycle."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "hazchem"
# i18n.py is the edge where web, API and CLI say message codes in the reader's language.
ENTRY_POINTS = {"web", "api", "cli.py", "appctx.py", "i18n.py", "__init__.py"}
FRAMEWORKS = {"flask", "flask_login", "flask_wtf", "flask_babel", "werkzeug", "spectree"}
DATABASE = {"sqlalchemy", "sqlmodel", "alembic", "psycopg"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


@pytest.mark.parametrize("path", modules("domain"), ids=lambda p: p.name)
def test_domain_imports_no_framework_or_database(path):
    bad = imported_roots(path) & (FRAMEWORKS | DATABASE)
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", modules("domain"), ids=lambda p: p.name)
def test_domain_imports_only_stdlib_and_itself(path):
    import sys

    allowed = set(sys.stdlib_module_names) | {"hazchem", "__future__"}
    assert imported_roots(path) <= allowed


@pytest.mark.parametrize(
    "path",
    [p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] not in ENTRY_POINTS],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_only_entry_points_import_flask(path):
    # werkzeug.security (password hashing) is a library, not the web framework.
    roots = imported_roots(path) - {"werkzeug"}
    assert not roots & (FRAMEWORKS - {"werkzeug"}), f"{path} imports a web framework"


def test_guard_sees_a_violation(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text("from flask import request\nimport sqlalchemy.orm\n")
    assert imported_roots(sample) == {"flask", "sqlalchemy"}


def service_imports() -> dict[str, set[str]]:
    """Each services module's imports of other services modules, function-level ones included."""
    root = PACKAGE / "services"
    names = {".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts) for p in root.rglob("*.py")}
    names = {n.removesuffix(".__init__") for n in names}
    graph: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    targets.add(full if full in names else node.module)
            elif isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
        graph[name] = {t for t in targets if t in names and t != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle in the import graph, as the list of modules along it, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_services_import_no_cycle():
    # A package's __init__ re-exports its modules, so a module importing its own package's facade
    # is a cycle too; siblings import each other by module path.
    cycle = find_cycle(service_imports())
    assert cycle is None, " -> ".join(cycle)


def test_cycle_finder_sees_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_services_module_is_oversized():
    sizes = {p: len(p.read_text(encoding="utf-8").splitlines()) for p in (PACKAGE / "services").rglob("*.py")}
    assert not {p.name: n for p, n in sizes.items() if n > 650}
