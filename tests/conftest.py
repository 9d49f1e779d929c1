"""Test fixtures: one real database per run (SQLite file, or PostgreSQL from
HAZCHEM_TEST_DATABASE_URL), migrated with Alembic, emptied after every test."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

import hazchem.models  # noqa: F401
from hazchem.db import make_engine
from hazchem.migrate import upgrade

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def pytest_report_header(config: pytest.Config) -> str:
    """Say which database the run uses."""
    url = os.environ.get("HAZCHEM_TEST_DATABASE_URL", "sqlite (temporary file)")
    return f"hazchem test database: {re.sub(r'//[^@/]*@', '//***@', url)}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The test database's URL, freshly migrated to head."""
    url = os.environ.get("HAZCHEM_TEST_DATABASE_URL")
    if not url:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'hazchem-test.sqlite3'}"
    else:
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    """One engine for the run."""
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


def wipe(engine: Engine) -> None:
    """Empty every table so each test starts from an empty (but migrated) database."""
    tables = [t.name for t in reversed(SQLModel.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(
                text(
                    f"TRUNCATE {', '.join(f'{chr(34)}{t}{chr(34)}' for t in tables)} RESTART IDENTITY CASCADE"
                )
            )
        else:
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))


@pytest.fixture
def db(engine: Engine) -> Iterator[Engine]:
    """The engine, with the database emptied after the test."""
    yield engine
    wipe(engine)


@pytest.fixture
def session(db: Engine) -> Iterator[Session]:
    """A session on the emptied-after-use test database."""
    with Session(db, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def app(db: Engine, database_url: str, tmp_path: Path):
    """The Flask app on the test database, CSRF on as in production."""
    from hazchem import create_app

    application = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key",
            "TESTING": True,
            "LABELS_DIR": str(tmp_path / "labels"),
        }
    )
    yield application
    application.extensions["hazchem.engine"].dispose()


@pytest.fixture
def client(app):
    """A test client of the app."""
    return app.test_client()
