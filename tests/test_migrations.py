"""Alembic owns the schema: head builds it, and the models have no pending difference."""

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
