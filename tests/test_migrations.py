"""Alembic owns the schema: head builds it, and the models have no pending difference."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

from hazchem.migrate import alembic_config


def test_models_match_migrations(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == [], f"models and migrations differ; write a revision: {diff}"


def test_database_is_at_head(engine, database_url):
    script = ScriptDirectory.from_config(alembic_config(database_url))
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    assert current == script.get_current_head()
    assert len(script.get_heads()) == 1, "migrations have branched"


def test_every_model_table_exists(engine):
    tables = set(inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables


def test_guard_detects_a_difference(engine):
    from sqlalchemy import Column, Integer, MetaData, Table

    extra = MetaData()
    for table in SQLModel.metadata.tables.values():
        table.to_metadata(extra)
    Table("not_migrated", extra, Column("id", Integer, primary_key=True))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), extra)
    assert any(op[0] == "add_table" and op[1].name == "not_migrated" for op in diff)


def test_manifest_rebuild_keeps_a_populated_database_intact(tmp_path, database_url):
    """Rebuilding the manifest table for its derived category keeps every row and every reference."""
    from datetime import date

    from alembic import command
    from sqlalchemy import func, select, text

    from bench import datagen
    from hazchem.db import make_engine
    from hazchem.models import Manifest, ManifestContainer

    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL alters the table in place; only SQLite rebuilds it")
    url = f"sqlite:///{tmp_path / 'populated.sqlite3'}"
    cfg = alembic_config(url)
    command.upgrade(cfg, "head")
    engine = make_engine(url)
    world = datagen.prepare(engine, date.today())
    datagen.insert(engine, datagen.merge(datagen.Planner(world, engine).manifests(30)))
    with engine.connect() as conn:
        manifests = conn.execute(select(func.count()).select_from(Manifest)).scalar_one()
        links = conn.execute(select(func.count()).select_from(ManifestContainer)).scalar_one()
    assert links >= manifests
    command.downgrade(cfg, "b84b14ae3d4d")
    command.upgrade(cfg, "head")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Manifest)).scalar_one() == manifests == 30
        assert conn.execute(select(func.count()).select_from(ManifestContainer)).scalar_one() == links
        assert conn.execute(text("PRAGMA foreign_key_check")).fetchall() == []
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        wrong = conn.execute(
            text("SELECT count(*) FROM manifest WHERE waste_category != 'HW' || substr(waste_code, 9, 2)")
        ).scalar_one()
    assert wrong == 0
    engine.dispose()
