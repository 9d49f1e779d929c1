"""Column helpers shared by the table modules."""

from __future__ import annotations

from sqlalchemy import JSON, Column


def json_list() -> Column:
    """A non-null JSON column holding a list (scope modes, roles, tags…)."""
    return Column(JSON, nullable=False, default=list)
