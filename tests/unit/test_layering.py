"""Guards on the layering of DESIGN.md §5: the domain is pure, only entry points import Flask."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "hazchem"
ENTRY_POINTS = {"web", "api", "cli.py", "appctx.py", "__init__.py"}
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
