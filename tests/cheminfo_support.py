"""Helpers shared by the park catalogue, information centre and grading tests."""

from __future__ import annotations

from sqlmodel import Session

from hazchem.models import Chemical, User
from hazchem.services.platform import Actor, auth
from tests.conftest import _password_hash


def add_user(session: Session, registry, username: str, department_kind: str) -> Actor:
    """A regulator of the registry park's department of this kind (police, park committee…)."""
    user = User(
        username=username,
        password_hash=_password_hash(),
        role="regulator",
        department_id=registry.departments[department_kind].id,
    )
    session.add(user)
    session.commit()
    actor = auth.build_actor(session, user)
    session.rollback()
    return actor


def add_chemicals(session: Session) -> dict[str, Chemical]:
    """Three national catalogue entries: 氯 (剧毒), 硝酸 (易制爆) and 甲醇 (neither)."""
    rows = {
        "chlorine": Chemical(
            edition="2015",
            serial=1381,
            name="氯",
            aliases=["液氯", "氯气"],
            cas_numbers=["7782-50-5"],
            highly_toxic=True,
            ghs_categories="加压气体；急性毒性-吸入，类别2",
            search_text="氯 液氯 氯气 7782-50-5",
        ),
        "nitric": Chemical(
            edition="2015",
            serial=2285,
            name="硝酸",
            cas_numbers=["7697-37-2"],
            explosive_precursor=True,
            search_text="硝酸 7697-37-2",
        ),
        "methanol": Chemical(
            edition="2015", serial=1022, name="甲醇", cas_numbers=["67-56-1"], search_text="甲醇 67-56-1"
        ),
    }
    session.add_all(rows.values())
    session.commit()
    return rows
